"""The builder's pages (owned by the building work): the list of surveys, their settings, the
draft's pages and questions, the logic check, publishing, versions, closing, deleting.

Every view: @workspace_view, then the survey through with_item(..., "surveys.change_survey")
(or delete/view); a page or question of the URL is looked up in that survey's DRAFT only.
Changes are plain POST forms (Move up / Move down too); after a move the moved item's button
takes the focus again (autofocus on the page the redirect lands on)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workspaces import permissions
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.questions import logic
from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.selectors import number_or_404
from workspaces.kit.services import ChangedMeanwhile
from workspaces.kit.views import attempt, changed_form, confirmed, crumbs, tool_url, with_item, workspace_view
from workspaces.lib.pagination import paginate

from . import building, selectors
from .forms_building import KindForm, PageForm, QuestionForm, SurveySettingsForm, question_initial
from .models import Page, Question, ResponseStatus, Survey, SurveyVersion

CHANGE = "surveys.change_survey"
LIST_ORDER = ("created_at", "id")


def survey_state(survey, now=None):
    """The survey's state in words, from its live version and its window."""
    if not survey.is_live:
        return "Draft – not open yet"
    return survey.window_phrase(now) or "Open"


def _url(survey, name, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"workspace": survey.workspace.slug, "pk": survey.pk, **kwargs})


def _preview_url(survey):
    try:
        return _url(survey, "preview")
    except NoReverseMatch:  # the answering part's view; wired at integration
        return ""


def _survey_crumbs(request, survey, *trail):
    return crumbs(request, (survey.title, _url(survey, "build")), *trail)


# --- The list ------------------------------------------------------------------------------------


@workspace_view("surveys.view_survey")
def index(request):
    user, workspace = request.user, request.workspace
    page = keyset_page(request, selectors.surveys(user, workspace), LIST_ORDER, descending=True)
    if page is None:
        return redirect(first_page_url(request))
    now = timezone.now()
    for survey in page.object_list:
        survey.workspace = workspace  # for its URLs: no query per row
        survey.state = survey_state(survey, now)
        survey.may_analyse = permissions.can(user, "surveys.analyse_survey", survey)
        survey.may_build = survey.may_analyse  # analyse is decided as change
    return render(request, "surveys/index.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request),
        "may_create": permissions.can(user, "surveys.create_survey", workspace),
        "may_see_deleted": request.access.is_manager,
    })


@workspace_view("surveys.create_survey")
def deleted(request):
    workspace = request.workspace
    found = permissions.visible(request.user, Survey.objects.all(), within=workspace).filter(
        is_deleted=True).select_related("deleted_by")
    page = paginate(request, found.order_by("-deleted_at", "-id"))
    for survey in page.object_list:
        survey.workspace = workspace
        survey.restore_url = _url(survey, "restore")
        # The list's title link (kit/deleted_list.html): the survey's own page is gone with it.
        survey.get_absolute_url = survey.restore_url
    return render(request, "surveys/building/deleted.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request, ("Deleted surveys", "")),
    })


# --- Settings ------------------------------------------------------------------------------------


