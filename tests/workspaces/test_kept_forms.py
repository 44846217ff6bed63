"""The drafts contract (workspaces.kit.drafts) for every form that takes long text — a wiki page
(new and edited), a document written here (new and edited), a comment (and a report of one), a
document's details, a link's note (new and edited), a review's request and its answer, and the
forms only managers fill in (an announcement, invitations, the workspace settings, the reason a
comment is hidden): a Save pressed after the session expired comes back in the form after signing
in, and one whose CSRF token expired comes back at once, with what was typed and a message saying
so; nothing is saved until the writer presses Save."""

from datetime import date
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_add
from documents.models import Document, Review, Reviewer
from documents.services import review_request
from links.models import Link
from moderation.models import Report
from wikis.models import Page

from ..documents.builders import make_file_document, make_written
from ..links.builders import edit_data as link_edit_data
from ..links.builders import form_data as link_form_data
from ..links.builders import make_link
from ..wikis.builders import create_data, edit_data, make_page

LONG = "An hour of careful writing,\nin two lines."


def _wiki_new(workspace, manager):
    return reverse("wikis:create", args=[workspace.slug]), create_data(title="Risks", text=LONG)


def _wiki_edit(workspace, manager):
    page = make_page(workspace, manager, title="Plan")
    return reverse("wikis:edit", args=[workspace.slug, page.slug]), edit_data(page, text=LONG)


def _document_new(workspace, manager):
    return reverse("documents:write", args=[workspace.slug]), {
        "title": "Risks", "folder": "", "description": "", "text": LONG, "coauthors": "", "note": "",
        "view_access": "anyone", "change_access": "members"}


def _document_edit(workspace, manager):
    document = make_written(workspace, manager, title="Plan")
    return reverse("documents:edit", args=[workspace.slug, document.pk]), {"text": LONG, "note": "",
                                                                          "loaded_version": 1}


def _comment(workspace, manager):
    document = make_file_document(workspace, manager, title="Minutes")
    type_id = ContentType.objects.get_for_model(document).pk
    return reverse("comments:add", args=[workspace.slug, type_id, document.pk]), {"body": LONG}


def _details(workspace, manager):
    document = make_file_document(workspace, manager, title="Minutes")
    return reverse("documents:details", args=[workspace.slug, document.pk]), {
        "title": "Minutes", "folder": "", "description": LONG, "coauthors": "", "view_access": "anyone",
        "change_access": "members"}


def _link_new(workspace, manager):
    return reverse("links:create", args=[workspace.slug]), link_form_data(note=LONG)


def _link_edit(workspace, manager):
    link = make_link(workspace, manager, title="Guidance")
    return reverse("links:edit", args=[workspace.slug, link.pk]), link_edit_data(link, note=LONG)


def _review_request(workspace, manager):
    document = make_written(workspace, manager, title="Plan")
    return reverse("documents:review_request", args=[workspace.slug, document.pk]), {
        "reviewers": "reader@example.org", "due_on": "2099-12-31", "message": LONG}


def _review_answer(workspace, manager):
    document = make_written(workspace, manager, title="Plan")
    chris = get_user_model().objects.get(email="contributor@example.org")  # the one asked, who answers
    review = review_request(actor=manager, document=document, reviewers=[chris], due_on=date(2099, 12, 31))
    return reverse("documents:review", args=[workspace.slug, document.pk, review.pk]), {
        "decision": "changes_requested", "comment": LONG}


def _report(workspace, manager):
    document = make_file_document(workspace, manager, title="Minutes")
    comment = comment_add(actor=manager, item=document, body="Call me on 0700 000 000")
    type_id = ContentType.objects.get_for_model(comment).pk
    return reverse("moderation:report", args=[workspace.slug, type_id, comment.pk]), {"reason": "personal",
                                                                                      "note": LONG}


FORMS = {"comment report": _report, "review request": _review_request, "review answer": _review_answer,
         "wiki page": _wiki_new, "wiki page edited": _wiki_edit, "written document": _document_new,
         "written document edited": _document_edit, "comment": _comment, "document details": _details,
         "link": _link_new, "link edited": _link_edit}


def _nothing_saved(before):
    assert not Comment.objects.exclude(author__email="manager@example.org").exists() and not Report.objects.exists()
    assert not Review.objects.filter(message__contains="careful").exists()
    assert not Reviewer.objects.filter(comment__contains="careful").exists()
    assert not Page.objects.filter(text__contains="careful").exists()
    assert not Document.objects.filter(text__contains="careful").exists()
    assert not Document.objects.filter(description__contains="careful").exists()
    assert not Link.objects.filter(note__contains="careful").exists()
    assert (Page.objects.count(), Document.objects.count(), Link.objects.count()) == before


