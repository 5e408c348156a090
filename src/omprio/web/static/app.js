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

/* The import form: upload with a progress bar, then the server's phases (reading, checking,
   storing) as it streams them (omprio.web.phases), then the catalog. Without this script the
   form posts as an ordinary form. */
document.addEventListener("submit", function (event) {
  "use strict";
  var form = event.target;
  if (!form.matches || !form.matches("form[data-phases]") || !window.FormData) return;
  /* A button with its own address (save or delete a mapping profile) posts there. */
  if (event.submitter && event.submitter.hasAttribute("formaction")) return;
  var input = form.querySelector("input[type=file]");
  var file = input && input.files && input.files[0];
  var max = parseInt(form.dataset.maxBytes || "0", 10);
  var result = document.getElementById("import-result");
  var status = document.getElementById(form.dataset.phases);
  var bar = document.getElementById(form.dataset.progress);
  function notice(error, reason) {
    if (!result) return;
    result.textContent = "";
    var box = document.createElement("div");
    box.className = "notice error";
    box.setAttribute("role", "alert");
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = error;
    head.appendChild(strong);
    box.appendChild(head);
    if (reason) {
      var detail = document.createElement("p");
      detail.className = "detail";
      detail.textContent = reason;
      box.appendChild(detail);
    }
    result.appendChild(box);
  }
  function finish() {
    form.removeAttribute("aria-busy");
    if (bar) bar.hidden = true;
    if (status) status.textContent = "";
  }
  if (file && max && file.size > max) {
    event.preventDefault();
    notice(form.dataset.tooLarge || "", "");
    return;
  }
  event.preventDefault();
  if (result) result.textContent = "";
  form.setAttribute("aria-busy", "true");
  if (bar) { bar.hidden = false; bar.max = 100; bar.value = 0; }
  if (status) status.textContent = form.dataset.uploading || "";
  var xhr = new XMLHttpRequest();
  var seen = 0;
  var ended = false;
  function read() {
    var text = xhr.responseText || "";
    var end;
    while ((end = text.indexOf("\n", seen)) >= 0) {
      var line = text.slice(seen, end);
      seen = end + 1;
      var tab = line.indexOf("\t");
      if (tab < 0) continue;
      var kind = line.slice(0, tab);
      var value = JSON.parse(line.slice(tab + 1));
      if (kind === "phase") {
        if (bar) bar.removeAttribute("value"); /* the server's phases have no percentage */
        if (status) status.textContent = value;
      } else if (kind === "done") {
        ended = true;
        window.location.assign(value);
      } else if (kind === "error") {
        ended = true;
        finish();
        notice(value.error, value.reason);
      }
    }
  }
  xhr.upload.addEventListener("progress", function (progress) {
    if (!bar || !progress.lengthComputable || !progress.total) return;
    bar.value = Math.round((progress.loaded / progress.total) * 100);
    bar.textContent = bar.value + " %";
  });
  xhr.addEventListener("progress", read);
  xhr.addEventListener("load", function () {
    read();
    if (ended) return;
    finish();
    /* Refused before any line came (a bad CSRF token, the server gone): say so. */
    notice(form.dataset.failed || "", xhr.status ? String(xhr.status) + " " + xhr.statusText : "");
  });
  xhr.addEventListener("error", function () {
    finish();
    notice(form.dataset.failed || "", "");
  });
  xhr.open("POST", form.action);
  xhr.setRequestHeader("X-Omprio-Phases", "1");
  xhr.send(new FormData(form));
});
