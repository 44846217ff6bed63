"""The one function that makes an email, so that every header is made safe in one place.

Subjects and names come from people (a workspace's name, an announcement's subject): a line
break in one would inject a header (Django refuses it at send time, which used to leave the mail
unsent and its row stuck). Here every header value is one line: control characters, line and
paragraph separators and runs of white space become one space, and its length is bounded."""

import hashlib
import re
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .kinds import get_kind

SUBJECT_LENGTH = 200
NAME_LENGTH = 100
HEADER_LENGTH = 2000
# White space of any kind (\s covers \r, \n, \x0b, \x0c, \x1c-\x1f, \x85, \u2028, \u2029) and
# every other C0/C1 control character.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # RFC 5322: printable ASCII but the colon


def safe_header(value, limit=SUBJECT_LENGTH):
    """`value` as one line of at most `limit` characters (cut with "…")."""
    text = str(value)
    # Nearly always already one clean line: str.isprintable() says so at C speed (it is False for
    # every control character and separator but the space).
    if not (text.isprintable() and "  " not in text and text == text.strip()):
        text = _UNSAFE.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def message_id(key):
    """The same key gives the same Message-ID, so a receiving system can drop a duplicate. (The
    domain is the one the notifications app used before the outbox moved into the core: an id
    once sent stays the same.)"""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@engage.notifications>"


def compose(row, *, to, subject, text, html=None, unsubscribe_url="", headers=None):
    """The message for one outbox row: `to` an address or (name, address); `text` and `html`
    the bodies; `unsubscribe_url` required for kinds with `unsubscribe`, refused for others;
    `headers` any other header. Raises ValueError for what cannot be made safe (an address with
    a line break in it): the row then fails alone, with that error."""
    kind = get_kind(row.kind)
    extra = {}
    for name, value in (headers or {}).items():
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"Not a header name: {name!r}")
        extra[name] = safe_header(value, HEADER_LENGTH)
    if kind.unsubscribe:
        if not unsubscribe_url:
            raise ValueError(f"{kind.name} mail needs its unsubscribe link")
        # RFC 8058 one-click unsubscribe: the mail client POSTs to the URL.
        extra["List-Unsubscribe"] = f"<{safe_header(unsubscribe_url, HEADER_LENGTH)}>"
        extra["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    elif unsubscribe_url:
        raise ValueError(f"{kind.name} mail has no unsubscribe link (MailKind.unsubscribe)")
    extra["Message-ID"] = message_id(row.idempotency_key)
    extra["X-Engage-Key"] = safe_header(row.idempotency_key, HEADER_LENGTH)
    message = EmailMultiAlternatives(subject=safe_header(subject), body=text, from_email=_sender(),
                                     to=[_mailbox(to)], headers=extra)
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def _mailbox(to):
    name, address = to if isinstance(to, tuple) else ("", to)
    if not address or _UNSAFE.search(address):
        raise ValueError(f"Not an address mail can go to: {address!r}")
    name = safe_header(name, NAME_LENGTH).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{name}" <{address}>' if name else address


_senders = {}


def _sender():
    """DEFAULT_FROM_EMAIL, its name made safe like any other (once per value)."""
    configured = settings.DEFAULT_FROM_EMAIL
    if configured not in _senders:
        name, address = parseaddr(configured)
        safe = configured if safe_header(configured, len(configured)) == configured else _mailbox((name, address))
        _senders[configured] = safe
    return _senders[configured]
