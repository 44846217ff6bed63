"""Folders: added by contributors, renamed and deleted (when empty) by managers."""

import pytest
from django.core.exceptions import ValidationError

from documents.models import MAX_FOLDER_DEPTH, MAX_TITLE_LENGTH, Document, Folder
from documents.services import document_delete, folder_rename
from documents.services.common import clean_title
from workspaces.models import AuditEntry

from .builders import make_file_document, make_folder, url_for


def test_a_contributor_adds_a_folder_and_a_subfolder(as_user, workspace, contributor):
    client = as_user(contributor)
    assert client.post(url_for("folder_create", workspace), {"title": "  Board   papers "}).status_code == 302
    board = Folder.objects.get()
    assert board.title == "Board papers" and board.path == f"/{board.pk}/"
    client.post(url_for("folder_create", workspace), {"title": "2027", "parent": board.pk})
    sub = Folder.objects.get(title="2027")
    assert sub.parent == board and sub.path == f"/{board.pk}/{sub.pk}/"
    html = client.get(url_for("folder", workspace, folder_id=sub.pk)).content.decode()
    assert "Board papers" in html and "This folder is empty" in html  # breadcrumbs, and what to do


def test_folder_names_are_unique_where_they_are(as_user, workspace, contributor, folder):
    html = as_user(contributor).post(url_for("folder_create", workspace), {"title": "MINUTES"}).content.decode()
    assert "There is already a folder called “Minutes” at the top of the library" in html
    html = as_user(contributor).post(url_for("folder_create", workspace), {"title": ""}).content.decode()
    assert "Enter a name for the folder." in html


def test_a_manager_renames_a_folder(as_user, workspace, manager, folder):
    as_user(manager).post(url_for("folder_rename", workspace, folder_id=folder.pk), {"title": "Minutes and notes"})
    folder.refresh_from_db()
    assert folder.title == "Minutes and notes" and AuditEntry.objects.filter(action="document_folder.renamed").exists()


def test_a_folder_with_documents_cannot_be_deleted(as_user, workspace, manager, folder, paper):
    html = as_user(manager).post(url_for("folder_delete", workspace, folder_id=folder.pk)).content.decode()
    assert "“Minutes” still has 1 document in it" in html and Folder.objects.exists()


def test_deleting_an_empty_folder_keeps_deleted_documents_restorable(as_user, workspace, manager, folder):
    parent = make_folder(workspace, manager, "Archive")
    inner = make_folder(workspace, manager, "2019", parent=parent)
    gone = make_file_document(workspace, manager, title="Old paper", folder=inner)
    document_delete(actor=manager, document=gone)
    response = as_user(manager).post(url_for("folder_delete", workspace, folder_id=inner.pk))
    assert response.status_code == 302 and response["Location"] == parent.get_absolute_url()
    assert Document.objects.get(pk=gone.pk).folder == parent
    assert AuditEntry.objects.filter(action="document_folder.deleted").exists()


def test_a_folder_of_another_workspace_is_not_found(as_user, workspace, public_workspace, manager):
    elsewhere = make_folder(public_workspace, manager, "Elsewhere")
    client = as_user(manager)
    assert client.get(url_for("folder", workspace, folder_id=elsewhere.pk)).status_code == 404
    assert client.get(url_for("folder", workspace, folder_id=2**40)).status_code == 404
    assert client.post(url_for("folder_create", workspace), {"title": "x", "parent": elsewhere.pk}).status_code == 404
    assert client.post(url_for("folder_delete", workspace, folder_id=elsewhere.pk)).status_code == 404


def test_the_empty_library_says_what_to_do(as_user, workspace, contributor, reader):
    assert "Upload the first file" in as_user(contributor).get(url_for("index", workspace)).content.decode()
    assert "When contributors add documents" in as_user(reader).get(url_for("index", workspace)).content.decode()


