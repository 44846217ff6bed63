"""The library: its front page and folders (listing, search), adding, renaming (or moving) and
deleting folders, and the managers' list of deleted documents."""

from django.contrib import messages
from django.shortcuts import redirect, render

from workspaces.kit.views import confirmed, workspace_view
from workspaces.lib.pagination import paginate

from .. import selectors, services
from ..actions import library_actions
from ..forms import FolderForm
from .common import attempt, crumbs, doc_url, index_url

FOLDERS_PER_PAGE = 50
SAME_MOMENT = "Someone added a folder with the same name at the same moment. Choose another name."


def _listing(request, folder):
    workspace, user = request.workspace, request.user
    query = " ".join(request.GET.get("q", "").split())[:200]
    context = {"workspace": workspace, "folder": folder, "query": query,
               "actions": library_actions(user, workspace, folder)}
    if query:
        context["page_obj"] = paginate(request, selectors.search(user, workspace, query))
        context["folders"] = None
    else:
        context["page_obj"] = paginate(request, selectors.folder_documents(user, workspace, folder))
        context["folders"] = paginate(request, selectors.subfolders(workspace, folder), FOLDERS_PER_PAGE,
                                      param="folders")
    return context


@workspace_view("documents.view_document")
def index(request):
    context = _listing(request, None)
    context["waiting"], context["waiting_count"] = selectors.waiting_for(request.user, request.workspace)
    context["crumbs"] = crumbs(request)
    return render(request, "documents/folder_detail.html", context)


@workspace_view("documents.view_document")
def folder(request, folder_id):
    folder = selectors.get_folder(request.workspace, folder_id)
    context = _listing(request, folder)
    context["crumbs"] = crumbs(request, folder)
    return render(request, "documents/folder_detail.html", context)


@workspace_view("documents.add_folder")
def folder_create(request):
    workspace = request.workspace
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if parent_id and parent_id.isdigit():
        parent = selectors.get_folder(workspace, int(parent_id))
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = attempt(form, lambda: services.folder_create(actor=request.user, workspace=workspace, parent=parent,
                                                               title=form.cleaned_data["title"]), SAME_MOMENT)
        if created is not None:
            messages.success(request, f"Folder “{created.title}” added.")
            return redirect(created)
    return render(request, "documents/folder_form.html", {
        "workspace": workspace, "form": form, "parent": parent,
        "crumbs": crumbs(request, parent, None, ("New folder", "")),
    })


@workspace_view("documents.change_folder")
def folder_rename(request, folder_id):
    folder = selectors.get_folder(request.workspace, folder_id)
    form = FolderForm(request.POST or None, initial={"title": folder.title}, folder=folder)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services.folder_rename(actor=request.user, folder=folder,
                                                             **form.service_kwargs()), SAME_MOMENT)
        if saved is not None:
            messages.success(request, f"Folder “{saved.title}” saved.")
            saved.workspace = request.workspace
            return redirect(saved)
    return render(request, "documents/folder_form.html", {
        "workspace": request.workspace, "form": form, "folder": folder,
        "crumbs": crumbs(request, folder, None, ("Rename or move", "")),
    })


@workspace_view("documents.delete_folder")
def folder_delete(request, folder_id):
    folder = selectors.get_folder(request.workspace, folder_id)
    parent = folder.parent
    done, problem = confirmed(request, lambda: services.folder_delete(actor=request.user, folder=folder))
    if done:
        messages.success(request, f"Folder “{folder.title}” deleted.")
        if parent is not None:
            parent.workspace = request.workspace
            return redirect(parent)
        return redirect(index_url(request.workspace))
    return render(request, "documents/folder_delete.html", {
        "workspace": request.workspace, "folder": folder, "problem": problem, "cancel_url": folder.get_absolute_url(),
        "danger": True,
        "crumbs": crumbs(request, folder, None, ("Delete", "")),
    })


@workspace_view("documents.delete_document")
def deleted(request):
    page_obj = paginate(request, selectors.deleted_documents(request.user, request.workspace))
    for document in page_obj:
        document.workspace = request.workspace
        document.restore_url = doc_url(document, "restore")
        document.where = document.folder.title if document.folder else ""
    return render(request, "documents/document_deleted_list.html", {
        "workspace": request.workspace, "page_obj": page_obj,
        "crumbs": crumbs(request, None, None, ("Deleted documents", "")),
    })
