"""The moderation services behind workspaces.kit.moderation, with a comment (a moderatable item
of the comments app): reports, the auto-hide threshold, an author's edit, moderators' actions,
each audited, closing the reports and telling the item's tool."""

import pytest
from django.core.exceptions import ValidationError

from moderation.models import ModerationSettings, QueueEntry, Report, Why
from notifications.models import Notification
from workspaces import registry
from workspaces.kit import moderation
from workspaces.kit.moderation import Action, ModerationStatus
from workspaces.models import AuditEntry, Workspace

from .helpers import comment_on, document, fresh, members, report


@pytest.fixture
def comment(workspace, manager, contributor):
    return comment_on(document(workspace, manager), contributor)


def entry_of(item):
    return QueueEntry.objects.get(target_id=item.pk, closed_at__isnull=True)


def told(person, verb):
    return Notification.objects.filter(recipient=person, activity__verb=verb)


def test_a_report_puts_the_item_in_the_queue_with_its_text(comment, reader):
    made = report(comment, reader, "abuse")
    assert (made.reason, made.reporter, made.workspace_id) == ("abuse", reader, comment.workspace_id)
    entry = entry_of(comment)
    assert (entry.why, entry.open_reports, entry.author_id) == (Why.REPORTED, 1, comment.author_id)
    assert entry.excerpt == "Buy cheap watches at example.com" and entry.item_url.endswith(f"#comment-{comment.pk}")


def test_the_item_is_hidden_at_exactly_the_threshold_of_different_people(workspace, comment, contributor):
    first, second, third = members(workspace, 3)
    report(comment, first)
    report(comment, second)
    assert fresh(comment).is_published and entry_of(comment).open_reports == 2
    report(comment, third, "other", "It is an advert")
    comment = fresh(comment)
    assert comment.is_hidden
    assert comment.hidden_reason == "Hidden until a moderator has looked at it, after reports from 3 members."
    assert entry_of(comment).why == Why.HIDDEN
    # Its author is told why (under the bell and, per their preferences, by email).
    [note] = told(contributor, "moderation.item_hidden")
    assert "hidden until a moderator has looked at it" in note.activity.summary
    assert AuditEntry.objects.filter(action="comment.auto_hidden").count() == 1


def test_the_threshold_is_the_workspaces_setting(workspace, comment):
    Workspace.objects.filter(pk=workspace.pk).update(hide_after_reports=2)
    first, second = members(workspace, 2)
    report(comment, first)
    report(comment, second)
    assert fresh(comment).is_hidden
    assert "after reports from 2 members" in comment.hidden_reason


def test_the_same_person_reporting_twice_counts_once(workspace, comment):
    first, second = members(workspace, 2)
    assert report(comment, first) == report(comment, first, "abuse")
    report(comment, second)
    assert Report.objects.count() == 2 and entry_of(comment).open_reports == 2 and fresh(comment).is_published


def test_something_else_needs_a_note_and_notes_are_bounded(comment, reader):
    with pytest.raises(ValidationError) as refused:
        report(comment, reader, "other", "   ")
    assert "note" in refused.value.message_dict
    with pytest.raises(ValidationError):
        report(comment, reader, "other", "x" * 1001)
    with pytest.raises(ValidationError):
        report(comment, reader, "made_up")
    assert not Report.objects.exists()


def test_an_author_editing_a_hidden_item_puts_it_back_in_the_queue(workspace, comment, contributor):
    Workspace.objects.filter(pk=workspace.pk).update(hide_after_reports=1)
    [someone] = members(workspace, 1)
    report(comment, someone)
    assert fresh(comment).is_hidden
    comment.body = "Fixed: no more adverts"
    comment.save()
    moderation.edited(actor=contributor, item=comment)
    comment = fresh(comment)
    entry = entry_of(comment)
    assert comment.is_pending and entry.why == Why.EDITED and entry.waiting
    assert entry.excerpt == "Fixed: no more adverts"
    assert QueueEntry.objects.filter(target_id=comment.pk).count() == 1  # the same entry, brought up to date


@pytest.mark.parametrize("action, start, end", [
    (Action.HIDE, ModerationStatus.PUBLISHED, ModerationStatus.HIDDEN),
    (Action.DISMISS, ModerationStatus.PUBLISHED, ModerationStatus.PUBLISHED),
    (Action.RESTORE, ModerationStatus.HIDDEN, ModerationStatus.PUBLISHED),
    (Action.APPROVE, ModerationStatus.PENDING, ModerationStatus.PUBLISHED),
])
def test_each_action_is_audited_closes_the_reports_and_the_entry(comment, reader, manager, action, start, end):
    report(comment, reader)
    type(comment).objects.filter(pk=comment.pk).update(status=start)
    moderation.moderate(actor=manager, item=fresh(comment), action=action, reason="Spam")
    comment = fresh(comment)
    assert comment.status == end and comment.moderated_by == manager
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert Report.objects.get().outcome == action and Report.objects.get().resolved_by == manager
    assert not QueueEntry.objects.filter(closed_at__isnull=True).exists()
    entry = AuditEntry.objects.get(action=f"comment.{action}")
    assert entry.actor == manager and entry.before == {"status": start} and entry.after["status"] == end


