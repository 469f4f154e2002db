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
// htmx focuses an [autofocus] element in the new content itself. Should the focus be lost all
// the same (the focused element was replaced, or is disabled now, like the "down" button of a
// row that reached the end), the [autofocus] element, else the region that was swapped, takes
// it, so keyboard and screen-reader users stay where they were.
// The id is kept with the request, since an outerHTML swap replaces the target element.
// In a live region the focused control is found again by its id (the "+" of a ballot item), or
// its partner named by data-focus-partner (the "−" once "+" is disabled); a live update that
// nobody asked for never moves the focus.
// The control is remembered when it gets the focus, not when a swap starts: two swaps in quick
// succession (an answer, then a poll) must not lose it in between.
let liveFocusId = "";
document.addEventListener("focusin", (event) => {
  const inLiveRegion = event.target.closest && event.target.closest("[data-live-rev]");
  liveFocusId = inLiveRegion && event.target.id ? event.target.id : "";
});
document.addEventListener("htmx:beforeSwap", (event) => {
  const { xhr, target, requestConfig } = event.detail;
  xhr.swappedRegionId = target && target.id;
  xhr.livePoll = Boolean(requestConfig && requestConfig.elt.hasAttribute("data-live-poll"));
});
function refocusLiveControl(xhr) {
  const control = liveFocusId && document.getElementById(liveFocusId);
  if (control && !control.disabled) {
    control.focus({ preventScroll: true });
    return true;
  }
  const partnerId = control && control.getAttribute("data-focus-partner");
  const partner = partnerId && document.getElementById(partnerId);
  if (partner && !partner.disabled) {
    partner.focus({ preventScroll: true });
    return true;
  }
  return xhr.livePoll;
}
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.target && event.detail.target.id === "step-nav") {
    showCurrentStep();
  }
  const active = document.activeElement;
  const focusLost =
    !active || active === document.body || !document.contains(active) || active.disabled;
  const regionId = event.detail.xhr && event.detail.xhr.swappedRegionId;
  const region = regionId && document.getElementById(regionId);
  if (focusLost && region && region.hasAttribute("data-live-rev") && refocusLiveControl(event.detail.xhr)) {
    return;
  }
  // Any other poll (data-live-poll: the PDF's progress) leaves the focus alone.
  if (focusLost && region && event.detail.xhr && event.detail.xhr.livePoll) {
    return;
  }
  if (focusLost && region && region.id !== "step-nav" && region.id !== "flash") {
    const wanted = region.querySelector("[autofocus]:not([disabled])");
    if (wanted) {
      wanted.focus({ preventScroll: true });
      return;
    }
    if (!region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "-1");
    }
    region.focus({ preventScroll: true });
  }
});

document.addEventListener("DOMContentLoaded", showCurrentStep);

// ---------------------------------------------------------------------------------------------
// Saving must keep working after logging in again in another tab. Django rotates the CSRF token
// at login, so the token printed into <body data-hx-headers> goes stale; the cookie holds the
// current one. It replaces the header and the form's own hidden token (Django reads the form
// field first). Without the cookie the page's token stays as the fallback.
function currentCsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

document.addEventListener("htmx:configRequest", (event) => {
  const token = currentCsrfToken();
  if (!token) {
    return;
  }
  event.detail.headers["X-CSRFToken"] = token;
  if (event.detail.parameters.has("csrfmiddlewaretoken")) {
    event.detail.parameters.set("csrfmiddlewaretoken", token);
  }
});

// ---------------------------------------------------------------------------------------------
// Failed requests. A refusal with its reason (422: the form with its errors, the phone's room
// with why a dot was refused) is swapped in like any answer; htmx swaps nothing when a request
// fails otherwise (responseHandling in base.html), so without this the input would silently not
// be saved. Every failure shows a German message beside the form that sent the request (where
// the person looks, and where their input still is) and is announced in the message area
// #flash. The texts are in partials/client_messages.html. A 404 is answered by the server
// itself with a notice swapped into #flash.
function clientMessage(name) {
  const messages = document.getElementById("client-messages");
  const message = messages && messages.content.querySelector(`[data-message="${name}"]`);
  return message ? message.cloneNode(true) : null;
}

