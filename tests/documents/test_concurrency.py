"""Two people checking out, or saving, the same document (or answering the same review) at the
same moment: the row lock makes the second wait for the first, then see what the first did, in
the locked row and in the rows read with it. Real concurrent connections, so PostgreSQL only
(SQLite serialises every write and proves nothing here)."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from documents.models import Document, Folder, Reviewer
from documents.services import (
    DocumentConflict,
    DocumentGone,
    LockHeld,
    document_check_out,
    document_edit,
    folder_create,
    folder_rename,
    review_answer,
    review_request,
)
from workspaces.kit.services import locked_row

from .builders import make_file_document, make_written

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as exc:  # the outcome under test, reported to the main thread
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _race(row, first_change, second):
    """first_change(current) runs with `row` locked and commits only when told; second()
    starts meanwhile and must wait for it."""
    holds, may_commit, results = threading.Event(), threading.Event(), {}

    def first():
        with transaction.atomic():
            first_change(locked_row(row))
            holds.set()
            may_commit.wait(10)
        return "committed"

    def later():
        holds.wait(10)
        return second()

    threads = [in_thread(first, results, "first"), in_thread(later, results, "second")]
    holds.wait(10)
    time.sleep(0.5)
    assert "second" not in results, "the second change did not wait for the first"
    may_commit.set()
    for thread in threads:
        thread.join(20)
    assert results["first"] == "committed"
    return results["second"]


def test_the_second_person_to_check_out_is_told_who_has_it(workspace, manager, contributor):
    document = make_file_document(workspace, manager, title="Contested")

    def take(current):
        current.locked_by = manager
        current.save(update_fields=["locked_by"])

    outcome = _race(document, take, lambda: document_check_out(actor=contributor, document=document))
    assert isinstance(outcome, LockHeld) and outcome.document.locked_by == manager
    assert Document.objects.get(pk=document.pk).locked_by == manager


def test_two_overlapping_saves_at_once_never_overwrite_each_other(workspace, manager, contributor):
    document = make_written(workspace, manager, title="Plan", text="The budget is 10 million.\n")

    def save_first(current):
        document_edit(actor=manager, document=current, text="The budget is 12 million.\n", base_version=1)

    outcome = _race(document, save_first, lambda: document_edit(actor=contributor, document=document,
                                                                 text="The budget is 9 million.\n", base_version=1))
    assert isinstance(outcome, DocumentConflict)
    assert Document.objects.get(pk=document.pk).text == "The budget is 12 million.\n"


def test_an_answer_that_waited_for_the_review_reads_the_document_as_it_is_after_the_wait(workspace, manager, reader):
    # The review's lock is waited for; the document read with it must not be the one from before
    # the wait (in one locking query PostgreSQL re-reads only the locked row).
    document = make_written(workspace, manager, title="Plan")
    review = review_request(actor=manager, document=document, reviewers=[reader],
                            due_on=timezone.localdate() + timedelta(days=7))

    def delete_the_document(current_review):
        Document.objects.filter(pk=document.pk).update(is_deleted=True)

    outcome = _race(review, delete_the_document,
                    lambda: review_answer(actor=reader, review=review, decision=Reviewer.Decision.APPROVED))
    assert isinstance(outcome, DocumentGone), outcome
    assert not Reviewer.objects.filter(review=review, decision=Reviewer.Decision.APPROVED).exists()


def test_two_folders_moved_into_each_other_at_once_one_move_wins(monkeypatch, caplog, workspace, manager):
    # Each move pauses (a moment at most) once it holds its locks, so that both would hold theirs
    # before either writes; the kit's tree lock makes the second wait for the first instead (no
    # deadlock, which the kit would have to run again), then see the first folder inside the
    # second and refuse (no loop).
    caplog.set_level("INFO", logger="workspaces.kit.services")
    from documents.services import common, library

    first = folder_create(actor=manager, workspace=workspace, title="First")
    second = folder_create(actor=manager, workspace=workspace, title="Second")
    barrier, check = threading.Barrier(2), common.check_folder_move

    def meet_then_check(*args):
        try:
            barrier.wait(timeout=3)
        except threading.BrokenBarrierError:  # the other is waiting for our lock: as it should
            pass
        return check(*args)

    monkeypatch.setattr(library, "check_folder_move", meet_then_check)
    results = {}
    threads = [in_thread(lambda: folder_rename(actor=manager, folder=first, title="First", parent=second), results,
                         "first"),
               in_thread(lambda: folder_rename(actor=manager, folder=second, title="Second", parent=first), results,
                         "second")]
    for thread in threads:
        thread.join(30)

    outcomes = [results["first"], results["second"]]
    assert "lost a race" not in caplog.text
    assert [isinstance(o, Folder) for o in outcomes].count(True) == 1, outcomes
    refused = next(o for o in outcomes if not isinstance(o, Folder))
    assert isinstance(refused, ValidationError) and "cannot go in itself" in refused.messages[0], refused
    folders = {f.pk: f for f in Folder.objects.all()}
    for folder in folders.values():
        assert folder.parent_id is None or folders[folder.parent_id].parent_id != folder.pk
        expected = f"{folders[folder.parent_id].path if folder.parent_id else '/'}{folder.pk}/"
        assert folder.path == expected
