"""The licence reminders' emails, built from outbox rows (workspaces.mail) that the daily task
writes: to an organisation's admins before a pool ends, to each licensee before their access
ends. Each row names the end date it warns of; if the pool was moved since, it is skipped (the
next daily run writes the reminder for the new date, when it comes)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from .. import mail
from ..lib.dates import format_day
from ..models import Licence, LicencePool
from .selectors import organisation_admins

POOL_ENDING = "licence_pool_expiring"
LICENCE_ENDING = "licence_expiring"
CONTACTS = 5  # admins named in a licensee's reminder


def _licence_page_url(organisation):
    return settings.SITE_URL + reverse("licence_overview", args=[organisation.slug])


def _load_pools(rows, batch):
    return LicencePool.objects.select_related("organisation").in_bulk([row.ref_id for row in rows])


def _pool_message(row, batch):
    pool = batch.loaded(row).get(row.ref_id)
    if pool is None or pool.valid_until.isoformat() != row.payload.get("valid_until"):
        return None, ()
    context = {"pool": pool, "organisation": pool.organisation, "url": _licence_page_url(pool.organisation),
               "site_url": settings.SITE_URL}
    return mail.compose(
        row, to=batch.users[row.recipient_id].email,
        subject=f"Licence pool “{pool.label}” ends on {format_day(pool.valid_until)}",
        text=render_to_string("workspaces/email/licence_pool_expiring.txt", context),
        html=render_to_string("workspaces/email/licence_pool_expiring.html", context),
    ), ()


def _load_licences(rows, batch):
    licences = Licence.objects.select_related("user", "pool", "organisation").in_bulk([row.ref_id for row in rows])
    # Whom to ask, per organisation: a query for each organisation in the chunk (usually one).
    contacts = {}
    for licence in licences.values():
        if licence.organisation_id not in contacts:
            contacts[licence.organisation_id] = list(organisation_admins(licence.organisation)[:CONTACTS])
    return licences, contacts


def _licence_message(row, batch):
    licences, contacts = batch.loaded(row)
    licence = licences.get(row.ref_id)
    if (licence is None or licence.released_at is not None
            or licence.pool.valid_until.isoformat() != row.payload.get("valid_until")):
        return None, ()
    org = licence.organisation
    context = {"licence": licence, "organisation": org, "contacts": contacts[org.pk], "site_url": settings.SITE_URL}
    return mail.compose(
        row, to=batch.users[row.recipient_id].email,
        subject=f"Your access to {org.name} on Engage ends on {format_day(licence.pool.valid_until)}",
        text=render_to_string("workspaces/email/licence_expiring.txt", context),
        html=render_to_string("workspaces/email/licence_expiring.html", context),
    ), ()


MAIL_KINDS = (
    mail.MailKind(name=POOL_ENDING, label="Licence pool ending", build=_pool_message, preload=_load_pools),
    mail.MailKind(name=LICENCE_ENDING, label="Licence ending", build=_licence_message, preload=_load_licences),
)
