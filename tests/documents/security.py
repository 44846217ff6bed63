"""Documents: what each persona gets from each URL of the library, and the objects those URLs
point at. Collected by the security walker (tests/security/tables.py documents the names)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.services import (
    document_delete,
    document_upload,
    document_write,
    folder_create,
    review_request,
)
from moderation.models import QueueEntry
from workspaces.kit.comments import add_comment

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

PDF = b"%PDF-1.4\n%%EOF\n"

# name: marker, then anonymous, outsider, reader, contributor, manager, site_admin — on the
# PRIVATE workspace.
MATRIX = {
    # Documents. The library has a folder, an uploaded PDF and a document written here (both by the
    # manager, open to all members, changeable by contributors), a deleted document, a review of
    # the written one asked of the reader, and a comment by the manager.
    "documents:index": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:folder": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:detail": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:versions": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    "documents:version": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:compare": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:download": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    "documents:print": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:review": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    # Contributors add, write, upload versions, check out and ask for reviews.
    "documents:folder_create": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                               "site_admin": 200},
    "documents:upload": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:write": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:details": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:edit": {"access": WORKSPACE,
                      "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "documents:upload_version": {"access": WORKSPACE,
                                "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                                "site_admin": 200},
    "documents:review_request": {"access": WORKSPACE,
                                "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                                "site_admin": 200},
    # POST only: a GET is refused (405) once the permission check has passed.
    "documents:check_out": {"access": WORKSPACE,
                           "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 405, "manager": 405,
                           "site_admin": 405},
    "documents:check_in": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 405, "manager": 405,
                          "site_admin": 405},
    "documents:review_withdraw": {"access": WORKSPACE,
                                 "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 405, "manager": 405,
                                 "site_admin": 405},
    # Managers rename and delete folders, delete and restore documents, break locks, remove
    # others' comments; a deleted document is not found by anyone else.
    "documents:folder_rename": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                               "site_admin": 200},
    "documents:folder_delete": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                               "site_admin": 200},
    "documents:delete": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
    "documents:restore": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 404, "manager": 200,
                         "site_admin": 200},
    "documents:deleted": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                         "site_admin": 200},
    "documents:break_lock": {"access": WORKSPACE,
                            "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                            "site_admin": 200},
}

# The same pages on the PUBLIC workspace: anyone reads; only members take part.
PUBLIC_MATRIX = {
    "documents:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:detail": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:download": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
    "documents:upload": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:restore": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 404, "manager": 200,
                          "site_admin": 200},
}

# An archived workspace is read-only, even for its managers: GET outcomes for the manager and
# the site admin.
ARCHIVED = {
    "documents:index": 200,
    "documents:detail": 200,
    "documents:download": 200,
    "documents:review": 200,
    "documents:upload": 403,
    "documents:write": 403,
    "documents:edit": 403,
    "documents:details": 403,
    "documents:upload_version": 403,
    "documents:review_request": 403,
    "documents:folder_create": 403,
    "documents:delete": 403,
    "documents:break_lock": 403,
}

# Where a POST is answered differently from a GET.
POST_MATRIX = {
    # Documents: contributors check out and in; the reader is the one asked to review; whoever
    # asked (the manager) or any manager may withdraw the review; contributors comment.
    "documents:check_out": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT,
                            "manager": REDIRECT, "site_admin": REDIRECT},
    "documents:check_in": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT,
                           "manager": REDIRECT, "site_admin": REDIRECT},
    "documents:review": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": 403, "manager": 403,
                         "site_admin": 403},
    "documents:review_withdraw": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                                  "manager": REDIRECT, "site_admin": REDIRECT},
}

# What a POST sends: data a permitted person's POST would succeed with.
POST_DATA = {
    "documents:folder_create": {"title": "Injected"},
    "documents:folder_rename": {"title": "Renamed"},
    "documents:folder_delete": {},
    "documents:upload": {"file": SimpleUploadedFile("evil.pdf", PDF), "title": "Injected", "folder": "",
                         "description": "", "note": "", "view_access": "anyone", "change_access": "members"},
    "documents:write": {"title": "Injected", "folder": "", "description": "", "text": "x", "coauthors": "",
                        "note": "", "view_access": "anyone", "change_access": "members"},
    "documents:details": {"title": "Defaced", "folder": "", "description": "", "coauthors": "",
                          "view_access": "anyone", "change_access": "members"},
    "documents:edit": {"text": "Defaced", "note": "", "loaded_version": "1"},
    "documents:upload_version": {"file": SimpleUploadedFile("evil.pdf", PDF), "note": ""},
    "documents:delete": {},
    "documents:restore": {},
    "documents:check_out": {},
    "documents:check_in": {},
    "documents:break_lock": {},
    "documents:review_request": {"reviewers": "contributor@example.org", "due_on": "2099-12-31", "message": ""},
    "documents:review": {"decision": "approved", "comment": ""},
    "documents:review_withdraw": {},
}

# POST-only actions: a permitted POST must have this effect.
EFFECTS = {
    "documents:delete": lambda place: type(place.document).objects.get(pk=place.document.pk).is_deleted,
    "documents:restore": lambda place: not type(place.document).objects.get(pk=place.deleted_document.pk).is_deleted,
    "documents:check_out": lambda place: (
        type(place.document).objects.get(pk=place.document.pk).locked_by_id is not None),
    "documents:review_withdraw": lambda place: type(place.review).objects.get(pk=place.review.pk).status == "cancelled",
}

# URL argument -> how to fill it from the place (every URL of the tool); per-URL entries win.
URL_KWARGS = {
    "number": lambda place: 1,
    "folder_id": lambda place: place.folder.pk,
    "review_id": lambda place: place.review.pk,
}
_DOCUMENT = {"pk": lambda place: place.document.pk}
_WRITTEN = {"pk": lambda place: place.written_document.pk}
NAME_KWARGS = {
    **{f"documents:{name}": _DOCUMENT for name in (
        "detail", "details", "delete", "upload_version", "versions", "version", "download", "check_out", "check_in",
        "break_lock")},
    **{f"documents:{name}": _WRITTEN for name in (
        "edit", "print", "compare", "review_request", "review", "review_withdraw")},
    "documents:restore": {"pk": lambda place: place.deleted_document.pk},
}


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build(place, personas):
    """A folder; an uploaded PDF in it and a document written here (both by the manager, open
    to all members, changeable by contributors); a deleted document; a review of the written
    one asked of the reader; a comment by the manager on the uploaded one."""
    workspace, manager, reader = place.workspace, personas["manager"], personas["reader"]
    folder = folder_create(actor=manager, workspace=workspace, title="Minutes")
    document = document_upload(actor=manager, workspace=workspace, folder=folder, title="March minutes", upload=pdf())
    written = document_write(actor=manager, workspace=workspace, title="Evaluation plan", text="# Aims\n\nTo learn.")
    gone = document_upload(actor=manager, workspace=workspace, title="Old agenda", upload=pdf("agenda.pdf"))
    document_delete(actor=manager, document=gone)
    review = review_request(actor=manager, document=written, reviewers=[reader],
                            due_on=timezone.localdate() + timedelta(days=7))
    # On the uploaded document: the comments app's rows (tests/security/matrix.py) point at it.
    comment = add_comment(actor=manager, item=document, body="Approved at the April meeting.")
    # ... and the moderation queue holds it (as if reported), so the queue's policy has a row.
    QueueEntry.objects.create(workspace=workspace, target_type=ContentType.objects.get_for_model(comment),
                              target_id=comment.pk, author=manager, why="reported", excerpt=comment.body)
    for item in (document, written, gone):
        item.refresh_from_db()
    return {"folder": folder, "document": document, "written_document": written, "deleted_document": gone,
            "review": review, "document_comment": comment}