def test_many_subfolders_are_paged_apart_from_the_documents(as_user, workspace, contributor, monkeypatch):
    from documents.views import library

    monkeypatch.setattr(library, "FOLDERS_PER_PAGE", 2)
    for name in ("Agendas", "Budgets", "Minutes"):
        make_folder(workspace, contributor, name)
    client = as_user(contributor)
    first = client.get(f"/w/{workspace.slug}/documents/?page=1").content.decode()
    assert "Agendas" in first and "Budgets" in first and "Minutes" not in first
    assert 'aria-label="Pages of folders"' in first and 'href="?page=1&amp;folders=2"' in first
    second = client.get(f"/w/{workspace.slug}/documents/?page=1&folders=2").content.decode()
    assert "Minutes" in second and "Agendas" not in second


def test_a_manager_moves_a_folder_with_everything_in_it(as_user, workspace, manager, folder):
    archive = make_folder(workspace, manager, "Archive")
    inner = make_folder(workspace, manager, "2019", parent=folder)
    response = as_user(manager).post(url_for("folder_rename", workspace, folder_id=folder.pk),
                                     {"title": "Minutes", "parent": archive.pk})
    assert response.status_code == 302
    folder, inner = Folder.objects.get(pk=folder.pk), Folder.objects.get(pk=inner.pk)
    assert folder.parent == archive and folder.path == f"/{archive.pk}/{folder.pk}/"
    assert inner.path == f"/{archive.pk}/{folder.pk}/{inner.pk}/"
    entry = AuditEntry.objects.get(action="document_folder.moved")
    assert entry.before == {"title": "Minutes", "parent": None} and entry.after == {"title": "Minutes",
                                                                                   "parent": "Archive"}


def test_a_folder_cannot_go_in_itself_nor_too_deep_nor_next_to_its_namesake(as_user, workspace, manager, folder):
    inner = make_folder(workspace, manager, "2019", parent=folder)
    client = as_user(manager)
    url = url_for("folder_rename", workspace, folder_id=folder.pk)
    html = client.post(url, {"title": "Minutes", "parent": inner.pk}).content.decode()
    assert "Choose a folder of this library from the list." in html  # not even offered
    with pytest.raises(ValidationError, match="cannot go in itself"):
        folder_rename(actor=manager, folder=folder, title="Minutes", parent=inner)
    deep = None
    for level in range(MAX_FOLDER_DEPTH - 1):
        deep = make_folder(workspace, manager, f"Level {level}", parent=deep)
    html = client.post(url, {"title": "Minutes", "parent": deep.pk}).content.decode()
    assert f"Folders can be nested at most {MAX_FOLDER_DEPTH} deep" in html
    make_folder(workspace, manager, "Minutes", parent=deep.parent)
    html = client.post(url, {"title": "Minutes", "parent": deep.parent.pk}).content.decode()
    assert "There is already a folder called “Minutes”" in html
    assert Folder.objects.get(pk=folder.pk).parent is None


def test_renaming_a_folder_without_the_place_field_leaves_it_where_it_is(as_user, workspace, manager, folder):
    inner = make_folder(workspace, manager, "2019", parent=folder)
    as_user(manager).post(url_for("folder_rename", workspace, folder_id=inner.pk), {"title": "2020"})
    inner = Folder.objects.get(pk=inner.pk)
    assert (inner.title, inner.parent_id) == ("2020", folder.pk)


@pytest.mark.parametrize("view", ["folder_create", "folder_rename"])
def test_a_folder_name_is_limited_with_the_reason_next_to_the_field(view, as_user, workspace, manager, folder):
    url = url_for(view, workspace, **({"folder_id": folder.pk} if view == "folder_rename" else {}))
    client = as_user(manager)
    html = client.post(url, {"title": "x" * (MAX_TITLE_LENGTH + 1)}).content.decode()
    assert 'id="id_title_error"' in html
    assert f"Keep the name to {MAX_TITLE_LENGTH} characters or fewer (it has {MAX_TITLE_LENGTH + 1})." in html
    html = client.post(url, {"title": "\u200b\u2060\u200b"}).content.decode()  # nothing anyone can see
    assert 'id="id_title_error"' in html and "Enter a name for the folder" in html
    assert client.post(url, {"title": "y" * MAX_TITLE_LENGTH}).status_code == 302


def test_a_document_title_of_nothing_visible_is_refused_too(workspace, manager):
    with pytest.raises(ValidationError, match="Enter a title for the document"):
        clean_title("\u200b \u200b")
