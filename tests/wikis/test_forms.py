"""Bad input: clear messages next to the field, never a 500, nothing half-saved."""

import pytest
from django.db import IntegrityError

from wikis.models import MAX_TEXT_LENGTH, Page, Revision

from .builders import create_data, edit_data, make_page, textarea, url_for


def _create(as_user, workspace, user, **data):
    response = as_user(user).post(url_for("create", workspace), create_data(**data))
    return response, response.content.decode()


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_empty_title_is_refused_with_a_message(as_user, workspace, contributor, title):
    response, html = _create(as_user, workspace, contributor, title=title, text="Keep me")
    assert response.status_code == 200 and "Enter a title for the page." in html
    assert textarea(html) == "Keep me" and not Page.objects.exists()


def test_overlong_title_is_refused_with_its_length(as_user, workspace, contributor):
    response, html = _create(as_user, workspace, contributor, title="x" * 10_000)
    assert "Keep the title to 200 characters or fewer (it has 10000)" in html and not Page.objects.exists()


# Written out by hand: adding a page whose title a managers-only page holds, what each persona
# is told: the page named (N), only that the title is taken (T), or no form at all (status).
HIDDEN_CLASH = {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": "T", "manager": "N",
                "site_admin": "N"}


@pytest.mark.parametrize("limit", ["managers", "team"])
def test_a_title_clash_names_the_page_only_to_who_may_see_it(as_user, personas, workspace, manager, limit):
    from workspaces.models import Access

    from ..builders import make_team
    from ..conftest import PERSONAS

    extra = {"view_access": Access.MANAGERS}
    if limit == "team":  # a team the contributor is not in
        extra = {"view_access": Access.TEAMS, "view_teams": [make_team(workspace, "Board", members=[manager])]}
    make_page(workspace, manager, title="Board Minutes", **extra)
    got = {}
    for persona in PERSONAS:
        response, html = _create(as_user, workspace, personas[persona], title="board  MINUTES", text="Mine")
        if response.status_code != 200:
            got[persona] = response.status_code
            continue
        assert textarea(html) == "Mine" and Page.objects.count() == 1
        if "There is already a page called “Board Minutes” at the top of the wiki" in html:
            got[persona] = "N"
        elif "The title “board MINUTES” is already taken at the top of the wiki." in html:
            assert "Board Minutes" not in html
            got[persona] = "T"
    assert got == HIDDEN_CLASH


def test_a_title_clash_under_a_hidden_parent_names_neither(workspace, manager, contributor):
    from django.core.exceptions import ValidationError

    from wikis.services import page_move
    from workspaces.models import Access

    board = make_page(workspace, manager, title="Board", view_access=Access.MANAGERS)
    make_page(workspace, manager, title="Secret agenda", parent=board, view_access=Access.MANAGERS)
    open_child = make_page(workspace, manager, title="Dates", parent=board)
    with pytest.raises(ValidationError) as refused:
        page_move(actor=contributor, page=open_child, title="secret agenda", parent=board)
    assert refused.value.message_dict == {"title": ["The title “secret agenda” is already taken in that place. "
                                                    "Choose another title, or put the page somewhere else."]}


def test_duplicate_title_in_the_same_place_is_refused_whatever_the_case(as_user, workspace, contributor, home):
    response, html = _create(as_user, workspace, contributor, title="programme  HANDBOOK", text="Mine")
    assert "There is already a page called “Programme handbook” at the top of the wiki" in html
    assert textarea(html) == "Mine" and Page.objects.count() == 1


def test_the_same_title_under_different_parents_is_allowed(as_user, workspace, contributor, manager, home):
    other = make_page(workspace, manager, title="Archive")
    make_page(workspace, manager, title="Minutes", parent=home)
    response, html = _create(as_user, workspace, contributor, title="Minutes", parent=other.pk)
    assert response.status_code == 302
    response, html = _create(as_user, workspace, contributor, title="Minutes", parent=home.pk)
    assert "There is already a page called “Minutes” under “Programme handbook”" in html
    assert sorted(Page.objects.filter(title="Minutes").values_list("slug", flat=True)) == ["minutes", "minutes-2"]


def test_reserved_addresses_are_never_page_slugs(workspace, contributor):
    assert [make_page(workspace, contributor, title=t).slug for t in ("New", "Changes", "Deleted", "日本語")] == [
        "new-page", "changes-page", "deleted-page", "page"]


def test_text_over_the_limit_is_a_form_error_and_the_text_is_kept(as_user, workspace, contributor, home):
    too_long = "x" * (MAX_TEXT_LENGTH + 1)
    response = as_user(contributor).post(url_for("edit", workspace, home), edit_data(home, text=too_long))
    html = response.content.decode()
    assert response.status_code == 200 and "This page is too long" in html
    assert textarea(html) == too_long and Page.objects.get(pk=home.pk).version == 1


@pytest.mark.parametrize("parent", ["999999", "not-a-number", "-1"])
def test_a_parent_that_is_not_a_page_of_this_wiki_is_refused(as_user, workspace, contributor, parent):
    response, html = _create(as_user, workspace, contributor, parent=parent)
    assert response.status_code == 200 and "Choose a page of this wiki from the list." in html
    assert not Page.objects.exists()


def test_a_parent_from_another_workspace_is_refused(as_user, workspace, public_workspace, manager):
    foreign = make_page(public_workspace, manager, title="Foreign")
    response, html = _create(as_user, workspace, manager, parent=foreign.pk)
    assert "Choose a page of this wiki from the list." in html and Page.objects.count() == 1


def test_overlong_summary_is_refused(as_user, workspace, contributor, home):
    response = as_user(contributor).post(url_for("edit", workspace, home), edit_data(home, summary="s" * 301))
    assert "Keep the summary to 300 characters or fewer" in response.content.decode()


@pytest.mark.parametrize("version", ["", "abc", "0", "-3"])
def test_edit_post_without_a_sensible_version_is_refused_and_keeps_the_text(as_user, workspace, contributor, home,
                                                                             version):
    response = as_user(contributor).post(url_for("edit", workspace, home),
                                         edit_data(home, text="Mine", loaded_version=version))
    html = response.content.decode()
    assert response.status_code == 200 and textarea(html) == "Mine"
    assert Page.objects.get(pk=home.pk).version == 1


def test_a_version_from_the_future_is_treated_as_a_conflict_not_an_overwrite(as_user, workspace, contributor, home):
    response = as_user(contributor).post(url_for("edit", workspace, home),
                                         edit_data(home, text="Mine", loaded_version=99))
    html = response.content.decode()
    assert response.status_code == 200 and "nothing has been saved yet" in html and textarea(html) == "Mine"
    assert Page.objects.get(pk=home.pk).version == 1


def test_two_pages_created_with_one_title_at_the_same_moment_gives_a_message(as_user, workspace, contributor,
                                                                              monkeypatch):
    def collide(**kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr("wikis.services.page_create", collide)
    response, html = _create(as_user, workspace, contributor, text="Mine")
    assert response.status_code == 200 and "at the same moment" in html and textarea(html) == "Mine"


def test_a_failed_save_leaves_no_revision_behind(workspace, contributor, monkeypatch):
    def fail(**kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr("workspaces.kit.services.record", fail)  # the activity, recorded last
    with pytest.raises(IntegrityError):
        make_page(workspace, contributor, title="Half")
    assert not Page.objects.exists() and not Revision.objects.exists()
