"""A wiki page's actions per persona (wikis.actions): "Edit page" is the one primary action for
those who may edit; a reader gets only the history (a menu of one is shown as that one button). Written out by hand."""

import pytest

from wikis.actions import page_actions

pytestmark = pytest.mark.django_db

EXPECTED = {
    "reader": {"primary": [], "secondary": [], "more": ["History"]},
    "contributor": {"primary": ["Edit page"], "secondary": ["Add a subpage"], "more": ["History", "Move or rename"]},
    "manager": {"primary": ["Edit page"], "secondary": ["Add a subpage"],
                "more": ["History", "Move or rename", "Delete"]},
    "site_admin": {"primary": ["Edit page"], "secondary": ["Add a subpage"],
                   "more": ["History", "Move or rename", "Delete"]},
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_each_persona_gets_its_actions(personas, home, persona):
    assert page_actions(personas[persona], home).labels == EXPECTED[persona]


def test_the_page_shows_the_primary_action_as_the_primary_button(as_user, manager, home):
    html = as_user(manager).get(home.get_absolute_url()).content.decode()
    assert '<a class="button" href="/w/' in html and ">Edit page<" in html
    assert "<summary" in html and "More actions" in html


def test_a_reader_sees_no_edit_actions_on_the_page(as_user, reader, home):
    html = as_user(reader).get(home.get_absolute_url()).content.decode()
    assert "Edit page" not in html and "Move or rename" not in html and "Add a subpage" not in html
    assert "History" in html
