"""The analysis part's own mail: a suggester is told what was decided about their suggested
wording (accepted, rejected or noted, with the analyst's note). The kind must be registered in
ConsultationsConfig.ready() (the lead wires it: `for kind in MAIL_KINDS: register_kind(kind)`)."""

from django.conf import settings
from django.template.loader import render_to_string

from workspaces.kit.mail import MailKind, OutboundEmail, compose, queue

SUGGESTION_DECIDED = "consultations.suggestion_decided"
SUBJECTS = {
    "accepted": "Your suggested wording for “{title}” was accepted",
    "rejected": "Your suggested wording for “{title}” was not taken up",
    "noted": "Your suggested wording for “{title}” was noted",
}


def build_decision(row, batch):
    user = batch.users[row.recipient_id]
    context = {**row.payload, "user": user, "url": settings.SITE_URL + row.payload["url"]}
    return compose(row, to=user.email, subject=row.subject,
                   text=render_to_string("consultations/analysis/decision_email.txt", context)), ()


MAIL_KINDS = (MailKind(name=SUGGESTION_DECIDED, label="Consultation suggestion decided", build=build_decision),)


def tell_suggester(comment):
    """Queue the mail to the suggestion's author (in the decision's transaction). Nobody to tell
    for an offline response."""
    if not comment.author_id or comment.suggestion_state == "open":
        return
    consultation = comment.consultation
    stamp = int(comment.decided_at.timestamp() * 1000)
    queue([OutboundEmail(
        idempotency_key=f"{SUGGESTION_DECIDED}:{comment.pk}:{comment.suggestion_state}:{stamp}",
        kind=SUGGESTION_DECIDED, recipient_id=comment.author_id,
        subject=SUBJECTS[comment.suggestion_state].format(title=consultation.title)[:200],
        payload={"title": consultation.title, "state": comment.get_suggestion_state_display().lower(),
                 "place": comment.paragraph.label if comment.paragraph_id else comment.section.label,
                 "suggested_text": comment.suggested_text[:2000], "note": comment.suggestion_note,
                 "url": consultation.get_absolute_url()},
    )])
