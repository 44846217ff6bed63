"""A survey's window as a lifecycle: when a live survey opens or closes, its followers hear of
it. The "you haven't responded" reminders are the surveys' own (surveys.distribution), aimed at
who has not finished, so there is no blanket "closes tomorrow" reminder here."""

from workspaces.kit.lifecycles import Lifecycle, Phase

SURVEY_WINDOW = Lifecycle(
    model="surveys.Survey",
    verbs={Phase.OPEN: "surveys.survey_opened", Phase.CLOSED: "surveys.survey_closed"},
    summaries={Phase.OPEN: "Survey now open:", Phase.CLOSED: "Survey now closed:"},
    live={"is_deleted": False, "live_version__isnull": False},
)
