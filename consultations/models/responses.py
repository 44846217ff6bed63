"""Responses: one person's (or organisation's) response, its paragraph comments and wording
suggestions, its answers to the questions; and what staff decide about publishing each part."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.moderation import Moderated
from workspaces.kit.questions.models import AnswerBase

MAX_COMMENT_LENGTH = 10_000
MAX_SUGGESTION_LENGTH = 20_000
MAX_NAME_LENGTH = 200
MAX_REASON_LENGTH = 300
ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_id(prefix, length=10):
    """A random identifier: the receipt ("ANON-7KQ2-M4XW-PT") and the public ID are two of
    these, drawn apart, so one cannot be told from the other."""
    body = "".join(secrets.choice(ID_ALPHABET) for _ in range(length))
    return f"{prefix}-" + "-".join(body[i:i + 4] for i in range(0, length, 4))


def new_receipt_id():
    return new_id("R", 12)


def new_public_id():
    return new_id("P", 8)


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Draft (not sent yet)"
    SUBMITTED = "submitted", "Submitted"


class RespondentType(models.TextChoices):
    INDIVIDUAL = "individual", "As an individual"
    ORGANISATION = "organisation", "On behalf of an organisation"


class OrganisationType(models.TextChoices):
    BUSINESS = "business", "Business"
    CHARITY = "charity", "Charity or voluntary group"
    PUBLIC_BODY = "public_body", "Public body (local or national government, health, education)"
    ACADEMIC = "academic", "Academic or research"
    REPRESENTATIVE = "representative", "Trade union, professional or representative body"
    OTHER = "other", "Other organisation"


class Consent(models.TextChoices):
    NAMED = "named", "Publish my response with my name (or my organisation's)"
    ANONYMOUS = "anonymous", "Publish my response without my name"
    PRIVATE = "private", "Do not publish my response"


class Channel(models.TextChoices):
    WEB = "web", "Online"
    EMAIL = "email", "By email (entered by staff)"
    LETTER = "letter", "By letter (entered by staff)"
    MEETING = "meeting", "At a meeting or event (entered by staff)"
    OTHER = "other", "Another way (entered by staff)"


OFFLINE_CHANNELS = (Channel.EMAIL, Channel.LETTER, Channel.MEETING, Channel.OTHER)


class PublishState(models.TextChoices):
    """Staff's decision about publishing one free-text part (choice answers need none)."""

    PENDING = "pending", "Not reviewed"
    APPROVED = "approved", "Approved for publication"
    REJECTED = "rejected", "Not to be published"


class Response(models.Model):
    """One response. Online, `respondent` is the person (one response each); an offline one
    (a letter, an email, a meeting) has none and is marked by its channel and `entered_by`.

    `receipt_id` is private: it is in the receipt email and on the respondent's own pages
    only. `public_id` is what published responses are shown under. `signature_count` is how
    many people an organiser's campaign response speaks for (1 otherwise). `campaign` is the
    group of same or nearly the same texts it belongs to (analysis); `text_hash` the hash of
    its normalised text (the exact-duplicate key)."""

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField(max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS)
    respondent_type = models.CharField(max_length=12, choices=RespondentType.choices,
                                       default=RespondentType.INDIVIDUAL)
    display_name = models.CharField("your name", max_length=MAX_NAME_LENGTH, blank=True)
    organisation_name = models.CharField(max_length=MAX_NAME_LENGTH, blank=True)
    organisation_type = models.CharField(max_length=16, choices=OrganisationType.choices, blank=True)
    consent = models.CharField("publishing", max_length=10, choices=Consent.choices, default=Consent.ANONYMOUS)
    answers_confidential = models.BooleanField("keep my answers to the questions confidential", default=False)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    entered_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    signature_count = models.PositiveIntegerField(default=1)
    receipt_id = models.CharField(max_length=20, unique=True, default=new_receipt_id, editable=False)
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)  # up on each save: a stale form is noticed
    client_key = models.CharField(max_length=40, blank=True, editable=False)  # a double post starts one
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    notify_outcome = models.BooleanField("email me when the outcome is published", default=True)
    text_hash = models.CharField(max_length=64, blank=True, editable=False)
    campaign = models.ForeignKey("Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="responses")
    # Split out of a campaign (or its campaign ungrouped) by an analyst: a re-run of the grouping
    # leaves it individual (the campaigns part, migration 0002_campaigns).
    campaign_excluded = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["consultation", "status", "-submitted_at", "-id"], name="consult_response_list_idx"),
            models.Index(fields=["consultation", "text_hash"], name="consult_response_hash_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "respondent"],
                                    condition=Q(respondent__isnull=False, channel="web"),
                                    name="consult_response_person_uniq"),
            models.UniqueConstraint(fields=["consultation", "client_key"], condition=~Q(client_key=""),
                                    name="consult_response_client_key_uniq"),
        ]

    def __str__(self):
        return f"Response {self.public_id}"

    @property
    def is_submitted(self):
        return self.status == ResponseStatus.SUBMITTED

    @property
    def is_offline(self):
        return self.channel != Channel.WEB

    @property
    def may_publish(self):
        return self.is_submitted and self.consent != Consent.PRIVATE

    @property
    def published_name(self):
        """The name shown on published pages: the organisation's or the person's with consent
        to be named; "Anonymous" otherwise."""
        if self.consent != Consent.NAMED:
            return "Anonymous"
        if self.respondent_type == RespondentType.ORGANISATION and self.organisation_name:
            return self.organisation_name
        return self.display_name or "Anonymous"


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    SUGGESTION = "suggestion", "Suggested wording"