// A poll's success takes away only what a poll's failure said ("no connection"): that a dot or a
// proposal was not saved stays until the person's next action succeeds.
function clearFailures(onlyPolls) {
  const selector = onlyPolls ? ".request-failure[data-poll-failure]" : ".request-failure";
  document.querySelectorAll(selector).forEach((node) => node.remove());
}

function showFailure(elt, name) {
  const alert = clientMessage(name);
  const flash = document.getElementById("flash");
  if (!alert || !flash) {
    return;
  }
  const fromPoll = elt.hasAttribute("data-live-poll");
  clearFailures(fromPoll);
  if (fromPoll) {
    alert.setAttribute("data-poll-failure", "");
  }
  // A thank-you shown before would contradict the message.
  const liveRegion = elt.closest("[data-live-rev]");
  if (liveRegion) {
    liveRegion.querySelectorAll(".kern-alert--success").forEach((thanks) => thanks.remove());
  }
  const form = elt.closest("form");
  // A row of small buttons and links (move, edit, delete) gets the message below the row, not
  // squeezed into it.
  const place = elt.closest(".item__actions") || form;
  if (place) {
    // A "Saved" badge from an earlier save would contradict the message.
    if (form) {
      form.querySelectorAll(".kern-badge--success").forEach((badge) => badge.remove());
    }
    place.after(alert);
    // The live region announces the text once; it is shown once, beside the form.
    const announcement = document.createElement("p");
    announcement.className = "kern-sr-only request-failure";
    announcement.textContent = alert.textContent.replace(/\s+/g, " ").trim();
    flash.append(announcement);
  } else {
    // A link (a step, say) or a region refresh failed: the message area is the place. After a
    // click it is brought into view; a background refresh does not move the page.
    flash.append(alert);
    if (elt.closest("a, button")) {
      flash.scrollIntoView({ block: "nearest" });
    }
  }
}

document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  let name = "error";
  // 401: logged out (workshops.middleware); a 403 with this header: CSRF failure (workshops.errors).
  if (xhr.status === 401 || xhr.getResponseHeader("X-Session-Expired")) {
    name = "expired";
  } else if (xhr.status === 403) {
    name = "forbidden";
  }
  showFailure(event.detail.elt, name);
});
document.addEventListener("htmx:sendError", (event) => showFailure(event.detail.elt, "offline"));
document.addEventListener("htmx:timeout", (event) => showFailure(event.detail.elt, "timeout"));
document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.successful) {
    // The poll's element itself may have been replaced by its answer by now.
    const { requestConfig } = event.detail;
    clearFailures(Boolean(requestConfig && requestConfig.elt.hasAttribute("data-live-poll")));
  }
});

// ---------------------------------------------------------------------------------------------
// Unsaved input is never thrown away without asking. A field is unsaved when its value differs
// from what the server rendered (defaultValue & co.), so nothing needs tracking: after a save the
// swapped-in HTML brings new defaults. A form the server sent back with errors was not saved,
// though its values are the new defaults, so its filled fields count as unsaved too; so does a
// form marked [data-unsaved-pending].
// Fields inside [data-unsaved-ignore] (a login form, a filter) are not content to keep.
const NO_CONTENT_TYPES = ["hidden", "submit", "button", "reset", "image"];

function isUnsaved(field) {
  if (field.disabled || field.closest("[data-unsaved-ignore]")) {
    return false;
  }
  if (field.tagName === "SELECT") {
    const options = Array.from(field.options);
    if (field.multiple) {
      return options.some((option) => option.selected !== option.defaultSelected);
    }
    const initial = Math.max(0, options.findIndex((option) => option.defaultSelected));
    return options.length > 0 && field.selectedIndex !== initial;
  }
  if (field.type === "checkbox" || field.type === "radio") {
    return field.checked !== field.defaultChecked;
  }
  if (NO_CONTENT_TYPES.includes(field.type)) {
    return false;
  }
  // [data-unsaved-pending]: the server put text into the form that is not saved yet (a text
  // module inserted into a document text).
  const rejected =
    field.form && field.form.querySelector(".kern-error, .kern-alert--danger, [data-unsaved-pending]");
  return field.value !== field.defaultValue || Boolean(rejected && field.value.trim());
}

function hasUnsavedInput(region, except) {
  return Array.from(region.querySelectorAll("input, textarea, select")).some(
    (field) => !(except && except.contains(field)) && isUnsaved(field),
  );
}

