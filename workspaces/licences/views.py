"""An organisation's licence pages. For its organisation admins and site admins: the overview
(pools, licensees, filters, CSV and XLSX export), assigning and releasing one person or many,
the audit log. For site admins only: giving the organisation pools of seats and changing them,
appointing its organisation admins (who then manage the licences themselves), requiring
licences or not."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ..audit import audit
from ..kit.views import limit_upload_size
from ..lib.exports import csv_response, xlsx_response
from ..lib.forms import add_service_error
from ..lib.pagination import paginate
from ..models import AuditEntry, Licence, LicencePool, OrganisationMembership
from ..permissions.decorators import organisation_view
from ..views.audit import action_label, changes
from . import services as service
from .bulk import licences_bulk_assign, licences_bulk_release
from .forms import (
    UPLOAD_MAX_BYTES,
    AssignForm,
    BulkAssignForm,
    BulkReleaseForm,
    LicenseeFilterForm,
    LicensingForm,
    OrganisationAdminForm,
    PoolForm,
)
from .selectors import (
    capped_count,
    export_rows,
    licensee_rows,
    licensees,
    organisation_admins,
    pools_with_counts,
    served_workspaces,
)

LICENCE_ACTIONS = {
    "licence_pool.created": "Pool created",
    "licence_pool.changed": "Pool changed",
    "licence.assigned": "Licence assigned",
    "licence.moved": "Licence moved to another pool",
    "licence.released": "Licence released",
    "licence.exported": "Licensees exported",
    "organisation.admin_appointed": "Organisation admin appointed",
    "organisation.admin_removed": "Organisation admin removed",
    "organisation.licensing_changed": "Licences required, or not",
}
COUNT_CAP = 10_000  # a filtered list counts at most this far ("more than 10,000")
REPORT_ROWS = 2000  # lines listed on the report page; the CSV report has them all
RACE_MESSAGE = "Someone else changed these licences at the same moment, so nothing was changed. Please try again."


def _crumbs(organisation, *tail):
    return [("Licences", reverse("licence_overview", args=[organisation.slug])), *tail]


def _overview_url(organisation):
    return reverse("licence_overview", args=[organisation.slug])


def _filtered(request, organisation, pools):
    form = LicenseeFilterForm(request.GET or None, pools=pools)
    return form, licensees(organisation, **form.values())


@organisation_view()
def licence_overview(request):
    organisation = request.organisation
    pools, totals = pools_with_counts(organisation)
    form, rows = _filtered(request, organisation, pools)
    # Unfiltered, the pools' counters give the total: no COUNT(*) over 200,000 rows.
    count = capped_count(rows, COUNT_CAP) if form.active else totals["held"]
    # Page through ids alone (an index scan, however deep the page), then load that page's rows.
    page = paginate(request, rows.values_list("pk", flat=True), count=min(count, COUNT_CAP) if form.active else count)
    page.object_list = list(licensee_rows(page.object_list))
    return render(
        request,
        "workspaces/licence_overview.html",
        {
            "organisation": organisation,
            "pools": pools,
            "totals": totals,
            "form": form,
            "page_obj": page,
            "filtered": form.active,
            "more_than": COUNT_CAP if form.active and count > COUNT_CAP else None,
            "today": timezone.localdate(),
            "admins": organisation_admins(organisation),
            "export_query": request.GET.urlencode(),
            "served": served_workspaces(request.user, organisation),
        },
    )


def _export(request, file_format):
    """The licensee table with the page's filters, audited, and its file's name."""
    organisation = request.organisation
    pools, _ = pools_with_counts(organisation)
    form, rows = _filtered(request, organisation, pools)
    audit(actor=request.user, action="licence.exported", organisation=organisation, target=organisation,
          after={"format": file_format, **{k: str(v) for k, v in form.values().items() if v}})
    return rows, f"licences-{organisation.slug}-{timezone.localdate().isoformat()}.{file_format}"


@organisation_view()
def licence_export(request):
    """The licensee table as CSV, streamed a chunk of rows at a time. Without a byte-order mark,
    as it always was, for the scripts that read it (the XLSX is the one for spreadsheets)."""
    rows, filename = _export(request, "csv")
    return csv_response(export_rows(rows), filename=filename, bom=False)


@organisation_view()
def licence_export_xlsx(request):
    """The licensee table as an Excel workbook, with real dates, written row by row."""
    rows, filename = _export(request, "xlsx")
    return xlsx_response(export_rows(rows, typed=True), filename=filename, sheet_title="Licensees")


@organisation_view()
def licence_assign(request):
    organisation = request.organisation
    form = AssignForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            licence, created = service.licence_assign(
                actor=request.user, pool=data["pool"], email=data["email"], name=data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except (IntegrityError, OperationalError):
            form.add_error(None, RACE_MESSAGE)
        else:
            if created:
                messages.success(request, f"{licence.email} now holds a licence from “{licence.pool.label}”.")
            else:
                messages.info(request, f"{licence.email} already holds a licence (pool “{licence.pool.label}”); "
                                       "nothing was changed.")
            if "another" in request.POST:
                return redirect(reverse("licence_assign", args=[organisation.slug]))
            return redirect(_overview_url(organisation))
    return render(request, "workspaces/licence_assign.html", {
        "organisation": organisation, "form": form,
        "crumbs": _crumbs(organisation, ("Assign a licence", "")),
    })


@organisation_view()
def licence_release(request, licence_id):
    organisation = request.organisation
    licence = get_object_or_404(
        Licence.objects.select_related("pool", "user"), pk=licence_id, organisation=organisation
    )
    if request.method == "POST":
        if service.licence_release(actor=request.user, licence=licence):
            messages.success(request, f"The licence of {licence.email} was released; its seat is free.")
        else:
            messages.info(request, f"The licence of {licence.email} had already been released.")
        return redirect(_overview_url(organisation))
    return render(request, "workspaces/licence_release.html", {
        "organisation": organisation, "licence": licence,
        "own": licence.user_id == request.user.pk or licence.email == request.user.email.lower(),
        "crumbs": _crumbs(organisation, ("Release a licence", "")),
    })


@organisation_view()
@limit_upload_size(max_bytes=UPLOAD_MAX_BYTES)
def licence_bulk(request):
    organisation = request.organisation
    form = BulkAssignForm(request.POST or None, request.FILES or None, organisation=organisation,
                          too_large=getattr(request, "upload_too_large", None))
    if request.method == "POST" and form.is_valid():
        try:
            report = licences_bulk_assign(actor=request.user, pool=form.cleaned_data["pool"],
                                          text=form.cleaned_data["content"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        except (IntegrityError, OperationalError):
            form.add_error(None, RACE_MESSAGE)
        else:
            if form.cleaned_data["report_csv"]:
                return _report_csv(report, organisation)
            problems = report.problems
            return render(request, "workspaces/licence_bulk_report.html", {
                "organisation": organisation, "report": report, "pool": form.cleaned_data["pool"],
                "problems": problems[:REPORT_ROWS], "problem_count": len(problems),
                "done": report.done[:REPORT_ROWS], "done_count": len(report.lines) - len(problems),
                "report_rows": REPORT_ROWS, "crumbs": _crumbs(organisation, ("Upload", "")),
            })
    return render(request, "workspaces/licence_bulk.html", {
        "organisation": organisation, "form": form,
        "crumbs": _crumbs(organisation, ("License many people", "")),
    })


def _report_csv(report, organisation):
    rows = [["line", "email", "done", "what happened"]] + [
        [line.number, line.email or line.text, "yes" if line.ok else "no", line.outcome] for line in report.lines
    ]
    return csv_response(rows, filename=f"licence-upload-report-{organisation.slug}.csv", bom=False)


@organisation_view()
@limit_upload_size(max_bytes=UPLOAD_MAX_BYTES)
def licence_bulk_release(request):
    organisation = request.organisation
    form = BulkReleaseForm(request.POST or None, request.FILES or None,
                           too_large=getattr(request, "upload_too_large", None))
    if request.method == "POST" and form.is_valid():
        try:
            report = licences_bulk_release(actor=request.user, organisation=organisation,
                                           text=form.cleaned_data["content"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        except (IntegrityError, OperationalError):
            form.add_error(None, RACE_MESSAGE)
        else:
            return render(request, "workspaces/licence_release_report.html", {
                "organisation": organisation, "report": report, "problems": report.problems,
                "crumbs": _crumbs(organisation, ("Release many", "")),
            })
    return render(request, "workspaces/licence_bulk_release.html", {
        "organisation": organisation, "form": form,
        "crumbs": _crumbs(organisation, ("Release many licences", "")),
    })


@organisation_view()
def licence_audit(request):
    """Every change to the organisation's pools, licences and admins: who, when, before/after."""
    organisation = request.organisation
    entries = AuditEntry.objects.filter(organisation=organisation, workspace__isnull=True).select_related("actor")
    page = paginate(request, entries.order_by("-at", "-id"))
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        entry.action_label = LICENCE_ACTIONS.get(entry.action) or action_label(entry.action)
        entry.changes = changes(entry)
    return render(request, "workspaces/licence_audit.html", {
        "organisation": organisation, "page_obj": page, "crumbs": _crumbs(organisation, ("Audit log", "")),
    })


