// blogen default theme: client-side search over search/search_index.json, loaded on first use.
// Works offline: the index is a file of the site, nothing is sent anywhere.
(function () {
  var input = document.querySelector(".search-input");
  var list = document.querySelector(".search-results");
  if (!input || !list) return;
  var base = input.getAttribute("data-base") || ".";
  var docs = null, loading = null;

  function load() {
    if (!loading) {
      loading = fetch(base + "/search/search_index.json")
        .then(function (r) { return r.json(); })
        .then(function (j) {
          docs = j.docs.map(function (d) {
            return { url: d.location, title: d.title, text: d.text, lt: d.title.toLowerCase(), lx: d.text.toLowerCase() };
          });
        })
        .catch(function () { docs = []; });
    }
    return loading;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function search(q) {
    var terms = q.toLowerCase().split(/[\s\-]+/).filter(function (t) { return t.length > 1; });
    if (!terms.length) return [];
    var hits = [];
    docs.forEach(function (d) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = d.lt.indexOf(terms[i]) >= 0, inText = d.lx.indexOf(terms[i]) >= 0;
        if (!inTitle && !inText) return;
        score += (inTitle ? 10 : 0) + (inText ? 1 : 0);
      }
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 10);
  }

  function snippet(d, q) {
    var t = q.toLowerCase().split(/\s+/)[0] || "";
    var i = Math.max(0, d.lx.indexOf(t) - 60);
    return (i > 0 ? "…" : "") + d.text.substr(i, 160) + "…";
  }

  function render() {
    var q = input.value.trim();
    if (!docs || !q) { list.hidden = true; list.innerHTML = ""; return; }
    var hits = search(q);
    list.innerHTML = hits.length
      ? hits.map(function (h) {
          var href = base + "/" + h.d.url;
          return '<li><a href="' + escapeHtml(href) + '"><strong>' + escapeHtml(h.d.title) + "</strong><span>" + escapeHtml(snippet(h.d, q)) + "</span></a></li>";
        }).join("")
      : '<li class="none">No results</li>';
    list.hidden = false;
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load().then(render); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; render(); input.blur(); }
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".search-box")) list.hidden = true;
  });
})();
