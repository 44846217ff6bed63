"""Notification pages: the list under the bell, reading, preferences, one-click unsubscribe,
following, announcements, and the site admins' list of failed email."""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from workspaces import mail, registry
from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.selectors import MAX_ID, MAX_NUMBER
from workspaces.lib.htmx import announced, wants_partial
from workspaces.lib.pagination import paginate, paginate_without_total
from workspaces.models import EmailStatus, OutboundEmail, Workspace, WorkspaceItem
from workspaces.permissions import members_who_may_see, require
from workspaces.permissions.decorators import login_view, public_view, site_admin_view, workspace_view
from workspaces.selectors.workspaces import workspaces_for

from . import announcements, selectors, services
from .bell import bell_count
from .emails import read_unsubscribe_token
from .forms import INHERIT, AnnouncementForm, PreferencesForm
from .models import Follow, Preference, UserSettings


def _bell(request):
    return {"notifications_unread": bell_count(request.user)}


@login_view
def index(request):
    unread_only = request.GET.get("show") == "unread"
    # Shown without a total: counted only as far as this page (a long backlog stays cheap).
    page = paginate_without_total(request, selectors.notifications_for(request.user, unread_only=unread_only))
    page.object_list = selectors.shown(request.user, page.object_list)
    return render(request, "notifications/notification_list.html",
                  {"page_obj": page, "unread_only": unread_only, **_bell(request)})


def _after_read(request, notification=None):
    if wants_partial(request):
        # The row and the bell (out of band) change together.
        context = {"n": notification, "oob": True, **_bell(request)}
        template = "notifications/partials/_row.html" if notification else "notifications/partials/_all_read.html"
        return announced(render(request, template, context),
                        "Marked as read." if notification else "All your notifications are marked as read.")
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("notifications:index"))


def _safe_next(request):
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@login_view
@require_POST
def mark_read(request, notification_id):
    notification = selectors.notifications_for(request.user).filter(pk=notification_id).first()
    # One about an item they may no longer see is not theirs to read (its row names the item).
    if notification is None or not selectors.shown(request.user, [notification]):
        raise Http404
    services.mark_read(user=request.user, notification_id=notification_id)
    notification.refresh_from_db(fields=["read_at"])
    return _after_read(request, notification)


@login_view
@require_POST
def mark_all_read(request):
    # Counted as the bell counts them: never those about items they may no longer see.
    count = bell_count(request.user)
    services.mark_all_read(user=request.user)
    if not wants_partial(request):
        if 0 < count <= selectors.BELL_CAP:
            messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        else:
            messages.success(request, "All your notifications are marked as read.")
    return _after_read(request)


@login_view
def preferences(request):
    user = request.user
    workspaces = list(workspaces_for(user))
    row = UserSettings.objects.filter(user=user).first()
    prefs = dict(Preference.objects.filter(user=user).values_list("workspace_id", "frequency"))
    initial = {f"ws_{w.pk}": prefs.get(w.pk, INHERIT) for w in workspaces}
    if None in prefs:
        initial["default_frequency"] = prefs[None]
    if row:
        initial.update(no_email=row.no_email, timezone=row.timezone or settings.TIME_ZONE,
                       digest_hour=row.digest_hour, digest_weekday=row.digest_weekday)
    form = PreferencesForm(request.POST or None, initial=initial, workspaces=workspaces,
                           default_zone=settings.TIME_ZONE)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=user, **form.service_kwargs())
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@public_view
@csrf_exempt  # RFC 8058: the mail client POSTs with no session and no CSRF token; the signed token is the proof
def unsubscribe(request, token):
    try:
        scope = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404("This unsubscribe link is not valid.") from None
    done = False
    if request.method == "POST":
        services.unsubscribe(user_id=scope["u"], workspace_id=scope.get("w"), frequency=scope.get("f"))
        done = True
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
    workspace = Workspace.objects.filter(pk=scope.get("w")).first() if scope.get("w") else None
    return render(request, "notifications/unsubscribe.html",
                  {"scope": scope, "workspace": workspace, "done": done, "token": token})


