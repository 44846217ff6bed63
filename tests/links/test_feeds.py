"""Links in the workspace's news feed (links.feeds.feed_entries): the newest links the reader may
see, in a bounded number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser

from links.feeds import feed_entries
from links.services import link_create
from workspaces.models import Access

from ..builders import make_team

pytestmark = pytest.mark.django_db


def test_entries_are_the_links_the_reader_may_see_newest_first(public_workspace, manager, reader):
    team = make_team(public_workspace, "Board")
    link_create(actor=manager, workspace=public_workspace, url="https://example.org/1", title="Everyone's",
                tags=["rivers"], note="**Bold**")
    link_create(actor=manager, workspace=public_workspace, url="https://example.org/2", title="Members'",
                view_access=Access.MEMBERS)
    link_create(actor=manager, workspace=public_workspace, url="https://example.org/3", title="Board's",
                view_access=Access.TEAMS, view_teams=[team])
    anyone = feed_entries(AnonymousUser(), public_workspace, 50)
    assert [entry.title for entry in anyone] == ["Everyone's"]
    assert anyone[0].key.startswith("links.link:") and anyone[0].categories == ("rivers",)
    assert "<strong>Bold</strong>" in anyone[0].html and anyone[0].author == "Maya Manager"
    assert [entry.title for entry in feed_entries(reader, public_workspace, 50)] == ["Members'", "Everyone's"]
    assert len(feed_entries(reader, public_workspace, 1)) == 1


def test_entries_take_a_bounded_number_of_queries(public_workspace, manager, django_assert_max_num_queries):
    for size in (2, 20):
        for number in range(size):
            link_create(actor=manager, workspace=public_workspace, url=f"https://example.org/{size}/{number}",
                        title=f"Link {number}", tags=[f"t{number}"])
        with django_assert_max_num_queries(4):
            feed_entries(AnonymousUser(), public_workspace, 50)
