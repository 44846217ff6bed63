"""The builder's writes: a survey's settings, its draft's pages and questions, publishing after
the logic check, closing and reopening, deleting and restoring, duplicating. Keyword-only, one
change each, atomic; each locks the survey row first, so two builders' changes queue up, and
every change to the draft marks it changed (the "Publish changes" button depends on it).

Nothing already answered is re-meant: a question code in the live version keeps its kind, and a
deleted question stays in the published versions (and their results)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from workspaces.kit.lifecycles import Span
from workspaces.kit.questions import logic
from workspaces.kit.questions.choices import choices_text, parse_choices  # noqa: F401 (the builder's forms)
from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.services import (
    check_loaded_state,
    locked_row,
    record,
    restore,
    set_item_teams,
    soft_delete,
)
from workspaces.lib.markdown import render_markdown

from . import services
from .lifecycles import SURVEY_WINDOW
from .models import Option, Page, Question, Survey, SurveyVersion
from .models.survey import MAX_QUESTIONS

SETTINGS_FIELDS = ("title", "description", "anonymous", "allow_edit", "allow_multiple", "results_published",
                   "closing_message", "opens_at", "closes_at", "view_access", "change_access")
ANONYMOUS_FIXED = ("This survey already has responses, so whether it is anonymous cannot change: the people who "
                   "answered were told how their answers would be kept. Duplicate the survey to ask again.")
HAS_ERRORS = "The logic check found errors: fix them first (see the logic check page)."
NOTHING_TO_PUBLISH = "There are no changes to publish."


# --- Reads the services and views share ---------------------------------------------------------


def draft_pages(version):
    """[(page, [its questions in order])] of a version, options prefetched: three queries."""
    pages = list(version.pages.all())
    questions = list(version.questions.order_by("position", "id").prefetch_related("options"))
    by_page = {page.pk: [] for page in pages}
    for question in questions:
        by_page[question.page_id].append(question)
    return [(page, by_page[page.pk]) for page in pages]


def logic_problems(version):
    return logic.problems(draft_pages(version))


# --- Settings --------------------------------------------------------------------------------------


def _check_window(opens_at, closes_at):
    Span(opens_at, closes_at).check()


@transaction.atomic
def survey_add(*, actor, workspace, results_published=False, **fields):
    _check_window(fields.get("opens_at"), fields.get("closes_at"))
    survey = services.survey_create(actor=actor, workspace=workspace, **fields)
    if results_published:
        Survey.objects.filter(pk=survey.pk).update(results_published=True)
        survey.results_published = True
    return survey


@transaction.atomic
def survey_update(*, actor, survey, loaded_state="", view_teams=(), change_teams=(), **fields):
    """Save the settings form. ChangedMeanwhile if someone saved them since the form loaded."""
    current = locked_row(survey, "workspace")
    check_loaded_state(current, SETTINGS_FIELDS, loaded_state)
    if fields.get("anonymous", current.anonymous) != current.anonymous and current.responses.exists():
        raise ValidationError({"anonymous": ANONYMOUS_FIXED})
    _check_window(fields.get("opens_at", current.opens_at), fields.get("closes_at", current.closes_at))
    window_moved = (fields.get("opens_at", current.opens_at), fields.get("closes_at", current.closes_at)) != (
        current.opens_at, current.closes_at)
    for name, value in fields.items():
        setattr(current, name, value)
    current.description_html = render_markdown(current.description) if current.description else ""
    current.version += 1
    current.updated_by = actor
    current.save()
    set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="surveys.survey_updated", target=current,
           summary="changed the survey's settings")
    if window_moved:
        SURVEY_WINDOW.window_changed(current)
    return current


@transaction.atomic
def close_now(*, actor, survey):
    current = locked_row(survey, "workspace")
    if not current.is_collecting():
        raise ValidationError("This survey is not taking responses, so there is nothing to close.")
    current.closes_at = timezone.now()
    current.save(update_fields=["closes_at"])
    record(workspace=current.workspace, actor=actor, verb="surveys.survey_updated", target=current,
           summary="closed the survey")
    SURVEY_WINDOW.window_changed(current)
    return current


@transaction.atomic
def reopen(*, actor, survey):
    """Take responses again, until a manager closes it (the closing time is cleared)."""
    current = locked_row(survey, "workspace")
    if not current.is_live or current.closes_at is None or current.closes_at > timezone.now():
        raise ValidationError("Only a survey that has closed can be reopened.")
    current.closes_at = None
    current.save(update_fields=["closes_at"])
    record(workspace=current.workspace, actor=actor, verb="surveys.survey_updated", target=current,
           summary="reopened the survey")
    SURVEY_WINDOW.window_changed(current)
    return current


@transaction.atomic
def survey_delete(*, actor, survey):
    current = locked_row(survey, "workspace")
    SURVEY_WINDOW.forget(current)
    return soft_delete(current, actor=actor, verb="surveys.survey_deleted", summary="deleted the survey",
                       audit_action="surveys.survey_deleted")


@transaction.atomic
def survey_restore(*, actor, survey):
    current = locked_row(survey, "workspace")
    restored = restore(current, actor=actor, verb="surveys.survey_restored", summary="restored the survey",
                       audit_action="surveys.survey_restored")
    SURVEY_WINDOW.window_changed(restored)
    return restored


@transaction.atomic
def survey_duplicate(*, actor, survey):
    """A new draft survey ("Copy of …") with the draft's pages and questions, codes kept; its
    settings copied, its responses and versions not."""
    current = locked_row(survey, "workspace")
    copy = services.survey_create(
        actor=actor, workspace=current.workspace, title=f"Copy of {current.title}"[:Survey._meta.get_field(
            "title").max_length], description=current.description, anonymous=current.anonymous,
        allow_edit=current.allow_edit, allow_multiple=current.allow_multiple,
        closing_message=current.closing_message, view_access=current.view_access,
        change_access=current.change_access)
    draft = copy.draft_version
    draft.pages.all().delete()  # the fresh survey's empty page: the copy brings its own
    services.copy_version(current.draft_version, into=draft)
    record(workspace=current.workspace, actor=actor, verb="surveys.survey_duplicated", target=copy,
           summary=f"duplicated “{current.title}”")
    return copy


# --- Publishing ----------------------------------------------------------------------------------


@transaction.atomic
def publish_checked(*, actor, survey):
    """Open the survey (first time) or publish the draft's changes, only when the logic check
    finds no errors and (for a live survey) the draft has changed."""
    current = locked_row(survey, "workspace")
    draft = SurveyVersion.objects.get(pk=current.draft_version_id)
    if current.is_live and not draft.changed:
        raise ValidationError(NOTHING_TO_PUBLISH)
    if not draft.questions.exists():
        raise ValidationError("Add at least one question first.")
    if logic_problems(draft):
        raise ValidationError(HAS_ERRORS)
    return services.publish(actor=actor, survey=current)


def version_changes(survey):
    """What publishing the draft changes, by code: {"added": [question], "removed": [question],
    "changed": [(question, [what changed in words])]} against the live version."""
    if not survey.live_version_id:
        return {"added": [], "removed": [], "changed": []}
    live = {q.code: q for q in survey.live_version.questions.prefetch_related("options")}
    draft = {q.code: q for q in survey.draft_version.questions.prefetch_related("options")}
    changed = []
    for code, new in draft.items():
        old = live.get(code)
        if old is not None:
            differences = _differences(old, new)
            if differences:
                changed.append((new, differences))
    return {"added": [q for code, q in draft.items() if code not in live],
            "removed": [q for code, q in live.items() if code not in draft], "changed": changed}


COMPARED = (("kind", "type"), ("text", "wording"), ("help_text", "help text"), ("required", "required"),
            ("min_value", "minimum"), ("max_value", "maximum"), ("allow_other", "“Other”"),
            ("randomise", "random order"), ("show_if_code", "show-if rule"), ("show_if_operator", "show-if rule"),
            ("show_if_value", "show-if rule"))


def _differences(old, new):
    found = []
    for name, words in COMPARED:
        if getattr(old, name) != getattr(new, name) and words not in found:
            found.append(words)
    old_options = {(o.role, o.code): o.label for o in old.options.all()}
    new_options = {(o.role, o.code): o.label for o in new.options.all()}
    added = [code for key, code in ((k, k[1]) for k in new_options) if key not in old_options]
    removed = [code for key, code in ((k, k[1]) for k in old_options) if key not in new_options]
    relabelled = [key[1] for key in new_options if key in old_options and old_options[key] != new_options[key]]
    if added:
        found.append(f"options added: {', '.join(added)}")
    if removed:
        found.append(f"options removed: {', '.join(removed)}")
    if relabelled:
        found.append(f"options reworded: {', '.join(relabelled)}")
    return found


# --- The draft: pages ----------------------------------------------------------------------------


def _draft_of(survey):
    """The survey locked, and its draft version."""
    current = locked_row(survey, "workspace")
    return current, SurveyVersion.objects.get(pk=current.draft_version_id)


def _changed(draft):
    SurveyVersion.objects.filter(pk=draft.pk).update(changed=True)
    draft.changed = True


def _page_in(draft, page):
    try:
        return Page.objects.get(version=draft, pk=page.pk)
    except Page.DoesNotExist:
        raise ValidationError("This page is not in the draft any more: someone else deleted it.") from None


def _question_in(draft, question):
    try:
        return Question.objects.select_related("page").get(version=draft, pk=question.pk)
    except Question.DoesNotExist:
        raise ValidationError("This question is not in the draft any more: someone else deleted it.") from None


def _renumber(rows):
    """Positions 0..n-1 in the given order, saving only what moved."""
    for position, row in enumerate(rows):
        if row.position != position:
            type(row).objects.filter(pk=row.pk).update(position=position)
            row.position = position


@transaction.atomic
def page_add(*, actor, survey):
    _current, draft = _draft_of(survey)
    position = (draft.pages.aggregate(n=Max("position"))["n"] or 0) + 1
    page = Page.objects.create(version=draft, position=position)
    _changed(draft)
    return page


@transaction.atomic
def page_update(*, actor, survey, page, title, intro, show_if_code="", show_if_operator="", show_if_value=""):
    _current, draft = _draft_of(survey)
    page = _page_in(draft, page)
    page.title, page.intro = title, intro
    page.show_if_code, page.show_if_operator, page.show_if_value = show_if_code, show_if_operator, show_if_value
    page.save()
    _changed(draft)
    return page


@transaction.atomic
def page_delete(*, actor, survey, page):
    """Delete a page and its questions (from the draft only: published versions keep theirs)."""
    _current, draft = _draft_of(survey)
    page = _page_in(draft, page)
    pages = list(draft.pages.all())
    if len(pages) == 1:
        raise ValidationError("A survey needs at least one page: this is the only one.")
    page.delete()
    _renumber([p for p in pages if p.pk != page.pk])
    _changed(draft)


@transaction.atomic
def page_move(*, actor, survey, page, up):
    _current, draft = _draft_of(survey)
    page = _page_in(draft, page)
    pages = list(draft.pages.all())
    index = next(i for i, p in enumerate(pages) if p.pk == page.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(pages):
        raise ValidationError(f"This page is already the {'first' if up else 'last'}.")
    pages[index], pages[other] = pages[other], pages[index]
    _renumber(pages)
    _changed(draft)
    return page


@transaction.atomic
def page_duplicate(*, actor, survey, page):
    """A copy of the page after it, its questions with new codes (a code is unique in the version)."""
    _current, draft = _draft_of(survey)
    page = _page_in(draft, page)
    questions = list(page.questions.order_by("position", "id").prefetch_related("options"))
    _check_room(draft, len(questions))
    Page.objects.filter(version=draft, position__gt=page.position).update(position=F("position") + 1)
    copy = Page.objects.create(version=draft, position=page.position + 1, title=page.title, intro=page.intro,
                               show_if_code=page.show_if_code, show_if_operator=page.show_if_operator,
                               show_if_value=page.show_if_value)
    taken = set(draft.questions.values_list("code", flat=True))
    for question in questions:
        _copy_question(question, page=copy, position=question.position, code=_next_code(taken))
    _changed(draft)
    return copy


# --- The draft: questions ------------------------------------------------------------------------


def suggested_code(version):
    """Q<n>: the first Q-number after the highest in use."""
    numbers = [int(m.group(1)) for code in version.questions.values_list("code", flat=True)
               if (m := re.fullmatch(r"Q(\d+)", code))]
    return f"Q{max(numbers, default=0) + 1}"


def _next_code(taken):
    numbers = [int(m.group(1)) for code in taken if (m := re.fullmatch(r"Q(\d+)", code))]
    code = f"Q{max(numbers, default=0) + 1}"
    taken.add(code)
    return code


def _check_room(draft, adding):
    if draft.questions.count() + adding > MAX_QUESTIONS:
        raise ValidationError(f"A survey holds at most {MAX_QUESTIONS} questions: split it into several surveys.")


QUESTION_FIELDS = ("kind", "code", "text", "help_text", "required", "min_value", "max_value", "allow_other",
                   "randomise", "show_if_code", "show_if_operator", "show_if_value")


def _clean_question(draft, fields, *, options, rows, instance=None):
    """The service's own checks on a question, whatever the form did: {field: message}."""
    kind = Kind(fields["kind"])
    kind_spec = spec(kind)
    code = fields["code"]
    clash = draft.questions.filter(code=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"code": f"{code} is already the code of another question: choose another."})
    live_id = draft.survey.live_version_id
    if live_id:
        live_kind = Question.objects.filter(version_id=live_id, code=code).values_list("kind", flat=True).first()
        if live_kind and live_kind != kind:
            raise ValidationError({"kind": f"Add a new question instead: answers already given to {code} would "
                                           "change meaning."})
    if kind_spec.options and len(options) < (1 if kind == Kind.RANKING else 2):
        raise ValidationError({"options": "Give at least two options, one per line."})
    if kind_spec.rows and not rows:
        raise ValidationError({"rows": "Give at least one row, one per line."})
    low, high = fields.get("min_value"), fields.get("max_value")
    if low is not None and high is not None and low > high:
        raise ValidationError({"max_value": "The maximum must not be less than the minimum."})
    if kind_spec.limits == "selections":
        most = len(options) + (1 if fields.get("allow_other") else 0)  # "Other" is one more choice
        for name, value in (("min_value", low), ("max_value", high)):
            if value is not None and (value != int(value) or value < 0 or value > most):
                raise ValidationError({name: f"Enter a whole number of selections between 0 and {most}."})
    # What a kind does not take is not kept.
    if not kind_spec.limits:
        fields["min_value"] = fields["max_value"] = None
    if not kind_spec.other:
        fields["allow_other"] = False
    if not kind_spec.randomisable:
        fields["randomise"] = False


