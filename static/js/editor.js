// The formatting toolbar over every Markdown textarea (textarea[data-markdown]).
// Progressive enhancement: without this script the textarea works as it is, so the toolbar is
// made here, never in the HTML (no buttons that do nothing). The textarea stays the source of
// truth: every button only types Markdown into it, through the browser's own editing
// (execCommand "insertText"), so Ctrl+Z undoes a button like a keystroke and the "input" event
// that htmx's preview and the drafts listen for fires as for typing.
(function () {
  "use strict";

  var BUTTONS = [
    {name: "Bold", key: "b", run: function (t) { wrap(t, "**", "**", "bold text"); }},
    {name: "Italic", key: "i", run: function (t) { wrap(t, "_", "_", "italic text"); }},
    {name: "Heading", run: function (t) { prefixLines(t, function () { return "## "; }); }},
    {name: "Bulleted list", run: function (t) { prefixLines(t, function () { return "- "; }); }},
    {name: "Numbered list", run: function (t) { prefixLines(t, function (n) { return (n + 1) + ". "; }); }},
    {name: "Link", run: link},
    {name: "Quote", run: function (t) { prefixLines(t, function () { return "> "; }); }}
  ];

  // Replace the selection with `text` as if typed (undoable), then select [selStart, selEnd)
  // of the new text.
  function insert(textarea, text, selStart, selEnd) {
    var start = textarea.selectionStart;
    textarea.focus();
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (e) {
      done = false;
    }
    if (!done) {  // browsers without it: same text, without the undo step
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }
    textarea.setSelectionRange(start + selStart, start + selEnd);
  }

  function wrap(textarea, before, after, placeholder) {
    var value = textarea.value, start = textarea.selectionStart, end = textarea.selectionEnd;
    var selected = value.slice(start, end);
    // Already wrapped (markers just outside the selection): take them off again.
    if (value.slice(start - before.length, start) === before && value.slice(end, end + after.length) === after) {
      textarea.setSelectionRange(start - before.length, end + after.length);
      insert(textarea, selected, 0, selected.length);
      return;
    }
    // Spaces selected with a word stay outside the markers (** bold** is not bold).
    var lead = selected.match(/^\s*/)[0], trail = selected.match(/\s*$/)[0];
    var inner = selected.trim() || placeholder;
    if (!selected.trim()) { lead = ""; trail = ""; }
    insert(textarea, lead + before + inner + after + trail,
           lead.length + before.length, lead.length + before.length + inner.length);
  }

  function prefixLines(textarea, prefixFor) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = value.indexOf("\n", textarea.selectionEnd);
    if (textarea.selectionEnd > textarea.selectionStart && value[textarea.selectionEnd - 1] === "\n") {
      end = textarea.selectionEnd - 1;  // a selection ending at a line's start leaves that line alone
    }
    if (end === -1) { end = value.length; }
    var lines = value.slice(start, end).split("\n");
    var text = lines.map(function (line, n) { return prefixFor(n) + line; }).join("\n");
    textarea.setSelectionRange(start, end);
    insert(textarea, text, 0, text.length);
  }

  function link(textarea) {
    var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd).trim() || "link text";
    var url = "https://";
    var text = "[" + selected + "](" + url + ")";
    // The address is selected, ready to be typed over.
    insert(textarea, text, selected.length + 3, selected.length + 3 + url.length);
  }

  function buildToolbar(textarea) {
    var bar = document.createElement("div");
    bar.className = "md-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    if (textarea.id) { bar.setAttribute("aria-controls", textarea.id); }
    BUTTONS.forEach(function (spec, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button md-" + spec.name.toLowerCase().replace(/\s+/g, "-");
      button.textContent = spec.name;
      if (spec.key) { button.setAttribute("aria-keyshortcuts", "Control+" + spec.key.toUpperCase()); }
      button.tabIndex = index === 0 ? 0 : -1;  // one tab stop; arrows move within (ARIA toolbar)
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
      button.addEventListener("click", function () { spec.run(textarea); });
      bar.appendChild(button);
    });
    bar.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement), next = -1;
      if (event.key === "ArrowRight") { next = (at + 1) % buttons.length; }
      if (event.key === "ArrowLeft") { next = (at - 1 + buttons.length) % buttons.length; }
      if (event.key === "Home") { next = 0; }
      if (event.key === "End") { next = buttons.length - 1; }
      if (next < 0) { return; }
      event.preventDefault();
      buttons.forEach(function (b, n) { b.tabIndex = n === next ? 0 : -1; });
      buttons[next].focus();
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) { return; }
      var key = event.key.toLowerCase();
      BUTTONS.forEach(function (spec) {
        if (spec.key === key) {
          event.preventDefault();
          spec.run(textarea);
        }
      });
    });
    textarea.parentNode.insertBefore(bar, textarea);
  }

  function enhance(root) {
    var areas = root.querySelectorAll ? root.querySelectorAll("textarea[data-markdown]") : [];
    Array.prototype.forEach.call(areas, function (textarea) {
      if (textarea.dataset.toolbar) { return; }
      textarea.dataset.toolbar = "on";
      buildToolbar(textarea);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // Forms htmx swaps in (a comment's reply box, a form shown again with its errors).
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
}());
