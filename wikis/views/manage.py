"""Moving and renaming pages, deleting them (managers) and bringing them back (managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render

from workspaces.kit.forms import add_service_error
from workspaces.kit.services import Busy
from workspaces.kit.views import confirmed, restore_page, workspace_view
from workspaces.lib.pagination import paginate

from .. import selectors, services
from ..forms import PageMoveForm
from .common import crumbs, index_url, page_url, with_page


@workspace_view("wikis.add_page")
@with_page("wikis.change_page")
def move(request, page):
    form = PageMoveForm(request.POST or None, page=page, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved, changed = services.page_move(
                actor=request.user, page=page, title=data["title"], parent=data["parent"], summary=data["summary"],
                expected_version=data["loaded_version"],
            )
        except services.StaleMove as stale:
            page = stale.current
            data = request.POST.copy()
            data["loaded_version"] = str(page.version)
            form = PageMoveForm(data, page=page, user=request.user)
            form.is_valid()
            who = page.updated_by.name if page.updated_by else "Someone"
            form.add_error(None, f"{who} changed this page while you had this form open; it is now called "
                                 f"“{page.title}”. Check the title and place below and save again.")
        except ValidationError as exc:
            add_service_error(form, exc)
        except IntegrityError:
            form.add_error("title", "Someone gave a page this title at the same moment. Choose another title.")
        except Busy as busy:
            form.add_error(None, busy.message)
        except services.PageGone:
            messages.error(request, "This page was deleted meanwhile, so it was not moved.")
            return redirect(index_url(request.workspace))
        else:
            messages.success(request, f"Page “{moved.title}” moved." if changed else "Nothing was changed.")
            return redirect(moved)
    return render(
        request,
        "wikis/page_move.html",
        {"workspace": request.workspace, "page": page, "form": form,
         "crumbs": crumbs(request, page, ("Move or rename", ""))},
    )


@workspace_view("wikis.add_page")
@with_page("wikis.delete_page")
def delete(request, page):
    done, problem = confirmed(request, lambda: services.page_delete(actor=request.user, page=page))
    if done:
        messages.success(request, f"Page “{page.title}” deleted. Managers can restore it from “Deleted pages”.")
        return redirect(index_url(request.workspace))
    return render(
        request,
        "wikis/page_delete.html",
        {"workspace": request.workspace, "page": page, "problem": problem,
         "subpage_count": selectors.subpages(request.user, page).count(),
         "cancel_url": page_url(page), "danger": True, "crumbs": crumbs(request, page, ("Delete", ""))},
    )


@workspace_view("wikis.add_page")
@with_page("wikis.delete_page", deleted="show")
def undelete(request, page):
    return restore_page(
        request, page, lambda: services.page_undelete(actor=request.user, page=page),
        template="wikis/page_undelete.html", restored=f"Page “{page.title}” restored.",
        context={"workspace": request.workspace, "page": page, "crumbs": crumbs(request, page, ("Restore", ""))})


@workspace_view("wikis.delete_page")
def deleted(request):
    workspace = request.workspace
    page_obj = paginate(request, selectors.deleted_pages(request.user, workspace))
    for page in page_obj:
        page.workspace, page.restore_url = workspace, page_url(page, "undelete")
    return render(
        request,
        "wikis/page_deleted_list.html",
        {"workspace": workspace, "page_obj": page_obj, "crumbs": crumbs(request, None, ("Deleted pages", ""))},
    )
