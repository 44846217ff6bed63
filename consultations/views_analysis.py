"""The analysts' pages: every response (filtered, a page at a time), one response with its
comments, suggestions as word diffs, tagging and internal notes; the theme codebook; the
analysis tables; the wording suggestions and the decisions on them; offline responses typed in
by staff. Reading is consultations.analyse_consultation (still allowed in an archived
workspace); every change is consultations.change_consultation (enter: enter_consultation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.views import confirmed, crumbs, with_item, workspace_view
from workspaces.lib.diff import diff_texts
from workspaces.lib.forms import add_service_error
from workspaces.permissions import can, require

from . import analysis, selectors
from .counts import totals
from .forms_analysis import DecisionForm, FilterForm, NoteForm, OfflineForm, ThemeForm
from .models import (
    Answer,
    Channel,
    Comment,
    CommentKind,
    Note,
    Response,
    ResponseStatus,
    Section,
    SuggestionState,
    Tag,
    Theme,
)

VIEW = "consultations.view_consultation"
ANALYSE = "consultations.analyse_consultation"
CHANGE = "consultations.change_consultation"  # coding (tags, notes, themes, decisions): refused when archived
ENTER = "consultations.enter_consultation"
RESPONSE_ORDER = ("submitted_at", "id")
SUGGESTION_TABS = [(SuggestionState.OPEN, "Open"), (SuggestionState.ACCEPTED, "Accepted"),
                   (SuggestionState.REJECTED, "Rejected"), (SuggestionState.NOTED, "Noted")]
WHOLE = "whole"  # the tag form's key for the response as a whole


def _url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                    **kwargs})


def _crumbs(request, consultation, *trail):
    return crumbs(request, (consultation.title, consultation.get_absolute_url()), *trail)


def _sections(consultation):
    return list(Section.objects.filter(consultation=consultation).order_by("position", "id"))


def _submitted(consultation):
    return Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)


# --- Responses ------------------------------------------------------------------------------


def filtered(consultation, chosen):
    """The submitted responses the filters choose (FilterForm.chosen())."""
    found = _submitted(consultation)
    if "section" in chosen:
        found = found.filter(Exists(Comment.objects.filter(response=OuterRef("pk"), section=chosen["section"],
                                                           submitted=True)))
    if "theme" in chosen:
        theme = chosen["theme"]
        found = found.filter(Exists(Tag.objects.filter(Q(theme=theme) | Q(theme__parent=theme),
                                                       response=OuterRef("pk"))))
    if "respondent_type" in chosen:
        found = found.filter(respondent_type=chosen["respondent_type"])
    if "organisation_type" in chosen:
        found = found.filter(organisation_type=chosen["organisation_type"])
    if chosen.get("channel") == "online":
        found = found.filter(channel=Channel.WEB)
    elif chosen.get("channel") == "offline":
        found = found.exclude(channel=Channel.WEB)
    if chosen.get("campaign") == "yes":
        found = found.filter(campaign__isnull=False)
    elif chosen.get("campaign") == "no":
        found = found.filter(campaign__isnull=True)
    return found


def themes_of_responses(ids):
    """{response id: [theme names]} for a page of responses (one query)."""
    named = {}
    for response_id, name in (Tag.objects.filter(response_id__in=ids).values_list("response_id", "theme__name")
                              .distinct().order_by("response_id", "theme__name")):
        named.setdefault(response_id, []).append(name)
    return named


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def responses(request, consultation):
    themes = analysis.theme_tree(consultation)
    form = FilterForm(request.GET or None, sections=_sections(consultation), themes=themes)
    chosen = form.chosen()
    listed = filtered(consultation, chosen).annotate(
        comments_n=Count("comments", filter=Q(comments__submitted=True))).only(
        "pk", "public_id", "display_name", "organisation_name", "organisation_type", "respondent_type", "channel",
        "submitted_at", "campaign_id")
    page = keyset_page(request, listed, RESPONSE_ORDER, descending=True, count_cap=10_000)
    if page is None:
        return redirect(first_page_url(request))
    named = themes_of_responses([r.pk for r in page.object_list])
    for row in page.object_list:
        row.theme_names = named.get(row.pk, [])
    return render(request, "consultations/analysis/responses.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form, "page_obj": page,
        "totals": totals(consultation), "filtered": bool(chosen),
        "may_enter": can(request.user, ENTER, consultation),
        "crumbs": _crumbs(request, consultation, ("Responses", "")),
    }, status=400 if form.errors else 200)


def _response_of(consultation, response_id):
    return get_object_or_404(_submitted(consultation).select_related("entered_by", "campaign"), pk=response_id)


def _neighbours(consultation, response):
    """The next (older) and previous (newer) responses in the list's order."""
    found = _submitted(consultation).only("pk")
    at, pk = response.submitted_at, response.pk
    older = found.filter(Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=pk)).order_by("-submitted_at", "-id")
    newer = found.filter(Q(submitted_at__gt=at) | Q(submitted_at=at, pk__gt=pk)).order_by("submitted_at", "id")
    return older.first(), newer.first()


