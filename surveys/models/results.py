"""Maintained result counters (surveys.tallies keeps them): the unfiltered results page reads
these instead of counting millions of answer rows.

A Tally is one counter per (survey, version, code, row, choice); the keys mean:
    code=""  row=""  choice=""     submitted responses on the version
    code=""  row=S   choice=""     submitted responses from the source S (?src=S)
    code=Q   row=""  choice="*"    responses that answered Q (number_count/number_sum: its
                                   numbers stored without a row: number, scale)
    code=Q   row=R   choice="*"    responses that answered row R of Q (a matrix row, an item
                                   ranked; number_*: the column values, the ranks)
    code=Q   row=R   choice=C      answer rows with that choice (an option, a scale point, a
                                   matrix cell, "other")
    code=Q   row=""  choice="=V"   answers to number question Q with the value V (its
                                   distribution: the median without reading the answers)
"*", "=V" and "" cannot be option codes (a code starts with a letter), so the keys never collide.
A CountedResponse says a response is in the counters, so counting it twice is a no-op."""

from django.db import models

from workspaces.kit.questions.models import MAX_CODE_LENGTH

ANSWERED = "*"


class Tally(models.Model):
    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey("SurveyVersion", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=MAX_CODE_LENGTH, blank=True)
    row = models.CharField(max_length=MAX_CODE_LENGTH, blank=True)
    choice = models.CharField(max_length=MAX_CODE_LENGTH, blank=True)
    count = models.BigIntegerField(default=0)
    number_count = models.BigIntegerField(default=0)
    number_sum = models.DecimalField(max_digits=30, decimal_places=6, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "version", "code", "row", "choice"],
                                               name="survey_tally_key_uniq")]

    def __str__(self):
        return f"{self.code}/{self.row}/{self.choice}: {self.count}"


class CountedResponse(models.Model):
    """The responses whose answers are in the tallies (the guard against counting one twice)."""

    response = models.OneToOneField("Response", on_delete=models.CASCADE, primary_key=True, related_name="+")
    survey = models.ForeignKey("Survey", on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"Response {self.response_id} counted"
