"""Exports (the responses as CSV or Excel, the codebook) and tagging text answers with themes.
Every page is for those who may analyse the survey (surveys.analyse_survey)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.services import audit
from workspaces.kit.views import confirmed, crumbs, with_item, workspace_view
from workspaces.lib.exports import CSV_CONTENT_TYPE, attachment, csv_response, xlsx_response
from workspaces.lib.forms import add_service_error
from workspaces.permissions import CONTACT_PERM, can

from . import exports, exports_copy, selectors, themes
from .forms_exports import ExportForm, ThemeForm
from .models import Answer, AnswerTag, Question, Theme

ANALYSE = "surveys.analyse_survey"
TAG = "surveys.change_survey"  # themes and tags change the survey's analysis: refused when archived
MAX_SEARCH = 200
TAG_PAGE_SIZE = 20


def _survey_crumbs(request, survey, *trail):
    return crumbs(request, (survey.title, survey.get_absolute_url()), *trail)


def _url(name, survey, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"workspace": survey.workspace.slug, "pk": survey.pk, **kwargs})


# --- Exports ----------------------------------------------------------------------------------


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, ANALYSE)
def export(request, survey):
    """The options (a GET form: the page works without JavaScript and a download is a link),
    then, once they are sent, the file, streamed."""
    form = ExportForm(request.GET if "format" in request.GET else None)
    if form.is_bound and form.is_valid():
        return _download(request, survey, form.cleaned_data)
    return render(request, "surveys/exports/export.html", {
        "workspace": request.workspace, "survey": survey, "form": form,
        "crumbs": _survey_crumbs(request, survey, ("Download responses", "")),
        "codebook_url": _url("codebook", survey),
        "shows_email": not survey.anonymous and can(request.user, CONTACT_PERM, request.workspace),
    }, status=400 if form.errors else 200)


def _filename(survey, what, extension):
    return f"{survey.workspace.slug}-survey-{survey.pk}-{what}-{timezone.localdate().isoformat()}.{extension}"


def _download(request, survey, options):
    with_email = not survey.anonymous and can(request.user, CONTACT_PERM, request.workspace)
    audit(actor=request.user, action="survey.responses_exported", workspace=request.workspace, target=survey,
          after={**options, "email": with_email})
    plan = exports.plan_columns(survey)
    rows = exports.response_rows(survey, plan, status=options["status"], headings=options["headings"],
                                 values=options["values"], with_email=with_email)
    filename = _filename(survey, f"responses-{options['status']}", options["format"])
    if options["format"] == "xlsx":
        return xlsx_response(rows, filename=filename, sheet_title="Responses")
    if exports_copy.available():  # PostgreSQL writes the CSV itself, several times faster
        return attachment(exports_copy.copy_csv_chunks(
            survey, plan, status=options["status"], headings=options["headings"], values=options["values"],
            with_email=with_email), filename=filename, content_type=CSV_CONTENT_TYPE)
    return csv_response(rows, filename=filename)


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, ANALYSE)
def codebook(request, survey):
    plan = exports.plan_columns(survey)
    return csv_response(exports.codebook_rows(plan), filename=_filename(survey, "codebook", "csv"))


# --- Themes -----------------------------------------------------------------------------------


def _theme_of(survey, theme_id):
    return get_object_or_404(Theme, survey=survey, pk=theme_id)


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, TAG)
def theme_list(request, survey):
    """The survey's codebook of themes, with the number of answers tagged with each; adding one."""
    form = ThemeForm(request.POST or None, with_position=False)
    if request.method == "POST" and form.is_valid():
        try:
            theme = themes.theme_add(actor=request.user, survey=survey, name=form.cleaned_data["name"],
                                     description=form.cleaned_data["description"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Theme “{theme.name}” added.")
            return redirect(_url("themes", survey))
    listed = Theme.objects.filter(survey=survey).annotate(tagged=Count("tags")).order_by("position", "id")
    codes = sorted(themes.text_codes(survey))
    return render(request, "surveys/exports/themes.html", {
        "workspace": request.workspace, "survey": survey, "form": form, "themes": listed,
        "questions": Question.objects.filter(version=survey.live_version or survey.draft_version, code__in=codes)
                                     .order_by("page__position", "position"),
        "crumbs": _survey_crumbs(request, survey, ("Themes", "")),
    }, status=400 if form.errors else 200)


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, TAG)
def theme_edit(request, survey, theme_id):
    theme = _theme_of(survey, theme_id)
    form = ThemeForm(request.POST or None, instance=Theme(name=theme.name, description=theme.description,
                                                          position=theme.position, survey=survey))
    if request.method == "POST" and form.is_valid():
        try:
            themes.theme_change(actor=request.user, theme=theme, **{
                name: form.cleaned_data[name] for name in ("name", "description", "position")})
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Theme “{theme.name}” saved.")
            return redirect(_url("themes", survey))
    return render(request, "surveys/exports/theme_form.html", {
        "workspace": request.workspace, "survey": survey, "theme": theme, "form": form,
        "cancel_url": _url("themes", survey),
        "crumbs": _survey_crumbs(request, survey, ("Themes", _url("themes", survey)), (f"Edit “{theme.name}”", "")),
    }, status=400 if form.errors else 200)


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, TAG)
def theme_delete(request, survey, theme_id):
    theme = _theme_of(survey, theme_id)
    done, problem = confirmed(request, lambda: themes.theme_delete(actor=request.user, theme=theme))
    if done:
        messages.success(request, f"Theme “{theme.name}” deleted; the answers it tagged are kept.")
        return redirect(_url("themes", survey))
    return render(request, "surveys/exports/theme_delete.html", {
        "workspace": request.workspace, "survey": survey, "theme": theme, "tagged": theme.tags.count(),
        "problem": problem, "danger": True, "cancel_url": _url("themes", survey),
        "crumbs": _survey_crumbs(request, survey, ("Themes", _url("themes", survey)), ("Delete theme", "")),
    })


