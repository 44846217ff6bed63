"""What a tool's selectors are built from: every object a URL names goes through get_item
(ending in require()), every list through workspaces.permissions.visible()."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from ..models import Membership
from ..permissions import require

__all__ = ["MAX_ID", "MAX_NUMBER", "Moved", "get_item", "members_by_email", "number_or_404"]

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
    deleted while they edited it gets their text back, not a 404."""
    item = found.first() if hasattr(found, "first") else found
    if item is None:
        raise Http404("Not found.")
    if workspace is not None:
        item.workspace = workspace
    is_deleted = getattr(item, "is_deleted", False)
    if is_deleted and deleted == "hide":
        raise Http404("Not found.")
    if is_deleted and deleted == "as_live":
        item.is_deleted = False
        try:
            require(user, perm, item)
        finally:
            item.is_deleted = True
        return item
    return require(user, perm, item)


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
