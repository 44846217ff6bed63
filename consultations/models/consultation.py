"""A consultation (the workspace item), its document (sections, numbered paragraphs), its
questions, its attachments and the requests for other formats."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.lifecycles import Phrases
from workspaces.kit.models import SoftDeletable, Versioned, Window, WorkspaceItem, window_indexes
from workspaces.kit.questions.models import OptionBase, QuestionBase

MAX_TITLE_LENGTH = 200
MAX_SUMMARY_LENGTH = 20_000
MAX_SECTION_TEXT_LENGTH = 200_000
MAX_HEADING_LENGTH = 300
MAX_REASON_LENGTH = 2000
MAX_SECTIONS = 200
MAX_PARAGRAPHS = 2000  # in a whole document


class Status(models.TextChoices):
    """What staff have done with it. Whether a live consultation is scheduled, open or closed is
    its window's (opens_at, closes_at; kit.lifecycles), so `stage` combines the two."""

    DRAFT = "draft", "Draft"
    LIVE = "live", "Published"
    ANALYSING = "analysing", "Analysing responses"
    OUTCOME = "outcome", "Outcome published"


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    ANALYSING = "analysing", "Analysing responses"
    PUBLISHED = "published", "Outcome published"


class Moderation(models.TextChoices):
    POST = "post", "After publishing: comments show at once; moderators hide what breaks the rules"
    PRE = "pre", "Before publishing: a moderator approves each comment before others see it"


def response_weeks():
    return getattr(settings, "ENGAGE_CONSULTATION_RESPONSE_WEEKS", 12)


class Consultation(SoftDeletable, Versioned, Window, WorkspaceItem):
    """A formal consultation: a draft document people respond to, paragraph by paragraph, while
    its window is open; then the analysis and the published outcome ("you said, we did").

    Item access says who sees it (and so who may respond once it is open); change access who
    else may run it besides its author and the managers. `status` is staff's; the window's
    phase (scheduled, open, closed) follows from the dates (a beat task tells followers)."""

    WINDOW_PHRASES = Phrases(
        not_yet_open="Opens for responses on {opens}",
        not_yet_open_until="Opens for responses on {opens} and closes on {closes}",
        open_until="Open for responses until {closes}",
        closed="Closed for responses on {closes}",
    )

    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    summary = models.TextField(blank=True, max_length=MAX_SUMMARY_LENGTH)  # Markdown: what it is about
    summary_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    moderation = models.CharField(max_length=4, choices=Moderation.choices, default=Moderation.POST)
    comments_public = models.BooleanField(
        "participants see each other's comments while it is open", default=True,
        help_text="Only comments whose authors agreed to publication, and never parts marked confidential.",
    )
    allow_edit = models.BooleanField("respondents may change a submitted response until it closes", default=True)
    responses_published = models.BooleanField(
        "publish responses", default=False,
        help_text="Responses whose authors agreed, and only the parts approved for publication.",
    )
    period_reason = models.TextField(
        "why the period is shorter or falls in a holiday", blank=True, max_length=MAX_REASON_LENGTH,
    )
    # Set when it is published (and moved when the close date is): closes_at + 12 weeks.
    response_due_on = models.DateField("response expected by", null=True, blank=True)
    outcome_summary = models.TextField("what we did", blank=True, max_length=MAX_SUMMARY_LENGTH)
    outcome_summary_html = models.TextField(blank=True, editable=False)
    outcome_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # made live (scheduled or open)
    # Counters kept by the services (lists never COUNT per row).
    response_count = models.PositiveIntegerField(default=0, editable=False)  # submitted
    comment_count = models.PositiveIntegerField(default=0, editable=False)  # in submitted responses

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="consultation_list_idx"),
            *window_indexes("consultation"),
        ]

    def __str__(self):
        return self.title

    @property
    def author(self):
        return self.created_by

    @property
    def is_live(self):
        """Published to participants (scheduled, open, closed, analysed or with its outcome)."""
        return self.status != Status.DRAFT

    def stage(self, now=None):
        if self.status == Status.DRAFT:
            return Stage.DRAFT
        if self.status == Status.OUTCOME:
            return Stage.PUBLISHED
        if self.status == Status.ANALYSING:
            return Stage.ANALYSING
        return {"not_yet_open": Stage.SCHEDULED, "open": Stage.OPEN}.get(self.window_state(now), Stage.CLOSED)

    def stage_label(self, now=None):
        return self.stage(now).label

    def is_collecting(self, now=None):
        return self.status == Status.LIVE and not self.is_deleted and self.is_open(now)

    def due_from(self, closes_at):
        """The date a response is expected by for a given close: close + 12 weeks (configurable)."""
        return timezone.localdate(closes_at) + timedelta(weeks=response_weeks()) if closes_at else None

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return (self.status in (Status.LIVE, Status.ANALYSING) and self.response_due_on is not None
                and today > self.response_due_on and self.window_state() == "closed")

    def days_to_outcome(self):
        """Days from close to the published outcome (the outcome page says how long it took)."""
        if self.outcome_published_at and self.closes_at:
            return (timezone.localdate(self.outcome_published_at) - timezone.localdate(self.closes_at)).days
        return None

    def get_absolute_url(self):
        return reverse("consultations:consultation", kwargs={"workspace": self.workspace.slug, "pk": self.pk})


