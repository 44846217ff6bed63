"""Suggestions of workspace members as someone types a name: the editor's @mentions and the
people pickers (document reviewers, co-authors). One bounded query whatever the workspace's size."""

import re

from django.db.models import Q

from ..models import Membership

SUGGESTION_LIMIT = 8
QUERY_MAX_LENGTH = 50
QUERY_MAX_WORDS = 3
# What may follow an @ in a mention (workspaces.mentions): a handle, or a whole address.
HANDLE_CHARS = re.compile(r"[^\w.+@-]+")


def handle_of(user):
    """The @mention handle: the part of the address before the @ (workspaces.mentions)."""
    return user.email.split("@")[0]


def member_suggestions(workspace, query, *, sees_contacts=False, min_role=None, limit=SUGGESTION_LIMIT):
    """Up to `limit` active members of `workspace` whose name or handle starts a word of `query`.
    Whoever may not see members' email addresses matches handles only: an "@" in what they type
    is cut there, so the domain of an address can never be probed."""
    query = (query or "").strip().lstrip("@")[:QUERY_MAX_LENGTH]
    if not sees_contacts:
        query = query.split("@")[0]
    words = query.split()[:QUERY_MAX_WORDS]
    if not words:
        return []
    memberships = Membership.objects.filter(workspace=workspace, user__is_active=True)
    if min_role is not None:
        memberships = memberships.filter(role__gte=min_role)
    for word in words:
        handle = HANDLE_CHARS.sub("", word)
        match = Q(user__display_name__istartswith=word) | Q(user__display_name__icontains=f" {word}")
        if handle:
            match |= Q(user__email__istartswith=handle)
        memberships = memberships.filter(match)
    rows = memberships.select_related("user").order_by("user__display_name", "user__email")[:limit]
    return [m.user for m in rows]
