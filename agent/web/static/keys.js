// Onward's review queue: j/k move between emails, one key labels the focused one (posted in the
// background, the record is fixed at once); and the training log follows its progress. Everything
// here is an extra: without JavaScript every action is a plain form.
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue .item:not(.done)")); }
  function focusAt(i) {
    var list = items();
    if (!list.length) { return; }
    var item = list[Math.max(0, Math.min(i, list.length - 1))];
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }
  function current() {
    var list = items();
    var i = list.indexOf(document.activeElement && document.activeElement.closest(".item"));
    return { list: list, i: i };
  }
  function say(text, ok) {
    var note = document.querySelector(".done-note");
    if (!note) { return; }
    note.hidden = false;
    note.textContent = text;
    note.className = "done-note flash " + (ok ? "ok" : "bad");
  }
  function label(item, value) {
    var body = new URLSearchParams();
    body.set("csrf", csrf);
    body.set("message_id", item.getAttribute("data-mid"));
    body.set("label", value);
    var next = items().indexOf(item);
    fetch("/actions/label", { method: "POST", body: body, credentials: "same-origin",
                              headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        say(answer.message, answer.ok);
        if (answer.ok) {
          item.classList.add("done");
          item.setAttribute("aria-label", (item.getAttribute("aria-label") || "") + ", labelled " + value);
          item.removeAttribute("tabindex");
          focusAt(next);
        }
      })
      .catch(function () { say("the label could not be saved: is onward web still running?", false); });
  }

  if (document.querySelector(".queue")) {
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
      var tag = (ev.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") { return; }
      var pos = current();
      if (ev.key === "j") { focusAt(pos.i + 1); ev.preventDefault(); return; }
      if (ev.key === "k") { focusAt(pos.i < 0 ? 0 : pos.i - 1); ev.preventDefault(); return; }
      if (pos.i < 0) { return; }
      var button = pos.list[pos.i].querySelector('button[data-key="' + ev.key + '"]');
      if (button) { ev.preventDefault(); label(pos.list[pos.i], button.value); }
    });
    focusAt(0);
  }

  var log = document.getElementById("train-log");
  if (log && log.getAttribute("data-running") === "yes") {
    var timer = setInterval(function () {
      fetch("/api/train", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (t) {
        log.textContent = t.lines.join("\n");
        var state = document.getElementById("train-state");
        if (!t.running) {
          clearInterval(timer);
          if (state) { state.textContent = "finished (exit " + t.code + ")"; }
        }
      });
    }, 2000);
  }
})();