class SuggestionState(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    NOTED = "noted", "Noted"


class Comment(Moderated):
    """A comment on one paragraph (or, paragraph None, on a whole section), or a suggested new
    wording for a paragraph, as part of a response: one of each kind per response and place.
    Seen by others only once its response is submitted, its author agreed to publication, it
    is not confidential and moderation lets it through (CommentPolicy.shown_under).

    Publishing (the published responses and the outcome's quotes) is decided per comment:
    `publish_state`, with `published_body` the text as published (redactions applied)."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="comments")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey("Section", on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey("Paragraph", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="comments")
    author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(blank=True, max_length=MAX_COMMENT_LENGTH)  # a suggestion's reason, optional
    body_html = models.TextField(blank=True, editable=False)
    suggested_text = models.TextField(blank=True, max_length=MAX_SUGGESTION_LENGTH)
    confidential = models.BooleanField("keep this confidential", default=False)
    submitted = models.BooleanField(default=False, editable=False)  # its response is submitted (a copy, for lists)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    publish_state = models.CharField(max_length=8, choices=PublishState.choices, default=PublishState.PENDING)
    published_body = models.TextField(blank=True, editable=False)  # with "[redacted]" spans
    published_suggestion = models.TextField(blank=True, editable=False)  # a suggestion's wording as published
    suggestion_state = models.CharField(max_length=8, choices=SuggestionState.choices, default=SuggestionState.OPEN)
    suggestion_note = models.TextField(blank=True, max_length=2000)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    quoted = models.BooleanField("quote it in the outcome", default=False)

    class Meta:
        ordering = ["section__position", "paragraph__number", "created_at", "id"]
        indexes = [
            models.Index(fields=["section", "submitted", "id"], name="consult_comment_section_idx"),
            models.Index(fields=["consultation", "submitted", "kind"], name="consult_comment_kind_idx"),
            models.Index(fields=["paragraph", "submitted"], name="consult_comment_paragraph_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["response", "paragraph", "kind"], condition=Q(paragraph__isnull=False),
                                    name="consult_comment_place_uniq"),
            models.UniqueConstraint(fields=["response", "section", "kind"], condition=Q(paragraph__isnull=True),
                                    name="consult_comment_section_uniq"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def moderation_label(self):
        place = f"paragraph {self.paragraph.number}" if self.paragraph_id else "the section"
        return f"{self.get_kind_display().lower()} on {self.section.label}, {place}"

    def get_absolute_url(self):
        return reverse("consultations:section", kwargs={
            "workspace": self.workspace.slug, "pk": self.consultation_id, "section": self.section_id,
        }) + f"#comment-{self.pk}"


class Answer(AnswerBase):
    """One stored value of an answer to a consultation question (kit.questions's storage
    contract). Free-text answers are published only once approved (`publish_state`)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("Question", on_delete=models.CASCADE, related_name="answers")
    publish_state = models.CharField(max_length=8, choices=PublishState.choices, default=PublishState.PENDING)
    published_text = models.TextField(blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["response", "code"], name="consult_answer_response_idx"),
            models.Index(fields=["consultation", "code", "choice"], name="consult_answer_code_idx"),
        ]


class Redaction(models.Model):
    """A span taken out of a comment or a free-text answer before publication, with the reason
    (also in the audit trail). `start`/`end` are offsets in the text as written."""

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="redactions")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="redactions")
    # Which text of the part: "body" (a comment, a suggestion's reason, an answer) or "suggestion"
    # (a suggestion's wording).
    field = models.CharField(max_length=10, default="body", editable=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    reason = models.CharField(max_length=MAX_REASON_LENGTH)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self):
        return f"Redaction {self.start}–{self.end}"
