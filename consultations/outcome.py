"""The outcome ("we asked, you said, we did"): the overall "what we did", per section "our
response" and "what changed", the final wording per paragraph, the quotes to show; publishing
it (status "outcome", the respondents who opted in emailed); and what its page and the
workspace's list of outcomes read. Every edit posts back Consultation.version: no silent
overwrite."""

from dataclasses import dataclass

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.lifecycles import IllegalTransition
from workspaces.kit.mail import OutboundEmail, queue
from workspaces.kit.services import audit, locked_row
from workspaces.lib.diff import diff_texts
from workspaces.lib.markdown import render_markdown

from . import due
from .counts import Totals
from .lifecycles import STATUS
from .models import Comment, Consultation, Paragraph, Response, ResponseStatus, Status, Tag
from .models.consultation import MAX_SUMMARY_LENGTH
from .publishing import published_comments

MAIL_KIND = "consultations.outcome"
MAIL_CHUNK = 1000  # outbox rows written per transaction
INLINE_LIMIT = 2000  # up to this many, written in the publishing transaction; more, by a task
TOP_THEMES = 5

CHANGED_MEANWHILE = ("Someone else saved the outcome while you had this page open, so nothing has been saved: "
                     "what is saved now is shown; what you typed is still in the form. Check it and save again.")
STILL_OPEN = "The consultation is still open for responses: publish its outcome once it has closed."


class OutcomeChanged(ValidationError):
    pass


def _check_version(current, base_version):
    if base_version is not None and int(base_version) != current.version:
        raise OutcomeChanged(CHANGED_MEANWHILE)


def _bump(current, actor, **fields):
    Consultation.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_by=actor, **fields)
    current.version += 1
    for name, value in fields.items():
        setattr(current, name, value)


def _length(text, what):
    if len(text) > MAX_SUMMARY_LENGTH:
        raise ValidationError(f"{what} can be at most {MAX_SUMMARY_LENGTH:,} characters long.")


@transaction.atomic
def save_summary(*, actor, consultation, summary, base_version):
    """The overall "what we did" (Markdown)."""
    current = locked_row(consultation, "workspace")
    _check_version(current, base_version)
    summary = (summary or "").replace("\r\n", "\n").strip()
    _length(summary, "“What we did”")
    _bump(current, actor, outcome_summary=summary, outcome_summary_html=render_markdown(summary) if summary else "")
    return current


@transaction.atomic
def save_section(*, actor, consultation, section, response_text, changes_text, final_texts, quoted, base_version):
    """A section's "our response", "what changed", the final wording of its paragraphs
    ({paragraph id: text}; blank or the draft's own text: unchanged) and its quotes (comment ids:
    only approved, consented parts of this section; the others are refused)."""
    current = locked_row(consultation, "workspace")
    _check_version(current, base_version)
    response_text = (response_text or "").replace("\r\n", "\n").strip()
    changes_text = (changes_text or "").replace("\r\n", "\n").strip()
    _length(response_text, "“Our response”")
    _length(changes_text, "“What changed”")
    quotable = set(quotable_comments(current, section).values_list("pk", flat=True))
    quoted = {int(pk) for pk in quoted}
    if quoted - quotable:
        raise ValidationError({"quoted": "Only approved comments whose authors agreed to publication can be quoted."})
    section.response_text, section.changes_text = response_text, changes_text
    section.response_html = render_markdown(response_text) if response_text else ""
    section.changes_html = render_markdown(changes_text) if changes_text else ""
    section.save(update_fields=["response_text", "response_html", "changes_text", "changes_html"])
    paragraphs = list(Paragraph.objects.filter(section=section).select_for_update())
    changed = []
    for paragraph in paragraphs:
        if paragraph.pk not in final_texts:
            continue
        text = (final_texts[paragraph.pk] or "").replace("\r\n", "\n").strip()
        text = "" if text == paragraph.text else text
        if text != paragraph.final_text:
            paragraph.final_text = text
            changed.append(paragraph)
    Paragraph.objects.bulk_update(changed, ["final_text"])
    Comment.objects.filter(section=section, quoted=True).exclude(pk__in=quoted).update(quoted=False)
    Comment.objects.filter(pk__in=quoted).update(quoted=True)
    _bump(current, actor)
    return current


def quotable_comments(consultation, section=None):
    """What may be quoted in the outcome: approved, consented, not confidential."""
    found = published_comments(consultation)
    return found.filter(section=section) if section is not None else found


# --- Publishing the outcome -----------------------------------------------------------------------


def may_publish(consultation, now=None):
    if consultation.status == Status.ANALYSING:
        return True
    return consultation.status == Status.LIVE and consultation.window_state(now) == "closed"


def opted_in(consultation):
    """The responses whose respondents are to be told: submitted, opted in, with an email."""
    return (Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED, notify_outcome=True,
                                    respondent__isnull=False, respondent__is_active=True)
            .exclude(respondent__email=""))


@transaction.atomic
def publish_outcome(*, actor, consultation):
    """Publish the outcome: status "outcome" (from closed or analysing), outcome_published_at,
    the "response expected by" reminder cancelled, and an email to every respondent who opted
    in (written in this transaction when they are few; by a task, in chunks, when many)."""
    current = locked_row(consultation, "workspace")
    if current.status == Status.LIVE and not may_publish(current):
        raise ValidationError(STILL_OPEN)
    try:
        STATUS.transition(current, Status.OUTCOME, actor=actor, summary="published the outcome of the consultation")
    except IllegalTransition as exc:
        raise ValidationError(exc.messages[0]) from None
    current.outcome_published_at = timezone.now()
    current.save(update_fields=["outcome_published_at"])
    due.cancel(current)
    audit(actor=actor, action="consultation.outcome_published", workspace=current.workspace, target=current)
    ids = list(opted_in(current).order_by("pk").values_list("pk", flat=True)[:INLINE_LIMIT + 1])
    if len(ids) <= INLINE_LIMIT:
        queue_mail_chunk(current.pk, ids)
    else:
        transaction.on_commit(lambda: send_outcome_mail.delay(current.pk))
    return current


