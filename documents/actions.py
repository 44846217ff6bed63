"""What a document's page offers to the person looking (workspaces.kit.actions). One primary
action: "Upload a new version" (a file) or "Edit document" (an online document) for those who may
change it, "Download" for a file otherwise; beside it downloading or printing and asking for a
review; under "More actions" the versions, locking for editing, renaming or moving, deleting."""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can


def document_actions(user, document, *, may_change):
    """may_change: can(user, "documents.change_document", document), which the page needs too."""
    key = (document.workspace.slug, document.pk)
    may_delete = can(user, "documents.delete_document", document)
    may_review = can(user, "documents.review_document", document)
    if document.is_file:
        download = Action(f"Download ({filesizeformat(document.file_size)})",
                          reverse("documents:download", args=(*key, document.version)),
                          download=True, hidden=document.file_name)
        upload = Action("Upload a new version", reverse("documents:upload_version", args=key))
        primary = upload if may_change else download
        first = download if may_change else None
    else:
        edit = Action("Edit document", reverse("documents:edit", args=key), hidden=document.title)
        primary = edit if may_change else None
        first = Action("Print or save as PDF", reverse("documents:print", args=key))
    lockable = may_change and not document.locked_by_id
    return ItemActions(
        primary=primary,
        secondary=[
            first,
            Action("Ask for a review", reverse("documents:review_request", args=key)) if may_review else None,
        ],
        more=[
            Action("All versions", reverse("documents:versions", args=key), hidden=f"of {document.title}"),
            Action("Lock for editing", reverse("documents:check_out", args=key), post=True) if lockable else None,
            Action("Rename, move or describe", reverse("documents:details", args=key)) if may_change else None,
            Action("Delete", reverse("documents:delete", args=key), danger=True, hidden=document.title)
            if may_delete else None,
        ],
    )


def library_actions(user, workspace, folder=None):
    """The library's front page (folder None) or a folder: "Upload a file" first, writing an
    online document and a new folder beside it; renaming, moving and deleting the folder (or the
    deleted documents, on the front page) under "More actions"."""
    may_add = can(user, "documents.add_document", workspace)
    may_manage = can(user, "documents.change_folder", workspace)
    slug = workspace.slug
    into, under = (f"?folder={folder.pk}", f"?parent={folder.pk}") if folder else ("", "")
    hidden_in = f"in {folder.title}" if folder else ""
    return ItemActions(
        primary=Action("Upload a file", reverse("documents:upload", args=[slug]) + into,
                       hidden=f"to {folder.title}" if folder else "") if may_add else None,
        secondary=[
            Action("Write an online document", reverse("documents:write", args=[slug]) + into) if may_add else None,
            Action("New folder", reverse("documents:folder_create", args=[slug]) + under, hidden=hidden_in)
            if may_add else None,
        ],
        more=[
            Action("Rename or move", reverse("documents:folder_rename", args=[slug, folder.pk]), hidden=folder.title)
            if folder and may_manage else None,
            Action("Deleted documents", reverse("documents:deleted", args=[slug]))
            if not folder and may_manage else None,
            Action("Delete", reverse("documents:folder_delete", args=[slug, folder.pk]), danger=True,
                   hidden=f"the folder {folder.title}") if folder and may_manage else None,
        ],
    )
