"""The library's comment window as a lifecycle: when comments on a document open or close, its
followers hear of it (the beat task workspaces.tasks.advance_lifecycles); the day before they
close, its followers are reminded. Who may comment meanwhile is DocumentPolicy's (from the
dates, on the minute)."""

from workspaces.kit.lifecycles import ClosingReminder, Lifecycle, Phase

COMMENT_WINDOW = Lifecycle(
    model="documents.Document",
    verbs={Phase.OPEN: "documents.comments_opened", Phase.CLOSED: "documents.comments_closed"},
    summaries={Phase.OPEN: "Comments are now open on", Phase.CLOSED: "Comments are now closed on"},
    live={"is_deleted": False},
    reminder=ClosingReminder(
        subject="Comments on “{title}” close tomorrow",
        message="Comments on “{title}” close on {closes}. Open it to add yours before then.",
    ),
)