@workspace_view("surveys.create_survey")
def create(request):
    workspace = request.workspace
    form = SurveySettingsForm(request.POST or None, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        survey = attempt(form, lambda: building.survey_add(actor=request.user, workspace=workspace, **data))
        if survey is not None:
            messages.success(request, f"Survey “{survey.title}” added. Add its questions next.")
            return redirect(_url(survey, "build"))
    return render(request, "surveys/building/settings.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New survey", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def settings(request, survey):
    workspace = request.workspace

    def make_form(data=None, current=None, **kwargs):
        return SurveySettingsForm(data, instance=current or survey, workspace=workspace, **kwargs)

    form = make_form(request.POST or None)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            saved = attempt(form, lambda: building.survey_update(
                actor=request.user, survey=survey, loaded_state=form.cleaned_data.get("loaded_state", ""), **data))
        except ChangedMeanwhile as exc:
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="the survey's settings")
        if saved is not None:
            messages.success(request, f"Settings of “{saved.title}” saved.")
            return redirect(_url(saved, "build"))
    return render(request, "surveys/building/settings.html", {
        "workspace": workspace, "form": form, "survey": survey, "changed": changed,
        "cancel_url": _url(survey, "build"), "crumbs": _survey_crumbs(request, survey, ("Settings", "")),
    })


# --- The builder ---------------------------------------------------------------------------------


def _dress(pages, problems):
    """What the builder and the logic page show of each page and question, worked out once."""
    by_code = {q.code: q for _page, questions in pages for q in questions}
    flagged = {}
    for problem in problems:
        flagged.setdefault(id(problem.item), []).append(problem.message)
    number = 0
    for index, (page, questions) in enumerate(pages, 1):
        page.number = index
        page.rule_words = logic.describe(page.rule, by_code)
        page.problems = flagged.get(id(page), [])
        for question in questions:
            number += 1
            question.number = number
            question.kind_label = Kind(question.kind).label
            question.rule_words = logic.describe(question.rule, by_code)
            question.problems = flagged.get(id(question), [])
            question.validation = _validation(question)
    return pages


def _validation(question):
    limits = spec(question.kind).limits
    low, high = question.min_value, question.max_value
    if not limits or (low is None and high is None):
        return ""
    low = f"{low.normalize():f}" if low is not None else None
    high = f"{high.normalize():f}" if high is not None else None
    what = "Between" if limits == "number" else "Choose between"
    unit = "" if limits == "number" else " options"
    if low is not None and high is not None:
        return f"{what} {low} and {high}{unit}"
    if low is not None:
        return f"At least {low}{unit}"
    return f"At most {high}{unit}"


def _moved(request):
    """The item a move just moved ("q12", "p3") and which way, for its button's autofocus."""
    return request.GET.get("moved", ""), request.GET.get("dir", "")


def _place_moves(pages, moved, direction):
    """Which Move buttons each page and question has (none past either end of the survey), and
    which one takes the focus after a move: the same direction, or the other at an end."""
    questions = [q for _page, qs in pages for q in qs]
    items = [([page for page, _qs in pages], "p"), (questions, "q")]
    for rows, prefix in items:
        for index, row in enumerate(rows):
            row.may_up, row.may_down = index > 0, index < len(rows) - 1
            row.focus = ""
            if moved == f"{prefix}{row.pk}":
                wanted = "up" if direction == "up" else "down"
                row.focus = wanted if getattr(row, f"may_{wanted}") else ("down" if wanted == "up" else "up")


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def build(request, survey):
    draft = survey.draft_version
    pages = building.draft_pages(draft)
    problems = logic.problems(pages)
    _dress(pages, problems)
    _place_moves(pages, *_moved(request))
    return render(request, "surveys/building/build.html", {
        "workspace": request.workspace, "survey": survey, "draft": draft, "pages": pages,
        "problems": problems, "question_count": sum(len(qs) for _p, qs in pages), "page_count": len(pages),
        "preview_url": _preview_url(survey),
        "state": survey_state(survey), "may_delete": permissions.can(request.user, "surveys.delete_survey", survey),
        "crumbs": crumbs(request, (survey.title, "")),
    })


def _page(survey, pk):
    try:
        return Page.objects.get(version_id=survey.draft_version_id, pk=number_or_404(pk))
    except Page.DoesNotExist:
        raise Http404("No such page in this survey's draft.") from None


def _question(survey, pk):
    try:
        return Question.objects.select_related("page").prefetch_related("options").get(
            version_id=survey.draft_version_id, pk=number_or_404(pk))
    except Question.DoesNotExist:
        raise Http404("No such question in this survey's draft.") from None


def _earlier_questions(survey, page):
    """The questions on pages before `page` (a rule may only use those), options prefetched."""
    return list(Question.objects.filter(version_id=survey.draft_version_id, page__position__lt=page.position)
                .prefetch_related("options"))


def _back_to(survey, anchor="", **query):
    address = _url(survey, "build")
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address + (f"#{anchor}" if anchor else "")


def _refused(request, survey, exc):
    messages.error(request, " ".join(exc.messages))
    return redirect(_back_to(survey))


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def page_add(request, survey):
    page = building.page_add(actor=request.user, survey=survey)
    messages.success(request, f"Page {page.position + 1} added.")
    return redirect(_back_to(survey, f"page-{page.pk}"))


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def page_edit(request, survey, page):
    page = _page(survey, page)
    form = PageForm(request.POST or None, earlier=_earlier_questions(survey, page), page=page,
                    initial={"title": page.title, "intro": page.intro})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: building.page_update(
            actor=request.user, survey=survey, page=page, title=data["title"].strip(), intro=data["intro"].strip(),
            show_if_code=data["show_if_code"], show_if_operator=data["show_if_operator"],
            show_if_value=data["show_if_value"]))
        if saved is not None:
            messages.success(request, f"{saved} saved.")
            return redirect(_back_to(survey, f"page-{page.pk}"))
    return render(request, "surveys/building/page_form.html", {
        "workspace": request.workspace, "survey": survey, "page": page, "form": form,
        "cancel_url": _back_to(survey, f"page-{page.pk}"),
        "crumbs": _survey_crumbs(request, survey, (f"Edit {page}", "")),
    })


