// Prioritisation: keyboard moves (Alt + ↑/↓) and drag and drop of ranking rows.
// Only an addition: every move also works with the buttons and the rank field of each row,
// which post to the server; the server alone changes ranks and answers the new ranking.
// Listeners sit on the document, so they keep working after htmx swaps the ranking.
(() => {
  if (window.rankingEnhanced) {
    return; // a boosted navigation back to the page runs this file again
  }
  window.rankingEnhanced = true;

  const rowOf = (element) => element.closest && element.closest("#ranking tbody tr");

  // Presses the row's own button, so the request is exactly the one a click sends.
  function press(row, value) {
    const button = row.querySelector(`button[name=direction][value=${value}]`);
    if (!button || button.disabled) {
      return false;
    }
    button.click();
    return true;
  }

  // Alt + ↑ / Alt + ↓ on any control of a row moves its measure; the focus comes back to the
  // same control of the moved row and the message area announces the new rank.
  let refocus = null;
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") {
      return;
    }
    const row = rowOf(event.target);
    if (!row || !event.target.matches("input, button")) {
      return;
    }
    event.preventDefault();
    // The answer focuses the moved row's ↑ or ↓ button; the control used keeps the focus instead.
    const control = event.target;
    let selector = "button[type=submit]:not([name])";
    if (control.matches("input")) {
      selector = "input[name=rank]";
    } else if (control.value) {
      selector = `button[value=${control.value}]`;
    }
    if (press(row, event.key === "ArrowUp" ? "up" : "down")) {
      refocus = { row: row.id, selector };
    }
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    if (!refocus || event.target.id !== "ranking") {
      return; // e.g. the step navigation refreshed by the move before
    }
    const wanted = refocus && document.querySelector(`#${refocus.row} ${refocus.selector}`);
    refocus = null;
    if (wanted && !wanted.disabled) {
      wanted.focus();
    }
  });

  // Drag and drop by the handle: dropping on a row posts that row's rank as the new rank.
  let dragged = null;

  function clearMarks() {
    document.querySelectorAll(".ranking-drop--before, .ranking-drop--after").forEach((row) => {
      row.classList.remove("ranking-drop--before", "ranking-drop--after");
    });
  }

  function rankOf(row) {
    return [...row.parentElement.children].indexOf(row) + 1;
  }

  document.addEventListener("dragstart", (event) => {
    const handle = event.target.closest && event.target.closest(".ranking-handle");
    if (!handle) {
      return;
    }
    dragged = rowOf(handle);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
    event.dataTransfer.setDragImage(dragged, 16, 16);
    dragged.classList.add("ranking-row--dragged");
  });

  document.addEventListener("dragover", (event) => {
    const row = dragged && rowOf(event.target);
    if (!row) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    if (row !== dragged) {
      row.classList.add(rankOf(row) < rankOf(dragged) ? "ranking-drop--before" : "ranking-drop--after");
    }
  });

  document.addEventListener("drop", (event) => {
    const row = dragged && rowOf(event.target);
    if (!row) {
      return;
    }
    event.preventDefault();
    const source = dragged;
    // The answer replaces the rows, so "dragend" may never reach the document: end here.
    dragged = null;
    source.classList.remove("ranking-row--dragged");
    clearMarks();
    if (row === source) {
      return;
    }
    const input = source.querySelector("input[name=rank]");
    const submit = source.querySelector("button[type=submit]:not([name])");
    input.value = String(rankOf(row));
    submit.click(); // the form's default button: posts the rank, no direction
  });

  document.addEventListener("dragend", () => {
    clearMarks();
    if (dragged) {
      dragged.classList.remove("ranking-row--dragged");
    }
    dragged = null;
  });
})();
