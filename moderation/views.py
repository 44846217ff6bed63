"""The moderation pages: the generic report form (any moderatable item), the workspace's queue
with its settings, and one item's page where a moderator acts. Every object through the
permission layer; every rule in policies.py."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.moderation import Action
from workspaces.kit.views import attempt
from workspaces.lib.pagination import paginate
from workspaces.permissions import NOT_FOUND, can
from workspaces.permissions.decorators import workspace_view

from . import selectors, services
from .forms import HideForm, ReportForm, SettingsForm
from .models import ModerationSettings
from .policies import declared_for, moderatable_models, moderate_decision, report_decision


def _crumbs(request, *trail):
    workspace = request.workspace
    return [(workspace.name, reverse("workspace_home", args=[workspace.slug])), *trail]


def _item(request, type_id, pk):
    """The moderatable item of this workspace the URL names (404 for anything else)."""
    try:
        model = ContentType.objects.get_for_id(type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("Not found.") from None
    if model is None or model not in moderatable_models():
        raise Http404("Not found.")
    related = [name for name in ("workspace", "author") if hasattr(model, name)]
    item = model._default_manager.select_related(*related).filter(workspace=request.workspace, pk=pk).first()
    if item is None:
        raise Http404("Not found.")
    item.workspace = request.workspace
    return item


def _require(decision):
    if not decision.allowed:
        if decision.reason == NOT_FOUND:
            raise Http404("Not found.")
        raise PermissionDenied(decision.reason)


def _label(item):
    """"comment 12 by Ana": unique on a page of several."""
    author = item.author.name if item.author_id and item.author else "a former member"
    return f"{services.label_of(item)} by {author}"


@workspace_view("workspaces.view_workspace")
@keeps_text
def report(request, type_id, pk):
    item = _item(request, type_id, pk)
    _require(report_decision(request.user, item))
    form = kept_form(request, lambda data=None, **kwargs: ReportForm(data, **kwargs))
    if request.method == "POST" and form.is_valid():
        done = attempt(form, lambda: services.report(actor=request.user, item=item, **form.cleaned_data))
        if done is not None:
            messages.success(request, "Thank you for telling us. The workspace's moderators will look at it.")
            return redirect(item.get_absolute_url())
    noun = declared_for(item).noun
    return render(request, "moderation/report.html", {
        "workspace": request.workspace, "item": item, "noun": noun, "form": form,
        "excerpt": services.excerpt_of(item), "label": _label(item),
        "crumbs": _crumbs(request, (f"Report a {noun}", "")),
    })


@workspace_view("moderation.moderate_workspace")
def queue(request):
    workspace, access = request.workspace, request.access
    manages = can(request.user, "workspaces.change_workspace", workspace)
    current = ModerationSettings.objects.filter(workspace=workspace).first()
    initial = {"premoderate": bool(current and current.premoderate), "moderators_team": workspace.moderators_team_id,
               "hide_after_reports": workspace.hide_after_reports}
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("Only managers of this workspace can change how it is moderated.")
        settings_form = SettingsForm(request.POST, workspace=workspace, initial=initial)
        if settings_form.is_valid():
            services.settings_save(actor=request.user, workspace=workspace, **settings_form.cleaned_data)
            messages.success(request, "Moderation settings saved.")
            return redirect("moderation:queue", workspace.slug)
    else:
        settings_form = SettingsForm(workspace=workspace, initial=initial) if manages else None
    show = request.GET.get("show", "")
    show = show if show in selectors.FILTERS else ""
    page = paginate(request, selectors.queue(access, show))
    page.object_list = selectors.attach(page.object_list)
    return render(request, "moderation/queue.html", {
        "workspace": workspace, "page_obj": page, "settings_form": settings_form, "show": show,
        "filters": [(key, label) for key, (label, _) in selectors.FILTERS.items()],
        "crumbs": _crumbs(request, ("Moderation", "")),
    })


MESSAGES = {
    Action.APPROVE: "Approved: everyone can read it now.",
    Action.HIDE: "Hidden. Its author has been told why.",
    Action.RESTORE: "Shown again.",
    Action.DISMISS: "Reports dismissed: it stays as it is.",
}


@workspace_view("moderation.moderate_workspace")
@keeps_text
def item(request, type_id, pk):
    item = _item(request, type_id, pk)
    _require(moderate_decision(request.user, item))
    action = request.POST.get("action", "")
    hiding = action == Action.HIDE
    form = kept_form(request, lambda data=None, **kwargs: HideForm(data, **kwargs),
                     initial={"reason": item.hidden_reason})
    if request.method == "POST" and not hiding:
        form = HideForm(initial={"reason": item.hidden_reason})  # the reason is asked only when hiding
        form.cleaned_data = {}
    if request.method == "POST" and (not hiding or form.is_valid()):
        reason = form.cleaned_data.get("reason", "") if hiding else ""
        done = attempt(form, lambda: services.moderate(actor=request.user, item=item, action=action, reason=reason))
        if done is not None:
            messages.success(request, MESSAGES[action])
            return redirect("moderation:queue", request.workspace.slug)
    reports = selectors.open_reports(type_id, item.pk)
    return render(request, "moderation/item.html", {
        "workspace": request.workspace, "item": item, "form": form, "label": _label(item),
        "noun": declared_for(item).noun, "excerpt": services.excerpt_of(item),
        "entry": services.open_entry(item), "reports": reports, "grouped": selectors.group_reports(reports),
        "crumbs": _crumbs(request, ("Moderation", reverse("moderation:queue", args=[request.workspace.slug])),
                          (_label(item).capitalize(), "")),
    })
