"""The list page: newest first, paginated, filterable with and without htmx, helpful when empty."""

from datetime import timedelta

import pytest
from django.utils import timezone

from links.models import Link
from workspaces.models import Access

from .builders import make_link, url_for


def _titles(response):
    return [link.title for link in response.context["page_obj"]]


@pytest.fixture
def catalogue(workspace, manager, contributor):
    """Three links with different words, tags and authors, oldest first."""
    links = [
        make_link(workspace, manager, title="Housing strategy", note="National plan", tags=["housing", "strategy"],
                  url="https://www.gov.uk/housing-strategy"),
        make_link(workspace, contributor, title="Planning appeals", note="How appeals work", tags=["planning"],
                  url="https://www.gov.uk/appeal-planning-decision"),
        make_link(workspace, contributor, title="Transport statistics", note="Housing growth and roads",
                  tags=["transport", "statistics"], url="https://www.gov.uk/transport-statistics"),
    ]
    base = timezone.now() - timedelta(days=3)
    for days, link in enumerate(links):
        Link.objects.filter(pk=link.pk).update(created_at=base + timedelta(days=days))
    return links


def test_list_is_newest_first(as_user, workspace, reader, catalogue):
    response = as_user(reader).get(url_for("index", workspace))
    assert _titles(response) == ["Transport statistics", "Planning appeals", "Housing strategy"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "housing"}, ["Transport statistics", "Housing strategy"]),  # title or note
        ({"q": "HOUSING roads"}, ["Transport statistics"]),  # every word must match
        ({"q": "appeal-planning"}, ["Planning appeals"]),  # the address
        ({"tag": "planning"}, ["Planning appeals"]),
        ({"tag": " Housing "}, ["Housing strategy"]),  # normalised like stored tags
        ({"tag": "statistics", "q": "transport"}, ["Transport statistics"]),
        ({"mine": "on"}, ["Transport statistics", "Planning appeals"]),  # as the contributor
        ({"q": "", "tag": ""}, ["Transport statistics", "Planning appeals", "Housing strategy"]),
    ],
)
def test_filters_narrow_the_list(as_user, workspace, contributor, catalogue, query, expected):
    assert _titles(as_user(contributor).get(url_for("index", workspace), query)) == expected


def test_clicking_a_tag_filters_by_it(as_user, workspace, reader, catalogue):
    client = as_user(reader)
    page = client.get(url_for("index", workspace)).content.decode()
    href = f'{url_for("index", workspace)}?tag=strategy'
    assert f'href="{href}"' in page
    assert _titles(client.get(href)) == ["Housing strategy"]


def test_tag_with_spaces_is_linked_url_encoded(as_user, workspace, reader, manager):
    make_link(workspace, manager, tags=["open data"])
    page = as_user(reader).get(url_for("index", workspace)).content.decode()
    assert "?tag=open%20data" in page


def test_tag_choices_list_the_tags_in_use(as_user, workspace, reader, catalogue):
    response = as_user(reader).get(url_for("index", workspace))
    choices = [value for value, _ in response.context["filter"].form.fields["tag"].widget.choices]
    assert choices == ["", "housing", "planning", "statistics", "strategy", "transport"]


def test_anonymous_visitors_of_a_public_workspace_get_no_added_by_me_filter(as_user, public_workspace, manager):
    make_link(public_workspace, manager)
    response = as_user(None).get(url_for("index", public_workspace))
    assert response.status_code == 200
    assert "mine" not in response.context["filter"].form.fields
    assert _titles(as_user(None).get(url_for("index", public_workspace), {"mine": "on"})) == _titles(response)


def test_overlong_search_shows_an_error_instead_of_failing(as_user, workspace, reader, catalogue):
    response = as_user(reader).get(url_for("index", workspace), {"q": "x" * 500})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["q"]


def test_list_is_paginated_keeping_the_filter(as_user, workspace, reader, manager, settings):
    settings.ENGAGE_PAGE_SIZE = 5
    for i in range(7):
        make_link(workspace, manager, title=f"Tagged {i}", tags=["t"])
    make_link(workspace, manager, title="Untagged")
    client = as_user(reader)
    first = client.get(url_for("index", workspace), {"tag": "t"})
    assert len(first.context["page_obj"]) == 5
    assert "?tag=t&amp;page=2" in first.content.decode()
    second = client.get(url_for("index", workspace), {"tag": "t", "page": "2"})
    assert _titles(second) == ["Tagged 1", "Tagged 0"]
    assert _titles(client.get(url_for("index", workspace), {"tag": "t", "page": "99"})) == ["Tagged 1", "Tagged 0"]
    assert len(client.get(url_for("index", workspace), {"page": "nonsense"}).context["page_obj"]) == 5


