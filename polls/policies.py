"""Who may do what with polls. Every rule is here; views and services ask can()/require().

Polls are items deleted softly: item access says who sees one. Adding one (`polls.add_poll`)
is for contributors. A draft is seen only by its author and the managers (404 for others,
lists and counts the same). Whoever may change it (its author, managers, whom change access
admits) "runs" it: `change`, `publish`, `export` (the vote times), `participants`.

- `vote`: sees it, it is published, its window is open, the workspace is not archived; then a
  member (any role) votes as themselves; anyone else (a visitor, or someone signed in who is not
  a member) only in a public workspace, on a poll anyone may see that does not require sign-in:
  their vote counts as unverified.
- `results`: those who run it, always; others by the poll's setting: always, once they have
  voted (or it has closed), or once it has closed. (A visitor's vote is known from their
  browser's cookie, which the view adds: views_voting.may_see_results.)
- `participants` (who voted, never what they chose): those who run it; for an anonymous poll
  only after it has closed.
"""

from django.db.models import Q

from workspaces.kit.lifecycles import Phase, within_window
from workspaces.kit.models import Role
from workspaces.permissions import (
    ALLOW,
    NOT_FOUND,
    Decision,
    ItemPolicy,
    ManagedDeletionPolicy,
    counting_memberships,
    deny,
    licensed_memberships,
)

from .models import Participation, Results, Status

NOT_TAKING_VOTES = "This poll is not taking votes."
SIGN_IN_TO_VOTE = "Sign in as a member of this workspace to vote in this poll."
RESULTS_AFTER_VOTE = "The results show once you have voted."
RESULTS_AFTER_CLOSE = "The results show when the poll closes."
PARTICIPANTS_AFTER_CLOSE = "This poll is anonymous: who took part shows only after it closes."
RUNNER_ACTIONS = frozenset({"publish", "export"})  # decided as "change"


class PollPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore polls."
    actions = ItemPolicy.actions | {"vote", "results", "participants"} | RUNNER_ACTIONS

    def decide_item(self, user, action, poll, access):
        decision = self.decide_view(user, poll, access)
        if not decision.allowed or action == "view":
            return decision
        if action in RUNNER_ACTIONS:
            return self.decide_action(user, "change", poll, access)
        if action == "vote":
            return self.decide_vote(user, poll, access)
        if action == "results":
            return self.decide_results(user, poll, access)
        if action == "participants":
            runs = self.decide_action(user, "change", poll, access)
            if runs.allowed and poll.anonymous and poll.window_state() != Phase.CLOSED:
                return Decision(False, PARTICIPANTS_AFTER_CLOSE)
            return runs
        return self.decide_action(user, action, poll, access)

    def decide_view(self, user, poll, access):
        decision = self.decide_action(user, "view", poll, access)
        if decision.allowed and not poll.is_live and not access.is_manager:
            if not (user.is_authenticated and poll.created_by_id == user.pk):
                return Decision(False, NOT_FOUND)
        return decision

    def decide_vote(self, user, poll, access):
        if access.workspace.is_archived:
            return deny("vote", access)
        if not poll.is_live:
            return Decision(False, NOT_TAKING_VOTES)
        if not access.is_member:
            if access.licence_lapsed:
                return deny("vote", access)
            visitors = (access.workspace.is_public and poll.view_access == "anyone" and not poll.sign_in_required)
            if not visitors:
                return Decision(False, SIGN_IN_TO_VOTE)
        return within_window(ALLOW, poll.window)

    def decide_results(self, user, poll, access):
        if self.decide_action(user, "change", poll, access).allowed or poll.results == Results.ALWAYS:
            return ALLOW
        if poll.window_state() == Phase.CLOSED:
            return ALLOW
        if poll.results == Results.AFTER_CLOSE:
            return Decision(False, RESULTS_AFTER_CLOSE)
        if user.is_authenticated and Participation.objects.filter(poll=poll.pk, user=user.pk).exists():
            return ALLOW
        return Decision(False, RESULTS_AFTER_VOTE)

    def visible(self, user, queryset):
        queryset = super().visible(user, queryset)
        if getattr(user, "is_site_admin", False):
            return queryset
        shown = Q(status=Status.LIVE)
        if user.is_authenticated:
            managed = licensed_memberships(user.pk).filter(role__gte=Role.MANAGER).values("workspace_id")
            shown |= Q(created_by=user.pk) | Q(workspace__in=managed)
        return queryset.filter(shown)

    def visible_in(self, access, queryset):
        queryset = super().visible_in(access, queryset)
        if access.is_manager:
            return queryset
        mine = Q(created_by=access.user.pk) if access.user.is_authenticated else Q(pk__in=[])
        return queryset.filter(Q(status=Status.LIVE) | mine)

    bulk_fields = (*ManagedDeletionPolicy.bulk_fields, "status")

    def visible_to_many(self, users, queryset, only=None):
        pairs = ManagedDeletionPolicy.visible_to_many(self, users, queryset, only)
        drafts = {pk: (author, workspace) for pk, author, workspace in
                  queryset.filter(status=Status.DRAFT).values_list("pk", "created_by_id", "workspace_id")}
        if not drafts or not pairs:
            return pairs
        people = {u.pk: u for u in users}
        asked = {user_id for user_id, pk in pairs if pk in drafts}
        managing = set()
        for workspace in {workspace for _, workspace in drafts.values()} if asked else ():
            managing.update(counting_memberships(workspace).filter(role__gte=Role.MANAGER, user__in=asked)
                            .values_list("user_id", "workspace_id"))
        return {(user_id, pk) for user_id, pk in pairs
                if pk not in drafts or drafts[pk][0] == user_id or getattr(people.get(user_id), "is_site_admin", False)
                or (user_id, drafts[pk][1]) in managing}


POLL_POLICY = PollPolicy()
