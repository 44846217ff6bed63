"""Member directory, role changes and removal."""

import html
import re

import pytest
from django.urls import reverse

from tests.builders import add_member, make_team, make_user, make_workspace, membership
from workspaces.models import AuditEntry, Membership, Role, Workspace


def list_url(workspace, **query):
    url = reverse("member_list", args=[workspace.slug])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def results(response):
    """The directory's results region (the page header also shows the signed-in person's name)."""
    body = response.content.decode()
    return body[body.index('id="member-results"'):]


def link(body, text):
    """The href of the pagination link whose text starts with `text` ("Next", "‹ Previous")."""
    match = re.search(r'<a href="([^"]*)"[^>]*>' + re.escape(text), body)
    return match and html.unescape(match.group(1))


def next_link(body):
    return link(body, "Next")


def names(body):
    """The member names in the directory's rows, in order."""
    return [html.unescape(name) for name in re.findall(r'<th scope="row">([^<]*?)\s*<', body)]


def edit_url(workspace, m):
    return reverse("member_edit", args=[workspace.slug, m.pk])


def remove_url(workspace, m):
    return reverse("member_remove", args=[workspace.slug, m.pk])


# --- who may do what ----------------------------------------------------------------------------

LIST_EXPECTED = {
    "anonymous": 302,
    "outsider": 404,
    "reader": 200,
    "contributor": 200,
    "manager": 200,
    "site_admin": 200,
}

MANAGE_EXPECTED = {
    "anonymous": 302,
    "outsider": 404,
    "reader": 403,
    "contributor": 403,
    "manager": 200,
    "site_admin": 200,
}


@pytest.mark.parametrize("persona", LIST_EXPECTED)
def test_member_list_refuses_whom_it_must(persona, personas, as_user, workspace):
    response = as_user(personas[persona]).get(list_url(workspace))
    assert response.status_code == LIST_EXPECTED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", MANAGE_EXPECTED)
def test_member_edit_page_refuses_whom_it_must(persona, personas, as_user, workspace):
    target = membership(workspace, personas["reader"])
    response = as_user(personas[persona]).get(edit_url(workspace, target))
    assert response.status_code == MANAGE_EXPECTED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", MANAGE_EXPECTED)
def test_member_remove_page_refuses_whom_it_must(persona, personas, as_user, workspace):
    target = membership(workspace, personas["reader"])
    response = as_user(personas[persona]).get(remove_url(workspace, target))
    assert response.status_code == MANAGE_EXPECTED[persona]


@pytest.mark.parametrize("persona", ["reader", "contributor"])
def test_non_manager_cannot_change_a_role(persona, personas, as_user, workspace):
    target = membership(workspace, personas["reader"])
    response = as_user(personas[persona]).post(edit_url(workspace, target), {"role": Role.MANAGER})
    assert response.status_code == 403
    assert b"Only managers of this workspace" in response.content
    assert membership(workspace, personas["reader"]).role == Role.READER


@pytest.mark.parametrize("persona", ["reader", "contributor", "outsider"])
def test_non_manager_cannot_remove_a_member(persona, personas, as_user, workspace):
    target = membership(workspace, personas["reader"])
    response = as_user(personas[persona]).post(remove_url(workspace, target))
    assert response.status_code in (403, 404)
    assert Membership.objects.filter(pk=target.pk).exists()


def test_outsider_of_public_workspace_cannot_see_its_members(as_user, outsider, public_workspace, manager):
    response = as_user(outsider).get(list_url(public_workspace))
    assert response.status_code == 403
    assert b"Only members of this workspace can see who else is in it." in response.content


def test_membership_of_another_workspace_is_not_found(as_user, manager, workspace, organisation):
    other = make_workspace(name="Elsewhere", organisation=organisation)
    stranger = add_member(other, make_user("stranger@example.org"), Role.READER)
    assert as_user(manager).get(edit_url(workspace, stranger)).status_code == 404
    assert as_user(manager).post(remove_url(workspace, stranger)).status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_manager_cannot_change_roles_in_an_archived_workspace(as_user, manager, reader, workspace):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    response = as_user(manager).post(edit_url(workspace, membership(workspace, reader)), {"role": Role.MANAGER})
    assert response.status_code == 403
    assert membership(workspace, reader).role == Role.READER


# --- the directory ---------------------------------------------------------------------------------


