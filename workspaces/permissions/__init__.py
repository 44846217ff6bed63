"""The one permission layer. Three public functions; every view and list goes through them.

    can(user, perm, obj)       -> bool. perm is "<app>.<action>_<model>" ("links.change_link"),
                                  or a workspace perm ("workspaces.manage_members") on a workspace.
    require(user, perm, obj)   -> obj, or raises Http404 (may not even see it: existence is
                                  hidden) or PermissionDenied with a human reason.
    visible(user, queryset)    -> the rows of queryset the user may see. Every list starts here.

Roles give capabilities (roles.py); django-guardian group-object grants carry team limits.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .access import WorkspaceAccess, access_for, forget, load_access
from .policies import NOT_FOUND, Decision, ItemPolicy, ManagedDeletionPolicy, policy_for, register_policy

__all__ = [
    "Decision",
    "ItemPolicy",
    "ManagedDeletionPolicy",
    "WorkspaceAccess",
    "access_for",
    "can",
    "decide",
    "forget",
    "load_access",
    "prime",
    "register_policy",
    "require",
    "visible",
]


def decide(user, perm, obj):
    """The full Decision (allowed, reason) for a check."""
    if obj is None:
        return Decision(bool(getattr(user, "is_site_admin", False)), NOT_FOUND)
    if user.is_authenticated and not user.is_active:
        return Decision(False, NOT_FOUND)
    return policy_for(type(obj)).decide(user, perm, obj)


def can(user, perm, obj=None):
    return decide(user, perm, obj).allowed


def require(user, perm, obj):
    decision = decide(user, perm, obj)
    if decision.allowed:
        return obj
    if decision.reason == NOT_FOUND:
        raise Http404("Not found.")
    raise PermissionDenied(decision.reason)


def visible(user, queryset):
    return policy_for(queryset.model).visible(user, queryset)


def prime(user, items):
    """Preload what per-item checks on a list of items need (avoids a query per row)."""
    items = list(items)
    if items:
        policy = policy_for(type(items[0]))
        if hasattr(policy, "prime"):
            policy.prime(user, items)