def outcome_path(consultation):
    return reverse("consultations:outcome", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk})


@transaction.atomic
def queue_mail_chunk(consultation_id, response_ids):
    """The outbox rows for these responses (opted in, checked again), one per respondent and
    consultation (its idempotency key): a second run writes nothing new."""
    consultation = Consultation.objects.select_related("workspace").get(pk=consultation_id)
    pairs = opted_in(consultation).filter(pk__in=response_ids).values_list("pk", "respondent_id")
    path = outcome_path(consultation)
    subject = f"The outcome of “{consultation.title[:120]}” is published"
    queue([OutboundEmail(
        idempotency_key=f"{MAIL_KIND}:{consultation.pk}:{respondent_id}", kind=MAIL_KIND, recipient_id=respondent_id,
        ref_id=consultation.pk, subject=subject[:200],
        payload={"title": consultation.title, "workspace_name": consultation.workspace.name, "url": path,
                 "response_id": response_id},
    ) for response_id, respondent_id in pairs])
    return len(pairs)


@shared_task(name="consultations.send_outcome_mail")
def send_outcome_mail(consultation_id):
    """Off the request path, for many respondents: the outbox rows in chunks of MAIL_CHUNK, each
    chunk its own transaction (keyset over the response ids; a rerun skips what is written)."""
    consultation = Consultation.objects.filter(pk=consultation_id, status=Status.OUTCOME).first()
    if consultation is None:
        return 0
    written, after = 0, 0
    while True:
        ids = list(opted_in(consultation).filter(pk__gt=after).order_by("pk")
                   .values_list("pk", flat=True)[:MAIL_CHUNK])
        if not ids:
            return written
        written += queue_mail_chunk(consultation_id, ids)
        after = ids[-1]


# --- What the outcome page and the list read --------------------------------------------------------


def totals_for(consultations):
    """{consultation id: Totals} for many consultations in one query (counts.totals' rules)."""
    rows = (Response.objects.filter(consultation__in=consultations, status=ResponseStatus.SUBMITTED)
            .values("consultation_id").annotate(
                responses=Count("pk"),
                in_campaigns=Count("pk", filter=Q(campaign__isnull=False, campaign__size__gte=2)),
                campaigns=Count("campaign", distinct=True, filter=Q(campaign__size__gte=2)),
                signatures=Sum("signature_count")).order_by())
    found = {row["consultation_id"]: Totals(row["responses"], row["in_campaigns"], row["campaigns"],
                                            row["signatures"] or 0) for row in rows}
    return {c.pk: found.get(c.pk, Totals(0, 0, 0, 0)) for c in consultations}


@dataclass
class SectionOutcome:
    section: object
    said: list  # [(respondent type label, count)]
    comments: int
    themes: list  # [(theme name, count)]
    quotes: list  # Comments
    diff: object  # workspaces.lib.diff.Diff, or None when the wording did not change


def sections_of(consultation):
    """Per section, in document order: what was said (comments by respondent type), the top
    themes, the chosen quotes, and the draft against the final wording. A fixed number of queries."""
    from .models import RespondentType

    sections = list(consultation.sections.filter(is_removed=False).order_by("position", "id"))
    types = dict(RespondentType.choices)
    said = {}
    for row in (Comment.objects.filter(consultation=consultation, submitted=True)
                .values("section_id", "response__respondent_type").annotate(n=Count("pk")).order_by()):
        said.setdefault(row["section_id"], []).append((types.get(row["response__respondent_type"], "Other"), row["n"]))
    themes = {}
    for row in (Tag.objects.filter(consultation=consultation, section__isnull=False)
                .values("section_id", "theme__name").annotate(n=Count("pk")).order_by("section_id", "-n",
                                                                                       "theme__name")):
        themes.setdefault(row["section_id"], [])
        if len(themes[row["section_id"]]) < TOP_THEMES:
            themes[row["section_id"]].append((row["theme__name"], row["n"]))
    quotes = {}
    for comment in (published_comments(consultation).filter(quoted=True)
                    .select_related("response", "paragraph").order_by("section_id", "paragraph__number", "id")):
        quotes.setdefault(comment.section_id, []).append(comment)
    paragraphs = {}
    for paragraph in Paragraph.objects.filter(consultation=consultation).order_by("section_id", "number"):
        paragraphs.setdefault(paragraph.section_id, []).append(paragraph)
    out = []
    for section in sections:
        mine = paragraphs.get(section.pk, [])
        diff = None
        if any(p.final_text and p.final_text != p.text for p in mine):
            diff = diff_texts("\n\n".join(p.text for p in mine), "\n\n".join(p.final_text or p.text for p in mine))
        rows = sorted(said.get(section.pk, []))
        out.append(SectionOutcome(section=section, said=rows, comments=sum(n for _, n in rows),
                                  themes=themes.get(section.pk, []), quotes=quotes.get(section.pk, []), diff=diff))
    return out


def later_than_expected(consultation):
    """Days past the "response expected by" date the outcome came (None if not later)."""
    if not (consultation.outcome_published_at and consultation.response_due_on):
        return None
    late = (timezone.localdate(consultation.outcome_published_at) - consultation.response_due_on).days
    return late if late > 0 else None


def past_outcomes(user, workspace):
    """The consultations with a published outcome that the person may see."""
    from . import selectors

    return selectors.consultations(user, workspace).filter(status=Status.OUTCOME,
                                                           outcome_published_at__isnull=False)

