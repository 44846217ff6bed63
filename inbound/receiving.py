"""Storing a received message, once, and queueing its processing. Both transports (the SMTP/
LMTP server and the webhook) call receive(): it is all they do before answering the sender's
server, so a slow or failing post never holds or loses the mail."""

import hashlib
from email import policy
from email.parser import BytesParser

from django.conf import settings
from django.db import IntegrityError, transaction

from workspaces import mail

from .models import InboundMail
from .processing import process_inbound


class TooLarge(ValueError):
    pass


def max_bytes():
    return settings.ENGAGE_INBOUND_MAX_BYTES


def message_key(raw):
    """The Message-ID (as sent, without its angle brackets), or a hash of the bytes."""
    headers = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)
    value = " ".join(str(headers.get("Message-ID", "")).split()).strip().strip("<>").strip()
    if value and len(value) <= 250:
        return value
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def receive(raw, *, envelope_from="", envelope_to=(), transport="smtp"):
    """Store `raw` (bytes) and queue its processing when it commits; (row, created). A message
    already received (same Message-ID) is left as it was: (that row, False)."""
    if len(raw) > max_bytes():
        raise TooLarge(f"{len(raw)} bytes")
    key = message_key(raw)
    try:
        with transaction.atomic():
            row = InboundMail.objects.create(
                message_id=key, raw=raw, envelope_from=envelope_from[:320],
                envelope_to=[str(a)[:320] for a in envelope_to][:50], transport=transport,
            )
            transaction.on_commit(lambda: mail.enqueue(process_inbound, row.pk))
    except IntegrityError:  # the same message again, perhaps at the same moment
        return InboundMail.objects.get(message_id=key), False
    return row, True
