"""What the notifications app adds to every item's page (workspaces.registry.ItemPanel):
follow or stop following it, and for managers "Email members about this"."""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from workspaces.models import EmailStatus, OutboundEmail, Workspace
from workspaces.permissions import can

from .models import Follow


def follow_panel(request, item):
    """On an item: follow it, and (managers) announce it. On a workspace's home: announce."""
    user = request.user
    if not user.is_authenticated:
        return None
    if isinstance(item, Workspace):
        if not can(user, "notifications.announce_workspace", item):
            return None
        return {"workspace": item, "announce_url": reverse("notifications:announce", args=[item.slug]),
                "announce_label": "Email an announcement"}
    workspace = getattr(item, "workspace", None)
    if workspace is None:
        return None
    type_id = ContentType.objects.get_for_model(item).pk
    context = {
        "item": item, "type_id": type_id, "workspace": workspace,
        "following": Follow.objects.filter(user=user, target_type_id=type_id, target_id=item.pk).exists(),
        "announce_url": "",
    }
    if can(user, "notifications.announce_workspace", workspace) and hasattr(item, "get_absolute_url"):
        query = urlencode({"subject": str(item)[:150], "url": item.get_absolute_url(), "item_type": type_id,
                           "item_id": item.pk})
        context["announce_url"] = f"{reverse('notifications:announce', args=[workspace.slug])}?{query}"
    return context


def failed_count():
    """For the site admins' link: failed email waiting for a decision."""
    return OutboundEmail.objects.filter(status=EmailStatus.FAILED).count()


def bell(request):
    """The bell in the header, for people signed in (its count: notifications.context_processors)."""
    return {} if request.user.is_authenticated else None
