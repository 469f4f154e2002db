// Small progressive enhancements. Every page works without this file.

// Marks that JavaScript runs, so pages can swap no-JS fallbacks (confirmation pages) for
// in-place controls.
document.documentElement.classList.add("js");

// On narrow screens the step navigation is a horizontal strip: show the current step.
function showCurrentStep() {
  const list = document.querySelector(".step-nav__list");
  const current = list && list.querySelector(".step-nav__item--current");
  if (current && list.scrollWidth > list.clientWidth) {
    list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
  }
}

// After htmx swaps a region, keyboard focus must not fall back to the top of the page.
// htmx focuses an [autofocus] element in the new content itself; otherwise the region
// that was swapped takes the focus, so keyboard and screen-reader users stay where they were.
// The id is kept with the request, since an outerHTML swap replaces the target element.
document.addEventListener("htmx:beforeSwap", (event) => {
  event.detail.xhr.swappedRegionId = event.detail.target && event.detail.target.id;
});
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.target && event.detail.target.id === "step-nav") {
    showCurrentStep();
  }
  const active = document.activeElement;
  const focusLost = !active || active === document.body || !document.contains(active);
  const regionId = event.detail.xhr && event.detail.xhr.swappedRegionId;
  const region = regionId && document.getElementById(regionId);
  if (focusLost && region && region.id !== "step-nav" && region.id !== "flash") {
    if (!region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "-1");
    }
    region.focus({ preventScroll: true });
  }
});

document.addEventListener("DOMContentLoaded", showCurrentStep);
