// Screenshots of the sample blog in headless Chromium, for people to look at: home, blog index, a
// post with Mermaid and code, an archive year, a category and the 404 page, at 1280×900 and
// 390×844, light and dark (the theme toggle's choice, as a reader would set it). Written to
// target/screenshots/ (a CI artefact, never committed). On the way it checks what a reader would
// notice: no console error, no request to a missing file, the toggle switches and is remembered
// across pages, and the dark pages really are dark.
// Usage: node screenshots.mjs  (BLOGEN=path/to/blogen, CHROMIUM=path/to/chromium to override)
// Prints "e2e: N passed, M failed" and exits 0 when nothing failed.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { serveDir } from "./serve_dir.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const BLOGEN = process.env.BLOGEN || path.join(repo, "target/release/blogen");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUT = path.join(repo, "target/screenshots");
const watchdog = setTimeout(() => { console.error("timed out"); process.exit(1); }, 240_000);

let passed = 0, failed = 0;
const check = (cond, msg) => {
  if (cond) { passed += 1; console.log(`ok - ${msg}`); }
  else { failed += 1; console.log(`not ok - ${msg}`); }
};

// The sample blog, copied so the build writes nothing into the repo.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-shots-"));
for (const p of ["mkdocs.yml", "docs", "templates"]) {
  if (fs.existsSync(path.join(repo, p))) fs.cpSync(path.join(repo, p), path.join(dir, p), { recursive: true });
}
execFileSync(BLOGEN, ["build", "-q", "--strict", "--no-cache"], { cwd: dir, stdio: "inherit" });
const site = path.join(dir, "site");
const find = (pred) => {
  const hits = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "index.html" && pred(p)) hits.push(path.relative(site, path.dirname(p)) + "/");
    }
  };
  walk(site);
  return hits.sort();
};
const mermaidPost = find((p) => /blog\/\d{4}\/\d\d\/\d\d\//.test(p) && fs.readFileSync(p, "utf8").includes('class="mermaid"'))[0];
const pages = {
  home: "",
  blog: "blog/",
  post: mermaidPost,
  archive: find((p) => p.includes("/blog/archive/"))[0],
  category: find((p) => p.includes("/blog/category/"))[0],
  notfound: "no/such/page/",
};
check(Object.values(pages).every((u) => typeof u === "string"), `the pages to shoot exist: ${JSON.stringify(pages)}`);

const { base, close } = await serveDir(site, { notFound: "404.html" });
fs.mkdirSync(OUT, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

// Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white).
const luminance = (rgb) => {
  const [r, g, b] = (rgb.match(/[\d.]+/g) || ["255", "255", "255"]).slice(0, 3).map(Number)
    .map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

try {
  const shots = [];
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    for (const scheme of ["light", "dark"]) {
      const tab = await browser.newPage();
      await tab.setViewport({ width: w, height: h });
      const errors = [], missing = [];
      let current = "";
      // The 404 page is fetched with status 404 on purpose; any other failed load is an error.
      tab.on("console", (m) => {
        if (m.type() === "error" && !(current === "notfound" && m.text().includes("404"))) errors.push(`${current}: ${m.text()}`);
      });
      tab.on("pageerror", (e) => errors.push(String(e)));
      tab.on("response", (r) => {
        const name = new URL(r.url()).pathname;
        if (r.status() >= 400 && !name.startsWith("/no/such/")) missing.push(`${r.status()} ${name}`);
      });
      // The reader's choice, as the toggle stores it; the first page sets it through the toggle.
      await tab.goto(base, { waitUntil: "networkidle0" });
      const before = await tab.evaluate(() => document.documentElement.dataset.theme);
      if (before !== scheme) {
        await tab.click(".theme-toggle");
        const after = await tab.evaluate(() => document.documentElement.dataset.theme);
        check(after === scheme, `${w}px: the toggle switches ${before} -> ${scheme}`);
      }
      for (const [name, url] of Object.entries(pages)) {
        current = name;
        await tab.goto(base + url, { waitUntil: "networkidle0" });
        if (name === "post") await tab.waitForSelector(".mermaid svg", { timeout: 20_000 }).catch(() => {});
        if (name === "post" || name === "blog") {
          // The post (or the list of posts) comes before the table of contents and the blog's lists.
          const order = await tab.evaluate(() => {
            const main = document.querySelector("article.post, .blog-layout > :first-child");
            const aside = document.querySelector(".post-aside, .blog-aside");
            return main && aside ? [main.getBoundingClientRect().top, aside.getBoundingClientRect().top] : null;
          });
          // Side by side on a desktop (same top), one after the other on a phone.
          check(order && (w > 900 ? order[0] <= order[1] : order[0] < order[1]), `${w}px ${name}: the content comes before the aside (${order})`);
        }
        const theme = await tab.evaluate(() => document.documentElement.dataset.theme);
        check(theme === scheme, `${w}px ${name}: the ${scheme} choice is remembered`);
        const bg = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const lum = luminance(bg);
        check(scheme === "dark" ? lum < 0.2 : lum > 0.6, `${w}px ${name}: the ${scheme} page background is ${scheme} (${bg})`);
        const file = path.join(OUT, `${name}-${w}x${h}-${scheme}.png`);
        await tab.screenshot({ path: file, fullPage: false });
        shots.push(path.relative(repo, file));
      }
      check(errors.length === 0, `${w}px ${scheme}: no console errors ${errors.join(" | ")}`);
      check(missing.length === 0, `${w}px ${scheme}: no request to a missing file ${missing.join(" | ")}`);
      await tab.close();
    }
  }
  console.log(`screenshots: ${shots.length} in ${path.relative(repo, OUT)}/`);
} finally {
  await browser.close();
  close();
  clearTimeout(watchdog);
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
