"""Renaming and moving pages (old addresses and links keep working), deleting by managers
(soft, restorable by a manager)."""

import pytest
from django.core.exceptions import ValidationError

from wikis.models import Page, PageRedirect
from wikis.services import page_delete, page_move, page_undelete
from workspaces.models import AuditEntry

from .builders import make_page, url_for


def _move(client, workspace, page, **data):
    data.setdefault("title", page.title)
    data.setdefault("parent", page.parent_id or "")
    data.setdefault("summary", "")
    data.setdefault("loaded_version", page.version)
    return client.post(url_for("move", workspace, page), data)


def test_renaming_changes_the_address_and_the_old_one_redirects(as_user, workspace, contributor, reader, home):
    response = _move(as_user(contributor), workspace, home, title="Team handbook")
    assert response.status_code == 302 and response["Location"] == url_for("page", workspace, "team-handbook")
    page = Page.objects.get(pk=home.pk)
    assert (page.title, page.slug, page.version) == ("Team handbook", "team-handbook", 2)
    assert page.revisions.first().summary == "Renamed from “Programme handbook”"
    client = as_user(reader)
    for name in ("page", "history", "edit"):
        old = client.get(url_for(name, workspace, "programme-handbook"))
        if name == "edit":
            assert old.status_code == 403  # readers are refused before any lookup
            continue
        assert old.status_code == 302 and old["Location"] == url_for(name, workspace, page)
    kept_query = client.get(url_for("diff", workspace, "programme-handbook") + "?from=1&to=2")
    assert kept_query["Location"] == url_for("diff", workspace, page) + "?from=1&to=2"


def test_renaming_twice_keeps_both_old_addresses_and_renaming_back_takes_the_address_back(workspace, manager, home):
    page_move(actor=manager, page=home, title="Second name")
    page_move(actor=manager, page=Page.objects.get(pk=home.pk), title="Third name")
    assert set(PageRedirect.objects.values_list("old_slug", "page")) == {
        ("programme-handbook", home.pk), ("second-name", home.pk)}
    page_move(actor=manager, page=Page.objects.get(pk=home.pk), title="Programme handbook")
    assert Page.objects.get(pk=home.pk).slug == "programme-handbook"
    assert not PageRedirect.objects.filter(old_slug="programme-handbook").exists()


def test_moving_under_another_page_moves_its_subpages_too(workspace, manager, home):
    notes = make_page(workspace, manager, title="Notes")
    march = make_page(workspace, manager, title="March", parent=notes)
    page_move(actor=manager, page=notes, title="Notes", parent=home)
    notes, march = Page.objects.get(pk=notes.pk), Page.objects.get(pk=march.pk)
    assert notes.path == f"/{home.pk}/{notes.pk}/" and march.path == f"/{home.pk}/{notes.pk}/{march.pk}/"
    assert notes.slug == "notes"  # the address does not depend on the place
    assert notes.revisions.first().summary == "Moved under “Programme handbook”"


def test_a_page_cannot_be_moved_under_itself_or_its_subpages(as_user, workspace, manager, home):
    child = make_page(workspace, manager, title="Child", parent=home)
    response = _move(as_user(manager), workspace, home, parent=child.pk)
    assert response.status_code == 200
    assert "Choose a page of this wiki from the list." in response.content.decode()  # not even offered
    with pytest.raises(ValidationError):
        page_move(actor=manager, page=home, title=home.title, parent=child)
    assert Page.objects.get(pk=home.pk).parent is None


def test_moving_next_to_a_page_with_the_same_title_is_refused(as_user, workspace, manager, home):
    make_page(workspace, manager, title="Glossary")
    response = _move(as_user(manager), workspace, home, title="glossary")
    assert "There is already a page called “Glossary” at the top of the wiki" in response.content.decode()
    assert Page.objects.get(pk=home.pk).title == "Programme handbook"


def test_move_form_based_on_an_old_version_asks_again(as_user, workspace, manager, contributor, home):
    page_move(actor=manager, page=home, title="Renamed by Maya")
    stale = Page.objects.get(pk=home.pk)
    response = as_user(contributor).post(url_for("move", workspace, stale), {
        "title": "Renamed by Chris", "parent": "", "summary": "", "loaded_version": 1})
    assert "Maya Manager changed this page while you had this form open" in response.content.decode()
    assert Page.objects.get(pk=home.pk).title == "Renamed by Maya"


def test_nesting_is_limited_in_depth(workspace, manager):
    parent = None
    for i in range(10):
        parent = make_page(workspace, manager, title=f"Level {i}", parent=parent)
    with pytest.raises(ValidationError) as exc:
        make_page(workspace, manager, title="Too deep", parent=parent)
    assert "at most 10 levels deep" in str(exc.value)


