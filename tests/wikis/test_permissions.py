"""Who may open which wiki page: readers read, contributors edit, managers delete and restore.
Expected outcomes are written out per persona, never derived from the code under test."""

import pytest

from wikis.models import Page, Revision
from wikis.services import page_delete
from workspaces.models import Access

from ..builders import make_team
from .builders import create_data, edit_data, make_page, url_for

# (url name, which page, extra kwargs) -> expected status per persona, in the private workspace.
# "open": the manager's page, any contributor may change it; "managers_only": change_access
# managers; "own": the contributor's page; "deleted": a page a manager deleted.
PRIVATE = {
    ("index", None):                  {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("create", None):                 {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("changes", None):                {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("deleted", None):                {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("page", "open"):                 {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("history", "open"):              {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("diff", "open"):                 {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("revision", "open"):             {"anonymous": 302, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "open"):                 {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "managers_only"):        {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("edit", "own"):                  {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("move", "open"):                 {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("move", "managers_only"):        {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("revision_restore", "open"):     {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("delete", "open"):               {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("delete", "own"):                {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("page", "deleted"):              {"anonymous": 302, "outsider": 404, "reader": 404, "contributor": 404, "manager": 200, "site_admin": 200},
    ("history", "deleted"):           {"anonymous": 302, "outsider": 404, "reader": 404, "contributor": 404, "manager": 200, "site_admin": 200},
    ("undelete", "deleted"):          {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 404, "manager": 200, "site_admin": 200},
    ("edit", "deleted"):              {"anonymous": 302, "outsider": 404, "reader": 403, "contributor": 404, "manager": 404, "site_admin": 404},
}

# The same pages in a public workspace: anyone may read; only contributors and up may write.
PUBLIC = {
    ("index", None):                  {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("changes", None):                {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("page", "open"):                 {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("history", "open"):              {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("diff", "open"):                 {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    ("create", None):                 {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("edit", "open"):                 {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200, "site_admin": 200},
    ("delete", "open"):               {"anonymous": 302, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200, "site_admin": 200},
    ("page", "deleted"):              {"anonymous": 302, "outsider": 404, "reader": 404, "contributor": 404, "manager": 200, "site_admin": 200},
}


def _pages(workspace, manager, contributor):
    pages = {
        "open": make_page(workspace, manager, title="Handbook"),
        "managers_only": make_page(workspace, manager, title="Board rules", change_access=Access.MANAGERS),
        "own": make_page(workspace, contributor, title="Contributor's notes"),
        "deleted": make_page(workspace, manager, title="Withdrawn"),
    }
    page_delete(actor=manager, page=pages["deleted"])
    return pages


def _check_matrix(table, workspace, personas, as_user):
    pages = _pages(workspace, personas["manager"], personas["contributor"])
    failures = []
    for (name, which), expected in table.items():
        kwargs = {"number": 1} if name in ("revision", "revision_restore") else {}
        url = url_for(name, workspace, pages[which] if which else None, **kwargs)
        for persona, status in expected.items():
            response = as_user(personas[persona]).get(url)
            if response.status_code != status:
                failures.append(f"{persona} GET {name}({which}): expected {status}, got {response.status_code}")
            elif status == 302:
                assert "/accounts/login/" in response["Location"]
    assert not failures, "\n".join(failures)


def test_private_workspace_wiki_pages_admit_exactly_the_expected_personas(workspace, personas, as_user):
    _check_matrix(PRIVATE, workspace, personas, as_user)


def test_public_workspace_wiki_pages_admit_exactly_the_expected_personas(public_workspace, personas, as_user):
    _check_matrix(PUBLIC, public_workspace, personas, as_user)


# --- Writes: refused posts change nothing. ---


def test_reader_cannot_create_a_page(as_user, workspace, reader):
    assert as_user(reader).post(url_for("create", workspace), create_data()).status_code == 403
    assert not Page.objects.exists()


def test_reader_cannot_edit_a_page(as_user, workspace, reader, home):
    response = as_user(reader).post(url_for("edit", workspace, home), edit_data(home, text="Defaced"))
    assert response.status_code == 403
    assert Page.objects.get(pk=home.pk).text == home.text and Revision.objects.count() == 1


def test_outsider_cannot_post_to_a_private_wiki(as_user, workspace, outsider, home):
    client = as_user(outsider)
    assert client.post(url_for("create", workspace), create_data()).status_code == 404
    assert client.post(url_for("edit", workspace, home), edit_data(home, text="x")).status_code == 404
    assert client.post(url_for("delete", workspace, home)).status_code == 404
    assert Page.objects.count() == 1 and not Page.objects.get().is_deleted


def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(as_user, public_workspace, manager):
    page = make_page(public_workspace, manager, title="Open page")
    response = as_user(None).post(url_for("edit", public_workspace, page), edit_data(page, text="x"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Page.objects.get(pk=page.pk).version == 1


def test_contributor_cannot_edit_a_page_only_managers_may_change(as_user, workspace, manager, contributor):
    page = make_page(workspace, manager, title="Board rules", change_access=Access.MANAGERS)
    assert as_user(contributor).post(url_for("edit", workspace, page), edit_data(page, text="x")).status_code == 403
    assert Page.objects.get(pk=page.pk).version == 1


def test_contributor_cannot_restore_a_deleted_page(as_user, workspace, manager, contributor, home):
    page_delete(actor=manager, page=home)
    assert as_user(contributor).post(url_for("undelete", workspace, home)).status_code == 404
    assert Page.objects.get(pk=home.pk).is_deleted


@pytest.mark.parametrize("persona", ["manager", "site_admin"])
def test_managers_and_site_admins_delete_and_restore(as_user, workspace, personas, home, persona):
    client = as_user(personas[persona])
    assert client.post(url_for("delete", workspace, home)).status_code == 302
    assert Page.objects.get(pk=home.pk).is_deleted
    assert client.post(url_for("undelete", workspace, home)).status_code == 302
    assert not Page.objects.get(pk=home.pk).is_deleted


def test_page_of_another_workspace_is_not_found_through_this_one(as_user, workspace, public_workspace, manager):
    elsewhere = make_page(public_workspace, manager, title="Elsewhere")
    client = as_user(manager)  # manager of both: still 404, pages never reach across workspaces
    for name in ("page", "edit", "move", "delete", "history", "diff"):
        assert client.get(url_for(name, workspace, elsewhere)).status_code == 404, name
    assert client.post(url_for("delete", workspace, elsewhere)).status_code == 404
    assert not Page.objects.get(pk=elsewhere.pk).is_deleted


def test_team_page_is_hidden_from_members_outside_the_team(as_user, workspace, manager, contributor, reader):
    team = make_team(workspace, "Task force", members=[contributor])
    page = make_page(workspace, manager, title="Task force plan", view_access=Access.TEAMS, view_teams=[team])
    assert as_user(contributor).get(url_for("page", workspace, page)).status_code == 200
    assert as_user(reader).get(url_for("page", workspace, page)).status_code == 404
    assert "Task force plan" not in as_user(reader).get(url_for("index", workspace)).content.decode()
    assert "Task force plan" not in as_user(reader).get(url_for("changes", workspace)).content.decode()


def test_editor_who_did_not_create_the_page_cannot_change_who_sees_it(as_user, workspace, manager, contributor, home):
    client = as_user(contributor)
    assert 'name="view_access"' not in client.get(url_for("edit", workspace, home)).content.decode()
    response = client.post(url_for("edit", workspace, home), edit_data(home, text="New", view_access=Access.MANAGERS))
    assert response.status_code == 302
    page = Page.objects.get(pk=home.pk)
    assert (page.text, page.view_access) == ("New", Access.ANYONE)


def test_disabled_tool_is_not_found(as_user, workspace, manager, home):
    workspace.enabled_tools = ["links"]
    workspace.save(update_fields=["enabled_tools"])
    client = as_user(manager)
    for name, page in (("index", None), ("create", None), ("page", home), ("edit", home), ("history", home)):
        assert client.get(url_for(name, workspace, page)).status_code == 404, name


def test_archived_workspace_can_be_read_but_not_changed(as_user, workspace, manager, home):
    workspace.is_archived = True
    workspace.save(update_fields=["is_archived"])
    client = as_user(manager)
    assert client.get(url_for("page", workspace, home)).status_code == 200
    for name in ("edit", "move", "delete"):
        response = client.get(url_for(name, workspace, home))
        assert response.status_code == 403 and b"archived" in response.content, name
    html = client.get(url_for("page", workspace, home)).content.decode()
    assert url_for("edit", workspace, home) not in html
