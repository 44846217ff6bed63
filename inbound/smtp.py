"""The inbound SMTP/LMTP server (aiosmtpd) that a deployment's MTA relays the reply domain to:
`manage.py receive_mail`. It accepts recipients under ENGAGE_REPLY_DOMAIN only (550 otherwise)
and messages up to ENGAGE_INBOUND_MAX_BYTES (552 beyond), stores each (receiving.receive) and
answers 250 once it is stored; processing happens in a task. A storage failure answers 451, so
the sending MTA keeps the mail and tries again."""

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.db import close_old_connections

from workspaces.mail import replies

from .receiving import TooLarge, max_bytes, receive

logger = logging.getLogger(__name__)


class ReplyHandler:
    """aiosmtpd handler hooks."""

    def __init__(self, lmtp=False):
        self.lmtp = lmtp

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not replies.is_reply_address(address):
            return "550 5.1.1 No such reply address here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        try:
            await sync_to_async(_store)(raw, envelope.mail_from or "", list(envelope.rcpt_tos),
                                        "lmtp" if self.lmtp else "smtp")
            status = "250 2.0.0 Message accepted"
        except TooLarge:
            status = "552 5.3.4 Message too big"
        except Exception:  # noqa: BLE001 - the database is away: the sender's MTA retries
            logger.exception("Could not store an inbound message")
            status = "451 4.3.0 Please try again later"
        # LMTP answers DATA once per recipient (RFC 2033); the message is stored once for all.
        return "\r\n".join([status] * len(envelope.rcpt_tos)) if self.lmtp else status


def _store(raw, mail_from, rcpt_tos, transport):
    close_old_connections()  # a long-running server: drop a connection the database closed
    try:
        receive(raw, envelope_from=mail_from, envelope_to=rcpt_tos, transport=transport)
    finally:
        close_old_connections()


class ReplyController(Controller):
    """aiosmtpd's threaded server, speaking SMTP or (lmtp=True) LMTP."""

    def __init__(self, *, host, port, lmtp=False):
        self.lmtp = lmtp
        super().__init__(ReplyHandler(lmtp=lmtp), hostname=host, port=port, data_size_limit=max_bytes(),
                         ident="Engage inbound")

    def factory(self):
        server_class = LMTP if self.lmtp else SMTP
        return server_class(self.handler, **self.SMTP_kwargs)