# --- Site admins only: pools, organisation admins, whether licences are required ---------------


@organisation_view(site_admins_only=True)
def licence_pool_create(request):
    organisation = request.organisation
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pool = service.pool_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Pool “{pool.label}” created with {pool.seats} seats.")
            return redirect(_overview_url(organisation))
    return render(request, "workspaces/licence_pool_form.html", {
        "organisation": organisation, "form": form, "pool": None,
        "crumbs": _crumbs(organisation, ("New pool", "")),
    })


@organisation_view(site_admins_only=True)
def licence_pool_edit(request, pool_id):
    organisation = request.organisation
    pool = get_object_or_404(LicencePool, pk=pool_id, organisation=organisation)
    form = PoolForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            pool = service.pool_update(actor=request.user, pool=pool, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Pool “{pool.label}” saved.")
            return redirect(_overview_url(organisation))
    return render(request, "workspaces/licence_pool_form.html", {
        "organisation": organisation, "form": form, "pool": pool,
        "crumbs": _crumbs(organisation, (f"Pool “{pool.label}”", "")),
    })


@organisation_view(site_admins_only=True)
def organisation_admins_page(request):
    """Who administers the organisation's licences, and whether its workspaces need licences."""
    organisation = request.organisation
    licensing = LicensingForm(initial={"licensing_enabled": organisation.licensing_enabled})
    appoint = OrganisationAdminForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "licensing":
            licensing = LicensingForm(request.POST)
            if licensing.is_valid():
                enabled = licensing.cleaned_data["licensing_enabled"]
                service.organisation_set_licensing(actor=request.user, organisation=organisation, enabled=enabled)
                messages.success(request,
                                 "Licences are now required." if enabled else "Licences are no longer required.")
                return redirect(request.path)
        elif action == "appoint":
            appoint = OrganisationAdminForm(request.POST)
            if appoint.is_valid():
                user = get_user_model().objects.filter(email__iexact=appoint.cleaned_data["email"]).first()
                if user is None:
                    appoint.add_error("email", "Nobody has an account with that address yet.")
                else:
                    service.organisation_admin_set(actor=request.user, organisation=organisation, user=user,
                                                   is_admin=True)
                    messages.success(request, f"{user.name} is now an admin of {organisation.name}.")
                    return redirect(request.path)
        elif action == "remove":
            value = request.POST.get("user", "")
            membership = get_object_or_404(
                OrganisationMembership.objects.select_related("user"),
                organisation=organisation, user_id=int(value) if value.isdigit() and len(value) < 18 else 0,
                is_admin=True,
            )
            service.organisation_admin_set(actor=request.user, organisation=organisation, user=membership.user,
                                           is_admin=False)
            messages.success(request, f"{membership.user.name} is no longer an admin of {organisation.name}.")
            return redirect(request.path)
    return render(request, "workspaces/licence_admins.html", {
        "organisation": organisation, "admins": organisation_admins(organisation), "licensing": licensing,
        "appoint": appoint, "crumbs": _crumbs(organisation, ("Admins and settings", "")),
    })
