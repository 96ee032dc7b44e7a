// Browser test of code blocks in headless Chromium (Debian's /usr/bin/chromium, puppeteer-core):
// a block with `linenums` and `hl_lines` built by `blogen build` shows every line, in order, each
// starting at the left edge of the block, at desktop (1280×900) and phone (390×844) sizes, with
// the copy button (content.code.copy) visible on a touch device and absent without the feature; the same block with line numbers as a table
// (pymdownx.highlight's default) shows each number level with its line.
// Usage: node code_blocks.mjs  (BLOGEN=path/to/blogen, CHROMIUM=path/to/chromium to override)
// Prints "e2e: N passed, M failed" and exits 0 when nothing failed.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const BLOGEN = process.env.BLOGEN || path.join(repo, "target/release/blogen");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const watchdog = setTimeout(() => { console.error("timed out"); process.exit(1); }, 120_000);

let passed = 0, failed = 0;
const check = (cond, msg) => {
  if (cond) { passed += 1; console.log(`ok - ${msg}`); }
  else { failed += 1; console.log(`not ok - ${msg}`); }
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-code-"));
fs.mkdirSync(path.join(dir, "docs"));
fs.writeFileSync(path.join(dir, "mkdocs.yml"),
  "site_name: Code\ntheme:\n  name: material\n  features:\n    - content.code.copy\nmarkdown_extensions:\n  - pymdownx.highlight:\n      linenums_style: pymdownx-inline\n" +
  "  - pymdownx.superfences\n");
const lines = ["def total(items):", "    two = 2", "    three = 3", "    four = 4",
  "    return sum(items) + two + three + four", "print(total([1, 2]))"];
fs.writeFileSync(path.join(dir, "docs/index.md"),
  "# Code\n\n```python linenums=\"1\" hl_lines=\"2 3 5\"\n" + lines.join("\n") + "\n```\n");
execFileSync(BLOGEN, ["build", "-q", "--strict"], { cwd: dir, stdio: "inherit" });
const url = "file://" + path.join(dir, "site/index.html");
// The same block with pymdownx.highlight's default line numbers (a table) and line anchors.
const tableDir = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-code-table-"));
fs.mkdirSync(path.join(tableDir, "docs"));
fs.writeFileSync(path.join(tableDir, "mkdocs.yml"),
  "site_name: Code\ntheme:\n  name: material\n  features:\n    - content.code.copy\nmarkdown_extensions:\n  - pymdownx.highlight:\n      anchor_linenums: true\n" +
  "  - pymdownx.superfences\n");
fs.copyFileSync(path.join(dir, "docs/index.md"), path.join(tableDir, "docs/index.md"));
execFileSync(BLOGEN, ["build", "-q", "--strict"], { cwd: tableDir, stdio: "inherit" });
const tableUrl = "file://" + path.join(tableDir, "site/index.html");
// The same block without `content.code.copy`: no copy button, as mkdocs-material.
const plainDir = fs.mkdtempSync(path.join(os.tmpdir(), "blogen-code-plain-"));
fs.mkdirSync(path.join(plainDir, "docs"));
fs.writeFileSync(path.join(plainDir, "mkdocs.yml"), "site_name: Code\nmarkdown_extensions:\n  - pymdownx.highlight\n  - pymdownx.superfences\n");
fs.copyFileSync(path.join(dir, "docs/index.md"), path.join(plainDir, "docs/index.md"));
execFileSync(BLOGEN, ["build", "-q", "--strict"], { cwd: plainDir, stdio: "inherit" });
const plainUrl = "file://" + path.join(plainDir, "site/index.html");

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  for (const [w, h, touch] of [[1280, 900, false], [390, 844, true]]) {
    const page = await browser.newPage();
    await page.setViewport({ width: w, height: h, hasTouch: touch, isMobile: touch });
    await page.goto(url, { waitUntil: "load" });
    const got = await page.evaluate(() => {
      const pre = document.querySelector(".highlight pre");
      const box = pre.getBoundingClientRect();
      const nums = [...pre.querySelectorAll(".linenos")].map((n) => {
        const r = n.getBoundingClientRect();
        return { n: n.dataset.linenos.trim(), left: r.left - box.left, top: r.top };
      });
      const copy = document.querySelector(".highlight .copy");
      return { nums, text: pre.innerText, copy: copy ? getComputedStyle(copy).opacity : null,
        preLeft: box.left };
    });
    const size = `${w}×${h}`;
    check(got.nums.length === lines.length, `${size}: ${lines.length} numbered lines (${got.nums.length})`);
    const lefts = got.nums.map((x) => Math.round(x.left));
    check(lefts.every((l) => l === lefts[0]), `${size}: every line starts at the block's left edge (${lefts})`);
    const tops = got.nums.map((x) => x.top);
    check(tops.every((t, i) => i === 0 || t > tops[i - 1]), `${size}: lines are in order, one below the other`);
    const steps = tops.slice(1).map((t, i) => Math.round(t - tops[i]));
    check(steps.every((s) => s === steps[0]), `${size}: no blank line after highlighted lines (${steps})`);
    for (const l of lines) check(got.text.includes(l.trim()), `${size}: shows "${l.trim()}"`);
    if (touch) check(Number(got.copy) > 0.5, `${size}: the copy button is visible on a touch device (opacity ${got.copy})`);
    if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, `code-${w}.png`) });
    await page.goto(tableUrl, { waitUntil: "load" });
    const table = await page.evaluate(() => {
      const nums = [...document.querySelectorAll(".highlighttable .linenodiv .normal")];
      const anchors = [...document.querySelectorAll(".highlighttable td.code a[id]")];
      const code = document.querySelector(".highlighttable td.code pre");
      return {
        nums: nums.map((n) => ({ n: n.textContent.trim(), top: n.getBoundingClientRect().top })),
        tops: anchors.map((a) => a.getBoundingClientRect().top),
        text: code.innerText,
        copy: document.querySelector(".highlight .copy") !== null,
      };
    });
    check(table.nums.map((x) => x.n).join() === lines.map((_, i) => i + 1).join(),
      `${size}, table: numbers 1 to ${lines.length} (${table.nums.map((x) => x.n)})`);
    const level = table.nums.every((x, i) => Math.abs(x.top - table.tops[i]) < 2);
    check(level && table.tops.length === lines.length,
      `${size}, table: each number is level with its line (${table.nums.map((x) => Math.round(x.top))} / ${table.tops.map(Math.round)})`);
    check(lines.every((l) => table.text.includes(l.trim())) && !/^\s*1\b/.test(table.text),
      `${size}, table: the code cell holds the code and no numbers`);
    check(table.copy, `${size}, table: the block has a copy button`);
    if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, `code-table-${w}.png`) });
    await page.goto(plainUrl, { waitUntil: "load" });
    const plainCopy = await page.evaluate(() => document.querySelector(".highlight .copy") !== null);
    check(!plainCopy, `${size}: without content.code.copy the block has no copy button`);
    await page.close();
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(tableDir, { recursive: true, force: true });
  fs.rmSync(plainDir, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
