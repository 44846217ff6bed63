"""Who may do what with surveys. Every rule is here; views and services ask can()/require().

Surveys are items (ManagedDeletionPolicy): the item access says who sees a survey, and so who
may respond to it (members, managers, chosen teams; "anyone" in a public workspace: anyone with
the link, signed in or not). Creating one (`surveys.create_survey` on the workspace) is for
managers.

- `view`: sees it (the survey's page: its description, status, "Start").
- `respond`: sees it, it is live (has a published version) and its window is open (refused
  with the window's phrase: "Closed on 15 January 2027, 17:00."). Readers respond: answering
  a survey is not contributing content.
- `change` (build: questions, settings, publish, open and close), `distribute` (invitations,
  reminders) and `enter` (paper and phone responses typed in by staff): the author, managers,
  and whoever the survey's change access admits.
- `analyse` (results, responses, exports, the response-rate panel): the same people, and
  still in an archived workspace (reading what was collected is not changing anything);
  tagging answers is a change (`change`), refused there.
- Nothing is answered in an archived workspace (read-only), even by its managers.
- `results`: a respondent's view of the published summary: whoever sees the survey, once its
  results are published (and whoever may analyse).
- `delete`, `restrict`: ManagedDeletionPolicy / ItemPolicy.
"""

from workspaces.kit.lifecycles import within_window
from workspaces.kit.models import Role
from workspaces.permissions import ALLOW, Decision, ItemPolicy, ManagedDeletionPolicy, deny

NOT_LIVE = "This survey is not open yet."
RESULTS_NOT_PUBLISHED = "The results of this survey have not been published."

STAFF_ACTIONS = frozenset({"distribute", "enter"})  # decided as "change"


class SurveyPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore surveys."
    actions = ItemPolicy.actions | {"respond", "results", "analyse"} | STAFF_ACTIONS

    def decide_item(self, user, action, survey, access):
        if action in STAFF_ACTIONS:
            return self.decide_action(user, "change", survey, access)
        if action == "analyse":
            return self.decide_analyse(user, survey, access)
        if action == "respond":
            decision = self.decide_action(user, "view", survey, access)
            if not decision.allowed:
                return decision
            if access.workspace.is_archived:
                return deny("respond", access)
            if not survey.is_live:
                return Decision(False, NOT_LIVE)
            return within_window(decision, survey.window)
        if action == "results":
            decision = self.decide_action(user, "view", survey, access)
            if not decision.allowed or survey.results_published:
                return decision
            if self.decide_analyse(user, survey, access).allowed:
                return ALLOW
            return Decision(False, RESULTS_NOT_PUBLISHED)
        return self.decide_action(user, action, survey, access)

    def decide_analyse(self, user, survey, access):
        """Whoever may build it, archived or not: the change rule without the write capability."""
        decision = self.decide_action(user, "view", survey, access)
        if not decision.allowed:
            return decision
        if access.is_manager:
            return ALLOW
        if (access.effective_role or 0) >= Role.CONTRIBUTOR:
            is_author = user.is_authenticated and survey.created_by_id == user.pk
            if is_author or self.change_access_admits(access, survey):
                return ALLOW
        return deny("manage_items", access)


SURVEY_POLICY = SurveyPolicy()