// Whether replacing `region` would throw away unsaved input (besides that of `except`, the form
// being sent): what keeps its place in a live region survives the swap.
function losesInput(region, except) {
  return Array.from(region.querySelectorAll("input, textarea, select")).some(
    (field) => !(except && except.contains(field)) && !keepsItsPlace(field) && isUnsaved(field),
  );
}

// Whether the response will replace the target's content (not add beside it or swap nothing).
function replacesTarget(elt) {
  const holder = elt.closest("[data-hx-swap]");
  const style = holder ? holder.getAttribute("data-hx-swap").trim().split(/\s+/)[0] : "innerHTML";
  return style === "innerHTML" || style === "outerHTML";
}

// Before any htmx request: would it replace a region holding unsaved input other than the form
// that sends it (which is being saved)? Boosted links and forms replace the whole page.
document.addEventListener("htmx:confirm", (event) => {
  const { elt, target, triggeringEvent } = event.detail;
  if (elt.hasAttribute("data-live-poll")) {
    if (livePollMustWait(elt)) {
      event.preventDefault();
    }
    return;
  }
  if (!target || !replacesTarget(elt) || !losesInput(target, elt.closest("form"))) {
    return;
  }
  // The refreshes after a change elsewhere (#step-nav, #overview, #plan-progress) hold no
  // inputs; should one ever hold unsaved input, it waits for the next change instead of asking.
  if (triggeringEvent && triggeringEvent.type === "workshopChanged") {
    event.preventDefault();
    return;
  }
  // Declining cancels the request; accepting lets it go on (still through its own hx-confirm).
  const question = clientMessage(target === document.body ? "unsaved-leave" : "unsaved-region");
  if (!window.confirm(question.textContent.trim())) {
    event.preventDefault();
  }
});

// Live polls (cockpit, phones, projector) wait while someone types or has a field focused in the
// region they would replace, and while the projector's updates are paused (WCAG 2.2.2). The
// next poll after that brings everything that changed meanwhile. A form that keeps its place
// (below) does not hold them up.
function livePollMustWait(region) {
  const focused = document.activeElement;
  // A focused radio button or checkbox holds nothing typed (and keeps the focus after a tap).
  const typing =
    focused &&
    region.contains(focused) &&
    !keepsItsPlace(focused) &&
    focused.matches("input:not([type=radio]):not([type=checkbox]), textarea, select");
  return typing || losesInput(region) || Boolean(document.querySelector('[data-live-pause][aria-pressed="true"]'));
}

// A live region shows the session's revision (data-live-rev). A poll answered before a change but
// arriving after the answer to that change (a contribution accepted) would show the older state
// again: such an answer is not swapped in. A phone's own changes (a proposal, a dot before the
// reveal) leave the revision alone, so their forms abort a poll in flight instead (hx-sync).
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  const shown = target && target.getAttribute("data-live-rev");
  const found = shown && /data-live-rev="(\d+)"/.exec(event.detail.serverResponse || "");
  if (found && Number(found[1]) < Number(shown)) {
    event.detail.shouldSwap = false;
  }
});

// On a phone, the form being typed in keeps its place while a poll renews the room around it
// (data-hx-preserve with an id, which htmx moves into the new room): the heading, the ballot and
// the list of one's own contributions stay current, and the text, the focus and the keyboard
// stay where they are. The form's own answer, or a poll while it holds nothing, replaces it.
// Should the new room have no place for it (the contribution was decided meanwhile), the poll
// waits, as for any other typing.
function keepsItsPlace(node) {
  return Boolean(node.closest("[data-live-rev] [data-hx-preserve][id]"));
}

