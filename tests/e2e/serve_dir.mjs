// A static file server on a loopback port for the browser tests: serves one built site folder as
// a web server would (folders give their index.html, unknown paths the site's 404 page with status
// 404), never a file outside that folder.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".webp": "image/webp",
  ".xml": "application/xml", ".gz": "application/gzip", ".jpg": "image/jpeg", ".ico": "image/x-icon",
};

export async function serveDir(root, { notFound } = {}) {
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      const page = notFound && path.join(root, notFound);
      res.writeHead(404, { "content-type": "text/html" });
      return res.end(page && fs.existsSync(page) ? fs.readFileSync(page) : "");
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}
