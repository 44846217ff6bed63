"""The audit log page: managers only, newest first, filters, readable changes, bounded queries."""

import pytest
from django.urls import reverse

from workspaces.audit import audit
from workspaces.models import Role, Workspace
from workspaces.services.memberships import membership_change_role
from workspaces.services.teams import team_create
from workspaces.services.workspaces import workspace_update

from ..builders import make_workspace, membership
from ..conftest import PERSONAS

LOGIN = "LOGIN"


def status(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


def log(client, workspace, **params):
    return client.get(reverse("audit_log", args=[workspace.slug]), params)


def shown(response):
    return [(e.action, e.target_label) for e in response.context["page_obj"]]


@pytest.fixture
def history(workspace, manager, reader, contributor):
    """A few real changes, made through the services, after the fixtures' own entries."""
    membership_change_role(actor=manager, membership=membership(workspace, reader), role=Role.CONTRIBUTOR)
    team_create(actor=contributor, workspace=workspace, name="Task force")
    workspace_update(actor=manager, workspace=workspace, is_archived=True)
    workspace_update(actor=manager, workspace=workspace, is_archived=False, description="Now open again")
    return workspace


# --- Who may read it ----------------------------------------------------------------------

PRIVATE_TABLE = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                 "site_admin": 200}
PUBLIC_TABLE = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                "site_admin": 200}


def test_only_managers_can_read_the_audit_log_of_a_private_workspace(personas, as_user, workspace):
    assert {p: status(log(as_user(personas[p]), workspace)) for p in PERSONAS} == PRIVATE_TABLE


def test_only_managers_can_read_the_audit_log_of_a_public_workspace(personas, as_user, public_workspace):
    assert {p: status(log(as_user(personas[p]), public_workspace)) for p in PERSONAS} == PUBLIC_TABLE


def test_contributor_is_told_why_they_cannot_read_it(as_user, workspace, contributor):
    assert b"Only managers of this workspace can read its audit log." in log(as_user(contributor), workspace).content


def test_managers_can_read_the_log_of_an_archived_workspace(as_user, workspace, manager):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    assert log(as_user(manager), workspace).status_code == 200


# --- What it shows ------------------------------------------------------------------------


def test_log_is_newest_first_and_only_this_workspaces(as_user, history, manager, organisation):
    other = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    audit(actor=manager, action="workspace.settings_changed", workspace=other, target=other)
    response = log(as_user(manager), history)
    assert shown(response) == [
        ("workspace.settings_changed", "Test programme"),
        ("workspace.archived", "Test programme"),
        ("team.created", "Task force"),
        ("membership.role_changed", "reader@example.org"),
        ("membership.added", "contributor@example.org"),
        ("membership.added", "reader@example.org"),
        ("membership.added", "manager@example.org"),
    ]


def test_each_entry_says_when_who_what_to_what_and_before_and_after(as_user, history, manager):
    content = " ".join(log(as_user(manager), history).content.decode().split())
    assert "Role changed" in content
    assert "Maya Manager" in content
    arrow = '<span aria-hidden="true">→</span><span class="visually-hidden"> changed to</span>'
    assert f"Role: Reader {arrow} Contributor" in content
    assert f"Archived: no {arrow} yes" in content
    assert "Workspace archived" in content and "Team created" in content
    assert "<time datetime=" in content


def test_changes_are_made_readable(as_user, history, manager):
    entries = {e.action: e for e in log(as_user(manager), history).context["page_obj"]}
    assert entries["membership.role_changed"].changes == [("Role", "Reader", "Contributor")]
    assert entries["team.created"].changes == [("Name", None, "Task force")]
    assert sorted(entries["workspace.settings_changed"].changes) == [
        ("Archived", "yes", "no"),
        ("Description", "–", "Now open again"),
    ]


def test_lists_of_values_are_joined(as_user, workspace, manager):
    workspace_update(actor=manager, workspace=workspace, enabled_tools=["links", "wikis"])
    workspace_update(actor=manager, workspace=workspace, enabled_tools=[])
    newest = log(as_user(manager), workspace, action="workspace.settings_changed").context["page_obj"][0]
    assert newest.changes == [("Tools", "links, wikis", "none")]


