"""The publishing part's pages: the per-part publishing decisions and redactions (staff), the
"Publish responses" switch, the published responses, the outcome's editors, publishing the
outcome, "We asked, you said, we did", and the workspace's list of past outcomes.

Deciding is `consultations.publish_consultation` (decided as change); analysts may read the
publishing list (`analyse`). The published pages are for whoever may
`responses_consultation` / `outcome_consultation`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from workspaces import permissions
from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.views import attempt, confirmed, crumbs, with_item, workspace_view

from . import outcome as outcomes
from . import publishing, selectors
from .counts import totals
from .forms_publishing import (
    DecideForm,
    OutcomeForm,
    PartsFilter,
    RedactForm,
    ResponsesPublishedForm,
    SectionOutcomeForm,
    SectionPick,
)
from .models import CommentKind, Option, Section

VIEW = "consultations.view_consultation"
ANALYSE = "consultations.analyse_consultation"
PUBLISH = "consultations.publish_consultation"
RESPONSES = "consultations.responses_consultation"  # the published responses
OUTCOME = "consultations.outcome_consultation"


def _url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                     **kwargs})


def _trail(request, consultation, label):
    return crumbs(request, (consultation.title, consultation.get_absolute_url()), (label, ""))


def _back(request, default):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _sections(consultation):
    return list(consultation.sections.filter(is_removed=False).order_by("position", "id"))


def _part_or_404(consultation, kind, part):
    found = publishing.part_of(consultation, kind, part)
    if found is None:
        raise Http404("No such part to publish.")
    return found


# --- Staff: the decisions -------------------------------------------------------------------------


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def publishing_page(request, consultation):
    sections = _sections(consultation)
    form = PartsFilter(request.GET or None, sections=sections)
    what, state, section = form.chosen() if request.GET else ("comments", "pending", None)
    if what == "answers":
        parts = publishing.free_text(publishing.publishable_answers(consultation)).filter(publish_state=state)
        if section:
            parts = parts.filter(question__section_id=section)
        parts = parts.select_related("question", "response")
    else:
        parts = publishing.publishable_comments(consultation).filter(publish_state=state)
        if section:
            parts = parts.filter(section_id=section)
        parts = parts.select_related("section", "paragraph", "response")
    page = keyset_page(request, parts, ("id",))
    if page is None:
        return redirect(first_page_url(request))
    kind = publishing.ANSWER if what == "answers" else publishing.COMMENT
    return render(request, "consultations/publishing/publishing.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form, "page_obj": page,
        "kind": kind, "state": state, "may_decide": permissions.can(request.user, PUBLISH, consultation),
        "here": request.get_full_path(), "crumbs": _trail(request, consultation, "Publishing"),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, PUBLISH)
@require_POST
def publish_decide(request, consultation, kind, part):
    _part_or_404(consultation, kind, part)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Approve or Reject.")
        return redirect(_back(request, _url("publishing", consultation)))
    state = form.cleaned_data["state"]
    try:
        publishing.decide(actor=request.user, consultation=consultation, kind=kind, pk=part, state=state)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, {"approved": "Approved for publication.", "rejected": "Rejected: it will not be "
                                   "published."}.get(state, "Set back to waiting for a decision."))
    return redirect(_back(request, _url("publishing", consultation)))


@workspace_view(VIEW)
@with_item(selectors.get_consultation, PUBLISH)
@keeps_text
def redact(request, consultation, kind, part):
    found = _part_or_404(consultation, kind, part)
    suggestion = kind == publishing.COMMENT and found.kind == CommentKind.SUGGESTION

    def make_form(data=None, **kwargs):
        return RedactForm(data, suggestion=suggestion, **kwargs)

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(form, lambda: publishing.redact(
            actor=request.user, consultation=consultation, kind=kind, pk=part, span=data["span"],
            reason=data["reason"], field=data.get("field") or publishing.BODY))
        if done is not None:
            messages.success(request, "Taken out: the published text shows “[redacted]” there.")
            return redirect(_url("redact", consultation, kind=kind, part=part))
        found = _part_or_404(consultation, kind, part)
    return render(request, "consultations/publishing/redact.html", {
        "workspace": request.workspace, "consultation": consultation, "part": found, "kind": kind,
        "texts": publishing.texts_of(found), "redactions": found.redactions.select_related("created_by"),
        "form": form, "cancel_url": _url("publishing", consultation),
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()),
                         ("Publishing", _url("publishing", consultation)), ("Redact", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, PUBLISH)
@require_POST
def publish_responses(request, consultation):
    form = ResponsesPublishedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether responses are published.")
    else:
        on = form.cleaned_data["published"]
        publishing.set_responses_published(actor=request.user, consultation=consultation, published=on)
        messages.success(request, "Responses are published: the approved parts of responses whose authors agreed."
                         if on else "Responses are no longer published.")
    return redirect(_url("publishing", consultation))


# --- The published responses ------------------------------------------------------------------------


def _with_parts(consultation, responses, section=None):
    comments = publishing.published_comments(consultation).select_related("section", "paragraph")
    if section is not None:
        comments = comments.filter(section=section)
    answers = publishing.published_answers(consultation).select_related("question").order_by(
        "question__position", "question_id", "id")
    return responses.prefetch_related(Prefetch("comments", queryset=comments, to_attr="shown_comments"),
                                      Prefetch("answers", queryset=answers, to_attr="shown_answers"))


def _option_labels(consultation):
    return {(q, code): label for q, code, label in
            Option.objects.filter(question__consultation=consultation).values_list("question_id", "code", "label")}


def _label_answers(responses, labels):
    for response in responses:
        for answer in response.shown_answers:
            answer.shown = answer.published_text if answer.text else labels.get((answer.question_id, answer.choice),
                                                                               answer.choice)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, RESPONSES)
def published(request, consultation):
    sections = _sections(consultation)
    pick = SectionPick(request.GET or None, sections=sections)
    chosen = pick.cleaned_data.get("section") if request.GET and pick.is_valid() else None
    section = next((s for s in sections if s.pk == chosen), None)
    found = _with_parts(consultation, publishing.published_responses(consultation, section), section)
    page = keyset_page(request, found, ("submitted_at", "id"), descending=True)
    if page is None:
        return redirect(first_page_url(request))
    _label_answers(page.object_list, _option_labels(consultation))
    return render(request, "consultations/publishing/published.html", {
        "workspace": request.workspace, "consultation": consultation, "page_obj": page, "pick": pick,
        "section": section, "totals": totals(consultation),
        "crumbs": _trail(request, consultation, "Published responses"),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, RESPONSES)
def published_response(request, consultation, public_id):
    found = _with_parts(consultation, publishing.published_responses(consultation).filter(public_id=public_id))
    response = found.first()
    if response is None:
        raise Http404("No such published response.")
    _label_answers([response], _option_labels(consultation))
    return render(request, "consultations/publishing/published_response.html", {
        "workspace": request.workspace, "consultation": consultation, "response": response,
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()),
                         ("Published responses", _url("published", consultation)), (response.public_id, "")),
    })


# --- The outcome: editing, publishing, reading ---------------------------------------------------------


@workspace_view(VIEW)
@with_item(selectors.get_consultation, PUBLISH)
@keeps_text
def outcome_edit(request, consultation):
    def make_form(data=None, initial=None, **kwargs):
        return OutcomeForm(data, initial=initial or {"outcome_summary": consultation.outcome_summary,
                                                     "loaded_version": consultation.version})

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(form, lambda: outcomes.save_summary(
            actor=request.user, consultation=consultation, summary=data["outcome_summary"],
            base_version=data["loaded_version"]))
        if done is not None:
            messages.success(request, "“What we did” saved.")
            return redirect(_url("outcome_edit", consultation))
        consultation.refresh_from_db()
    return render(request, "consultations/publishing/outcome_edit.html", {
        "workspace": request.workspace, "consultation": consultation, "form": form,
        "sections": _sections(consultation), "may_publish": outcomes.may_publish(consultation),
        "cancel_url": consultation.get_absolute_url(), "crumbs": _trail(request, consultation, "Outcome"),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, PUBLISH)
@keeps_text
def outcome_section(request, consultation, section):
    current = Section.objects.filter(consultation=consultation, pk=section, is_removed=False).first()
    if current is None:
        raise Http404("No such section.")
    paragraphs = list(current.paragraphs.order_by("number"))
    quotable = list(outcomes.quotable_comments(consultation, current).select_related("response"))
    initial = {"response_text": current.response_text, "changes_text": current.changes_text,
               "quoted": [c.pk for c in quotable if c.quoted], "loaded_version": consultation.version,
               **{f"final_{p.pk}": p.final_text or p.text for p in paragraphs}}

    def make_form(data=None, initial=initial, **kwargs):
        return SectionOutcomeForm(data, initial=initial, paragraphs=paragraphs, quotable=quotable)

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(form, lambda: outcomes.save_section(
            actor=request.user, consultation=consultation, section=current, response_text=data["response_text"],
            changes_text=data["changes_text"], final_texts=form.final_texts(), quoted=data["quoted"],
            base_version=data["loaded_version"]))
        if done is not None:
            messages.success(request, f"The outcome for section {current.number} saved.")
            return redirect(_url("outcome_edit", consultation))
    return render(request, "consultations/publishing/outcome_section.html", {
        "workspace": request.workspace, "consultation": consultation, "section": current, "form": form,
        "cancel_url": _url("outcome_edit", consultation),
        "crumbs": crumbs(request, (consultation.title, consultation.get_absolute_url()),
                         ("Outcome", _url("outcome_edit", consultation)), (f"Section {current.number}", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, PUBLISH)
def publish_outcome(request, consultation):
    done, problem = confirmed(request, lambda: outcomes.publish_outcome(actor=request.user, consultation=consultation))
    if done:
        messages.success(request, "The outcome is published. Respondents who asked to hear are being emailed.")
        return redirect(_url("outcome", consultation))
    return render(request, "consultations/publishing/publish_outcome.html", {
        "workspace": request.workspace, "consultation": consultation, "problem": problem,
        "notify": outcomes.opted_in(consultation).count(), "cancel_url": _url("outcome_edit", consultation),
        "crumbs": _trail(request, consultation, "Publish the outcome"),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, OUTCOME)
def outcome_page(request, consultation):
    return render(request, "consultations/publishing/outcome.html", {
        "workspace": request.workspace, "consultation": consultation, "totals": totals(consultation),
        "sections": outcomes.sections_of(consultation), "days": consultation.days_to_outcome(),
        "late": outcomes.later_than_expected(consultation),
        "crumbs": _trail(request, consultation, "We asked, you said, we did"),
    })


@workspace_view(VIEW)
def outcomes_list(request):
    found = outcomes.past_outcomes(request.user, request.workspace)
    page = keyset_page(request, found, ("outcome_published_at", "id"), descending=True)
    if page is None:
        return redirect(first_page_url(request))
    said = outcomes.totals_for(page.object_list)
    for consultation in page.object_list:
        consultation.workspace = request.workspace
        consultation.totals = said[consultation.pk]
    return render(request, "consultations/publishing/outcomes.html", {
        "workspace": request.workspace, "page_obj": page, "crumbs": crumbs(request, ("Outcomes", "")),
    })
