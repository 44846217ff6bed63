"""Documents written here: co-authors, versions, preview, the printable page, and concurrent
edits that never overwrite each other silently."""

import importlib
from unittest import mock

import pytest
from django.apps import apps as django_apps

from documents import markup
from documents.models import MAX_TEXT_LENGTH, CoAuthor, Document
from documents.services import DocumentConflict, document_check_out, document_edit
from notifications.models import Notification

from .builders import access_data, loaded_version, make_written, url_for


def _write(client, workspace, **data):
    return client.post(url_for("write", workspace), {"title": "Terms of reference", "folder": "", "description": "",
                                                     "text": "# Purpose\n\nWe advise.", "coauthors": "", "note": "",
                                                     **access_data(), **data})


def _edit(client, document, text, version=None, **data):
    return client.post(url_for("edit", document.workspace, document),
                       {"text": text, "note": "", "loaded_version": version or document.version, **data})


def test_writing_a_document_with_co_authors(as_user, workspace, contributor, manager, folder):
    response = _write(as_user(contributor), workspace, coauthors="MANAGER@example.org, manager@example.org",
                      folder=folder.pk)
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.is_written and document.folder == folder and document.version == 1
    assert "<h2>Purpose</h2>" in document.html  # the title is the page's only h1
    assert list(CoAuthor.objects.values_list("user__email", flat=True)) == ["contributor@example.org",
                                                                            "manager@example.org"]
    # The co-authors named are told.
    assert Notification.objects.filter(recipient=manager, activity__verb="documents.document_created").exists()


def test_co_authors_must_be_contributors_of_the_workspace(as_user, workspace, contributor, reader, outsider):
    response = _write(as_user(contributor), workspace, coauthors="reader@example.org, outsider@example.org")
    html = response.content.decode()
    assert "Not contributors of this workspace: reader@example.org, outsider@example.org" in html
    assert 'id="id_coauthors_error"' in html and "We advise." in html and not Document.objects.exists()


@pytest.mark.parametrize("title, message", [("   ", "Enter a title for the document."),
                                            ("x" * 201, "Keep the title to 200 characters or fewer")])
def test_a_bad_title_is_refused_next_to_the_field_keeping_the_text(as_user, workspace, contributor, title, message):
    html = _write(as_user(contributor), workspace, title=title, text="My careful draft").content.decode()
    assert message in html and 'id="id_title_error"' in html and "My careful draft" in html


def test_a_duplicate_title_at_the_top_is_refused(as_user, workspace, contributor, draft):
    html = _write(as_user(contributor), workspace, title="evaluation  plan").content.decode()
    assert "There is already a document called “Evaluation plan” at the top of the library" in html


def test_preview_saves_nothing_and_keeps_the_draft(as_user, workspace, contributor, draft):
    response = _edit(as_user(contributor), draft, "Draft with **bold**", preview="1")
    html = response.content.decode()
    assert "<strong>bold</strong>" in html and "Draft with **bold**" in html
    draft.refresh_from_db()
    assert draft.version == 1


