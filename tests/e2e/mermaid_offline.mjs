// Browser test of how built pages load Mermaid, in headless Chromium offline (requests other
// than to the loopback server are aborted by the test): sites
// built by `blogen build` are served on a loopback port under a site_url sub-path (/sub/).
//   1. `extra.blogen.mermaid: local`: the diagram is drawn as SVG from the copy in the site;
//   2. the default CDN URL (unreachable here): a visible note replaces the silent raw text;
//   3. a relative and a root-absolute `mermaid_url` name a file of the site, from a nested page.
// Usage: node mermaid_offline.mjs  (BLOGEN=path/to/blogen, CHROMIUM=path/to/chromium to override)
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

const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css" };
/// Serves `dir` under /sub/ on a free loopback port.
function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (!url.pathname.startsWith("/sub/")) { res.writeHead(404); return res.end(); }
    let file = path.join(dir, decodeURIComponent(url.pathname.slice(5)));
    if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// A stand-in for Mermaid as an ES module: draws an <svg> into each block.
const FAKE = "export default { initialize() {}, async run({ nodes }) {"
  + " for (const n of nodes) n.innerHTML = '<svg data-fake=\"1\"></svg>'; } };\n";

function project(extra) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-mermaid-"));
  fs.mkdirSync(path.join(dir, "docs/guide/deep"), { recursive: true });
  fs.mkdirSync(path.join(dir, "docs/js"));
  fs.writeFileSync(path.join(dir, "docs/js/fake.mjs"), FAKE);
  fs.writeFileSync(path.join(dir, "mkdocs.yml"),
    "site_name: Diagrams\nsite_url: http://127.0.0.1/sub/\nmarkdown_extensions:\n  - pymdownx.superfences:\n"
    + "      custom_fences:\n        - name: mermaid\n          class: mermaid\n"
    + "          format: !!python/name:pymdownx.superfences.fence_code_format\n" + extra);
  const md = "# Flow\n\n```mermaid\ngraph LR\n  A --> B\n```\n";
  fs.writeFileSync(path.join(dir, "docs/index.md"), md);
  fs.writeFileSync(path.join(dir, "docs/guide/deep/page.md"), md);
  execFileSync(BLOGEN, ["build", "-q", "--strict"], { cwd: dir, stdio: "inherit" });
  return dir;
}

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const dirs = [];
try {
  const cases = [
    ["local copy", "extra:\n  blogen:\n    mermaid: local\n", "svg:not([data-fake])"],
    ["default CDN, offline", "", null],
    ["relative mermaid_url", "extra:\n  blogen:\n    mermaid_url: js/fake.mjs\n", "svg[data-fake]"],
    ["root-absolute mermaid_url", "extra:\n  blogen:\n    mermaid_url: /js/fake.mjs\n", "svg[data-fake]"],
  ];
  for (const [name, extra, drawn] of cases) {
    const dir = project(extra);
    dirs.push(dir);
    const server = await serve(path.join(dir, "site"));
    const base = `http://127.0.0.1:${server.address().port}/sub/`;
    for (const page of ["", "guide/deep/page/"]) {
      const tab = await browser.newPage();
      // Offline: anything but the loopback server is refused before it leaves the browser.
      await tab.setRequestInterception(true);
      tab.on("request", (r) => (r.url().startsWith("http://127.0.0.1:") ? r.continue() : r.abort()));
      await tab.goto(base + page, { waitUntil: "load" });
      const seen = await tab.waitForFunction((sel) => {
        const note = document.querySelector(".mermaid-unavailable");
        if (sel) return document.querySelector(`pre.mermaid ${sel}`) ? "drawn" : (note ? note.textContent : false);
        return note ? note.textContent : false;
      }, { timeout: 30_000 }, drawn).then((h) => h.jsonValue()).catch(() => "nothing happened");
      if (drawn) check(seen === "drawn", `${name} (/${page}): the diagram is drawn (${seen})`);
      else check(/could not be drawn/.test(seen), `${name} (/${page}): a note says the diagram could not be drawn (${seen})`);
      if (process.env.SHOTS && page === "") {
        await tab.screenshot({ path: path.join(process.env.SHOTS, `mermaid-${name.replace(/\W+/g, "-")}.png`) });
      }
      await tab.close();
    }
    server.close();
  }
} finally {
  await browser.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