def _detail_context(request, consultation, response, note_form=None):
    comments = list(Comment.objects.filter(response=response).select_related("section", "paragraph")
                    .order_by("section__position", "paragraph__number", "kind", "id"))
    themes = analysis.theme_tree(consultation)
    tagged = {}
    for comment_id, theme_id in Tag.objects.filter(response=response).values_list("comment_id", "theme_id"):
        tagged.setdefault(comment_id, set()).add(theme_id)
    notes = {}
    for note in Note.objects.filter(response=response).select_related("author"):
        notes.setdefault(note.comment_id, []).append(note)
    for comment in comments:
        comment.theme_boxes = [(theme, depth, theme.pk in tagged.get(comment.pk, ())) for theme, depth in themes]
        comment.note_list = notes.get(comment.pk, [])
        if comment.kind == CommentKind.SUGGESTION and comment.paragraph_id:
            comment.diff = diff_texts(comment.paragraph.text, comment.suggested_text)
    answers = list(Answer.objects.filter(response=response).select_related("question").order_by(
        "question__position", "id"))
    older, newer = _neighbours(consultation, response)
    may_code = can(request.user, CHANGE, consultation)
    return {
        "workspace": request.workspace, "consultation": consultation, "response": response, "comments": comments,
        "themes": themes, "answers": answers, "older": older, "newer": newer, "may_code": may_code,
        "whole_boxes": [(theme, depth, theme.pk in tagged.get(None, ())) for theme, depth in themes],
        "whole_notes": notes.get(None, []),
        "note_form": note_form or NoteForm(),
        "crumbs": _crumbs(request, consultation, ("Responses", _url("responses", consultation)),
                          (f"Response {response.public_id}", "")),
    }


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def response_detail(request, consultation, response_id):
    response = _response_of(consultation, response_id)
    return render(request, "consultations/analysis/response.html",
                  _detail_context(request, consultation, response))


