"""What a tool's selectors are built from: every object a URL names goes through get_item
(ending in require()), every list through workspaces.permissions.visible()."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404

from ..models import Membership
from ..permissions import can, require

__all__ = ["MAX_ID", "MAX_NUMBER", "Moved", "get_item", "get_revision", "history", "members_by_email", "members_named",
           "number_or_404",
           "revisions_pair", "stand_in"]

# Larger ids or numbers in a URL are simply not found (never a database overflow error).
MAX_ID = 2**63 - 1  # BigAutoField ids
MAX_NUMBER = 2**31 - 1  # PositiveIntegerField numbers (revisions, versions)


def number_or_404(value, limit=MAX_ID):
    """An id (or, with limit=MAX_NUMBER, a number) from the URL that the database can hold,
    else 404."""
    if not 1 <= int(value) <= limit:
        raise Http404("Not found.")
    return int(value)


def get_item(user, found, perm, *, deleted="hide", workspace=None):
    """`found` — the one row of a queryset already narrowed to the workspace and the URL's key,
    or an instance (None: not found) — if the user holds `perm` on it; otherwise Http404 /
    PermissionDenied. `workspace`: the request's, already resolved with the user's access
    (saves a query).

    deleted="hide": a deleted (SoftDeletable) item is not found (pages that change it).
    deleted="show": the policy decides (managers may see a deleted item, to restore it).
    deleted="as_live": checked as if it were not deleted, so that someone whose item was
    deleted while they edited it gets their text back, not a 404. Whoever may not see deleted
    items (not a manager) gets a stand_in(): the item without its title, text or anything else
    it said, so that posting to the edit page of a deleted item reveals nothing of it."""
    item = found.first() if hasattr(found, "first") else found
    if item is None:
        raise Http404("Not found.")
    if workspace is not None:
        item.workspace = workspace
    is_deleted = getattr(item, "is_deleted", False)
    if is_deleted and deleted == "hide":
        raise Http404("Not found.")
    if is_deleted and deleted == "as_live":
        if can(user, perm, item):  # may see it deleted (managers): the item itself
            return item
        item.is_deleted = False
        try:
            require(user, perm, item)
        finally:
            item.is_deleted = True
        return stand_in(item)
    return require(user, perm, item)


# Kept on a stand-in: what says how to handle it, never what it says.
_STAND_IN_KEEPS = (models.BooleanField, models.IntegerField, models.SlugField)


def stand_in(item):
    """A deleted item as shown to someone who may not see it (get_item's "as_live"): the same
    model, id, workspace, version, kind and access (choices), address (slug) and flags; its
    title says it is deleted; every other text, date and relation is empty. It cannot be saved."""
    model = type(item)
    husk = model(pk=item.pk)
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name == "workspace":
            husk.workspace = item.workspace
        elif field.choices or (isinstance(field, _STAND_IN_KEEPS) and not field.is_relation):
            setattr(husk, field.attname, getattr(item, field.attname))
        elif field.null:
            setattr(husk, field.attname, None)
    if any(f.name == "title" for f in model._meta.concrete_fields):
        husk.title = f"a deleted {model._meta.verbose_name}"
    husk._state.adding, husk._state.db = False, item._state.db
    husk.is_stand_in = True

    def refuse(*args, **kwargs):
        raise TypeError("A stand-in for a deleted item cannot be saved.")

    husk.save = husk.delete = refuse
    return husk


class Moved(Exception):
    """The address is an old one (of a renamed item); `item` is where it lives now, found with
    the same permission, and `kwargs` the URL kwargs that name it there. kit.views.with_item
    redirects a GET there and serves a POST there, so that a form opened before the rename
    loses nothing."""

    def __init__(self, item, kwargs):
        super().__init__(str(kwargs))
        self.item, self.kwargs = item, kwargs


def members_by_email(workspace, emails, *, min_role=None, limit=50):
    """The workspace's members with these email addresses (one query), or ValidationError
    naming the addresses that are not members (or not of min_role)."""
    wanted = []
    for email in emails:
        email = email.strip().lower()
        if email and email not in wanted:
            wanted.append(email)
    if len(wanted) > limit:
        raise ValidationError(f"Name at most {limit} people at once (you named {len(wanted)}).")
    memberships = Membership.objects.filter(workspace=workspace, user__email__in=wanted, user__is_active=True)
    if min_role is not None:
        memberships = memberships.filter(Q(role__gte=min_role))
    found = {m.user.email: m.user for m in memberships.select_related("user")}
    missing = [e for e in wanted if e not in found]
    if missing:
        who = "contributors" if min_role is not None else "members"
        raise ValidationError(f"Not {who} of this workspace: {', '.join(missing)}. Check the addresses, or ask a "
                              "manager to invite them.")
    return [found[e] for e in wanted]


def _named_by(user, name):
    """Whether `name` (an address, or an @handle as mentions use them) names `user`."""
    return user.email == name if "@" in name else user.email.startswith(name + "@")


def members_named(workspace, names, *, min_role=None, limit=50):
    """The workspace's members named by @handles (as @mentions and the people pickers type them,
    the part of an address before the @) or whole email addresses, in the order named (one
    query), or ValidationError saying which names are not members (or not of min_role), and
    which handles more than one member answers to (their address tells them apart)."""
    wanted = []
    for name in names:
        name = name.strip().strip(",;").lower()
        name = name[1:] if name.startswith("@") else name
        if name and name not in wanted:
            wanted.append(name)
    if len(wanted) > limit:
        raise ValidationError(f"Name at most {limit} people at once (you named {len(wanted)}).")
    if not wanted:
        return []
    query = Q()
    for name in wanted:
        query |= Q(user__email=name) if "@" in name else Q(user__email__startswith=name + "@")
    memberships = Membership.objects.filter(query, workspace=workspace, user__is_active=True).select_related("user")
    found = {}
    for membership in memberships.order_by("user__display_name", "user__email"):
        for name in wanted:
            if _named_by(membership.user, name) and (min_role is None or membership.role >= min_role):
                found.setdefault(name, []).append(membership.user)
    problems = []
    missing = [_shown(n) for n in wanted if n not in found]
    if missing:
        who = "contributors" if min_role is not None else "members"
        problems.append(f"Not {who} of this workspace: {', '.join(missing)}. Start typing a name to choose "
                        "from the members, or ask a manager to invite them.")
    for name in wanted:
        if len(found.get(name, [])) > 1:
            people = ", ".join(user.name for user in found[name])
            problems.append(f"{_shown(name)} is more than one member ({people}): type the email address of the one "
                            "you mean.")
    if problems:
        raise ValidationError(problems)
    return [found[name][0] for name in wanted]


def _shown(name):
    return name if "@" in name else "@" + name


# --- Revisions (kit.models.RevisionBase) ----------------------------------------------------------


def history(revisions):
    """An item's revisions, newest first, with who saved each, without their texts."""
    return revisions.select_related(revisions.model.SAVED_BY).defer("text", "html").order_by("-number")


def get_revision(revisions, number, what="revision"):
    """One revision by number (404 if there is none, or the number is out of range)."""
    revision = revisions.select_related(revisions.model.SAVED_BY).filter(
        number=number_or_404(number, MAX_NUMBER)).first()
    if revision is None:
        raise Http404(f"No such {what}.")
    return revision


def revisions_pair(revisions, old, new, what="revision"):
    """Two revisions by number, in one query (404 if either is missing), with their texts
    (to compare) but not their HTML."""
    found = {r.number: r for r in revisions.select_related(revisions.model.SAVED_BY).defer("html").filter(
        number__in=[old, new])}
    if old not in found or new not in found:
        raise Http404(f"No such {what}.")
    return found[old], found[new]
