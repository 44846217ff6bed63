"""A survey, its versions, and each version's pages, questions and options."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.models import SoftDeletable, Versioned, Window, WorkspaceItem, window_indexes
from workspaces.kit.questions.models import MAX_CODE_LENGTH, OptionBase, QuestionBase, ShowIf

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 10_000
MAX_MESSAGE_LENGTH = 2000
MAX_PAGE_TITLE_LENGTH = 200
MAX_QUESTIONS = 200  # per version: a survey longer than this is several surveys
MAX_OPTIONS = 100  # per question


class Survey(SoftDeletable, Versioned, Window, WorkspaceItem):
    """The workspace item. Its item access says who sees it and so who may respond (members,
    managers, chosen teams; "anyone" in a public workspace: anyone with the link); its change
    access who else may build it. The window (opens_at, closes_at) is when responses are taken.

    `live_version` is the latest published version (None until the survey is first opened);
    `draft_version` is the one the builder edits (always there once the survey is created).
    A survey is collecting when it has a live version and its window is open."""

    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    description = models.TextField(blank=True, max_length=MAX_DESCRIPTION_LENGTH)  # Markdown
    description_html = models.TextField(blank=True, editable=False)
    closing_message = models.TextField(
        "message after submitting", blank=True, max_length=MAX_MESSAGE_LENGTH,
        help_text="Shown to each person once they submit (thanks, what happens next).",
    )
    anonymous = models.BooleanField(
        default=False, help_text="No name is stored with the answers; respondents are told so before they start.",
    )
    allow_edit = models.BooleanField("respondents may change a submitted response until it closes", default=False)
    allow_multiple = models.BooleanField("a person may respond more than once", default=False)
    results_published = models.BooleanField("respondents see a summary of the results", default=False)
    live_version = models.ForeignKey("SurveyVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)
    draft_version = models.ForeignKey("SurveyVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", editable=False)
    # Counters kept by the services (lists never COUNT responses per row).
    submitted_count = models.PositiveIntegerField(default=0, editable=False)
    in_progress_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="survey_list_idx"),
            *window_indexes("survey"),
        ]

    def __str__(self):
        return self.title

    @property
    def author(self):
        return self.created_by

    @property
    def is_live(self):
        return self.live_version_id is not None

    def is_collecting(self, now=None):
        return self.is_live and not self.is_deleted and self.is_open(now)

    def get_absolute_url(self):
        return reverse("surveys:survey", kwargs={"workspace": self.workspace.slug, "pk": self.pk})


class SurveyVersion(models.Model):
    """One version of a survey's questions. The draft has published_at None (one per survey);
    publishing freezes it with the next number and a fresh draft is copied from it.
    `changed` says the draft differs from the live version (the builder sets it on each edit)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(null=True, blank=True)  # 1, 2, ... once published
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    changed = models.BooleanField(default=False)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number_uniq"),
            models.UniqueConstraint(fields=["survey"], condition=Q(published_at__isnull=True),
                                    name="survey_one_draft_uniq"),
        ]

    def __str__(self):
        return f"v{self.number}" if self.number else "draft"

    @property
    def is_draft(self):
        return self.published_at is None


class Page(ShowIf):
    """A page of a version: answered one at a time. A show-if rule hides the whole page."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=MAX_PAGE_TITLE_LENGTH, blank=True)
    intro = models.TextField(blank=True, max_length=MAX_MESSAGE_LENGTH)

    class Meta:
        ordering = ["version", "position", "id"]
        indexes = [models.Index(fields=["version", "position"], name="survey_page_order_idx")]

    def __str__(self):
        return self.title or f"Page {self.position + 1}"


class Question(QuestionBase):
    """A question of a version, on one of its pages. `code` is unique within the version and
    stable across versions (a copied draft keeps it)."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")

    class Meta:
        ordering = ["page__position", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="survey_question_code_uniq")]
        indexes = [models.Index(fields=["page", "position"], name="survey_question_order_idx")]


class Option(OptionBase):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")

    class Meta:
        ordering = ["question", "role", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "role", "code"], name="survey_option_code_uniq")]


__all__ = ["MAX_CODE_LENGTH", "Option", "Page", "Question", "Survey", "SurveyVersion"]
