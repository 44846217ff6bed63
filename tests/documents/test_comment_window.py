"""A document circulated "for comments until ...": who may comment before, during and after its
window (written out per persona), the page (the form replaced by the phrase), setting the
window, followers told once when comments close (the beat task) and reminded the day before."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_add
from documents.lifecycles import COMMENT_WINDOW
from documents.models import Document
from documents.services import document_delete, document_restore, document_update_details
from notifications import tasks as notification_tasks
from notifications.models import Notification
from workspaces.models import Activity, OutboundEmail, Reminder
from workspaces.permissions import can, decide
from workspaces.tasks import advance_lifecycles

from .builders import url_for

PERSONAS = ["anonymous", "outsider", "reader", "contributor", "manager", "site_admin"]
OPENS = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # 09:00 in London (GMT in January)
CLOSES = datetime(2027, 1, 15, 17, 0, tzinfo=UTC)
BEFORE, DURING, AFTER = OPENS - timedelta(days=1), OPENS + timedelta(days=2), CLOSES + timedelta(minutes=1)
CLOSED = "Comments closed on 15 January 2027, 17:00"


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def circulate(document, opens=OPENS, closes=CLOSES, actor=None):
    """Set the document's comment window as its details page does (and `document` as saved)."""
    document_update_details(actor=actor or document.created_by, document=document, title=document.title,
                            folder=document.folder, description=document.description, comment_window=(opens, closes))
    document.refresh_from_db()
    return document


def _user(personas, name):
    return personas[name] or AnonymousUser()


# --- Who may comment: before, during and after the window -----------------------------------------

#                      anonymous outsider reader contributor manager site_admin
COMMENT = {
    BEFORE: (False, False, False, False, False, False),
    DURING: (False, False, False, True, True, True),
    AFTER: (False, False, False, False, False, False),
}
READ = (False, False, True, True, True, True)
SET_THE_WINDOW = (False, False, False, False, True, True)  # the author (the manager here) or a manager


@pytest.mark.parametrize("moment", [BEFORE, DURING, AFTER], ids=["before", "during", "after"])
def test_comments_are_taken_only_inside_the_window_and_reading_always(moment, personas, paper):
    circulate(paper)
    with time_machine.travel(moment, tick=False):
        assert tuple(can(_user(personas, p), "documents.comment_document", paper) for p in PERSONAS) == COMMENT[moment]
        assert tuple(can(_user(personas, p), "documents.view_document", paper) for p in PERSONAS) == READ
        assert tuple(can(_user(personas, p), "documents.restrict_document", paper) for p in PERSONAS) == SET_THE_WINDOW


def test_the_refusal_says_when_comments_open_or_closed(personas, paper):
    circulate(paper)
    contributor, reader = personas["contributor"], personas["reader"]
    with time_machine.travel(BEFORE, tick=False):
        assert decide(contributor, "documents.comment_document", paper).reason == (
            "Comments open on 4 January 2027, 09:00 and close on 15 January 2027, 17:00.")
    with time_machine.travel(AFTER, tick=False):
        assert decide(contributor, "documents.comment_document", paper).reason == f"{CLOSED}."
        assert decide(personas["manager"], "documents.comment_document", paper).reason == f"{CLOSED}."
        # Someone who could not comment anyway is told why not, not about the window.
        assert "Comments" not in decide(reader, "documents.comment_document", paper).reason


def test_a_document_without_a_window_takes_comments_as_before(personas, paper):
    with time_machine.travel(AFTER, tick=False):
        assert can(personas["contributor"], "documents.comment_document", paper)
        assert paper.window_phrase() == ""


# --- The page ------------------------------------------------------------------------------------------


def test_the_page_says_until_when_and_the_phrase_replaces_the_form_once_closed(as_user, contributor, paper):
    circulate(paper)
    with time_machine.travel(DURING, tick=False):  # (each client signed in at the moment it asks)
        html = as_user(contributor).get(paper.get_absolute_url()).content.decode()
        assert "Comments open until 15 January 2027, 17:00." in html and "Add the comment" in html
        assert 'href="#comment-window"' in html
    with time_machine.travel(AFTER, tick=False):
        html = as_user(contributor).get(paper.get_absolute_url()).content.decode()
        assert f"{CLOSED}." in html and "Add the comment" not in html


def comment_url(document):
    return reverse("comments:add", args=[document.workspace.slug, ContentType.objects.get_for_model(Document).pk,
                                         document.pk])


def test_a_comment_sent_after_the_close_is_refused_with_the_reason(as_user, contributor, paper):
    circulate(paper)
    with time_machine.travel(AFTER, tick=False):
        response = as_user(contributor).post(comment_url(paper), {"body": "Too late"})
    assert response.status_code == 403 and CLOSED in response.content.decode()
    assert not Comment.objects.exists()


def _details(document, **window):
    return {"title": document.title, "folder": document.folder_id or "", "description": document.description,
            "coauthors": "", "view_access": "anyone", "change_access": "members", **window}