@pytest.fixture
def sam(workspace):
    user = make_user("sam.patel@example.org", "Sam Patel", organisation_name="Treasury", job_title="Policy lead")
    add_member(workspace, user, Role.CONTRIBUTOR)
    return user


def test_directory_shows_name_organisation_job_title_role_and_teams(as_user, reader, sam, workspace):
    make_team(workspace, "Task force", members=[sam])
    body = results(as_user(reader).get(list_url(workspace)))
    for text in ["Sam Patel", "Treasury", "Policy lead", "Contributor", "Task force"]:
        assert text in body


def test_directory_shows_only_this_workspaces_teams(as_user, reader, sam, workspace, organisation):
    other = make_workspace(name="Elsewhere", organisation=organisation)
    add_member(other, sam, Role.READER)
    make_team(other, "Secret squad", members=[sam])
    response = as_user(reader).get(list_url(workspace))
    assert b"Secret squad" not in response.content


def test_directory_searches_by_name_and_organisation(as_user, reader, manager, sam, workspace):
    by_name = results(as_user(reader).get(list_url(workspace, q="patel")))
    assert "Sam Patel" in by_name and "Maya Manager" not in by_name
    by_org = results(as_user(reader).get(list_url(workspace, q="treas")))
    assert "Sam Patel" in by_org and "Rita Reader" not in by_org
    both_words = results(as_user(reader).get(list_url(workspace, q="sam treasury")))
    assert "Sam Patel" in both_words
    no_match = results(as_user(reader).get(list_url(workspace, q="sam cabinet")))
    assert "Sam Patel" not in no_match
    assert "No members match" in no_match


def test_managers_can_search_by_email_and_see_addresses(as_user, manager, sam, workspace):
    body = results(as_user(manager).get(list_url(workspace, q="sam.patel@")))
    assert "Sam Patel" in body
    assert "sam.patel@example.org" in body


def test_readers_neither_see_nor_search_email_addresses(as_user, reader, sam, workspace):
    body = results(as_user(reader).get(list_url(workspace)))
    assert "sam.patel@example.org" not in body
    searched = results(as_user(reader).get(list_url(workspace, q="sam.patel@")))
    assert "Sam Patel" not in searched


def test_directory_filters_by_role(as_user, reader, manager, contributor, sam, workspace):
    body = results(as_user(reader).get(list_url(workspace, role=Role.MANAGER)))
    assert "Maya Manager" in body
    assert "Sam Patel" not in body and "Rita Reader" not in body


def test_directory_filters_by_team(as_user, reader, manager, sam, workspace):
    team = make_team(workspace, "Task force", members=[sam])
    make_team(workspace, "Other", members=[manager])
    body = results(as_user(reader).get(list_url(workspace, team=team.pk)))
    assert "Sam Patel" in body
    assert "Maya Manager" not in body


def test_directory_ignores_bad_filter_values(as_user, reader, manager, workspace, organisation):
    foreign = make_team(make_workspace(name="Elsewhere", organisation=organisation), "Foreign")
    for query in [{"role": "99"}, {"role": "x"}, {"team": "abc"}, {"team": foreign.pk},
                  {"q": "x" * 500}, {"after": "abc"}, {"before": "-1"}, {"start": "x"}, {"last": "yes"}]:
        response = as_user(reader).get(list_url(workspace, **query))
        assert response.status_code == 200, query


def test_directory_is_paginated(as_user, reader, workspace, settings):
    settings.ENGAGE_PAGE_SIZE = 5
    for i in range(7):
        add_member(workspace, make_user(f"member{i:02}@example.org", f"Member {i:02}"))
    first = results(as_user(reader).get(list_url(workspace)))
    assert "Members 1–5 of 8" in first  # 7 and the reader
    assert "Member 00" in first and "Member 06" not in first
    second = results(as_user(reader).get(list_url(workspace) + next_link(first)))
    assert "Members 6–8 of 8" in second
    assert "Member 06" in second and "Member 00" not in second


def test_unfiltered_directory_uses_the_denormalised_member_count(as_user, reader, workspace):
    Workspace.objects.filter(pk=workspace.pk).update(member_count=4321)
    body = results(as_user(reader).get(list_url(workspace)))
    assert "4,321 members." in body


def test_filtered_directory_counts_the_matches(as_user, reader, sam, workspace):
    Workspace.objects.filter(pk=workspace.pk).update(member_count=4321)
    body = results(as_user(reader).get(list_url(workspace, q="patel")))
    assert "1 member matches your search." in body


