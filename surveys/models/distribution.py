"""What the response-rate panel reads: started and completed per survey and day (kept as
responses come in, never counted from the responses), and each reminder's sending."""

from django.db import models


class DailyCount(models.Model):
    """Responses started and completed on one day (the site's local date). Incremented in one
    INSERT ... ON CONFLICT DO UPDATE statement (surveys.counts), so that respondents saving at
    the same moment never lose a count."""

    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="daily_counts")
    day = models.DateField()
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "day"]
        constraints = [models.UniqueConstraint(fields=["survey", "day"], name="survey_daily_count_uniq")]

    def __str__(self):
        return f"{self.day}: {self.started} started, {self.completed} completed"


class ReminderRun(models.Model):
    """One scheduled reminder as it went out: when, and how many people got each text (those
    who had not started, those who had started and not finished). `key` is the core reminder's."""

    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="reminder_runs")
    key = models.CharField(max_length=150)
    sent_at = models.DateTimeField()
    not_started = models.PositiveIntegerField(default=0)
    unfinished = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "sent_at"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="survey_reminder_run_uniq")]

    def __str__(self):
        return f"{self.key} at {self.sent_at}"

    @property
    def total(self):
        return self.not_started + self.unfinished
