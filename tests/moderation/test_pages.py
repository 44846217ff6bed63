"""The moderation pages: the generic report form, the queue (grouped reports, filters, labels,
settings, a bounded query count), an item's page, and the header count."""

import re

import pytest
from django.urls import reverse

from moderation.models import ModerationSettings, QueueEntry, Report
from workspaces.models import AuditEntry, Workspace

from ..builders import make_team
from .helpers import comment_on, document, fresh, item_url, members, queue_url, report, report_url


@pytest.fixture
def comment(workspace, manager, contributor):
    return comment_on(document(workspace, manager), contributor)


# --- Reporting ------------------------------------------------------------------------------------


def test_the_report_form_offers_the_typed_reasons_and_goes_back_to_the_item(as_user, comment, reader):
    client = as_user(reader)
    page = client.get(report_url(comment)).content.decode()
    assert 'type="radio"' in page and "Spam or advertising" in page and "Something else" in page
    assert "Buy cheap watches" in page and f"Report comment {comment.pk} by Chris Contributor" in page
    response = client.post(report_url(comment), {"reason": "spam", "note": ""})
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert Report.objects.get().reporter == reader


def test_something_else_without_a_note_is_refused_next_to_the_field_keeping_the_choice(as_user, comment, reader):
    response = as_user(reader).post(report_url(comment), {"reason": "other", "note": ""})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_note_error"' in body and 'id="id_reason_4" checked' in body
    assert not Report.objects.exists()


