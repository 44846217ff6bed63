"""The bell's count, cached: no query on a page when nothing changed.

The exact count (selectors.unread_count: the newest unread notifications, asked of the
permission layer) is stored with the tokens it was computed under: the access epoch (anything
that changes who sees what: workspaces.permissions.access_epoch), the person's own token (new
whenever notifications are written for them or read) and today's date (licences lapse by date).
A page reads all three and the count in one cache round trip; any token changed, it counts
again. The tokens are read before counting, so a change made while counting is never masked.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from workspaces.permissions import ACCESS_EPOCH_KEY, access_epoch, renew_tokens

from .selectors import unread_count

logger = logging.getLogger(__name__)

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
    if not settings.CACHE_SHARED:  # each process its own cache: another's change would go unseen
        return unread_count(user)
    today = timezone.localdate().isoformat()
    tkey, ckey = token_key(user.pk), count_key(user.pk)
    try:
        got = cache.get_many([ACCESS_EPOCH_KEY, tkey, ckey])
        epoch = got.get(ACCESS_EPOCH_KEY) or access_epoch()
        token = got.get(tkey)
        if token is None:
            cache.add(tkey, uuid.uuid4().hex, TOKEN_TIMEOUT)
            token = cache.get(tkey)
    except Exception:  # the cache unreachable: count as before rather than fail the page
        logger.warning("bell: cache unavailable, counting without it", exc_info=True)
        return unread_count(user)
    tag = (epoch, token, today)
    cached = got.get(ckey)
    if cached is not None and cached[0] == tag:
        return cached[1]
    count = unread_count(user)
    if token is not None:
        try:
            cache.set(ckey, (tag, count), COUNT_TIMEOUT)
        except Exception:
            logger.warning("bell: could not store the count", exc_info=True)
    return count
