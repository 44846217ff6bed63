"""Who may do what in the library: the core ItemPolicy for documents, plus the library's rules.

Documents (ManagedDeletionPolicy):
- Co-authors may change a document (write a version, check it out, ask for a review) even
  when its change_access would not otherwise admit them; they still need to be contributors.
- Commenting (`documents.comment_document`, through the comments app) needs a contributor who
  may see the document, and a document with a comment window takes comments only inside it,
  from anyone (managers and site admins too): outside it the reason is the window's ("Comments
  closed on 15 January 2027, 17:00."). Reading is not limited by it, nor is changing the window
  (the document's author or a manager, like who may see it: DetailsForm).
- Deleting and restoring need a manager (ItemPolicy lets authors delete their own items).
- Asking for a review (`documents.review_document`) needs what changing needs, but goes on while
  the document is checked out (a review is of a version, and changes nothing in it).
- While someone has a document checked out, nobody else may change it — its text, versions,
  details (title, folder, description), who sees it — nor delete it: managers and site admins
  included, who may release the lock instead (`unlock`: audited, the holder told). Reading,
  commenting and reviews go on. The services check the lock again under the row lock.
- A deleted document is hidden from everyone but managers (and site admins).
- Breaking someone's lock (`documents.unlock_document`) needs a manager.

Reviews (who may see one: who may see its document):
- `documents.answer_review`: the people asked, while it is open, outside an archived workspace.
- `documents.withdraw_review`: whoever asked for it (if they may still ask for reviews of the
  document) or a manager.
"""


from workspaces.kit.lifecycles import within_window
from workspaces.lib.dates import format_moment
from workspaces.permissions import (
    ALLOW,
    ARCHIVED_REASON,
    NOT_FOUND,
    ChildPolicy,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    decide,
    deny,
)

MANAGERS_ONLY = "Only managers of this workspace can delete or restore documents."
ONLY_REVIEWERS = "Only the people asked to review this document can answer."
REVIEW_FINISHED = "This review is finished."
WITHDRAW_REFUSED = "Only the person who asked for this review, or a manager, can withdraw it."


HELD_ACTIONS = frozenset({"change", "restrict", "delete"})  # refused while someone else holds the lock


def held_reason(document, for_manager=False):
    """Why a document checked out by someone else cannot be changed now, naming who has it and
    since when (document.locked_by: load it with the document)."""
    holder = document.locked_by.name if document.locked_by else "Someone"
    since = format_moment(document.locked_at)
    what = (f"{holder} has locked this document for editing{f' (since {since})' if since else ''} and may be "
            "revising it, so it cannot be changed until they unlock it.")
    if for_manager:
        return f"{what} Ask them to, or unlock it first: “Unlock it (managers)” on its page."
    return f"{what} Ask them to, or ask a manager to unlock it."


class DocumentPolicy(ManagedDeletionPolicy):
    managers_only = MANAGERS_ONLY
    actions = ItemPolicy.actions | {"comment", "review", "unlock"}

    def decide(self, user, perm, document):
        decision = super().decide(user, perm, document)
        if decision.allowed and self.check_perm(perm, type(document)) in HELD_ACTIONS:
            holder = document.locked_by_id
            if holder is not None and holder != getattr(user, "pk", None):
                return Decision(False, held_reason(document, for_manager=self.may_release(user, document)))
        return decision

    def may_release(self, user, document):
        return super().decide(user, "documents.unlock_document", document).allowed

    def decide_item(self, user, action, document, access):
        if action == "review":
            action = "change"  # (the lock is not asked: see decide)
        if action == "comment":
            decision = self.decide_action(user, "view", document, access)
            if decision.allowed and not access.has("contribute"):  # with the core's reasons
                return deny("contribute", access)
            return within_window(decision, document.window)
        decision = self.decide_action(user, action, document, access)
        if action == "change" and not decision.allowed and decision.reason != NOT_FOUND and access.has("contribute"):
            if self.is_coauthor(access, document):
                return ALLOW
        return decision

    def is_coauthor(self, access, document):
        key = ("coauthor", document.pk)
        if key not in access.grant_cache:
            access.grant_cache[key] = document.coauthors.filter(user=access.user.pk).exists()
        return access.grant_cache[key]


class ReviewPolicy(ChildPolicy):
    parent = "document"
    actions = frozenset({"view", "answer", "withdraw"})

    def decide_action(self, user, action, review, document, access):
        if action == "answer":
            asked = user.is_authenticated and any(r.user_id == user.pk for r in _reviewers(review))
            if not asked:
                return Decision(False, ONLY_REVIEWERS)
            if not review.is_open:
                return Decision(False, REVIEW_FINISHED)
            if access.workspace.is_archived:
                return Decision(False, ARCHIVED_REASON)
            return ALLOW
        # withdraw (a finished review: withdrawing it again changes nothing)
        if access.is_manager and access.has("contribute"):
            return ALLOW
        if review.requested_by_id == user.pk and decide(user, "documents.review_document", document).allowed:
            return ALLOW
        if not access.has("contribute"):
            return deny("contribute", access)
        return Decision(False, WITHDRAW_REFUSED)


def _reviewers(review):
    """The review's reviewers (the selectors load them as `all_reviewers`)."""
    if not hasattr(review, "all_reviewers"):
        review.all_reviewers = list(review.reviewers.all())
    return review.all_reviewers