def _item(request, type_id, pk):
    """The item of this workspace a URL or form names by (ContentType id, pk), if the person
    may see it (404 otherwise, as for one that does not exist)."""
    try:
        model = ContentType.objects.get_for_id(type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None or not issubclass(model, WorkspaceItem):
        raise Http404
    tool = registry.for_app(model._meta.app_label)
    if tool is not None and not request.workspace.tool_enabled(tool.slug):
        raise Http404  # a tool switched off hides its items from every page, this one too
    item = model._default_manager.filter(workspace=request.workspace, pk=pk).first()
    if item is None:
        raise Http404
    return require(request.user, f"{model._meta.app_label}.view_{model._meta.model_name}", item)


@workspace_view("workspaces.view_workspace")
@require_POST
def follow(request, type_id, pk):
    item = _item(request, type_id, pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, item=item)
        note = "You no longer follow this."
    else:
        services.follow(user=request.user, item=item)
        note = "You follow this now: you will hear when it changes."
    following = Follow.objects.filter(user=request.user, target_type_id=type_id, target_id=pk).exists()
    if wants_partial(request):
        context = {"item": item, "type_id": type_id, "following": following, "workspace": request.workspace}
        return announced(render(request, "notifications/partials/_follow.html", context), note)
    messages.success(request, note)
    return redirect(item.get_absolute_url() if hasattr(item, "get_absolute_url") else "home")


def _announced(request):
    """The item an announcement is about (item_type and item_id, from the item's link, then
    posted back with the form), or None."""
    data = request.POST if request.method == "POST" else request.GET
    type_id, pk = data.get("item_type", ""), data.get("item_id", "")
    if not (type_id or pk):
        return None
    if not (type_id.isdigit() and pk.isdigit() and int(type_id) <= MAX_NUMBER and int(pk) <= MAX_ID):
        raise Http404
    return _item(request, int(type_id), int(pk))


def _teams_who_may_see(workspace, about):
    """The workspace's teams with at least one member who may see `about` (asked of the
    permission layer for their members at once)."""
    teams = workspace.teams.all()
    if about is None:
        return teams
    rows = list(teams.filter(group__user__isnull=False).values_list("pk", "group__user"))
    seen = members_who_may_see({user_id for _, user_id in rows}, workspace, about)
    return teams.filter(pk__in={team_id for team_id, user_id in rows if user_id in seen})


@workspace_view("notifications.announce_workspace")
@keeps_text
def announce(request):
    workspace = request.workspace
    about = _announced(request)
    # From an item's "Email members about this": its title and address filled in.
    initial = {key: request.GET[key] for key in ("subject", "url", "item_type", "item_id") if key in request.GET}
    teams = _teams_who_may_see(workspace, about)
    form = kept_form(request, lambda data=None, **kwargs: AnnouncementForm(data, workspace=workspace, about=about,
                                                                            teams=teams, **kwargs), initial=initial)
    back = initial.get("url", "")
    cancel_url = back if back.startswith(f"/w/{workspace.slug}/") else reverse("workspace_home", args=[workspace.slug])
    context = {"workspace": workspace, "form": form, "cancel_url": cancel_url, "about": about,
               "crumbs": [(workspace.name, reverse("workspace_home", args=[workspace.slug])), ("Announce", "")]}
    if request.method == "POST" and form.is_valid():
        teams = list(form.cleaned_data["teams"]) if form.cleaned_data.get("audience") == "teams" else []
        if request.POST.get("confirm") != "send":
            # First step: show how many people it will reach, and ask again.
            context["reach"] = announcements.reach(workspace, teams, about)
            return render(request, "notifications/announce.html", {**context, "confirming": True})
        sent = announcements.announce(actor=request.user, workspace=workspace, teams=teams, about=about,
                                      subject=form.cleaned_data["subject"], message=form.cleaned_data["message"],
                                      url=form.cleaned_data["url"])
        messages.success(request, f"Announcement on its way to {sent.recipient_count} "
                                  f"{'person' if sent.recipient_count == 1 else 'people'}.")
        return redirect("workspace_home", workspace.slug)
    context["reach"] = announcements.reach(workspace, about=about)
    return render(request, "notifications/announce.html", context)


@site_admin_view
def failed(request):
    """Every email of the outbox that failed, whoever sent it (the core's too), to send again."""
    if request.method == "POST":
        if request.POST.get("action") == "retry":
            try:
                row_id = int(request.POST.get("id", ""))
            except ValueError:
                row_id = 0
            if mail.retry_failed(row_id):
                mail.queue_in_chunks([row_id])
                messages.success(request, "The email will be sent again.")
        return redirect("notifications:failed")
    rows = OutboundEmail.objects.filter(status=EmailStatus.FAILED).select_related("recipient")
    unsent = OutboundEmail.objects.filter(status__in=[EmailStatus.PENDING, EmailStatus.SENDING]).count()
    page = paginate(request, rows)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.kind_label = mail.kind_label(row.kind)
    return render(request, "notifications/failed.html", {"page_obj": page, "unsent": unsent})


