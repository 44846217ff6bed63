"""The moderators' header count ("Moderation (4)"), cached as the bell's is (notifications.bell):
no query on a page when nothing changed.

The exact count (selectors.waiting_count) is stored per moderator and workspace with the tokens
it was computed under: the access epoch (who sees what, and so which entries a moderators team
member may see: workspaces.permissions.access_epoch), the workspace's queue token (new whenever
one of its queue entries is written: queue_changed) and today's date. The tokens are read before
counting, so a change made while counting is never masked; a token missing is a recount.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from workspaces.permissions import ACCESS_EPOCH_KEY, access_epoch, renew_tokens

from .selectors import waiting_count

logger = logging.getLogger(__name__)

TOKEN_TIMEOUT = 7 * 24 * 3600
COUNT_TIMEOUT = 24 * 3600


def token_key(workspace_id):
    return f"engage:moderation-token:{workspace_id}"


def count_key(workspace_id, user_id):
    return f"engage:moderation-count:{workspace_id}:{user_id}"


def queue_changed(workspace_ids):
    """Queue entries of these workspaces were opened, changed or closed: their counts are stale."""
    renew_tokens([token_key(pk) for pk in set(workspace_ids)], TOKEN_TIMEOUT)


def _on_entry(sender, instance, **kwargs):
    queue_changed([instance.workspace_id])


def connect_signals():
    """From ModerationConfig.ready: every save or delete of a queue entry (writes that bypass
    them, QuerySet.update(), call queue_changed themselves)."""
    from .models import QueueEntry

    post_save.connect(_on_entry, sender=QueueEntry, weak=False, dispatch_uid="engage.moderation.queue_changed")
    post_delete.connect(_on_entry, sender=QueueEntry, weak=False, dispatch_uid="engage.moderation.queue_deleted")


def header_count(access):
    """waiting_count(access), from the cache when none of its tokens changed."""
    if not settings.CACHE_SHARED:  # each process its own cache: another's change would go unseen
        return waiting_count(access)
    workspace_id, user_id = access.workspace.pk, access.user.pk
    tkey, ckey = token_key(workspace_id), count_key(workspace_id, user_id)
    try:
        got = cache.get_many([ACCESS_EPOCH_KEY, tkey, ckey])
        epoch = got.get(ACCESS_EPOCH_KEY) or access_epoch()
        token = got.get(tkey)
        if token is None:
            cache.add(tkey, uuid.uuid4().hex, TOKEN_TIMEOUT)
            token = cache.get(tkey)
    except Exception:  # the cache unreachable: count as before rather than fail the page
        logger.warning("moderation header: cache unavailable, counting without it", exc_info=True)
        return waiting_count(access)
    tag = (epoch, token, timezone.localdate().isoformat())
    cached = got.get(ckey)
    if cached is not None and cached[0] == tag:
        return cached[1]
    count = waiting_count(access)
    if token is not None:
        try:
            cache.set(ckey, (tag, count), COUNT_TIMEOUT)
        except Exception:
            logger.warning("moderation header: could not store the count", exc_info=True)
    return count
