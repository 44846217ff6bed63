"""Tagging text answers with themes, for analysis: the survey's codebook of themes (add, edit,
delete), the tags of a page of answers (set at once from the page's checkboxes), and the counts
by theme in SQL.

    theme_counts(survey, codes) -> {code: [(theme, count)]}   every theme, in codebook order
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.db.models.functions import Lower

from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.services import audit

from .models import Answer, AnswerTag, Question, Theme
from .models.themes import MAX_THEMES

NAME_TAKEN = "This survey already has a theme called “{name}”."
TOO_MANY = f"A survey can have at most {MAX_THEMES} themes."


def themes_of(survey):
    return list(Theme.objects.filter(survey=survey).order_by("position", "id"))


def text_codes(survey):
    """The codes of the survey's text questions (any published version, or the draft)."""
    kinds = [kind for kind in Kind if spec(kind).text]
    return set(Question.objects.filter(version__survey=survey, kind__in=kinds).values_list("code", flat=True))


def _name_taken(survey, name, *, exclude=None):
    found = Theme.objects.filter(survey=survey).annotate(key=Lower("name")).filter(key=name.lower())
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.exists()


@transaction.atomic
def theme_add(*, actor, survey, name, description=""):
    if Theme.objects.filter(survey=survey).count() >= MAX_THEMES:
        raise ValidationError({"name": TOO_MANY})
    if _name_taken(survey, name):
        raise ValidationError({"name": NAME_TAKEN.format(name=name)})
    position = (Theme.objects.filter(survey=survey).aggregate(n=Max("position"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            theme = Theme.objects.create(survey=survey, name=name, description=description, position=position)
    except IntegrityError:  # the same name added at the same moment
        raise ValidationError({"name": NAME_TAKEN.format(name=name)}) from None
    audit(actor=actor, action="survey.theme_added", workspace=survey.workspace, target=survey,
          after={"theme": name})
    return theme


@transaction.atomic
def theme_change(*, actor, theme, name, description, position):
    if _name_taken(theme.survey, name, exclude=theme):
        raise ValidationError({"name": NAME_TAKEN.format(name=name)})
    before = {"theme": theme.name}
    theme.name, theme.description, theme.position = name, description, position
    try:
        with transaction.atomic():
            theme.save(update_fields=["name", "description", "position"])
    except IntegrityError:
        raise ValidationError({"name": NAME_TAKEN.format(name=name)}) from None
    audit(actor=actor, action="survey.theme_changed", workspace=theme.survey.workspace, target=theme.survey,
          before=before, after={"theme": name})
    return theme


@transaction.atomic
def theme_delete(*, actor, theme):
    """Delete the theme and its tags (the answers stay)."""
    survey = theme.survey
    audit(actor=actor, action="survey.theme_deleted", workspace=survey.workspace, target=survey,
          before={"theme": theme.name, "tags": theme.tags.count()})
    theme.delete()


@transaction.atomic
def set_tags(*, actor, survey, code, chosen):
    """Make the tags of some answers of question `code` exactly `chosen`: {answer id: {theme id}}
    (an answer with an empty set loses its tags). Answers of another survey or question, and
    themes of another survey, are refused (ValidationError): nothing is stored then."""
    answer_ids = set(chosen)
    found = set(Answer.objects.filter(survey=survey, code=code, pk__in=answer_ids).values_list("pk", flat=True))
    if found != answer_ids:
        raise ValidationError("Some of these answers are not this question's. Nothing was saved.")
    theme_ids = set().union(*chosen.values()) if chosen else set()
    if theme_ids - set(Theme.objects.filter(survey=survey, pk__in=theme_ids).values_list("pk", flat=True)):
        raise ValidationError("A theme was deleted meanwhile. Nothing was saved: choose again.")
    existing = set(AnswerTag.objects.filter(answer_id__in=answer_ids).values_list("answer_id", "theme_id"))
    wanted = {(answer, theme) for answer, themes in chosen.items() for theme in themes}
    gone = existing - wanted
    if gone:
        for answer, theme in gone:
            AnswerTag.objects.filter(answer_id=answer, theme_id=theme).delete()
    AnswerTag.objects.bulk_create(
        [AnswerTag(answer_id=answer, theme_id=theme, survey=survey, code=code, tagged_by=actor)
         for answer, theme in sorted(wanted - existing)],
        ignore_conflicts=True,  # tagged by someone else at the same moment: one tag
    )
    return len(wanted - existing), len(gone)


def theme_counts(survey, codes):
    """{code: [(theme, count)]} for the given question codes: every theme of the survey in
    codebook order with the number of that question's answers tagged with it (0 included).
    Two queries whatever the number of answers (one GROUP BY on the tags' index)."""
    themes = themes_of(survey)
    codes = list(codes)
    counted = {}
    if themes and codes:
        for code, theme_id, n in (AnswerTag.objects.filter(survey=survey, code__in=codes)
                                  .values_list("code", "theme_id").annotate(n=Count("id")).order_by()):
            counted[code, theme_id] = n
    return {code: [(theme, counted.get((code, theme.pk), 0)) for theme in themes] for code in codes}
