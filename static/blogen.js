// blogen default theme: light/dark toggle (remembered), copy buttons on code blocks.
(function () {
  var root = document.documentElement;
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("blogen-theme", next); } catch (e) {}
      document.dispatchEvent(new CustomEvent("blogen:theme", { detail: next }));
    });
  }
  document.querySelectorAll(".md-typeset .highlight").forEach(function (block) {
    var code = block.querySelector("code");
    if (!code || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      // Line numbers (inline ones sit inside line spans and anchors) are not copied.
      var copy = code.cloneNode(true);
      copy.querySelectorAll(".linenos").forEach(function (n) { n.remove(); });
      var text = copy.textContent;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
    block.appendChild(button);
  });
})();
