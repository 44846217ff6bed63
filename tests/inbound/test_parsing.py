"""What a reply says: quotes and signatures left out, the first text part, attachments found."""

from email.message import EmailMessage

import pytest

from inbound.parsing import html_to_text, parse, reply_text

from .conftest import reply_mail


@pytest.mark.parametrize("tail", [
    "On Mon, 7 Dec 2026 at 10:00, Maya Manager <manager@example.org> wrote:\n> The budget is due.\n> Thanks",
    "On Mon, 7 Dec 2026 at 10:00, Maya Manager <manager@example.org>\nwrote:\n\n> The budget is due.",
    "-----Original Message-----\nFrom: Maya\nSent: Monday\nTo: Chris\nSubject: Budget\n\nThe budget is due.",
    "________________________________\nFrom: Maya Manager <manager@example.org>\nSent: Monday, 7 December 2026\n"
    "To: Chris\nSubject: Budget thread\n\nThe budget is due.",
    "From: Maya Manager <manager@example.org>\nDate: Monday, 7 December 2026\nSubject: Budget thread\n\nDue.",
    "Le lun. 7 déc. 2026 à 10:00, Maya <manager@example.org> a écrit :\n> Le budget.",
    "Am Mo., 7. Dez. 2026 um 10:00 Uhr schrieb Maya <manager@example.org>:\n> Das Budget.",
    "-- \nChris Contributor\nPolicy officer",
    "--\nChris",
    "Sent from my iPhone",
    "Get Outlook for Android",
])
def test_quoted_mail_and_signatures_are_left_out(tail):
    assert reply_text(f"I agree with the plan.\n\n{tail}\n") == "I agree with the plan."


def test_markdown_indentation_and_lines_between_quotes_are_kept():
    text = "Two points:\n\n- first\n    - nested\n\n> quoted line\n\n    code block\n\n> more quote\nMy answer."
    assert reply_text(text) == "Two points:\n\n- first\n    - nested\n\n\n    code block\n\nMy answer."


def test_a_line_merely_starting_with_from_is_kept():
    assert reply_text("From: the minutes, I see we agreed.\nYes.") == "From: the minutes, I see we agreed.\nYes."


def test_the_first_text_part_of_a_multipart_mail_is_the_reply():
    raw = reply_mail("x@example.org", "c@example.org", text="Plain words.\n",
                     html="<p>Rich <b>words</b></p>")
    parsed = parse(raw)
    assert parsed.text == "Plain words." and parsed.attachments == []


def test_an_html_only_reply_is_read_as_text_without_its_quote():
    html = ("<div>Yes, <b>agreed</b> &amp; done.<br>Second line</div>"
            "<div class=\"gmail_quote\"><div>On Mon, 7 Dec 2026 Maya &lt;m@example.org&gt; wrote:</div>"
            "<blockquote>The budget <blockquote>is due</blockquote> today</blockquote></div>"
            "<script>alert(1)</script><style>p {}</style>")
    parsed = parse(reply_mail("x@example.org", "c@example.org", text=None, html=html))
    assert parsed.text == "Yes, agreed & done.\nSecond line"


def test_html_to_text_of_hostile_markup_is_plain_text():
    assert html_to_text("<img src=x onerror=alert(1)><a href='javascript:x'>link</a>") == "link"


def test_attachments_are_found():
    parsed = parse(reply_mail("x@example.org", "c@example.org", attachment=b"%PDF-1.4"))
    assert parsed.attachments == ["minutes.pdf"] and parsed.text == "I agree with the plan."


def test_a_pgp_signature_part_is_not_an_attachment():
    message = EmailMessage()
    message["From"], message["To"] = "c@example.org", "x@example.org"
    message.set_content("Signed words.\n")
    message.add_attachment(b"sig", maintype="application", subtype="pgp-signature", disposition="inline")
    assert parse(bytes(message)).attachments == []


@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1", "windows-1252", "utf-16"])
def test_charsets_are_decoded(charset):
    text = "Très bien, ça marche – merci.\n" if charset != "iso-8859-1" else "Très bien, ça marche.\n"
    message = EmailMessage()
    message["From"], message["To"] = "c@example.org", "x@example.org"
    message.set_content(text.encode(charset), maintype="text", subtype="plain",
                        params={"charset": charset}, cte="base64")
    assert parse(bytes(message)).text == text.strip()


def test_an_unknown_or_lying_charset_does_not_fail():
    raw = (b"From: c@example.org\r\nTo: x@example.org\r\nContent-Type: text/plain; charset=klingon\r\n\r\n"
           b"Caf\xe9 ok\r\n")
    assert parse(raw).text == "Caf\ufffd ok"


def test_a_huge_body_is_cut_not_choked_on():
    raw = reply_mail("x@example.org", "c@example.org", text="word " * 1_000_000)
    assert len(parse(raw).text) <= 200_000


def test_garbage_is_parsed_without_an_exception():
    parsed = parse(b"\x00\xff not a mail at all\r\n\r\n\r\n")
    assert parsed.sender == "" and isinstance(parsed.text, str)


@pytest.mark.parametrize("headers", [{"Auto-Submitted": "auto-replied"}, {"Precedence": "bulk"},
                                     {"Precedence": "list"}, {"X-Autoreply": "yes"}])
def test_automatic_messages_are_recognised(headers):
    assert parse(reply_mail("x@example.org", "c@example.org", headers=headers)).is_automatic
    assert not parse(reply_mail("x@example.org", "c@example.org")).is_automatic


def test_control_characters_are_dropped():
    assert reply_text("Nul\x00 and\x1b escape\tkept") == "Nul and escape\tkept"
