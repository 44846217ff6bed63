"""A consultation's window as a lifecycle: when a published consultation opens or closes, its
followers hear of it (the beat task workspaces.tasks.advance_lifecycles), and the day before it
closes they are reminded. Staff's own moves (publish, analyse, publish the outcome) are
STATUS transitions. The "response expected by" date and its reminder are due.py's."""

from workspaces.kit.lifecycles import ClosingReminder, Lifecycle, Phase, Transitions

CONSULTATION_WINDOW = Lifecycle(
    model="consultations.Consultation",
    verbs={Phase.OPEN: "consultations.consultation_opened", Phase.CLOSED: "consultations.consultation_closed"},
    summaries={Phase.OPEN: "Consultation now open:", Phase.CLOSED: "Consultation now closed:"},
    live={"is_deleted": False, "status": "live"},
    reminder=ClosingReminder(subject="The consultation “{title}” closes tomorrow",
                             message="Responses close on {closes}. A draft response you have started is kept "
                                     "until then: send it before it closes."),
)

STATUS = Transitions(field="status", allowed={
    ("draft", "live"): "consultations.consultation_published",
    ("live", "draft"): "consultations.consultation_withdrawn",  # before it opens only (services)
    ("live", "analysing"): "consultations.analysis_started",
    ("live", "outcome"): "consultations.outcome_published",
    ("analysing", "outcome"): "consultations.outcome_published",
    ("outcome", "analysing"): "consultations.outcome_withdrawn",
})