def test_authors_archived_workspaces_and_hidden_items_take_no_report(as_user, workspace, comment, contributor,
                                                                      reader, manager):
    assert as_user(contributor).post(report_url(comment), {"reason": "spam"}).status_code == 403
    from workspaces.kit import moderation

    moderation.moderate(actor=manager, item=comment, action="hide", reason="Spam")
    assert as_user(reader).post(report_url(comment), {"reason": "spam"}).status_code == 403
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    assert as_user(reader).post(report_url(fresh(comment)), {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_an_item_that_is_not_moderatable_or_of_another_workspace_is_not_found(as_user, workspace, manager, reader,
                                                                              comment, public_workspace):
    from django.contrib.contenttypes.models import ContentType

    item = comment.target
    url = reverse("moderation:report", args=[workspace.slug, ContentType.objects.get_for_model(item).pk, item.pk])
    assert as_user(reader).get(url).status_code == 404
    elsewhere = reverse("moderation:report", args=[public_workspace.slug, ContentType.objects.get_for_model(
        comment).pk, comment.pk])
    assert as_user(reader).get(elsewhere).status_code == 404


# --- The queue ------------------------------------------------------------------------------------


def test_the_queue_groups_the_reports_of_an_item_with_their_notes(as_user, workspace, comment, manager):
    first, second, third = members(workspace, 3)
    Workspace.objects.filter(pk=workspace.pk).update(hide_after_reports=5)
    report(comment, first)
    report(comment, second)
    report(comment, third, "other", "Seen this advert everywhere")
    html = as_user(manager).get(queue_url(workspace)).content.decode()
    assert "Reported by 3 members" in html and "Spam or advertising (2)" in html and "Something else" in html
    assert "Seen this advert everywhere" in html and "Buy cheap watches" in html
    assert f"Act on comment {comment.pk} by Chris Contributor" in html and f"#comment-{comment.pk}" in html


def test_the_queue_filters_and_puts_waiting_items_first(as_user, workspace, manager, contributor, reader):
    item = document(workspace, manager)
    reported = comment_on(item, contributor, "Reported text")
    report(reported, reader)
    ModerationSettings.objects.create(workspace=workspace, premoderate=True)
    comment_on(item, contributor, "Waiting text")
    client = as_user(manager)
    html = client.get(queue_url(workspace)).content.decode()
    assert html.index("Waiting text") < html.index("Reported text")
    waiting = client.get(queue_url(workspace) + "?show=waiting").content.decode()
    assert "Waiting text" in waiting and "Reported text" not in waiting
    only_reported = client.get(queue_url(workspace) + "?show=reported").content.decode()
    assert "Reported text" in only_reported and "Waiting text" not in only_reported


def test_the_queue_costs_the_same_queries_with_more_items(as_user, workspace, manager, contributor,
                                                         django_assert_max_num_queries):
    item = document(workspace, manager)
    reporters = members(workspace, 2)
    Workspace.objects.filter(pk=workspace.pk).update(hide_after_reports=10)

    def grow(n):
        for i in range(n):
            comment = comment_on(item, contributor, f"Comment {i}")
            for person in reporters:
                report(comment, person, "other", f"Note {i}")

    grow(3)
    client = as_user(manager)
    client.get(queue_url(workspace))
    with django_assert_max_num_queries(25) as small:
        client.get(queue_url(workspace))
    grow(8)
    client.get(queue_url(workspace))  # the bell counts the new notifications once (notifications' cache)
    with django_assert_max_num_queries(25) as large:
        client.get(queue_url(workspace))
    assert len(small.captured_queries) == len(large.captured_queries)


def test_managers_change_the_settings_audited(as_user, workspace, manager):
    team = make_team(workspace, "Moderators")
    response = as_user(manager).post(queue_url(workspace), {"hide_after_reports": "5", "moderators_team": team.pk,
                                                            "premoderate": "on"})
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert (workspace.hide_after_reports, workspace.moderators_team) == (5, team)
    assert ModerationSettings.objects.get(workspace=workspace).premoderate
    assert AuditEntry.objects.filter(action="moderation.settings_changed", actor=manager).exists()


def test_a_bad_threshold_is_said_next_to_the_field(as_user, workspace, manager):
    response = as_user(manager).post(queue_url(workspace), {"hide_after_reports": "0"})
    assert response.status_code == 200 and 'id="id_hide_after_reports_error"' in response.content.decode()
    workspace.refresh_from_db()
    assert workspace.hide_after_reports == 3


def test_another_workspaces_team_cannot_be_named(as_user, workspace, public_workspace, manager):
    other = make_team(public_workspace, "Elsewhere")
    response = as_user(manager).post(queue_url(workspace), {"hide_after_reports": "3", "moderators_team": other.pk})
    assert response.status_code == 200 and 'id="id_moderators_team_error"' in response.content.decode()


# --- An item's page -------------------------------------------------------------------------------


def test_hiding_from_the_item_page_shows_the_reason_in_place(as_user, comment, manager, reader):
    report(comment, reader, "personal")
    page = as_user(manager).get(item_url(comment)).content.decode()
    label = f"comment {comment.pk} by Chris Contributor"
    assert f"Hide {label}" in page and f"Dismiss the reports on {label}" in page
    assert "It shares someone" in page and "Rita Reader" in page  # who reported, for moderators
    response = as_user(manager).post(item_url(comment), {"action": "hide", "reason": "An advert."})
    assert response.status_code == 302 and response["Location"] == queue_url(comment.workspace)
    html = as_user(reader).get(comment.target.get_absolute_url()).content.decode()
    assert "Hidden by a moderator:" in html and "An advert." in html and "Buy cheap watches" not in html
    assert not QueueEntry.objects.filter(closed_at__isnull=True).exists()


def test_an_edited_item_is_marked_so_in_the_queue(as_user, workspace, comment, contributor, manager):
    from workspaces.kit import moderation

    Workspace.objects.filter(pk=workspace.pk).update(hide_after_reports=1)
    [someone] = members(workspace, 1)
    report(comment, someone)
    moderation.edited(actor=contributor, item=fresh(comment))
    html = as_user(manager).get(queue_url(workspace)).content.decode()
    assert "Edited by its author since it was hidden" in html
    page = as_user(manager).get(item_url(comment)).content.decode()
    assert f"Approve comment {comment.pk} by Chris Contributor" in page


# --- The header -----------------------------------------------------------------------------------


def test_moderators_see_the_count_in_the_header_and_nobody_else(as_user, workspace, comment, reader, manager,
                                                                contributor):
    home = reverse("workspace_home", args=[workspace.slug])
    assert "header-moderation" in as_user(manager).get(home).content.decode()
    report(comment, reader)
    html = as_user(manager).get(home).content.decode()
    assert ('class="header-moderation"><span class="moderation-label">Moderation</span> <span class="bell-count">1'
            '<span class="visually-hidden"> waiting</span>') in html
    for person in (reader, contributor):
        assert "header-moderation" not in as_user(person).get(home).content.decode()


def test_the_comments_old_addresses_lead_to_the_moderation_pages(as_user, workspace, comment, manager, reader):
    client = as_user(manager)
    assert client.get(reverse("comments:moderation", args=[workspace.slug]))["Location"] == queue_url(workspace)
    assert client.get(reverse("comments:moderate", args=[workspace.slug, comment.pk]))["Location"] == item_url(
        comment)
    assert as_user(reader).get(reverse("comments:report", args=[workspace.slug, comment.pk]))[
        "Location"] == report_url(comment)


def test_the_header_count_is_cached_until_the_queue_changes(as_user, workspace, comment, reader, manager):
    """moderation.header_count: a page seen again asks nothing of the queue; a report, and a
    decision that closes the entry by QuerySet.update(), count again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workspaces.kit import moderation

    home = reverse("workspace_home", args=[workspace.slug])
    client = as_user(manager)

    def shown():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(home).content.decode()
        counted = any("moderation_queueentry" in q["sql"] and "COUNT(" in q["sql"] for q in ctx.captured_queries)
        found = re.search(r'class="header-moderation"><span class="moderation-label">Moderation</span>'
                          r'(?: <span class="bell-count">(\d+))?', html)
        return counted, found.group(1) if found else None

    shown()
    assert shown() == (False, None)  # nothing waits, and nothing was counted
    report(comment, reader)
    assert shown() == (True, "1")
    assert shown() == (False, "1")
    moderation.moderate(actor=manager, item=fresh(comment), action=moderation.Action.DISMISS)
    assert shown() == (True, None)