# --- Tagging a question's text answers ----------------------------------------------------------


def _text_question(survey, code):
    """The latest version's question `code`, if it is a text question of the survey (else 404)."""
    if code not in themes.text_codes(survey):
        raise Http404("No text question has this code.")
    return (Question.objects.filter(version__survey=survey, code=code)
            .order_by("-version__published_at", "-version__number").first())


@workspace_view("surveys.view_survey")
@with_item(selectors.get_survey, TAG)
def tag_answers(request, survey, code):
    """A question's text answers, a page at a time (newest first, searchable), each with the
    survey's themes as checkboxes; one Save for the page."""
    question = _text_question(survey, code)
    theme_list_ = themes.themes_of(survey)
    if request.method == "POST":
        return _save_tags(request, survey, code, theme_list_)
    query = " ".join(request.GET.get("q", "").split())[:MAX_SEARCH]
    answers = Answer.objects.filter(survey=survey, code=code).exclude(text="").only("id", "text", "response_id")
    if query:
        answers = answers.filter(text__icontains=query)
    page = keyset_page(request, answers, ("id",), per_page=TAG_PAGE_SIZE, descending=True)
    if page is None:
        return redirect(first_page_url(request))
    ids = [answer.pk for answer in page.object_list]
    tagged = {}
    for answer_id, theme_id in AnswerTag.objects.filter(answer_id__in=ids).values_list("answer_id", "theme_id"):
        tagged.setdefault(answer_id, set()).add(theme_id)
    rows = [(answer, [(theme, theme.pk in tagged.get(answer.pk, ())) for theme in theme_list_])
            for answer in page.object_list]
    return render(request, "surveys/exports/tag_answers.html", {
        "workspace": request.workspace, "survey": survey, "question": question, "themes": theme_list_,
        "rows": rows, "page_obj": page, "query": query, "code": code,
        "counts": themes.theme_counts(survey, [code])[code],
        "themes_url": _url("themes", survey), "action": request.get_full_path(),
        "crumbs": _survey_crumbs(request, survey, (f"Tag answers to {code}", "")),
    })


def _positive_ids(values):
    ids = set()
    for value in values:
        if not value.isdigit() or not 0 < int(value) < 2**31:
            raise ValidationError("These answers could not be read. Nothing was saved.")
        ids.add(int(value))
    return ids


def _save_tags(request, survey, code, theme_list_):
    """The page's answers are listed in `answer`; each one's checked themes in `tags-<answer id>`."""
    back = request.get_full_path()
    try:
        answer_ids = _positive_ids(request.POST.getlist("answer"))
        chosen = {answer: _positive_ids(request.POST.getlist(f"tags-{answer}")) for answer in answer_ids}
        added, removed = themes.set_tags(actor=request.user, survey=survey, code=code, chosen=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if added or removed:
        messages.success(request, f"Tags saved: {added} added, {removed} removed.")
    else:
        messages.info(request, "No tags changed.")
    return redirect(back)


