/* plansite home: the map's period as URL state. The period choice is radios that work without script
   (CSS shows the panel of the checked one); this only makes a period shareable: ?year=2024 (or
   ?year=2025-06 / 2025-12 for the two halves of the merger year) checks that radio on load, and a
   choice writes it back to the address without reloading. Loaded with `defer` by the home page. */
(function () {
  "use strict";
  function init() {
    var choice = document.querySelector(".home-map__choice");
    if (!choice) { return; }
    var params = new URLSearchParams(window.location.search);
    var wanted = params.get("year");
    if (wanted) {
      var radios = choice.querySelectorAll("input[type=radio]");
      for (var i = 0; i < radios.length; i++) {
        // "2025" alone picks the later half of the merger year: the units of today
        if (radios[i].value === wanted || radios[i].value === wanted + "-12") { radios[i].checked = true; break; }
      }
    }
    choice.addEventListener("change", function (event) {
      var params = new URLSearchParams(window.location.search);
      params.set("year", event.target.value);
      window.history.replaceState(null, "", "?" + params.toString() + window.location.hash);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
