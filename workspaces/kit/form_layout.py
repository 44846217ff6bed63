"""How kit/form.html lays out a form's visible fields, so every tool's form gets the same shape:

- the access fields of an ItemAccessFormMixin (who can see / who can change, and their teams)
  become one summary line, "Visible to: members · Editable by: any contributor — Change", whose
  choices open under it (components/access_fields.html);
- the fields a form names in `folded_fields` (optional extras, such as an upload's description)
  are folded under `folded_label`, so a short form fits one screen. Both open by themselves when
  one of their fields has an error, or a folded field has a value, so nothing typed is hidden.
"""

import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from ..models import Access

# The summary line's words: shorter than the choices' labels, which say the same in full.
VIEW_WORDS = {Access.ANYONE: "anyone who can see the workspace", Access.MEMBERS: "members",
              Access.MANAGERS: "managers only", Access.TEAMS: "chosen teams"}
CHANGE_WORDS = {Access.MEMBERS: "any contributor", Access.MANAGERS: "managers (and the author)",
                Access.TEAMS: "contributors in chosen teams"}


@dataclass
class Part:
    kind: str  # "field", "access" or "folded"
    field: object = None
    fields: list = dataclass_field(default_factory=list)
    label: str = ""
    open: bool = False
    view: str = ""
    change: str = ""
    # access: [(choice field, its teams' field or None, its summary words as JSON for static/js/kit.js)]
    groups: list = dataclass_field(default_factory=list)


def access_part(form):
    names = [n for n in getattr(form, "access_fields", ()) if n in form.fields]
    if "view_access" not in names:
        return None
    bound = {name: form[name] for name in names}
    groups = [(bound[level], bound.get(teams), json.dumps(words))
              for level, teams, words in (("view_access", "view_teams", VIEW_WORDS),
                                          ("change_access", "change_teams", CHANGE_WORDS))
              if level in bound]
    return Part(
        kind="access", groups=groups, fields=list(bound.values()),
        open=any(b.errors for b in bound.values()),
        view=VIEW_WORDS.get(bound["view_access"].value(), ""),
        change=CHANGE_WORDS.get(bound["change_access"].value(), "") if "change_access" in bound else "",
    )


def form_layout(form):
    """The parts of kit/form.html's form, in the form's field order."""
    access = access_part(form)
    access_names = {b.name for b in access.fields} if access else set()
    folded_names = set(getattr(form, "folded_fields", ()))
    parts, folded = [], None
    for bound in form.visible_fields():
        if bound.name in access_names:
            if bound.name == "view_access":
                parts.append(access)
        elif bound.name in folded_names:
            if folded is None:
                folded = Part(kind="folded", label=getattr(form, "folded_label", "More details (optional)"))
                parts.append(folded)
            folded.fields.append(bound)
            folded.open = folded.open or bool(bound.errors) or bool(bound.value())
        else:
            parts.append(Part(kind="field", field=bound))
    return parts
