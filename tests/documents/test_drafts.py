"""The library's document editor (write and edit) keeps drafts and what was typed before a
session expired, through the kit (workspaces.kit.drafts; the wiki's tests cover the details)."""

import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from documents.models import Document
from workspaces.models import Draft, FormStash

from ..wikis.builders import textarea
from .builders import access_data, loaded_version, make_written, url_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def autosave(client, url, text):
    html = client.get(url).content.decode()
    token = re.search(r'"draft": "([^"]+)"', html).group(1)
    response = client.post(reverse("draft_save"), {"draft": token, "text": text}, **HTMX)
    assert response.content.decode().startswith("Draft saved")


def write_data(**data):
    return {"title": "Terms of reference", "folder": "", "description": "", "text": "# Purpose\n\nWe advise.",
            "coauthors": "", "note": "", **access_data(), **data}


def test_a_draft_of_a_new_document_comes_back_and_goes_when_it_is_saved(as_user, workspace, contributor):
    client = as_user(contributor)
    autosave(client, url_for("write", workspace), "# Purpose\n\nHalf written")
    html = client.get(url_for("write", workspace)).content.decode()
    assert textarea(html) == "# Purpose\n\nHalf written" and "You have an unsaved draft from" in html
    assert client.post(url_for("write", workspace), write_data(text=textarea(html))).status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_of_an_edit_comes_back_on_its_version_and_goes_when_it_is_saved(as_user, workspace, contributor,
                                                                               manager, draft):
    client = as_user(contributor)
    autosave(client, url_for("edit", workspace, draft), draft.text + "\n# Risks\n\nFloods.\n")
    other = make_written(workspace, manager, title="Other paper")
    assert "unsaved draft" not in client.get(url_for("edit", workspace, other)).content.decode()
    html = client.get(url_for("edit", workspace, draft)).content.decode()
    assert textarea(html).endswith("# Risks\n\nFloods.\n") and "You have an unsaved draft from" in html
    assert loaded_version(html) == draft.version
    response = client.post(url_for("edit", workspace, draft),
                           {"text": textarea(html), "note": "", "loaded_version": loaded_version(html)})
    assert response.status_code == 302 and Document.objects.get(pk=draft.pk).text.endswith("Floods.\n")
    assert not Draft.objects.exists()


def test_a_document_saved_after_the_session_expired_comes_back_after_signing_in(workspace, contributor, draft,
                                                                              password):
    client = Client()
    response = client.post(url_for("edit", workspace, draft),
                           {"text": "Rewritten while signed out", "note": "Big change",
                            "loaded_version": draft.version})
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(response["Location"], {"login": contributor.email, "password": password}, follow=True)
    html = response.content.decode()
    assert "You were signed out before this could be saved" in html
    assert textarea(html) == "Rewritten while signed out" and 'value="Big change"' in html
    assert Document.objects.get(pk=draft.pk).version == draft.version and not FormStash.objects.exists()


def test_a_new_document_written_with_an_expired_csrf_token_comes_back(workspace, contributor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    client.get(url_for("write", workspace))
    response = client.post(url_for("write", workspace), write_data(text="Kept", csrfmiddlewaretoken="y" * 32),
                           HTTP_ORIGIN="http://testserver")
    assert parse_qs(urlsplit(response["Location"]).query)["restore"]
    html = client.get(response["Location"]).content.decode()
    assert textarea(html) == "Kept" and 'value="Terms of reference"' in html and "This form had expired" in html
    assert not Document.objects.exists()
