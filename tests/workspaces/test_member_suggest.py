"""The member suggestions behind @mentions and the people pickers: who gets them, what they
show, and that they never reach beyond the workspace or its contact rule."""

import pytest
from django.urls import reverse

from tests.builders import add_member, make_user, make_workspace
from workspaces.models import Role
from workspaces.selectors.people import SUGGESTION_LIMIT


def suggest(client, workspace, q, **extra):
    response = client.get(reverse("member_suggest", args=[workspace.slug]), {"q": q, **extra})
    return response


def handles(response):
    return [m["handle"] for m in response.json()["members"]]


EXPECTED = {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200}


@pytest.mark.parametrize("persona", EXPECTED)
def test_only_who_may_see_the_members_gets_suggestions(persona, personas, as_user, workspace):
    response = suggest(as_user(personas[persona]), workspace, "ri")
    assert response.status_code == EXPECTED[persona]
    if response.status_code == 200:
        assert handles(response) == ["reader"]


def test_an_outsider_of_a_public_workspace_gets_no_names(as_user, public_workspace, reader, outsider):
    assert suggest(as_user(outsider), public_workspace, "ri").status_code == 403


def test_it_matches_names_and_handles(as_user, workspace, reader, contributor, manager):
    client = as_user(reader)
    assert handles(suggest(client, workspace, "chr")) == ["contributor"]  # first name
    assert handles(suggest(client, workspace, "@manag")) == ["manager"]  # handle, with its @
    assert handles(suggest(client, workspace, "contrib")) == ["contributor"]  # last name
    assert handles(suggest(client, workspace, "")) == []


def test_it_never_names_members_of_other_workspaces_or_outsiders(as_user, workspace, reader, outsider):
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere")
    add_member(elsewhere, make_user("rick@example.org", "Rick Elsewhere"), Role.MANAGER)
    assert handles(suggest(as_user(reader), workspace, "r")) == ["reader"]
    assert handles(suggest(as_user(reader), workspace, "oscar")) == []
    assert handles(suggest(as_user(reader), workspace, "rick")) == []


def test_it_leaves_out_deactivated_accounts(as_user, workspace, reader):
    gone = make_user("rob@example.org", "Rob Gone")
    add_member(workspace, gone, Role.READER)
    gone.is_active = False
    gone.save()
    assert handles(suggest(as_user(reader), workspace, "ro")) == []


def test_emails_only_for_whom_the_contact_rule_allows(as_user, workspace, reader, manager):
    (member,) = suggest(as_user(reader), workspace, "maya").json()["members"]
    assert member == {"handle": "manager", "name": "Maya Manager"}
    (member,) = suggest(as_user(manager), workspace, "rita").json()["members"]
    assert member["email"] == "reader@example.org"


def test_a_domain_cannot_be_probed_by_whom_may_not_see_emails(as_user, workspace, reader, contributor):
    add_member(workspace, make_user("chris@secret.example", "Chris Other"), Role.READER)
    # The reader's "@secret" is cut off: a right and a wrong domain get the same answer.
    client = as_user(reader)
    assert sorted(handles(suggest(client, workspace, "chris@secret"))) == ["chris", "contributor"]
    assert sorted(handles(suggest(client, workspace, "chris@nomatch"))) == ["chris", "contributor"]


def test_the_manager_may_search_whole_addresses(as_user, workspace, manager, reader):
    assert handles(suggest(as_user(manager), workspace, "reader@example.org")) == ["reader"]


def test_the_role_narrows_to_contributors(as_user, workspace, reader, contributor, manager):
    client = as_user(manager)
    add_member(workspace, make_user("cora@example.org", "Cora Reader"), Role.READER)
    assert sorted(handles(suggest(client, workspace, "c", role="contributor"))) == ["contributor"]
    assert sorted(handles(suggest(client, workspace, "c"))) == ["contributor", "cora"]


@pytest.mark.parametrize("size", [12, 40])
def test_it_answers_at_most_eight_in_bounded_queries(as_user, workspace, reader, size,
                                                      django_assert_max_num_queries):
    for n in range(size):
        add_member(workspace, make_user(f"sam{n}@example.org", f"Sam {n:02}"), Role.READER)
    client = as_user(reader)
    client.get(reverse("workspace_home", args=[workspace.slug]))  # the session and caches warm
    with django_assert_max_num_queries(8):
        response = suggest(client, workspace, "sam")
    assert len(handles(response)) == SUGGESTION_LIMIT


def test_a_long_query_is_cut_not_refused(as_user, workspace, reader):
    response = suggest(as_user(reader), workspace, "r " * 500)
    assert response.status_code == 200


def test_it_is_never_cached_and_refuses_post(as_user, workspace, reader):
    client = as_user(reader)
    assert "no-store" in suggest(client, workspace, "r")["Cache-Control"]
    assert client.post(reverse("member_suggest", args=[workspace.slug]), {"q": "r"}).status_code == 405