def test_the_author_circulates_a_document_for_comments_on_its_details_page(as_user, manager, paper):
    with time_machine.travel(datetime(2027, 1, 1, 12, 0, tzinfo=UTC), tick=False):
        client = as_user(manager)  # signed in then: a session from today would have expired by 2027
        assert 'name="comments_close_at"' in client.get(url_for("details", paper.workspace, paper)).content.decode()
        window = {"comments_open_at": "2027-01-04T09:00", "comments_close_at": "2027-01-15T17:00"}
        response = client.post(url_for("details", paper.workspace, paper), _details(paper, **window))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert (paper.comments_open_at, paper.comments_close_at) == (OPENS, CLOSES)
    reminder = Reminder.objects.get(key=COMMENT_WINDOW.reminder_key(paper))
    assert reminder.due_at == datetime(2027, 1, 14, 9, 0, tzinfo=UTC) and reminder.audience == "followers"
    assert reminder.subject == "Comments on “March minutes” close tomorrow"
    updated = Activity.objects.filter(verb="documents.document_updated").latest("id")
    assert updated.summary == ("changed when the document takes comments (comments open on 4 January 2027, 09:00 "
                               "and close on 15 January 2027, 17:00)")


def test_a_window_closing_before_it_opens_is_refused_next_to_the_field(as_user, manager, paper):
    response = as_user(manager).post(url_for("details", paper.workspace, paper),
                                     _details(paper, comments_open_at="2027-01-15T17:00",
                                              comments_close_at="2027-01-04T09:00"))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_comments_close_at_error"' in html
    assert "Choose a closing time after the opening time (15 January 2027, 17:00)." in html
    paper.refresh_from_db()
    assert paper.comments_close_at is None


def test_only_its_author_and_managers_set_the_window(as_user, contributor, paper):
    client = as_user(contributor)  # may change the paper's details, did not add it
    assert 'name="comments_close_at"' not in client.get(url_for("details", paper.workspace, paper)).content.decode()
    client.post(url_for("details", paper.workspace, paper), _details(paper, comments_close_at="2027-01-15T17:00"))
    paper.refresh_from_db()
    assert paper.comments_close_at is None


def test_a_manager_still_changes_the_window_after_it_closed(as_user, manager, contributor, paper):
    circulate(paper)
    with time_machine.travel(AFTER, tick=False):
        circulate(paper, closes=AFTER + timedelta(days=7), actor=manager)
        assert can(contributor, "documents.comment_document", paper)


# --- Followers told when comments close (the beat task), once -------------------------------------


def test_followers_hear_once_that_comments_closed(as_user, manager, contributor, reader, paper, commits):
    circulate(paper)
    with time_machine.travel(DURING, tick=False):
        comment_add(actor=contributor, item=paper, body="Page 2 needs a date.")  # the commenter follows
    with time_machine.travel(AFTER, tick=False), commits():
        advance_lifecycles.apply()
        advance_lifecycles.apply()  # twice: nothing twice
    closed = Activity.objects.get(verb="documents.comments_closed")
    assert closed.actor is None and closed.summary == "Comments are now closed on"
    told = Notification.objects.filter(activity=closed).values_list("recipient__email", flat=True)
    assert sorted(told) == ["contributor@example.org", "manager@example.org"]  # the author and the commenter
    html = as_user(reader).get(reverse("workspace_activity", args=[paper.workspace.slug])).content.decode()
    assert "Comments are now closed on" in html and "Someone Comments" not in html
    paper.refresh_from_db()
    assert paper.comments_phase == "closed"


def test_comments_opening_is_told_too_and_reopening_after_a_close(manager, paper, commits):
    circulate(paper)
    for moment in (BEFORE, DURING):
        with time_machine.travel(moment, tick=False):
            advance_lifecycles.apply()
    assert Activity.objects.filter(verb="documents.comments_opened").count() == 1
    with time_machine.travel(AFTER, tick=False):
        advance_lifecycles.apply()
        circulate(paper, closes=None, actor=manager)  # open for good again
        advance_lifecycles.apply()
    assert Activity.objects.filter(verb="documents.comments_opened").count() == 2


def test_a_deleted_document_is_not_told_closing(manager, paper):
    circulate(paper)
    document_delete(actor=manager, document=paper)
    with time_machine.travel(AFTER, tick=False):
        advance_lifecycles.apply()
    assert not Activity.objects.filter(verb="documents.comments_closed").exists()


# --- "Comments close tomorrow" ------------------------------------------------------------------------------


def test_followers_are_reminded_the_morning_before_comments_close(manager, contributor, reader, paper, commits):
    circulate(paper)
    with time_machine.travel(DURING, tick=False):
        comment_add(actor=contributor, item=paper, body="Page 2 needs a date.")
    with time_machine.travel(datetime(2027, 1, 14, 9, 1, tzinfo=UTC), tick=False), commits():
        assert notification_tasks.send_due_reminders.apply().get() == 1
    sent = OutboundEmail.objects.filter(kind="reminder")
    assert sorted(sent.values_list("recipient__email", flat=True)) == ["contributor@example.org", "manager@example.org"]
    assert sent.first().subject.startswith("Comments on “March minutes” close tomorrow")


def test_the_reminder_moves_with_the_date_and_goes_when_the_window_is_cleared(manager, paper):
    circulate(paper)
    key = COMMENT_WINDOW.reminder_key(paper)
    circulate(paper, closes=CLOSES + timedelta(days=7))
    assert Reminder.objects.get(key=key).due_at == datetime(2027, 1, 21, 9, 0, tzinfo=UTC)
    circulate(paper, opens=None, closes=None)
    assert not Reminder.objects.filter(key=key).exists()


def test_deleting_the_document_drops_the_reminder_and_restoring_brings_it_back(manager, paper):
    circulate(paper)
    key = COMMENT_WINDOW.reminder_key(paper)
    document_delete(actor=manager, document=paper)
    assert not Reminder.objects.filter(key=key).exists()
    document_restore(actor=manager, document=Document.objects.get(pk=paper.pk))
    assert Reminder.objects.filter(key=key).exists()
