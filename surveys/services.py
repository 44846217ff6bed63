"""The survey's versioning contract, shared by every part of the tool: creating a survey (with
its draft), publishing the draft (opening a survey the first time, or "publish changes"), and
copying a version's pages, questions and options. Keyword-only, one change each, atomic.

The other parts keep their writes in their own modules: building.py (the builder), answering.py
(responses), tallies.py (result counters), distribution.py (invitations and reminders)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from workspaces.kit.services import item_added, locked_row, record
from workspaces.lib.markdown import render_markdown

from .lifecycles import SURVEY_WINDOW
from .models import Option, Page, Question, Survey, SurveyVersion


@transaction.atomic
def survey_create(*, actor, workspace, title, description="", anonymous=False, allow_edit=False,
                  allow_multiple=False, closing_message="", opens_at=None, closes_at=None,
                  view_access="members", change_access="managers", view_teams=(), change_teams=()):
    """A new survey in draft (not live: nobody can respond yet) with one empty page."""
    survey = Survey.objects.create(
        workspace=workspace, created_by=actor, title=title, description=description,
        description_html=render_markdown(description) if description else "",
        anonymous=anonymous, allow_edit=allow_edit, allow_multiple=allow_multiple, closing_message=closing_message,
        opens_at=opens_at, closes_at=closes_at, view_access=view_access, change_access=change_access,
    )
    draft = SurveyVersion.objects.create(survey=survey)
    Page.objects.create(version=draft, position=0)
    Survey.objects.filter(pk=survey.pk).update(draft_version=draft)
    survey.draft_version = draft
    item_added(survey, actor=actor, verb="surveys.survey_created", summary="added the survey",
               view_teams=view_teams, change_teams=change_teams)
    return survey


@transaction.atomic
def publish(*, actor, survey):
    """Freeze the draft as the next version and make it live; a fresh draft is copied from it.
    The first publication is the survey's opening (its window decides when answers are taken;
    an empty opens_at means now). Returns the published version. The caller checks the logic
    first (building.logic_problems): a survey with errors is never published."""
    current = locked_row(survey, "workspace")
    draft = current.draft_version
    number = (current.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    SurveyVersion.objects.filter(pk=draft.pk).update(number=number, published_at=now, published_by=actor,
                                                     changed=False)
    draft.number, draft.published_at, draft.published_by, draft.changed = number, now, actor, False
    first = current.live_version_id is None
    fresh = copy_version(draft, into=SurveyVersion.objects.create(survey=current))
    current.live_version, current.draft_version = draft, fresh
    current.save(update_fields=["live_version", "draft_version"])
    if first:
        record(workspace=current.workspace, actor=actor, verb="surveys.survey_opened", target=current,
               summary="opened the survey")
        SURVEY_WINDOW.window_changed(current)
    else:
        record(workspace=current.workspace, actor=actor, verb="surveys.version_published", target=current,
               summary=f"published version {number} of the survey")
    return draft


def copy_version(source, *, into):
    """Copy `source`'s pages, questions and options into the (empty) version `into`, codes kept."""
    pages = list(source.pages.all())
    questions = list(source.questions.all())
    options = list(Option.objects.filter(question__version=source))
    page_map = {}
    for page in pages:
        old = page.pk
        page.pk, page.id, page.version = None, None, into
        page_map[old] = page
    Page.objects.bulk_create(pages)
    question_map = {}
    for question in questions:
        old = question.pk
        question.pk, question.id, question.version, question.page = None, None, into, page_map[question.page_id]
        question_map[old] = question
    Question.objects.bulk_create(questions)
    for option in options:
        option.pk, option.id, option.question = None, None, question_map[option.question_id]
    Option.objects.bulk_create(options)
    return into
