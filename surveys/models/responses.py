"""Responses and their answers; participation (who was invited, started, finished, reminded)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from workspaces.kit.questions.models import AnswerBase

MAX_SOURCE_LENGTH = 40


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class Channel(models.TextChoices):
    WEB = "web", "Online"
    PAPER = "paper", "Paper (entered by staff)"
    PHONE = "phone", "Telephone (entered by staff)"


class Response(models.Model):
    """One person's response on one version. `respondent` is None for an anonymous survey (and
    for anyone-with-the-link visitors): then the response is found again only through its
    resume secret, whose hash is `resume_hash` (the secret lives in the person's session and in
    the link emailed to them). `last_page` is the position of the page they last saved."""

    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey("SurveyVersion", on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS)
    respondent = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    channel = models.CharField(max_length=6, choices=Channel.choices, default=Channel.WEB)
    entered_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # staff who typed in a paper or phone response
    source = models.CharField(max_length=MAX_SOURCE_LENGTH, blank=True)  # ?src=newsletter
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_page = models.PositiveIntegerField(default=0)
    resume_hash = models.CharField(max_length=64, blank=True, db_index=True)
    revision = models.PositiveIntegerField(default=0)  # goes up on each save: a stale page is noticed
    # The first page's form carries a key of its own: two posts of it at once (a double click, an
    # autosave racing the Continue) start one response, not two.
    client_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["survey", "status", "-submitted_at", "-id"], name="survey_response_list_idx"),
            models.Index(fields=["survey", "respondent"], condition=Q(respondent__isnull=False),
                         name="survey_response_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["survey", "client_key"], condition=~Q(client_key=""),
                                    name="survey_response_client_key_uniq"),
        ]

    def __str__(self):
        return f"Response {self.pk}"

    @property
    def is_submitted(self):
        return self.status == ResponseStatus.SUBMITTED


class Answer(AnswerBase):
    """One stored value (kit.questions's storage contract). `survey` and `code` are copies, so
    results aggregate over one index without joining versions."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("Question", on_delete=models.PROTECT, related_name="answers")

    class Meta:
        indexes = [
            models.Index(fields=["response", "code"], name="survey_answer_response_idx"),
            models.Index(fields=["survey", "code", "choice"], name="survey_answer_code_idx"),
        ]


class Participation(models.Model):
    """Who has taken part, never what they answered: invited, started, completed, reminded.
    One per person and survey (signed-in people); it is the double-response guard and the
    reminders' target list. For an anonymous survey nothing links it to a Response."""

    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    invitation_hash = models.CharField(max_length=64, blank=True, db_index=True)  # a personal link's secret
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_page = models.PositiveIntegerField(default=0)  # for a "finish your response" reminder's link
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="survey_participation_uniq")]
        indexes = [models.Index(fields=["survey", "completed_at", "started_at"], name="survey_participation_idx")]

    def __str__(self):
        return f"Participation of user {self.user_id} in survey {self.survey_id}"
