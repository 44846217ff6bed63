"""[[Wiki links]]: found by title (case-insensitive), missing pages offered for creation, a
page created later turns earlier missing links into real ones, renamed pages still found."""

from wikis.models import Page
from wikis.selectors import resolve_wikilinks
from wikis.services import page_delete, page_move, page_undelete
from workspaces.models import Access
from workspaces.permissions import access_for, forget

from .builders import make_page, url_for


def _html(client, workspace, page):
    return client.get(url_for("page", workspace, page)).content.decode()


def test_link_to_an_existing_page_goes_to_it_whatever_the_case(as_user, workspace, manager, reader, home):
    page = make_page(workspace, manager, title="Notes",
                     text="See [[programme HANDBOOK]] and [[Programme handbook|the handbook]].")
    html = _html(as_user(reader), workspace, page)
    href = url_for("page", workspace, home)
    assert f'<a class="wikilink" href="{href}">programme HANDBOOK</a>' in html
    assert f'<a class="wikilink" href="{href}">the handbook</a>' in html


def test_link_to_a_missing_page_offers_to_create_it_and_says_so_in_words(as_user, workspace, manager, reader):
    page = make_page(workspace, manager, title="Notes", text="See [[Risk register]].")
    html = _html(as_user(reader), workspace, page)
    create = url_for("create", workspace) + "?title=Risk%20register"
    assert (f'<a class="wikilink wikilink-missing" href="{create}">Risk register'
            '<span class="visually-hidden"> (page does not exist yet)</span></a>') in html


def test_a_page_created_later_turns_the_missing_link_into_a_real_one(as_user, workspace, manager, contributor, reader):
    page = make_page(workspace, manager, title="Notes", text="See [[Risk register]].")
    assert "wikilink-missing" in _html(as_user(reader), workspace, page)
    response = as_user(contributor).post(
        url_for("create", workspace) + "?title=Risk%20register",
        {"title": "Risk register", "parent": "", "text": "Risks.", "summary": "", "view_access": "anyone",
         "change_access": "members"},
    )
    assert response.status_code == 302
    html = _html(as_user(reader), workspace, page)
    assert "wikilink-missing" not in html
    assert f'href="{url_for("page", workspace, "risk-register")}"' in html


def test_missing_link_opens_the_create_form_with_the_title_filled_in(as_user, workspace, contributor):
    response = as_user(contributor).get(url_for("create", workspace), {"title": "Risk register"})
    assert 'value="Risk register"' in response.content.decode()


def test_links_to_a_renamed_page_still_find_it(as_user, workspace, manager, reader, home):
    page = make_page(workspace, manager, title="Notes", text="See [[Programme handbook]].")
    page_move(actor=manager, page=home, title="Team handbook")
    html = _html(as_user(reader), workspace, page)
    assert f'<a class="wikilink" href="{url_for("page", workspace, "team-handbook")}">Programme handbook</a>' in html


def test_a_page_with_the_title_wins_over_one_renamed_from_it(as_user, workspace, manager, reader, home):
    page = make_page(workspace, manager, title="Notes", text="See [[Programme handbook]].")
    page_move(actor=manager, page=home, title="Team handbook")
    newer = make_page(workspace, manager, title="Programme handbook")
    assert f'href="{url_for("page", workspace, newer)}"' in _html(as_user(reader), workspace, page)


def test_links_to_a_deleted_page_show_as_missing_until_it_is_restored(as_user, workspace, manager, reader, home):
    page = make_page(workspace, manager, title="Notes", text="See [[Programme handbook]].")
    page_delete(actor=manager, page=home)
    assert "wikilink-missing" in _html(as_user(reader), workspace, page)
    page_undelete(actor=manager, page=Page.objects.get(pk=home.pk))
    assert "wikilink-missing" not in _html(as_user(reader), workspace, page)


def test_a_page_the_reader_may_not_see_is_not_revealed_by_a_link(as_user, workspace, manager, reader):
    make_page(workspace, manager, title="Board minutes", view_access=Access.MANAGERS)
    page = make_page(workspace, manager, title="Notes", text="See [[Board minutes]].")
    assert "wikilink-missing" in _html(as_user(reader), workspace, page)
    assert "wikilink-missing" not in _html(as_user(manager), workspace, page)


def test_links_in_code_are_left_as_text(workspace, manager):
    page = make_page(workspace, manager, title="Notes", text="Write `[[Title]]` to link.\n\n    [[Indented]]\n")
    assert "<code>[[Title]]</code>" in page.html and "[[Indented]]" in page.html and "#wiki:" not in page.html


def test_all_links_of_a_page_cost_one_query(as_user, workspace, manager, reader, django_assert_num_queries):
    for i in range(20):
        make_page(workspace, manager, title=f"Topic {i}")
    page = make_page(workspace, manager, title="Index",
                     text=" ".join(f"[[Topic {i}]] [[Missing {i}]]" for i in range(20)))
    forget(reader)
    access_for(reader, workspace)  # the request has loaded the membership already
    with django_assert_num_queries(1):
        html = resolve_wikilinks(reader, workspace, page.html)
    assert html.count('class="wikilink"') == 20 and html.count("wikilink-missing") == 20
