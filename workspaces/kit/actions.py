"""What an item's page offers to do with it, grouped so the page stays calm: one primary action
(the button most people come for: "Edit page", "Upload a new version"), a few secondary ones
beside it, and the rarer ones (history, move, lock, delete, announce) in a "More actions" menu.

A tool builds them for the person looking (its policies decide, through can()):

    def link_actions(user, link):
        may_edit = can(user, "links.change_link", link)
        return ItemActions(
            primary=Action("Edit link", link.edit_url) if may_edit else None,
            more=[Action("Delete", delete_url, danger=True)] if can(...) else [],
        )

and passes them as `actions` to a template extending "kit/item.html", which shows them under the
title with components/item_actions.html. Horizontal apps add to the menu through an ItemPanel
in the "more" slot (the announcement), and beside the title through the "title" slot (Follow).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Action:
    """One thing to do with an item: a link (GET) or, with post=True, a button in a small form
    (for a change with no page of its own, such as locking for editing).

    hidden: words for screen readers after the label ("Delete" + " Budget 2027"), so that a
    list of actions read out of context still says what each is about. external: a link off
    the site (opened without a referrer). download: the browser saves rather than shows it."""

    label: str
    url: str
    post: bool = False
    danger: bool = False
    hidden: str = ""
    external: bool = False
    download: bool = False


@dataclass(frozen=True)
class ItemActions:
    primary: Action | None = None
    secondary: list[Action] = field(default_factory=list)
    more: list[Action] = field(default_factory=list)

    def __post_init__(self):
        # Built with `[a if x else None, ...]`: the actions that do not apply are dropped here.
        object.__setattr__(self, "secondary", [a for a in self.secondary if a is not None])
        object.__setattr__(self, "more", [a for a in self.more if a is not None])

    @property
    def labels(self):
        """{"primary": [...], "secondary": [...], "more": [...]}: what tests compare."""
        return {"primary": [self.primary.label] if self.primary else [],
                "secondary": [a.label for a in self.secondary], "more": [a.label for a in self.more]}
