/* pulje web: small progressive enhancements. Every page works without this file.
   - the upload field: drag and drop, the files chosen, and the limits checked before sending;
   - a check that runs: its progress, and the page shown again when it is done. */
(function () {
  "use strict";

  function setupUpload(form) {
    var input = form.querySelector("input[type=file][data-max-files]");
    if (!input) { return; }
    var zone = form.querySelector("[data-dropzone]");
    var chosen = form.querySelector("[data-chosen]");
    var error = form.querySelector("[data-error]");
    var folder = form.querySelector("input[type=file][webkitdirectory]");

    function files() {
      var all = Array.prototype.slice.call(input.files || []);
      if (folder) { all = all.concat(Array.prototype.slice.call(folder.files || [])); }
      return all;
    }
    function showChosen() {
      // Danish and English both use the singular for 1 only (the catalogue's plural rule).
      var n = files().length;
      if (chosen) {
        chosen.textContent = (n === 1 ? input.dataset.chosenOne : input.dataset.chosenMany)
          .replace("{n}", n);
      }
      if (error && !error.hidden) { clearError(); }
    }
    var field = input.closest(".field");
    function showError(text) {
      error.textContent = text;
      error.hidden = false;
      if (field) { field.classList.add("field-error"); }
      input.setAttribute("aria-invalid", "true");
      var described = (input.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(error.id) < 0) { described.push(error.id); }
      input.setAttribute("aria-describedby", described.join(" ").trim());
      input.focus();
    }
    function clearError() {
      error.hidden = true;
      if (field) { field.classList.remove("field-error"); }
      input.removeAttribute("aria-invalid");
    }

    input.addEventListener("change", showChosen);
    if (folder) { folder.addEventListener("change", showChosen); }
    if (zone) {
      zone.addEventListener("dragover", function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
      zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        zone.classList.remove("dragging");
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          showChosen();
        }
      });
    }
    form.addEventListener("submit", function (event) {
      var list = files();
      var bytes = list.reduce(function (sum, file) { return sum + file.size; }, 0);
      var message = "";
      if (!list.length) { message = input.dataset.none; }
      else if (list.length > Number(input.dataset.maxFiles)) { message = input.dataset.tooMany; }
      else if (bytes > Number(input.dataset.maxBytes)) { message = input.dataset.tooLarge; }
      if (message) {
        event.preventDefault();
        showError(message);
      }
    });
  }

  function poll(element) {
    var url = element.dataset.poll;
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          if (state.status === "faerdig" || state.status === "fejlet") {
            window.location.reload();
            return;
          }
          if (state.text && element.textContent !== state.text) { element.textContent = state.text; }
          window.setTimeout(ask, 1500);
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), setupUpload);
    Array.prototype.forEach.call(document.querySelectorAll("[data-poll]"), poll);
  });
}());
