// greenpen review app: save-on-change and keyboard shortcuts. Everything works without this file
// (the forms post and redirect back); with it, a change is saved as soon as a field is left.
"use strict";
(function () {
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const queues = new WeakMap(); // one chain of saves per form, so versions follow each other

  function setStatus(form, text, kind) {
    const el = form.querySelector("[data-status]");
    if (!el) return;
    el.textContent = text;
    el.className = "status" + (kind ? " " + kind : "");
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" },
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = { message: "The server sent no answer — reload the page." }; }
    return { ok: response.ok, status: response.status, body: body };
  }

  function updateCard(card, answer) {
    if (!card || !answer) return;
    $$("input[name=version]", card).forEach((el) => { el.value = answer.version; });
    const badge = card.querySelector("[data-verdict] .badge");
    if (badge) { badge.textContent = answer.verdict; badge.className = "badge v-" + answer.verdict; }
    const score = card.querySelector("[data-score]");
    if (score) score.textContent = answer.score + "%";
    const teacher = card.querySelector("[data-teacher]");
    if (teacher) teacher.hidden = !answer.edited;
    const approved = card.querySelector("[data-approved]");
    if (approved) approved.hidden = !answer.reviewed;
    card.classList.toggle("approved", !!answer.reviewed);
  }

  function afterSave(form, result) {
    const card = form.closest("[data-answer]");
    if (!result.ok) {
      setStatus(form, result.body.message || "Not saved.", "error");
      if (result.status === 409) form.dataset.stale = "1";
      return false;
    }
    if (result.body.answer) updateCard(card, result.body.answer);
    if (result.body.version !== undefined) {
      $$("[data-submission-version]").forEach((el) => { el.value = result.body.version; });
    }
    if (result.body.score !== undefined && !result.body.answer) {
      const total = document.querySelector("[data-total]");
      if (total) total.textContent = result.body.score + "%";
    }
    setStatus(form, result.body.message === "Nothing changed." ? "" : "Saved ✓", "saved");
    return true;
  }

  function enqueue(form, fields) {
    const previous = queues.get(form) || Promise.resolve(true);
    const next = previous.then(async () => {
      if (form.dataset.stale) return false;
      const data = new FormData();
      data.append("version", form.elements.version.value);
      fields.forEach((el) => data.append(el.name, el.value));
      setStatus(form, "Saving…", "");
      try {
        return afterSave(form, await post(form.action, data));
      } catch (e) {
        setStatus(form, "Not saved: the server did not answer. Is greenpen serve still running?", "error");
        return false;
      }
    });
    queues.set(form, next);
    return next;
  }

  // Save one field as soon as it changes (a textarea changes when it is left).
  document.addEventListener("change", (event) => {
    const el = event.target;
    const form = el.form;
    if (!form || !form.matches("[data-autosave]") || !el.name || el.type === "hidden") return;
    enqueue(form, [el]);
  });

  // The Save button of an autosave form, and the approve buttons: send as JSON, stay on the page.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-autosave]")) {
      event.preventDefault();
      enqueue(form, $$("input:not([type=hidden]), select, textarea", form).filter((el) => el.name));
    } else if (form.matches("[data-fetch]")) {
      event.preventDefault();
      const card = form.closest("[data-answer]");
      const edit = card && card.querySelector("form[data-autosave]");
      (edit ? (queues.get(edit) || Promise.resolve(true)) : Promise.resolve(true)).then(async () => {
        const result = await post(form.action, new FormData(form));
        const target = edit || form;
        if (afterSave(target, result)) {
          setStatus(target, "Approved ✓", "saved");
          move(1);
        }
      });
    }
  });

  // ── keyboard: j/k next/previous, a approve, e edit, u undo, ? help ──
  let current = -1;
  const cards = () => $$("[data-card]");

  function select(index) {
    const all = cards();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((c, i) => c.classList.toggle("current", i === current));
    all[current].scrollIntoView({ block: "start", behavior: "smooth" });
    all[current].focus({ preventScroll: true });
  }
  function move(step) { select(current < 0 ? 0 : current + step); }
  function currentCard() { const all = cards(); return current >= 0 ? all[current] : all[0]; }

  document.addEventListener("keydown", (event) => {
    const el = event.target;
    const typing = el.closest && el.closest("input, textarea, select");
    if (event.key === "Escape" && typing) { el.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const card = currentCard();
    if (event.key === "j") { move(1); }
    else if (event.key === "k") { move(-1); }
    else if (event.key === "a" && card) {
      const button = card.querySelector("[data-approve]");
      if (button) { if (current < 0) select(0); button.click(); }
    } else if (event.key === "e" && card) {
      if (current < 0) select(0);
      const box = card.querySelector("textarea");
      if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
    } else if (event.key === "u") {
      const undo = document.querySelector("[data-undo] button:not([disabled])");
      if (undo) undo.click();
    } else if (event.key === "?") { toggleKeys(); }
    else { return; }
    event.preventDefault();
  });

  function toggleKeys() {
    const help = document.getElementById("keys");
    const button = document.querySelector("[data-keys-toggle]");
    if (!help) return;
    help.hidden = !help.hidden;
    if (button) button.setAttribute("aria-expanded", String(!help.hidden));
  }
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-keys-toggle]")) toggleKeys();
  });

  // Start on the answer named in the address (#a12), e.g. after a form post without JavaScript.
  document.addEventListener("DOMContentLoaded", () => {
    const id = location.hash.slice(1);
    if (!id) return;
    const index = cards().findIndex((c) => c.id === id);
    if (index >= 0) select(index);
  });
})();
