"""Who moderates: a workspace's managers, and the members of the moderators team a manager
named — what access.has("moderate") answers in the core permission layer. The security world
has no such persona, so its rows for the moderation pages are here (tests/security/matrix.py
has the others)."""

import pytest
from django.core.exceptions import PermissionDenied

from comments.models import Comment
from moderation.models import ModerationSettings
from workspaces.models import Role, Workspace
from workspaces.permissions import access_for, can, forget, require, visible, visible_to_many

from ..builders import make_team
from .helpers import comment_on, document, fresh, item_url, members, queue_url, report, report_url


@pytest.fixture
def moderator(workspace):
    """A reader on the moderators team."""
    [person] = members(workspace, 1, Role.READER)
    team = make_team(workspace, "Moderators", members=[person])
    Workspace.objects.filter(pk=workspace.pk).update(moderators_team=team)
    forget(person)
    return person


@pytest.fixture
def comment(workspace, manager, contributor):
    return comment_on(document(workspace, manager), contributor)


def test_a_member_of_the_named_team_moderates_and_not_before(workspace, reader):
    team = make_team(workspace, "Moderators", members=[reader])
    assert not access_for(reader, workspace).has("moderate")
    Workspace.objects.filter(pk=workspace.pk).update(moderators_team=team)
    forget(reader)
    assert access_for(reader, Workspace.objects.get(pk=workspace.pk)).has("moderate")
    assert can(reader, "moderation.moderate_workspace", Workspace.objects.get(pk=workspace.pk))


def test_being_a_moderator_gives_no_other_managers_right(workspace, moderator):
    ws = Workspace.objects.get(pk=workspace.pk)
    access = access_for(moderator, ws)
    assert access.has("moderate") and not access.is_manager
    for perm in ("workspaces.manage_members", "workspaces.change_workspace", "notifications.announce_workspace"):
        assert not can(moderator, perm, ws), perm


def test_the_refusal_names_the_moderators(workspace, comment, contributor):
    with pytest.raises(PermissionDenied) as refused:
        require(contributor, "moderation.moderate_workspace", workspace)
    assert str(refused.value) == "Only this workspace's moderators can do this."


def test_no_moderator_in_an_archived_workspace(workspace, moderator):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    forget(moderator)
    assert not access_for(moderator, Workspace.objects.get(pk=workspace.pk)).has("moderate")


def test_asking_costs_one_query_only_when_a_team_is_named_and_someone_asks(workspace, manager, reader,
                                                                          django_assert_num_queries):
    ws = Workspace.objects.get(pk=workspace.pk)
    forget(manager)
    forget(reader)
    with django_assert_num_queries(1):  # the membership, as before
        assert access_for(manager, ws).has("moderate")
    with django_assert_num_queries(1):
        assert not access_for(reader, ws).has("moderate")  # no team named: nothing more to ask
    team = make_team(workspace, "Moderators")
    Workspace.objects.filter(pk=workspace.pk).update(moderators_team=team)
    ws = Workspace.objects.get(pk=workspace.pk)
    forget(reader)
    with django_assert_num_queries(2):
        access = access_for(reader, ws)
        assert not access.has("moderate") and not access.has("moderate")  # asked once


@pytest.mark.parametrize("persona, queue, item, act, change", [
    ("moderator", 200, 200, 302, 403),
    ("manager", 200, 200, 302, 302),
    ("contributor", 403, 403, 403, 403),
    ("reader", 403, 403, 403, 403),
])
def test_the_moderation_pages_for_each_persona_and_a_moderator(as_user, request, workspace, comment, moderator,
                                                               persona, queue, item, act, change):
    person = request.getfixturevalue(persona)
    client = as_user(person)
    assert client.get(queue_url(workspace)).status_code == queue
    assert client.get(item_url(comment)).status_code == item
    assert client.post(queue_url(workspace), {"hide_after_reports": "2"}).status_code == change
    assert client.post(item_url(comment), {"action": "hide", "reason": "Spam"}).status_code == act
    assert fresh(comment).is_hidden is (act == 302)
    # A moderator may still report what others wrote, like anyone who sees it.
    if persona == "moderator":
        assert client.get(report_url(fresh(comment))).status_code == 403  # hidden now: nothing to report


def test_moderators_see_waiting_comments_and_the_queue_and_hear_of_reports(as_user, workspace, manager, contributor,
                                                                           reader, moderator):
    item = document(workspace, manager)
    reported = comment_on(item, contributor, "Reported one")
    report(reported, reader)
    ModerationSettings.objects.create(workspace=workspace, premoderate=True)
    waiting = comment_on(item, contributor, "Waiting one")
    assert waiting.is_pending
    assert can(moderator, "comments.view_comment", waiting) and not can(reader, "comments.view_comment", waiting)
    ws = Workspace.objects.get(pk=workspace.pk)
    assert waiting in visible(moderator, Comment.objects.all(), within=ws)
    assert waiting in visible(moderator, Comment.objects.all())
    assert (moderator.pk, waiting.pk) in visible_to_many([moderator, reader], Comment.objects.all())
    assert (reader.pk, waiting.pk) not in visible_to_many([moderator, reader], Comment.objects.all())
    html = as_user(moderator).get(queue_url(workspace)).content.decode()
    assert "Waiting one" in html and "Reported one" in html
    assert "header-moderation" in html and "How this workspace is moderated" not in html  # no settings for them
    from notifications.models import Notification

    assert Notification.objects.filter(recipient=moderator, activity__verb="moderation.item_reported").exists()
    assert Notification.objects.filter(recipient=moderator, activity__verb="moderation.item_submitted").exists()


def test_a_moderator_sees_in_the_queue_only_what_they_may_see(as_user, workspace, manager, contributor, reader,
                                                              moderator):
    from documents.models import Document
    from workspaces.models import Access

    from ..documents.builders import make_written

    insiders = make_team(workspace, "Insiders", members=[contributor, reader])
    limited = make_written(workspace, manager, title="Insiders' plan", view_access=Access.TEAMS,
                           view_teams=[insiders])
    assert not can(moderator, "documents.view_document", Document.objects.get(pk=limited.pk))
    secret = comment_on(limited, contributor, "Secret advert")
    report(secret, reader)
    html = as_user(moderator).get(queue_url(workspace)).content.decode()
    assert "Secret advert" not in html and " waiting</span>" not in html  # nothing counted for them
    assert as_user(moderator).get(item_url(secret)).status_code == 404
    assert "Secret advert" in as_user(manager).get(queue_url(workspace)).content.decode()
