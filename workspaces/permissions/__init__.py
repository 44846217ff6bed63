"""The one permission layer. Tools and horizontal apps import only from here (this package's
root), never its modules. Every view and list goes through these:

    can(user, perm, obj)        -> bool. perm is "<app>.<action>_<model>" ("links.change_link") on
                                   an object of that model, or a workspace perm
                                   ("workspaces.manage_members", "links.add_link") on a workspace.
                                   Giving a role: grant_perm(role) ("workspaces.grant_manager").
    decider(user, model, parent) -> a function (perm, obj) answering as decide() would for the
                                   objects of `model` under one `parent` (a page of posts of a
                                   thread), the parent's part decided once (policy.decider).
    require(user, perm, obj)    -> obj, or raises Http404 (may not even see it: existence is
                                   hidden) or PermissionDenied with a human reason.
    visible(user, queryset, within=workspace)
                                -> the rows of queryset the user may see. Every list starts here.
                                   A list of one workspace says so (`within`): its rows only,
                                   decided from the person's loaded access (a short SQL
                                   condition, the same answer); without it, every workspace.
    visible(user, queryset, within=item)
                                -> for a ChildPolicy's objects, those of one item (the posts of a
                                   thread): the item decided once as decide() does, then only
                                   the children's own rule in SQL (no subquery per level).
    visible_to_many(users, qs)  -> {(user id, pk)}: which of these people may see which of these
                                   rows, in a fixed number of queries (digests, announcements,
                                   reminders to thousands of people).
    visible_pairs(users, pairs) -> the same for objects of several models at once: of the
                                   (user id, (model, pk)) pairs asked, those allowed.
    members_who_may_see(user_ids, workspace, about=None)
                                -> of these people, the members whose membership counts now
                                   (licence current) and who may see `about` (an item, or
                                   (model, pk)): whom announcements, "every member" fan-outs and
                                   reminders reach, a fixed number of queries per batch.
    access_epoch() / access_changed() / renew_tokens(keys) / cached_count(...)
                                -> a token that changes whenever who-sees-what may have changed
                                   (epoch.py), for caching checked answers; a write bypassing
                                   signals (update(), bulk_create()) on access models calls
                                   access_changed().
    sees_contact(viewer, person, place) / sees_contacts(viewer, place)
                                -> whether an email address may be shown (people.py: the one
                                   rule for every page that lists people).

Policies (ItemPolicy, ManagedDeletionPolicy or a tool's subclass) hold the rules, one per model,
declared in the tool's Tool(policies=...). Roles give capabilities (roles.py); django-guardian
group-object grants carry team limits. A permission no policy knows raises UnknownPermission.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Workspace
from .access import (
    WorkspaceAccess,
    access_for,
    counting_memberships,
    forget,
    is_organisation_admin,
    licensed_memberships,
    load_access,
    standing,
    standing_of,
)
from .epoch import ACCESS_EPOCH_KEY, access_changed, access_epoch, cached_count, renew_tokens
from .people import CONTACT_PERM, sees_contact, sees_contacts
from .policies import (
    ALLOW,
    NOT_FOUND,
    ChildPolicy,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    Policy,
    UnknownPermission,
    declared_policies,
    deny,
    policy_for,
    register_policy,
    register_workspace_perm,
    split_perm,
    unregister_policy,
)
from .roles import ARCHIVED_REASON, grant_perm

__all__ = [
    "ACCESS_EPOCH_KEY",
    "ALLOW",
    "ARCHIVED_REASON",
    "CONTACT_PERM",
    "NOT_FOUND",
    "ChildPolicy",
    "Decision",
    "ItemPolicy",
    "ManagedDeletionPolicy",
    "Policy",
    "UnknownPermission",
    "WorkspaceAccess",
    "access_changed",
    "access_epoch",
    "cached_count",
    "access_for",
    "can",
    "counting_memberships",
    "decide",
    "decider",
    "declared_policies",
    "deny",
    "forget",
    "grant_perm",
    "is_organisation_admin",
    "licensed_memberships",
    "load_access",
    "members_who_may_see",
    "policy_for",
    "prime",
    "register_policy",
    "register_workspace_perm",
    "renew_tokens",
    "require",
    "sees_contact",
    "sees_contacts",
    "split_perm",
    "standing",
    "standing_of",
    "unregister_policy",
    "visible",
    "visible_pairs",
    "visible_to_many",
]


def decide(user, perm, obj):
    """The full Decision (allowed, reason) for a check."""
    if obj is None:
        return Decision(bool(getattr(user, "is_site_admin", False)), NOT_FOUND)
    policy = policy_for(type(obj))
    if user.is_authenticated and not user.is_active:
        return Decision(False, NOT_FOUND)
    return policy.decide(user, perm, obj)


def decider(user, model, parent):
    """decide() for many objects of `model` that belong to one `parent` (a page of posts of one
    thread): a function (perm, obj) answering as decide(user, perm, obj) would, with what depends
    only on the parent and the person decided once. A policy offers `decider(user, parent)` for
    this; without one, each call is a plain decide()."""
    policy = policy_for(model)
    if user.is_authenticated and not user.is_active:
        return lambda perm, obj: Decision(False, NOT_FOUND)
    if hasattr(policy, "decider"):
        return policy.decider(user, parent)
    return lambda perm, obj: policy.decide(user, perm, obj)


def can(user, perm, obj=None):
    return decide(user, perm, obj).allowed


def require(user, perm, obj):
    decision = decide(user, perm, obj)
    if decision.allowed:
        return obj
    if decision.reason == NOT_FOUND:
        raise Http404("Not found.")
    raise PermissionDenied(decision.reason)


def visible(user, queryset, within=None):
    policy = policy_for(queryset.model)
    if within is None:
        return policy.visible(user, queryset)
    if not isinstance(within, Workspace):  # an item's children (ChildPolicy): its page of posts
        return policy.visible_under(user, within, queryset)
    return policy.visible_in(access_for(user, within), queryset)


def visible_to_many(users, queryset, only=None):
    """{(user id, pk)} of the rows of `queryset` that each of `users` may see, as visible()
    would answer for each of them (deactivated accounts see nothing). `only`: the (user id, pk)
    pairs to decide, when not every person asks about every row (a digest batch)."""
    users = list(users)
    if not users:
        return set()
    return policy_for(queryset.model).visible_to_many(users, queryset, only)


def visible_pairs(users, pairs):
    """Which people may see which objects, the objects of several models (a page of
    notifications, a digest's items): `pairs` holds (user id, (model, pk)), the model a model
    class or its ContentType id; the answer is the set of those pairs whose person may see the
    object (as visible() would answer for them; deactivated accounts see nothing). One
    visible_to_many question per model, so a fixed number of queries whatever the number of
    people and objects; a model that no longer exists hides its objects."""
    people = {u.pk: u for u in users if u.is_active}
    wanted = defaultdict(set)  # model -> {(user id, pk)}
    for user_id, (model, pk) in pairs:
        if user_id in people:
            wanted[model].add((user_id, pk))
    seen = set()
    for model, asked in wanted.items():
        cls = ContentType.objects.get_for_id(model).model_class() if isinstance(model, int) else model
        if cls is None:
            continue
        found = visible_to_many([people[u] for u in {u for u, _ in asked}],
                                cls._default_manager.filter(pk__in={pk for _, pk in asked}), only=asked)
        seen |= {(user_id, (model, pk)) for user_id, pk in found}
    return seen


def members_who_may_see(user_ids, workspace, about=None):
    """Of `user_ids`, those to tell of something in `workspace`: members whose membership
    counts now (counting_memberships: a lapsed licence does not) and, with `about` (an object,
    or (model or ContentType id, pk)), who may see it (visible_pairs). The one rule for whom
    announcements, "every member" fan-outs and reminders reach; for a batch of any size, one
    query for the memberships, one for the people and visible_pairs' fixed few."""
    members = set(counting_memberships(workspace).filter(user_id__in=list(user_ids))
                  .values_list("user_id", flat=True))
    if about is None or not members:
        return members
    model, pk = about if isinstance(about, tuple) else (type(about), about.pk)
    people = get_user_model().objects.filter(pk__in=members).only("id", "is_active", "is_superuser")
    return {user_id for user_id, _ in visible_pairs(people, {(user_id, (model, pk)) for user_id in members})}


def prime(user, items):
    """Preload what per-item checks on a list of items need (avoids a query per row)."""
    items = list(items)
    if items:
        policy = policy_for(type(items[0]))
        if hasattr(policy, "prime"):
            policy.prime(user, items)
