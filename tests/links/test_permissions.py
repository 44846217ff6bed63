"""Who may open which link page. Expected outcomes are written out per persona, never derived
from the code under test."""

import pytest

from links.models import Link
from workspaces.models import Access

from .builders import edit_data, form_data, make_link, url_for

# (url name, which link) -> expected status per persona, in the private workspace.
# "own" is the contributor's link; "managers_only" is the manager's, change_access=managers;
# "others_open" is the manager's, change_access=members (any contributor may change it).
PRIVATE = {
    ("index", None):              {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("detail", "own"):            {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("detail", "managers_only"):  {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("create", None):             {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "own"):              {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "others_open"):      {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "managers_only"):    {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("delete", "own"):            {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("delete", "others_open"):    {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("delete", "managers_only"):  {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
}

# The same pages in a public workspace: anyone may read; only contributors and up may write.
PUBLIC = {
    ("index", None):              {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("detail", "own"):            {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("detail", "managers_only"):  {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("create", None):             {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "own"):              {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "others_open"):      {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "managers_only"):    {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("delete", "own"):            {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("delete", "others_open"):    {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("delete", "managers_only"):  {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
}


def _links(workspace, manager, contributor):
    return {
        "own": make_link(workspace, contributor, title="Contributor's link"),
        "others_open": make_link(workspace, manager, title="Manager's open link"),
        "managers_only": make_link(workspace, manager, title="Manager's link", change_access=Access.MANAGERS),
    }


def _check_matrix(table, workspace, personas, as_user):
    links = _links(workspace, personas["manager"], personas["contributor"])
    failures = []
    for (name, which), expected in table.items():
        url = url_for(name, workspace, links[which] if which else None)
        for persona, status in expected.items():
            response = as_user(personas[persona]).get(url)
            if response.status_code != status:
                failures.append(f"{persona} GET {name}({which}): expected {status}, got {response.status_code}")
            if status == 302:
                assert "/accounts/login/" in response["Location"]
    assert not failures, "\n".join(failures)


def test_private_workspace_link_pages_admit_exactly_the_expected_personas(workspace, personas, as_user):
    _check_matrix(PRIVATE, workspace, personas, as_user)


def test_public_workspace_link_pages_admit_exactly_the_expected_personas(public_workspace, personas, as_user):
    _check_matrix(PUBLIC, public_workspace, personas, as_user)


# --- Writes: refused posts change nothing; allowed posts do what they say. ---

def test_reader_cannot_add_link(as_user, workspace, reader):
    response = as_user(reader).post(url_for("create", workspace), form_data())
    assert response.status_code == 403
    assert not Link.objects.exists()


def test_outsider_cannot_add_link_to_private_workspace(as_user, workspace, outsider):
    response = as_user(outsider).post(url_for("create", workspace), form_data())
    assert response.status_code == 404
    assert not Link.objects.exists()


def test_anonymous_post_is_sent_to_sign_in_and_adds_nothing(as_user, public_workspace, manager):
    response = as_user(None).post(url_for("create", public_workspace), form_data())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Link.objects.exists()


def test_contributor_can_add_link(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("create", workspace), form_data(title="Housing guidance"))
    link = Link.objects.get()
    assert response.status_code == 302 and response["Location"] == url_for("detail", workspace, link)
    assert (link.title, link.created_by, link.workspace) == ("Housing guidance", contributor, workspace)


def test_contributor_can_edit_own_link(as_user, workspace, contributor, links_of):
    link = links_of["own"]
    response = as_user(contributor).post(url_for("edit", workspace, link), edit_data(link, title="Renamed"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.title == "Renamed"


def test_contributor_can_edit_others_link_when_any_contributor_may_change_it(as_user, workspace, manager, contributor):
    link = make_link(workspace, manager, title="Open to edits")
    response = as_user(contributor).post(url_for("edit", workspace, link), edit_data(link, title="Improved"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.title == "Improved"


def test_contributor_cannot_edit_link_only_managers_may_change(as_user, workspace, contributor, links_of):
    link = links_of["managers_only"]
    response = as_user(contributor).post(url_for("edit", workspace, link), edit_data(link, title="Hijacked"))
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.title == "Manager's link"


def test_reader_cannot_edit_link(as_user, workspace, reader, links_of):
    link = links_of["own"]
    response = as_user(reader).post(url_for("edit", workspace, link), edit_data(link, title="Hijacked"))
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.title == "Contributor's link"


def test_contributor_can_delete_own_link(as_user, workspace, contributor, links_of):
    response = as_user(contributor).post(url_for("delete", workspace, links_of["own"]))
    assert response.status_code == 302 and response["Location"] == url_for("index", workspace)
    assert not Link.objects.filter(pk=links_of["own"].pk).exists()


def test_contributor_cannot_delete_others_link_even_when_they_may_change_it(as_user, workspace, manager, contributor):
    link = make_link(workspace, manager)
    response = as_user(contributor).post(url_for("delete", workspace, link))
    assert response.status_code == 403
    assert Link.objects.filter(pk=link.pk).exists()


def test_reader_cannot_delete_link(as_user, workspace, reader, links_of):
    response = as_user(reader).post(url_for("delete", workspace, links_of["own"]))
    assert response.status_code == 403
    assert Link.objects.filter(pk=links_of["own"].pk).exists()


@pytest.mark.parametrize("persona", ["manager", "site_admin"])
def test_managers_and_site_admins_can_edit_and_delete_any_link(as_user, workspace, personas, links_of, persona):
    client = as_user(personas[persona])
    link = links_of["managers_only"]
    assert client.post(url_for("edit", workspace, link), edit_data(link, title="Checked")).status_code == 302
    link.refresh_from_db()
    assert link.title == "Checked"
    assert client.post(url_for("delete", workspace, links_of["own"])).status_code == 302
    assert list(Link.objects.values_list("pk", flat=True)) == [link.pk]


def test_delete_asks_for_confirmation_before_deleting(as_user, workspace, contributor, links_of):
    response = as_user(contributor).get(url_for("delete", workspace, links_of["own"]))
    assert response.status_code == 200
    assert b"Delete this link?" in response.content
    assert Link.objects.filter(pk=links_of["own"].pk).exists()


def test_link_of_another_workspace_is_not_found_through_this_one(as_user, workspace, public_workspace, manager):
    elsewhere = make_link(public_workspace, manager)
    client = as_user(manager)  # manager of both: still 404, ids never reach across workspaces
    for name in ("detail", "edit", "delete"):
        assert client.get(url_for(name, workspace, elsewhere)).status_code == 404
    assert client.post(url_for("delete", workspace, elsewhere)).status_code == 404
    assert Link.objects.filter(pk=elsewhere.pk).exists()


def test_disabled_tool_returns_404(as_user, workspace, manager, links_of):
    workspace.enabled_tools = []
    workspace.save(update_fields=["enabled_tools"])
    client = as_user(manager)
    for name, link in (("index", None), ("create", None), ("detail", links_of["own"]), ("edit", links_of["own"]), ("delete", links_of["own"])):
        assert client.get(url_for(name, workspace, link)).status_code == 404, name


def test_archived_workspace_refuses_changes_with_a_reason(as_user, workspace, manager, links_of):
    workspace.is_archived = True
    workspace.save(update_fields=["is_archived"])
    client = as_user(manager)
    assert client.get(url_for("detail", workspace, links_of["own"])).status_code == 200
    response = client.get(url_for("create", workspace))
    assert response.status_code == 403
    assert b"archived" in response.content
