"""Responding to a consultation: a person's writes (and the reads they are built on).

One online response per person and consultation (Response, channel "web"), started by the first
save, never by a GET. Comments and suggestions are saved into it as the person goes (a draft:
nobody else sees them); `submit` sends it.

    response = current_response(user, consultation)           # theirs, or None
    comment = save_comment(actor=user, response=None|response, section=..., paragraph=None|p,
                           kind="comment"|"suggestion", body=..., suggested_text=..., confidential=False)
    remove_comment(actor=user, comment=comment)
    save_details(actor=user, response=None|response, consultation=..., details={...}, answers={code: [...]})
    submit(actor=user, response=response)                     # idempotent: a second press changes nothing

A submitted response may be changed until the consultation closes when it allows that
(Consultation.allow_edit): a comment changed or added waits, "not sent yet" (submitted False, out
of the counters and of others' sight), until the person sends the response again, which sends an
updated receipt. Every refusal is a ValidationError with the message for the person, raised
before anything is written.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from workspaces.kit import moderation
from workspaces.kit.moderation import ModerationStatus
from workspaces.kit.questions.logic import evaluate
from workspaces.kit.services import locked_row, record
from workspaces.lib.markdown import render_markdown
from workspaces.permissions import decide

from . import receipts
from .models import (
    Answer,
    Channel,
    Comment,
    CommentKind,
    Consultation,
    Moderation,
    Question,
    Response,
    ResponseStatus,
    Section,
)
from .models.responses import MAX_COMMENT_LENGTH, MAX_SUGGESTION_LENGTH

RESPOND = "consultations.respond_consultation"
SECTION_REMOVED = ("This section has been withdrawn from the consultation, so it no longer takes comments. "
                   "You can still comment on the other sections.")
NOT_EDITABLE = "Your response has been sent and this consultation does not let responses be changed afterwards."
NOT_YOURS = "This is not one of your comments."
EMPTY_COMMENT = "Enter your comment"
EMPTY_SUGGESTION = "Enter the wording you suggest"
UNCHANGED_SUGGESTION = "Change the wording before sending it as a suggestion: it is the same as the paragraph's"
NOTHING_TO_SEND = "Add a comment, a suggestion or an answer before sending your response."
REQUIRED = "Answer this question"
DETAIL_FIELDS = ("respondent_type", "display_name", "organisation_name", "organisation_type", "consent",
                 "answers_confidential", "signature_count", "notify_outcome")


# --- Reads ----------------------------------------------------------------------------------------

def current_response(user, consultation):
    """The person's own online response to the consultation (draft or sent), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, respondent=user, channel=Channel.WEB).first()


def has_unsent_changes(response):
    """A sent response changed since: comments not sent yet, or details saved after sending."""
    if response is None or not response.is_submitted:
        return False
    if response.submitted_at and response.updated_at > response.submitted_at:
        return True
    return response.comments.filter(submitted=False).exists()


def questions_of(consultation):
    """The questions in order, each with its options (two queries)."""
    questions = list(Question.objects.filter(consultation=consultation).select_related("section")
                     .prefetch_related("options").order_by("position", "id"))
    return questions


def answers_of(response):
    """The response's stored answers as {code: [AnswerValue]} (one query)."""
    from workspaces.kit.questions.logic import AnswerValue

    found = {}
    if response is None:
        return found
    for row in response.answers.order_by("id"):
        found.setdefault(row.code, []).append(
            AnswerValue(row=row.row, choice=row.choice, text=row.text, number=row.number, date=row.date))
    return found


def shown_questions(questions, answers):
    """The questions shown given the answers (show-if rules point at earlier questions)."""
    shown, so_far = [], {}
    for question in questions:
        if evaluate(question.rule, so_far):
            shown.append(question)
            if answers.get(question.code):
                so_far[question.code] = answers[question.code]
    return shown


def missing_answers(questions, answers):
    """The required questions shown but not answered, in order."""
    return [q for q in shown_questions(questions, answers) if q.required and not answers.get(q.code)]


# --- Checks ----------------------------------------------------------------------------------------

def _may_respond(actor, consultation):
    if actor is None or not actor.is_authenticated:
        raise ValidationError("Sign in to respond.")
    decision = decide(actor, RESPOND, consultation)
    if not decision.allowed:
        raise ValidationError(decision.reason or "You cannot respond to this consultation.")


def _editable(response, consultation):
    if response.is_submitted and not consultation.allow_edit:
        raise ValidationError(NOT_EDITABLE)


