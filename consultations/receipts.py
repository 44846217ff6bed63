"""The receipt email: sent to a respondent when they send their response (and again, "updated",
when they send a changed one), with a copy of what they sent and their private receipt ID.
Queued in the submit's transaction (kit.mail); the kind is registered in ConsultationsConfig.ready()."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from workspaces.kit.mail import MailKind, OutboundEmail, compose, queue, register_kind
from workspaces.kit.questions import answers as answer_fields

RECEIPT_KIND = "consultations.receipt"


def copy_of(response, consultation):
    """What the receipt says was sent: [(place, kind label, text, confidential)], the answers as
    [(question, words)] (three queries)."""
    from .models import Question

    comments = [
        (c.paragraph.label if c.paragraph_id else f"{c.section.label} as a whole", c.get_kind_display(),
         c.suggested_text if c.kind == "suggestion" else c.body,
         c.body if c.kind == "suggestion" else "", c.confidential)
        for c in response.comments.select_related("section", "paragraph").order_by(
            "section__position", "paragraph__number", "kind", "id")
    ]
    stored = {}
    for row in response.answers.order_by("id"):
        stored.setdefault(row.code, []).append(row)
    answers = []
    if stored:
        for question in Question.objects.filter(consultation=consultation, code__in=stored).prefetch_related(
                "options").order_by("position", "id"):
            answers.append((question.text, answer_fields.display(question, list(question.options.all()),
                                                                 stored[question.code])))
    return comments, answers


def queue_receipt(*, response, consultation, updated=False):
    """Queue the receipt to the respondent (in the caller's transaction)."""
    if response.respondent_id is None:
        return
    comments, answers = copy_of(response, consultation)
    path = reverse("consultations:response", kwargs={"workspace": consultation.workspace.slug,
                                                     "pk": consultation.pk})
    text = render_to_string("consultations/responding/receipt_email.txt", {
        "response": response, "consultation": consultation, "comments": comments, "answers": answers,
        "updated": updated, "url": settings.SITE_URL + path,
        "window": consultation.window_phrase(), "may_change": consultation.allow_edit,
    })
    stamp = f"{response.revision}:{response.submitted_at:%Y%m%d%H%M%S%f}"
    subject = ("Your updated response" if updated else "Your response") + f" to “{consultation.title}”"
    queue([OutboundEmail(
        idempotency_key=f"{RECEIPT_KIND}:{response.pk}:{stamp}", kind=RECEIPT_KIND,
        recipient_id=response.respondent_id, ref_id=response.pk, subject=subject[:200], payload={"text": text},
    )])


def build_receipt(row, batch):
    user = batch.users[row.recipient_id]
    return compose(row, to=user.email, subject=row.subject, text=row.payload["text"]), ()


def register():
    register_kind(MailKind(name=RECEIPT_KIND, label="Consultation response receipt", build=build_receipt))
