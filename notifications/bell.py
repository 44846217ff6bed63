"""The bell's count, cached: no query on a page when nothing changed.

The exact count (selectors.unread_count: the newest unread notifications, asked of the
permission layer) is stored with the tokens it was computed under: the access epoch (anything
that changes who sees what: workspaces.permissions.access_epoch), the person's own token (new
whenever notifications are written for them or read) and today's date (licences lapse by date).
A page reads all three and the count in one cache round trip; any token changed, it counts
again. The tokens are read before counting, so a change made while counting is never masked.
"""

from workspaces.permissions import cached_count, renew_tokens

from .selectors import unread_count

TOKEN_TIMEOUT = 7 * 24 * 3600  # a token that expires comes back as a new one: a recount, never a stale count
COUNT_TIMEOUT = 24 * 3600  # the date is in the tag anyway


def token_key(user_id):
    return f"engage:bell-token:{user_id}"


def count_key(user_id):
    return f"engage:bell-count:{user_id}"


def notifications_changed(user_ids):
    """Notifications were written, read or removed for these people: their counts are stale.
    One cache round trip (now, and again on commit) however many people."""
    renew_tokens([token_key(user_id) for user_id in user_ids], TOKEN_TIMEOUT)


def bell_count(user):
    return cached_count(count_key(user.pk), token_key(user.pk), lambda: unread_count(user), what="bell",
                        token_timeout=TOKEN_TIMEOUT, count_timeout=COUNT_TIMEOUT)