def _consultation(consultation):
    return locked_row(consultation, "workspace")


def _start(actor, consultation, client_key=""):
    """The person's response, created now if they have none (one per person: the constraint and
    the consultation's row lock; the same client_key finds the same one)."""
    found = current_response(actor, consultation)
    if found is not None:
        return found
    if client_key:
        keyed = Response.objects.filter(consultation=consultation, client_key=client_key[:40]).first()
        if keyed is not None:
            if keyed.respondent_id != actor.pk:
                raise ValidationError("This form was already used. Reload the page and try again.")
            return keyed
    return Response.objects.create(consultation=consultation, respondent=actor, channel=Channel.WEB,
                                   display_name=(getattr(actor, "display_name", "") or "")[:200],
                                   client_key=(client_key or "")[:40])


def _own_response(actor, response, consultation):
    if response.respondent_id != actor.pk or response.consultation_id != consultation.pk or response.is_offline:
        raise ValidationError("This is not your response.")
    return Response.objects.get(pk=response.pk)


def _count_out(comment):
    """A sent comment taken back (changed or removed): out of the counters."""
    Consultation.objects.filter(pk=comment.consultation_id).update(comment_count=F("comment_count") - 1)
    Section.objects.filter(pk=comment.section_id).update(comment_count=F("comment_count") - 1)
    if comment.status == ModerationStatus.PENDING:
        moderation.withdrawn(item=comment)


def _touch(response, now):
    Response.objects.filter(pk=response.pk).update(updated_at=now, revision=F("revision") + 1)


# --- Writes -----------------------------------------------------------------------------------------

@transaction.atomic
def save_comment(*, actor, response, section, paragraph, kind, body="", suggested_text="", confidential=False,
                 client_key=""):
    """Save a comment (on `paragraph`, or on the whole `section` when None) or a suggested
    wording for `paragraph` into the person's response (started now when `response` is None).
    One of each kind per place: saving again changes the one there is."""
    consultation = _consultation(section.consultation)
    _may_respond(actor, consultation)
    section = Section.objects.get(pk=section.pk)
    if section.consultation_id != consultation.pk:
        raise ValidationError("This section is not part of this consultation.")
    if section.is_removed:
        raise ValidationError(SECTION_REMOVED)
    if paragraph is not None and paragraph.section_id != section.pk:
        raise ValidationError("This paragraph is not part of this section.")
    kind = CommentKind(kind)
    body = (body or "").replace("\r\n", "\n").strip()
    suggested_text = (suggested_text or "").replace("\r\n", "\n").strip()
    if kind == CommentKind.COMMENT:
        suggested_text = ""
        if not body:
            raise ValidationError({"body": EMPTY_COMMENT})
    else:
        if paragraph is None:
            raise ValidationError("Suggest new wording for one paragraph at a time.")
        if not suggested_text:
            raise ValidationError({"suggested_text": EMPTY_SUGGESTION})
        if suggested_text == paragraph.text.strip():
            raise ValidationError({"suggested_text": UNCHANGED_SUGGESTION})
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError({"body": f"Your comment must be {MAX_COMMENT_LENGTH:,} characters or fewer "
                                       f"(it has {len(body):,})"})
    if len(suggested_text) > MAX_SUGGESTION_LENGTH:
        raise ValidationError({"suggested_text": f"The wording must be {MAX_SUGGESTION_LENGTH:,} characters or "
                                                 f"fewer (it has {len(suggested_text):,})"})
    if response is None:
        response = _start(actor, consultation, client_key)
    else:
        response = _own_response(actor, response, consultation)
    _editable(response, consultation)
    now = timezone.now()
    place = {"response": response, "section": section, "paragraph": paragraph, "kind": kind}
    comment = Comment.objects.filter(**place).first()
    if comment is None:
        comment = Comment(workspace=consultation.workspace, consultation=consultation, author=actor, **place)
    elif comment.submitted:
        _count_out(comment)
        comment.submitted = False
    comment.body = body
    comment.body_html = render_markdown(body) if body else ""
    comment.suggested_text = suggested_text
    comment.confidential = bool(confidential)
    comment.status = ModerationStatus.PUBLISHED
    comment.updated_at = now
    comment.save()
    _touch(response, now)
    return comment


