"""A link's actions per persona (links.actions): opening the page it points to is the primary
action for everyone; editing beside it; deleting under "More actions". Written out by hand."""

import pytest

from links.actions import link_actions

from .builders import make_link

pytestmark = pytest.mark.django_db

OPEN = "Open the page on gov.uk"
EXPECTED = {
    "reader": {"primary": [OPEN], "secondary": [], "more": []},
    "contributor": {"primary": [OPEN], "secondary": ["Edit link"], "more": []},
    "manager": {"primary": [OPEN], "secondary": ["Edit link"], "more": ["Delete"]},
    "site_admin": {"primary": [OPEN], "secondary": ["Edit link"], "more": ["Delete"]},
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_each_persona_gets_its_actions(personas, workspace, manager, persona):
    link = make_link(workspace, manager, title="Consultation principles", url="https://www.gov.uk/consult")
    assert link_actions(personas[persona], link).labels == EXPECTED[persona]


def test_the_author_may_delete_their_own_link(workspace, contributor):
    link = make_link(workspace, contributor, url="https://www.gov.uk/consult")
    assert link_actions(contributor, link).labels["more"] == ["Delete"]


def test_the_link_opens_without_a_referrer(as_user, workspace, manager, reader):
    link = make_link(workspace, manager, url="https://www.gov.uk/consult")
    html = as_user(reader).get(link.get_absolute_url()).content.decode()
    assert 'href="https://www.gov.uk/consult" rel="noopener noreferrer"' in html
    assert "Edit link" not in html and "More actions" not in html  # a reader: nothing else to do