def _positive_ids(values):
    ids = set()
    for value in values:
        if not value.isdigit() or not 0 < int(value) < 2**31:
            raise ValidationError("These tags could not be read. Nothing was saved.")
        ids.add(int(value))
    return ids


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
@require_POST
def tag(request, consultation, response_id):
    """The response page's tag form: `comment` lists the comments shown, each one's checked
    themes in `tags-<comment id>`; `tags-whole` the response's own (when `whole` is sent)."""
    response = _response_of(consultation, response_id)
    back = _url("response_detail", consultation, response_id=response.pk)
    try:
        chosen = {comment: _positive_ids(request.POST.getlist(f"tags-{comment}"))
                  for comment in _positive_ids(request.POST.getlist("comment"))}
        if request.POST.get(WHOLE):
            chosen[None] = _positive_ids(request.POST.getlist(f"tags-{WHOLE}"))
        added, removed = analysis.set_tags(actor=request.user, response=response, chosen=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if added or removed:
        messages.success(request, f"Themes saved: {added} added, {removed} removed.")
    else:
        messages.info(request, "No themes changed.")
    return redirect(back + "#tags")


@keeps_text
@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
@require_POST
def add_note(request, consultation, response_id):
    response = _response_of(consultation, response_id)
    form = kept_form(request, lambda data=None, **kw: NoteForm(data, **kw))
    comment = None
    comment_id = request.POST.get("comment", "")
    if comment_id:
        if not comment_id.isdigit():
            raise Http404("No such comment.")
        comment = get_object_or_404(Comment, response=response, pk=int(comment_id))
    if form.is_valid():
        try:
            analysis.add_note(actor=request.user, response=response, text=form.cleaned_data["text"], comment=comment)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Note added.")
            return redirect(_url("response_detail", consultation, response_id=response.pk) + "#notes")
    return render(request, "consultations/analysis/response.html",
                  _detail_context(request, consultation, response, note_form=form), status=400)


# --- Themes ---------------------------------------------------------------------------------


def _theme_of(consultation, theme_id):
    return get_object_or_404(Theme.objects.select_related("parent"), consultation=consultation, pk=theme_id)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def themes(request, consultation):
    """The codebook as a tree, with the tags of each theme; adding one (a change)."""
    may_change = can(request.user, CHANGE, consultation)
    if request.method == "POST":
        require(request.user, CHANGE, consultation)
    form = ThemeForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = analysis.theme_add(actor=request.user, consultation=consultation, name=data["name"],
                                       definition=data["definition"].strip(), parent=data["parent"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Theme “{theme.name}” added.")
            return redirect(_url("themes", consultation))
    return render(request, "consultations/analysis/themes.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form, "may_change": may_change,
        "tree": analysis.theme_tree(consultation), "crumbs": _crumbs(request, consultation, ("Themes", "")),
    }, status=400 if form.errors else 200)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
def theme_edit(request, consultation, theme):
    theme = _theme_of(consultation, theme)
    form = ThemeForm(request.POST or None, consultation=consultation, theme=theme,
                     initial={"name": theme.name, "definition": theme.definition, "parent": theme.parent_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            analysis.theme_change(actor=request.user, theme=theme, name=data["name"],
                                  definition=data["definition"].strip(), parent=data["parent"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Theme “{theme.name}” saved.")
            return redirect(_url("themes", consultation))
    return render(request, "consultations/analysis/theme_form.html", {
        "workspace": request.workspace, "consultation": consultation, "theme": theme, "form": form,
        "cancel_url": _url("themes", consultation),
        "crumbs": _crumbs(request, consultation, ("Themes", _url("themes", consultation)),
                          (f"Edit “{theme.name}”", "")),
    }, status=400 if form.errors else 200)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
def theme_delete(request, consultation, theme):
    theme = _theme_of(consultation, theme)
    done, problem = confirmed(request, lambda: analysis.theme_delete(actor=request.user, theme=theme))
    if done:
        messages.success(request, f"Theme “{theme.name}” deleted; the responses it tagged are kept.")
        return redirect(_url("themes", consultation))
    return render(request, "consultations/analysis/theme_delete.html", {
        "workspace": request.workspace, "consultation": consultation, "theme": theme,
        "tagged": Tag.objects.filter(Q(theme=theme) | Q(theme__parent=theme)).count(),
        "children": theme.children.count(), "problem": problem, "danger": True,
        "cancel_url": _url("themes", consultation),
        "crumbs": _crumbs(request, consultation, ("Themes", _url("themes", consultation)), ("Delete theme", "")),
    })


# --- The analysis tables --------------------------------------------------------------------


def _row(cells):
    values = [cells.get(key, 0) for key, _label in analysis.TYPE_COLUMNS]
    return values, sum(values)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def analysis_page(request, consultation):
    sections = _sections(consultation)
    by_pk = {s.pk: s for s in sections}
    chosen = None
    value = request.GET.get("section", "")
    if value:
        if not value.isdigit() or int(value) not in by_pk:
            messages.error(request, "That section is not in this consultation: showing every section.")
        else:
            chosen = by_pk[int(value)]
    tree = analysis.theme_tree(consultation)
    comments = analysis.comments_by_type(consultation, chosen)
    tags = analysis.tags_by_type(consultation, chosen)
    crossed = analysis.section_theme(consultation, chosen)
    shown_sections = [chosen] if chosen else sections
    section_rows = [(section, *_row(comments.get(section.pk, {}))) for section in shown_sections]
    theme_rows = [(theme, depth, *_row(tags.get(theme.pk, {}))) for theme, depth in tree]
    cross_rows = [(section, [crossed.get((section.pk, theme.pk), 0) for theme, _depth in tree])
                  for section in shown_sections]
    tagged, total = analysis.analysed(consultation)
    return render(request, "consultations/analysis/analysis.html", {
        "workspace": request.workspace, "consultation": consultation, "sections": sections, "chosen": chosen,
        "columns": analysis.TYPE_COLUMNS, "section_rows": section_rows, "theme_rows": theme_rows,
        "cross_rows": cross_rows, "tree": tree, "tagged": tagged, "total": total,
        "percent": round(100 * tagged / total) if total else 0, "totals": totals(consultation),
        "crumbs": _crumbs(request, consultation, ("Analysis", "")),
    })


# --- Suggestions ----------------------------------------------------------------------------


def _suggestions(consultation):
    return Comment.objects.filter(consultation=consultation, kind=CommentKind.SUGGESTION, submitted=True,
                                  paragraph__isnull=False)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def suggestions(request, consultation):
    state = request.GET.get("state", SuggestionState.OPEN)
    state = state if state in SuggestionState.values else SuggestionState.OPEN
    counted = dict(_suggestions(consultation).values_list("suggestion_state").annotate(n=Count("pk")).order_by())
    listed = (_suggestions(consultation).filter(suggestion_state=state)
              .select_related("section", "paragraph", "response", "decided_by"))
    page = keyset_page(request, listed, ("id",), total=counted.get(state, 0))
    if page is None:
        return redirect(first_page_url(request))
    for comment in page.object_list:
        comment.diff = diff_texts(comment.paragraph.text, comment.suggested_text)
    return render(request, "consultations/analysis/suggestions.html", {
        "workspace": request.workspace, "consultation": consultation, "page_obj": page, "state": state,
        "tabs": [(key, label, counted.get(key, 0)) for key, label in SUGGESTION_TABS],
        "may_decide": can(request.user, CHANGE, consultation),
        "crumbs": _crumbs(request, consultation, ("Suggestions", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
def suggestion_decide(request, consultation, comment):
    """One suggestion and the decision's form (a page of its own, so that replacing the wording
    another accepted suggestion set can be confirmed without JavaScript)."""
    comment = get_object_or_404(_suggestions(consultation).select_related("section", "paragraph", "response"),
                                pk=comment)
    form = DecisionForm(request.POST or None, initial={"note": comment.suggestion_note})
    confirm = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            analysis.decide_suggestion(actor=request.user, comment=comment, decision=data["decision"],
                                       note=data["note"], replace=data["replace"])
        except analysis.NeedsConfirmation as error:
            add_service_error(form, error)
            confirm = True
        except ValidationError as error:
            add_service_error(form, error)
        else:
            comment.refresh_from_db(fields=["suggestion_state"])
            messages.success(request, f"Suggestion {comment.get_suggestion_state_display().lower()}.")
            return redirect(_url("suggestions", consultation) + f"?state={comment.suggestion_state}")
    return render(request, "consultations/analysis/suggestion.html", {
        "workspace": request.workspace, "consultation": consultation, "comment": comment, "form": form,
        "confirm": confirm, "diff": diff_texts(comment.paragraph.text, comment.suggested_text),
        "crumbs": _crumbs(request, consultation, ("Suggestions", _url("suggestions", consultation)),
                          ("Decide", "")),
    }, status=400 if form.errors else 200)


# --- Offline responses ----------------------------------------------------------------------


@keeps_text
@workspace_view(VIEW)
@with_item(selectors.get_consultation, ENTER)
def enter(request, consultation):
    sections = list(Section.objects.filter(consultation=consultation, is_removed=False)
                    .prefetch_related("paragraphs").order_by("position", "id"))
    form = kept_form(request, lambda data=None, **kw: OfflineForm(data, sections=sections, **kw))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = analysis.enter_offline(
                actor=request.user, consultation=consultation, channel=data["channel"],
                received_on=data["received_on"], respondent_type=data["respondent_type"],
                display_name=data["display_name"].strip(), organisation_name=data["organisation_name"].strip(),
                organisation_type=data["organisation_type"], consent=data["consent"],
                signature_count=data["signature_count"],
                comments=[analysis.OfflineComment(s, p, text) for s, p, text in data["comments"]])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Response {response.public_id} entered.")
            return redirect(_url("response_detail", consultation, response_id=response.pk))
    return render(request, "consultations/analysis/enter.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form,
        "cancel_url": _url("responses", consultation),
        "crumbs": _crumbs(request, consultation, ("Responses", _url("responses", consultation)),
                          ("Enter a response", "")),
    }, status=400 if form.errors else 200)
