// blogen default theme: client-side search over search/search_index.json, loaded on first use.
// Works offline: the index is a file of the site, nothing is sent anywhere. Results are ranked
// (title over body, whole words over parts of words), matched terms are marked, and the list is
// driven by the keyboard (arrows, Enter, Escape). When the index cannot be loaded (e.g. a site
// opened from file://), the box says so rather than "No results".
(function () {
  var input = document.querySelector(".search-input");
  var list = document.querySelector(".search-results");
  if (!input || !list) return;
  var base = input.getAttribute("data-base") || ".";
  var highlight = input.hasAttribute("data-highlight");
  var suggest = input.hasAttribute("data-suggest");
  var none = input.getAttribute("data-none") || "No results for";
  var hint = null, completion = "";
  if (suggest) {
    hint = document.createElement("span");
    hint.className = "search-suggest";
    hint.setAttribute("aria-live", "polite");
    input.after(hint);
  }
  var docs = null, failed = null, loading = null, active = -1;

  function load() {
    if (!loading) {
      loading = fetch(base + "/search/search_index.json")
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (j) {
          docs = j.docs.map(function (d) {
            return { url: d.location, title: d.title, text: d.text, lt: d.title.toLowerCase(), lx: d.text.toLowerCase() };
          });
        })
        .catch(function (e) {
          docs = [];
          failed = location.protocol === "file:"
            ? "Search needs the site to be served over HTTP (e.g. blogen serve): browsers do not let a page opened from a file load the search index."
            : "The search index could not be loaded (" + (e && e.message ? e.message : e) + ").";
        });
    }
    return loading;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function termsOf(q) {
    return q.toLowerCase().split(/[\s\-]+/).filter(function (t) { return t.length > 1; });
  }

  // Whether `t` occurs in `s` as a whole word (not inside a longer word).
  function wholeWord(s, t) {
    var from = 0, i;
    while ((i = s.indexOf(t, from)) >= 0) {
      var before = i === 0 ? "" : s.charAt(i - 1), after = s.charAt(i + t.length);
      if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
      from = i + 1;
    }
    return false;
  }

  function search(q) {
    var terms = termsOf(q);
    if (!terms.length) return [];
    var phrase = q.trim().toLowerCase();
    var hits = [];
    docs.forEach(function (d) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        var inTitle = d.lt.indexOf(t) >= 0, inText = d.lx.indexOf(t) >= 0;
        if (!inTitle && !inText) return;
        if (inTitle) score += wholeWord(d.lt, t) ? 100 : 30;
        if (inText) score += wholeWord(d.lx, t) ? 10 : 3;
      }
      if (terms.length > 1 && d.lt.indexOf(phrase) >= 0) score += 200;
      if (d.lt === phrase) score += 500;
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.d.title.length - b.d.title.length; });
    return hits.slice(0, 10);
  }

  // `s` as HTML with every term marked.
  function marked(s, terms) {
    if (!terms.length) return escapeHtml(s);
    var re = new RegExp("(" + terms.map(escapeRe).join("|") + ")", "gi");
    return s.split(re).map(function (part, i) {
      return i % 2 ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
    }).join("");
  }

  function snippet(d, terms) {
    var at = -1;
    for (var k = 0; k < terms.length && at < 0; k++) at = d.lx.indexOf(terms[k]);
    var i = Math.max(0, at - 60);
    return (i > 0 ? "…" : "") + d.text.substr(i, 160) + (i + 160 < d.text.length ? "…" : "");
  }

  function items() {
    return list.querySelectorAll("a");
  }

  function select(k) {
    var all = items();
    if (!all.length) { active = -1; return; }
    active = (k + all.length) % all.length;
    all.forEach(function (a, i) { a.classList.toggle("active", i === active); a.setAttribute("aria-selected", i === active); });
    all[active].scrollIntoView({ block: "nearest" });
  }

  function render() {
    var q = input.value.trim();
    active = -1;
    if (!docs || !q) { list.hidden = true; list.innerHTML = ""; return; }
    if (failed) {
      list.innerHTML = '<li class="none">' + escapeHtml(failed) + "</li>";
      list.hidden = false;
      return;
    }
    var terms = termsOf(q);
    var hits = search(q);
    list.innerHTML = hits.length
      ? hits.map(function (h) {
          var href = base + "/" + h.d.url;
          if (highlight) {
            var at = href.indexOf("#");
            var q2 = "h=" + encodeURIComponent(terms.join(" "));
            href = at < 0 ? href + "?" + q2 : href.slice(0, at) + "?" + q2 + href.slice(at);
          }
          return '<li><a role="option" href="' + escapeHtml(href) + '"><strong>' + marked(h.d.title, terms)
            + "</strong><span>" + marked(snippet(h.d, terms), terms) + "</span></a></li>";
        }).join("")
      : '<li class="none">' + escapeHtml(none) + " “" + escapeHtml(q) + "”</li>";
    list.hidden = false;
    if (hint) {
      // `search.suggest`: the first word of the best result that completes the last term.
      var last = q.toLowerCase().split(/\s+/).pop();
      completion = "";
      if (last.length > 1) {
        for (var k = 0; k < hits.length && !completion; k++) {
          var words = (hits[k].d.lt + " " + hits[k].d.lx.slice(0, 2000)).split(/[^\p{L}\p{N}_]+/u);
          for (var w = 0; w < words.length; w++) {
            if (words[w].length > last.length && words[w].indexOf(last) === 0) { completion = words[w]; break; }
          }
        }
      }
      hint.textContent = completion ? "→ " + completion : "";
    }
  }

  // `search.highlight`: a page opened from a result marks the searched terms (`?h=`).
  if (highlight) {
    var h = new URLSearchParams(location.search).get("h");
    var hterms = h ? termsOf(h).slice(0, 10) : [];
    if (hterms.length) {
      var re = new RegExp("(" + hterms.map(escapeRe).join("|") + ")", "gi");
      var content = document.querySelector("article.md-typeset, .md-main");
      var walker = content ? document.createTreeWalker(content, NodeFilter.SHOW_TEXT) : null;
      var nodes = [];
      while (walker && walker.nextNode() && nodes.length < 2000) {
        var n = walker.currentNode;
        if (!n.parentElement.closest("pre, code, script, style, mark") && re.test(n.nodeValue)) nodes.push(n);
        re.lastIndex = 0;
      }
      nodes.forEach(function (n) {
        var span = document.createElement("span");
        span.innerHTML = n.nodeValue.split(re).map(function (part, i) {
          return i % 2 ? '<mark class="search-hit">' + escapeHtml(part) + "</mark>" : escapeHtml(part);
        }).join("");
        n.replaceWith(span);
      });
    }
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load().then(render); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; render(); input.blur(); }
    else if (hint && completion && (e.key === "Tab" || (e.key === "ArrowRight" && input.selectionStart === input.value.length))) {
      e.preventDefault();
      input.value = input.value.replace(/\S*$/, completion) + " ";
      load().then(render);
    }
    else if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Enter") {
      var all = items();
      var target = all[active >= 0 ? active : 0];
      if (target) { e.preventDefault(); location.href = target.href; }
    }
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".search-box")) list.hidden = true;
  });
})();
