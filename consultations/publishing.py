"""Publishing responses (Citizen Space's model, USER-NEEDS §1.5): staff decide each free-text
part on its own — a comment's body, a suggestion's wording and reason (one decision for the
suggestion), a free-text answer — and may take a span out of it with a reason (a Redaction,
audited). Choice answers publish without review when consent allows.

Never published, whatever is decided: responses not submitted, responses whose author chose
"private", comments marked confidential, the answers of a response with answers_confidential.
`published_body` / `published_suggestion` / `published_text` hold the text as published
("[redacted]" where a span was taken out); they are blank unless the part is approved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from workspaces.kit.services import audit, locked_row

from .models import (
    Answer,
    Comment,
    CommentKind,
    Consent,
    Consultation,
    PublishState,
    Redaction,
    ResponseStatus,
)
from .models.responses import MAX_REASON_LENGTH

REDACTED = "[redacted]"
COMMENT, ANSWER = "comment", "answer"
KINDS = (COMMENT, ANSWER)
BODY, SUGGESTION = "body", "suggestion"

NOT_FOUND_SPAN = ("“Text to take out” must be copied exactly from the text below (the same letters, spaces and "
                  "punctuation); it was not found there.")
NEEDS_SPAN = "Enter the text to take out."
NEEDS_REASON = "Say why this is taken out (it is kept in the audit trail)."
NOT_PUBLISHABLE = "This part can never be published: its author did not agree, or it is confidential."
UNKNOWN_STATE = "Choose approve or reject."


# --- What may ever be published -------------------------------------------------------------------


def publishable_comments(consultation):
    """Comments and suggestions that may be published once approved."""
    return Comment.objects.filter(
        consultation=consultation, submitted=True, confidential=False, response__status=ResponseStatus.SUBMITTED,
    ).exclude(response__consent=Consent.PRIVATE)


def publishable_answers(consultation):
    """Answers (choice and free text) that may be published: free text once approved."""
    return Answer.objects.filter(
        consultation=consultation, response__status=ResponseStatus.SUBMITTED, response__answers_confidential=False,
    ).exclude(response__consent=Consent.PRIVATE)


def free_text(answers):
    """The answers that need a decision: those with text (a text question, an "Other" box)."""
    return answers.exclude(text="")


def published_comments(consultation):
    return publishable_comments(consultation).filter(publish_state=PublishState.APPROVED)


def published_answers(consultation):
    """Approved free-text answers, and choice answers (no text: nothing to review)."""
    return publishable_answers(consultation).filter(Q(text="") | Q(publish_state=PublishState.APPROVED))


def published_responses(consultation, section=None):
    """Submitted, consented responses with something published (in `section`, if given)."""
    from .models import Response

    comments = published_comments(consultation).filter(response=OuterRef("pk"))
    if section is not None:
        comments = comments.filter(section=section)
        found = Exists(comments)
    else:
        found = Exists(comments) | Exists(published_answers(consultation).filter(response=OuterRef("pk")))
    return (Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)
            .exclude(consent=Consent.PRIVATE).filter(found))


# --- Texts as published ----------------------------------------------------------------------------


def redacted(text, spans):
    """`text` with each (start, end) span replaced by "[redacted]" (overlapping spans merged)."""
    merged = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [text[at:start], REDACTED]
        at = end
    out.append(text[at:])
    return "".join(out)


def texts_of(part):
    """{field: text as written} of a part: a comment's body; a suggestion's wording and reason; an answer's text."""
    if isinstance(part, Answer):
        return {BODY: part.text}
    if part.kind == CommentKind.SUGGESTION:
        return {SUGGESTION: part.suggested_text, BODY: part.body}
    return {BODY: part.body}


def _refresh(part):
    """Set the published text(s) from the decision and the part's redactions (not saved)."""
    approved = part.publish_state == PublishState.APPROVED
    spans = {}
    for field, start, end in part.redactions.values_list("field", "start", "end"):
        spans.setdefault(field, []).append((start, end))
    texts = {field: redacted(text, spans.get(field, [])) if approved else "" for field, text in texts_of(part).items()}
    if isinstance(part, Answer):
        part.published_text = texts[BODY]
        return ["publish_state", "published_text"]
    part.published_body = texts[BODY]
    part.published_suggestion = texts.get(SUGGESTION, "")
    return ["publish_state", "published_body", "published_suggestion"]


