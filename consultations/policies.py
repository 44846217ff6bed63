"""Who may do what with consultations. Every rule is here; views and services ask can()/require().

Consultations are items (ManagedDeletionPolicy): item access says who sees one, and so who
may respond while it is open. Creating one (`consultations.create_consultation`) is for
managers. By stage (Consultation.stage()):

- draft: seen only by whoever may run it (its author, managers, its change access).
- scheduled / open / closed / analysing / published: seen by whoever its item access admits.
- `respond` (a response, its comments, suggestions and answers): sees it, it is published
  (status live) and its window is open; refused with the window's phrase otherwise
  ("Closed for responses on 1 March 2027, 17:00."). Readers respond. Never in an archived
  workspace.
- `change` (the document, settings, dates, attachments, publishing it), `enter` (offline
  responses typed in by staff), `publish` (per-part publishing decisions, redactions, the
  outcome): the author, managers, and whoever the change access admits; refused in an archived
  workspace.
- `analyse` (every response, the analysis, themes' counts, exports, campaigns): the same people,
  and still in an archived workspace (reading what was collected changes nothing); coding
  (tags, notes, grouping) is `change`.
- `outcome` ("we asked, you said, we did"): whoever sees it once the outcome is published
  (analysts before, to preview it).
- `responses` (the published responses): whoever sees it once staff publish responses (analysts before).
- `formats` ("request another format"): whoever sees it, signed in or not; not in an archived
  workspace.
- Comments (CommentPolicy): a comment is seen by its author, by analysts and moderators, and
  by whoever sees the consultation once its response is submitted, its author agreed to
  publication, it is not confidential, the consultation shows comments while open, and it is
  not waiting for a moderator.
"""

from django.db.models import Q

from workspaces.kit.lifecycles import within_window
from workspaces.kit.models import Role
from workspaces.kit.moderation import ModerationStatus
from workspaces.permissions import (
    ALLOW,
    NOT_FOUND,
    ChildPolicy,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    access_for,
    counting_memberships,
    deny,
    licensed_memberships,
)

from .models import Consent, Status

NOT_PUBLISHED = "This consultation has not been published yet."
OUTCOME_NOT_PUBLISHED = "The outcome of this consultation has not been published yet."
RESPONSES_NOT_PUBLISHED = "Responses to this consultation have not been published."
ARCHIVED_FORMATS = "This workspace is archived: nothing can be requested in it."
NOT_COLLECTING = "This consultation is no longer taking responses."

STAFF_ACTIONS = frozenset({"enter", "publish"})  # decided as "change"


class ConsultationPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore consultations."
    actions = ItemPolicy.actions | {"respond", "analyse", "outcome", "responses",
                                    "formats"} | STAFF_ACTIONS

    def decide_item(self, user, action, consultation, access):
        if not consultation.is_live and action not in ("view", "formats"):
            seen = self.decide_view(user, consultation, access)
            if not seen.allowed:  # a draft is not there for whoever may not see it
                return seen
        if action in STAFF_ACTIONS:
            return self.decide_action(user, "change", consultation, access)
        if action == "analyse":
            return self.decide_analyse(user, consultation, access)
        if action == "view":
            return self.decide_view(user, consultation, access)
        if action == "formats":
            decision = self.decide_view(user, consultation, access)
            if decision.allowed and access.workspace.is_archived:
                return Decision(False, ARCHIVED_FORMATS)
            return decision
        if action == "respond":
            decision = self.decide_view(user, consultation, access)
            if not decision.allowed:
                return decision
            if access.workspace.is_archived:
                return deny("respond", access)
            if consultation.status != Status.LIVE:
                return Decision(False, NOT_COLLECTING)
            return within_window(decision, consultation.window)
        if action == "outcome":
            return self.decide_published(user, consultation, access, consultation.status == Status.OUTCOME,
                                         OUTCOME_NOT_PUBLISHED)
        if action == "responses":
            return self.decide_published(user, consultation, access,
                                         consultation.is_live and consultation.responses_published,
                                         RESPONSES_NOT_PUBLISHED)
        return self.decide_action(user, action, consultation, access)

    def decide_view(self, user, consultation, access):
        """A draft is seen by the workspace's managers and its author only (lists say the same)."""
        decision = self.decide_action(user, "view", consultation, access)
        if decision.allowed and not consultation.is_live and not access.is_manager:
            if not (user.is_authenticated and consultation.created_by_id == user.pk):
                return Decision(False, NOT_FOUND)
        return decision

    def decide_published(self, user, consultation, access, published, reason):
        decision = self.decide_view(user, consultation, access)
        if not decision.allowed or published:
            return decision
        if self.decide_analyse(user, consultation, access).allowed:
            return ALLOW
        return Decision(False, reason)

    def decide_analyse(self, user, consultation, access):
        """Whoever may run it, archived or not: the change rule without the write capability."""
        decision = self.decide_action(user, "view", consultation, access)
        if not decision.allowed:
            return decision
        if access.is_manager:
            return ALLOW
        if (access.effective_role or 0) >= Role.CONTRIBUTOR:
            is_author = user.is_authenticated and consultation.created_by_id == user.pk
            if is_author or self.change_access_admits(access, consultation):
                return ALLOW
        return deny("manage_items", access)

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = ~Q(status=Status.DRAFT)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(created_by=user.pk) | Q(workspace__in=managed)
        return queryset.filter(shown)

    def visible_to_many(self, users, queryset, only=None):
        pairs = super().visible_to_many(users, queryset, only)
        drafts = {pk: (author, workspace) for pk, author, workspace in
                  queryset.filter(status=Status.DRAFT).values_list("pk", "created_by_id", "workspace_id")}
        if not drafts:
            return pairs
        people = {u.pk: u for u in users}
        asked = {user_id for user_id, pk in pairs if pk in drafts}
        managing = set()  # (user, workspace) for the drafts' workspaces' managers: a query per workspace
        for workspace in {workspace for _, workspace in drafts.values()} if asked else ():
            managing.update(counting_memberships(workspace).filter(role__gte=Role.MANAGER, user__in=asked)
                            .values_list("user_id", "workspace_id"))
        kept = set()
        for user_id, pk in pairs:
            author, workspace = drafts.get(pk, (None, None))
            if (pk not in drafts or author == user_id or getattr(people.get(user_id), "is_site_admin", False)
                    or (user_id, workspace) in managing):
                kept.add((user_id, pk))
        return kept

    def visible_in(self, access, queryset):
        """Lists: drafts only for whoever may run them (managers here; authors their own)."""
        queryset = super().visible_in(access, queryset)
        if access.is_manager:
            return queryset
        drafts_mine = Q(created_by=access.user.pk) if access.user.is_authenticated else Q(pk__in=[])
        return queryset.filter(~Q(status=Status.DRAFT) | drafts_mine)


