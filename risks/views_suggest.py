"""Suggesting a risk (any contributor who sees the register: risks.suggest_register), the
suggester's own list, and the keepers' triage: the suggestions waiting, and accept, merge or
decline for each (risks.triage_risk). A suggestion is seen only by its suggester and the
register's keepers until it is accepted (risks.policies)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.views import attempt, crumbs, workspace_view
from workspaces.lib.pagination import paginate

from . import selectors, services, services_triage
from .forms_import import SuggestForm, TriageForm
from .models import Risk, Status, VersionKind

VIEW = "risks.view_register"


def _url(register, name):
    return reverse(f"risks:{name}", kwargs={"workspace": register.workspace.slug, "pk": register.pk})


def _crumbs(request, register, *trail):
    return crumbs(request, (register.title, register.get_absolute_url()), *trail)


@workspace_view(VIEW)
@keeps_text
def suggest(request, pk):
    register = selectors.get_register(request.user, request.workspace, pk, perm="risks.suggest_register")
    form = kept_form(request, lambda data=None, **kwargs: SuggestForm(data, register=register, **kwargs))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        risk = attempt(form, lambda: services.risk_suggest(
            actor=request.user, register=register, title=data["title"], cause=data["cause"], event=data["event"],
            impact=data["impact"], category=data["category"]))
        if risk is not None:
            messages.success(request, f"Thank you: your suggestion {risk.reference} “{risk.title}” is waiting for the "
                                      "register's keepers to accept, merge or decline it. Only you and they can see it "
                                      "until then.")
            return redirect(_url(register, "my_suggestions"))
    return render(request, "risks/suggest.html", {
        "workspace": request.workspace, "register": register, "form": form,
        "cancel_url": register.get_absolute_url(), "crumbs": _crumbs(request, register, ("Suggest a risk", "")),
    })


@workspace_view(VIEW)
def my_suggestions(request, pk):
    register = selectors.get_register(request.user, request.workspace, pk, perm="risks.suggest_register")
    # Their suggestions: the risks whose first version is a suggestion (one row each).
    found = (Risk.objects.filter(register=register, created_by=request.user.pk, versions__number=1,
                                 versions__kind=VersionKind.PROPOSED)
             .select_related("merged_into").order_by("-created_at", "-id"))
    page = paginate(request, found)
    for risk in page.object_list:
        risk.register = register
        risk.workspace = register.workspace
    return render(request, "risks/suggestions.html", {
        "workspace": request.workspace, "register": register, "page_obj": page, "mine": True,
        "suggest_url": _url(register, "suggest"), "crumbs": _crumbs(request, register, ("My suggestions", "")),
    })


@workspace_view(VIEW)
def suggestions(request, pk):
    register = selectors.get_register(request.user, request.workspace, pk, perm="risks.write_register")
    found = (Risk.objects.filter(register=register, status=Status.PROPOSED)
             .select_related("created_by", "category").order_by("created_at", "id"))
    page = paginate(request, found)
    for risk in page.object_list:
        risk.register = register
        risk.workspace = register.workspace
        risk.triage_url = reverse("risks:triage", kwargs={"workspace": register.workspace.slug,
                                                          "register": register.pk, "number": risk.number})
    return render(request, "risks/suggestions.html", {
        "workspace": request.workspace, "register": register, "page_obj": page, "mine": False,
        "crumbs": _crumbs(request, register, ("Suggestions waiting", "")),
    })


@workspace_view(VIEW)
@keeps_text
def triage(request, register, number):
    # The register first: only its keepers go further (the same refusal whatever the suggestion is).
    register = selectors.get_register(request.user, request.workspace, register, perm="risks.write_register")
    risk = selectors.get_risk(request.user, request.workspace, register.pk, number, perm="risks.triage_risk")
    risk.register = register
    form = kept_form(request, lambda data=None, **kwargs: TriageForm(data, risk=risk, **kwargs),
                     initial={"category": risk.category_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = data["decision"]
        if decision == "accept":
            done = attempt(form, lambda: services_triage.accept(
                actor=request.user, risk=risk, scores=form.scores(), owner=data["owner_user"],
                category=data["category"]))
            told = "accepted: it is now open in the register"
        elif decision == "merge":
            done = attempt(form, lambda: services_triage.merge(actor=request.user, risk=risk, into=data["into_risk"],
                                                               reason=data["reason"]))
            told = f"merged into {data['into_risk'].reference}" if data.get("into_risk") else "merged"
        else:
            done = attempt(form, lambda: services_triage.decline(actor=request.user, risk=risk, reason=data["reason"]))
            told = "declined"
        if done is not None:
            messages.success(request, f"Suggestion {risk.reference} “{risk.title}” {told}. "
                                      "The person who suggested it has been told.")
            return redirect(_url(register, "suggestions"))
    return render(request, "risks/triage.html", {
        "workspace": request.workspace, "register": register, "risk": risk, "form": form,
        "cancel_url": _url(register, "suggestions"),
        "crumbs": _crumbs(request, register, ("Suggestions waiting", _url(register, "suggestions")),
                          (f"Triage {risk.reference}", "")),
    })