# --- htmx ---

def test_htmx_filter_request_gets_only_the_list(as_user, workspace, reader, catalogue):
    response = as_user(reader).get(url_for("index", workspace), {"tag": "planning"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert [t.name for t in response.templates][0] == "links/partials/_link_list.html"
    assert "<html" not in page and 'id="link-list"' not in page  # the inside of the swap target only
    assert "Planning appeals" in page and "Housing strategy" not in page
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(as_user, workspace, reader, catalogue):
    response = as_user(reader).get(
        url_for("index", workspace), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_plain_page_has_a_working_get_filter_form_and_the_list(as_user, workspace, reader, catalogue):
    page = as_user(reader).get(url_for("index", workspace)).content.decode()
    assert f'method="get" action="{url_for("index", workspace)}"' in page
    assert 'hx-target="#link-list"' in page and 'id="link-list"' in page
    assert page.count("<h1") == 1


# --- Empty states ---

def test_empty_workspace_invites_contributors_to_add_the_first_link(as_user, workspace, contributor):
    page = as_user(contributor).get(url_for("index", workspace)).content.decode()
    assert "No links yet" in page and "Add the first link" in page


def test_empty_workspace_tells_readers_what_will_appear(as_user, workspace, reader):
    page = as_user(reader).get(url_for("index", workspace)).content.decode()
    assert "No links yet" in page and "When contributors add" in page
    assert "Add the first link" not in page and url_for("create", workspace) not in page


def test_filter_with_no_matches_says_so_and_offers_to_clear_it(as_user, workspace, reader, catalogue):
    page = as_user(reader).get(url_for("index", workspace), {"q": "zebra"}).content.decode()
    assert "No links match your filter" in page and "Clear the filter" in page
    assert "No links yet" not in page


def test_filter_on_an_empty_workspace_says_there_are_no_links_yet(as_user, workspace, reader):
    page = as_user(reader).get(url_for("index", workspace), {"q": "zebra"}).content.decode()
    assert "No links yet" in page


# --- Detail page ---

def test_detail_page_shows_the_link(as_user, workspace, contributor, reader):
    link = make_link(workspace, contributor, title="Consultation principles", url="https://www.gov.uk/consult",
                     note="Read **this**.", tags=["consultation", "guidance"])
    response = as_user(reader).get(url_for("detail", workspace, link))
    page = response.content.decode()
    assert ">Consultation principles</h1>" in page
    assert "gov.uk" in page and "<strong>this</strong>" in page
    assert f'{url_for("index", workspace)}?tag=guidance' in page
    assert "Added by Chris Contributor" in page
    assert 'aria-label="Breadcrumb"' in page and 'aria-current="page">Consultation principles' in page


def test_detail_page_offers_edit_and_delete_to_the_author(as_user, workspace, contributor):
    link = make_link(workspace, contributor)
    page = as_user(contributor).get(url_for("detail", workspace, link)).content.decode()
    assert url_for("edit", workspace, link) in page and url_for("delete", workspace, link) in page


def test_detail_page_offers_no_changes_to_a_reader(as_user, workspace, contributor, reader):
    link = make_link(workspace, contributor)
    page = as_user(reader).get(url_for("detail", workspace, link)).content.decode()
    assert url_for("edit", workspace, link) not in page and url_for("delete", workspace, link) not in page


def test_detail_page_offers_edit_but_not_delete_of_others_open_link(as_user, workspace, manager, contributor):
    link = make_link(workspace, manager, change_access=Access.MEMBERS)
    page = as_user(contributor).get(url_for("detail", workspace, link)).content.decode()
    assert url_for("edit", workspace, link) in page and url_for("delete", workspace, link) not in page


def test_missing_link_is_404(as_user, workspace, manager):
    assert as_user(manager).get(url_for("detail", workspace, 999999)).status_code == 404
