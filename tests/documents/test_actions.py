"""A document's actions per persona and state (documents.actions), written out by hand: the one
primary action is "Upload a new version" (a file) or "Edit document" (an online document) for
those who may change it, "Download" for a reader; locking for editing is under "More actions" and
gone while someone holds the lock."""

import pytest

from documents.actions import document_actions, library_actions
from documents.services import document_check_out
from workspaces.permissions import can

pytestmark = pytest.mark.django_db


def _labels(user, document):
    may_change = can(user, "documents.change_document", document)
    return document_actions(user, document, may_change=may_change).labels


FILE = {
    "reader": {"primary": ["Download (77\xa0bytes)"], "secondary": [], "more": ["All versions"]},
    "contributor": {"primary": ["Upload a new version"], "secondary": ["Download (77\xa0bytes)", "Ask for a review"],
                    "more": ["All versions", "Lock for editing", "Rename, move or describe"]},
    "manager": {"primary": ["Upload a new version"], "secondary": ["Download (77\xa0bytes)", "Ask for a review"],
                "more": ["All versions", "Lock for editing", "Rename, move or describe", "Delete"]},
}
WRITTEN = {
    "reader": {"primary": [], "secondary": ["Print or save as PDF"], "more": ["All versions"]},
    "contributor": {"primary": ["Edit document"], "secondary": ["Print or save as PDF", "Ask for a review"],
                    "more": ["All versions", "Lock for editing", "Rename, move or describe"]},
    "manager": {"primary": ["Edit document"], "secondary": ["Print or save as PDF", "Ask for a review"],
                "more": ["All versions", "Lock for editing", "Rename, move or describe", "Delete"]},
}


@pytest.mark.parametrize("persona", FILE)
def test_a_file_gives_each_persona_its_actions(personas, paper, persona):
    assert _labels(personas[persona], paper) == FILE[persona]


@pytest.mark.parametrize("persona", WRITTEN)
def test_an_online_document_gives_each_persona_its_actions(personas, draft, persona):
    assert _labels(personas[persona], draft) == WRITTEN[persona]


def test_while_locked_others_get_only_reading_actions_and_the_holder_no_second_lock(contributor, manager, paper):
    document_check_out(actor=contributor, document=paper)
    paper.refresh_from_db()
    assert _labels(manager, paper) == {"primary": ["Download (77\xa0bytes)"], "secondary": ["Ask for a review"],
                                       "more": ["All versions"]}
    assert "Lock for editing" not in _labels(contributor, paper)["more"]


def test_locking_for_editing_posts_from_the_menu(as_user, contributor, paper):
    html = as_user(contributor).get(paper.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{paper.get_absolute_url()}check-out/"' in html
    assert ">Lock for editing<" in html and "Check out" not in html


def test_a_reader_sees_no_edit_actions_on_the_page(as_user, reader, paper, draft):
    for document in (paper, draft):
        html = as_user(reader).get(document.get_absolute_url()).content.decode()
        for label in ("Upload a new version", "Edit document", "Lock for editing", "Rename, move or describe",
                      "Delete"):
            assert label not in html


LIBRARY = {
    "reader": {"primary": [], "secondary": [], "more": []},
    "contributor": {"primary": ["Upload a file"], "secondary": ["Write an online document", "New folder"], "more": []},
    "manager": {"primary": ["Upload a file"], "secondary": ["Write an online document", "New folder"],
                "more": ["Rename or move", "Delete"]},
}


@pytest.mark.parametrize("persona", LIBRARY)
def test_a_folder_gives_each_persona_its_actions(personas, workspace, folder, persona):
    assert library_actions(personas[persona], workspace, folder).labels == LIBRARY[persona]


def test_the_library_front_page_offers_managers_the_deleted_documents(manager, contributor, workspace):
    assert library_actions(manager, workspace).labels["more"] == ["Deleted documents"]
    assert library_actions(contributor, workspace).labels["more"] == []