def _save_options(question, options, rows):
    question.options.all().delete()
    kind = question.kind
    valued = kind in (Kind.SCALE, Kind.MATRIX)
    role = Option.Role.COLUMN if kind == Kind.MATRIX else Option.Role.OPTION
    made = [Option(question=question, code=code, label=label, role=role, position=i, value=i if valued else None)
            for i, (code, label) in enumerate(options, 1)]
    if kind == Kind.MATRIX:
        made += [Option(question=question, code=code, label=label, role=Option.Role.ROW, position=i)
                 for i, (code, label) in enumerate(rows, 1)]
    Option.objects.bulk_create(made)


@transaction.atomic
def question_add(*, actor, survey, page, options=(), rows=(), **fields):
    _current, draft = _draft_of(survey)
    page = _page_in(draft, page)
    _check_room(draft, 1)
    _clean_question(draft, fields, options=options, rows=rows)
    position = (page.questions.aggregate(n=Max("position"))["n"] or 0) + 1 if page.questions.exists() else 0
    question = Question.objects.create(version=draft, page=page, position=position, **fields)
    _save_options(question, options if spec(question.kind).options else (), rows)
    _changed(draft)
    return question


@transaction.atomic
def question_update(*, actor, survey, question, options=(), rows=(), **fields):
    _current, draft = _draft_of(survey)
    question = _question_in(draft, question)
    _clean_question(draft, fields, options=options, rows=rows, instance=question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    _save_options(question, options if spec(question.kind).options else (), rows)
    _changed(draft)
    return question


@transaction.atomic
def question_delete(*, actor, survey, question):
    """From the draft only: a published version keeps the question, and its answers their meaning."""
    _current, draft = _draft_of(survey)
    question = _question_in(draft, question)
    siblings = [q for q in question.page.questions.order_by("position", "id") if q.pk != question.pk]
    question.delete()
    _renumber(siblings)
    _changed(draft)


@transaction.atomic
def question_move(*, actor, survey, question, up):
    """One place up or down; past the top (or bottom) of its page, onto the end of the page
    before (or the start of the page after)."""
    _current, draft = _draft_of(survey)
    question = _question_in(draft, question)
    pages = list(draft.pages.all())
    page_index = next(i for i, p in enumerate(pages) if p.pk == question.page_id)
    siblings = list(question.page.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings)
    else:
        target_index = page_index - 1 if up else page_index + 1
        if not 0 <= target_index < len(pages):
            raise ValidationError(f"This question is already the {'first' if up else 'last'} of the survey.")
        target = pages[target_index]
        others = list(target.questions.order_by("position", "id"))
        siblings.pop(index)
        question.page = target
        Question.objects.filter(pk=question.pk).update(page=target)
        _renumber(siblings)
        _renumber(others + [question] if up else [question] + others)
    _changed(draft)
    return question


def _copy_question(question, *, page, position, code):
    options = list(question.options.all())
    copy = Question.objects.create(
        version=page.version, page=page, position=position, code=code,
        **{name: getattr(question, name) for name in QUESTION_FIELDS if name != "code"})
    Option.objects.bulk_create([Option(question=copy, code=o.code, label=o.label, role=o.role, position=o.position,
                                       value=o.value) for o in options])
    return copy


@transaction.atomic
def question_duplicate(*, actor, survey, question):
    """A copy just after it, with the next free code."""
    _current, draft = _draft_of(survey)
    question = _question_in(draft, question)
    _check_room(draft, 1)
    Question.objects.filter(page=question.page, position__gt=question.position).update(position=F("position") + 1)
    taken = set(draft.questions.values_list("code", flat=True))
    copy = _copy_question(question, page=question.page, position=question.position + 1, code=_next_code(taken))
    _changed(draft)
    return copy
