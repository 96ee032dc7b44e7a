// Builds src/markdown/icons/icons.bin (the icon sets mkdocs-material ships under
// templates/.icons, minified the way its build minifies them) and
// src/markdown/icons/twemoji.deflate (the Twemoji shortcode index) from the pinned npm
// packages of tools/icons/package.json, and copies the licence texts next to them.
//
// Usage (node >= 18), from the repository root:
//   cd tools/icons && npm ci && node build.mjs
// or with the packages installed elsewhere:
//   node tools/icons/build.mjs --modules /path/to/node_modules
//
// icons.bin: a little-endian u32 length, then that many bytes of deflated index, then the
// deflated chunks back to back. The index inflates to a line `size:count,…` (each chunk's
// deflated size and icon count, in order) and then the icon paths (`material/rocket`), one a
// line, sorted, chunk after chunk; a chunk inflates to its icons' SVGs, one a line, in the
// same order. twemoji.deflate inflates to lines `name<TAB>file<TAB>alt-code-points` (names
// without colons; an alias has file `=` and the target name as third field).

import fs from "node:fs"
import path from "node:path"
import zlib from "node:zlib"
import { fileURLToPath } from "node:url"
import { createRequire } from "node:module"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "..", "..")
const out = path.join(root, "src", "markdown", "icons")

const argIndex = process.argv.indexOf("--modules")
const modules = argIndex > 0 ? path.resolve(process.argv[argIndex + 1]) : path.join(here, "node_modules")
const require = createRequire(path.join(modules, "noop.js"))
const { optimize } = require("svgo")

// svgo's default preset keeping the viewBox, dimensions removed, and the first
// `fill="currentColor" ` (Font Awesome puts it on its paths) dropped: what mkdocs-material
// 9.8 does to every icon it bundles.
function minify(svg) {
  const result = optimize(svg, {
    plugins: [
      { name: "preset-default", params: { overrides: { removeViewBox: false } } },
      { name: "removeDimensions" },
    ],
  })
  return result.data.replace('fill="currentColor" ', "")
}

function walk(dir, prefix, acc) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`, acc)
    else if (entry.name.endsWith(".svg")) acc.push([`${prefix}${entry.name.slice(0, -4)}`, full])
  }
  return acc
}

// [set name in mkdocs-material, svg folder, licence file, licence name in the repo]
const sets = [
  ["material", "@mdi/svg/svg", "@mdi/svg/LICENSE", "LICENSE-material.txt"],
  ["octicons", "@primer/octicons/build/svg", "@primer/octicons/LICENSE", "LICENSE-octicons.txt"],
  ["fontawesome", "@fortawesome/fontawesome-free/svgs", "@fortawesome/fontawesome-free/LICENSE.txt", "LICENSE-fontawesome.txt"],
  ["simple", "simple-icons/icons", "simple-icons/LICENSE.md", "LICENSE-simple-icons.txt"],
]

fs.mkdirSync(out, { recursive: true })
const lines = []
for (const [set, svgDir, licence, licenceOut] of sets) {
  const icons = walk(path.join(modules, svgDir), `${set}/`, [])
  for (const [key, file] of icons) {
    const svg = minify(fs.readFileSync(file, "utf8"))
    if (/[\t\n\r]/.test(svg) || /[\t\n\r]/.test(key)) throw new Error(`unexpected whitespace in ${file}`)
    lines.push([key, svg])
  }
  fs.copyFileSync(path.join(modules, licence), path.join(out, licenceOut))
  console.log(`${set}: ${icons.length} icons`)
}
lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

// Chunks of about CHUNK bytes of consecutive icons, each deflated on its own, so that a page
// with a few icons inflates a few chunks, not all icons.
const CHUNK = 64 * 1024
const chunks = []
let current = []
let size = 0
for (const line of lines) {
  current.push(line)
  size += line[1].length + 1
  if (size >= CHUNK) {
    chunks.push(current)
    current = []
    size = 0
  }
}
if (current.length) chunks.push(current)
const deflate = (text) => zlib.deflateRawSync(Buffer.from(text, "utf8"), { level: 9, memLevel: 9 })
const packedChunks = chunks.map((c) => deflate(c.map(([, svg]) => `${svg}\n`).join("")))
const header = packedChunks.map((p, k) => `${p.length}:${chunks[k].length}`).join(",")
const index = deflate(`${header}\n${lines.map(([key]) => `${key}\n`).join("")}`)
const length = Buffer.alloc(4)
length.writeUInt32LE(index.length)
const bundle = Buffer.concat([length, index, ...packedChunks])
fs.writeFileSync(path.join(out, "icons.bin"), bundle)
const raw = lines.reduce((n, [k, v]) => n + k.length + v.length + 2, 0)
console.log(`icons: ${raw} bytes in ${chunks.length} chunks, ${bundle.length} packed`)

// Twemoji index: JoyPixels (emoji-toolkit) shortcodes, as pymdownx's twemoji index names
// them, pointing at the Twemoji file each code point sequence has: the fully qualified
// sequence, with U+FE0F dropped unless the sequence has a zero width joiner.
const toolkit = JSON.parse(fs.readFileSync(path.join(modules, "emoji-toolkit/emoji.json"), "utf8"))
const emoji = []
const aliases = []
const seen = new Set()
for (const entry of Object.values(toolkit)) {
  const name = entry.shortname.slice(1, -1)
  const full = entry.code_points.fully_qualified
  let kept = full.includes("200d") ? full.split("-") : full.split("-").filter((p) => p !== "fe0f")
  // Twemoji has no art for a bare ASCII character (the keycap bases `#`, `*`, `0`-`9`).
  if (kept.length === 1 && parseInt(kept[0], 16) < 0x80) continue
  // Twemoji's file for the eye in speech bubble keeps no variation selector, ZWJ or not.
  if (full === "1f441-fe0f-200d-1f5e8-fe0f") kept = kept.filter((p) => p !== "fe0f")
  if (seen.has(name)) continue
  seen.add(name)
  // The file name drops the leading zeros of the first code point; the alt text is the
  // same sequence, every code point at least four hex digits.
  const file = kept.map((p, i) => (i === 0 ? p.replace(/^0+(?=.)/, "") : p)).join("-")
  const alt = kept.map((p) => p.padStart(4, "0")).join("-")
  emoji.push(`${name}\t${file}\t${alt}\n`)
  for (const alt of entry.shortname_alternates || []) {
    const a = alt.slice(1, -1)
    if (!seen.has(a)) aliases.push(`${a}\t=\t${name}\n`)
  }
}
const etext = [...emoji, ...aliases].join("")
const epacked = zlib.deflateRawSync(Buffer.from(etext, "utf8"), { level: 9, memLevel: 9 })
fs.writeFileSync(path.join(out, "twemoji.deflate"), epacked)
fs.copyFileSync(path.join(modules, "emoji-toolkit/LICENSE.md"), path.join(out, "LICENSE-emoji-toolkit.txt"))
console.log(`twemoji: ${emoji.length} emoji, ${aliases.length} aliases, ${epacked.length} deflated`)
