"""Compares a site built by mkdocs-material with the same site built by blogen (used by
compare/real_blogs.sh).

  compare_sites.py lay-out GIT_DIR DEST               writes HEAD's tree into DEST, blob by blob,
                                                     leaving out blobs the mirror lacks
  compare_sites.py drop-plugins MKDOCS_YML NAME...   removes plugins from a copy of mkdocs.yml
  compare_sites.py compare NAME DIR                  DIR holds mk-site/, bg-site/, *.rc: prints JSON
  compare_sites.py table RESULT.json...              prints the side-by-side table

Pages are compared by URL (`a/index.html` is `a/`). A post is a page mkdocs-material renders with
its post layout (`md-content--post`); its heading ids are the ids of the h1-h6 of its `<article>`
in document order (without the theme's own `__` ids). A broken link is an href or src of a page that is neither external (a scheme,
`//`, `mailto:`, `data:`) nor a bare fragment and resolves to no file of the site. Raw syntax is
Markdown that was left as text: counted in the text of each page outside `<pre>`, `<code>`,
`<script>`, `<style>` and tags."""
import json
import os
import posixpath
import re
import sys
import urllib.parse

RAW = [":octicons-", ":material-", ":fontawesome-", ":simple-", "!!! ", "??? ", "{ .", "{: ",
       "{#", '=== "', "--8<--", "[TOC]"]
EXAMPLES = 5


def lay_out(git_dir, dest):
    """HEAD's files into `dest`; a blob the mirror does not hold (a large file left out) is
    skipped and counted on stderr. Symbolic links are written as links."""
    import subprocess
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", "HEAD"],
                             check=True, capture_output=True).stdout
    entries = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha, path.decode("utf-8", "surrogateescape")))
    batch = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    missing = 0
    for mode, sha, path in entries:
        batch.stdin.write(sha + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3:
            missing += 1
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        target = os.path.join(dest, path)
        if os.path.relpath(target, dest).startswith(".."):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == b"120000":
            try:
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
            except OSError:
                pass
        else:
            with open(target, "wb") as f:
                f.write(data)
            if mode == b"100755":
                os.chmod(target, 0o755)
    batch.stdin.close()
    batch.wait()
    if missing:
        print(f"{git_dir}: {missing} files absent from the mirror, left out", file=sys.stderr)


def drop_plugins(path, names):
    """Removes each named plugin (`- NAME` or `- NAME:` with its options) from the top-level
    `plugins:` list, by lines: the file may hold YAML tags no safe loader accepts."""
    if not names:
        return
    lines = open(path, encoding="utf-8").read().split("\n")
    out, in_plugins, skip_indent = [], False, None
    for line in lines:
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if skip_indent is not None:
            if stripped == "" or indent > skip_indent:
                continue
            skip_indent = None
        if re.match(r"plugins\s*:", line):
            in_plugins = True
        elif line and indent == 0 and not line.startswith("-") and not line.startswith("#"):
            in_plugins = False
        m = re.match(r"-\s+([\w./-]+)\s*:?\s*(\{\})?\s*$", stripped)
        if in_plugins and m and m.group(1) in names:
            skip_indent = indent
            continue
        out.append(line)
    open(path, "w", encoding="utf-8").write("\n".join(out))


def html_files(site):
    out = {}
    for root, _, names in os.walk(site):
        for n in names:
            if n.endswith(".html"):
                rel = os.path.relpath(os.path.join(root, n), site).replace(os.sep, "/")
                out[url_of(rel)] = rel
    return out


def url_of(rel):
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def read(site, rel):
    with open(os.path.join(site, rel), encoding="utf-8", errors="replace") as f:
        return f.read()


def article(html):
    start = html.find("<article")
    return html[start : html.find("</article>", start)] if start >= 0 else ""


def heading_ids(html):
    """Ids of the post's headings; ids the theme adds (`__comments`, `__tabbed_1`) are left out."""
    ids = re.findall(r'<h[1-6][^>]*\sid="([^"]*)"', article(html))
    return [i for i in ids if not i.startswith("__")]


def external(url):
    return (
        url == ""
        or url.startswith(("#", "//", "mailto:", "data:", "javascript:", "tel:"))
        or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url) is not None
    )


def resolves(site, page, url):
    path = urllib.parse.unquote(url.split("#")[0].split("?")[0])
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith(".."):
        return False
    full = os.path.join(site, target) if target not in ("", ".") else site
    if os.path.isdir(full):
        full = os.path.join(full, "index.html")
    return os.path.isfile(full)


