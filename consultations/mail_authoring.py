"""The authoring part's mail: "request another format" tells the consultation's staff (its
managers and author). Register it in ConsultationsConfig.ready():

    from workspaces.kit.mail import register_kind
    from .mail_authoring import MAIL_KINDS
    for kind in MAIL_KINDS:
        register_kind(kind)
"""

from django.conf import settings

from workspaces.kit.mail import MailKind, compose

from .authoring import FORMAT_REQUEST_KIND


def format_request_text(payload):
    lines = [f"Someone asked for the consultation “{payload['title']}” in another format: {payload['format']}."]
    if payload.get("details"):
        lines += ["", "What they said:", payload["details"]]
    if payload.get("email"):
        lines += ["", f"Reply to: {payload['email']}"]
    lines += ["", "Send it to them, then mark the request as done on the consultation's list of format requests:",
              settings.SITE_URL + payload["url"].rstrip("/") + "/format-requests/"]
    return "\n".join(lines)


def build_format_request(row, batch):
    user = batch.users[row.recipient_id]
    return compose(row, to=user.email, subject=row.subject, text=format_request_text(row.payload)), ()


MAIL_KINDS = (MailKind(name=FORMAT_REQUEST_KIND, label="Consultation format request", build=build_format_request),)
