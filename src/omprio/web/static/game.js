// The budget game's live totals: the package's saving per year against the target, and the
// submit button enabled only when every year reaches it. The server checks again on submit.
(function () {
  "use strict";
  var form = document.getElementById("game-form");
  if (!form) { return; }
  var box = document.getElementById("game-totals");
  var fmt = new Intl.NumberFormat(box.dataset.lang === "en" ? "en-GB" : "da-DK",
                                  { maximumFractionDigits: 0 });
  var send = document.getElementById("game-send");
  var state = document.getElementById("game-state");
  function share(item) {
    var code = item.dataset.code;
    var picked = form.querySelector('input[name="m-' + CSS.escape(code) + '"]:checked');
    if (!picked || picked.value === "1") { return 1; }
    if (picked.value === "0") { return 0; }
    var range = form.querySelector('input[name="s-' + CSS.escape(code) + '"]');
    return range ? Number(range.value) / 100 : 1;
  }
  function update() {
    var sums = {};
    form.querySelectorAll(".game-measure").forEach(function (item) {
      var net = JSON.parse(item.dataset.net);
      var part = share(item);
      Object.keys(net).forEach(function (year) {
        sums[year] = (sums[year] || 0) + part * Number(net[year]);
      });
      var range = item.querySelector('input[type="range"]');
      if (range) { range.nextElementSibling.textContent = range.value + " %"; }
    });
    var ok = true;
    box.querySelectorAll("[data-total]").forEach(function (cell) {
      var year = cell.dataset.total;
      var total = sums[year] || 0;
      cell.textContent = fmt.format(total);
      var goalCell = box.querySelector('[data-target="' + year + '"]');
      var gap = 0;
      if (goalCell && goalCell.dataset.value !== "") {
        gap = Math.max(total - Number(goalCell.dataset.value), 0);
      }
      if (gap > 0.0000001) { ok = false; }
      box.querySelector('[data-gap="' + year + '"]').textContent = fmt.format(gap);
    });
    send.disabled = !ok;
    state.className = "game-state " + (ok ? "ok" : "short");
    state.textContent = ok ? state.dataset.ok : state.dataset.short;
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}());