class Section(models.Model):
    """A section (or, with a parent, a sub-section) of the document. `number` is its label in
    the document ("2", "2.1"), set when the document is saved. `text` is the draft's Markdown,
    split into numbered Paragraphs on save; `final_text` the wording after the consultation
    (blank: unchanged), compared with the draft on the outcome page. `response_text` and
    `changes_text` are the department's answer to what was said about it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField(default=0)  # in document order, over the whole document
    number = models.CharField(max_length=20, blank=True)
    heading = models.CharField(max_length=MAX_HEADING_LENGTH)
    text = models.TextField(blank=True, max_length=MAX_SECTION_TEXT_LENGTH)
    is_removed = models.BooleanField(default=False)  # withdrawn while live: its comments refused
    final_text = models.TextField(blank=True, max_length=MAX_SECTION_TEXT_LENGTH)
    response_text = models.TextField("our response", blank=True, max_length=MAX_SUMMARY_LENGTH)
    response_html = models.TextField(blank=True, editable=False)
    changes_text = models.TextField("what changed", blank=True, max_length=MAX_SUMMARY_LENGTH)
    changes_html = models.TextField(blank=True, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)  # in submitted responses

    class Meta:
        ordering = ["consultation", "position", "id"]
        indexes = [models.Index(fields=["consultation", "position"], name="consultation_section_idx")]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()

    @property
    def label(self):
        """"section 2.1", as buttons and headings say it."""
        return f"section {self.number}" if self.number else "this section"


class Paragraph(models.Model):
    """One numbered paragraph (a Markdown block) of a section: what people comment on and
    suggest new wording for. `number` counts within the section (1, 2, ...), never reused while
    the consultation is live. `final_text` is its wording after the consultation (an accepted
    suggestion; blank: unchanged)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    text = models.TextField()
    html = models.TextField(editable=False)
    final_text = models.TextField(blank=True)

    class Meta:
        ordering = ["section", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="consultation_paragraph_uniq")]

    def __str__(self):
        return f"{self.section.label}, paragraph {self.number}"

    @property
    def label(self):
        """"section 2, paragraph 4" (needs the section: select_related it)."""
        return f"{self.section.label}, paragraph {self.number}"


class Question(QuestionBase):
    """A consultation question (the shared question machinery, kit.questions), about one
    section or (section None) the consultation as a whole. `code` is unique per consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="questions")

    class Meta:
        ordering = ["consultation", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "code"], name="consultation_question_code_uniq")]


class Option(OptionBase):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")

    class Meta:
        ordering = ["question", "role", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "role", "code"],
                                               name="consultation_option_code_uniq")]


class AttachmentKind(models.TextChoices):
    SUPPORTING = "supporting", "Supporting document"
    EASY_READ = "easy_read", "Easy Read version"
    WELSH = "welsh", "Welsh version (Cymraeg)"
    LARGE_PRINT = "large_print", "Large print version"
    OTHER_FORMAT = "other_format", "Other format"


ALTERNATIVE_FORMATS = (AttachmentKind.EASY_READ, AttachmentKind.WELSH, AttachmentKind.LARGE_PRINT,
                       AttachmentKind.OTHER_FORMAT)


class Attachment(models.Model):
    """A file beside the document: supporting evidence, or the document in another format.
    Uploads are checked by content (workspaces.lib.files.check_upload)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.SUPPORTING)
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    file = models.FileField(upload_to="consultations/%Y/%m/", max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "position", "id"]

    def __str__(self):
        return self.title


class FormatRequest(models.Model):
    """"Request another format": a task for the consultation's staff until one marks it done."""

    class Format(models.TextChoices):
        EASY_READ = "easy_read", "Easy Read"
        WELSH = "welsh", "Welsh (Cymraeg)"
        LARGE_PRINT = "large_print", "Large print"
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"
        PAPER = "paper", "A paper copy by post"
        OTHER = "other", "Something else"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="format_requests")
    requested_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    email = models.EmailField(blank=True)
    format = models.CharField(max_length=12, choices=Format.choices)
    details = models.TextField(blank=True, max_length=MAX_REASON_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_format_display()} for {self.consultation}"
