// Mil2Mil report navigation: one document at a time, chosen by the URL fragment
// (#doc-<n>); without JavaScript every document stays visible, one below the other.
(function () {
  "use strict";
  var docs = Array.prototype.slice.call(document.querySelectorAll("section.doc"));
  var links = Array.prototype.slice.call(document.querySelectorAll("nav.docs a[data-doc]"));
  if (!docs.length) { return; }
  document.documentElement.classList.add("js");

  function show() {
    var id = window.location.hash.slice(1);
    var target = docs.filter(function (d) { return d.id === id; })[0] || docs[0];
    docs.forEach(function (d) { d.classList.toggle("hidden", d !== target); });
    links.forEach(function (a) { a.classList.toggle("current", a.getAttribute("data-doc") === target.id); });
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.target && /^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName)) { return; }
    var current = docs.filter(function (d) { return !d.classList.contains("hidden"); })[0];
    var i = docs.indexOf(current);
    if (ev.key === "j" && i < docs.length - 1) { window.location.hash = docs[i + 1].id; }
    if (ev.key === "k" && i > 0) { window.location.hash = docs[i - 1].id; }
  });
  // the gold and the predicted text of a document scroll together
  Array.prototype.forEach.call(document.querySelectorAll(".texts"), function (pair) {
    var panes = pair.querySelectorAll(".text");
    if (panes.length !== 2) { return; }
    Array.prototype.forEach.call(panes, function (pane, i) {
      pane.addEventListener("scroll", function () {
        var other = panes[1 - i];
        if (other.scrollTop !== pane.scrollTop) { other.scrollTop = pane.scrollTop; }
      });
    });
  });
  window.addEventListener("hashchange", show);
  show();
})();