def test_htmx_search_returns_only_the_results_partial(as_user, reader, sam, workspace):
    response = as_user(reader).get(list_url(workspace, q="patel"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "workspaces/partials/_member_results.html" in [t.name for t in response.templates]
    assert b"<html" not in response.content
    assert b"Sam Patel" in response.content
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(as_user, reader, workspace):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = as_user(reader).get(list_url(workspace, q="rita"), headers=headers)
    assert b"<html" in response.content


def test_plain_search_returns_the_whole_page(as_user, reader, workspace):
    response = as_user(reader).get(list_url(workspace, q="rita"))
    assert b"<html" in response.content
    assert b"<h1>Members</h1>" in response.content


def test_managers_see_edit_and_remove_links_and_readers_do_not(as_user, manager, reader, workspace):
    target = membership(workspace, reader)
    as_manager = results(as_user(manager).get(list_url(workspace)))
    assert edit_url(workspace, target) in as_manager and remove_url(workspace, target) in as_manager
    as_reader = results(as_user(reader).get(list_url(workspace)))
    assert edit_url(workspace, target) not in as_reader and remove_url(workspace, target) not in as_reader


def _populate(workspace, count, start):
    teams = [make_team(workspace, f"Team {start}-{i}") for i in range(3)]
    users = []
    for i in range(count):
        user = make_user(f"bulk{start + i}@example.org", f"Bulk {start + i:04}", organisation_name="Org")
        add_member(workspace, user)
        users.append(user)
    for team in teams:
        team.group.user_set.add(*users)


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_directory_query_count_does_not_grow_with_members(
    persona, personas, as_user, workspace, django_assert_max_num_queries
):
    client = as_user(personas[persona])
    _populate(workspace, 30, 0)
    # session, user, workspace+role, teams (exists + filter choices), page rows, their teams
    with django_assert_max_num_queries(8):  # +1: the notification bell's unread count
        response = client.get(list_url(workspace))
    assert response.content.decode().count("Team 0-1") >= 25
    _populate(workspace, 30, 30)
    with django_assert_max_num_queries(8):  # +1: the notification bell's unread count
        client.get(list_url(workspace))
    with django_assert_max_num_queries(9):  # + COUNT of the matches (+1: the notification bell)
        client.get(list_url(workspace, q="bulk", role=Role.READER))


@pytest.mark.parametrize("query", [{}, {"q": "bulk", "role": Role.READER}])
def test_a_deep_page_runs_the_queries_of_the_first(query, as_user, manager, workspace, settings):
    """Keyset pages: the same queries (the cursor's row is read in a subquery), at two sizes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workspaces.permissions import access_changed

    settings.ENGAGE_PAGE_SIZE = 5
    client = as_user(manager)
    counts = []
    for start in (0, 40):
        _populate(workspace, 40, start)
        pages = []
        url = list_url(workspace, **query)
        while url:
            access_changed()  # the bell counted afresh each time (cached otherwise): same work on every page
            with CaptureQueriesContext(connection) as queries:
                body = results(client.get(url))
            pages.append(len(queries))
            url = next_link(body) and list_url(workspace) + next_link(body)
        access_changed()
        with CaptureQueriesContext(connection) as queries:
            client.get(list_url(workspace, **query, last=1))
        pages.append(len(queries))
        counts.append(set(pages))
    assert counts[0] == counts[1] and len(counts[0]) == 1, counts


def walk(client, workspace, query=None, direction="Next"):
    """Every page of the directory, following its own links (as without JavaScript)."""
    url = list_url(workspace, **(query or {}))
    if direction != "Next":
        url = list_url(workspace) + link(results(client.get(url)), "Last")
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = results(response)
        pages.append(body)
        following = link(body, "Next" if direction == "Next" else "‹ Previous")
        url = following and list_url(workspace) + following
    return pages


def test_keyset_pages_keep_the_order_across_boundaries_with_equal_names(as_user, reader, workspace, settings):
    settings.ENGAGE_PAGE_SIZE = 3
    # Equal names straddle every page boundary: the email address breaks the tie.
    for i in (5, 1, 4, 2, 3, 0, 6):
        add_member(workspace, make_user(f"same{i}@example.org", "Sam Same"))
    add_member(workspace, make_user("blank@example.org", "Abe Able"))
    client = as_user(reader)
    expected = [m.user.name for m in Membership.objects.filter(workspace=workspace).select_related("user")
                .order_by("user__display_name", "user__email")]
    forward = walk(client, workspace)
    assert [n.replace(" (you)", "") for page in forward for n in names(page)] == expected
    assert len(forward) == 3
    assert "Members 1–3 of 9" in forward[0] and "Members 4–6 of 9" in forward[1] and "Members 7–9 of 9" in forward[2]
    backward = walk(client, workspace, direction="Previous")
    assert [n.replace(" (you)", "") for page in reversed(backward) for n in names(page)] == expected
    assert "Members 7–9 of 9" in backward[0] and "Members 1–3 of 9" in backward[-1]
    # First and last: the first page offers neither First nor Previous, the last neither Next nor Last.
    assert link(forward[0], "« First") is None and link(forward[0], "‹ Previous") is None
    assert link(forward[-1], "Next") is None and link(forward[-1], "Last") is None
    assert link(forward[1], "« First") == "?"


def test_keyset_pages_keep_the_search_and_filters(as_user, manager, reader, workspace, settings):
    settings.ENGAGE_PAGE_SIZE = 2
    for i in range(5):
        add_member(workspace, make_user(f"fern{i}@example.org", f"Fern {i}", organisation_name="Ferns Ltd"))
    add_member(workspace, make_user("fern.manager@example.org", "Fern Boss"), Role.MANAGER)
    pages = walk(as_user(reader), workspace, {"q": "fern", "role": Role.READER})
    assert [n for page in pages for n in names(page)] == [f"Fern {i}" for i in range(5)]
    assert "5 members match your search." in pages[0]
    assert "Members 3–4 of 5" in pages[1]
    assert all("q=fern" in next_link(page) and "role=10" in next_link(page) for page in pages[:-1])


def test_filtered_counts_stop_at_a_cap(as_user, reader, workspace, settings, monkeypatch):
    from workspaces.views import members

    monkeypatch.setattr(members, "MATCH_COUNT_CAP", 3)
    settings.ENGAGE_PAGE_SIZE = 2
    for i in range(5):
        add_member(workspace, make_user(f"fern{i}@example.org", f"Fern {i}"))
    first = results(as_user(reader).get(list_url(workspace, q="fern")))
    assert "More than 3 members match your search." in first
    assert "Members 1–2 of more than 3" in first
    second = results(as_user(reader).get(list_url(workspace) + next_link(first)))
    assert "Members 3–4 of more than 3" in second


def test_htmx_search_results_carry_links_that_work_without_javascript(as_user, reader, workspace, settings):
    settings.ENGAGE_PAGE_SIZE = 2
    for i in range(3):
        add_member(workspace, make_user(f"fern{i}@example.org", f"Fern {i}"))
    client = as_user(reader)
    partial = client.get(list_url(workspace, q="fern"), headers={"HX-Request": "true"}).content.decode()
    following = next_link(partial)
    assert following.startswith("?q=fern&after=")
    page = client.get(list_url(workspace) + following)
    assert b"<html" in page.content and names(results(page)) == ["Fern 2"]


def test_old_numbered_page_links_start_again_at_the_first_page(as_user, reader, workspace):
    response = as_user(reader).get(list_url(workspace, q="fern", page=4000))
    assert response.status_code == 302 and response["Location"] == list_url(workspace, q="fern")


def test_a_cursor_that_left_the_list_starts_again(as_user, reader, manager, workspace, organisation):
    elsewhere = make_workspace(name="Elsewhere", organisation=organisation)
    stranger = add_member(elsewhere, make_user("stranger@example.org", "Stranger"))
    for cursor in ({"after": stranger.pk}, {"before": stranger.pk}, {"after": 999999}):
        response = as_user(reader).get(list_url(workspace, q="a", **cursor))
        assert response.status_code == 302 and response["Location"] == list_url(workspace, q="a"), cursor


def test_cursors_name_rows_not_their_addresses(as_user, reader, manager, workspace, settings):
    """The cursor is a membership id: a reader, who may not see addresses, never gets one in a link."""
    settings.ENGAGE_PAGE_SIZE = 1
    body = results(as_user(reader).get(list_url(workspace)))
    assert "@" not in next_link(body) and "@example.org" not in body


# --- changing a role -----------------------------------------------------------------------------------


def test_manager_changes_a_role(as_user, manager, reader, workspace):
    target = membership(workspace, reader)
    response = as_user(manager).post(edit_url(workspace, target), {"role": Role.CONTRIBUTOR}, follow=True)
    assert membership(workspace, reader).role == Role.CONTRIBUTOR
    assert response.redirect_chain[-1][0] == list_url(workspace)
    assert "Rita Reader is now a contributor." in response.content.decode()
    entry = AuditEntry.objects.get(action="membership.role_changed")
    assert entry.actor == manager and entry.before == {"role": "Reader"} and entry.after == {"role": "Contributor"}


def test_role_form_shows_the_current_role(as_user, manager, contributor, workspace):
    body = as_user(manager).get(edit_url(workspace, membership(workspace, contributor))).content.decode()
    checked = re.findall(r'<input type="radio" name="role" value="(\d+)"[^>]*\bchecked\b', body)
    assert checked == [str(Role.CONTRIBUTOR.value)]


@pytest.mark.parametrize("bad", ["", "99", "manager", "1; DROP TABLE"])
def test_role_form_rejects_unknown_roles(bad, as_user, manager, reader, workspace):
    response = as_user(manager).post(edit_url(workspace, membership(workspace, reader)), {"role": bad})
    assert response.status_code == 200
    assert b"id_role_error" in response.content
    assert membership(workspace, reader).role == Role.READER


def test_last_manager_cannot_be_demoted(as_user, manager, workspace):
    target = membership(workspace, manager)
    response = as_user(manager).post(edit_url(workspace, target), {"role": Role.READER})
    assert response.status_code == 200
    assert "A workspace must always have at least one manager." in response.content.decode()
    assert membership(workspace, manager).role == Role.MANAGER
    assert not AuditEntry.objects.filter(action="membership.role_changed").exists()


def test_manager_can_step_down_when_another_manager_remains(as_user, manager, contributor, workspace):
    add_member(workspace, contributor, Role.MANAGER)
    response = as_user(manager).post(edit_url(workspace, membership(workspace, manager)), {"role": Role.READER})
    assert response.status_code == 302
    assert membership(workspace, manager).role == Role.READER


def test_site_admin_changes_a_role_without_being_a_member(as_user, site_admin, manager, reader, workspace):
    response = as_user(site_admin).post(edit_url(workspace, membership(workspace, reader)), {"role": Role.MANAGER})
    assert response.status_code == 302
    assert membership(workspace, reader).role == Role.MANAGER


# --- removing a member ----------------------------------------------------------------------------------


def test_remove_asks_for_confirmation_first(as_user, manager, reader, workspace):
    target = membership(workspace, reader)
    response = as_user(manager).get(remove_url(workspace, target))
    assert response.status_code == 200
    assert "Remove Rita Reader from Test programme?" in response.content.decode()
    assert Membership.objects.filter(pk=target.pk).exists()


def test_manager_removes_a_member(as_user, manager, reader, workspace):
    team = make_team(workspace, "Task force", members=[reader])
    before = Workspace.objects.get(pk=workspace.pk).member_count
    response = as_user(manager).post(remove_url(workspace, membership(workspace, reader)), follow=True)
    assert not Membership.objects.filter(workspace=workspace, user=reader).exists()
    assert Workspace.objects.get(pk=workspace.pk).member_count == before - 1
    assert not team.group.user_set.filter(pk=reader.pk).exists()
    assert "Rita Reader was removed from Test programme." in response.content.decode()
    assert AuditEntry.objects.filter(action="membership.removed", target_label=reader.email).exists()
    assert as_user(reader).get(list_url(workspace)).status_code == 404


def test_last_manager_cannot_be_removed(as_user, manager, workspace):
    target = membership(workspace, manager)
    response = as_user(manager).post(remove_url(workspace, target))
    assert response.status_code == 200
    assert "A workspace must always have at least one manager." in response.content.decode()
    assert Membership.objects.filter(pk=target.pk, role=Role.MANAGER).exists()
    assert not AuditEntry.objects.filter(action="membership.removed").exists()


def test_manager_who_leaves_goes_home(as_user, manager, contributor, workspace):
    add_member(workspace, contributor, Role.MANAGER)
    response = as_user(manager).post(remove_url(workspace, membership(workspace, manager)))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(workspace=workspace, user=manager).exists()
