"""Two people editing the same link: the second save never silently overwrites the first."""

import re

import pytest

from links.models import Link
from links.services import LinkConflict, link_update

from .builders import edit_data, make_link, url_for


def _loaded_version(page):
    return int(re.search(r'name="loaded_version" value="(\d+)"', page).group(1))


def test_service_refuses_an_update_based_on_an_old_version(workspace, contributor, manager):
    link = make_link(workspace, contributor, title="Original")
    kwargs = {"url": link.url, "note": "", "tags": [], "view_access": link.view_access,
              "change_access": link.change_access}
    link_update(actor=manager, link=link, title="Manager's edit", expected_version=1, **kwargs)
    with pytest.raises(LinkConflict) as exc:
        link_update(actor=contributor, link=link, title="Contributor's edit", expected_version=1, **kwargs)
    assert exc.value.current.title == "Manager's edit" and exc.value.current.version == 2
    assert Link.objects.get(pk=link.pk).title == "Manager's edit"


def test_stale_edit_shows_both_versions_and_saves_nothing(as_user, workspace, contributor, manager):
    link = make_link(workspace, contributor, title="Original", note="Original note", tags=["housing"])
    mine, theirs = as_user(contributor), as_user(manager)

    loaded = _loaded_version(mine.get(url_for("edit", workspace, link)).content.decode())
    theirs_response = theirs.post(
        url_for("edit", workspace, link),
        edit_data(link, title="Manager's title", note="Manager's note", tags="planning"),
    )
    assert theirs_response.status_code == 302

    response = mine.post(
        url_for("edit", workspace, link),
        edit_data(link, title="My careful title", note="My long careful note", loaded_version=loaded),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maya Manager changed this link while you were editing it" in page
    # Their current values are shown...
    assert "Manager&#x27;s title" in page and "Manager&#x27;s note" in page and "planning" in page
    # ...and my text is still in the form, now based on their version.
    assert 'value="My careful title"' in page and "My long careful note" in page
    assert _loaded_version(page) == 2
    saved = Link.objects.get(pk=link.pk)
    assert (saved.title, saved.note, saved.version) == ("Manager's title", "Manager's note", 2)


def test_after_seeing_the_conflict_saving_again_keeps_my_version(as_user, workspace, contributor, manager):
    link = make_link(workspace, contributor, title="Original")
    as_user(manager).post(url_for("edit", workspace, link), edit_data(link, title="Manager's title"))
    mine = as_user(contributor)
    page = mine.post(url_for("edit", workspace, link), edit_data(link, title="My title")).content.decode()
    response = mine.post(url_for("edit", workspace, link),
                         edit_data(link, title="My title", loaded_version=_loaded_version(page)))
    assert response.status_code == 302
    assert Link.objects.get(pk=link.pk).title == "My title"


def test_editing_a_link_deleted_meanwhile_keeps_the_text_on_screen(as_user, workspace, contributor, monkeypatch):
    link = make_link(workspace, contributor, title="Going away")

    def deleted_meanwhile(**kwargs):
        raise Link.DoesNotExist

    monkeypatch.setattr("links.services.link_update", deleted_meanwhile)
    response = as_user(contributor).post(url_for("edit", workspace, link), edit_data(link, note="Text I typed"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone deleted this link while you were editing it" in page and "Text I typed" in page