def test_an_entry_by_a_deleted_or_system_actor_still_shows(as_user, workspace, manager):
    audit(actor=None, action="something.odd_happened", workspace=workspace, before={"x": [1, 2]}, after=None)
    response = log(as_user(manager), workspace, action="something.odd_happened")
    [entry] = response.context["page_obj"]
    assert entry.action_label == "Something: odd happened"
    assert entry.changes == [("X", "1, 2", None)]
    assert b"System" in response.content or b"system" in response.content


# --- Filters ------------------------------------------------------------------------------


def test_filter_by_action(as_user, history, manager):
    response = log(as_user(manager), history, action="membership.role_changed")
    assert shown(response) == [("membership.role_changed", "reader@example.org")]
    choices = dict(response.context["form"].fields["action"].choices)
    assert choices["team.created"] == "Team created"


@pytest.mark.parametrize("actor", ["contributor@", "CHRIS", "Contributor"])
def test_filter_by_actor_email_or_name(as_user, history, manager, actor):
    assert shown(log(as_user(manager), history, actor=actor)) == [("team.created", "Task force")]


def test_filters_combine_and_an_empty_result_says_so(as_user, history, manager):
    response = log(as_user(manager), history, action="team.created", actor="maya")
    assert shown(response) == []
    assert b"Nothing matches this filter" in response.content


@pytest.mark.parametrize(
    "params",
    [
        {"action": "not.an_action"},
        {"action": "<script>"},
        {"actor": "x" * 300},
        {"page": "abc"},
        {"page": "-5"},
        {"page": "999999999999999999999"},
    ],
)
def test_bad_filters_do_not_break_the_page(as_user, history, manager, params):
    response = log(as_user(manager), history, **params)
    assert response.status_code == 200
    assert len(shown(response)) == 7  # an invalid filter is shown as an error and not applied
    assert b"<script>" not in response.content


def test_log_is_paginated_keeping_the_filter(as_user, workspace, manager, settings):
    settings.ENGAGE_PAGE_SIZE = 2
    for i in range(3):
        audit(actor=manager, action="team.created", workspace=workspace, target_label=f"Team {i}")
    client = as_user(manager)
    first = log(client, workspace, action="team.created")
    assert [e.target_label for e in first.context["page_obj"]] == ["Team 2", "Team 1"]
    assert b"action=team.created" in first.content and b"page=2" in first.content
    second = log(client, workspace, action="team.created", page="2")
    assert [e.target_label for e in second.context["page_obj"]] == ["Team 0"]


# --- Query count --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 50])
def test_audit_log_query_count_does_not_grow_with_entries(as_user, workspace, manager, size,
                                                          django_assert_max_num_queries):
    for i in range(size):
        audit(actor=manager, action=f"team.kind_{i % 7}", workspace=workspace, target_label=f"T{i}",
              before={"name": "a"}, after={"name": "b"})
    client = as_user(manager)
    log(client, workspace)
    # session, user, workspace with role, capped COUNT, page of entries with actors (choices: code)
    with django_assert_max_num_queries(6):  # +1: the notification bell's unread count
        response = log(client, workspace, actor="manager")
    assert len(response.context["page_obj"].object_list) == min(size, 25)


def test_choices_come_from_code_and_the_count_is_capped(as_user, workspace, manager, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workspaces.views import audit as audit_view

    monkeypatch.setattr(audit_view, "COUNT_CAP", 30)
    for i in range(40):
        audit(actor=manager, action="team.created", workspace=workspace, target_label=f"T{i}")
    client = as_user(manager)
    with CaptureQueriesContext(connection) as queries:
        response = log(client, workspace)
    sql = " ".join(q["sql"] for q in queries).upper()
    assert "DISTINCT" not in sql
    assert "LIMIT 31" in sql  # the COUNT reads at most cap + 1 rows
    choices = dict(response.context["form"].fields["action"].choices)
    assert choices["membership.removed"] == "Member removed"  # listed though never recorded here
    text = response.content.decode()
    assert "More than 30 entries" in text and "Page 1 of" not in text
    assert response.context["page_obj"].paginator.num_pages == 2  # 30 reachable, 25 a page
    assert len(log(client, workspace, page="9").context["page_obj"].object_list) == 5
    assert "More than" not in log(client, workspace, action="team.deleted").content.decode()