def _confirm_page(request, survey, *, heading, question, confirm, act, done_message, cancel_url, trail, done_url):
    done, problem = confirmed(request, act)
    if done:
        messages.success(request, done_message)
        return redirect(done_url)
    return render(request, "surveys/building/confirm.html", {
        "workspace": request.workspace, "danger": True, "cancel_url": cancel_url, "problem": problem,
        "heading": heading, "question": question, "confirm": confirm,
        "crumbs": _survey_crumbs(request, survey, (trail, "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def page_delete(request, survey, page):
    page = _page(survey, page)
    count = page.questions.count()
    return _confirm_page(
        request, survey, heading=f"Delete {page}?",
        question=(f"Its {count} question{'s' if count != 1 else ''} will be deleted from the draft too. "
                  "Published versions keep them, with their answers." if count else "The page has no questions."),
        confirm="Delete the page", act=lambda: building.page_delete(actor=request.user, survey=survey, page=page),
        done_message=f"{page} deleted.", cancel_url=_back_to(survey, f"page-{page.pk}"), trail=f"Delete {page}",
        done_url=_back_to(survey))


def _direction(request):
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise ValidationError("Choose Move up or Move down.")
    return direction


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def page_move(request, survey, page):
    page = _page(survey, page)
    try:
        direction = _direction(request)
        building.page_move(actor=request.user, survey=survey, page=page, up=direction == "up")
    except ValidationError as exc:
        return _refused(request, survey, exc)
    # No #fragment: a page with a target element skips autofocus, which brings the focus back.
    return redirect(_back_to(survey, moved=f"p{page.pk}", dir=direction))


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def page_duplicate(request, survey, page):
    page = _page(survey, page)
    try:
        copy = building.page_duplicate(actor=request.user, survey=survey, page=page)
    except ValidationError as exc:
        return _refused(request, survey, exc)
    messages.success(request, f"{page} duplicated: the copy follows it, its questions with new codes.")
    return redirect(_back_to(survey, f"page-{copy.pk}"))


# --- Questions -----------------------------------------------------------------------------------


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def question_add(request, survey, page):
    page = _page(survey, page)
    trail = _survey_crumbs(request, survey, ("New question", ""))
    chosen = request.GET.get("kind") or request.POST.get("kind")
    if chosen not in Kind.values:
        # Step one: the type (a GET form), so that the next form offers only what it takes.
        kind_form = KindForm(request.GET if "kind" in request.GET else None)
        if kind_form.is_bound:
            kind_form.is_valid()
        return render(request, "surveys/building/kind_form.html", {
            "workspace": request.workspace, "survey": survey, "page": page, "form": kind_form,
            "cancel_url": _back_to(survey, f"page-{page.pk}"), "crumbs": trail,
        })
    form = QuestionForm(request.POST or None, kind=chosen, earlier=_earlier_questions(survey, page),
                        initial={"kind": chosen, "code": building.suggested_code(survey.draft_version)})
    if request.method == "POST" and form.is_valid():
        question = attempt(form, lambda: building.question_add(actor=request.user, survey=survey, page=page,
                                                               **form.service_kwargs()))
        if question is not None:
            messages.success(request, f"Question {question.code} added.")
            return redirect(_back_to(survey, f"question-{question.pk}"))
    return render(request, "surveys/building/question_form.html", {
        "workspace": request.workspace, "survey": survey, "page": page, "form": form, "adding": True,
        "cancel_url": _back_to(survey, f"page-{page.pk}"), "crumbs": trail,
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def question_edit(request, survey, question):
    question = _question(survey, question)
    form = QuestionForm(request.POST or None, kind=question.kind, question=question,
                        earlier=_earlier_questions(survey, question.page), initial=question_initial(question))
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: building.question_update(actor=request.user, survey=survey, question=question,
                                                               **form.service_kwargs()))
        if saved is not None:
            messages.success(request, f"Question {saved.code} saved.")
            return redirect(_back_to(survey, f"question-{saved.pk}"))
    return render(request, "surveys/building/question_form.html", {
        "workspace": request.workspace, "survey": survey, "page": question.page, "form": form, "question": question,
        "cancel_url": _back_to(survey, f"question-{question.pk}"),
        "crumbs": _survey_crumbs(request, survey, (f"Edit {question.code}", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def question_delete(request, survey, question):
    question = _question(survey, question)
    published = survey.live_version_id and Question.objects.filter(version__survey=survey, code=question.code,
                                                                   version__published_at__isnull=False).exists()
    return _confirm_page(
        request, survey, heading=f"Delete question {question.code}?",
        question=(f"“{question.text}” is deleted from the draft. "
                  + ("The published versions keep it, and its answers stay in the results." if published else "")),
        confirm=f"Delete {question.code}",
        act=lambda: building.question_delete(actor=request.user, survey=survey, question=question),
        done_message=f"Question {question.code} deleted.", cancel_url=_back_to(survey, f"question-{question.pk}"),
        trail=f"Delete {question.code}", done_url=_back_to(survey, f"page-{question.page_id}"))


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def question_move(request, survey, question):
    question = _question(survey, question)
    try:
        direction = _direction(request)
        building.question_move(actor=request.user, survey=survey, question=question, up=direction == "up")
    except ValidationError as exc:
        return _refused(request, survey, exc)
    return redirect(_back_to(survey, moved=f"q{question.pk}", dir=direction))


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def question_duplicate(request, survey, question):
    question = _question(survey, question)
    try:
        copy = building.question_duplicate(actor=request.user, survey=survey, question=question)
    except ValidationError as exc:
        return _refused(request, survey, exc)
    messages.success(request, f"Question {question.code} duplicated as {copy.code}.")
    return redirect(_back_to(survey, f"question-{copy.pk}"))


# --- Logic check, publishing, versions -----------------------------------------------------------


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def logic_check(request, survey):
    draft = survey.draft_version
    pages = building.draft_pages(draft)
    problems = logic.problems(pages)
    _dress(pages, problems)
    return render(request, "surveys/building/logic.html", {
        "workspace": request.workspace, "survey": survey, "draft": draft, "pages": pages, "problems": problems,
        "today": timezone.now(), "crumbs": _survey_crumbs(request, survey, ("Logic check", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def publish(request, survey):
    draft = survey.draft_version
    problem = ""
    if request.method == "POST":
        try:
            version = building.publish_checked(actor=request.user, survey=survey)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            if version.number == 1:
                state = survey_state(Survey.objects.get(pk=survey.pk))
                messages.success(request, f"“{survey.title}” is published as version 1. {state}.")
            else:
                messages.success(request, f"Version {version.number} published: new responses use it; people "
                                          "part-way through finish on the version they started.")
            return redirect(_url(survey, "build"))
    problems = building.logic_problems(draft)
    has_questions = draft.questions.exists()
    blocked = ""
    if problems:
        blocked = (f"The logic check found {len(problems)} error{'s' if len(problems) != 1 else ''}: "
                   "fix them before publishing.")
    elif not has_questions:
        blocked = "Add at least one question first."
    elif survey.is_live and not draft.changed:
        blocked = building.NOTHING_TO_PUBLISH
    return render(request, "surveys/building/publish.html", {
        "workspace": request.workspace, "survey": survey, "draft": draft, "problem": problem, "blocked": blocked,
        "changes": building.version_changes(survey), "first": not survey.is_live,
        "crumbs": _survey_crumbs(request, survey, ("Open survey" if not survey.is_live else "Publish changes", "")),
    })


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
def versions(request, survey):
    published = list(SurveyVersion.objects.filter(survey=survey, published_at__isnull=False)
                     .select_related("published_by").order_by("-number"))
    counts = {}
    for row in survey.responses.order_by().values("version_id", "status").annotate(n=Count("id")):
        counts.setdefault(row["version_id"], {"submitted": 0, "in_progress": 0})[
            "submitted" if row["status"] == ResponseStatus.SUBMITTED else "in_progress"] += row["n"]
    for version in published:
        version.counts = counts.get(version.pk, {"submitted": 0, "in_progress": 0})
    return render(request, "surveys/building/versions.html", {
        "workspace": request.workspace, "survey": survey, "versions": published,
        "crumbs": _survey_crumbs(request, survey, ("Versions", "")),
    })


def _window_action(request, survey, act, done):
    try:
        act(actor=request.user, survey=survey)
    except ValidationError as exc:
        return _refused(request, survey, exc)
    messages.success(request, done)
    return redirect(_url(survey, "build"))


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def close(request, survey):
    return _window_action(request, survey, building.close_now, f"“{survey.title}” is closed: it takes no more "
                                                               "responses.")


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def reopen(request, survey):
    return _window_action(request, survey, building.reopen, f"“{survey.title}” is open again, until you close it.")


# --- Deleting, restoring, duplicating ------------------------------------------------------------


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, "surveys.delete_survey")
def delete(request, survey):
    return _confirm_page(
        request, survey, heading=f"Delete the survey “{survey.title}”?",
        question="It stops taking responses and disappears from the list. Its responses are kept; managers can "
                 "restore it from the deleted surveys.",
        confirm="Delete the survey", act=lambda: building.survey_delete(actor=request.user, survey=survey),
        done_message=f"Survey “{survey.title}” deleted. Managers can restore it from “Deleted surveys”.",
        cancel_url=_url(survey, "build"), trail="Delete", done_url=tool_url(request))


@workspace_view("surveys.create_survey")
@with_item(selectors.get_survey, "surveys.delete_survey", deleted="show")
def restore(request, survey):
    if not survey.is_deleted:
        messages.info(request, f"“{survey.title}” is not deleted.")
        return redirect(_url(survey, "build"))
    done, problem = confirmed(request, lambda: building.survey_restore(actor=request.user, survey=survey))
    if done:
        messages.success(request, f"Survey “{survey.title}” restored.")
        return redirect(_url(survey, "build"))
    return render(request, "surveys/building/confirm.html", {
        "workspace": request.workspace, "cancel_url": tool_url(request, "deleted"), "problem": problem,
        "heading": f"Restore the survey “{survey.title}”?", "question": "It comes back as it was when deleted.",
        "confirm": "Restore the survey", "crumbs": crumbs(request, ("Deleted surveys", tool_url(request, "deleted")),
                                                          (survey.title, "")),
    })


@workspace_view("surveys.create_survey")
@with_item(selectors.get_survey, CHANGE)
@require_POST
def duplicate(request, survey):
    copy = building.survey_duplicate(actor=request.user, survey=survey)
    messages.success(request, f"“{copy.title}” added: a draft with the same questions and codes.")
    return redirect(_url(copy, "build"))
