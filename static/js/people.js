// Member suggestions as someone types: "@ri" in a Markdown textarea (textarea[data-markdown])
// offers the workspace's members to mention, and the people pickers (input[data-people]: a
// document's reviewers, co-authors) offer them to add to the list. Both ask the core's
// /w/<workspace>/members/suggest/ (its address is on <body data-member-suggest>), which answers
// only members of this workspace, at most eight, and emails only to whom may see them.
// Without this script both fields are typed by hand and checked by the server.
//
// The list is an ARIA listbox owned by its field: the field says which option is active
// (aria-activedescendant); arrows move, Enter or Tab picks, Escape closes. A picker's <input>
// is a full combobox (role, aria-expanded); a <textarea> may carry no role (HTML-ARIA), so it
// keeps its textbox role with aria-autocomplete and aria-controls, and a status line says
// when suggestions are shown.
(function () {
  "use strict";

  var MENTION = /(^|[^\w@])@([\w.+-]{1,50})$/;  // as workspaces.mentions reads them
  var PICKED = /(^|[\s,;])@?([^\s,;@]{1,50})$/;  // the name being typed in a list of people
  var count = 0;

  function Suggester(field, url, isList) {
    var self = this;
    count += 1;
    this.field = field;
    this.url = url;
    this.isList = isList;
    this.role = field.dataset.peopleRole || "";
    this.options = [];
    this.active = -1;
    this.seq = 0;
    this.timer = null;

    this.list = document.createElement("ul");
    this.list.id = "people-suggestions-" + count;
    this.list.className = "people-suggestions";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", isList ? "Members to add" : "Members to mention");
    this.list.hidden = true;
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", this.list);
    this.list.insertAdjacentElement("afterend", this.status);
    field.parentNode.classList.add("has-suggestions");

    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", this.list.id);
    if (field.tagName === "INPUT") {
      field.setAttribute("role", "combobox");
      field.setAttribute("aria-expanded", "false");
    }

    field.addEventListener("input", function () { self.typed(); });
    field.addEventListener("keydown", function (event) { self.key(event); });
    field.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.pick(Number(option.dataset.index)); }
    });
  }

  // The partial name just before the caret, or null.
  Suggester.prototype.partial = function () {
    var before = this.field.value.slice(0, this.field.selectionStart);
    if (this.field.selectionStart !== this.field.selectionEnd) { return null; }
    var match = before.match(this.isList ? PICKED : MENTION);
    return match ? match[2] : null;
  };

  Suggester.prototype.typed = function () {
    var self = this, partial = this.partial();
    window.clearTimeout(this.timer);
    if (!partial) { this.close(); return; }
    this.timer = window.setTimeout(function () { self.fetch(partial); }, 150);
  };

  Suggester.prototype.fetch = function (partial) {
    var self = this, seq = ++this.seq;
    var query = "?q=" + encodeURIComponent(partial) + (this.role ? "&role=" + encodeURIComponent(this.role) : "");
    window.fetch(this.url + query, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {members: []}; })
      .then(function (data) {
        if (seq === self.seq && self.partial() === partial) { self.show(data.members || []); }
      })
      .catch(function () { self.close(); });
  };

  Suggester.prototype.show = function (members) {
    var self = this;
    this.options = members;
    this.list.textContent = "";
    if (!members.length) { this.close(); return; }
    members.forEach(function (member, index) {
      var option = document.createElement("li");
      option.id = self.list.id + "-" + index;
      option.dataset.index = String(index);
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.className = "people-name";
      name.textContent = member.name;
      var handle = document.createElement("span");
      handle.className = "people-handle";
      handle.textContent = "@" + member.handle + (member.email ? " · " + member.email : "");
      option.appendChild(name);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(handle);
      self.list.appendChild(option);
    });
    this.list.hidden = false;
    if (this.field.tagName === "INPUT") { this.field.setAttribute("aria-expanded", "true"); }
    this.status.textContent = members.length + (members.length === 1 ? " member" : " members") +
      " found. Up and down arrows to choose, Enter to pick, Escape to close.";
    this.activate(0);
  };

  Suggester.prototype.activate = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    this.active = index;
    Array.prototype.forEach.call(options, function (option, n) {
      option.setAttribute("aria-selected", n === index ? "true" : "false");
    });
    if (options[index]) {
      this.field.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({block: "nearest"});
    }
  };

  Suggester.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.seq += 1;  // an answer still on its way is dropped
    if (this.list.hidden) { return; }
    this.list.hidden = true;
    this.list.textContent = "";
    this.options = [];
    this.active = -1;
    this.field.removeAttribute("aria-activedescendant");
    if (this.field.tagName === "INPUT") { this.field.setAttribute("aria-expanded", "false"); }
    this.status.textContent = "";
  };

  Suggester.prototype.key = function (event) {
    if (this.list.hidden) { return; }
    var n = this.options.length;
    if (event.key === "ArrowDown") { this.activate((this.active + 1) % n); }
    else if (event.key === "ArrowUp") { this.activate((this.active - 1 + n) % n); }
    else if (event.key === "Enter" || event.key === "Tab") { this.pick(this.active); }
    else if (event.key === "Escape") { this.close(); }
    else { return; }
    event.preventDefault();
  };

  // Type the chosen member in place of the partial name (undoable, like the toolbar).
  Suggester.prototype.pick = function (index) {
    var member = this.options[index], partial = this.partial();
    if (!member || partial === null) { this.close(); return; }
    var field = this.field, end = field.selectionStart;
    var start = end - partial.length;
    if (field.value[start - 1] === "@") { start -= 1; }
    var text = "@" + member.handle + (this.isList ? ", " : " ");
    field.focus();
    field.setSelectionRange(start, end);
    var done = false;
    try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
    if (!done) {
      field.setRangeText(text, start, end, "end");
      field.dispatchEvent(new Event("input", {bubbles: true}));
    }
    this.close();
    this.status.textContent = member.name + " added.";
  };

  function enhance(root) {
    var url = document.body && document.body.dataset.memberSuggest;
    if (!url || !root.querySelectorAll) { return; }
    var fields = root.querySelectorAll("textarea[data-markdown], input[data-people]");
    Array.prototype.forEach.call(fields, function (field) {
      if (field.dataset.suggest) { return; }
      field.dataset.suggest = "on";
      new Suggester(field, url, field.tagName === "INPUT");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
}());
