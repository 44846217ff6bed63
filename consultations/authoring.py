"""The authoring part's writes and reads: a consultation's settings, its document as one Markdown
text (`# Heading` a section, `## Heading` a sub-section, blank lines between paragraphs), its
questions, its files and other formats, "request another format", deleting and restoring.
Keyword-only, one change each, atomic; each locks the consultation row first."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from workspaces.kit.lifecycles import Span
from workspaces.kit.mail import OutboundEmail, queue
from workspaces.kit.models import Role
from workspaces.kit.questions.choices import choices_text, parse_choices
from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.services import (
    check_loaded_state,
    locked_row,
    record,
    restore,
    set_item_teams,
    soft_delete,
)
from workspaces.lib.markdown import render_markdown
from workspaces.permissions import counting_memberships

from . import services
from .document import FENCE, SectionSpec, flattened, paragraphs_of
from .lifecycles import CONSULTATION_WINDOW
from .models import (
    Attachment,
    Consultation,
    FormatRequest,
    Option,
    Question,
    Section,
    Status,
)
from .models.consultation import MAX_HEADING_LENGTH

SETTINGS_FIELDS = ("title", "summary", "opens_at", "closes_at", "moderation", "comments_public", "allow_edit",
                   "view_access", "change_access")
DATE_FIELDS = ("opens_at", "closes_at")
NOT_DRAFT = "This consultation has been published, so its {what} can no longer be changed."
DATES_LIVE = ("The consultation is published: change its dates on its “Status and dates” page, which tells the "
              "people following it.")
MAX_QUESTIONS = 100
MAX_OPTIONS = 100
MAX_ATTACHMENTS = 50
FORMAT_REQUEST_KIND = "consultations.format_request"
ALLOWED_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE)


def _draft(consultation, what):
    current = locked_row(consultation, "workspace")
    if current.status != Status.DRAFT:
        raise ValidationError(NOT_DRAFT.format(what=what))
    return current


def _touched(current, actor):
    Consultation.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_by=actor,
                                                      updated_at=timezone.now())


# --- Settings ------------------------------------------------------------------------------------


@transaction.atomic
def consultation_add(*, actor, workspace, **fields):
    """services.consultation_create, after the checks the form cannot make alone (the window)."""
    Span(fields.get("opens_at"), fields.get("closes_at")).check()
    return services.consultation_create(actor=actor, workspace=workspace, **fields)


@transaction.atomic
def consultation_update(*, actor, consultation, loaded_state="", view_teams=(), change_teams=(), **fields):
    """Save the settings form. ChangedMeanwhile if someone saved them since the form loaded. Once
    published, its dates are the lifecycle's to move (they are kept as they are here)."""
    current = locked_row(consultation, "workspace")
    check_loaded_state(current, SETTINGS_FIELDS, loaded_state)
    if current.status != Status.DRAFT:
        for name in DATE_FIELDS:
            if name in fields and fields[name] != getattr(current, name):
                raise ValidationError({name: DATES_LIVE})
            fields.pop(name, None)
    Span(fields.get("opens_at", current.opens_at), fields.get("closes_at", current.closes_at)).check()
    for name, value in fields.items():
        setattr(current, name, value)
    current.summary_html = render_markdown(current.summary) if current.summary else ""
    current.version += 1
    current.updated_by = actor
    current.save()
    set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="consultations.consultation_updated", target=current,
           summary="changed the consultation's settings")
    return current


@transaction.atomic
def consultation_delete(*, actor, consultation):
    current = locked_row(consultation, "workspace")
    CONSULTATION_WINDOW.forget(current)
    return soft_delete(current, actor=actor, verb="consultations.consultation_deleted",
                       summary="deleted the consultation", audit_action="consultations.consultation_deleted")


@transaction.atomic
def consultation_restore(*, actor, consultation):
    current = locked_row(consultation, "workspace")
    restored = restore(current, actor=actor, verb="consultations.consultation_restored",
                       summary="restored the consultation", audit_action="consultations.consultation_restored")
    if restored.status == Status.LIVE:
        CONSULTATION_WINDOW.window_changed(restored)
    return restored


# --- The document as Markdown --------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,2})[ \t]+(.*?)[ \t#]*$")
TEXT_BEFORE_HEADING = ("Start the document with a heading: a line “# Heading” starts each section (“## Heading” a "
                       "sub-section). The text before the first heading has nowhere to go.")


