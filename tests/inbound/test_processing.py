"""A stored reply is posted as its sender, or refused with one short mail saying why; robots
are never answered; the same mail twice is posted once. (Through receiving.receive(), as both
transports call it; test_smtp.py sends through the real server.)"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from inbound.models import InboundMail, InboundStatus
from inbound.receiving import receive
from workspaces.kit.replies import reply_address
from workspaces.models import Membership, Role

from .conftest import address, reply_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    def deliver(raw, **envelope):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            row, created = receive(raw, **envelope)
        row.refresh_from_db()
        return row
    return deliver


def refusal():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.extra_headers["Auto-Submitted"] == "auto-replied"
    return message


def test_a_reply_is_posted_as_its_sender(repliable, note, contributor, deliver, posted):
    raw = reply_mail(reply_address(contributor, note), "Chris Contributor <CONTRIBUTOR@example.org>",
                     text="Agreed.\n\nOn Mon, Maya wrote:\n> Shall we?\n")
    row = deliver(raw)
    assert posted == [{"actor": contributor.pk, "target": note.pk, "text": "Agreed.",
                       "message_id": "reply-1@mail.example.org"}]
    assert row.status == InboundStatus.POSTED and row.user == contributor and mail.outbox == []


def test_the_same_mail_twice_is_posted_once(repliable, note, contributor, deliver, posted):
    raw = reply_mail(reply_address(contributor, note), contributor.email)
    deliver(raw)
    deliver(raw)
    assert len(posted) == 1 and InboundMail.objects.count() == 1


def test_a_mail_without_a_message_id_is_known_by_its_bytes(repliable, note, contributor, deliver, posted):
    raw = reply_mail(reply_address(contributor, note), contributor.email, message_id=None)
    assert deliver(raw).message_id.startswith("sha256:")
    deliver(raw)
    assert len(posted) == 1


def test_a_reply_from_a_verified_second_address_is_posted(repliable, note, contributor, deliver, posted):
    EmailAddress.objects.create(user=contributor, email="chris@home.example.org", verified=True)
    deliver(reply_mail(reply_address(contributor, note), "chris@home.example.org"))
    assert len(posted) == 1


def test_an_unverified_second_address_is_refused(repliable, note, contributor, deliver, posted):
    EmailAddress.objects.create(user=contributor, email="chris@home.example.org", verified=False)
    row = deliver(reply_mail(reply_address(contributor, note), "chris@home.example.org"))
    assert posted == [] and row.status == InboundStatus.REFUSED
    assert "belongs to someone else" in refusal().body


def test_a_mail_from_the_wrong_sender_is_refused(repliable, note, contributor, reader, deliver, posted):
    row = deliver(reply_mail(reply_address(contributor, note), reader.email))
    message = refusal()
    assert posted == [] and row.status == InboundStatus.REFUSED
    assert message.to == [reader.email] and "belongs to someone else" in message.body
    assert "What you wrote" not in message.body  # the mail of someone not the owner is not echoed
    assert message.subject == "Re: Budget thread"
    assert message.extra_headers["In-Reply-To"] == "<reply-1@mail.example.org>"


def test_a_forged_token_is_refused(repliable, note, contributor, manager, deliver, posted):
    forged = reply_address(manager, note)[:30] + reply_address(contributor, note)[30:]
    deliver(reply_mail(forged, contributor.email))
    assert posted == [] and "not valid" in refusal().body


def test_an_expired_token_is_refused_with_a_link_to_the_thread(repliable, note, contributor, deliver, posted,
                                                               settings):
    from datetime import date
    old = address(contributor, note, today=date(2020, 2, 1))
    deliver(reply_mail(old, contributor.email))
    body = refusal().body
    assert posted == [] and "expired" in body and settings.SITE_URL in body


def test_a_revoked_permission_is_refused(repliable, note, contributor, workspace, deliver, posted):
    raw = reply_mail(reply_address(contributor, note), contributor.email)
    Membership.objects.filter(workspace=workspace, user=contributor).update(role=Role.READER)
    from workspaces.permissions import access_changed
    access_changed()
    deliver(raw)
    assert posted == [] and "may no longer post" in refusal().body


def test_a_locked_thread_refuses_with_the_tools_reason(repliable, note, contributor, deliver, posted):
    note.status = "withdrawn"
    note.save()
    row = deliver(reply_mail(reply_address(contributor, note), contributor.email))
    assert posted == [] and row.status == InboundStatus.REFUSED
    body = refusal().body
    assert "This thread is locked" in body and "What you wrote:\n\nI agree with the plan." in body


def test_a_deleted_item_is_refused(repliable, note, contributor, deliver, posted):
    to = reply_address(contributor, note)
    note.delete()
    deliver(reply_mail(to, contributor.email))
    assert posted == [] and "no longer there" in refusal().body


def test_attachments_are_refused_politely(repliable, note, contributor, deliver, posted):
    deliver(reply_mail(reply_address(contributor, note), contributor.email, attachment=b"%PDF-1.4"))
    assert posted == [] and "Attachments cannot be posted by email" in refusal().body


def test_an_empty_reply_is_refused(repliable, note, contributor, deliver, posted):
    deliver(reply_mail(reply_address(contributor, note), contributor.email, text="\nOn Mon, Maya wrote:\n> Hi\n"))
    assert posted == [] and "empty" in refusal().body


def test_a_mail_to_no_reply_address_is_refused(repliable, contributor, deliver, posted):
    deliver(reply_mail("someone@example.org", contributor.email))
    assert posted == [] and "not sent to a reply address" in refusal().body


def test_the_token_is_found_in_the_envelope_when_the_headers_lack_it(repliable, note, contributor, deliver, posted):
    deliver(reply_mail("list@example.org", contributor.email), envelope_to=[reply_address(contributor, note)])
    assert len(posted) == 1


@pytest.mark.parametrize("sender, headers", [
    ("chris@example.org", {"Auto-Submitted": "auto-replied"}),
    ("chris@example.org", {"Precedence": "junk"}),
    ("MAILER-DAEMON@mx.example.org", {}),
    ("postmaster@example.org", {}),
    ("engage@engage.test", {}),
])
def test_robots_and_ourselves_are_never_answered(repliable, note, contributor, deliver, posted, sender, headers):
    row = deliver(reply_mail(reply_address(contributor, note), sender, headers=headers))
    assert posted == [] and mail.outbox == [] and row.status == InboundStatus.IGNORED


def test_an_out_of_office_from_the_owner_is_not_posted(repliable, note, contributor, deliver, posted):
    deliver(reply_mail(reply_address(contributor, note), contributor.email,
                       headers={"Auto-Submitted": "auto-replied"}, text="I am away until Monday."))
    assert posted == [] and mail.outbox == []


def test_a_mail_is_processed_once_even_if_its_task_runs_twice(repliable, note, contributor, deliver, posted):
    from inbound.processing import process
    row = deliver(reply_mail(reply_address(contributor, note), contributor.email))
    assert process(row.pk) is None and len(posted) == 1


def test_a_broken_post_function_fails_the_mail_not_the_server(repliable, note, contributor, deliver, posted,
                                                              monkeypatch):
    from . import replytool

    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(replytool, "post_reply", broken)
    row = deliver(reply_mail(reply_address(contributor, note), contributor.email))
    assert row.status == InboundStatus.FAILED and "bug" in row.outcome and mail.outbox == []


def test_the_sweep_processes_what_a_broker_outage_left_pending(repliable, note, contributor, posted, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from inbound import processing
    from workspaces import mail as outbox

    monkeypatch.setattr(outbox, "enqueue", lambda task, *args: False)  # the broker is down
    with django_capture_on_commit_callbacks(execute=True):
        row, _ = receive(reply_mail(reply_address(contributor, note), contributor.email))
    monkeypatch.undo()
    assert posted == [] and processing.sweep() == []  # too recent: its task may still come
    later = timezone.now() + timedelta(minutes=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.sweep(now=later) == [row.pk]
    assert len(posted) == 1 and processing.sweep(now=later) == []


def test_the_sweep_frees_a_claim_a_lost_worker_left(repliable, note, contributor, posted):
    from datetime import timedelta

    from django.utils import timezone

    from inbound import processing

    row = InboundMail.objects.create(message_id="lost@example.org", transport="smtp", status=InboundStatus.PROCESSING,
                                     claimed_at=timezone.now(), envelope_to=[reply_address(contributor, note)],
                                     raw=reply_mail(reply_address(contributor, note), contributor.email))
    processing.sweep(now=timezone.now() + timedelta(minutes=20))
    row.refresh_from_db()
    assert row.status == InboundStatus.POSTED and len(posted) == 1


def test_the_sweep_deletes_processed_mail_after_keep_days(repliable, note, contributor, deliver, posted):
    from datetime import timedelta

    from django.utils import timezone

    from inbound import processing

    deliver(reply_mail(reply_address(contributor, note), contributor.email))
    processing.sweep(now=timezone.now() + timedelta(days=processing.KEEP_DAYS - 1))
    assert InboundMail.objects.count() == 1
    processing.sweep(now=timezone.now() + timedelta(days=processing.KEEP_DAYS + 1))
    assert InboundMail.objects.count() == 0
