"""@mentions: `@rita` (the part of a member's email before the @) or `@rita@example.org`.

Tools pass what this finds to activity.record(..., mentions=...); only members of the
workspace are found, so a mention can never reach an outsider."""

import re

from django.db.models import Q

from .models import Membership

MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")
MAX_MENTIONS = 50  # one comment cannot page the whole workspace


def _handles(text):
    return {h.lower().rstrip(".") for h in MENTION.findall(text or "")}


def mentioned_members(workspace, text, previous=""):
    """Ids of the workspace's members mentioned in `text` (one query; none if no @).
    With `previous` (the text before an edit), only mentions the edit added: saving a page
    again does not page everyone it already named."""
    handles = _handles(text) - _handles(previous)
    if not handles:
        return []
    handles = list(handles)[:MAX_MENTIONS]
    query = Q()
    for handle in handles:
        # Emails are stored lower-case; a bare handle is the part before the @.
        query |= Q(user__email=handle) if "@" in handle else Q(user__email__startswith=f"{handle}@")
    return list(Membership.objects.filter(workspace=workspace).filter(query).values_list("user_id", flat=True))