def test_htmx_preview_returns_just_the_preview(as_user, workspace, contributor, draft):
    response = as_user(contributor).post(url_for("edit", workspace, draft), {"text": "*hi*", "preview": "1"},
                                         HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "components/preview.html"
    assert "<html" not in response.content.decode() and "<em>hi</em>" in response.content.decode()


def test_a_preview_of_a_text_too_long_to_save_says_so_instead(as_user, workspace, contributor, draft):
    text = "*a* " * (MAX_TEXT_LENGTH // 4 + 1)
    with mock.patch("documents.markup.render", side_effect=AssertionError("a text too long to save was rendered")):
        response = as_user(contributor).post(url_for("edit", workspace, draft),
                                             {"text": text, "preview": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f"This document is too long: keep it to {MAX_TEXT_LENGTH:,} characters" in response.content.decode()


def test_each_save_is_a_version_and_the_editor_becomes_a_co_author(as_user, workspace, contributor, draft):
    client = as_user(contributor)
    _edit(client, draft, draft.text + "\nMore.", note="Added more")
    draft.refresh_from_db()
    assert draft.version == 2 and "More." in draft.html
    assert list(draft.versions.values_list("number", "note")) == [(2, "Added more"), (1, "First version")]
    assert CoAuthor.objects.filter(document=draft, user=contributor).exists()
    compare = client.get(url_for("compare", workspace, draft) + "?from=1&to=2").content.decode()
    assert "diff-ins" in compare and "More." in compare
    rendered = client.get(url_for("compare", workspace, draft) + "?from=1&to=2&view=rendered").content.decode()
    assert '<ins class="diff-block"><span class="diff-mark">Added</span><p>More.</p></ins>' in rendered
    old = client.get(url_for("version", workspace, draft, number=1)).content.decode()
    assert "More." not in old and "We evaluate the pilot." in old


def test_edits_that_do_not_overlap_are_both_kept(as_user, workspace, manager, contributor, draft):
    mine = as_user(contributor).get(url_for("edit", workspace, draft)).content.decode()
    document_edit(actor=manager, document=draft, text=draft.text.replace("10 million", "12 million"))
    response = _edit(as_user(contributor), draft, draft.text.replace("the pilot", "the pilot and the rollout"),
                     version=loaded_version(mine))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert "12 million" in draft.text and "the rollout" in draft.text and draft.version == 3


def test_overlapping_edits_show_what_changed_and_keep_the_editors_text(as_user, workspace, manager, contributor, draft):
    document_edit(actor=manager, document=draft, text=draft.text.replace("10 million", "12 million"))
    mine = draft.text.replace("10 million", "9 million, if agreed")
    response = _edit(as_user(contributor), draft, mine, version=1)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Changes saved while you were editing" in html and "Maya Manager changed this document" in html
    assert "12 million" in html and "9 million, if agreed" in html
    assert 'name="loaded_version" value="2"' in html  # saving again is a deliberate choice
    draft.refresh_from_db()
    assert "12 million" in draft.text and draft.version == 2
    # Having seen it, they save their version.
    assert _edit(as_user(contributor), draft, mine, version=2).status_code == 302
    draft.refresh_from_db()
    assert "9 million, if agreed" in draft.text


def test_the_service_raises_on_a_conflict(workspace, manager, contributor, draft):
    document_edit(actor=manager, document=draft, text="Replaced entirely")
    with pytest.raises(DocumentConflict):
        document_edit(actor=contributor, document=draft, text="Also replaced", base_version=1)


def test_an_edit_while_someone_else_holds_the_lock_is_refused_keeping_the_text(as_user, workspace, manager,
                                                                             contributor, draft):
    document_check_out(actor=manager, document=draft)
    client = as_user(contributor)
    page = client.get(url_for("edit", workspace, draft)).content.decode()
    assert "Maya Manager has locked this document for editing" in page
    html = _edit(client, draft, "My careful rewrite").content.decode()
    assert "Maya Manager has locked this document for editing" in html and "My careful rewrite" in html
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_document_deleted_while_being_edited_gives_the_text_back(as_user, workspace, manager, contributor, draft):
    from documents.services import document_delete

    document_delete(actor=manager, document=draft)
    html = _edit(as_user(contributor), draft, "Words I must not lose").content.decode()
    assert "deleted this document while you were editing it" in html and "Words I must not lose" in html


# Written out by hand: writing a document whose title a managers-only one holds, what each
# persona is told: the document named (N), only that the title is taken (T), or no form (status).
HIDDEN_CLASH = {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": "T", "manager": "N",
                "site_admin": "N"}


def test_a_title_clash_names_the_document_only_to_who_may_see_it(as_user, personas, workspace, manager):
    from workspaces.models import Access

    from ..conftest import PERSONAS

    make_written(workspace, manager, title="Board Minutes", view_access=Access.MANAGERS)
    got = {}
    for persona in PERSONAS:
        response = _write(as_user(personas[persona]), workspace, title="board  MINUTES")
        html = response.content.decode()
        if response.status_code != 200:
            got[persona] = response.status_code
        elif "There is already a document called “Board Minutes” at the top of the library" in html:
            got[persona] = "N"
        elif "The title “board MINUTES” is already taken at the top of the library." in html:
            assert "Board Minutes" not in html
            got[persona] = "T"
    assert got == HIDDEN_CLASH and Document.objects.count() == 1


# Written out by hand: posting to the editor of a deleted document, what each persona gets back
# (status, whether its title or text appear). Only managers may see deleted documents.
DELETED_EDIT_POST = {"anonymous": (302, False), "outsider": (404, False), "reader": (403, False),
                     "contributor": (200, False), "manager": (200, True), "site_admin": (200, True)}


def test_posting_to_the_editor_of_a_deleted_document_reveals_it_only_to_managers(as_user, personas, workspace,
                                                                                   manager):
    from documents.services import document_delete

    from ..conftest import PERSONAS

    secret = make_written(workspace, manager, title="Restructuring the team", text="Who goes where.")
    document_delete(actor=manager, document=secret)
    got = {}
    for persona in PERSONAS:
        response = _edit(as_user(personas[persona]), secret, "Words I must not lose")
        html = response.content.decode()
        got[persona] = (response.status_code, "Restructuring" in html or "Who goes where" in html)
        if response.status_code == 200:
            assert "deleted this document while you were editing it" in html and "Words I must not lose" in html
    assert got == DELETED_EDIT_POST


def test_the_printable_page_is_clean(as_user, workspace, reader, draft):
    html = as_user(reader).get(url_for("print", workspace, draft)).content.decode()
    assert "<h1>Evaluation plan</h1>" in html and "We evaluate the pilot." in html
    assert "workspace-nav" not in html and "Maya Manager" in html


def test_uploaded_files_have_no_printable_page_or_editor(as_user, workspace, manager, paper):
    client = as_user(manager)
    assert client.get(url_for("print", workspace, paper)).status_code == 404
    assert client.get(url_for("edit", workspace, paper)).status_code == 404


def test_an_empty_document_says_what_to_do(as_user, workspace, contributor, reader):
    document = make_written(workspace, contributor, title="Blank", text="")
    assert "Write its first words" in as_user(contributor).get(document.get_absolute_url()).content.decode()
    assert "Nobody has written anything in it yet" in as_user(reader).get(document.get_absolute_url()).content.decode()


def test_each_version_keeps_its_text_rendered_when_saved(workspace, contributor, draft):
    document_edit(actor=contributor, document=draft, text="Now **shorter**.")
    first, second = draft.versions.order_by("number")
    assert first.html == markup.render(first.text) and "<h2>Aims</h2>" in first.html
    assert second.html == Document.objects.get(pk=draft.pk).html == "<p>Now <strong>shorter</strong>.</p>\n"


def test_viewing_an_old_version_does_not_render_it(as_user, workspace, contributor, reader, draft):
    document_edit(actor=contributor, document=draft, text="Now **shorter**.")
    with mock.patch("documents.markup.render", side_effect=AssertionError("an old version was rendered per view")):
        response = as_user(reader).get(url_for("version", workspace, draft, number=1))
    assert response.status_code == 200 and "<h2>Aims</h2>" in response.content.decode()


def test_the_migration_renders_the_versions_saved_before_it(workspace, contributor, draft):
    document_edit(actor=contributor, document=draft, text="Now **shorter**.")
    draft.versions.update(html="")  # as the rows were before it
    migration = importlib.import_module("documents.migrations.0004_version_html")
    migration.render_versions(django_apps, None)
    first, second = draft.versions.order_by("number")
    assert first.html == markup.render(first.text) and "<h2>Aims</h2>" in first.html
    assert second.html == "<p>Now <strong>shorter</strong>.</p>\n"
