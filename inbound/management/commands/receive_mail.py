"""Run the inbound SMTP (or LMTP) server for reply-by-email (inbound.smtp)."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from workspaces.mail import replies

from ...smtp import ReplyController


class Command(BaseCommand):
    help = ("Receive replies by email: an SMTP (or, with --lmtp, LMTP) server for the addresses under "
            "ENGAGE_REPLY_DOMAIN, which the MTA relays that domain to.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (0.0.0.0 in a container).")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP (RFC 2033) instead of SMTP.")

    def handle(self, *, host, port, lmtp, **options):
        if not replies.domain():
            raise CommandError("ENGAGE_REPLY_DOMAIN is not set: there are no reply addresses to receive mail for.")
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *args: stop.set())
        controller = ReplyController(host=host, port=port, lmtp=lmtp)
        controller.start()
        self.stdout.write(f"Receiving {'LMTP' if lmtp else 'SMTP'} on {host}:{port} for *@{replies.domain()}")
        try:
            stop.wait()
        finally:
            controller.stop()
