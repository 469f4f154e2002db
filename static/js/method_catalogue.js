// New strategy process: choosing a method preselects its field catalogue (the radio's
// data-field-catalogue; empty: the method has none). A catalogue chosen by hand is left alone:
// the select is changed only while it shows nothing chosen or what this script put there, so a
// choice made before this file had loaded counts as well.
// Without this script the form still works: no catalogue chosen means the method's.
(() => {
  if (window.methodCatalogue) {
    return; // a boosted navigation back to the page runs this file again
  }
  window.methodCatalogue = true;

  document.addEventListener("change", (event) => {
    const target = event.target;
    const select = target.form && target.form.elements.namedItem("catalogue");
    if (!select || !target.hasAttribute("data-field-catalogue")) {
      return;
    }
    const preselected = select.getAttribute("data-preselected");
    if (select.value === "" || select.value === preselected) {
      select.value = target.getAttribute("data-field-catalogue");
      select.setAttribute("data-preselected", select.value);
    }
  });
})();
