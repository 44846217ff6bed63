"""The publishing part's mail: "the outcome is published", one to each respondent who opted
in (Response.notify_outcome), written by consultations.outcome. Registered in ready()."""

from django.conf import settings
from django.template.loader import render_to_string

from workspaces.kit.mail import MailKind, compose

from .outcome import MAIL_KIND


def build_outcome_mail(row, batch):
    """What to say was decided when the row was written (outcome.queue_mail_chunk)."""
    user = batch.users.get(row.recipient_id)
    if user is None or not user.email:
        return None, ()
    context = {**row.payload, "user": user, "url": settings.SITE_URL + row.payload["url"]}
    return compose(row, to=user.email, subject=row.subject,
                   text=render_to_string("consultations/publishing/outcome_email.txt", context)), ()


MAIL_KINDS = (MailKind(name=MAIL_KIND, label="Consultation outcome published", build=build_outcome_mail),)