CONSULTATION_POLICY = ConsultationPolicy()


def public_comments(queryset):
    """The comments anyone who sees the consultation may read (hidden ones show as hidden)."""
    return queryset.filter(
        submitted=True, confidential=False, consultation__comments_public=True,
        status__in=(ModerationStatus.PUBLISHED, ModerationStatus.HIDDEN),
    ).exclude(response__consent=Consent.PRIVATE)


class CommentPolicy(ChildPolicy):
    parent = "consultation"
    actions = frozenset({"view", "report", "moderate"})

    def decide(self, user, perm, comment):
        action = self.check_perm(perm, type(comment))
        consultation = comment.consultation
        seen = CONSULTATION_POLICY.decide(user, "consultations.view_consultation", consultation)
        if not seen.allowed:
            return seen
        access = access_for(user, consultation.workspace)
        mine = user.is_authenticated and comment.author_id == user.pk
        staff = self.is_staff(user, consultation, access)
        if not (mine or staff or self.is_public(comment)):
            return Decision(False, NOT_FOUND)
        if action == "view":
            return ALLOW
        if action == "moderate":
            return ALLOW if access.has("moderate") else deny("moderate", access)
        return ALLOW  # report: the moderation app adds its own rules (signed in, not one's own)

    @staticmethod
    def is_staff(user, consultation, access):
        return access.has("moderate") or CONSULTATION_POLICY.decide_analyse(user, consultation, access).allowed

    @staticmethod
    def is_public(comment):
        return (comment.submitted and not comment.confidential and comment.consultation.comments_public
                and comment.status in (ModerationStatus.PUBLISHED, ModerationStatus.HIDDEN)
                and comment.response.consent != Consent.PRIVATE)

    def visible(self, user, queryset):
        """What decide() lets through, as a filter: the comments of consultations the person
        runs or moderates, the public ones, and their own (of consultations they see)."""
        from .models import Consultation

        seen = super().visible(user, queryset)
        if user.is_authenticated and not user.is_active:
            return seen.none()
        consultations = Consultation.objects.filter(pk__in=seen.values("consultation_id")).select_related("workspace")
        staff = [c.pk for c in consultations if self.is_staff(user, c, access_for(user, c.workspace))]
        shown = Q(consultation__in=staff) | Q(pk__in=public_comments(seen).values("pk"))
        if user.is_authenticated:
            shown |= Q(author=user.pk)
        return seen.filter(shown)

    def visible_in(self, access, queryset):
        return self.visible(access.user, queryset.filter(workspace=access.workspace))

    def visible_under(self, user, item, queryset):
        queryset = queryset.filter(consultation=item)
        seen = CONSULTATION_POLICY.decide(user, "consultations.view_consultation", item)
        if not seen.allowed or (user.is_authenticated and not user.is_active):
            return queryset.none()
        if self.is_staff(user, item, access_for(user, item.workspace)):
            return queryset
        public = Q(pk__in=public_comments(queryset).values("pk"))
        return queryset.filter(public | Q(author=user.pk)) if user.is_authenticated else queryset.filter(public)

    def visible_to_many(self, users, queryset, only=None):
        """The parent's answer, narrowed: a comment that is not public reaches only its author
        and whoever runs or moderates its consultation (decided once per person and consultation)."""
        from .models import Consultation

        pairs = super().visible_to_many(users, queryset, only)
        public = set(public_comments(queryset).values_list("pk", flat=True))
        facts = {pk: (author, consultation) for pk, author, consultation in
                 queryset.values_list("pk", "author_id", "consultation_id")}
        people = {u.pk: u for u in users}
        consultations = Consultation.objects.select_related("workspace").in_bulk(
            {consultation for _, consultation in facts.values()})
        staff_cache = {}
        kept = set()
        for user_id, pk in pairs:
            author, consultation_id = facts[pk]
            if pk in public or author == user_id:
                kept.add((user_id, pk))
                continue
            key = (user_id, consultation_id)
            if key not in staff_cache:
                user, consultation = people[user_id], consultations[consultation_id]
                staff_cache[key] = self.is_staff(user, consultation, access_for(user, consultation.workspace))
            if staff_cache[key]:
                kept.add((user_id, pk))
        return kept


COMMENT_POLICY = CommentPolicy()
