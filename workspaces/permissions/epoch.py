"""The access epoch: one token in the shared cache (django.core.cache: Redis in production) that
changes whenever something that decides who may see what changes. An answer computed through
the permission layer may be cached under the epoch it was computed in (the bell's count) and
used only while the epoch is the same.

    access_epoch()     -> the current token (made if missing)
    access_changed()   -> a new token, at once and again when the transaction commits
    renew_tokens(keys) -> the same for tokens of one's own (the bell's per-person token), in one
                          round trip; ACCESS_EPOCH_KEY: the epoch's key, to read it with them
    cached_count(count_key, token_key, count, ...)
                       -> a count cached under the epoch, one's own token and today's date (the
                          bell, the moderators' header count)

Every save and delete of an access-relevant model bumps it through signals (connect_signals():
the core's models, accounts, team membership and guardian grants; register_policy() connects
each model with a policy). A write that bypasses signals on those models (QuerySet.update(),
bulk_create(), raw SQL) and may change who sees what must call access_changed() itself.
Licence validity also changes with the date: a cache using the epoch tags its entries with
today's date too.
"""

import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

ACCESS_EPOCH_KEY = "engage:access-epoch"
logger = logging.getLogger(__name__)


def _cache():
    from django.core.cache import cache

    return cache


def access_epoch():
    cache = _cache()
    token = cache.get(ACCESS_EPOCH_KEY)
    if token is None:
        cache.add(ACCESS_EPOCH_KEY, uuid.uuid4().hex, None)
        token = cache.get(ACCESS_EPOCH_KEY)
    return token


def renew_tokens(keys, timeout=None):
    """New random tokens for `keys` in one round trip, now and again on commit: now, so the
    same transaction sees the change; on commit, because a reader may have computed from the
    data before the commit under the token set now (its entry must not outlive the commit)."""
    keys = list(keys)
    if not keys:
        return

    def store():
        _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout)

    store()
    if transaction.get_connection().in_atomic_block:  # outside one, the write is committed already
        transaction.on_commit(store, robust=True)


def access_changed():
    renew_tokens([ACCESS_EPOCH_KEY])


def cached_count(count_key, token_key, count, *, what, token_timeout, count_timeout):
    """count(), from the cache while the access epoch, the token at `token_key` (renewed with
    renew_tokens whenever what is counted changes) and today's date are those it was stored
    under. The tokens are read before counting, so a change made while counting is never masked;
    a token missing is a recount. Without a shared cache (each process its own: another's change
    would go unseen) or with the cache unreachable, it counts every time."""
    if not settings.CACHE_SHARED:
        return count()
    cache = _cache()
    try:
        got = cache.get_many([ACCESS_EPOCH_KEY, token_key, count_key])
        epoch = got.get(ACCESS_EPOCH_KEY) or access_epoch()
        token = got.get(token_key)
        if token is None:
            cache.add(token_key, uuid.uuid4().hex, token_timeout)
            token = cache.get(token_key)
    except Exception:  # the cache unreachable: count as before rather than fail the page
        logger.warning("%s: cache unavailable, counting without it", what, exc_info=True)
        return count()
    from django.utils import timezone

    tag = (epoch, token, timezone.localdate().isoformat())
    cached = got.get(count_key)
    if cached is not None and cached[0] == tag:
        return cached[1]
    result = count()
    if token is not None:
        try:
            cache.set(count_key, (tag, result), count_timeout)
        except Exception:
            logger.warning("%s: could not store the count", what, exc_info=True)
    return result


# --- Signals -------------------------------------------------------------------------------

USER_ACCESS_FIELDS = {"is_active", "is_superuser"}  # what of an account decides what it sees


def _on_save(sender, **kwargs):
    access_changed()


def _on_changed(sender, created=False, **kwargs):
    # A new object hides nothing that was shown (its notifications renew their recipients' tokens).
    if not created:
        access_changed()


def _on_user_save(sender, created=False, update_fields=None, **kwargs):
    # Signing in saves last_login: not a change of access (it would empty every bell at each sign-in).
    if not created and (update_fields is None or USER_ACCESS_FIELDS & set(update_fields)):
        access_changed()


def _on_delete(sender, **kwargs):
    access_changed()


def _on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        access_changed()


def connect_model(model, on_save=_on_save):
    uid = f"engage.access_epoch.{model._meta.label}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_on_delete, sender=model, weak=False, dispatch_uid=uid)


def connect_policy_model(model):
    """Called by register_policy for each model with rules of its own."""
    connect_model(model, _on_changed)


def connect_signals():
    """From WorkspacesConfig.ready: the core's access models (per model, not sender=None: a
    post_delete listener for every model would stop Django's fast cascading deletes)."""
    from django.contrib.auth import get_user_model
    from guardian.models import GroupObjectPermission

    from ..models import Licence, LicencePool, Membership, Organisation, OrganisationMembership, Team, Workspace

    for model in (Membership, Licence, OrganisationMembership, GroupObjectPermission):  # a new one gives access
        connect_model(model)
    for model in (Organisation, Workspace, Team, LicencePool):  # a new one changes nobody's access yet
        connect_model(model, _on_changed)
    user = get_user_model()
    connect_model(user, _on_user_save)
    m2m_changed.connect(_on_m2m, sender=user.groups.through, weak=False, dispatch_uid="engage.access_epoch.groups")
