"""Check-out and check-in: others see who holds a document and since when; managers can
release a lock (audited, and the holder is told)."""

from unittest import mock

import pytest
from django.utils import timezone

from documents.models import Document
from documents.services import (
    LockHeld,
    document_check_in,
    document_check_out,
    document_delete,
    document_update_details,
)
from notifications.models import Notification
from workspaces.models import AuditEntry

from .builders import url_for


def test_checking_out_shows_who_holds_it_and_since_when(as_user, workspace, contributor, reader, paper):
    response = as_user(contributor).post(url_for("check_out", workspace, paper))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.locked_by == contributor and paper.locked_at is not None
    html = as_user(reader).get(paper.get_absolute_url()).content.decode()
    assert "Locked for editing by Chris Contributor" in html and paper.locked_at.strftime("%Y-%m-%d") in html
    listing = as_user(reader).get(url_for("folder", workspace, folder_id=paper.folder_id)).content.decode()
    assert "Locked by Chris Contributor" in listing


def test_a_second_person_cannot_check_it_out(as_user, workspace, contributor, manager, paper):
    document_check_out(actor=contributor, document=paper)
    response = as_user(manager).post(url_for("check_out", workspace, paper), follow=True)
    assert "Chris Contributor has locked this document for editing" in response.content.decode()
    paper.refresh_from_db()
    assert paper.locked_by == contributor


def test_only_the_holder_checks_it_in(as_user, workspace, contributor, manager, paper):
    document_check_out(actor=contributor, document=paper)
    assert document_check_in(actor=manager, document=paper) is False
    as_user(contributor).post(url_for("check_in", workspace, paper))
    paper.refresh_from_db()
    assert paper.locked_by is None


def test_while_checked_out_others_get_no_buttons_to_change_it(as_user, workspace, contributor, manager, paper, draft):
    for document in (paper, draft):
        document_check_out(actor=contributor, document=document)
        html = as_user(manager).get(document.get_absolute_url()).content.decode()
        assert "Upload a new version" not in html and "Edit document" not in html
        assert "Unlock it (managers)" in html
        mine = as_user(contributor).get(document.get_absolute_url()).content.decode()
        assert "You have locked this document for editing" in mine and ">Unlock<" in mine


def test_a_manager_releases_a_lock_and_it_is_audited_and_the_holder_told(as_user, workspace, contributor, manager,
                                                                        paper):
    document_check_out(actor=contributor, document=paper)
    client = as_user(manager)
    assert "Chris Contributor has had it locked for editing since" in client.get(
        url_for("break_lock", workspace, paper)).content.decode()
    client.post(url_for("break_lock", workspace, paper))
    paper.refresh_from_db()
    assert paper.locked_by is None
    entry = AuditEntry.objects.get(action="document.lock_broken")
    assert entry.actor == manager and entry.before["locked_by"] == "contributor@example.org"
    assert Notification.objects.filter(recipient=contributor, activity__verb="documents.lock_broken").exists()


def test_a_contributor_cannot_release_someone_elses_lock(as_user, workspace, contributor, manager, paper):
    document_check_out(actor=manager, document=paper)
    assert as_user(contributor).post(url_for("break_lock", workspace, paper)).status_code == 403
    paper.refresh_from_db()
    assert paper.locked_by == manager and not AuditEntry.objects.filter(action="document.lock_broken").exists()


def test_saving_a_written_document_can_check_it_in(as_user, workspace, contributor, draft):
    document_check_out(actor=contributor, document=draft)
    as_user(contributor).post(url_for("edit", workspace, draft), {"text": "New text", "note": "",
                                                                 "loaded_version": 1, "check_in": "on"})
    draft.refresh_from_db()
    assert draft.version == 2 and draft.locked_by is None


def test_saving_without_checking_in_keeps_the_lock(as_user, workspace, contributor, draft):
    document_check_out(actor=contributor, document=draft)
    as_user(contributor).post(url_for("edit", workspace, draft), {"text": "New text", "note": "", "loaded_version": 1})
    draft.refresh_from_db()
    assert draft.version == 2 and draft.locked_by == contributor


def _details(document, **overrides):
    return {"title": document.title, "folder": document.folder_id or "", "description": "", "coauthors": "",
            "view_access": "anyone", "change_access": "members", **overrides}


def test_while_checked_out_nobody_else_renames_moves_or_describes_it(as_user, workspace, contributor, manager,
                                                                    site_admin, paper):
    document_check_out(actor=contributor, document=paper)
    for person in (manager, site_admin):
        client = as_user(person)
        refused = client.get(url_for("details", workspace, paper))
        assert refused.status_code == 403
        assert "Chris Contributor has locked this document for editing" in refused.content.decode()
        response = client.post(url_for("details", workspace, paper), _details(paper, title="Renamed", folder=""))
        assert response.status_code == 403
    paper.refresh_from_db()
    assert paper.title == "March minutes" and paper.folder_id is not None
    holder = as_user(contributor).post(url_for("details", workspace, paper), _details(paper, title="Renamed"))
    assert holder.status_code == 302 and Document.objects.get(pk=paper.pk).title == "Renamed"


def test_while_checked_out_not_even_a_manager_deletes_it_but_may_release_it_first(as_user, workspace, contributor,
                                                                                 manager, paper):
    document_check_out(actor=contributor, document=paper)
    client = as_user(manager)
    response = client.post(url_for("delete", workspace, paper))
    assert response.status_code == 403 and "unlock it first" in response.content.decode()
    assert not Document.objects.get(pk=paper.pk).is_deleted
    client.post(url_for("break_lock", workspace, paper))
    assert client.post(url_for("delete", workspace, paper)).status_code == 302
    assert Document.objects.get(pk=paper.pk).is_deleted


def test_a_check_out_between_opening_the_details_and_saving_them_is_said_on_the_form(as_user, workspace,
                                                                                    contributor, manager, paper):
    # The policy let the page in; the service, under the row lock, finds the lock taken since.
    from documents.services import library

    real = library.locked

    def checked_out_meanwhile(document):
        Document.objects.filter(pk=document.pk).update(locked_by=contributor, locked_at=timezone.now())
        return real(document)

    with mock.patch.object(library, "locked", checked_out_meanwhile):
        response = as_user(manager).post(url_for("details", workspace, paper),
                                         _details(paper, title="Renamed", description="Why it matters"))
    html = response.content.decode()
    assert response.status_code == 200 and "Chris Contributor has locked this document for editing" in html
    assert "Why it matters" in html and Document.objects.get(pk=paper.pk).title == "March minutes"
    document_check_out(actor=contributor, document=paper)  # (the one above was rolled back with the refusal)
    with pytest.raises(LockHeld):
        document_update_details(actor=manager, document=paper, title="Renamed")
    with pytest.raises(LockHeld):
        document_delete(actor=manager, document=paper)


def test_while_checked_out_others_may_still_read_comment_and_ask_for_a_review(as_user, workspace, contributor,
                                                                              manager, reader, paper):
    document_check_out(actor=contributor, document=paper)
    client = as_user(manager)
    assert "Ask for a review" in client.get(paper.get_absolute_url()).content.decode()
    response = client.post(url_for("review_request", workspace, paper),
                           {"reviewers": "reader@example.org", "due_on": "2099-12-31", "message": ""})
    assert response.status_code == 302 and paper.reviews.exists()