def broken_links(site, pages):
    broken = []
    for rel in pages.values():
        for url in set(re.findall(r'\s(?:href|src)="([^"]*)"', read(site, rel))):
            url = url.replace("&amp;", "&")
            if not external(url) and not resolves(site, rel, url):
                broken.append(f"{url_of(rel)} -> {url}")
    return sorted(broken)


def visible_text(html):
    html = re.sub(r"<(pre|code|script|style|textarea)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"<[^>]*>", " ", html)


def raw_syntax(site, pages):
    found = []
    for url, rel in sorted(pages.items()):
        text = visible_text(read(site, rel))
        for pat in RAW:
            n = text.count(pat)
            if n:
                found.append((url, pat, n))
    return found


def rc(path):
    try:
        return int(open(path).read().strip())
    except (OSError, ValueError):
        return None


def compare(name, d):
    mk_site, bg_site = os.path.join(d, "mk-site"), os.path.join(d, "bg-site")
    mk = html_files(mk_site) if os.path.isdir(mk_site) else {}
    bg = html_files(bg_site) if os.path.isdir(bg_site) else {}
    posts = [u for u in sorted(mk) if "md-content--post" in read(mk_site, mk[u])]
    differing = []
    for u in posts:
        if u in bg:
            a, b = heading_ids(read(mk_site, mk[u])), heading_ids(read(bg_site, bg[u]))
            if a != b:
                first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                differing.append(f"{u}: mkdocs {a[first:first + 2]} blogen {b[first:first + 2]}")
    mk_raw, bg_raw = raw_syntax(mk_site, mk), raw_syntax(bg_site, bg)
    return {
        "blog": name,
        "pages": [len(mk), len(bg)],
        "posts": len(posts),
        "missing": sorted(set(mk) - set(bg)),
        "extra": sorted(set(bg) - set(mk)),
        "ids_differ": differing,
        "posts_compared": sum(1 for u in posts if u in bg),
        "broken": [broken_links(mk_site, mk), broken_links(bg_site, bg)],
        "raw": [mk_raw, bg_raw],
        "build_rc": [rc(os.path.join(d, "mk.rc")), rc(os.path.join(d, "bg.rc"))],
        "strict_rc": [rc(os.path.join(d, "mk-strict.rc")), rc(os.path.join(d, "bg-strict.rc"))],
    }


def raw_summary(found):
    pages = len({u for u, _, _ in found})
    kinds = sorted({p.strip() for _, p, _ in found})
    return f"{pages} ({' '.join(kinds)})" if found else "0"


def table(paths):
    rows = [json.load(open(p, encoding="utf-8")) for p in paths]
    head = ["blog", "pages mk/bg", "posts", "missing", "extra", "ids differ", "broken mk/bg",
            "raw pages mk/bg", "build rc", "strict rc"]
    body = []
    for r in rows:
        body.append([
            r["blog"],
            f"{r['pages'][0]}/{r['pages'][1]}",
            str(r["posts"]),
            str(len(r["missing"])),
            str(len(r["extra"])),
            f"{len(r['ids_differ'])}/{r['posts_compared']}",
            f"{len(r['broken'][0])}/{len(r['broken'][1])}",
            f"{raw_summary(r['raw'][0])} / {raw_summary(r['raw'][1])}",
            f"{r['build_rc'][0]}/{r['build_rc'][1]}",
            f"{r['strict_rc'][0]}/{r['strict_rc'][1]}",
        ])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for b in body:
        print("| " + " | ".join(b) + " |")
    for r in rows:
        print(f"\n{r['blog']}:")
        for label, items in [
            ("missing in blogen", r["missing"]),
            ("extra in blogen", r["extra"]),
            ("heading ids differ", r["ids_differ"]),
            ("broken in mkdocs", r["broken"][0]),
            ("broken in blogen", r["broken"][1]),
            ("raw syntax in blogen", [f"{u} {p.strip()} x{n}" for u, p, n in r["raw"][1]]),
        ]:
            if items:
                more = f" (+{len(items) - EXAMPLES} more)" if len(items) > EXAMPLES else ""
                print(f"  {label}: {len(items)}{more}")
                for i in items[:EXAMPLES]:
                    print(f"    {i}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "lay-out":
        lay_out(args[0], args[1])
    elif cmd == "drop-plugins":
        drop_plugins(args[0], set(args[1:]))
    elif cmd == "compare":
        json.dump(compare(args[0], args[1]), sys.stdout, indent=1, ensure_ascii=False)
    elif cmd == "table":
        table(args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