def test_manager_deletes_a_page_and_it_disappears_for_everyone_else(as_user, workspace, manager, contributor, reader,
                                                                    home):
    response = as_user(manager).post(url_for("delete", workspace, home))
    assert response.status_code == 302 and response["Location"] == url_for("index", workspace)
    page = Page.objects.get(pk=home.pk)
    assert page.is_deleted and page.deleted_by == manager and page.deleted_at is not None
    for user in (contributor, reader):
        client = as_user(user)
        assert client.get(url_for("page", workspace, home)).status_code == 404
        assert client.get(url_for("history", workspace, home)).status_code == 404
        assert "Programme handbook" not in client.get(url_for("index", workspace)).content.decode()
    manager_view = as_user(manager).get(url_for("page", workspace, home)).content.decode()
    assert "This page is deleted." in manager_view and "Restore this page" in manager_view
    assert AuditEntry.objects.filter(action="wiki_page.deleted", target_id=str(home.pk)).exists()


def test_contributor_cannot_delete_even_their_own_page(as_user, workspace, contributor):
    own = make_page(workspace, contributor, title="Mine")
    client = as_user(contributor)
    assert client.get(url_for("delete", workspace, own)).status_code == 403
    assert client.post(url_for("delete", workspace, own)).status_code == 403
    assert not Page.objects.get(pk=own.pk).is_deleted
    assert url_for("delete", workspace, own) not in client.get(url_for("page", workspace, own)).content.decode()


def test_manager_restores_a_deleted_page_with_its_history(as_user, workspace, manager, reader, home):
    page_delete(actor=manager, page=home)
    client = as_user(manager)
    assert [p.title for p in client.get(url_for("deleted", workspace)).context["page_obj"]] == ["Programme handbook"]
    response = client.post(url_for("undelete", workspace, home))
    assert response.status_code == 302
    page = Page.objects.get(pk=home.pk)
    assert not page.is_deleted and page.revisions.count() == 1
    assert as_user(reader).get(url_for("page", workspace, home)).status_code == 200
    assert AuditEntry.objects.filter(action="wiki_page.restored").exists()


def test_a_page_with_subpages_cannot_be_deleted_until_they_are_moved(as_user, workspace, manager, home):
    make_page(workspace, manager, title="Child", parent=home)
    response = as_user(manager).post(url_for("delete", workspace, home))
    assert response.status_code == 200
    assert "has 1 subpage" in response.content.decode()
    assert not Page.objects.get(pk=home.pk).is_deleted


def test_restoring_under_a_deleted_parent_or_a_taken_title_is_refused_with_a_reason(as_user, workspace, manager, home):
    child = make_page(workspace, manager, title="Child", parent=home)
    page_delete(actor=manager, page=child)
    page_delete(actor=manager, page=Page.objects.get(pk=home.pk))
    response = as_user(manager).post(url_for("undelete", workspace, child))
    assert "which is deleted too. Restore that page first." in response.content.decode()
    make_page(workspace, manager, title="Programme handbook")  # the title is free again: someone takes it
    response = as_user(manager).post(url_for("undelete", workspace, home))
    assert "Another page called “Programme handbook” has been added there since" in response.content.decode()
    assert Page.objects.get(pk=home.pk).is_deleted


def test_a_deleted_title_can_be_used_again(workspace, manager, home):
    page_delete(actor=manager, page=home)
    again = make_page(workspace, manager, title="Programme handbook")
    assert again.slug == "programme-handbook-2"


def test_deleted_pages_list_is_for_managers_only(as_user, workspace, contributor, reader, manager):
    for user in (contributor, reader):
        assert as_user(user).get(url_for("deleted", workspace)).status_code == 403
    assert "No deleted pages" in as_user(manager).get(url_for("deleted", workspace)).content.decode()


def test_undelete_of_a_live_page_just_goes_to_it(as_user, workspace, manager, home):
    response = as_user(manager).post(url_for("undelete", workspace, home))
    assert response.status_code == 302 and response["Location"] == url_for("page", workspace, home)
    assert page_undelete(actor=manager, page=home).version == 1  # a no-op, not an error


@pytest.mark.django_db(transaction=True)
def test_a_move_that_keeps_losing_a_race_comes_back_with_what_was_typed(as_user, monkeypatch, workspace, manager):
    from django.db import OperationalError

    from wikis import services

    home = make_page(workspace, manager, title="Programme handbook")
    other = make_page(workspace, manager, title="Other")

    class Deadlock(Exception):
        sqlstate = "40P01"

    def deadlocked(*args, **kwargs):
        error = OperationalError("deadlock detected")
        error.__cause__ = Deadlock()
        raise error

    monkeypatch.setattr(services, "locked_for_move", deadlocked)
    response = _move(as_user(manager), workspace, home, title="Handbook, moved", parent=other.pk,
                     summary="Put under Other, as agreed")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else was changing the same things at this very moment, so nothing was saved" in html
    assert 'value="Handbook, moved"' in html and 'value="Put under Other, as agreed"' in html
    assert Page.objects.get(pk=home.pk).parent is None
