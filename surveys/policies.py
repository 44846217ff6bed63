"""Who may do what with surveys. Every rule is here; views and services ask can()/require().

Surveys are items (ManagedDeletionPolicy): the item access says who sees a survey, and so who
may respond to it (members, managers, chosen teams; "anyone" in a public workspace: anyone with
the link, signed in or not). Creating one (`surveys.create_survey` on the workspace) is for
managers.

- `view`: sees it (the survey's page: its description, status, "Start").
- `respond`: sees it, it is live (has a published version) and its window is open (refused
  with the window's phrase: "Closed on 15 January 2027, 17:00."). Readers respond: answering
  a survey is not contributing content.
- `change` (build: questions, settings, publish, open and close), `analyse` (results,
  responses, exports, tags, the response-rate panel), `distribute` (invitations, reminders)
  and `enter` (paper and phone responses typed in by staff): the author, managers, and whoever
  the survey's change access admits.
- `results`: a respondent's view of the published summary: whoever sees the survey, once its
  results are published (and whoever may analyse).
- `delete`, `restrict`: ManagedDeletionPolicy / ItemPolicy.
"""

from workspaces.kit.lifecycles import within_window
from workspaces.permissions import ALLOW, Decision, ItemPolicy, ManagedDeletionPolicy

NOT_LIVE = "This survey is not open yet."
RESULTS_NOT_PUBLISHED = "The results of this survey have not been published."

STAFF_ACTIONS = frozenset({"analyse", "distribute", "enter"})  # decided as "change"


class SurveyPolicy(ManagedDeletionPolicy):
    managers_only = "Only managers of this workspace can delete or restore surveys."
    actions = ItemPolicy.actions | {"respond", "results"} | STAFF_ACTIONS

    def decide_item(self, user, action, survey, access):
        if action in STAFF_ACTIONS:
            return self.decide_action(user, "change", survey, access)
        if action == "respond":
            decision = self.decide_action(user, "view", survey, access)
            if not decision.allowed:
                return decision
            if not survey.is_live:
                return Decision(False, NOT_LIVE)
            return within_window(decision, survey.window)
        if action == "results":
            decision = self.decide_action(user, "view", survey, access)
            if not decision.allowed or survey.results_published:
                return decision
            if self.decide_action(user, "change", survey, access).allowed:
                return ALLOW
            return Decision(False, RESULTS_NOT_PUBLISHED)
        return self.decide_action(user, action, survey, access)


SURVEY_POLICY = SurveyPolicy()
