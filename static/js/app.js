// Marks that JavaScript runs, so pages can swap no-JS fallbacks (confirmation pages) for
// in-place controls. Everything works without this file.
document.documentElement.classList.add("js");
