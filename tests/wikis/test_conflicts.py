"""No lost edits, with two people editing the same page: edits that do not overlap are merged;
overlapping ones show both versions and save nothing; a page renamed or deleted meanwhile
never swallows the text being typed."""

import pytest

from wikis.models import Page
from wikis.services import PageConflict, page_delete, page_move, page_update
from workspaces.models import Access

from .builders import edit_data, loaded_version, make_page, textarea, url_for

BASE = "# Aims\n\nWe improve housing.\n\n# Budget\n\nThe budget is 10 million.\n\n# Dates\n\nWe start in March.\n"


@pytest.fixture
def page(workspace, manager):
    return make_page(workspace, manager, title="Plan", text=BASE)


def _open_editor(client, workspace, page):
    html = client.get(url_for("edit", workspace, page)).content.decode()
    return loaded_version(html), textarea(html)


def test_two_people_editing_different_parts_both_keep_their_changes(as_user, workspace, manager, contributor, page):
    mine, theirs = as_user(contributor), as_user(manager)
    my_version, my_text = _open_editor(mine, workspace, page)
    their_version, their_text = _open_editor(theirs, workspace, page)

    response = theirs.post(url_for("edit", workspace, page), edit_data(
        page, text=their_text.replace("10 million", "12 million"), loaded_version=their_version, summary="New budget"))
    assert response.status_code == 302

    response = mine.post(url_for("edit", workspace, page), edit_data(
        page, text=my_text.replace("in March", "in April"), loaded_version=my_version, summary="New date"), follow=True)
    html = response.content.decode()
    assert "Maya Manager also changed this page while you were editing it" in html
    saved = Page.objects.get(pk=page.pk)
    assert "12 million" in saved.text and "in April" in saved.text and "10 million" not in saved.text
    assert saved.version == 3
    assert [(r.number, r.author, r.summary) for r in saved.revisions.all()] == [
        (3, contributor, "New date"), (2, manager, "New budget"), (1, manager, "Created the page"),
    ]


def test_overlapping_edits_save_nothing_and_show_both_versions_with_my_text_kept(as_user, workspace, manager,
                                                                                 contributor, page):
    mine, theirs = as_user(contributor), as_user(manager)
    my_version, my_text = _open_editor(mine, workspace, page)
    theirs.post(url_for("edit", workspace, page), edit_data(page, text=BASE.replace("10 million", "12 million")))

    my_edit = my_text.replace("10 million", "9 million, to be confirmed")
    response = mine.post(url_for("edit", workspace, page), edit_data(page, text=my_edit, loaded_version=my_version))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maya Manager changed this page while you were editing it" in html and "nothing has been saved yet" in html
    conflict = response.context["conflict"]
    assert conflict["overlaps"] == [{"line": 7, "theirs": "The budget is 12 million.",
                                     "yours": "The budget is 9 million, to be confirmed."}]
    # What they changed is shown word by word...
    assert '<del class="diff-del"><span class="visually-hidden">removed: </span>10</del>' in html
    assert '<ins class="diff-ins"><span class="visually-hidden">added: </span>12</ins>' in html
    # ...my text is still in the editor, now based on their version...
    assert textarea(html) == my_edit and loaded_version(html) == 2
    # ...and nothing of mine was saved.
    saved = Page.objects.get(pk=page.pk)
    assert saved.version == 2 and "12 million" in saved.text and saved.revisions.count() == 2


def test_after_seeing_the_conflict_saving_again_keeps_my_version(as_user, workspace, manager, contributor, page):
    mine = as_user(contributor)
    as_user(manager).post(url_for("edit", workspace, page),
                          edit_data(page, text=BASE.replace("10 million", "12 million")))
    my_edit = BASE.replace("10 million", "9 million")
    html = mine.post(url_for("edit", workspace, page), edit_data(page, text=my_edit, loaded_version=1)).content.decode()
    response = mine.post(url_for("edit", workspace, page),
                         edit_data(page, text=my_edit, loaded_version=loaded_version(html)))
    assert response.status_code == 302
    assert "9 million" in Page.objects.get(pk=page.pk).text


def test_both_making_the_same_change_is_not_a_conflict(workspace, manager, contributor, page):
    page_update(actor=manager, page=page, text=BASE.replace("March", "May"), base_version=1)
    saved = page_update(actor=contributor, page=page, text=BASE.replace("March", "May"), base_version=1)
    assert not saved.revised and saved.merged_with == ["Maya Manager"]
    assert Page.objects.get(pk=page.pk).version == 2


def test_service_raises_a_conflict_with_the_overlap_and_the_current_page(workspace, manager, contributor, page):
    page_update(actor=manager, page=page, text=BASE.replace("housing", "homes"), base_version=1)
    with pytest.raises(PageConflict) as exc:
        page_update(actor=contributor, page=page, text=BASE.replace("housing", "flats"), base_version=1)
    conflict = exc.value
    assert conflict.current.version == 2 and conflict.base.number == 1 and conflict.others == ["Maya Manager"]
    assert [(c.theirs, c.yours) for c in conflict.merge.conflicts] == [(["We improve homes."], ["We improve flats."])]


