"""The lifecycle part's own mail (its kind registered in ConsultationsConfig.ready()): when staff
extend the close date, everyone with a draft or a submitted response online is told the new
date, one email each, written in the transaction of the change (workspaces.kit.mail)."""

from django.conf import settings
from django.template.loader import render_to_string

from workspaces.kit.lifecycles import site_time
from workspaces.kit.mail import MailKind, OutboundEmail, compose, queue

CLOSE_EXTENDED_KIND = "consultations.close_extended"


def queue_close_extended(consultation, people, *, reason):
    """people: [(user id, response status)]. One row each, keyed by the new close: extending
    twice tells people twice, the same change never twice."""
    stamp = consultation.closes_at.strftime("%Y%m%d%H%M")
    payload = {"title": consultation.title, "workspace_name": consultation.workspace.name,
               "closes": site_time(consultation.closes_at), "reason": reason,
               "url": consultation.get_absolute_url()}
    rows = [
        OutboundEmail(
            idempotency_key=f"{CLOSE_EXTENDED_KIND}:{consultation.pk}:{user_id}:{stamp}"[:120],
            kind=CLOSE_EXTENDED_KIND, recipient_id=user_id, ref_id=consultation.pk,
            subject=f"More time to respond to “{consultation.title}”"[:200],
            payload={**payload, "submitted": status == "submitted"},
        )
        for user_id, status in people
    ]
    if rows:
        queue(rows)
    return len(rows)


def build_close_extended(row, batch):
    user = batch.users[row.recipient_id]
    context = {**row.payload, "user": user, "url": settings.SITE_URL + row.payload["url"]}
    text = render_to_string("consultations/lifecycle/close_extended_email.txt", context)
    return compose(row, to=user.email, subject=row.subject, text=text), ()


MAIL_KINDS = (MailKind(name=CLOSE_EXTENDED_KIND, label="Consultation close date extended",
                       build=build_close_extended),)
