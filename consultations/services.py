"""The consultation's shared contract, used by every part of the tool: creating one, saving its
document (sections and numbered paragraphs), publishing it (with the period check), and the
counters. Keyword-only, one change each, atomic. Each part keeps its other writes in its own
module (authoring.py, responding.py, analysis.py, campaigns.py, publishing.py, outcome.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workspaces.kit.services import audit, item_added, locked_row
from workspaces.lib.markdown import render_markdown

from . import due, periods
from .document import flattened, paragraphs_of
from .lifecycles import CONSULTATION_WINDOW, STATUS
from .models import MAX_PARAGRAPHS, MAX_SECTIONS, Consultation, Paragraph, Section, Status

NEEDS_DATES = "Set when the consultation opens and closes before publishing it."
NEEDS_DOCUMENT = "Add at least one section with text before publishing."
NEEDS_REASON = "Say why (this is kept in the audit trail)."
DOCUMENT_FROZEN = "The document cannot be changed once the consultation is published: people may have commented on it."


@transaction.atomic
def consultation_create(*, actor, workspace, title, summary="", opens_at=None, closes_at=None, moderation="post",
                        comments_public=True, allow_edit=True, view_access="members", change_access="managers",
                        view_teams=(), change_teams=()):
    """A new consultation in draft: seen only by whoever may run it until it is published."""
    consultation = Consultation.objects.create(
        workspace=workspace, created_by=actor, updated_by=actor, title=title, summary=summary,
        summary_html=render_markdown(summary) if summary else "", opens_at=opens_at, closes_at=closes_at,
        moderation=moderation, comments_public=comments_public, allow_edit=allow_edit,
        view_access=view_access, change_access=change_access,
    )
    item_added(consultation, actor=actor, verb="consultations.consultation_created",
               summary="added the consultation", view_teams=view_teams, change_teams=change_teams)
    return consultation


@transaction.atomic
def save_document(*, actor, consultation, sections):
    """Replace the draft's document with `sections` (document.SectionSpec trees): sections
    numbered "1", "1.1"..., each text split into numbered paragraphs. Only in draft."""
    current = locked_row(consultation, "workspace")
    if current.status != Status.DRAFT:
        raise ValidationError(DOCUMENT_FROZEN)
    rows = flattened(sections)
    if len(rows) > MAX_SECTIONS:
        raise ValidationError(f"A document can have at most {MAX_SECTIONS} sections and sub-sections.")
    split = [paragraphs_of(spec.text) for _, _, spec, _ in rows]
    if sum(len(p) for p in split) > MAX_PARAGRAPHS:
        raise ValidationError(f"A document can have at most {MAX_PARAGRAPHS} paragraphs.")
    current.sections.all().delete()
    by_number = {}
    for position, ((number, _depth, spec, parent_number), blocks) in enumerate(zip(rows, split, strict=True)):
        section = Section.objects.create(
            consultation=current, parent=by_number.get(parent_number), position=position, number=number,
            heading=spec.heading.strip()[:300] or f"Section {number}", text="\n\n".join(blocks),
        )
        by_number[number] = section
        Paragraph.objects.bulk_create([
            Paragraph(consultation=current, section=section, number=n, text=block, html=render_markdown(block))
            for n, block in enumerate(blocks, 1)
        ])
    Consultation.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_by=actor)
    return list(by_number.values())


@transaction.atomic
def publish(*, actor, consultation, reason=""):
    """Publish the draft: scheduled until its window opens, then open (the lifecycle tells its
    followers). Needs both dates and a document; a period the check flags (periods.problems)
    needs a reason, which is kept and audited. Sets "response expected by" and schedules the
    managers' reminder."""
    current = locked_row(consultation, "workspace")
    if current.opens_at is None or current.closes_at is None:
        raise ValidationError({"closes_at": NEEDS_DATES})
    if not Paragraph.objects.filter(consultation=current).exists():
        raise ValidationError(NEEDS_DOCUMENT)
    flagged = periods.problems(current.opens_at, current.closes_at)
    reason = (reason or current.period_reason or "").strip()
    if flagged and not reason:
        raise ValidationError({"period_reason": " ".join(flagged) + " " + NEEDS_REASON})
    STATUS.transition(current, Status.LIVE, actor=actor, summary="published the consultation")
    current.period_reason = reason if flagged else current.period_reason
    current.published_at = timezone.now()
    due.schedule(current)
    current.save(update_fields=["period_reason", "published_at", "response_due_on"])
    if flagged:
        audit(actor=actor, action="consultation.period_reason", workspace=current.workspace, target=current,
              after={"problems": flagged, "reason": reason, "opens_at": current.opens_at.isoformat(),
                     "closes_at": current.closes_at.isoformat()})
    CONSULTATION_WINDOW.window_changed(current)
    return current
