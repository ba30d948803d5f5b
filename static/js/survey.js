/* The answer form on a phone: a progress bar ("已答 x / N 题") and autosave of the answers
   so far as a server-side draft (surveys.drafts), so a WeChat reload or an app switch loses
   nothing. Without this script the form works the same; drafts are then kept when a
   submission comes back with errors. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.FormData) { return; }
  var url = form.getAttribute("data-draft");
  var questions = form.querySelectorAll(".sv-q");
  var progress = document.getElementById("sv-progress");
  var timer = null;
  var dirty = false;

  function answered(q) {
    var inputs = q.querySelectorAll("input, textarea, select");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if (el.type === "radio" || el.type === "checkbox" ? el.checked : el.value.trim() !== "") { return true; }
    }
    return false;
  }

  function showProgress() {
    if (!progress) { return; }
    var done = 0;
    for (var i = 0; i < questions.length; i++) { if (answered(questions[i])) { done++; } }
    progress.hidden = false;
    progress.querySelector(".sv-count").textContent = String(done);
    progress.querySelector(".sv-fill").style.width = (questions.length ? 100 * done / questions.length : 0) + "%";
  }

  function save() {
    timer = null;
    if (!dirty) { return; }
    dirty = false;
    if (window.fetch) {
      window.fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: true })
        .catch(function () { dirty = true; });
    }
  }

  function changed() {
    dirty = true;
    showProgress();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1200);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); } dirty = false; });
  // WeChat switched away or the page is being left: save now.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && navigator.sendBeacon) {
      dirty = false;
      navigator.sendBeacon(url, new FormData(form));
    }
  });
  showProgress();
}());
