"""Who may do what to a document: the core ItemPolicy, plus the library's rules.

- Co-authors may change a document (write a version, check it out, ask for a review) even
  when its change_access would not otherwise admit them; they still need to be contributors.
- Commenting (`documents.comment_document`) needs a contributor who may see the document.
- Deleting and restoring need a manager (ItemPolicy lets authors delete their own items).
- A deleted document is hidden from everyone but managers (and site admins).
- Other actions (`documents.unlock_document`: breaking someone's lock) need a manager, as in
  ItemPolicy.
"""

from django.db.models import Q

from workspaces.models import Role
from workspaces.permissions import Decision, ItemPolicy, access_for, decide
from workspaces.permissions.access import licensed_memberships
from workspaces.permissions.policies import ALLOW, NOT_FOUND, split_perm

MANAGERS_ONLY = "Only managers of this workspace can delete or restore documents."


class DocumentPolicy(ItemPolicy):
    def decide(self, user, perm, document):
        access = access_for(user, document.workspace)
        if document.is_deleted and not access.is_manager:
            return Decision(False, NOT_FOUND)
        action = split_perm(perm)[1]
        if action == "comment":
            decision = super().decide(user, "documents.view_document", document)
            if decision.allowed:  # and may contribute to the workspace (with the core's reasons if not)
                decision = decide(user, "documents.add_comment", document.workspace)
            return decision
        decision = super().decide(user, perm, document)
        if action == "delete" and decision.allowed and not access.is_manager:
            return Decision(False, MANAGERS_ONLY)
        if action == "change" and not decision.allowed and decision.reason != NOT_FOUND and access.has("contribute"):
            if self.is_coauthor(access, document):
                return ALLOW
        return decision

    def is_coauthor(self, access, document):
        key = ("coauthor", document.pk)
        if key not in access.grant_cache:
            access.grant_cache[key] = document.coauthors.filter(user=access.user.pk).exists()
        return access.grant_cache[key]

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = Q(is_deleted=False)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(workspace__in=managed)
        return queryset.filter(shown)