def test_a_rename_while_i_edit_does_not_lose_my_text(as_user, workspace, manager, contributor, page):
    mine = as_user(contributor)
    my_version, my_text = _open_editor(mine, workspace, page)
    page_move(actor=manager, page=page, title="Programme plan")
    old_edit_url = url_for("edit", workspace, page)  # the form still posts to the old address
    response = mine.post(old_edit_url, edit_data(page, text=my_text + "\nMore.\n", loaded_version=my_version))
    assert response.status_code == 302 and response["Location"] == url_for("page", workspace, "programme-plan")
    saved = Page.objects.get(pk=page.pk)
    assert saved.title == "Programme plan" and saved.text.endswith("More.\n") and saved.version == 3


def test_a_page_deleted_while_i_edit_gives_my_text_back(as_user, workspace, manager, contributor, page):
    mine = as_user(contributor)
    my_version, my_text = _open_editor(mine, workspace, page)
    page_delete(actor=manager, page=page)
    response = mine.post(url_for("edit", workspace, page),
                         edit_data(page, text="My precious words", loaded_version=my_version))
    html = response.content.decode()
    assert response.status_code == 200
    assert "deleted this page while you were editing it" in html and textarea(html) == "My precious words"
    assert Page.objects.get(pk=page.pk).text == BASE


def test_opening_the_editor_of_a_deleted_page_is_not_found(as_user, workspace, manager, contributor, page):
    page_delete(actor=manager, page=page)
    assert as_user(contributor).get(url_for("edit", workspace, page)).status_code == 404
    assert as_user(manager).get(url_for("edit", workspace, page)).status_code == 404


def test_a_reader_posting_to_a_deleted_page_learns_nothing(as_user, workspace, manager, reader, outsider, page):
    page_delete(actor=manager, page=page)
    assert as_user(reader).post(url_for("edit", workspace, page), edit_data(page)).status_code == 403
    assert as_user(outsider).post(url_for("edit", workspace, page), edit_data(page)).status_code == 404


def test_a_page_renamed_then_deleted_while_i_edit_still_gives_my_text_back(as_user, workspace, manager, contributor,
                                                                           page):
    mine = as_user(contributor)
    my_version, _ = _open_editor(mine, workspace, page)
    moved, _ = page_move(actor=manager, page=page, title="Programme plan")
    page_delete(actor=manager, page=moved)
    response = mine.post(url_for("edit", workspace, page),
                         edit_data(page, text="Still mine", loaded_version=my_version))
    assert response.status_code == 200 and textarea(response.content.decode()) == "Still mine"


def test_an_old_address_of_a_page_hidden_from_me_is_not_found(as_user, workspace, manager, reader):
    secret = make_page(workspace, manager, title="Board minutes", view_access=Access.MANAGERS)
    page_move(actor=manager, page=secret, title="Board papers")
    assert as_user(reader).get(url_for("page", workspace, "board-minutes")).status_code == 404
    assert as_user(manager).get(url_for("page", workspace, "board-minutes")).status_code == 302


# Written out by hand: posting to the editor of a deleted page, what each persona gets back
# (status, whether the page's title or text appear). Only managers may see deleted pages.
DELETED_EDIT_POST = {"anonymous": (302, False), "outsider": (404, False), "reader": (403, False),
                     "contributor": (200, False), "manager": (200, True), "site_admin": (200, True)}


def test_posting_to_the_editor_of_a_deleted_page_reveals_it_only_to_managers(as_user, personas, workspace, manager):
    from ..conftest import PERSONAS

    page = make_page(workspace, manager, title="Restructuring the team", text="Who goes where.")
    page_delete(actor=manager, page=page)
    got = {}
    for persona in PERSONAS:
        response = as_user(personas[persona]).post(url_for("edit", workspace, page),
                                                   edit_data(page, text="My words", loaded_version=1))
        html = response.content.decode()
        got[persona] = (response.status_code, "Restructuring" in html or "Who goes where" in html)
        if response.status_code == 200:
            assert "deleted this page while you were editing it" in html and textarea(html) == "My words"
    assert got == DELETED_EDIT_POST


def test_a_page_renamed_then_deleted_does_not_give_away_its_new_address(as_user, workspace, manager, contributor):
    page = make_page(workspace, manager, title="Plan", text=BASE)
    old_edit_url = url_for("edit", workspace, page)
    moved, _ = page_move(actor=manager, page=page, title="Secret restructuring")
    page_delete(actor=manager, page=moved)
    response = as_user(contributor).post(old_edit_url, edit_data(page, text="Mine", loaded_version=1))
    html = response.content.decode()
    assert response.status_code == 200 and textarea(html) == "Mine" and "restructuring" not in html.lower()
