"""One risk: its page (scores with their bands in words, controls, actions, acceptances, the
timeline), adding and editing it, moving its status, reviewing it, its controls and actions,
and its formal acceptance.

Every view: @workspace_view, then the register or the risk through the selectors (require()),
with the action the policy decides (risks.policies): `risks.write_register` to add,
`risks.change_risk` for the rest, `risks.approve_risk` for the acceptance. Plain POST forms;
nothing needs JavaScript. A service's refusal comes back next to its field, with what was typed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.selectors import number_or_404
from workspaces.kit.services import ChangedMeanwhile
from workspaces.kit.views import attempt, changed_form, confirmed, crumbs, workspace_view

from . import selectors, services_risk, timeline
from .actions import risk_actions
from .forms_risk import (
    AcceptForm,
    ActionForm,
    ControlForm,
    EndAcceptanceForm,
    MoveForm,
    ReviewForm,
    RiskForm,
    moves_from,
)
from .models import SCORES, Action, Control

VIEW = "risks.view_register"
CHANGE = "risks.change_risk"
APPROVE = "risks.approve_risk"
TIMELINE_LENGTH = 100  # the newest changes shown on the page
SCORE_NAMES = {"inherent": "Inherent", "current": "Current", "target": "Target"}


def _risk(request, register, number, perm="risks.view_risk"):
    return selectors.get_risk(request.user, request.workspace, number_or_404(register), number_or_404(number),
                              perm=perm)


def _crumbs(request, risk, *trail):
    register = risk.register
    return crumbs(request, (register.title, register.get_absolute_url()),
                  (f"{risk.reference} {risk.title}", risk.get_absolute_url() if trail else ""), *trail)


def _page(request, template, risk, title, **context):
    return render(request, template, {"workspace": request.workspace, "risk": risk, "heading": title,
                                      "cancel_url": risk.get_absolute_url(),
                                      "crumbs": _crumbs(request, risk, (title, "")), **context})


# --- The page --------------------------------------------------------------------------------------


def scores_of(risk, matrix):
    """The three scores as the page writes them: each part with its label, the score with its band."""
    rows = []
    for name in SCORES:
        likelihood, impact = getattr(risk, f"{name}_likelihood"), getattr(risk, f"{name}_impact")
        score = getattr(risk, f"{name}_score")
        band = matrix.band(score)
        rows.append({"name": SCORE_NAMES[name], "key": name, "likelihood": likelihood, "impact": impact,
                     "likelihood_label": matrix.likelihood_label(likelihood) if likelihood else "",
                     "impact_label": matrix.impact_label(impact) if impact else "", "score": score, "band": band,
                     "outside": name == "current" and risk.outside_appetite})
    return rows


@workspace_view(VIEW)
def risk(request, register, number):
    found = _risk(request, register, number)
    matrix = found.register.matrix()
    today = timezone.localdate()
    controls = list(found.controls.select_related("owner"))
    actions = list(found.actions.select_related("owner"))
    for action in actions:
        action.overdue = action.done_at is None and action.due_on is not None and action.due_on < today
    acceptances = list(found.acceptances.select_related("approver"))
    live = next((acceptance for acceptance in acceptances if acceptance.ended_at is None), None)
    versions = list(found.versions.select_related("by").order_by("-number")[:TIMELINE_LENGTH + 1])
    versions.reverse()
    before = versions.pop(0) if len(versions) > TIMELINE_LENGTH else None
    entries = timeline.entries(versions, matrix, before=before)
    entries.reverse()
    actions_offered = risk_actions(request.user, found, accepted=live is not None)
    return render(request, "risks/risk.html", {
        "workspace": request.workspace, "risk": found, "item": found, "register": found.register,
        "matrix": matrix, "scores": scores_of(found, matrix), "controls": controls, "risk_actions": actions,
        "acceptance": live, "past_acceptances": [a for a in acceptances if a is not live],
        "timeline": entries, "timeline_cut": before is not None, "timeline_length": TIMELINE_LENGTH,
        "actions": actions_offered, "may_change": actions_offered.primary is not None,
        "review_overdue": found.is_live and found.review_by is not None and found.review_by <= today,
        "today": today, "crumbs": crumbs(request, (found.register.title, found.register.get_absolute_url()),
                                         (found.reference, "")),
    })


# --- Adding, editing -------------------------------------------------------------------------------


@workspace_view(VIEW)
@keeps_text
def add(request, register):
    workspace = request.workspace
    found = selectors.get_register(request.user, workspace, number_or_404(register), perm="risks.write_register")

    def make_form(data=None, **kwargs):
        return RiskForm(data, register=found, workspace=workspace, **kwargs)

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        saved = attempt(form, lambda: services_risk.create(actor=request.user, register=found, **data))
        if saved is not None:
            saved.workspace = workspace
            messages.success(request, f"Risk {saved.reference} “{saved.title}” added.")
            return redirect(saved)
    return render(request, "risks/risk_form.html", {
        "workspace": workspace, "form": form, "register": found, "cancel_url": found.get_absolute_url(),
        "crumbs": crumbs(request, (found.title, found.get_absolute_url()), ("New risk", "")),
    })


@workspace_view(VIEW)
@keeps_text
def edit_risk(request, register, number):
    workspace = request.workspace
    found = _risk(request, register, number, CHANGE)

    def make_form(data=None, current=None, **kwargs):
        return RiskForm(data, register=found.register, workspace=workspace, risk=current or found, **kwargs)

    form = kept_form(request, make_form)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            saved = attempt(form, lambda: services_risk.update(
                actor=request.user, risk=found, base_version=form.cleaned_data.get("base_version"), **data))
        except ChangedMeanwhile as exc:
            exc.state = exc.current.version  # the form's hidden base_version, now the saved one
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="this risk", field="base_version")
        if saved is not None:
            messages.success(request, f"Risk {found.reference} saved.")
            return redirect(found)
    return render(request, "risks/risk_form.html", {
        "workspace": workspace, "form": form, "register": found.register, "risk": found, "changed": changed,
        "changed_scores": scores_of(changed.current, found.register.matrix()) if changed else None,
        "cancel_url": found.get_absolute_url(), "crumbs": _crumbs(request, found, ("Edit", "")),
    })


# --- Status, review --------------------------------------------------------------------------------


@workspace_view(VIEW)
@keeps_text
def move(request, register, number):
    found = _risk(request, register, number, CHANGE)
    form = kept_form(request, lambda data=None, **kwargs: MoveForm(data, risk=found, **kwargs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services_risk.moved(actor=request.user, risk=found, to=data["to"],
                                                          reason=data.get("reason", "")))
        if saved is not None:
            messages.success(request, f"Risk {found.reference} is now {saved.get_status_display().lower()}.")
            return redirect(found)
    return _page(request, "risks/move.html", found, "Change status", form=form,
                 no_moves=not moves_from(found.status))


@workspace_view(VIEW)
@keeps_text
def review(request, register, number):
    found = _risk(request, register, number, CHANGE)
    form = kept_form(request, lambda data=None, **kwargs: ReviewForm(data, risk=found, **kwargs))
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        saved = attempt(form, lambda: services_risk.review(actor=request.user, risk=found, **data))
        if saved is not None:
            messages.success(request, f"Risk {found.reference} reviewed. Next review by "
                                      f"{saved.review_by.day} {saved.review_by:%B %Y}.")
            return redirect(found)
    return _page(request, "risks/review.html", found, "Review the risk", form=form)


# --- Controls --------------------------------------------------------------------------------------


def _control(risk, pk):
    return get_object_or_404(Control.objects.select_related("owner"), risk=risk, pk=number_or_404(pk))


@workspace_view(VIEW)
@keeps_text
def add_control(request, register, number):
    found = _risk(request, register, number, CHANGE)
    form = kept_form(request, lambda data=None, **kwargs: ControlForm(data, workspace=request.workspace, **kwargs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services_risk.control_add(actor=request.user, risk=found, **data))
        if saved is not None:
            messages.success(request, f"Control added to {found.reference}.")
            return redirect(found)
    return _page(request, "risks/control_form.html", found, "Add a control", form=form)


@workspace_view(VIEW)
@keeps_text
def edit_control(request, register, number, control):
    found = _risk(request, register, number, CHANGE)
    control = _control(found, control)
    initial = {"description": control.description, "kind": control.kind,
               "owner": control.owner.email if control.owner else ""}
    form = kept_form(request, lambda data=None, **kwargs: ControlForm(data, workspace=request.workspace, **kwargs),
                     initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services_risk.control_update(actor=request.user, control=control, **data))
        if saved is not None:
            messages.success(request, f"Control of {found.reference} saved.")
            return redirect(found)
    return _page(request, "risks/control_form.html", found, "Edit the control", form=form, control=control)


@workspace_view(VIEW)
def remove_control(request, register, number, control):
    found = _risk(request, register, number, CHANGE)
    control = _control(found, control)
    done, problem = confirmed(request, lambda: services_risk.control_remove(actor=request.user, control=control))
    if done:
        messages.success(request, f"Control removed from {found.reference}.")
        return redirect(found)
    return _page(request, "risks/confirm.html", found, "Remove the control", problem=problem,
                 question=f"Remove the control “{control.description}”? The current score no longer cites it; the "
                          "timeline keeps that it was there.", button="Remove the control", danger=True)


# --- Actions ---------------------------------------------------------------------------------------


def _action(risk, pk):
    return get_object_or_404(Action.objects.select_related("owner"), risk=risk, pk=number_or_404(pk))


@workspace_view(VIEW)
@keeps_text
def add_action(request, register, number):
    found = _risk(request, register, number, CHANGE)
    form = kept_form(request, lambda data=None, **kwargs: ActionForm(data, workspace=request.workspace, **kwargs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services_risk.action_add(actor=request.user, risk=found, **data))
        if saved is not None:
            messages.success(request, f"Action added to {found.reference}.")
            return redirect(found)
    return _page(request, "risks/action_form.html", found, "Add an action", form=form)


@workspace_view(VIEW)
def action_done(request, register, number, action):
    found = _risk(request, register, number, CHANGE)
    action = _action(found, action)
    done, problem = confirmed(request, lambda: services_risk.action_done(actor=request.user, action=action))
    if done:
        messages.success(request, f"Action “{action.description}” marked done.")
        return redirect(found)
    return _page(request, "risks/confirm.html", found, "Mark the action done", problem=problem,
                 question=f"Mark “{action.description}” done? Its owner is no longer reminded of it.",
                 button="Mark it done")


@workspace_view(VIEW)
def action_reopen(request, register, number, action):
    found = _risk(request, register, number, CHANGE)
    action = _action(found, action)
    done, problem = confirmed(request, lambda: services_risk.action_reopen(actor=request.user, action=action))
    if done:
        messages.success(request, f"Action “{action.description}” reopened.")
        return redirect(found)
    return _page(request, "risks/confirm.html", found, "Reopen the action", problem=problem,
                 question=f"Reopen “{action.description}”? It counts as not done again.", button="Reopen it")


# --- Formal acceptance -----------------------------------------------------------------------------


@workspace_view(VIEW)
@keeps_text
def accept(request, register, number):
    found = _risk(request, register, number, APPROVE)
    form = kept_form(request, lambda data=None, **kwargs: AcceptForm(data, **kwargs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(form, lambda: services_risk.accepted(actor=request.user, risk=found,
                                                             justification=data.get("justification", ""),
                                                             review_by=data.get("review_by")))
        if saved is not None:
            messages.success(request, f"Risk {found.reference} accepted (tolerated) until "
                                      f"{saved.review_by.day} {saved.review_by:%B %Y}.")
            return redirect(found)
    return _page(request, "risks/accept.html", found, "Accept the risk formally", form=form,
                 acceptance=services_risk.live_acceptance(found), scores=scores_of(found, found.register.matrix()))


@workspace_view(VIEW)
@keeps_text
def end_acceptance(request, register, number):
    found = _risk(request, register, number, APPROVE)
    live = services_risk.live_acceptance(found)
    form = kept_form(request, lambda data=None, **kwargs: EndAcceptanceForm(data, **kwargs))
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services_risk.acceptance_end(actor=request.user, risk=found,
                                                                   reason=form.cleaned_data["reason"]))
        if saved is not None:
            messages.success(request, f"The acceptance of {found.reference} has ended.")
            return redirect(found)
    return _page(request, "risks/end_acceptance.html", found, "End the acceptance", form=form, acceptance=live)
