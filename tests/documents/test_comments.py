"""Comments on a document (through the comments app), anchored to the version they were made on
and to a quoted passage."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments.models import Comment
from documents.models import Document
from notifications.models import Notification
from workspaces.models import AuditEntry

from ..builders import make_workspace


def _add_url(document):
    type_id = ContentType.objects.get_for_model(Document).pk
    return reverse("comments:add", args=[document.workspace.slug, type_id, document.pk])


def _remove_url(workspace, comment):
    return reverse("comments:remove", args=[workspace.slug, comment.pk])


def _comment(client, document, body="Looks good.", quote=""):
    return client.post(_add_url(document), {"body": body, "quote": quote})


def test_a_contributor_comments_on_a_passage(as_user, workspace, contributor, manager, draft):
    response = _comment(as_user(contributor), draft, body="Is this @manager's figure?",
                        quote="  The budget is\n10 million. ")
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert (comment.version_number, comment.quote) == (1, "The budget is 10 million.")
    html = as_user(manager).get(draft.get_absolute_url()).content.decode()
    assert "The budget is 10 million." in html and "on version 1" in html
    # The manager follows what they wrote, and was mentioned too.
    assert Notification.objects.filter(recipient=manager, activity__verb="documents.comment_added").count() == 1


def test_an_empty_comment_is_refused_next_to_the_field_keeping_the_quote(as_user, workspace, contributor, draft):
    response = _comment(as_user(contributor), draft, body="   ", quote="The budget")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_body_error"' in html and 'value="The budget"' in html
    assert not Comment.objects.exists()


def test_readers_read_comments_but_cannot_add_them(as_user, workspace, contributor, reader, draft):
    _comment(as_user(contributor), draft)
    html = as_user(reader).get(draft.get_absolute_url()).content.decode()
    assert "Looks good." in html and "Add the comment" not in html
    assert _comment(as_user(reader), draft).status_code == 403


def test_the_author_removes_their_comment(as_user, workspace, contributor, draft):
    _comment(as_user(contributor), draft)
    comment = Comment.objects.get()
    as_user(contributor).post(_remove_url(workspace, comment))
    assert not Comment.objects.exists() and not AuditEntry.objects.filter(action="document_comment.deleted").exists()


def test_a_manager_removes_someone_elses_comment_and_it_is_audited(as_user, workspace, contributor, manager, draft):
    _comment(as_user(contributor), draft, body="Off-topic advert")
    comment = Comment.objects.get()
    assert as_user(manager).post(_remove_url(workspace, comment)).status_code == 302
    entry = AuditEntry.objects.get(action="document_comment.deleted")
    assert entry.before == {"body": "Off-topic advert"} and entry.actor == manager


def test_another_contributor_cannot_remove_it(as_user, workspace, contributor, manager, draft):
    _comment(as_user(manager), draft)
    comment = Comment.objects.get()
    assert as_user(contributor).post(_remove_url(workspace, comment)).status_code == 403
    assert Comment.objects.exists()


def test_a_comment_of_another_workspace_is_not_found(as_user, workspace, manager, draft, organisation):
    _comment(as_user(manager), draft)
    comment = Comment.objects.get()
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    from workspaces.models import Role

    from ..builders import add_member

    add_member(elsewhere, manager, Role.MANAGER)
    assert as_user(manager).get(_remove_url(elsewhere, comment)).status_code == 404


def test_a_comment_on_a_document_deleted_meanwhile_comes_back_with_the_text_and_why(as_user, workspace, contributor,
                                                                                   manager, draft):
    from documents.services import document_delete

    first = Comment.objects.create(workspace=workspace, target_type=ContentType.objects.get_for_model(Document),
                                   target_id=draft.pk, author=manager, body="An earlier comment", body_html="")
    document_delete(actor=manager, document=draft)
    for data in ({"body": "My long answer,\non two lines.", "quote": "The budget is"},
                 {"body": "My long answer,\non two lines.", "parent": first.pk}):
        response = as_user(contributor).post(_add_url(draft), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "This document was deleted while you were writing, so your comment was not added" in html
        assert "Evaluation plan" not in html  # a contributor may not see a deleted item, nor its title
        assert "My long answer,\non two lines.</textarea>" in html
    assert Comment.objects.filter(author=contributor).count() == 0


def test_a_comment_on_a_deleted_document_one_could_never_see_is_not_found(as_user, workspace, contributor, manager):
    from documents.services import document_delete

    from .builders import make_written

    hidden = make_written(workspace, manager, title="Board only", view_access="managers")
    document_delete(actor=manager, document=hidden)
    response = as_user(contributor).post(_add_url(hidden), {"body": "Guessing ids"})
    assert response.status_code == 404 and "Board only" not in response.content.decode()
