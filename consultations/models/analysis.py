"""The analysts' side: the theme codebook and its tags, internal notes, and campaigns (groups
of responses with the same or nearly the same text) with the background run that finds them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

MAX_THEME_NAME_LENGTH = 120
MAX_DEFINITION_LENGTH = 2000
MAX_NOTE_LENGTH = 5000


class Theme(models.Model):
    """A code of the consultation's codebook: a name, what it means, and optionally a parent
    ("Cost" under "Concerns")."""

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=MAX_THEME_NAME_LENGTH)
    definition = models.TextField(blank=True, max_length=MAX_DEFINITION_LENGTH)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation", "position", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "name"], name="consult_theme_name_uniq")]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A theme applied to a comment, or (comment None) to a response as a whole. `section` is
    the comment's (for the counts per section and theme), None for a response's tag."""

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")
    response = models.ForeignKey("Response", on_delete=models.CASCADE, related_name="tags")
    comment = models.ForeignKey("Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="tags")
    section = models.ForeignKey("Section", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["consultation", "theme", "section"], name="consult_tag_count_idx")]
        constraints = [
            models.UniqueConstraint(fields=["theme", "comment"], condition=Q(comment__isnull=False),
                                    name="consult_tag_comment_uniq"),
            models.UniqueConstraint(fields=["theme", "response"], condition=Q(comment__isnull=True),
                                    name="consult_tag_response_uniq"),
        ]

    def __str__(self):
        return f"{self.theme} on response {self.response_id}"


class Note(models.Model):
    """An analyst's internal note on a response or one of its comments: never published."""

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey("Response", on_delete=models.CASCADE, related_name="notes")
    comment = models.ForeignKey("Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(max_length=MAX_NOTE_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note {self.pk}"


class Campaign(models.Model):
    """Responses with the same or nearly the same text. Found by a GroupingRun; an analyst
    confirms it, splits responses out of it, or ungroups it (deleted: its responses go back to
    being individual). `size` and `signatures` are kept by the services."""

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="campaigns")
    representative = models.ForeignKey("Response", null=True, on_delete=models.SET_NULL, related_name="+")
    size = models.PositiveIntegerField(default=0)
    signatures = models.PositiveIntegerField(default=0)  # sum of its responses' signature_count
    exact = models.BooleanField(default=True)  # every member has the same normalised text
    confirmed = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-size", "id"]

    def __str__(self):
        return f"Campaign of {self.size} responses"


class GroupingRun(models.Model):
    """One background run grouping a consultation's responses into campaigns: its progress is
    shown to analysts while it runs."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    consultation = models.ForeignKey("Consultation", on_delete=models.CASCADE, related_name="grouping_runs")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    campaigns_found = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Grouping run {self.pk} ({self.state})"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else (100 if self.state == self.State.DONE else 0)
