"""Who may do what to a wiki page: the core ItemPolicy, plus two wiki rules.

- Deleting (and restoring) needs a manager: the issue says "managers delete and restore",
  whereas ItemPolicy lets authors delete their own items.
- A deleted page is hidden from everyone but managers (and site admins), who may restore it.
"""

from django.db.models import Q

from workspaces.models import Role
from workspaces.permissions import Decision, ItemPolicy, access_for
from workspaces.permissions.access import licensed_memberships
from workspaces.permissions.policies import NOT_FOUND, split_perm

MANAGERS_ONLY = "Only managers of this workspace can delete or restore wiki pages."


class WikiPagePolicy(ItemPolicy):
    def decide(self, user, perm, page):
        access = access_for(user, page.workspace)
        if page.is_deleted and not access.is_manager:
            return Decision(False, NOT_FOUND)
        decision = super().decide(user, perm, page)
        if decision.allowed and split_perm(perm)[1] == "delete" and not access.is_manager:
            return Decision(False, MANAGERS_ONLY)
        return decision

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = Q(is_deleted=False)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(workspace__in=managed)
        return queryset.filter(shown)
