"""Themes for analysing text answers: a survey's codebook of themes, and the tags analysts put
on text answers (one per answer and theme)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

MAX_THEME_NAME_LENGTH = 100
MAX_THEME_DESCRIPTION_LENGTH = 1000
MAX_THEMES = 100  # per survey: a longer codebook no longer fits beside an answer


class Theme(models.Model):
    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=MAX_THEME_NAME_LENGTH)
    description = models.TextField(blank=True, max_length=MAX_THEME_DESCRIPTION_LENGTH)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "survey", name="survey_theme_name_uniq"),
        ]

    def __str__(self):
        return self.name


class AnswerTag(models.Model):
    """A theme put on a text answer. `survey` and `code` are copies of the answer's, so that
    counts by theme read one index without joining the 4M answers."""

    answer = models.ForeignKey("Answer", on_delete=models.CASCADE, related_name="tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")
    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    tagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "theme"], name="survey_answer_tag_uniq")]
        indexes = [models.Index(fields=["survey", "code", "theme"], name="survey_answer_tag_count_idx")]

    def __str__(self):
        return f"{self.theme} on answer {self.answer_id}"
