"""The lifecycle part's pages: "Status and dates" (manage) — the stage in words, the dates, the
period check, the "response expected by" date, what happens next and the actions allowed now —
and the actions themselves: publish, withdraw, extend the close date, start the analysis.

manage is for whoever may analyse the consultation (its staff; read-only in an archived
workspace); every action is decided by consultations.change_consultation. Each action is a
plain POST form on the manage page; publish and extend also have a page of their own, where a
refused POST comes back with the error next to its field and everything typed kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workspaces import permissions
from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.lifecycles import site_time
from workspaces.kit.views import attempt, crumbs, with_item, workspace_view

from . import periods, selectors, staff
from .forms_lifecycle import ExtendForm, PublishForm
from .models import Paragraph

CHANGE = "consultations.change_consultation"
ANALYSE = "consultations.analyse_consultation"
VIEW = "consultations.view_consultation"


def _url(consultation, name):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk})


def _crumbs(request, consultation, *trail):
    return crumbs(request, (consultation.title, _url(consultation, "consultation")), *trail)


def _publish_blocked(consultation):
    """Why it cannot be published yet, in words ("" when it can)."""
    if consultation.opens_at is None or consultation.closes_at is None:
        return "Set when the consultation opens and closes (in its settings) before publishing it."
    if not Paragraph.objects.filter(consultation=consultation).exists():
        return "Add at least one section with text to the document before publishing."
    return ""


def _facts(user, consultation, now):
    """What the manage page and the action pages say of the consultation."""
    stage = consultation.stage(now)
    return {
        "stage": stage,
        "next": staff.next_steps(consultation, now),
        "problems": periods.problems(consultation.opens_at, consultation.closes_at),
        "overdue": consultation.is_overdue(timezone.localdate(now)),
        "min_weeks": periods.min_weeks(),
        "may_change": permissions.can(user, CHANGE, consultation),
    }


@workspace_view(VIEW)
@with_item(selectors.get_consultation, ANALYSE)
def manage(request, consultation):
    now = timezone.now()
    facts = _facts(request.user, consultation, now)
    context = {
        "workspace": request.workspace, "consultation": consultation, **facts,
        "publish_form": PublishForm(flagged=facts["problems"]) if "publish" in facts["next"].actions else None,
        "publish_blocked": _publish_blocked(consultation) if "publish" in facts["next"].actions else "",
        "extend_form": ExtendForm() if "extend" in facts["next"].actions else None,
        "crumbs": _crumbs(request, consultation, ("Status and dates", "")),
    }
    return render(request, "consultations/lifecycle/manage.html", context)


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
@keeps_text
def publish(request, consultation):
    now = timezone.now()
    facts = _facts(request.user, consultation, now)
    if "publish" not in facts["next"].actions:
        messages.info(request, f"“{consultation.title}” is already published ({facts['stage'].label.lower()}).")
        return redirect(_url(consultation, "manage"))
    flagged = facts["problems"]
    form = kept_form(request, lambda data=None, **kwargs: PublishForm(data, flagged=flagged, **kwargs))
    if request.method == "POST" and form.is_valid():
        done = attempt(form, lambda: staff.publish(actor=request.user, consultation=consultation,
                                                   reason=form.cleaned_data["period_reason"]))
        if done is not None:
            stage = done.stage()
            said = (f"It opens for responses on {site_time(done.opens_at)}." if stage == "scheduled"
                    else f"It is open for responses until {site_time(done.closes_at)}.")
            messages.success(request, f"“{done.title}” is published. {said}")
            return redirect(_url(consultation, "manage"))
        if "period_reason" in form.errors:
            form.show_reason()  # the dates changed meanwhile, and now the check finds something
    return render(request, "consultations/lifecycle/publish.html", {
        "workspace": request.workspace, "consultation": consultation, **facts, "form": form,
        "blocked": _publish_blocked(consultation), "cancel_url": _url(consultation, "manage"),
        "crumbs": _crumbs(request, consultation, ("Status and dates", _url(consultation, "manage")),
                          ("Publish", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
@keeps_text
def extend(request, consultation):
    now = timezone.now()
    facts = _facts(request.user, consultation, now)
    if "extend" not in facts["next"].actions:
        messages.error(request, staff.EXTEND_NOT_LIVE)
        return redirect(_url(consultation, "manage"))
    form = kept_form(request, lambda data=None, **kwargs: ExtendForm(data, **kwargs))
    new_problems = []
    if request.method == "POST" and form.is_valid():
        closes_at = form.cleaned_data["closes_at"]
        new_problems = periods.problems(consultation.opens_at, closes_at)
        done = attempt(form, lambda: staff.extend(actor=request.user, consultation=consultation, closes_at=closes_at,
                                                  reason=form.cleaned_data["reason"], now=now))
        if done is not None:
            messages.success(request, f"“{done.title}” now closes on {site_time(done.closes_at)}. Respondents "
                                      f"are told; the response is expected by {done.response_due_on:%-d %B %Y}.")
            return redirect(_url(consultation, "manage"))
    return render(request, "consultations/lifecycle/extend.html", {
        "workspace": request.workspace, "consultation": consultation, **facts, "form": form,
        "new_problems": new_problems, "cancel_url": _url(consultation, "manage"),
        "crumbs": _crumbs(request, consultation, ("Status and dates", _url(consultation, "manage")),
                          ("Extend the close date", "")),
    })


def _act(request, consultation, act, done):
    try:
        result = act(actor=request.user, consultation=consultation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done.format(title=result.title))
    return redirect(_url(consultation, "manage"))


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
@require_POST
def withdraw(request, consultation):
    return _act(request, consultation, staff.withdraw,
                "“{title}” is withdrawn: it is a draft again, seen only by whoever runs it.")


@workspace_view(VIEW)
@with_item(selectors.get_consultation, CHANGE)
@require_POST
def start_analysis(request, consultation):
    return _act(request, consultation, staff.start_analysis,
                "The analysis of “{title}” has started.")
