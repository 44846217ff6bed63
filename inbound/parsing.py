"""What a reply says: the text of its first text part, without the quoted mail below it or the
sender's signature, and whether it carries attachments (refused: a post by email is text).

Written here rather than taken from a library: the reply parsers on PyPI (email-reply-parser,
stale since 2020; mail-parser-reply) strip the indentation of every line, which breaks Markdown
(code blocks, nested lists), and cut everything after "Regards"-like words. What is quoted below
a reply follows few patterns; these are they."""

import html
import re
from email import policy
from email.parser import BytesParser

import nh3

# The reply starts above any of these lines (the quoted mail follows them).
_QUOTE_HEADERS = [
    re.compile(r"^\s*On\b.{0,400}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"^\s*Le\b.{0,400}\ba écrit\s*:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Am\b.{0,400}\bschrieb\b.{0,200}:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*El\b.{0,400}\bescribió:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Op\b.{0,400}\bschreef\b.{0,200}:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$",
               re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{20,}\s*$"),  # Outlook's line above its header block
]
# Outlook's header block: "From: ..." followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:".
_FROM = re.compile(r"^\s*\**(From|Von|De)\s*:\**\s", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*\**(Sent|Date|To|Subject|Cc|Gesendet|Datum|An|Betreff|Envoyé|À|Objet)\s*:\**\s",
                          re.IGNORECASE)
# The signature starts at any of these lines.
_SIGNATURE = [
    re.compile(r"^-- ?$"),  # the standard delimiter ("-- "), often trimmed to "--"
    re.compile(r"^\s*Sent from my \w[\w ]{0,40}$", re.IGNORECASE),
    re.compile(r"^\s*Sent from (Mail|Outlook|Yahoo Mail|Gmail)\b.{0,80}$", re.IGNORECASE),
    re.compile(r"^\s*Get Outlook for \w+.{0,80}$", re.IGNORECASE),
    re.compile(r"^\s*Von meinem \w.{0,60} gesendet\s*$", re.IGNORECASE),
    re.compile(r"^\s*Envoyé de mon \w.{0,60}$", re.IGNORECASE),
]
# Parts that may ride along with a reply without being attachments: signatures of the mail itself.
_HARMLESS = {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"}
_DROPPED = {"blockquote", "script", "style", "head", "title"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 200_000  # characters of body considered; a post is far shorter


class Parsed:
    """subject, sender (the From address), text (the reply alone), attachments (their names or
    types), auto (an automatic message: never answered), headers (the message's)."""

    def __init__(self, message, text, attachments):
        self.message = message
        self.text = text
        self.attachments = attachments

    def header(self, name):
        try:
            return str(self.message.get(name, "") or "")
        except Exception:  # noqa: BLE001 - a header too broken to decode is as good as none
            return ""

    def addresses(self, *names):
        """Every address in these headers (lower-case)."""
        found = []
        for name in names:
            try:
                values = self.message.get_all(name) or []
            except Exception:  # noqa: BLE001 - a broken header: its addresses are unreadable
                continue
            for value in values:
                found += _addresses_in(value)
        return found

    @property
    def sender(self):
        found = self.addresses("From")
        return found[0] if found else ""

    @property
    def is_automatic(self):
        """An out-of-office reply, a bounce, a list's mail: never posted, never answered (RFC 3834)."""
        auto = self.header("Auto-Submitted").strip().lower()
        precedence = self.header("Precedence").strip().lower()
        return ((auto and auto != "no") or precedence in {"bulk", "list", "junk"}
                or bool(self.header("X-Autoreply") or self.header("X-Autorespond"))
                or self.header("Content-Type").lower().startswith("multipart/report"))


def parse(raw):
    message = BytesParser(policy=policy.default).parsebytes(raw)
    text, attachments = _first_text(message)
    return Parsed(message, reply_text(text), attachments)


def _addresses_in(value):
    try:
        groups = getattr(value, "addresses", None)
        if groups is not None:
            return [a.addr_spec.lower() for a in groups if a.addr_spec]
    except Exception:  # noqa: BLE001 - fall back to the plain text of the header
        pass
    return [m.lower() for m in re.findall(r"[^\s<>,;:\"]+@[^\s<>,;:\"]+", str(value))]


def _first_text(message):
    """(the first text/plain part's text, or the first text/html part's as text; the
    attachments' names). Parts inside an attached message are attachments, not text."""
    plain = rich = None
    attachments = []
    for part in _leaves(message):
        content_type = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        if disposition == "attachment" or content_type not in ("text/plain", "text/html"):
            if content_type not in _HARMLESS:
                attachments.append(part.get_filename() or content_type)
            continue
        if content_type == "text/plain" and plain is None:
            plain = _decoded(part)
        elif content_type == "text/html" and rich is None:
            rich = _decoded(part)
    if plain is not None and plain.strip():
        return plain, attachments
    if rich is not None:
        return html_to_text(rich), attachments
    return plain or "", attachments


def _leaves(message):
    if message.is_multipart():
        for part in message.iter_parts():
            if part.get_content_type() == "message/rfc822":
                yield part  # a forwarded mail: an attachment, not looked into
            else:
                yield from _leaves(part)
    else:
        yield message


def _decoded(part):
    try:
        return part.get_content()[:MAX_TEXT]
    except (LookupError, UnicodeError, AssertionError, ValueError):  # an unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        return payload[: MAX_TEXT * 4].decode("utf-8", errors="replace")[:MAX_TEXT]


def html_to_text(markup):
    """The text of an HTML reply: quoted mail (in blockquotes; the "On ... wrote:" above it is cut
    by reply_text) dropped, block ends made line breaks, every tag removed."""
    markup = markup[:MAX_TEXT]
    markup = re.sub(r"<br\s*/?>", "\n", markup, flags=re.IGNORECASE)
    markup = re.sub(r"</?(p|div|li|h[1-6]|tr|table|ul|ol)\b[^>]{0,1000}>", "\n\n", markup, flags=re.IGNORECASE)
    # nh3 (linear, unlike a regular expression over nested tags) drops the quoted mail with its
    # text, and every other tag without it.
    text = html.unescape(nh3.clean(markup, tags=set(), attributes={}, clean_content_tags=_DROPPED))
    return re.sub(r"\n{3,}", "\n\n", text)


def reply_text(text):
    """The reply alone: cut at the first line that starts the quoted mail or the signature, and
    without lines quoted with ">" (an answer written between quotes keeps its own lines)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = []
    for index, line in enumerate(lines):
        if _starts_quote(lines, index) or any(p.match(line) for p in _SIGNATURE):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    # Control characters nobody types (NUL cannot even be stored in PostgreSQL) are dropped.
    return _CONTROL.sub("", "\n".join(kept)).strip("\n").rstrip()


def _starts_quote(lines, index):
    line = lines[index]
    if any(p.match(line) for p in _QUOTE_HEADERS):
        return True
    # "On Mon, 7 Dec 2026 at 10:00, Alice Example <alice@example.org>\nwrote:" wrapped by the client.
    if index + 1 < len(lines) and line.lstrip().lower().startswith(("on ", "le ", "am ")):
        if _QUOTE_HEADERS[0].match(f"{line} {lines[index + 1]}") or _QUOTE_HEADERS[1].match(
                f"{line} {lines[index + 1]}") or _QUOTE_HEADERS[2].match(f"{line} {lines[index + 1]}"):
            return True
    if _FROM.match(line):
        following = lines[index + 1:index + 5]
        return sum(1 for other in following if _HEADER_LINE.match(other)) >= 2
    return False
