"""A poll's window as a lifecycle: when a published poll opens or closes, its followers hear of
it (the beat task workspaces.tasks.advance_lifecycles); the day before it closes they are
reminded. Never "X voted": a vote records no activity at all."""

from workspaces.kit.lifecycles import ClosingReminder, Lifecycle, Phase

POLL_WINDOW = Lifecycle(
    model="polls.Poll",
    verbs={Phase.OPEN: "polls.poll_opened", Phase.CLOSED: "polls.poll_closed"},
    summaries={Phase.OPEN: "Poll now open:", Phase.CLOSED: "Poll closed:"},
    live={"is_deleted": False, "status": "live"},
    reminder=ClosingReminder(subject="The poll “{title}” closes tomorrow",
                             message="Votes close on {closes}."),
)
