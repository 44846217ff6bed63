"""Who may do what to a document: the core ItemPolicy, plus the library's rules.

- Co-authors may change a document (write a version, check it out, ask for a review) even
  when its change_access would not otherwise admit them; they still need to be contributors.
- Commenting (`documents.comment_document`) needs a contributor who may see the document.
- Deleting and restoring need a manager (ItemPolicy lets authors delete their own items).
- A deleted document is hidden from everyone but managers (and site admins).
- Other actions (`documents.unlock_document`: breaking someone's lock) need a manager, as in
  ItemPolicy.
"""

from workspaces.permissions import ManagedDeletionPolicy, decide
from workspaces.permissions.policies import ALLOW, NOT_FOUND, ItemPolicy, split_perm

MANAGERS_ONLY = "Only managers of this workspace can delete or restore documents."


class DocumentPolicy(ManagedDeletionPolicy):
    managers_only = MANAGERS_ONLY
    bulk_view_rules = "managed_deletion"  # co-authors change more, but who may see is the core's rule

    def decide_item(self, user, perm, document, access):
        action = split_perm(perm)[1]
        if action == "comment":
            decision = ItemPolicy.decide(self, user, "documents.view_document", document)
            if decision.allowed:  # and may contribute to the workspace (with the core's reasons if not)
                decision = decide(user, "documents.add_comment", document.workspace)
            return decision
        decision = ItemPolicy.decide(self, user, perm, document)
        if action == "change" and not decision.allowed and decision.reason != NOT_FOUND and access.has("contribute"):
            if self.is_coauthor(access, document):
                return ALLOW
        return decision

    def is_coauthor(self, access, document):
        key = ("coauthor", document.pk)
        if key not in access.grant_cache:
            access.grant_cache[key] = document.coauthors.filter(user=access.user.pk).exists()
        return access.grant_cache[key]
