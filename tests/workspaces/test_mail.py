"""The one mail path (workspaces.mail): headers made safe in compose(), the core's own mail
(invitations) through the outbox, once, and a row that cannot be built or sent failing alone."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from workspaces import mail as outbox
from workspaces.models import EmailStatus, Invitation, OutboundEmail, Role, Workspace
from workspaces.services.invitations import invitation_create, send_invitations_on_commit

pytestmark = pytest.mark.django_db

INJECTED = "Ops\r\nBcc: x@evil.example"


def serialised(message):
    return message.message().as_bytes().decode()


def headers_of(message):
    return serialised(message).partition("\n\n")[0]


# --- compose: one place where header values are made safe -----------------------------------------


@pytest.mark.parametrize("value", [
    "Ops\r\nBcc: x@evil.example", "Ops\nBcc: x@evil.example", "Ops\rBcc: x@evil.example",
    "Ops\u2028Bcc: x@evil.example", "Ops\x85Bcc: x@evil.example", "Ops\x0bBcc:\x00 x@evil.example",
])
def test_it_makes_every_line_break_and_control_character_one_space(value):
    assert outbox.safe_header(value) == "Ops Bcc: x@evil.example"


def test_it_bounds_a_header_s_length():
    assert outbox.safe_header("word " * 100, limit=20) == "word word word word…"


def test_a_kind_without_unsubscribe_gets_no_list_unsubscribe_and_a_message_id_from_its_key():
    row = OutboundEmail(idempotency_key="invitation:7", kind="invitation", address="sam@example.org")
    message = outbox.compose(row, to="sam@example.org", subject="Hello\r\nBcc: x@evil.example", text="Hi",
                             headers={"X-Note": "one\ntwo"})
    headers = headers_of(message)
    assert "List-Unsubscribe" not in headers and "Bcc" not in headers.replace("Subject: Hello Bcc:", "")
    assert message.subject == "Hello Bcc: x@evil.example" and message.extra_headers["X-Note"] == "one two"
    assert message.extra_headers["Message-ID"] == outbox.message_id("invitation:7")
    assert message.extra_headers["X-Engage-Key"] == "invitation:7"
    with pytest.raises(ValueError):
        outbox.compose(row, to="sam@example.org", subject="Hi", text="Hi", unsubscribe_url="https://x/")


def test_an_address_with_a_line_break_is_refused_not_sent():
    row = OutboundEmail(idempotency_key="invitation:8", kind="invitation", address="x")
    with pytest.raises(ValueError):
        outbox.compose(row, to="sam@example.org\r\nBcc: x@evil.example", subject="Hi", text="Hi")
    named = outbox.compose(row, to=('Sam "the man"\nPatel', "sam@example.org"), subject="Hi", text="Hi")
    assert named.to == ['"Sam \\"the man\\" Patel" <sam@example.org>']


# --- Invitations through the outbox ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_line_break_in_the_workspace_name_neither_breaks_the_invitation_page_nor_injects_a_header(
        as_user, manager, workspace):
    # Committed for real, as in production: the mail is queued and (in-process) sent on commit.
    Workspace.objects.filter(pk=workspace.pk).update(name=INJECTED)
    response = as_user(manager).post(reverse("invitation_create", args=[workspace.slug]),
                                     {"email": "new.person@example.org", "role": Role.READER}, follow=True)
    assert response.status_code == 200 and "Invitation sent to new.person@example.org." in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "You are invited to Ops Bcc: x@evil.example on Engage"
    assert message.recipients() == ["new.person@example.org"] and message.bcc == []
    headers = headers_of(message)
    assert "\nBcc:" not in headers and "evil" not in headers.replace(message.subject, "")
    assert OutboundEmail.objects.get().status == EmailStatus.SENT
    assert Invitation.objects.get().sent_at is not None


def test_an_invitation_written_to_the_outbox_twice_is_sent_once(manager, workspace,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(actor=manager, workspace=workspace, email="sam@example.org")
        send_invitations_on_commit([invitation])  # written again, before the first went
    Invitation.objects.update(sent_at=None)  # the key decides, not the mark
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations_on_commit([invitation])  # and again after
    outbox.send_emails.apply(args=[list(OutboundEmail.objects.values_list("pk", flat=True))])  # a duplicate task
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    row = OutboundEmail.objects.get()
    assert (row.idempotency_key, row.status, row.address) == (f"invitation:{invitation.pk}", EmailStatus.SENT,
                                                              "sam@example.org")


def test_an_invitation_withdrawn_before_its_mail_went_is_not_sent(manager, workspace):
    from workspaces.services.invitations import invitation_revoke

    invitation = invitation_create(actor=manager, workspace=workspace, email="sam@example.org")  # not committed
    invitation_revoke(actor=manager, invitation=invitation)
    outbox.send_outbox(list(OutboundEmail.objects.values_list("pk", flat=True)))
    assert mail.outbox == [] and OutboundEmail.objects.get().status == EmailStatus.SKIPPED
    assert Invitation.objects.get().sent_at is None


def test_a_row_that_cannot_be_built_or_sent_fails_alone_and_the_rest_of_its_chunk_goes(manager, workspace):
    from dataclasses import replace

    invitations = [invitation_create(actor=manager, workspace=workspace, email=f"p{i}@example.org")
                   for i in range(5)]
    # Bad data: an address that cannot be a header, written past the form's checks.
    Invitation.objects.filter(pk=invitations[3].pk).update(email="p3@example.org\r\nBcc: x@evil.example")
    kind = outbox.get_kind("invitation")

    def build(row, batch):
        if row.ref_id == invitations[1].pk:
            raise RuntimeError("a template bug")
        return kind.build(row, batch)

    real_send = mail.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["p2@example.org"]:
            raise ValueError("the backend refused it")
        return real_send(message, *args, **kwargs)

    ids = list(OutboundEmail.objects.order_by("pk").values_list("pk", flat=True))
    with outbox.register_temporarily(replace(kind, build=build)), \
            mock.patch("django.core.mail.EmailMultiAlternatives.send", autospec=True, side_effect=send):
        assert outbox.send_outbox(ids) == 2
    rows = {row.address: row for row in OutboundEmail.objects.all()}
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p4@example.org"]
    assert [rows[f"p{i}@example.org"].status for i in (0, 4)] == [EmailStatus.SENT] * 2
    failed = {address: row.last_error for address, row in rows.items() if row.status == EmailStatus.FAILED}
    assert failed == {"p1@example.org": "RuntimeError: a template bug",
                      "p2@example.org": "ValueError: the backend refused it",
                      "p3@example.org": failed["p3@example.org"]}
    assert failed["p3@example.org"].startswith("ValueError: Not an address mail can go to")
    assert not OutboundEmail.objects.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING]).exists()


def test_a_kind_nobody_registered_fails_its_row_visibly(manager, workspace):
    row = OutboundEmail.objects.create(idempotency_key="gone:1", kind="gone", address="sam@example.org")
    assert outbox.send_outbox([row.pk]) == 0
    row.refresh_from_db()
    assert row.status == EmailStatus.FAILED and "No mail kind 'gone'" in row.last_error
