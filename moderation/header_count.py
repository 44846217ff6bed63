"""The moderators' header count ("Moderation (4)"), cached as the bell's is (notifications.bell):
no query on a page when nothing changed.

The exact count (selectors.waiting_count) is stored per moderator and workspace with the tokens
it was computed under: the access epoch (who sees what, and so which entries a moderators team
member may see: workspaces.permissions.access_epoch), the workspace's queue token (new whenever
one of its queue entries is written: queue_changed) and today's date. The tokens are read before
counting, so a change made while counting is never masked; a token missing is a recount.
"""

from django.db.models.signals import post_delete, post_save

from workspaces.permissions import cached_count, renew_tokens

from .selectors import waiting_count

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
    workspace_id, user_id = access.workspace.pk, access.user.pk
    return cached_count(count_key(workspace_id, user_id), token_key(workspace_id), lambda: waiting_count(access),
                        what="moderation header", token_timeout=TOKEN_TIMEOUT, count_timeout=COUNT_TIMEOUT)
