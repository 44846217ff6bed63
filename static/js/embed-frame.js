// Inside a widget's iframe (templates/kit/embed.html): tells the page that embeds it how tall
// the widget is, on load and whenever its size changes (a vote shows the results, the text
// wraps at another width), so that the host's engage-embed.js fits the frame to it: no inner
// scrollbar. The message carries only a number, so it is posted to any origin ("*"): the
// widget cannot know the host's origin for sure, and the host checks ours (event.origin).
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function measure() {
    var root = document.documentElement;
    return Math.ceil(Math.max(root.getBoundingClientRect().height, document.body ? document.body.scrollHeight : 0));
  }
  function post() {
    var height = measure();
    if (height && height !== last) {
      last = height;
      window.parent.postMessage({ type: "engage:height", height: height }, "*");
    }
  }
  function start() {
    post();
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(post);
      observer.observe(document.documentElement);
      if (document.body) observer.observe(document.body);
    } else {
      window.addEventListener("resize", post);
    }
    window.addEventListener("load", post);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
