// End-to-end test of `blogen serve` in headless Chromium (Debian's /usr/bin/chromium, driven by
// puppeteer-core; no browser is downloaded). On a copy of the sample blog whose Mermaid URL
// points at a local copy of the mermaid npm package (the machine has no internet):
//   1. the performance post's Mermaid block becomes an SVG;
//   2. editing the post changes the open page without a manual reload;
//   3. a broken front matter shows the error overlay on the open page, and fixing it clears it.
// Usage: node live_preview.mjs  (BLOGEN=path/to/blogen, CHROMIUM=path/to/chromium to override)
// Prints "e2e: N passed, 0 failed" and exits 0, or exits 1 naming the failed step.

import { spawn } from "node:child_process";
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
const STEP_TIMEOUT = 60_000;
const POST_MD = "docs/blog/posts/2026-11-03_40x-faster/main.md";
const POST_URL = "blog/2026/11/03/how-we-made-blogen-40x-faster-a-post-mortem/";

const cleanups = [];
let passed = 0;
let stopping = false;
let serverLog = () => "";
const failedRequests = [];
// The whole test stops itself, whatever hangs.
const watchdog = setTimeout(() => fail("the test took longer than 4 minutes"), 240_000);

async function cleanup() {
  stopping = true;
  for (const c of cleanups.reverse()) {
    try { await c(); } catch { /* best effort */ }
  }
}

async function fail(msg) {
  if (stopping) return;
  console.error(`e2e FAILED: ${msg}`);
  console.error(`blogen serve said:\n${serverLog()}`);
  if (failedRequests.length) console.error(`failed requests: ${failedRequests.join(", ")}`);
  await cleanup();
  console.log(`e2e: ${passed} passed, 1 failed`);
  process.exit(1);
}

function ok(msg) {
  passed += 1;
  console.log(`ok ${passed} - ${msg}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Polls `f` (which may throw while a page reloads) until it returns a truthy value.
async function until(what, f, timeout = STEP_TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) { last = e; }
    await sleep(100);
  }
  await fail(`timed out waiting for ${what}${last ? ` (${last.message})` : ""}`);
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const s = path.join(from, e.name), d = path.join(to, e.name);
    if (e.isDirectory()) copyDir(s, d); else fs.copyFileSync(s, d);
  }
}

/// Serves the mermaid package's dist/ folder on a loopback port.
function serveMermaid() {
  const dist = path.join(here, "node_modules/mermaid/dist");
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    const file = path.resolve(dist, rel);
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404); res.end(); return;
    }
    const type = file.endsWith(".mjs") || file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
    res.writeHead(200, { "Content-Type": type, "Access-Control-Allow-Origin": "*" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    cleanups.push(() => new Promise((r) => server.close(r)));
    resolve(`http://127.0.0.1:${server.address().port}/mermaid.esm.min.mjs`);
  }));
}

