"""Importing risks into a register from XLSX or CSV, for its keepers (risks.write_register):
upload (a dry run that writes nothing), the preview (new, updated with before → after,
unchanged, invalid and conflicting rows), then "Import N rows", applied in one transaction;
and the template to fill in.

The parsed plan waits in the session under a random token, with the upload's SHA-256 digest,
the register and the person: a preview that is stale (older than PLAN_LIFETIME, already used),
for another register, or another person's, is refused with a message and nothing is written."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from workspaces.kit.views import crumbs, limit_upload_size, workspace_view
from workspaces.lib.exports import xlsx_response
from workspaces.lib.files import megabytes, safe_name

from . import imports, selectors

VIEW = "risks.view_register"
KEEP = "risks.write_register"
SESSION_KEY = "risks.imports"
PLAN_LIFETIME = timedelta(hours=2)
KEPT_PLANS = 3
STALE = ("This preview has expired, was already imported, or was made in another session. Upload the file again to "
         "see a new preview: nothing was imported.")


def _register(request, pk):
    return selectors.get_register(request.user, request.workspace, pk, perm=KEEP)


def _url(register, name, **kwargs):
    return reverse(f"risks:{name}", kwargs={"workspace": register.workspace.slug, "pk": register.pk, **kwargs})


def _crumbs(request, register, *trail):
    return crumbs(request, (register.title, register.get_absolute_url()), *trail)


def _digest(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _kept(request):
    return dict(request.session.get(SESSION_KEY) or {})


def _keep(request, entry):
    plans = _kept(request)
    token = secrets.token_urlsafe(18)
    plans[token] = entry
    for old in sorted(plans, key=lambda key: plans[key].get("at", ""))[:-KEPT_PLANS]:
        plans.pop(old)
    request.session[SESSION_KEY] = plans
    return token


def _kept_entry(request, register, token):
    """The plan kept under `token` for this person and register, or None (stale or foreign)."""
    entry = _kept(request).get(token) if isinstance(token, str) and len(token) <= 64 else None
    if not isinstance(entry, dict):
        return None
    made = parse_datetime(entry.get("at", ""))
    if (entry.get("register") != register.pk or entry.get("user") != request.user.pk or made is None
            or timezone.now() - made > PLAN_LIFETIME):
        return None
    return entry


def _forget(request, token):
    plans = _kept(request)
    if plans.pop(token, None) is not None:
        request.session[SESSION_KEY] = plans


@workspace_view(VIEW)
@limit_upload_size(max_bytes=imports.MAX_UPLOAD_BYTES)
def import_risks(request, pk):
    register = _register(request, pk)
    form = imports.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if getattr(request, "upload_too_large", {}).get("file"):
            form.add_error("file", f"The file is larger than {megabytes(imports.MAX_UPLOAD_BYTES)}; split it into "
                                   "smaller files.")
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                plan = imports.build_plan(register, form.sheet.rows, epoch=form.sheet.epoch)
            except ValidationError as error:
                for message in error.message_dict.get("file", error.messages):
                    form.add_error("file", message)
            else:
                token = _keep(request, {"register": register.pk, "user": request.user.pk, "digest": _digest(upload),
                                        "name": safe_name(upload.name, default="file"),
                                        "at": timezone.now().isoformat(), "plan": plan.to_json()})
                return redirect(_url(register, "import_preview", token=token))
    return render(request, "risks/import.html", {
        "workspace": request.workspace, "register": register, "form": form,
        "template_url": _url(register, "import_template"), "columns": imports.TEMPLATE_COLUMNS,
        "max_rows": imports.MAX_ROWS, "crumbs": _crumbs(request, register, ("Import", "")),
    })


@workspace_view(VIEW)
def import_preview(request, pk, token):
    """GET: the dry run's answer. POST: apply it (the form's digest must be the plan's)."""
    register = _register(request, pk)
    entry = _kept_entry(request, register, token)
    if entry is None or (request.method == "POST" and request.POST.get("digest") != entry.get("digest")):
        messages.error(request, STALE)
        return redirect(_url(register, "import"))
    plan = imports.Plan.from_json(entry["plan"])
    if request.method == "POST":
        if not plan.to_apply:
            messages.error(request, "There is nothing to import in this file.")
            return redirect(_url(register, "import"))
        _forget(request, token)  # used once, whatever happens next
        result = imports.apply_plan(actor=request.user, register=register, plan=plan, file_name=entry["name"],
                                    digest=entry["digest"])
        plural = "s" if result.added != 1 else ""
        messages.success(request, f"Imported from “{entry['name']}”: {result.added} risk{plural} added, "
                                  f"{result.updated} updated.")
        return render(request, "risks/import_done.html", {
            "workspace": request.workspace, "register": register, "result": result, "plan": plan,
            "name": entry["name"], "crumbs": _crumbs(request, register, ("Import", _url(register, "import")),
                                                     ("Imported", "")),
        })
    return render(request, "risks/import_preview.html", {
        "workspace": request.workspace, "register": register, "plan": plan, "token": token, "name": entry["name"],
        "digest": entry["digest"], "import_url": _url(register, "import"),
        "crumbs": _crumbs(request, register, ("Import", _url(register, "import")), ("Preview", "")),
    })


@workspace_view(VIEW)
def import_template(request, pk):
    """The template: the column headings and one example row (a category of this register, the
    keeper as its owner)."""
    register = _register(request, pk)
    example = list(imports.EXAMPLE_ROW)
    first = register.categories.first()
    example[6] = first.name if first else ""
    example[7] = request.user.email
    review_by = timezone.localdate() + timedelta(days=register.review_days)
    rows = [[heading for heading, _key in imports.TEMPLATE_COLUMNS], [*example, review_by]]
    return xlsx_response(rows, filename="risk-import-template.xlsx", sheet_title="Risks")
