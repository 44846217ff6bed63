"""Who may do what to a document, written out per persona (never derived from the code):
readers read and download; contributors upload, write and check out; managers also delete,
restore and release locks; co-authors may change what they co-author; deny by default."""

import pytest

from documents.models import Document
from documents.services import document_check_out, document_delete
from workspaces.models import Access
from workspaces.permissions import can, decide, visible

from ..builders import make_team
from .builders import make_file_document, make_written, url_for

PERSONAS = ["anonymous", "outsider", "reader", "contributor", "manager", "site_admin"]


def _user(personas, name):
    from django.contrib.auth.models import AnonymousUser

    return personas[name] or AnonymousUser()


TABLE = {
    #                               anonymous outsider reader contributor manager site_admin
    "documents.view_document":     (False, False, True, True, True, True),
    "documents.comment_document":  (False, False, False, True, True, True),
    "documents.change_document":   (False, False, False, True, True, True),
    "documents.review_document":   (False, False, False, True, True, True),
    "documents.delete_document":   (False, False, False, False, True, True),
    "documents.unlock_document":   (False, False, False, False, True, True),
}


@pytest.mark.parametrize("perm", sorted(TABLE))
def test_rights_on_a_document_open_to_members(perm, personas, paper):
    got = tuple(can(_user(personas, p), perm, paper) for p in PERSONAS)
    assert got == TABLE[perm]


def test_a_co_author_may_change_a_document_only_managers_may_otherwise_change(workspace, manager, contributor,
                                                                              personas):
    restricted = make_written(workspace, manager, title="Board paper", change_access=Access.MANAGERS)
    other = personas["contributor"]
    assert not can(other, "documents.change_document", restricted)
    shared = make_written(workspace, manager, title="Joint paper", change_access=Access.MANAGERS,
                          coauthors=[contributor])
    assert can(contributor, "documents.change_document", shared)
    assert not can(contributor, "documents.delete_document", shared)


def test_even_its_author_cannot_delete_a_document_unless_a_manager(workspace, contributor):
    mine = make_file_document(workspace, contributor, title="My paper")
    assert can(contributor, "documents.change_document", mine)
    assert not can(contributor, "documents.delete_document", mine)


def test_a_deleted_document_is_seen_by_managers_only(workspace, manager, contributor, reader, site_admin, paper):
    document_delete(actor=manager, document=paper)
    paper.refresh_from_db()
    assert [can(u, "documents.view_document", paper) for u in (reader, contributor, manager, site_admin)] == [
        False, False, True, True]
    everything = Document.objects.filter(workspace=paper.workspace)
    assert not visible(contributor, everything).exists() and visible(manager, everything).exists()


def test_a_team_limited_document_is_hidden_from_others_everywhere(as_user, workspace, manager, contributor, reader,
                                                                  folder):
    team = make_team(workspace, "Board", members=[contributor])
    secret = make_file_document(workspace, manager, title="Board secrets", folder=folder, view_access=Access.TEAMS,
                                view_teams=[team])
    for user, sees in ((reader, False), (contributor, True), (manager, True)):
        client = as_user(user)
        assert (client.get(secret.get_absolute_url()).status_code == 200) is sees
        assert (client.get(url_for("download", workspace, secret, number=1)).status_code == 200) is sees
        listing = client.get(url_for("folder", workspace, folder_id=folder.pk)).content.decode()
        search = client.get(url_for("index", workspace) + "?q=secrets").content.decode()
        assert ("Board secrets" in listing) is sees and ("Board secrets" in search) is sees


def test_only_its_author_and_managers_set_who_may_see_a_document(as_user, workspace, manager, contributor, paper):
    html = as_user(contributor).get(url_for("details", workspace, paper)).content.decode()
    assert 'name="view_access"' not in html and "Only the person who added the document" in html
    assert 'name="view_access"' in as_user(manager).get(url_for("details", workspace, paper)).content.decode()


# Checked out by the contributor: nobody else may change it, rename or move it (its details),
# set who sees it, or delete it — managers and site admins included, who may release the lock
# instead (audited, the holder told); reading, commenting and asking for reviews go on.
CHECKED_OUT_BY_CONTRIBUTOR = {
    #                               anonymous outsider reader contributor manager site_admin
    "documents.view_document":     (False, False, True, True, True, True),
    "documents.comment_document":  (False, False, False, True, True, True),
    "documents.change_document":   (False, False, False, True, False, False),
    "documents.review_document":   (False, False, False, True, True, True),
    "documents.restrict_document": (False, False, False, False, False, False),
    "documents.delete_document":   (False, False, False, False, False, False),
    "documents.unlock_document":   (False, False, False, False, True, True),
}
# Checked out by the manager: the same, the other way round.
CHECKED_OUT_BY_MANAGER = {
    #                               anonymous outsider reader contributor manager site_admin
    "documents.change_document":   (False, False, False, False, True, False),
    "documents.restrict_document": (False, False, False, False, True, False),
    "documents.delete_document":   (False, False, False, False, True, False),
}


@pytest.mark.parametrize("perm", sorted(CHECKED_OUT_BY_CONTRIBUTOR))
def test_rights_on_a_document_someone_checked_out(perm, personas, paper):
    document_check_out(actor=personas["contributor"], document=paper)
    checked_out = Document.objects.select_related("locked_by").get(pk=paper.pk)
    assert tuple(can(_user(personas, p), perm, checked_out) for p in PERSONAS) == CHECKED_OUT_BY_CONTRIBUTOR[perm]


@pytest.mark.parametrize("perm", sorted(CHECKED_OUT_BY_MANAGER))
def test_rights_on_a_document_the_manager_checked_out(perm, personas, paper):
    document_check_out(actor=personas["manager"], document=paper)
    checked_out = Document.objects.select_related("locked_by").get(pk=paper.pk)
    assert tuple(can(_user(personas, p), perm, checked_out) for p in PERSONAS) == CHECKED_OUT_BY_MANAGER[perm]


def test_the_refusal_names_who_holds_it_and_tells_a_manager_to_release_it_first(personas, paper):
    document_check_out(actor=personas["contributor"], document=paper)
    checked_out = Document.objects.select_related("locked_by").get(pk=paper.pk)
    refused = decide(personas["site_admin"], "documents.change_document", checked_out)
    assert refused.reason.startswith("Chris Contributor has locked this document for editing (since ")
    assert "unlock it first" in decide(personas["manager"], "documents.delete_document", checked_out).reason
