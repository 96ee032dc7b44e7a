// blogen default theme: the palette toggle (the choice remembered), and the features of
// `theme.features` that need a script: copy buttons (content.code.copy), code annotations
// (content.code.annotate), linked tabs (content.tabs.link), the table of contents following
// the reader (toc.follow), the back-to-top button (navigation.top) and a dismissible
// announcement (announce.dismiss).
(function () {
  var root = document.documentElement;
  var body = document.body;
  var features = (body.getAttribute("data-features") || "").split(" ");
  var has = function (f) { return features.indexOf(f) >= 0; };
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) {} },
  };

  // Palette toggle: each click switches to the next palette of `theme.palette`.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var icons = toggle.querySelectorAll("[data-palette-index]");
    var label = function () {
      var cur = toggle.querySelector('[data-palette-index="' + root.getAttribute("data-palette") + '"]');
      var name = cur && cur.getAttribute("data-name");
      if (name) { toggle.title = name; toggle.setAttribute("aria-label", name); }
    };
    label();
    toggle.addEventListener("click", function () {
      var n = icons.length || 2;
      var next = ((+root.getAttribute("data-palette") || 0) + 1) % n;
      var el = icons[next];
      var scheme = el ? el.getAttribute("data-scheme") : null;
      root.setAttribute("data-palette", String(next));
      if (el) {
        root.setAttribute("data-md-color-scheme", el.getAttribute("data-scheme"));
        root.setAttribute("data-md-color-primary", el.getAttribute("data-primary"));
        root.setAttribute("data-md-color-accent", el.getAttribute("data-accent"));
      }
      var dark = scheme ? scheme === "slate" : root.getAttribute("data-theme") !== "dark";
      root.setAttribute("data-theme", dark ? "dark" : "light");
      store.set("blogen-palette", JSON.stringify({ index: next, scheme: scheme }));
      label();
      document.dispatchEvent(new CustomEvent("blogen:theme", { detail: dark ? "dark" : "light" }));
    });
  }

  // The navigation drawer closes on Escape and when a link in it is followed.
  var drawer = document.getElementById("__drawer");
  if (drawer) {
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") drawer.checked = false; });
    document.querySelectorAll(".md-sidebar--primary a").forEach(function (a) {
      a.addEventListener("click", function () { drawer.checked = false; });
    });
  }

  // Code annotations: `(1)` markers in a code block's comments open the matching item of the
  // list right after the block.
  if (has("content.code.annotate")) {
    document.querySelectorAll(".md-typeset .highlight").forEach(function (block) {
      var list = block.nextElementSibling;
      if (!list || list.tagName !== "OL") return;
      var items = list.querySelectorAll(":scope > li");
      var used = false;
      block.querySelectorAll("code span").forEach(function (span) {
        if (!/^c|comment/.test(span.className) || span.children.length) return;
        var m = span.textContent.match(/^(.*?)\((\d+)\)\s*$/);
        if (!m || !items[+m[2] - 1]) return;
        used = true;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-annotation";
        button.textContent = m[2];
        button.setAttribute("aria-expanded", "false");
        var tip = document.createElement("span");
        tip.className = "md-annotation-tip";
        tip.hidden = true;
        tip.innerHTML = items[+m[2] - 1].innerHTML;
        button.addEventListener("click", function () {
          tip.hidden = !tip.hidden;
          button.setAttribute("aria-expanded", String(!tip.hidden));
        });
        span.textContent = m[1].replace(/\s*(#|\/\/|--|;)\s*$/, "");
        span.appendChild(button);
        button.appendChild(tip);
      });
      if (used) list.classList.add("annotations-source");
    });
  }

  // Copy buttons on code blocks (line numbers are not copied).
  if (has("content.code.copy")) {
    var copyLabel = body.getAttribute("data-lang-copy") || "Copy to clipboard";
    var copiedLabel = body.getAttribute("data-lang-copied") || "Copied to clipboard";
    document.querySelectorAll(".md-typeset .highlight").forEach(function (block) {
      var code = block.querySelector("code");
      if (!code || !navigator.clipboard) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.title = copyLabel;
      button.setAttribute("aria-label", copyLabel);
      button.addEventListener("click", function () {
        var copy = code.cloneNode(true);
        copy.querySelectorAll(".linenos, .md-annotation").forEach(function (n) { n.remove(); });
        navigator.clipboard.writeText(copy.textContent).then(function () {
          button.textContent = "Copied";
          button.title = copiedLabel;
          setTimeout(function () { button.textContent = "Copy"; button.title = copyLabel; }, 1500);
        });
      });
      block.appendChild(button);
    });
  }

  // Linked tabs: choosing a tab chooses the tabs of the same label everywhere (remembered).
  if (has("content.tabs.link")) {
    var choose = function (text) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        set.querySelectorAll(".tabbed-labels > label").forEach(function (l) {
          if (l.textContent.trim() !== text) return;
          var input = document.getElementById(l.getAttribute("for"));
          if (input && !input.checked) input.checked = true;
        });
      });
    };
    document.querySelectorAll(".tabbed-labels > label").forEach(function (l) {
      l.addEventListener("click", function () {
        var text = l.textContent.trim();
        store.set("blogen-tab", text);
        choose(text);
      });
    });
    var saved = store.get("blogen-tab");
    if (saved) choose(saved);
  }

  // The table of contents marks the section being read.
  var toc = document.querySelector(".toc[data-follow]");
  if (toc && "IntersectionObserver" in window) {
    var links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (a) { links[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var seen = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { seen[e.target.id] = e.isIntersecting ? e.boundingClientRect.top : undefined; });
      var best = null;
      Object.keys(links).forEach(function (id) { if (seen[id] !== undefined && best === null) best = id; });
      if (best) {
        toc.querySelectorAll("a.current").forEach(function (a) { a.classList.remove("current"); });
        links[best].classList.add("current");
      }
    }, { rootMargin: "-64px 0px -60% 0px" });
    Object.keys(links).forEach(function (id) {
      var h = document.getElementById(id);
      if (h) observer.observe(h);
    });
  }

  // Back to top: shown once the reader has scrolled down and is going back up.
  var top = document.querySelector(".md-top");
  if (top) {
    var last = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      top.classList.toggle("shown", y > 400 && y < last);
      last = y;
    }, { passive: true });
    top.addEventListener("click", function (e) { e.preventDefault(); window.scrollTo({ top: 0, behavior: "smooth" }); top.blur(); });
  }

  // A dismissed announcement stays hidden until its text changes.
  var banner = document.querySelector(".md-banner");
  if (banner) {
    var text = banner.textContent.trim();
    var hash = 0;
    for (var i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    if (store.get("blogen-announce") === String(hash)) banner.hidden = true;
    var dismiss = banner.querySelector(".md-banner__dismiss");
    if (dismiss) dismiss.addEventListener("click", function () {
      banner.hidden = true;
      store.set("blogen-announce", String(hash));
    });
  }
})();
