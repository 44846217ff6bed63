// On the department's own page, next to an Engage widget's iframe (the embed code): fits each
// Engage iframe to the height its page reports (static/js/embed-frame.js inside it). Only
// messages from that iframe's own window AND from the Engage origin it was loaded from are
// obeyed; anything else is ignored. Without this script the iframe keeps its fixed height and
// scrolls.
(function () {
  "use strict";
  var MIN = 80, MAX = 20000;
  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-engage-embed]"));
  }
  function originOf(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "engage:height") return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow !== event.source || originOf(frame) !== event.origin) return;
      frame.style.height = Math.min(MAX, Math.max(MIN, Math.ceil(height))) + "px";
    });
  });
})();
