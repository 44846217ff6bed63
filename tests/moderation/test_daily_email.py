"""The moderators' daily "N items waiting" email, through the core's outbox (the real path:
rows written, then sent by the outbox's task)."""

from django.core import mail

from moderation.tasks import send_waiting
from workspaces.models import OutboundEmail, Role, Workspace

from ..builders import add_member, make_team, make_user
from .helpers import comment_on, document, members, report


def run(commits):
    with commits():
        send_waiting()


def test_each_moderator_of_a_workspace_where_items_wait_gets_one_email_a_day(
        workspace, public_workspace, manager, contributor, reader, django_capture_on_commit_callbacks):
    def commits():
        return django_capture_on_commit_callbacks(execute=True)

    moderator = make_user("mod@example.org", "Mo Derator")
    add_member(workspace, moderator, Role.READER)
    team = make_team(workspace, "Moderators", members=[moderator])
    Workspace.objects.filter(pk=workspace.pk).update(moderators_team=team)
    item = document(workspace, manager)
    for text in ("First advert", "Second advert"):
        report(comment_on(item, contributor, text), reader)
    run(commits)
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [("manager@example.org", "2 items waiting for a moderator – Test programme"),
                    ("mod@example.org", "2 items waiting for a moderator – Test programme")]
    body = mail.outbox[0].body
    assert "2 items wait for a moderator in Test programme" in body and f"/w/{workspace.slug}/moderation/" in body
    # Once a day, however often the task runs; nothing for the public workspace, where nothing waits.
    run(commits)
    assert len(mail.outbox) == 2 and OutboundEmail.objects.filter(kind="moderation_waiting").count() == 2


def test_no_email_when_nothing_waits(workspace, manager, contributor, reader, django_capture_on_commit_callbacks):
    item = document(workspace, manager)
    comment = comment_on(item, contributor)
    with django_capture_on_commit_callbacks(execute=True):
        send_waiting()
    assert mail.outbox == [] and not OutboundEmail.objects.exists()
    report(comment, reader)
    from workspaces.kit import moderation

    moderation.moderate(actor=manager, item=comment, action="dismiss")
    with django_capture_on_commit_callbacks(execute=True):
        send_waiting()
    assert mail.outbox == [] and not OutboundEmail.objects.filter(kind="moderation_waiting").exists()


def test_what_was_dealt_with_before_sending_is_not_sent(workspace, manager, contributor, reader, monkeypatch):
    [someone] = members(workspace, 1)
    comment = comment_on(document(workspace, manager), contributor)
    report(comment, someone)
    monkeypatch.setattr("moderation.tasks.mail.queue_in_chunks", lambda ids: len(ids))
    send_waiting()  # written, not sent yet (a busy worker)
    from workspaces.kit import moderation

    moderation.moderate(actor=manager, item=comment, action="dismiss")
    from workspaces.mail import send_outbox

    send_outbox(list(OutboundEmail.objects.filter(kind="moderation_waiting").values_list("pk", flat=True)))
    assert mail.outbox == []
    assert set(OutboundEmail.objects.filter(kind="moderation_waiting").values_list("status", flat=True)) == {"skipped"}
