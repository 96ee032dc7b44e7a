// Browser test of the default theme's search, in headless Chromium, on a 1,000-post blog built
// by `blogen build` and served on a loopback port: the expected post ranks first (title over
// body, whole words over parts of words), terms are marked, the keyboard drives the list
// (arrows, Enter, Escape), the box stays on a 390 px phone screen, Mermaid source is not
// searchable, and a site opened from file:// says the index did not load.
// Usage: node search.mjs  (BLOGEN=path/to/blogen, CHROMIUM=path/to/chromium to override)
// Prints "e2e: N passed, M failed" and exits 0 when nothing failed.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const BLOGEN = process.env.BLOGEN || path.join(repo, "target/release/blogen");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const watchdog = setTimeout(() => { console.error("timed out"); process.exit(1); }, 180_000);

let passed = 0, failed = 0;
const check = (cond, msg) => {
  if (cond) { passed += 1; console.log(`ok - ${msg}`); }
  else { failed += 1; console.log(`not ok - ${msg}`); }
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-search-"));
const posts = path.join(dir, "docs/blog/posts");
fs.mkdirSync(posts, { recursive: true });
fs.writeFileSync(path.join(dir, "mkdocs.yml"),
  "site_name: Search\ntheme:\n  name: material\nplugins:\n  - blog\nmarkdown_extensions:\n"
  + "  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          class: mermaid\n"
  + "          format: !!python/name:pymdownx.superfences.fence_code_format\n");
fs.writeFileSync(path.join(dir, "docs/index.md"), "# Home\n");
fs.writeFileSync(path.join(dir, "docs/blog/index.md"), "# Blog\n");
const words = ["build", "cache", "deploy", "queue", "schema", "index", "review", "metrics", "replica", "backup"];
const post = (name, date, title, body) => fs.writeFileSync(path.join(posts, name),
  `---\ndate: ${date}\n---\n# ${title}\n\n${body}\n`);
for (let i = 0; i < 1000; i++) {
  const w = (k) => words[(i * 7 + k * 3) % words.length];
  const body = Array.from({ length: 60 }, (_, k) => w(k)).join(" ");
  // Decoys: "postgres" as part of a longer word in titles, and as a word in many bodies.
  const title = i % 50 === 0 ? `Postgresql ${w(1)} notes ${i}` : `Notes on ${w(0)} and ${w(2)} ${i}`;
  const extra = i % 10 === 0 ? " postgres downtime appears in this body too." : "";
  post(`p${i}.md`, `2022-01-${String(1 + (i % 28)).padStart(2, "0")}`, title, body + extra);
}
post("zz-expected.md", "2021-06-01", "Upgrading Postgres without downtime",
  "How we moved the database.\n\n```mermaid\ngraph LR\n  zebracorn --> done\n```\n");
execFileSync(BLOGEN, ["build", "-q", "--strict"], { cwd: dir, stdio: "inherit" });
const site = path.join(dir, "site");
const index = fs.readFileSync(path.join(site, "search/search_index.json"), "utf8");
check(!index.includes("zebracorn"), "Mermaid source is not in the search index");

const server = http.createServer((req, res) => {
  let file = path.join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(site)) { res.writeHead(403); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  const type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript"
    : file.endsWith(".css") ? "text/css" : "application/json";
  res.writeHead(200, { "content-type": type });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const results = (tab) => tab.$$eval(".search-results li", (lis) => lis.map((li) => ({
  title: li.querySelector("strong")?.textContent || li.textContent,
  html: li.innerHTML, active: !!li.querySelector("a.active"),
})));
try {
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    const size = `${w}×${h}`;
    const tab = await browser.newPage();
    await tab.setViewport({ width: w, height: h });
    await tab.goto(base, { waitUntil: "load" });
    await tab.focus(".search-input");
    // One word: whole-word title matches before "Postgresql" titles and body matches.
    await tab.keyboard.type("postgres");
    await tab.waitForFunction(() => document.querySelectorAll(".search-results li").length > 0, { timeout: 30_000 });
    const one = await results(tab);
    check(one[0]?.title === "Upgrading Postgres without downtime", `${size}: "postgres": the whole-word title match is first (${one[0]?.title})`);
    await tab.keyboard.type(" downtime");
    await tab.waitForFunction(() => /downtime/.test(document.querySelector(".search-results").innerHTML), { timeout: 30_000 });
    const got = await results(tab);
    check(got[0]?.title === "Upgrading Postgres without downtime", `${size}: the expected post is first (${got[0]?.title})`);
    check(/<mark>Postgres<\/mark>/.test(got[0]?.html || ""), `${size}: matched terms are marked`);
    const box = await tab.$eval(".search-results", (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right }; });
    check(box.left >= 0 && box.right <= w, `${size}: the results box is on screen (${Math.round(box.left)}..${Math.round(box.right)})`);
    if (process.env.SHOTS) await tab.screenshot({ path: path.join(process.env.SHOTS, `search-${w}.png`) });
    await tab.keyboard.press("ArrowDown");
    await tab.keyboard.press("ArrowDown");
    const moved = await results(tab);
    check(moved.findIndex((r) => r.active) === 1, `${size}: arrow keys move the selection`);
    await tab.keyboard.press("ArrowUp");
    await Promise.all([tab.waitForNavigation({ timeout: 30_000 }), tab.keyboard.press("Enter")]);
    check(tab.url().endsWith("/blog/2021/06/01/upgrading-postgres-without-downtime/"), `${size}: Enter opens the selected result (${tab.url()})`);
    await tab.focus(".search-input");
    await tab.keyboard.type("cache");
    await tab.waitForFunction(() => !document.querySelector(".search-results").hidden, { timeout: 30_000 });
    await tab.keyboard.press("Escape");
    check(await tab.$eval(".search-results", (el) => el.hidden), `${size}: Escape closes the results`);
    await tab.close();
  }
  const tab = await browser.newPage();
  await tab.goto("file://" + path.join(site, "index.html"), { waitUntil: "load" });
  await tab.focus(".search-input");
  await tab.keyboard.type("postgres");
  await tab.waitForFunction(() => document.querySelectorAll(".search-results li").length > 0, { timeout: 30_000 });
  const said = (await results(tab))[0]?.title || "";
  check(/served over HTTP/.test(said) && !/No results/.test(said), `file://: says the index did not load (${said})`);
  await tab.close();
} finally {
  await browser.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