/// Starts `blogen serve` on a free loopback port in `root`; resolves to its URL.
function startBlogen(root) {
  const child = spawn(BLOGEN, ["serve", "-a", "127.0.0.1:0"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill("SIGINT");
      await Promise.race([new Promise((r) => child.once("exit", r)), sleep(10_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
  return new Promise((resolve) => {
    child.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/Serving on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve({ url: m[1], log: () => log });
      serverLog = () => log;
    });
    child.on("exit", (code) => { if (!stopping) fail(`blogen serve exited (${code}):\n${log}`); });
  });
}

async function main() {
  if (!fs.existsSync(BLOGEN)) await fail(`no blogen binary at ${BLOGEN} (cargo build --release)`);
  if (!fs.existsSync(CHROMIUM)) await fail(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-e2e-"));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const root = path.join(tmp, "blog");
  copyDir(path.join(repo, "docs"), path.join(root, "docs"));
  const mermaidUrl = await serveMermaid();
  let yml = fs.readFileSync(path.join(repo, "mkdocs.yml"), "utf8");
  if (/^  blogen:\s*$/m.test(yml)) {
    // The sample's own `extra.blogen` (Mermaid from blogen's copy): this test serves its own.
    yml = yml.replace(/^    mermaid: local\s*$/m, "").replace(/^  blogen:\s*\n/m, `  blogen:\n    mermaid_url: ${mermaidUrl}\n`);
  } else if (/^extra:/m.test(yml)) {
    yml = yml.replace(/^extra:\s*\n/m, `extra:\n  blogen:\n    mermaid_url: ${mermaidUrl}\n`);
  } else {
    yml += `\nextra:\n  blogen:\n    mermaid_url: ${mermaidUrl}\n`;
  }
  fs.writeFileSync(path.join(root, "mkdocs.yml"), yml);
  const server = await startBlogen(root);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: path.join(tmp, "profile"),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"],
  });
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("requestfailed", (r) => failedRequests.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => { if (r.status() >= 400) failedRequests.push(`${r.url()} (${r.status()})`); });
  page.on("request", (r) => { if (process.env.E2E_VERBOSE) console.error(`request ${r.url()}`); });
  page.on("requestfinished", (r) => { if (process.env.E2E_VERBOSE) console.error(`finished ${r.url()}`); });
  await page.goto(server.url + POST_URL, { waitUntil: "load", timeout: STEP_TIMEOUT });

  // 1. Mermaid: the block becomes an SVG, drawn by the local mermaid.
  // Mermaid fills the SVG in after creating it: wait for the diagram's labels.
  await until("the Mermaid diagram to be drawn as SVG", () =>
    page.evaluate(() => document.querySelector("pre.mermaid svg")?.textContent.includes("Dev server")));
  ok("the Mermaid block is an SVG");
  await page.screenshot({ path: path.join(tmp, "1-mermaid.png") });

  // 2. An edit shows without a manual reload (the page reloads itself).
  const md = path.join(root, POST_MD);
  const good = fs.readFileSync(md, "utf8");
  // A mark on the open document: it is gone once the page has loaded itself again.
  await page.evaluate(() => { window.__e2eMark = true; });
  fs.writeFileSync(md, good.replace("In October a user", "In E2E-December a user"));
  await until("the edit to show in the open page", () =>
    page.evaluate(() => document.body.innerText.includes("In E2E-December a user")));
  if (await page.evaluate(() => window.__e2eMark === true)) await fail("the text changed but the page did not reload?");
  await until("the diagram to be drawn again after the reload", () =>
    page.evaluate(() => document.querySelector("pre.mermaid svg")?.textContent.includes("Dev server")));
  ok("the edit shows in the open page without a manual reload");

  // 3. A broken front matter shows the overlay (file and line); fixing it clears it.
  fs.writeFileSync(md, good.replace("date: 2026-11-03", "date: [2026-11-03"));
  const overlay = await until("the error overlay", () =>
    page.evaluate(() => document.getElementById("__blogen-overlay")?.innerText));
  if (!/2026-11-03_40x-faster\/main\.md:\d+/.test(overlay)) await fail(`the overlay does not name file and line: ${overlay}`);
  if (!(await page.evaluate(() => document.body.innerText.includes("In E2E-December a user")))) {
    await fail("the last good page is no longer shown");
  }
  ok("a broken front matter shows the overlay naming file and line");
  await page.screenshot({ path: path.join(tmp, "3-overlay.png") });
  if (process.env.E2E_SCREENSHOTS) {
    fs.mkdirSync(process.env.E2E_SCREENSHOTS, { recursive: true });
    for (const f of ["1-mermaid.png", "3-overlay.png"]) fs.copyFileSync(path.join(tmp, f), path.join(process.env.E2E_SCREENSHOTS, f));
  }
  fs.writeFileSync(md, good);
  await until("the overlay to go", () =>
    page.evaluate(() => !document.getElementById("__blogen-overlay") && document.body.innerText.includes("In October a user")));
  ok("fixing the file clears the overlay");

  // A 404 for /favicon.ico is the browser's own guess; every other error counts.
  const bad = failedRequests.filter((r) => !/\/favicon\.ico /.test(r));
  const unexplained = consoleErrors.filter((e) => !/status of 404/.test(e) || bad.length);
  if (bad.length || unexplained.length) await fail(`errors in the page: ${[...bad, ...unexplained].join(" | ")}`);
  clearTimeout(watchdog);
  await cleanup();
  console.log(`e2e: ${passed} passed, 0 failed`);
  process.exit(0);
}

main().catch((e) => fail(e.stack || String(e)));
