// The plan page's text sections are <details>, open by default. When an anchor points inside one
// that the reader closed (a task's permalink, a link from the contents menu, another page), open
// every <details> around the target first, then bring the target into view.
(function () {
  "use strict";
  function target(hash) {
    if (!hash || hash.length < 2) return null;
    try { return document.getElementById(decodeURIComponent(hash.slice(1))); } catch (e) { return null; }
  }
  function reveal(el) {
    var opened = false;
    for (var d = el.parentElement; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) { d.open = true; opened = true; }
    }
    return opened;
  }
  function show() {
    var el = target(location.hash);
    if (el && reveal(el)) el.scrollIntoView();
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest('a[href^="#"]') : null;
    var el = a && target(a.getAttribute("href"));
    if (el) reveal(el);  // before the browser scrolls: the same hash again fires no hashchange
  });
  window.addEventListener("hashchange", show);
  show();
})();