@transaction.atomic
def remove_comment(*, actor, comment):
    """Take one of one's own comments or suggestions out of one's response (a draft, or a sent
    one that may still be changed)."""
    consultation = _consultation(comment.consultation)
    _may_respond(actor, consultation)
    current = Comment.objects.filter(pk=comment.pk).select_related("response").first()
    if current is None:
        return None
    if current.author_id != actor.pk or current.response.respondent_id != actor.pk:
        raise ValidationError(NOT_YOURS)
    _editable(current.response, consultation)
    if current.submitted:
        _count_out(current)
    current.delete()
    _touch(current.response, timezone.now())
    return current


@transaction.atomic
def save_details(*, actor, response, consultation, details, answers, questions=None, client_key=""):
    """Save "Your response": who they are, publishing consent, confidentiality, their answers
    ({code: [AnswerValue]}, for the questions asked; other questions' answers are kept)."""
    consultation = _consultation(consultation)
    _may_respond(actor, consultation)
    if response is None:
        response = _start(actor, consultation, client_key)
    else:
        response = _own_response(actor, response, consultation)
    _editable(response, consultation)
    for name in DETAIL_FIELDS:
        if name in details:
            setattr(response, name, details[name])
    if response.respondent_type != "organisation":
        response.organisation_name, response.organisation_type, response.signature_count = "", "", 1
    now = timezone.now()
    response.updated_at = now
    response.revision += 1
    response.save()
    questions = questions if questions is not None else questions_of(consultation)
    shown = shown_questions(questions, answers)
    Answer.objects.filter(response=response).delete()  # hidden questions' answers are not kept
    Answer.objects.bulk_create([
        Answer(response=response, consultation=consultation, question=q, code=q.code, row=v.row, choice=v.choice,
               text=v.text, number=v.number, date=v.date)
        for q in shown for v in answers.get(q.code, [])
    ])
    return response


@transaction.atomic
def submit(*, actor, response):
    """Send the response: submitted, its comments sent (counted, moderated), the activity and the
    receipt email with a copy of it and its receipt ID. Sending again a response already sent
    with nothing changed does nothing (returns False); a changed one sent again sends an updated
    receipt. Refused (ValidationError) when there is nothing in it or a required answer is missing."""
    consultation = _consultation(response.consultation)
    _may_respond(actor, consultation)
    current = locked_row(response)
    current = _own_response(actor, current, consultation)
    pending = list(current.comments.filter(submitted=False).select_related("section", "paragraph"))
    resubmitting = current.is_submitted
    if resubmitting:
        if not consultation.allow_edit:
            raise ValidationError(NOT_EDITABLE)
        if not pending and not (current.submitted_at and current.updated_at > current.submitted_at):
            return False
    questions = questions_of(consultation)
    answers = answers_of(current)
    missing = missing_answers(questions, answers)
    if missing:
        raise ValidationError(f"{REQUIRED}: {missing[0].text}")
    if not resubmitting and not pending and not answers:
        raise ValidationError(NOTHING_TO_SEND)
    for comment in pending:
        if comment.section.is_removed:
            raise ValidationError(f"Your {comment.get_kind_display().lower()} on {comment.section.label} cannot be "
                                  f"sent: {SECTION_REMOVED} Remove it, then send your response.")
    now = timezone.now()
    pre = consultation.moderation == Moderation.PRE or moderation.premoderates(consultation.workspace, actor)
    status = ModerationStatus.PENDING if pre else ModerationStatus.PUBLISHED
    Comment.objects.filter(pk__in=[c.pk for c in pending]).update(submitted=True, status=status)
    by_section = Counter(c.section_id for c in pending)
    for section_id, n in by_section.items():
        Section.objects.filter(pk=section_id).update(comment_count=F("comment_count") + n)
    Consultation.objects.filter(pk=consultation.pk).update(
        comment_count=F("comment_count") + len(pending),
        response_count=F("response_count") + (0 if resubmitting else 1))
    if pre:
        for comment in pending:
            comment.submitted, comment.status = True, status
            moderation.submitted(actor=actor, item=comment)
    current.status = ResponseStatus.SUBMITTED
    current.submitted_at = now
    current.updated_at = now
    current.receipt_sent_at = now
    current.save(update_fields=["status", "submitted_at", "updated_at", "receipt_sent_at"])
    record(workspace=consultation.workspace, actor=actor, verb="consultations.response_submitted",
           target=consultation, summary="sent an updated response" if resubmitting else "sent a response")
    receipts.queue_receipt(response=current, consultation=consultation, updated=resubmitting)
    return True
