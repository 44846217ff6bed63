"""A POST refused because its writer lost their rights while they were writing (demoted, removed,
a lock taken) loses nothing: the refusal page (403, or 404 where the item is now hidden from them)
shows what they sent, read-only, to copy — for every tool, from the one place refusals are
rendered (workspaces.views.errors, through kit.drafts.posted_text). Never secrets or machinery,
and never for a post whose security token was not checked (another site's post)."""

import re
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from documents.models import Document
from documents.services import document_check_out
from workspaces.models import Membership, Role

from .. import builders
from ..documents.builders import make_file_document
from ..links.builders import edit_data, make_link
from ..links.builders import url_for as link_url
from ..wikis.builders import make_page
from ..wikis.builders import url_for as wiki_url

LONG = "My careful paragraph,\nwritten over an hour."


def shown_back(html):
    """{label: text} of the read-only boxes the refusal page shows."""
    box = r'<label for="(posted-\d+)">(.*?)</label>\s*<textarea id="\1"[^>]*readonly[^>]*>(.*?)</textarea>'
    boxes = re.findall(box, html, re.S)
    return {unescape(label): unescape(text).lstrip("\n") for _, label, text in boxes}


def _wiki(workspace, manager):
    page = make_page(workspace, manager, title="Plan")
    return wiki_url("edit", workspace, page), {"text": LONG, "summary": "Added a paragraph",
                                               "loaded_version": page.version}


def _link(workspace, manager):
    link = make_link(workspace, manager, title="Guidance")
    return link_url("edit", workspace, link), edit_data(link, note=LONG)


def _details(workspace, manager):
    document = make_file_document(workspace, manager, title="Minutes")
    return (reverse("documents:details", args=[workspace.slug, document.pk]),
            {"title": "Minutes", "folder": "", "description": LONG, "coauthors": ""})


def _comment(workspace, manager):
    document = make_file_document(workspace, manager, title="Minutes")
    type_id = ContentType.objects.get_for_model(document).pk
    return reverse("comments:add", args=[workspace.slug, type_id, document.pk]), {"body": LONG}


FORMS = {"wiki page": _wiki, "link": _link, "document details": _details, "comment": _comment}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_writer_made_a_reader_meanwhile_gets_their_text_back_on_the_refusal(form, as_user, workspace, manager,
                                                                            contributor):
    url, data = FORMS[form](workspace, manager)
    Membership.objects.filter(workspace=workspace, user=contributor).update(role=Role.READER)
    response = as_user(contributor).post(url, data)
    assert response.status_code == 403
    shown = shown_back(response.content.decode())
    assert LONG in shown.values(), shown
    assert "What you sent has not been saved" in response.content.decode()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_writer_removed_from_the_workspace_meanwhile_gets_their_text_back_on_the_not_found_page(
        form, as_user, workspace, manager, contributor):
    url, data = FORMS[form](workspace, manager)
    Membership.objects.filter(workspace=workspace, user=contributor).delete()
    response = as_user(contributor).post(url, data)
    assert response.status_code == 404
    assert LONG in shown_back(response.content.decode()).values()


def test_only_what_was_typed_is_shown_never_tokens_passwords_or_numbers(as_user, workspace, manager, contributor):
    url, data = _wiki(workspace, manager)
    Membership.objects.filter(workspace=workspace, user=contributor).update(role=Role.READER)
    html = as_user(contributor).post(url, {**data, "password": "hunter2", "api_key": "k-123",
                                           "view_access": "anyone"}).content.decode()
    assert shown_back(html) == {"Text": LONG, "Summary": "Added a paragraph"}
    assert "hunter2" not in html and "k-123" not in html


def test_a_document_checked_out_meanwhile_refuses_the_details_but_shows_them_back(as_user, workspace, manager,
                                                                                contributor):
    url, data = _details(workspace, manager)
    document_check_out(actor=manager, document=Document.objects.get())
    response = as_user(contributor).post(url, data)
    html = response.content.decode()
    assert response.status_code == 403 and "Maya Manager has locked this document for editing" in html
    assert LONG in shown_back(html).values()


def test_a_post_from_another_site_is_not_shown_back(workspace, manager, contributor):
    # Its security token was never checked (an upload is checked inside the view, after the
    # permission check refused it): showing it would let another site put words on our page.
    client = Client(enforce_csrf_checks=True)
    client.force_login(builders.make_user("rita2@example.org", "Rita"))
    url = reverse("documents:upload", args=[workspace.slug])
    response = client.post(url, {"title": "Call 0800 000 000 to keep your account", "description": LONG})
    assert response.status_code in (403, 404)
    assert "0800" not in response.content.decode() and LONG not in response.content.decode()
