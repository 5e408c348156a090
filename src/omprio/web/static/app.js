/* omprio: the little the pages need beyond htmx. No inline scripts (the CSP forbids them). */
(function () {
  "use strict";

  /* Upload progress: htmx fires htmx:xhr:progress for the upload; show it in the form's bar. */
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-progress]");
    if (!form) return;
    var input = form.querySelector("input[type=file]");
    var max = parseInt(form.dataset.maxBytes || "0", 10);
    if (input && input.files && input.files[0] && max && input.files[0].size > max) {
      event.preventDefault();
      var result = document.getElementById("import-result");
      if (result) {
        result.textContent = "";
        var box = document.createElement("div");
        box.className = "notice error";
        box.setAttribute("role", "alert");
        box.textContent = form.dataset.tooLarge || "";
        result.appendChild(box);
      }
      return;
    }
    var bar = document.getElementById(form.dataset.progress);
    if (bar) { bar.value = 0; bar.hidden = false; }
    form.setAttribute("aria-busy", "true");
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("form[data-progress]");
    if (!form || !event.detail || !event.detail.lengthComputable || !event.detail.total) return;
    var bar = document.getElementById(form.dataset.progress);
    if (!bar) return;
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    if (percent > bar.value) { bar.value = percent; bar.textContent = percent + " %"; }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-progress]");
    if (!form) return;
    form.removeAttribute("aria-busy");
    var bar = document.getElementById(form.dataset.progress);
    if (bar && !(event.detail && event.detail.successful)) bar.hidden = true;
  });

  /* Live validation: mark the inputs whose error slot the preview filled. */
  document.addEventListener("htmx:afterSettle", function () {
    var slots = document.querySelectorAll(".field-error[id^='err-']");
    for (var i = 0; i < slots.length; i++) {
      var input = document.getElementById("f-" + slots[i].id.slice(4));
      if (!input) continue;
      if (slots[i].textContent.trim()) {
        input.setAttribute("aria-invalid", "true");
        input.classList.add("invalid");
      } else {
        input.removeAttribute("aria-invalid");
        input.classList.remove("invalid");
      }
    }
  });
})();

/* A button with data-print prints the page (the scenario comparison's "Udskriv"). */
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) { window.print(); }
});