# --- Decisions -------------------------------------------------------------------------------------


def part_of(consultation, kind, pk):
    """The publishable part (a Comment or a free-text Answer) of this consultation, or None."""
    if kind == COMMENT:
        return publishable_comments(consultation).select_related("section", "paragraph", "response").filter(
            pk=pk).first()
    if kind == ANSWER:
        return free_text(publishable_answers(consultation)).select_related("question", "response").filter(
            pk=pk).first()
    return None


def _locked_part(consultation, kind, pk):
    current = locked_row(consultation, "workspace")
    model = Comment if kind == COMMENT else Answer
    if kind not in KINDS or not model.objects.select_for_update().filter(pk=pk, consultation=current).exists():
        raise ValidationError(NOT_PUBLISHABLE)
    part = part_of(current, kind, pk)
    if part is None:
        raise ValidationError(NOT_PUBLISHABLE)
    return current, part


@transaction.atomic
def decide(*, actor, consultation, kind, pk, state):
    """Approve or reject one part (or set it back to pending). Audited."""
    if state not in PublishState.values:
        raise ValidationError(UNKNOWN_STATE)
    current, part = _locked_part(consultation, kind, pk)
    before = part.publish_state
    part.publish_state = state
    fields = _refresh(part)
    if kind == COMMENT and state != PublishState.APPROVED and part.quoted:
        part.quoted = False  # only approved parts are quoted in the outcome
        fields.append("quoted")
    part.save(update_fields=fields)
    audit(actor=actor, action="consultation.publish_decided", workspace=current.workspace, target=current,
          before={"state": before}, after={"kind": kind, "id": part.pk, "state": state})
    return part


@transaction.atomic
def redact(*, actor, consultation, kind, pk, span, reason, field=BODY):
    """Take `span` (text that occurs exactly in the part's `field`) out of what is published, with
    a reason: a Redaction row and an audit entry "consultation.redacted" with the reason."""
    reason = (reason or "").strip()
    errors = {}
    if not span:
        errors["span"] = NEEDS_SPAN
    if not reason:
        errors["reason"] = NEEDS_REASON
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = f"Keep the reason to at most {MAX_REASON_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
    current, part = _locked_part(consultation, kind, pk)
    text = texts_of(part).get(field)
    if text is None:
        raise ValidationError({"field": "Choose which text to take it out of."})
    start = text.find(span)
    taken = set(part.redactions.filter(field=field).values_list("start", "end"))
    while start != -1 and (start, start + len(span)) in taken:
        start = text.find(span, start + 1)  # the same words again further on
    if start == -1:
        if text.find(span) != -1:
            raise ValidationError({"span": "Every place this text occurs has already been taken out."})
        raise ValidationError({"span": NOT_FOUND_SPAN})
    redaction = Redaction.objects.create(
        consultation=current, comment=part if kind == COMMENT else None, answer=part if kind == ANSWER else None,
        field=field, start=start, end=start + len(span), reason=reason, created_by=actor,
    )
    part.save(update_fields=_refresh(part))
    audit(actor=actor, action="consultation.redacted", workspace=current.workspace, target=current,
          after={"kind": kind, "id": part.pk, "field": field, "start": redaction.start, "end": redaction.end,
                 "reason": reason})
    return redaction


@transaction.atomic
def set_responses_published(*, actor, consultation, published):
    """The switch "Publish responses": on, whoever may see published responses sees them."""
    current = locked_row(consultation, "workspace")
    if current.responses_published != published:
        Consultation.objects.filter(pk=current.pk).update(responses_published=published, updated_by=actor)
        current.responses_published = published
        audit(actor=actor, action="consultation.responses_published" if published else
              "consultation.responses_unpublished", workspace=current.workspace, target=current,
              after={"responses_published": published, "at": timezone.now().isoformat()})
    return current