function holdsInput(element) {
  return element.contains(document.activeElement) || hasUnsavedInput(element);
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const { target, requestConfig } = event.detail;
  if (!event.detail.shouldSwap || !target || !target.hasAttribute("data-live-rev")) {
    return;
  }
  const sender = requestConfig && requestConfig.elt;
  const response = event.detail.serverResponse || "";
  const keep = [];
  const renew = [];
  target.querySelectorAll("[data-hx-preserve][id]").forEach((element) => {
    const held = holdsInput(element) && !(sender && element.contains(sender));
    (held ? keep : renew).push(element);
  });
  const homeless = keep.filter((element) => !response.includes(`id="${element.id}"`));
  if (homeless.length && event.detail.xhr.livePoll) {
    event.detail.shouldSwap = false;
    return;
  }
  // Without its id, htmx does not find the old element, and the server's new one is used.
  renew.forEach((element) => element.removeAttribute("id"));
  // The person's own action brought a room without a place for what they are typing: it goes
  // at the end of the new room, and its sending says what became of it.
  event.detail.xhr.homeless = homeless;
});
document.addEventListener("htmx:afterSwap", (event) => {
  const { xhr } = event.detail;
  const region = xhr.swappedRegionId && document.getElementById(xhr.swappedRegionId);
  (xhr.homeless || []).forEach((element) => {
    if (region && !document.contains(element)) {
      region.append(element);
    }
  });
});

// A kept form says which agenda item it is for once the room has moved on to another.
document.addEventListener("htmx:afterSettle", () => {
  document.querySelectorAll(".live-room[data-live-item] form[data-live-item]").forEach((form) => {
    const room = form.closest(".live-room");
    const caption = form.querySelector("[data-live-form-for]");
    if (caption) {
      caption.hidden = form.dataset.liveItem === room.dataset.liveItem;
    }
  });
});

// What a phone was told about its own last action (a refused dot, a failed request) stays in
// the room when a poll renews it, at the place it was shown; the person's next action answers
// anew.
function placeOf(node) {
  for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
    if (sibling.id) {
      return { id: sibling.id, after: true };
    }
  }
  const parent = node.parentElement && node.parentElement.closest("[id]");
  return parent ? { id: parent.id, after: false } : null;
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const { target, xhr } = event.detail;
  if (!event.detail.shouldSwap || !target || !target.hasAttribute("data-live-rev") || !xhr.livePoll) {
    return;
  }
  xhr.keptNotices = Array.from(
    target.querySelectorAll("[data-live-notice], .request-failure:not([data-poll-failure])"),
  ).map((notice) => ({ notice, place: placeOf(notice) }));
});
document.addEventListener("htmx:afterSwap", (event) => {
  (event.detail.xhr.keptNotices || []).forEach(({ notice, place }) => {
    const anchor = place && document.getElementById(place.id);
    if (!anchor || document.contains(notice)) {
      return;
    }
    if (place.after) {
      anchor.after(notice);
    } else {
      anchor.prepend(notice);
    }
  });
});


// The open item's countdown counts down on the page between two polls: from the seconds the
// server said were left when it rendered, so a wrong clock on the device does not matter.
const countdownStarts = new WeakMap();
function tickCountdowns() {
  const now = Date.now();
  document.querySelectorAll("[data-countdown-seconds]").forEach((timer) => {
    if (!countdownStarts.has(timer)) {
      countdownStarts.set(timer, now);
    }
    const elapsed = Math.floor((now - countdownStarts.get(timer)) / 1000);
    const left = Math.max(0, Number(timer.dataset.countdownSeconds) - elapsed);
    const clock = timer.querySelector("[data-countdown-clock]");
    clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    timer.classList.toggle("live-countdown--over", left === 0);
  });
}
setInterval(tickCountdowns, 1000);

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-live-pause]");
  if (button) {
    const paused = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(paused));
  }
});

// Real navigation (reload, address bar, a link that is not boosted, a native form submit): the
// browser's own question. The form being submitted is what is being saved.
let submittedForm = null;
document.addEventListener("submit", (event) => {
  if (!event.defaultPrevented) {
    submittedForm = event.target;
  }
});
window.addEventListener("beforeunload", (event) => {
  if (hasUnsavedInput(document.body, submittedForm)) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// Ziele & Maßnahmen: a link to a field (…/massnahmen/#field-12) opens that field; its
// collapsed section loads its goals and measures when its disclosure opens.
function openLinkedField() {
  if (!/^#field-\d+$/.test(location.hash)) {
    return;
  }
  const details = document.querySelector(`${location.hash} > details.field-details`);
  if (details && !details.open) {
    details.open = true;
  }
}
document.addEventListener("DOMContentLoaded", openLinkedField);
window.addEventListener("hashchange", openLinkedField);
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.boosted) {
    openLinkedField();
  }
});