def parse_document(text):
    """[SectionSpec] from the editor's Markdown: "# Heading" starts a section, "## Heading" a
    sub-section of the section before it (headings inside a fenced code block are text). Raises
    ValidationError (for the field "text") saying which line is wrong."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    specs, current, lines, fenced = [], None, [], False
    problems = []

    def close():
        if current is not None:
            current.text = "\n".join(lines).strip()

    for number, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match is None:
            if current is None and line.strip():
                problems.append(f"Line {number}: {TEXT_BEFORE_HEADING}")
                break
            lines.append(line)
            continue
        close()
        lines = []
        level, heading = len(match.group(1)), match.group(2).strip()
        if not heading:
            problems.append(f"Line {number}: a heading needs some words after the “{match.group(1)}”.")
            break
        if len(heading) > MAX_HEADING_LENGTH:
            problems.append(f"Line {number}: a heading can have at most {MAX_HEADING_LENGTH} characters.")
            break
        current = SectionSpec(heading)
        if level == 1 or not specs:
            if level == 2:
                problems.append(f"Line {number}: “## {heading[:60]}” is a sub-section, but no section (“# Heading”) "
                                "comes before it.")
                break
            specs.append(current)
        else:
            specs[-1].children.append(current)
    if problems:
        raise ValidationError({"text": problems})
    close()
    return specs


def specs_markdown(specs):
    """SectionSpec trees as the editor's Markdown (parse_document's inverse)."""
    parts = []
    for _number, depth, spec_, _parent in flattened(specs):
        parts.append(f"{'#' * (depth + 1)} {spec_.heading}")
        if spec_.text.strip():
            parts.append(spec_.text.strip())
    return "\n\n".join(parts) + ("\n" if parts else "")


def document_markdown(consultation):
    """The saved sections back as the editor's Markdown, for editing."""
    sections = list(Section.objects.filter(consultation=consultation).order_by("position", "id")
                    .values_list("parent_id", "heading", "text"))
    parts = []
    for parent_id, heading, text in sections:
        parts.append(f"{'##' if parent_id else '#'} {heading}")
        if text.strip():
            parts.append(text.strip())
    return "\n\n".join(parts) + ("\n" if parts else "")


@dataclass
class PreviewSection:
    number: str
    depth: int
    heading: str
    paragraphs: list = field(default_factory=list)  # [(n, html)]


def preview(specs):
    """What the document would be once saved: each section's number and numbered paragraphs."""
    shown = []
    for number, depth, spec_, _parent in flattened(specs):
        blocks = paragraphs_of(spec_.text)
        shown.append(PreviewSection(number, depth, spec_.heading,
                                    [(n, render_markdown(block)) for n, block in enumerate(blocks, 1)]))
    return shown


@transaction.atomic
def document_save(*, actor, consultation, text):
    """Parse the editor's Markdown and save it as the document (draft only; services.save_document)."""
    specs = parse_document(text)
    if not specs:
        raise ValidationError({"text": "Write the document first: a line “# Heading” starts each section."})
    try:
        sections = services.save_document(actor=actor, consultation=consultation, sections=specs)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from None
    record(workspace=consultation.workspace, actor=actor, verb="consultations.document_saved", target=consultation,
           summary="saved the consultation's document")
    return sections


# --- Questions -----------------------------------------------------------------------------------

QUESTION_FIELDS = ("kind", "code", "text", "help_text", "required", "min_value", "max_value")


def suggested_code(consultation):
    numbers = [int(m.group(1)) for code in consultation.questions.values_list("code", flat=True)
               if (m := re.fullmatch(r"Q(\d+)", code))]
    return f"Q{max(numbers, default=0) + 1}"


def parse_options(text):
    """Options one per line: "label", or "code | label" -> [(code, label)] (codes o1, o2...)."""
    return parse_choices(text, prefix="o", limit=MAX_OPTIONS)


options_text = choices_text


def _section_of(consultation, section):
    if section is None:
        return None
    pk = getattr(section, "pk", section)
    try:
        return Section.objects.get(consultation=consultation, pk=pk)
    except Section.DoesNotExist:
        raise ValidationError({"section": "Choose one of this consultation's sections."}) from None


def _clean_question(consultation, fields, options, instance=None):
    kind = fields["kind"]
    if kind not in ALLOWED_KINDS:
        raise ValidationError({"kind": "Choose one of the types offered."})
    code = fields["code"]
    clash = consultation.questions.filter(code=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"code": f"{code} is already the code of another question: choose another."})
    if spec(kind).options and len(options) < 2:
        raise ValidationError({"options": "Give at least two options, one per line."})
    low, high = fields.get("min_value"), fields.get("max_value")
    if low is not None and high is not None and low > high:
        raise ValidationError({"max_value": "The most must be at least the fewest."})


def _save_options(question, options):
    question.options.all().delete()
    if not spec(question.kind).options:
        return
    valued = question.kind == Kind.SCALE
    Option.objects.bulk_create([
        Option(question=question, code=code, label=label, position=i, value=i if valued else None)
        for i, (code, label) in enumerate(options, 1)])


def _question_in(consultation, question):
    pk = getattr(question, "pk", question)
    try:
        return Question.objects.get(consultation=consultation, pk=pk)
    except Question.DoesNotExist:
        raise ValidationError("That question is no longer in this consultation.") from None


