/* Focus and announcements, for keyboard and screen-reader users (issue 10).

   1. A page with form errors: focus moves to the error summary (components/form_errors.html),
      so that it is read first; its links lead to each field.
   2. After an htmx swap: if the focus was inside the part that was replaced (a Follow button,
      "Mark as read"), it moves into what replaced it, in this order: an element marked
      data-swap-focus, a control of the same name (the Following button that replaced Follow),
      an error summary, the first control, or the new part itself. A swap elsewhere (search
      results while typing, a preview) leaves the focus where it is.
   3. Announcements: the server names what changed in a polite live region (#announcer in
      base.html) by sending the header  HX-Trigger: {"announce": "You follow this now."}
      (workspaces.lib.htmx.announced(response, text) sets it). A part swapped in with its own
      status line (role="status", as search results' "3 links match your filter.") is read out
      the same way: a live region that arrives with the swap is not reliably read by itself.
   No inline script: CSP allows scripts from /static/ only. */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), " +
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
  var lostFocus = null; // the element that had focus inside the part being swapped out
  var outOfBand = new WeakSet(); // parts swapped out of band (the bell): never where the focus goes

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) { return; }
    region.textContent = "";
    // Written after a pause so that the same words twice in a row are read twice.
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function focusOn(element) {
    if (!element.matches(FOCUSABLE) && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function newFocus(part, lost) {
    if (part.matches("[data-swap-focus]")) { return part; }
    var marked = part.querySelector("[data-swap-focus]");
    if (marked) { return marked; }
    var name = lost.getAttribute("name");
    if (name) {
      var same = part.querySelector(lost.tagName + "[name='" + CSS.escape(name) + "']");
      if (same) { return same; }
    }
    return part.querySelector(".error-summary") || (part.matches(FOCUSABLE) ? part : part.querySelector(FOCUSABLE)) || part;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var target = event.detail.target;
    lostFocus = active && active !== document.body && target && target.contains(active) ? active : null;
  });

  // A status line inside the new part (not the part itself: a live region kept on the page,
  // like the draft status, whose content was swapped, is read by the browser already).
  function statusOf(part) {
    var status = part.querySelector("[role=status]");
    return status ? status.textContent.replace(/\s+/g, " ").trim() : "";
  }

  document.addEventListener("htmx:oobAfterSwap", function (event) { outOfBand.add(event.target); });

  // htmx fires afterSwap on each element it swapped in (several for an outerHTML swap), those
  // swapped out of band first.
  document.addEventListener("htmx:afterSwap", function (event) {
    var part = event.target;
    if (part.nodeType !== 1 || outOfBand.has(part)) { return; }
    var said = statusOf(part);
    if (said) { announce(said); }
    if (!lostFocus) { return; }
    var lost = lostFocus;
    lostFocus = null;
    var active = document.activeElement;
    if (document.body.contains(lost) || (active && active !== document.body)) { return; } // kept, or htmx restored it by id
    focusOn(newFocus(part, lost));
  });

  document.addEventListener("announce", function (event) {
    announce(event.detail && event.detail.value);
  });
}());
