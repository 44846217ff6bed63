"""The authoring part: the list of consultations, adding one, its settings, its document (written
in Markdown here, or imported from a Word or Markdown file with a preview), its questions, its
files and other formats, "request another format", deleting and restoring.

Every view: @workspace_view, then the consultation through with_item(...) with the action the
policy decides ("change" for staff's pages, "view" for a file, "formats" for the request).
Changes are plain POST forms; htmx only enhances."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workspaces import permissions
from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.selectors import number_or_404
from workspaces.kit.services import ChangedMeanwhile
from workspaces.kit.views import (
    attempt,
    changed_form,
    confirmed,
    crumbs,
    limit_upload_size,
    tool_url,
    with_item,
    workspace_view,
)
from workspaces.lib import files
from workspaces.lib.pagination import paginate

from . import authoring, selectors
from .document import paragraphs_of
from .forms_authoring import (
    AttachmentForm,
    ConsultationSettingsForm,
    DocumentForm,
    FormatRequestForm,
    ImportForm,
    QuestionForm,
    question_initial,
)
from .models import Attachment, Consultation, FormatRequest, Question, Section, Status
from .services import DOCUMENT_FROZEN
from .tools_nav import staff_tabs

CHANGE = "consultations.change_consultation"
VIEW = "consultations.view_consultation"
LIST_ORDER = ("created_at", "id")
EXAMPLES = Path(__file__).resolve().parent / "static" / "consultations"
EXAMPLE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/plain; charset=utf-8",
}
TABS = (("", "All"), ("open", "Open"), ("upcoming", "Upcoming"), ("closed", "Closed"),
        ("outcome", "Outcome published"))


def get_runnable(user, workspace, pk, perm=CHANGE, deleted="hide"):
    """The consultation of the URL for staff's pages: not found for whoever may not see it (a
    draft is hidden from all but its staff), then `perm` required (refused: 403)."""
    consultation = selectors.get_consultation(user, workspace, pk, deleted=deleted)
    permissions.require(user, perm, consultation)
    return consultation


def _url(consultation, name, **kwargs):
    return reverse(f"consultations:{name}",
                   kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk, **kwargs})


def _crumbs(request, consultation, *trail):
    return crumbs(request, (consultation.title, consultation.get_absolute_url()), *trail)


def _staff_context(request, consultation, tab):
    return {"workspace": request.workspace, "consultation": consultation,
            "tabs": staff_tabs(request.user, consultation, tab)}


# --- The list ------------------------------------------------------------------------------------


def _filtered(queryset, tab, now):
    live = Q(status=Status.LIVE)
    if tab == "open":
        return queryset.filter(live, Q(opens_at__isnull=True) | Q(opens_at__lte=now), closes_at__gt=now)
    if tab == "upcoming":
        return queryset.filter(live, opens_at__gt=now)
    if tab == "closed":
        return queryset.filter((live & Q(closes_at__lte=now)) | Q(status=Status.ANALYSING))
    if tab == "outcome":
        return queryset.filter(status=Status.OUTCOME)
    return queryset


@workspace_view(VIEW)
def index(request):
    user, workspace = request.user, request.workspace
    tab = request.GET.get("show", "")
    if tab not in dict(TABS):
        tab = ""
    now = timezone.now()
    found = _filtered(selectors.consultations(user, workspace), tab, now)
    page = keyset_page(request, found, LIST_ORDER, descending=True)
    if page is None:
        return redirect(first_page_url(request))
    for consultation in page.object_list:
        consultation.workspace = workspace  # for its URLs: no query per row
        consultation.stage_now = consultation.stage_label(now)
        consultation.phrase_now = consultation.window_phrase(now) if consultation.is_live else ""
    base = reverse("consultations:index", args=[workspace.slug])
    return render(request, "consultations/index.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request), "tab": tab,
        "tabs": [(key, label, base + (f"?show={key}" if key else "")) for key, label in TABS],
        "may_create": permissions.can(user, "consultations.create_consultation", workspace),
        "may_see_deleted": request.access.is_manager,
    })


@workspace_view("consultations.create_consultation")
def deleted(request):
    workspace = request.workspace
    found = permissions.visible(request.user, Consultation.objects.all(), within=workspace).filter(
        is_deleted=True).select_related("deleted_by")
    page = paginate(request, found.order_by("-deleted_at", "-id"))
    for consultation in page.object_list:
        consultation.workspace = workspace
        consultation.restore_url = _url(consultation, "restore")
        consultation.get_absolute_url = consultation.restore_url  # its own page is gone with it
    return render(request, "consultations/authoring/deleted.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request, ("Deleted consultations", "")),
    })


# --- Adding, settings, deleting ------------------------------------------------------------------


@workspace_view("consultations.create_consultation")
def create(request):
    workspace = request.workspace
    form = ConsultationSettingsForm(request.POST or None, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        consultation = attempt(form, lambda: authoring.consultation_add(actor=request.user, workspace=workspace,
                                                                        **data))
        if consultation is not None:
            messages.success(request, f"Consultation “{consultation.title}” added. Write its document next.")
            return redirect(_url(consultation, "document"))
    return render(request, "consultations/authoring/settings.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New consultation", "")),
    })


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def edit(request, consultation):
    workspace = request.workspace

    def make_form(data=None, current=None, **kwargs):
        return ConsultationSettingsForm(data, instance=current or consultation, workspace=workspace, **kwargs)

    form = make_form(request.POST or None)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            saved = attempt(form, lambda: authoring.consultation_update(
                actor=request.user, consultation=consultation,
                loaded_state=form.cleaned_data.get("loaded_state", ""), **data))
        except ChangedMeanwhile as exc:
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="the consultation's settings")
        if saved is not None:
            messages.success(request, f"Settings of “{saved.title}” saved.")
            return redirect(saved)
    return render(request, "consultations/authoring/settings.html", {
        **_staff_context(request, consultation, "edit"), "form": form, "changed": changed,
        "cancel_url": consultation.get_absolute_url(), "crumbs": _crumbs(request, consultation, ("Settings", "")),
    })


def _confirm(request, consultation, *, heading, question, confirm, act, done_message, cancel_url, trail,
             done_url, danger=True):
    done, problem = confirmed(request, act)
    if done:
        messages.success(request, done_message)
        return redirect(done_url)
    return render(request, "consultations/authoring/confirm.html", {
        "workspace": request.workspace, "danger": danger, "cancel_url": cancel_url, "problem": problem,
        "heading": heading, "question": question, "confirm": confirm, "crumbs": trail,
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, "consultations.delete_consultation")
def delete(request, consultation):
    return _confirm(
        request, consultation, heading=f"Delete the consultation “{consultation.title}”?",
        question="It disappears from the list and stops taking responses. Its responses are kept; managers can "
                 "restore it from the deleted consultations.",
        confirm="Delete the consultation",
        act=lambda: authoring.consultation_delete(actor=request.user, consultation=consultation),
        done_message=f"Consultation “{consultation.title}” deleted. Managers can restore it from “Deleted "
                     "consultations”.",
        cancel_url=consultation.get_absolute_url(), trail=_crumbs(request, consultation, ("Delete", "")),
        done_url=tool_url(request))


@workspace_view("consultations.create_consultation")
@with_item(selectors.get_consultation, "consultations.delete_consultation", deleted="show")
def restore(request, consultation):
    if not consultation.is_deleted:
        messages.info(request, f"“{consultation.title}” is not deleted.")
        return redirect(consultation)
    return _confirm(
        request, consultation, heading=f"Restore the consultation “{consultation.title}”?",
        question="It comes back as it was when deleted, with its responses.", confirm="Restore the consultation",
        act=lambda: authoring.consultation_restore(actor=request.user, consultation=consultation),
        done_message=f"Consultation “{consultation.title}” restored.", cancel_url=tool_url(request, "deleted"),
        trail=crumbs(request, ("Deleted consultations", tool_url(request, "deleted")), (consultation.title, "")),
        done_url=consultation.get_absolute_url(), danger=False)


# --- The document --------------------------------------------------------------------------------


def _saved_sections(consultation):
    return list(Section.objects.filter(consultation=consultation).order_by("position", "id")
                .prefetch_related("paragraphs"))


def _document_page(request, consultation, form, *, preview=None, imported=None, status=200):
    return render(request, "consultations/authoring/document.html", {
        **_staff_context(request, consultation, "document"), "form": form, "preview": preview,
        "imported": imported, "frozen": consultation.status != Status.DRAFT,
        "sections": _saved_sections(consultation) if consultation.status != Status.DRAFT else (),
        "action": _url(consultation, "document"), "import_url": _url(consultation, "import"),
        "cancel_url": consultation.get_absolute_url(),
        "crumbs": _crumbs(request, consultation, ("Document", "")),
    }, status=status)


@workspace_view(VIEW)
@keeps_text
@with_item(get_runnable, CHANGE)
def document(request, consultation):
    def make_form(data=None, **kwargs):
        return DocumentForm(data, **kwargs)

    if consultation.status != Status.DRAFT:
        if request.method == "POST":
            messages.error(request, DOCUMENT_FROZEN)
        return _document_page(request, consultation, None)
    form = kept_form(request, make_form, initial={"text": authoring.document_markdown(consultation)})
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = authoring.preview(form.specs)
            if not preview:
                form.add_error("text", "Write the document first: a line “# Heading” starts each section.")
        else:
            saved = attempt(form, lambda: authoring.document_save(actor=request.user, consultation=consultation,
                                                                   text=form.cleaned_data["text"]))
            if saved is not None:
                paragraphs = sum(len(paragraphs_of(s.text)) for s in saved)
                messages.success(request, f"Document saved: {len(saved)} section{'s' if len(saved) != 1 else ''}, "
                                          f"{paragraphs} numbered paragraph{'s' if paragraphs != 1 else ''}.")
                return redirect(_url(consultation, "document"))
    return _document_page(request, consultation, form, preview=preview)


@workspace_view(VIEW)
@limit_upload_size
@with_item(get_runnable, CHANGE)
def document_import(request, consultation):
    if consultation.status != Status.DRAFT:
        if request.method == "POST":
            messages.error(request, DOCUMENT_FROZEN)
        return redirect(_url(consultation, "document"))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        too_large = getattr(request, "upload_too_large", {}).get("file")
        if too_large:
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", files.too_large_message(f"more than {files.megabytes(files.max_upload_bytes())}"))
        elif form.is_valid():
            imported = form.imported
            if imported:
                messages.info(request, f"“{imported.name}” converted. Check the sections below, change anything in "
                                       "the document, then press Save: nothing is saved until you do.")
                document_form = DocumentForm(initial={"text": imported.markdown})
                return _document_page(request, consultation, document_form,
                                      preview=authoring.preview(imported.specs), imported=imported)
    return render(request, "consultations/authoring/import.html", {
        **_staff_context(request, consultation, "document"), "form": form,
        "cancel_url": _url(consultation, "document"), "document_url": _url(consultation, "document"),
        "example_docx": _url(consultation, "example", format="docx"),
        "example_md": _url(consultation, "example", format="md"),
        "crumbs": _crumbs(request, consultation, ("Document", _url(consultation, "document")), ("Import", "")),
    })


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def example(request, consultation, format):
    if format not in EXAMPLE_TYPES:
        raise Http404("No such example file.")
    path = EXAMPLES / f"example-consultation.{format}"
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404("The example file is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=f"example-consultation.{format}",
                            content_type=EXAMPLE_TYPES[format])
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Questions -----------------------------------------------------------------------------------


def _question(consultation, pk):
    try:
        return Question.objects.select_related("section").prefetch_related("options").get(
            consultation=consultation, pk=number_or_404(pk))
    except Question.DoesNotExist:
        raise Http404("No such question in this consultation.") from None


def _sections(consultation):
    return list(Section.objects.filter(consultation=consultation).order_by("position", "id").only(
        "pk", "number", "heading"))


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def questions(request, consultation):
    frozen = consultation.status != Status.DRAFT
    sections = _sections(consultation)
    form = None
    if not frozen:
        form = QuestionForm(request.POST or None, sections=sections,
                            initial={"kind": "long_text", "code": authoring.suggested_code(consultation)})
        if request.method == "POST" and form.is_valid():
            question = attempt(form, lambda: authoring.question_add(actor=request.user, consultation=consultation,
                                                                     **form.service_kwargs()))
            if question is not None:
                messages.success(request, f"Question {question.code} added.")
                return redirect(_url(consultation, "questions") + f"#question-{question.pk}")
    elif request.method == "POST":
        messages.error(request, authoring.NOT_DRAFT.format(what="questions"))
    rows = list(Question.objects.filter(consultation=consultation).select_related("section")
                .prefetch_related("options").order_by("position", "id"))
    for index, question in enumerate(rows):
        question.may_up, question.may_down = index > 0, index < len(rows) - 1
    return render(request, "consultations/authoring/questions.html", {
        **_staff_context(request, consultation, "questions"), "form": form, "questions": rows, "frozen": frozen,
        "crumbs": _crumbs(request, consultation, ("Questions", "")),
    })


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def question_edit(request, consultation, question):
    question = _question(consultation, question)
    if consultation.status != Status.DRAFT:
        messages.error(request, authoring.NOT_DRAFT.format(what="questions"))
        return redirect(_url(consultation, "questions"))
    form = QuestionForm(request.POST or None, sections=_sections(consultation), initial=question_initial(question))
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: authoring.question_update(actor=request.user, consultation=consultation,
                                                                 question=question, **form.service_kwargs()))
        if saved is not None:
            messages.success(request, f"Question {saved.code} saved.")
            return redirect(_url(consultation, "questions") + f"#question-{saved.pk}")
    return render(request, "consultations/authoring/question_form.html", {
        **_staff_context(request, consultation, "questions"), "form": form, "question": question,
        "cancel_url": _url(consultation, "questions"),
        "crumbs": _crumbs(request, consultation, ("Questions", _url(consultation, "questions")),
                          (f"Edit {question.code}", "")),
    })


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def question_delete(request, consultation, question):
    question = _question(consultation, question)
    back = _url(consultation, "questions")
    return _confirm(
        request, consultation, heading=f"Delete question {question.code}?",
        question=f"“{question.text}” is deleted from the consultation.", confirm=f"Delete {question.code}",
        act=lambda: authoring.question_delete(actor=request.user, consultation=consultation, question=question),
        done_message=f"Question {question.code} deleted.", cancel_url=back,
        trail=_crumbs(request, consultation, ("Questions", back), (f"Delete {question.code}", "")), done_url=back)


def _direction(request):
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise ValidationError("Choose Move up or Move down.")
    return direction


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
@require_POST
def question_move(request, consultation, question):
    question = _question(consultation, question)
    try:
        up = _direction(request) == "up"
        authoring.question_move(actor=request.user, consultation=consultation, question=question, up=up)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_url(consultation, "questions") + f"#question-{question.pk}")


# --- Files and other formats ---------------------------------------------------------------------


def _attachment(consultation, pk):
    try:
        return Attachment.objects.get(consultation=consultation, pk=number_or_404(pk))
    except Attachment.DoesNotExist:
        raise Http404("No such file in this consultation.") from None


@workspace_view(VIEW)
@limit_upload_size
@with_item(get_runnable, CHANGE)
def attachments(request, consultation):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        too_large = getattr(request, "upload_too_large", {}).get("file")
        valid = form.is_valid()
        if too_large:
            form.errors.pop("file", None)
            form.add_error("file", files.too_large_message(f"more than {files.megabytes(files.max_upload_bytes())}"))
        elif valid:
            upload, checked = form.cleaned_data["file"], form.checked
            if checked:
                added = attempt(form, lambda: authoring.attachment_add(
                    actor=request.user, consultation=consultation, kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"], upload=upload, checked=checked))
                if added is not None:
                    messages.success(request, f"“{added.title}” added.")
                    return redirect(_url(consultation, "attachments"))
    rows = list(consultation.attachments.order_by("position", "id"))
    for index, row in enumerate(rows):
        row.may_up, row.may_down = index > 0, index < len(rows) - 1
        row.size_text = files.megabytes(row.size, up=True)
    return render(request, "consultations/authoring/attachments.html", {
        **_staff_context(request, consultation, "attachments"), "form": form, "attachments": rows,
        "requests_url": _url(consultation, "format_requests"),
        "open_requests": consultation.format_requests.filter(handled_at__isnull=True).count(),
        "crumbs": _crumbs(request, consultation, ("Files and formats", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, VIEW)
def attachment(request, consultation, attachment):
    found = _attachment(consultation, attachment)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(handle, as_attachment=True, filename=files.safe_name(found.filename),
                            content_type=files.download_type(found.content_type))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def attachment_delete(request, consultation, attachment):
    found = _attachment(consultation, attachment)
    back = _url(consultation, "attachments")
    return _confirm(
        request, consultation, heading=f"Remove “{found.title}”?",
        question="People can no longer download it from the consultation's page.", confirm="Remove the file",
        act=lambda: authoring.attachment_delete(actor=request.user, consultation=consultation, attachment=found),
        done_message=f"“{found.title}” removed.", cancel_url=back,
        trail=_crumbs(request, consultation, ("Files and formats", back), ("Remove a file", "")), done_url=back)


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
@require_POST
def attachment_move(request, consultation, attachment):
    found = _attachment(consultation, attachment)
    try:
        up = _direction(request) == "up"
        authoring.attachment_move(actor=request.user, consultation=consultation, attachment=found, up=up)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_url(consultation, "attachments") + f"#attachment-{found.pk}")


# --- Request another format ----------------------------------------------------------------------


@workspace_view(VIEW)
@keeps_text
@with_item(selectors.get_consultation, "consultations.formats_consultation")
def request_format(request, consultation):
    signed_in = request.user.is_authenticated

    def make_form(data=None, **kwargs):
        return FormatRequestForm(data, signed_in=signed_in, **kwargs)

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = attempt(form, lambda: authoring.format_request_create(
            actor=request.user, consultation=consultation, format=data["format"], details=data["details"].strip(),
            email=data.get("email", "")))
        if made is not None:
            return render(request, "consultations/authoring/format_requested.html", {
                "workspace": request.workspace, "consultation": consultation, "made": made,
                "crumbs": _crumbs(request, consultation, ("Request another format", "")),
            })
    return render(request, "consultations/authoring/request_format.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form,
        "cancel_url": consultation.get_absolute_url(), "signed_in": signed_in,
        "crumbs": _crumbs(request, consultation, ("Request another format", "")),
    })


@workspace_view(VIEW)
@with_item(get_runnable, CHANGE)
def format_requests(request, consultation):
    if request.method == "POST":
        try:
            done = authoring.format_request_done(actor=request.user, consultation=consultation,
                                                 request=number_or_404(request.POST.get("request", "")))
        except (ValidationError, Http404):
            messages.error(request, "That request is not one of this consultation's.")
        else:
            messages.success(request, f"Request for {done.get_format_display()} marked as done.")
        return redirect(_url(consultation, "format_requests"))
    found = (FormatRequest.objects.filter(consultation=consultation).select_related("requested_by", "handled_by")
             .order_by("handled_at", "-created_at", "-id"))
    page = paginate(request, found)
    return render(request, "consultations/authoring/format_requests.html", {
        **_staff_context(request, consultation, "attachments"), "page_obj": page,
        "crumbs": _crumbs(request, consultation, ("Files and formats", _url(consultation, "attachments")),
                          ("Format requests", "")),
    })
