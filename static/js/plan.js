// The project plan's answers save themselves (templates/measures/plan_answer.html): each answer
// form (data-autosave) posts itself with htmx on leaving the field and after a pause in typing.
// This script only keeps the page honest about it. Without it the answers still save; without
// JavaScript at all each answer has its own button.
// - While a request runs the answer's status says so; a request that fails says "not saved"
//   and shows the answer's button to try again.
// - After a save, the field's defaultValue becomes the saved text, so the unsaved-input guard
//   (app.js compares value with defaultValue) knows that nothing is left unsaved.
// - When the server answers with the whole answer (a validation error or an edit conflict, or
//   the save that clears such an error), whatever was typed since the request left is kept,
//   and so are focus and cursor.
(() => {
  // Boosted page changes run this script again; the listeners live on the document once.
  if (window.planAutosave) {
    return;
  }
  window.planAutosave = true;

  const autosaveForm = (elt) => (elt && elt.closest ? elt.closest("form[data-autosave]") : null);
  const fieldOf = (form) => form.querySelector("textarea");
  // The answer's own button (normally only without JavaScript) offers to try again.
  const showButton = (form, shown) => {
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.classList.toggle("nojs-only", !shown);
    }
  };
  const setStatus = (form, text) => {
    const status = form.querySelector(".plan-answer__status");
    if (status && text) {
      status.textContent = text;
    }
  };

  document.addEventListener("htmx:configRequest", (event) => {
    const form = autosaveForm(event.detail.elt);
    if (!form) {
      return;
    }
    form.sentValue = fieldOf(form).value;
    setStatus(form, form.dataset.savingText);
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = autosaveForm(event.detail.requestConfig && event.detail.requestConfig.elt);
    if (!form || event.detail.target !== form) {
      return;
    }
    // The whole answer comes back (an error): remember what the page holds now.
    const field = fieldOf(form);
    event.detail.xhr.planAnswer = {
      id: form.id,
      live: field.value,
      saved: field.defaultValue,
      focused: document.activeElement === field,
      start: field.selectionStart,
      end: field.selectionEnd,
    };
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    const before = event.detail.xhr && event.detail.xhr.planAnswer;
    if (before) {
      const form = document.getElementById(before.id);
      const field = form && fieldOf(form);
      if (field) {
        // Refused: the last saved text stays the default, so the guard keeps warning. Saved
        // (the answer comes back whole to clear an earlier error): the server's text is it.
        if (form.querySelector(".kern-error, .kern-alert--danger")) {
          field.defaultValue = before.saved;
        }
        field.value = before.live;
        if (before.focused) {
          field.focus({ preventScroll: true });
          field.setSelectionRange(before.start, before.end);
        }
      }
      return;
    }
    if (target && target.classList.contains("plan-answer__state")) {
      const form = autosaveForm(target);
      if (form && typeof form.sentValue === "string") {
        fieldOf(form).defaultValue = form.sentValue;
        showButton(form, false);
      }
    }
  });

  const failed = (event) => {
    const form = autosaveForm(event.detail.elt);
    if (form) {
      setStatus(form, form.dataset.failedText);
      showButton(form, true);
    }
  };
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
