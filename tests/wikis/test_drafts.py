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


# --- A Save after the session expired -----------------------------------------------------------


def next_of(login_redirect):
    """Where the sign-in page sends one afterwards."""
    return parse_qs(urlsplit(login_redirect["Location"]).query)["next"][0]


def _sign_in_and_follow(client, login_redirect, email, password):
    """Follow the redirect to the sign-in page, sign in there, and follow `next`."""
    assert login_redirect.status_code == 302
    login_url = login_redirect["Location"]
    assert login_url.startswith(reverse("account_login") + "?next=")
    assert client.get(login_url).status_code == 200
    return client.post(login_url, {"login": email, "password": password}, follow=True)


def test_a_save_after_the_session_expired_keeps_the_text_across_signing_in(workspace, contributor, home, password):
    client = Client()  # signed out: the session expired while the editor was open
    posted = edit_data(home, text="An hour of careful writing.", summary="Rewrite")
    response = client.post(url_for("edit", workspace, home), posted)
    assert Page.objects.get(pk=home.pk).version == home.version  # nothing saved as nobody
    response = _sign_in_and_follow(client, response, contributor.email, password)
    html = response.content.decode()
    path, query = response.redirect_chain[-1][0].split("?")
    assert path == url_for("edit", workspace, home) and query.startswith("restore=")
    assert "You were signed out before this could be saved. Your text is below — check it and press Save." in html
    assert textarea(html) == "An hour of careful writing."
    assert 'value="Rewrite"' in html and loaded_version(html) == home.version
    assert not FormStash.objects.exists()  # used once
    # Nothing is saved until they press Save themselves.
    assert Page.objects.get(pk=home.pk).text == home.text
    response = client.post(url_for("edit", workspace, home), edit_data(home, text=textarea(html), summary="Rewrite"))
    assert response.status_code == 302 and Page.objects.get(pk=home.pk).text == "An hour of careful writing."


def test_a_new_page_submitted_after_the_session_expired_keeps_title_and_text(workspace, contributor, password):
    client = Client()
    response = client.post(url_for("create", workspace), create_data(title="Risk register", text="Flooding."))
    html = _sign_in_and_follow(client, response, contributor.email, password).content.decode()
    assert 'value="Risk register"' in html and textarea(html) == "Flooding."
    assert not Page.objects.exists()


def test_reloading_the_restored_form_still_has_the_text(workspace, contributor, home, password):
    client = Client()
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="Do not lose me"))
    response = _sign_in_and_follow(client, response, contributor.email, password)
    again = client.get(response.redirect_chain[-1][0]).content.decode()
    # The token is spent, but the text is a draft now: offered, with no error.
    assert textarea(again) == "Do not lose me" and "unsaved draft" in again
    assert "could not be brought back" not in again


def test_a_restore_token_works_once_and_only_in_the_browser_it_was_typed_in(workspace, contributor, home, password):
    client = Client()
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="Private words"))
    restore_url = next_of(response)
    other = Client()
    other.force_login(contributor)
    html = other.get(restore_url).content.decode()  # the same person, another browser: not there
    assert "Private words" not in html and "could not be brought back" in html
    assert FormStash.objects.count() == 1  # and still waiting for the right browser
    client.force_login(contributor)
    assert textarea(client.get(restore_url).content.decode()) == "Private words"
    client.post(url_for("edit", workspace, home), edit_data(home, text=home.text))  # saved as it was: no draft
    assert "Private words" not in client.get(restore_url).content.decode()  # once


def test_a_restore_token_needs_someone_signed_in_who_may_use_the_form(workspace, reader, contributor, home):
    client = Client()
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="Kept for Chris"))
    restore_url = next_of(response)
    assert client.get(restore_url)["Location"].startswith(reverse("account_login"))  # still signed out
    client.force_login(reader)
    assert client.get(restore_url).status_code == 403  # readers cannot edit: not shown, not spent
    assert FormStash.objects.count() == 1
    client.force_login(contributor)
    assert textarea(client.get(restore_url).content.decode()) == "Kept for Chris"


def test_a_restore_token_is_only_for_the_form_it_came_from(workspace, contributor, manager, home):
    other_page = make_page(workspace, manager, title="Other")
    client = Client()
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="For the handbook"))
    token = parse_qs(urlsplit(next_of(response)).query)["restore"][0]
    client.force_login(contributor)
    html = client.get(url_for("edit", workspace, other_page) + f"?restore={token}").content.decode()
    assert "For the handbook" not in html and FormStash.objects.count() == 1


def test_an_htmx_preview_while_signed_out_is_not_kept(client, workspace, home):
    client.post(url_for("edit", workspace, home), edit_data(home, text="x", preview="1"), **HTMX)
    assert not FormStash.objects.exists()


# --- A Save with an expired CSRF token ----------------------------------------------------------


def test_a_save_with_an_expired_csrf_token_comes_back_with_the_text(workspace, contributor, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    client.get(url_for("edit", workspace, home))  # the page, and its CSRF cookie
    posted = edit_data(home, text="Typed before signing in again elsewhere", csrfmiddlewaretoken="x" * 32)
    response = client.post(url_for("edit", workspace, home), posted, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response["Location"].startswith(url_for("edit", workspace, home) + "?restore=")
    html = client.get(response["Location"]).content.decode()
    assert "This form had expired" in html and "check it and press Save" in html
    assert textarea(html) == "Typed before signing in again elsewhere"
    assert Page.objects.get(pk=home.pk).text == home.text


def test_a_cross_site_post_is_not_kept_nor_shown(workspace, contributor, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    client.get(url_for("edit", workspace, home))
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="Forged", csrfmiddlewaretoken="x"),
                           HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and "This form has expired" in response.content.decode()
    assert not FormStash.objects.exists()


def test_an_expired_csrf_token_on_a_page_that_is_not_an_editor_gets_the_explanation(workspace, contributor, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post(url_for("move", workspace, home), {"title": "X", "loaded_version": "2"},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403 and not FormStash.objects.exists()