@transaction.atomic
def question_add(*, actor, consultation, section=None, options=(), **fields):
    current = _draft(consultation, "questions")
    if current.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(f"A consultation can have at most {MAX_QUESTIONS} questions.")
    section = _section_of(current, section)
    _clean_question(current, fields, options)
    position = (current.questions.aggregate(n=Max("position"))["n"] or 0) + 1
    question = Question.objects.create(consultation=current, section=section, position=position, **fields)
    _save_options(question, options)
    _touched(current, actor)
    return question


@transaction.atomic
def question_update(*, actor, consultation, question, section=None, options=(), **fields):
    current = _draft(consultation, "questions")
    question = _question_in(current, question)
    _clean_question(current, fields, options, instance=question)
    question.section = _section_of(current, section)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    _save_options(question, options)
    _touched(current, actor)
    return question


@transaction.atomic
def question_delete(*, actor, consultation, question):
    current = _draft(consultation, "questions")
    question = _question_in(current, question)
    question.delete()
    _touched(current, actor)


@transaction.atomic
def question_move(*, actor, consultation, question, up):
    current = _draft(consultation, "questions")
    question = _question_in(current, question)
    rows = list(current.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(rows) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        raise ValidationError(f"This question is already the {'first' if up else 'last'}.")
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, 1):
        if row.position != position:
            Question.objects.filter(pk=row.pk).update(position=position)
    _touched(current, actor)
    return question


# --- Files and other formats ---------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, consultation, kind, title, upload, checked):
    """A file beside the document (`checked`: lib.files.check_upload's CheckedFile of `upload`)."""
    current = locked_row(consultation, "workspace")
    if current.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(f"A consultation can have at most {MAX_ATTACHMENTS} files.")
    position = (current.attachments.aggregate(n=Max("position"))["n"] or 0) + 1
    attachment = Attachment(consultation=current, kind=kind, title=title, filename=checked.name,
                            content_type=checked.mime, size=checked.size, position=position, uploaded_by=actor)
    upload.seek(0)
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    _touched(current, actor)
    return attachment


@transaction.atomic
def attachment_delete(*, actor, consultation, attachment):
    current = locked_row(consultation, "workspace")
    found = Attachment.objects.filter(consultation=current, pk=getattr(attachment, "pk", attachment)).first()
    if found is None:
        raise ValidationError("That file has already been removed.")
    stored = found.file
    found.delete()
    name = stored.name
    transaction.on_commit(lambda: stored.storage.delete(name) if name else None)
    _touched(current, actor)


@transaction.atomic
def attachment_move(*, actor, consultation, attachment, up):
    current = locked_row(consultation, "workspace")
    rows = list(current.attachments.order_by("position", "id"))
    pk = getattr(attachment, "pk", attachment)
    index = next((i for i, a in enumerate(rows) if a.pk == pk), None)
    if index is None:
        raise ValidationError("That file has been removed.")
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        raise ValidationError(f"This file is already the {'first' if up else 'last'}.")
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, 1):
        if row.position != position:
            Attachment.objects.filter(pk=row.pk).update(position=position)


# --- Request another format ----------------------------------------------------------------------


def _staff_ids(consultation):
    """Who hears of a request: the workspace's managers and the consultation's author."""
    ids = set(counting_memberships(consultation.workspace).filter(role__gte=Role.MANAGER)
              .values_list("user_id", flat=True))
    if consultation.created_by_id:
        ids.add(consultation.created_by_id)
    return sorted(ids)


@transaction.atomic
def format_request_create(*, actor, consultation, format, details="", email=""):
    """A request for the consultation in another format; its staff are emailed (the mail kind
    FORMAT_REQUEST_KIND, built by consultations.mail_authoring; registered in ready())."""
    signed_in = getattr(actor, "is_authenticated", False)
    if not signed_in and not email:
        raise ValidationError({"email": "Enter your email address, so that we can send you the format."})
    request = FormatRequest.objects.create(
        consultation=consultation, requested_by=actor if signed_in else None,
        email=(email or (actor.email if signed_in else "")), format=format, details=details)
    payload = {"request": request.pk, "consultation": consultation.pk, "title": consultation.title[:200],
               "format": request.get_format_display(), "details": details[:2000], "email": request.email,
               "url": consultation.get_absolute_url()}
    queue([OutboundEmail(idempotency_key=f"{FORMAT_REQUEST_KIND}:{request.pk}:{user_id}",
                         kind=FORMAT_REQUEST_KIND, recipient_id=user_id,
                         subject=f"Request for “{consultation.title[:120]}” in another format", payload=payload)
           for user_id in _staff_ids(consultation)])
    return request


@transaction.atomic
def format_request_done(*, actor, consultation, request):
    current = locked_row(consultation, "workspace")
    found = FormatRequest.objects.select_for_update().filter(consultation=current,
                                                             pk=getattr(request, "pk", request)).first()
    if found is None:
        raise ValidationError("That request is not one of this consultation's.")
    if found.handled_at is None:
        found.handled_at, found.handled_by = timezone.now(), actor
        found.save(update_fields=["handled_at", "handled_by"])
    return found
