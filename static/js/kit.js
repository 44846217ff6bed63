/* The kit's small enhancements; everything works without them.
   - "More actions" menus (details.item-menu) close on Escape, focus back on their button, and
     when one clicks elsewhere.
   - The access summary line ("Visible to: … · Editable by: …") follows the choices as they change
     (the words are in each group's data-words, from workspaces.kit.form_layout). */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menu = event.target.closest && event.target.closest("details.item-menu[open]");
    if (!menu) { return; }
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.item-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") { return; }
    var group = input.closest(".access-group[data-words]");
    var summary = group && group.closest("details.access-summary");
    if (!summary) { return; }
    var words = JSON.parse(group.getAttribute("data-words"));
    var target = summary.querySelector('[data-access-line="' + group.getAttribute("data-level") + '"]');
    if (target && words[input.value]) { target.textContent = words[input.value]; }
  });
})();
