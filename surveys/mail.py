"""The surveys' own mail (registered in SurveysConfig.ready()): the invitation, one to a
person, with their personal link. Reminders go through the core's reminders (their mail is the
notifications app's), personalised by surveys.distribution.personalise_reminder."""

from django.conf import settings
from django.template.loader import render_to_string

from workspaces.kit.mail import MailKind, compose

from .distribution import INVITATION_KIND


def build_invitation(row, batch):
    """What to say was decided when the row was written (surveys.distribution.invite_chunk)."""
    user = batch.users[row.recipient_id]
    context = {**row.payload, "user": user, "url": settings.SITE_URL + row.payload["url"]}
    return compose(row, to=user.email, subject=row.subject,
                   text=render_to_string("surveys/distribution/invitation_email.txt", context)), ()


MAIL_KINDS = (MailKind(name=INVITATION_KIND, label="Survey invitation", build=build_invitation),)
