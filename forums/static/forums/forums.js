// Forums: "Quote post 5" quotes the words selected in post 5, when there are some, straight
// into the reply box (attributed and linked like the server's quote). Without JavaScript, or
// with nothing selected, the link asks the server for the whole post quoted (?quote=5).
(function () {
  "use strict";
  let selected = "";

  function selectionIn(article) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !article.contains(selection.anchorNode)) return "";
    return selection.toString().trim();
  }

  // A mouse press may clear the selection before the click: remember it first.
  document.addEventListener("mousedown", function (event) {
    const link = event.target.closest("a[data-quote]");
    selected = link ? selectionIn(link.closest("article")) : "";
  }, true);

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-quote]");
    if (!link) return;
    const text = selected || selectionIn(link.closest("article"));
    selected = "";
    const box = document.querySelector("#reply textarea[name=text]");
    if (!text || !box) return;
    event.preventDefault();
    const quoted = text.split("\n").map(function (line) { return line ? "> " + line : ">"; }).join("\n");
    const head = "> **" + link.dataset.author + "** wrote in [post " + link.dataset.quote + "](" + link.dataset.url + "):\n>\n";
    const before = box.value.trim() ? box.value.replace(/\s*$/, "\n\n") : "";
    box.value = before + head + quoted + "\n\n";
    const answering = document.querySelector("#reply input[name=reply_to]");
    if (answering) answering.value = link.dataset.quote;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.dispatchEvent(new Event("input", { bubbles: true }));  // the preview and the draft follow
  });
})();
