// The contents menu (templates/_toc.html): open beside the text on a wide screen; on a phone a
// closed button, and choosing an entry closes it again so the section is what shows.
// The page works without this script: the menu is then an open list of links.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 59.9375em)");
  function fit() {
    document.querySelectorAll(".ps-contents__box").forEach(function (box) { box.open = !phone.matches; });
  }
  fit();
  phone.addEventListener("change", fit);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".ps-contents a");
    if (link && phone.matches) link.closest("details").open = false;
  });
})();
