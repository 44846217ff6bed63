"""No text written in the wiki's editor is lost (workspaces.kit.drafts): a draft kept as one
types comes back when the editor opens again and goes when the page is saved; a Save pressed
after the session expired, or with an expired CSRF token, brings the text back in the form
after signing in; a restore token works once, in that browser, for someone who may use the form."""

import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from wikis.models import Page
from workspaces.models import Draft, FormStash

from .builders import create_data, edit_data, edit_page, loaded_version, make_page, textarea, url_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def token_in(html):
    return re.search(r'"draft": "([^"]+)"', html).group(1)


def autosave(client, url, text):
    """Open the editor at `url` and let it autosave `text`, as htmx does while one types."""
    html = client.get(url).content.decode()
    response = client.post(reverse("draft_save"), {"draft": token_in(html), "text": text,
                                                   "loaded_version": loaded_version(html) if "loaded_version" in html
                                                   else ""}, **HTMX)
    assert response.status_code == 200 and response.content.decode().startswith("Draft saved"), response.content
    return html


# --- Drafts ------------------------------------------------------------------------------------


def test_the_editor_autosaves_into_a_polite_status_line(as_user, workspace, contributor, home):
    html = as_user(contributor).get(url_for("edit", workspace, home)).content.decode()
    assert f'hx-post="{reverse("draft_save")}"' in html and 'hx-trigger="input changed delay:2s"' in html
    assert re.search(r'<p class="hint draft-status" id="wiki-draft-status" role="status" aria-live="polite"></p>', html)
    assert "You have an unsaved draft" not in html  # nothing to offer yet


def test_a_draft_comes_back_when_the_editor_opens_again(as_user, workspace, contributor, home):
    client = as_user(contributor)
    autosave(client, url_for("edit", workspace, home), "# Aims\n\nWhat we are for, and more.\n")
    html = client.get(url_for("edit", workspace, home)).content.decode()
    assert textarea(html) == "# Aims\n\nWhat we are for, and more.\n"
    assert "You have an unsaved draft from" in html and "It is in the box below." in html
    assert "has been changed since" not in html
    assert 'form="wiki-draft-discard"' in html and f'action="{reverse("draft_discard")}"' in html
    assert loaded_version(html) == home.version


def test_a_draft_is_only_its_writers(as_user, workspace, contributor, manager, home):
    autosave(as_user(contributor), url_for("edit", workspace, home), "Chris's unsaved words")
    html = as_user(manager).get(url_for("edit", workspace, home)).content.decode()
    assert "Chris's unsaved words" not in html and "unsaved draft" not in html


def test_a_new_page_draft_belongs_to_its_workspace(as_user, workspace, public_workspace, contributor):
    client = as_user(contributor)
    autosave(client, url_for("create", workspace), "Notes for the programme")
    assert textarea(client.get(url_for("create", workspace)).content.decode()) == "Notes for the programme"
    assert textarea(client.get(url_for("create", public_workspace)).content.decode()) == ""


def test_saving_the_page_deletes_the_draft(as_user, workspace, contributor, home):
    client = as_user(contributor)
    autosave(client, url_for("edit", workspace, home), "Saved at last")
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="Saved at last"))
    assert response.status_code == 302
    assert not Draft.objects.exists()
    assert "unsaved draft" not in client.get(url_for("edit", workspace, home)).content.decode()


def test_creating_the_page_deletes_the_new_page_draft(as_user, workspace, contributor):
    client = as_user(contributor)
    autosave(client, url_for("create", workspace), "Notes")
    assert client.post(url_for("create", workspace), create_data(text="Notes")).status_code == 302
    assert not Draft.objects.exists()


def test_a_save_that_is_refused_leaves_a_draft(as_user, workspace, contributor, home):
    client = as_user(contributor)
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="My words", loaded_version=""))
    assert response.status_code == 200  # "this form is out of date"
    assert Draft.objects.get().text == "My words"
    assert textarea(client.get(url_for("edit", workspace, home)).content.decode()) == "My words"


def test_a_preview_without_javascript_keeps_a_draft(as_user, workspace, contributor, home):
    client = as_user(contributor)
    client.post(url_for("edit", workspace, home), edit_data(home, text="Previewed\r\nwords", preview="1"))
    assert Draft.objects.get().text == "Previewed\nwords"


def test_a_draft_the_same_as_the_saved_text_is_not_offered(as_user, workspace, contributor, home):
    client = as_user(contributor)
    autosave(client, url_for("edit", workspace, home), home.text)
    assert "unsaved draft" not in client.get(url_for("edit", workspace, home)).content.decode()
    assert not Draft.objects.exists()


def test_a_draft_written_before_someone_else_saved_says_so_and_is_merged_on_save(
        as_user, workspace, contributor, manager):
    page = make_page(workspace, manager, title="Plan", text="Aims.\n\nBudget 10.\n\nDates: March.\n")
    client = as_user(contributor)
    autosave(client, url_for("edit", workspace, page), "Aims, sharper.\n\nBudget 10.\n\nDates: March.\n")
    edit_page(page, manager, "Aims.\n\nBudget 10.\n\nDates: April.\n")
    html = client.get(url_for("edit", workspace, page)).content.decode()
    assert "The page has been changed since you wrote it" in html
    assert loaded_version(html) == 1  # the version the draft was written on: the save merges
    page.refresh_from_db()
    response = client.post(url_for("edit", workspace, page),
                           edit_data(page, text=textarea(html), loaded_version=loaded_version(html)))
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).text == "Aims, sharper.\n\nBudget 10.\n\nDates: April.\n"


def test_discarding_the_draft_works_without_javascript(as_user, workspace, contributor, home):
    client = as_user(contributor)
    autosave(client, url_for("edit", workspace, home), "Second thoughts")
    html = client.get(url_for("edit", workspace, home)).content.decode()
    form = re.search(r'<form id="wiki-draft-discard" method="post" action="([^"]+)">(.*?)</form>', html, re.DOTALL)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]+)"', form.group(2)))
    response = client.post(form.group(1), fields, follow=True)
    assert response.redirect_chain[-1][0] == url_for("edit", workspace, home)
    html = response.content.decode()
    assert "The draft has been discarded." in html and textarea(html) == home.text
    assert not Draft.objects.exists()
