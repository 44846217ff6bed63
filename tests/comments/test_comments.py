"""Comments on any commentable item, with replies, reports and moderation (the comments app).
The library's documents are the first commentable items; what holds for them holds for every
tool that declares Tool(commentable=...)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments import services
from comments.models import Comment, Status
from documents.models import Document
from moderation.models import ModerationSettings, Report
from notifications.models import Notification
from workspaces.kit import moderation as kit_moderation
from workspaces.models import Access, AuditEntry, Workspace
from workspaces.permissions import can, forget, visible, visible_to_many

from ..builders import make_team
from ..documents.builders import make_written


@pytest.fixture
def draft(workspace, manager):
    return make_written(workspace, manager, title="Evaluation plan", text="The budget is 10 million.\n")


def add_url(item):
    return reverse("comments:add", args=[item.workspace.slug, ContentType.objects.get_for_model(item).pk, item.pk])


def post_comment(client, item, body="Looks good.", **extra):
    return client.post(add_url(item), {"body": body, **extra})


def comment_on(item, author, body="Looks good.", parent=None):
    return services.comment_add(actor=author, item=item, body=body, parent=parent)


def heard(person, verb):
    return Notification.objects.filter(recipient=person, activity__verb=verb).count()


# --- Replies ----------------------------------------------------------------------------------


def test_a_reply_tells_the_author_of_the_comment_it_answers(as_user, draft, contributor, reader, manager):
    first = comment_on(draft, contributor, "Which budget?")
    response = post_comment(as_user(manager), draft, "The 2027 one.", parent=first.pk)
    reply = Comment.objects.get(parent=first)
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{reply.pk}")
    assert heard(contributor, "documents.comment_replied") == 1
    html = as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "Which budget?" in html and "The 2027 one." in html and html.index("Which budget?") < html.index("2027")


def test_a_reply_to_a_reply_joins_the_same_thread(draft, contributor, manager):
    first = comment_on(draft, contributor)
    reply = comment_on(draft, manager, "Yes.", parent=first)
    again = comment_on(draft, contributor, "Thanks.", parent=reply)
    assert again.parent_id == first.pk


def test_readers_may_not_reply(as_user, draft, contributor, reader):
    first = comment_on(draft, contributor)
    assert post_comment(as_user(reader), draft, "Me too", parent=first.pk).status_code == 403
    assert not Comment.objects.filter(parent=first).exists()


# --- Removing: the thread keeps its shape ------------------------------------------------------


def test_removing_a_comment_with_replies_keeps_its_place(as_user, draft, contributor, manager, reader):
    first = comment_on(draft, contributor, "Secret plan")
    comment_on(draft, manager, "Replying", parent=first)
    as_user(contributor).post(reverse("comments:remove", args=[draft.workspace.slug, first.pk]))
    first.refresh_from_db()
    assert first.status == Status.REMOVED and first.body == ""
    html = as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "This comment was removed." in html and "Replying" in html and "Secret plan" not in html


# --- Reporting ----------------------------------------------------------------------------------


def type_id():
    return ContentType.objects.get_for_model(Comment).pk


def report_url(comment):
    return reverse("moderation:report", args=[comment.workspace.slug, type_id(), comment.pk])


def report(comment, person, reason="spam", note=""):
    return kit_moderation.report(actor=person, item=comment, reason=reason, note=note)


def test_members_report_a_comment_with_a_reason_once(as_user, draft, contributor, reader):
    comment = comment_on(draft, contributor, "Buy cheap watches")
    client = as_user(reader)
    assert client.get(report_url(comment)).status_code == 200
    assert client.post(report_url(comment), {"reason": "spam", "note": "An advert"}).status_code == 302
    client.post(report_url(comment), {"reason": "abuse"})
    [report] = Report.objects.all()
    assert (report.reason, report.note, report.reporter) == ("spam", "An advert", reader)


def test_a_report_needs_a_reason_said_next_to_the_field(as_user, draft, contributor, reader):
    comment = comment_on(draft, contributor)
    response = as_user(reader).post(report_url(comment), {"reason": ""})
    assert response.status_code == 200 and 'id="id_reason_error"' in response.content.decode()
    assert not Report.objects.exists()


def test_nobody_reports_their_own_comment(as_user, draft, contributor):
    comment = comment_on(draft, contributor)
    assert as_user(contributor).post(report_url(comment), {"reason": "spam"}).status_code == 403


# --- Moderation ---------------------------------------------------------------------------------


def moderate_url(comment):
    return reverse("moderation:item", args=[comment.workspace.slug, type_id(), comment.pk])


def queue_url(workspace):
    return reverse("moderation:queue", args=[workspace.slug])


def test_the_queue_lists_what_is_reported_and_readers_cannot_open_it(as_user, draft, contributor, reader, manager):
    reported = comment_on(draft, contributor, "Buy cheap watches")
    comment_on(draft, contributor, "A fine comment")
    report(reported, reader)
    html = as_user(manager).get(queue_url(draft.workspace)).content.decode()
    assert "Reported by 1 member" in html and "Spam or advertising" in html and "A fine comment" not in html
    assert as_user(reader).get(queue_url(draft.workspace)).status_code == 403
    assert as_user(contributor).get(moderate_url(reported)).status_code == 403


def test_a_hidden_comment_shows_its_reason_in_place_and_its_author_is_told(as_user, draft, contributor, reader,
                                                                          manager):
    comment = comment_on(draft, contributor, "Call Rita on 07700 900123")
    report(comment, reader, "personal")
    response = as_user(manager).post(moderate_url(comment), {"action": "hide", "reason": "It shared a phone number."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and not Report.objects.filter(resolved_at__isnull=True).exists()
    for_reader = as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "Hidden by a moderator:" in for_reader and "It shared a phone number." in for_reader
    assert "07700" not in for_reader
    assert "07700" in as_user(contributor).get(draft.get_absolute_url()).content.decode()  # the author still sees it
    assert heard(contributor, "moderation.item_hidden") == 1
    assert AuditEntry.objects.filter(action="comment.hide", actor=manager).exists()


def test_hiding_needs_a_reason(as_user, draft, contributor, manager):
    comment = comment_on(draft, contributor)
    response = as_user(manager).post(moderate_url(comment), {"action": "hide", "reason": "  "})
    assert response.status_code == 200 and 'id="id_reason_error"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_published


def test_an_unknown_moderation_action_is_a_clear_error_not_a_crash(as_user, draft, contributor, manager):
    comment = comment_on(draft, contributor)
    response = as_user(manager).post(moderate_url(comment), {"action": "bogus"})
    assert response.status_code == 200 and "Choose what to do with the comment." in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_published and not AuditEntry.objects.filter(action__startswith="comment.").exists()


def test_keeping_a_reported_comment_dismisses_its_reports(as_user, draft, contributor, reader, manager):
    comment = comment_on(draft, contributor)
    report(comment, reader, "other", "Misleading")
    as_user(manager).post(moderate_url(comment), {"action": "dismiss"})
    comment.refresh_from_db()
    assert comment.is_published and Report.objects.get().resolved_by == manager


def test_pre_moderation_holds_comments_until_approved(as_user, workspace, draft, contributor, reader, manager):
    as_user(manager).post(queue_url(workspace), {"premoderate": "on", "hide_after_reports": "3"})
    assert ModerationSettings.objects.get(workspace=workspace).premoderate
    post_comment(as_user(contributor), draft, "Held back")
    comment = Comment.objects.get()
    assert comment.is_pending
    assert heard(manager, "moderation.item_submitted") == 1 and heard(manager, "documents.comment_added") == 0
    assert "Held back" not in as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "Held back" in as_user(contributor).get(draft.get_absolute_url()).content.decode()
    assert "Held back" in as_user(manager).get(queue_url(workspace)).content.decode()
    as_user(manager).post(moderate_url(comment), {"action": "approve"})
    comment.refresh_from_db()
    assert comment.is_published
    assert "Held back" in as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert heard(manager, "documents.comment_added") == 1  # the document's author follows it


def test_the_workspace_home_tells_moderators_what_waits(as_user, workspace, draft, contributor, reader, manager):
    comment = comment_on(draft, contributor)
    report(comment, reader)
    home = reverse("workspace_home", args=[workspace.slug])
    assert "Moderation: 1 item waiting" in as_user(manager).get(home).content.decode()
    assert "Moderation:" not in as_user(reader).get(home).content.decode()


def test_an_archived_workspace_takes_no_comments_reports_or_moderation(as_user, workspace, draft, contributor,
                                                                      reader, manager):
    comment = comment_on(draft, contributor)
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    assert post_comment(as_user(contributor), draft, "Late").status_code == 403
    assert as_user(reader).post(report_url(comment), {"reason": "spam"}).status_code == 403
    assert as_user(manager).post(moderate_url(comment), {"action": "hide", "reason": "x"}).status_code == 403
    assert as_user(manager).post(reverse("comments:remove", args=[workspace.slug, comment.pk])).status_code == 403
    assert Comment.objects.get().is_published and not Report.objects.exists()


# --- Who sees what --------------------------------------------------------------------------------


def test_comments_on_a_limited_document_are_seen_only_by_those_who_see_it(workspace, manager, contributor, reader):
    team = make_team(workspace, "Insiders", members=[contributor])
    hidden = make_written(workspace, manager, title="Insiders' plan", view_access=Access.TEAMS, view_teams=[team])
    comment = comment_on(hidden, contributor)
    for person, sees in ((reader, False), (contributor, True), (manager, True)):
        forget(person)
        assert can(person, "comments.view_comment", comment) is sees
        assert (comment.pk in set(visible(person, Comment.objects.all()).values_list("pk", flat=True))) is sees
    found = visible_to_many([reader, contributor, manager], Comment.objects.all())
    assert found == {(contributor.pk, comment.pk), (manager.pk, comment.pk)}


def test_a_waiting_comment_is_seen_only_by_its_author_and_managers(workspace, draft, contributor, reader, manager):
    ModerationSettings.objects.create(workspace=workspace, premoderate=True)
    comment = comment_on(draft, contributor)
    found = visible_to_many([reader, contributor, manager], Comment.objects.all())
    assert found == {(contributor.pk, comment.pk), (manager.pk, comment.pk)}
    assert not can(reader, "comments.view_comment", comment)


def test_a_comment_page_costs_the_same_queries_with_more_comments_and_replies(as_user, draft, contributor, manager,
                                                                             reader, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            first = comment_on(draft, contributor, f"Comment {i}")
            comment_on(draft, manager, f"Reply {i}", parent=first)

    grow(5)
    client = as_user(reader)
    client.get(draft.get_absolute_url())
    with django_assert_max_num_queries(15) as small:
        client.get(draft.get_absolute_url())
    grow(10)
    with django_assert_max_num_queries(15) as large:
        client.get(draft.get_absolute_url())
    assert len(small.captured_queries) == len(large.captured_queries)


def test_only_commentable_items_take_comments(as_user, workspace, manager):
    from ..links.builders import make_link

    link = make_link(workspace, manager)
    url = reverse("comments:add", args=[workspace.slug, ContentType.objects.get_for_model(link).pk, link.pk])
    assert as_user(manager).post(url, {"body": "Hello"}).status_code == 404


def test_the_library_declares_its_documents_commentable_with_anchors():
    declared = services.commentable(Document(workspace_id=1))
    assert declared is not None and declared.anchors


def test_a_get_on_the_comment_address_leads_back_to_the_item_not_a_405(as_user, draft, contributor):
    response = as_user(contributor).get(add_url(draft))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url() + "#comments"


def test_an_empty_comment_comes_back_with_the_error_next_to_its_field(as_user, draft, contributor):
    response = post_comment(as_user(contributor), draft, body="   ", parent="")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-message" id="id_body_error"' in body
    assert 'href="#id_body"' in body
