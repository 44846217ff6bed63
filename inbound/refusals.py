"""The short reply that tells a sender why their mail was not posted, through the outbox like
every other mail. Never to an automatic message, a mailer daemon or ourselves (no mail loops):
processing.py decides that before calling refuse()."""

from django.conf import settings

from workspaces import mail
from workspaces.models import OutboundEmail

REFUSAL_MAIL = "inbound_refusal"
MAX_TEXT_BACK = 20_000
_FOOTER = ("\n\nYour message was not posted. This is an automatic reply from {site}; "
           "answers to it are not read.\n")


def refuse(inbound, *, to, subject, reason, text=""):
    """Queue the refusal of `inbound` (an InboundMail) to `to`, saying `reason`, with `text`
    (what they wrote, when the mail was theirs: nothing is lost) below it. Once per inbound
    mail (its idempotency key)."""
    original = str(subject or "").strip()
    payload = {
        "reason": reason,
        "text": text[:MAX_TEXT_BACK],
        "subject": original if original.lower().startswith("re:") else f"Re: {original}".strip(),
        "in_reply_to": inbound.message_id if not inbound.message_id.startswith("sha256:") else "",
    }
    mail.queue([OutboundEmail(idempotency_key=f"{REFUSAL_MAIL}:{inbound.pk}", kind=REFUSAL_MAIL, address=to,
                              ref_id=inbound.pk, subject=payload["subject"][:200], payload=payload)])


def _refusal_message(row, batch):
    payload = row.payload or {}
    text = payload.get("reason", "") + _FOOTER.format(site=settings.SITE_URL)
    if payload.get("text"):
        text += "\nWhat you wrote:\n\n" + payload["text"] + "\n"
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    if payload.get("in_reply_to"):
        headers["In-Reply-To"] = headers["References"] = f"<{payload['in_reply_to']}>"
    return mail.compose(row, to=row.address, subject=payload.get("subject") or "Your reply was not posted",
                        text=text, headers=headers), ()


REFUSAL_MAIL_KIND = mail.MailKind(name=REFUSAL_MAIL, label="Reply by email refused", build=_refusal_message)