def test_hiding_needs_a_reason_and_tells_the_author_why(comment, contributor, manager):
    with pytest.raises(ValidationError):
        moderation.moderate(actor=manager, item=comment, action=Action.HIDE, reason="  ")
    assert fresh(comment).is_published
    moderation.moderate(actor=manager, item=comment, action=Action.HIDE, reason="It is an advert.")
    assert fresh(comment).hidden_reason == "It is an advert."
    [note] = told(contributor, "moderation.item_hidden")
    assert "It is an advert." in note.activity.summary


def test_an_unknown_action_changes_nothing(comment, manager):
    with pytest.raises(ValidationError):
        moderation.moderate(actor=manager, item=comment, action="delete_everything")
    assert fresh(comment).is_published and not AuditEntry.objects.filter(action__startswith="comment.").exists()


def test_the_items_tool_hears_of_every_status_change(comment, manager, reader, monkeypatch):
    heard = []
    original = registry.moderatables()["comments.Comment"]
    declared = registry.Moderatable("comments.Comment", noun="comment", text_field="body",
                                    changed="tests.moderation.test_services.remember")
    monkeypatch.setitem(registry._moderatables, "comments.Comment", declared)
    monkeypatch.setattr("tests.moderation.test_services.HEARD", heard)
    moderation.moderate(actor=manager, item=comment, action=Action.HIDE, reason="No")
    moderation.moderate(actor=manager, item=fresh(comment), action=Action.DISMISS)  # no change: not told
    moderation.moderate(actor=manager, item=fresh(comment), action=Action.RESTORE)
    assert heard == [(comment.pk, "published", "hidden", manager), (comment.pk, "hidden", "published", manager)]
    assert original.changed == "comments.services.comment_moderated"


HEARD = []


def remember(item, before, actor):
    HEARD.append((item.pk, before, item.status, actor))


def test_a_withdrawn_item_leaves_the_queue(comment, reader):
    report(comment, reader)
    moderation.withdrawn(item=comment)
    assert not QueueEntry.objects.filter(closed_at__isnull=True).exists()
    assert Report.objects.get().outcome == "withdrawn"


def test_pre_moderation_asks_a_moderator_for_everyone_but_moderators(workspace, manager, contributor):
    assert not moderation.premoderates(workspace, contributor)
    ModerationSettings.objects.create(workspace=workspace, premoderate=True)
    assert moderation.premoderates(workspace, contributor) and not moderation.premoderates(workspace, manager)


def test_a_pending_item_joins_the_queue_first_and_the_moderators_hear(workspace, manager, contributor, reader):
    item = document(workspace, manager)
    reported = comment_on(item, contributor, "Reported one")
    report(reported, reader)
    ModerationSettings.objects.create(workspace=workspace, premoderate=True)
    waiting = comment_on(item, contributor, "Waiting one")
    assert waiting.is_pending
    from moderation.selectors import queue
    from workspaces.permissions import access_for

    assert [e.target_id for e in queue(access_for(manager, workspace))] == [waiting.pk, reported.pk]
    assert told(manager, "moderation.item_submitted").count() == 1
    assert not told(reader, "moderation.item_submitted").exists()


def test_a_report_tells_the_moderators_with_the_text_and_a_link_to_act(workspace, comment, reader, manager,
                                                                       contributor):
    report(comment, reader, "other", "An advert for watches")
    [note] = told(manager, "moderation.item_reported")
    activity = note.activity
    assert "Buy cheap watches" in activity.target_title and "An advert for watches" in activity.summary
    assert activity.target_url.startswith(f"/w/{workspace.slug}/moderation/item/")
    assert activity.target_url.endswith(f"/{comment.pk}/")
    # Nobody else hears, and the workspace's activity page shows it to moderators alone.
    assert not told(contributor, "moderation.item_reported").exists()
    from workspaces.selectors.workspaces import recent_activity

    assert any(a.verb == "moderation.item_reported" for a in recent_activity(manager, workspace)[0])
    assert not any(a.verb == "moderation.item_reported" for a in recent_activity(contributor, workspace)[0])