def _counts():
    return Page.objects.count(), Document.objects.count(), Link.objects.count()


def _signed_out_then_in(url, data, person, password):
    """Post after the session expired, sign in as `person`: the page they land on."""
    client = Client()  # the session expired while the form was open
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login") + "?next=")
    landed = client.post(response["Location"], {"login": person.email, "password": password}, follow=True)
    assert landed.redirect_chain[-1][0].startswith(url + "?restore=")
    html = unescape(landed.content.decode())
    assert "You were signed out before this could be saved. Your text is below" in html and LONG in html


def _posted_with_an_expired_token(url, data, person):
    """Post with a CSRF token that expired: the form comes back at once with the text."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(url, {**data, "csrfmiddlewaretoken": "x" * 32}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"].startswith(url + "?restore=")
    html = unescape(client.get(response["Location"]).content.decode())
    assert "This form had expired" in html and LONG in html


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_save_after_the_session_expired_comes_back_after_signing_in(form, workspace, manager, contributor,
                                                                     password):
    url, data = FORMS[form](workspace, manager)
    before = _counts()
    _signed_out_then_in(url, data, contributor, password)
    _nothing_saved(before)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_save_with_an_expired_csrf_token_comes_back_with_the_text(form, workspace, manager, contributor):
    url, data = FORMS[form](workspace, manager)
    before = _counts()
    _posted_with_an_expired_token(url, data, contributor)
    _nothing_saved(before)


def test_a_comment_page_is_not_there_to_get_without_a_kept_comment(as_user, workspace, manager, contributor):
    url, _ = _comment(workspace, manager)
    response = as_user(contributor).get(url)  # leads to the item's comments, never a bare 405
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    response = as_user(contributor).get(url + "?restore=not-a-token")
    assert response.status_code == 200 and "could not be brought back" in response.content.decode()


# --- Forms only managers fill in: an announcement, an invitation (one or many), the workspace's
# settings, the reason a comment is hidden. Signed in again as the manager.


def _announcement(workspace, manager):
    return reverse("notifications:announce", args=[workspace.slug]), {
        "subject": "Consultation opens", "message": LONG, "audience": "everyone"}


def _invitation(workspace, manager):
    return reverse("invitation_create", args=[workspace.slug]), {
        "email": "newcomer@example.org", "role": "10", "message": LONG}


def _bulk_invitation(workspace, manager):
    return reverse("invitation_bulk", args=[workspace.slug]), {
        "text": "one@example.org\ntwo@example.org", "role": "10", "message": LONG}


def _settings(workspace, manager):
    return reverse("workspace_settings", args=[workspace.slug]), {
        "name": workspace.name, "description": LONG, "visibility": workspace.visibility}


def _hiding(workspace, manager):
    document = make_file_document(workspace, manager, title="Minutes")
    comment = comment_add(actor=manager, item=document, body="Call me on 0700 000 000")
    type_id = ContentType.objects.get_for_model(comment).pk
    return reverse("moderation:item", args=[workspace.slug, type_id, comment.pk]), {"action": "hide", "reason": LONG}


MANAGER_FORMS = {"announcement": _announcement, "invitation": _invitation, "bulk invitation": _bulk_invitation,
                 "workspace settings": _settings, "hiding a comment": _hiding}


def _nothing_sent(workspace):
    from notifications.models import Announcement
    from workspaces.models import Invitation, Workspace

    assert not Announcement.objects.exists() and not Invitation.objects.exists()
    assert "careful" not in Workspace.objects.get(pk=workspace.pk).description
    assert not Comment.objects.filter(hidden_reason__contains="careful").exists()


@pytest.mark.parametrize("form", sorted(MANAGER_FORMS))
def test_a_managers_form_sent_after_the_session_expired_comes_back_after_signing_in(form, workspace, manager,
                                                                                   password):
    url, data = MANAGER_FORMS[form](workspace, manager)
    _signed_out_then_in(url, data, manager, password)
    _nothing_sent(workspace)


@pytest.mark.parametrize("form", sorted(MANAGER_FORMS))
def test_a_managers_form_with_an_expired_csrf_token_comes_back_with_the_text(form, workspace, manager):
    url, data = MANAGER_FORMS[form](workspace, manager)
    _posted_with_an_expired_token(url, data, manager)
    _nothing_sent(workspace)
