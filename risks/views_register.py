"""Registers (the register part): the list, adding one, its details, deleting and restoring it,
its settings (the one matrix, the categories' appetite), the register table with its heat map,
"as at" a date, the due lists, the exports and the printable board view.

Every view: @workspace_view, then the register through with_item(selectors.get_register, perm)
(require() inside); lists through visible(). Changes are plain POST forms; nothing needs JavaScript."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from workspaces import permissions
from workspaces.kit.services import ChangedMeanwhile
from workspaces.kit.views import attempt, changed_form, confirmed, crumbs, tool_url, with_item, workspace_view
from workspaces.lib.exports import csv_response, xlsx_response
from workspaces.lib.pagination import paginate

from . import exports, selectors, services, services_register, table
from .forms_register import CategoryForm, FilterForm, MapChoiceForm, MatrixForm, RegisterForm, category_forms
from .models import Category, Register

VIEW = "risks.view_register"
CREATE = "risks.create_register"


def _url(register, name):
    return reverse(f"risks:{name}", kwargs={"workspace": register.workspace.slug, "pk": register.pk})


def _crumbs(request, register, *trail):
    return crumbs(request, (register.title, register.get_absolute_url()), *trail)


# --- The list, adding, details, deleting ------------------------------------------------------------


@workspace_view(VIEW)
def index(request):
    workspace = request.workspace
    registers = permissions.visible(request.user, Register.objects.filter(is_deleted=False), within=workspace)
    page = paginate(request, registers.defer("description", "description_html").order_by("title", "id"))
    for register in page.object_list:
        register.workspace = workspace
    return render(request, "risks/index.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request),
        "may_create": permissions.can(request.user, CREATE, workspace),
    })


@workspace_view(CREATE)
def deleted(request):
    workspace = request.workspace
    found = permissions.visible(request.user, Register.objects.all(), within=workspace).filter(
        is_deleted=True).select_related("deleted_by")
    page = paginate(request, found.order_by("-deleted_at", "-id"))
    for register in page.object_list:
        register.workspace = workspace
        register.restore_url = _url(register, "restore")
    return render(request, "risks/deleted.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request, ("Deleted registers", "")),
    })


@workspace_view(CREATE)
def create(request):
    workspace = request.workspace
    form = RegisterForm(request.POST or None, workspace=workspace, initial={"view_access": "members",
                                                                           "change_access": "managers"})
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        register = attempt(form, lambda: services.register_create(actor=request.user, workspace=workspace, **data))
        if register is not None:
            messages.success(request, f"Risk register “{register.title}” added, with the Orange Book's categories "
                                      "and a 5 × 5 matrix: change them in its settings.")
            return redirect(register)
    return render(request, "risks/register_form.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New register", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_register, "risks.change_register")
def edit(request, register):
    workspace = request.workspace

    def make_form(data=None, current=None, **kwargs):
        return RegisterForm(data, instance=copy(current or register), workspace=workspace, **kwargs)

    form = make_form(request.POST or None)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            saved = attempt(form, lambda: services_register.register_update(actor=request.user, register=register,
                                                                            **data))
        except ChangedMeanwhile as exc:
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="the register's details")
        if saved is not None:
            messages.success(request, f"Risk register “{saved.title}” saved.")
            return redirect(saved)
    return render(request, "risks/register_form.html", {
        "workspace": workspace, "form": form, "register": register, "changed": changed,
        "cancel_url": register.get_absolute_url(), "crumbs": _crumbs(request, register, ("Edit", "")),
    })


def _confirm(request, register, *, heading, question, confirm, act, done_message, cancel_url, trail, done_url,
             danger=False):
    done, problem = confirmed(request, act)
    if done:
        messages.success(request, done_message)
        return redirect(done_url)
    return render(request, "risks/register_confirm.html", {
        "workspace": request.workspace, "register": register, "danger": danger, "cancel_url": cancel_url,
        "problem": problem, "heading": heading, "question": question, "confirm": confirm, "crumbs": trail,
    })


@workspace_view(VIEW)
@with_item(selectors.get_register, "risks.delete_register")
def delete(request, register):
    return _confirm(
        request, register, heading=f"Delete the risk register “{register.title}”?",
        question="It and its risks disappear from the list; nothing is lost: managers can restore it from the "
                 "deleted registers.",
        confirm="Delete the register", act=lambda: services_register.register_delete(actor=request.user,
                                                                                     register=register),
        done_message=f"Risk register “{register.title}” deleted. Managers can restore it from “Deleted registers”.",
        cancel_url=register.get_absolute_url(), trail=_crumbs(request, register, ("Delete", "")),
        done_url=tool_url(request), danger=True)


@workspace_view(CREATE)
@with_item(selectors.get_register, "risks.delete_register", deleted="show")
def restore(request, register):
    if not register.is_deleted:
        messages.info(request, f"“{register.title}” is not deleted.")
        return redirect(register)
    return _confirm(
        request, register, heading=f"Restore the risk register “{register.title}”?",
        question="It comes back as it was when deleted, with its risks.", confirm="Restore the register",
        act=lambda: services_register.register_restore(actor=request.user, register=register),
        done_message=f"Risk register “{register.title}” restored.", cancel_url=tool_url(request, "deleted"),
        trail=crumbs(request, ("Deleted registers", tool_url(request, "deleted")), (register.title, "")),
        done_url=register.get_absolute_url())


# --- Settings: the matrix, the categories ----------------------------------------------------------


@workspace_view(VIEW)
@with_item(selectors.get_register, "risks.change_register")
def settings(request, register):
    """The register's one matrix and its categories with their appetite. Each is its own form on
    the page (a hidden `form` says which was sent); a refusal comes back next to its field."""
    which = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    user = request.user
    matrix_form = MatrixForm(data if which == "matrix" else None, register=register)
    add_form = CategoryForm(data if which == "add" else None)
    forms_ = category_forms(register)
    posted = None
    if which in ("category", "remove"):
        number = table._number(request.POST.get("category"))
        posted = next((form for form in forms_ if form.category.pk == number), None)
        if posted is None:
            messages.error(request, "That category is not in this register any more.")
            return redirect(_url(register, "settings"))
    remove_problem, done, message = "", None, ""
    if which == "matrix" and matrix_form.is_valid():
        done = attempt(matrix_form, lambda: services_register.matrix_update(
            actor=user, register=register, **matrix_form.service_kwargs()))
        message = "Matrix saved: the table, the heat map and the exports use it now."
    elif which == "add" and add_form.is_valid():
        done = attempt(add_form, lambda: services_register.category_add(actor=user, register=register,
                                                                         **add_form.service_kwargs()))
        message = "Category added."
    elif which == "category":
        form = CategoryForm(data, category=posted.category)
        forms_ = [form if other is posted else other for other in forms_]
        if form.is_valid():
            done = attempt(form, lambda: services_register.category_update(
                actor=user, category=form.category, **form.service_kwargs()))
            message = f"Category “{form.cleaned_data['name']}” saved."
    elif which == "remove":
        try:
            services_register.category_remove(actor=user, category=posted.category)
            done, message = True, f"Category “{posted.category.name}” removed."
        except ValidationError as exc:
            remove_problem = exc.messages[0]
    if done:
        messages.success(request, message)
        return redirect(_url(register, "settings"))
    counts = dict(Category.objects.filter(register=register).order_by().values_list("pk").annotate(n=Count("risks")))
    for form in forms_:
        form.used = counts.get(form.category.pk, 0)
    return render(request, "risks/settings.html", {
        "workspace": request.workspace, "register": register, "matrix_form": matrix_form, "add_form": add_form,
        "category_forms": forms_, "remove_problem": remove_problem, "removing": posted,
        "matrix": register.matrix(), "crumbs": _crumbs(request, register, ("Settings", "")),
    })


# --- The table, the heat map ------------------------------------------------------------------------


def _table_context(request, register, filters):
    rows = table.table_rows(request.user, register, filters)
    paginator = Paginator(rows, table.PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = table.as_rows(register, page.object_list, filters.moment)
    base = register.get_absolute_url()
    headers = []
    for key, (label, _, _) in table.SORTS.items():
        current = filters.sort.lstrip("-") == key
        descending = filters.sort.startswith("-")
        if current:
            next_sort = key if descending else f"-{key}"
        else:
            next_sort = f"-{key}" if key == "score" else key
        headers.append({"key": key, "label": label, "url": f"{base}?{filters.query(sort=next_sort, page='')}",
                        "sort": ("descending" if descending else "ascending") if current else ""})
    return {"page_obj": page, "rows": page.object_list, "headers": headers}


def _map_context(request, register, filters):
    base = register.get_absolute_url()
    return {"grid": table.heat_map(request.user, register, score=filters.score, moment=filters.moment,
                                   base_url=base),
            "matrix": register.matrix(), "score_name": table.SCORE_NAMES[filters.score]}


@workspace_view(VIEW)
@with_item(selectors.get_register, VIEW)
def register(request, register):
    workspace = request.workspace
    filters = table.Filters.from_query(request.GET, register)
    user = request.user
    categories = list(Category.objects.filter(register=register))
    keeps = permissions.can(user, "risks.write_register", register)
    context = {
        "workspace": workspace, "register": register, "item": register, "filters": filters,
        "filter_form": FilterForm(filters, categories=categories, owners=table.owners_of(user, register)),
        "map_form": MapChoiceForm(filters), "as_at": filters.as_at,
        "suggestions": table.suggestions(user, register) if keeps and not filters.as_at else [],
        "may_change": permissions.can(user, "risks.change_register", register),
        "may_delete": permissions.can(user, "risks.delete_register", register),
        "may_export": permissions.can(user, "risks.export_register", register),
        "may_write": keeps, "may_suggest": permissions.can(user, "risks.suggest_register", register),
        "export_query": filters.query(page=""), "filtered_cell": filters.cell,
        "crumbs": crumbs(request, (register.title, "")),
    }
    context.update(_table_context(request, register, filters))
    context.update(_map_context(request, register, filters))
    return render(request, "risks/register.html", context)


@workspace_view(VIEW)
@with_item(selectors.get_register, VIEW)
def heatmap(request, register):
    filters = table.Filters.from_query(request.GET, register)
    context = {"workspace": request.workspace, "register": register, "filters": filters,
               "map_form": MapChoiceForm(filters), "as_at": filters.as_at,
               "crumbs": _crumbs(request, register, ("Heat map", ""))}
    context.update(_map_context(request, register, filters))
    return render(request, "risks/heatmap.html", context)


@workspace_view(VIEW)
@with_item(selectors.get_register, VIEW)
def due(request, register):
    today = timezone.localdate()
    return render(request, "risks/due.html", {
        "workspace": request.workspace, "register": register, "today": today,
        "due": table.due_lists(request.user, register, today), "crumbs": _crumbs(request, register, ("Due", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_register, "risks.export_register")
def board(request, register):
    """The printable board view: the heat map, the top risks, those outside appetite, what is due."""
    user, today = request.user, timezone.localdate()
    filters = table.Filters()
    context = {"workspace": request.workspace, "register": register, "today": today, "filters": filters,
               "top": table.top_risks(user, register), "outside": table.outside_risks(user, register),
               "due": table.due_lists(user, register, today, limit=50),
               "crumbs": _crumbs(request, register, ("Board view", ""))}
    context.update(_map_context(request, register, filters))
    return render(request, "risks/board.html", context)


@workspace_view(VIEW)
@with_item(selectors.get_register, "risks.export_register")
def export(request, register):
    """The table as filtered (or as at a date) as CSV, or XLSX with ?format=xlsx: streamed, audited."""
    filters = table.Filters.from_query(request.GET, register)
    what = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    services_register.export_audited(actor=request.user, register=register, what=what)
    rows = exports.register_rows(request.user, register, filters)
    stamp = (filters.as_at or timezone.localdate()).isoformat()
    name = f"risk-register-{register.pk}-{'as-at-' if filters.as_at else ''}{stamp}"
    if what == "xlsx":
        return xlsx_response(rows, filename=f"{name}.xlsx", sheet_title="Risks")
    return csv_response(rows, filename=f"{name}.csv")
