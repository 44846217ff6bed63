"""What the notifications app adds to every item's page (workspaces.registry.ItemPanel):
Follow beside its title, and for managers "Email members about this" in its "More actions" menu
(and "Email an announcement" on a workspace's home)."""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from workspaces.models import EmailStatus, OutboundEmail, Workspace
from workspaces.permissions import can

from .models import Follow


def _item_workspace(request, item):
    """The workspace of an item a signed-in person is looking at; None for a workspace itself."""
    if not request.user.is_authenticated or isinstance(item, Workspace):
        return None
    return getattr(item, "workspace", None)


def follow_panel(request, item):
    """Beside an item's title (the "title" slot): Follow / Following."""
    workspace = _item_workspace(request, item)
    if workspace is None:
        return None
    type_id = ContentType.objects.get_for_model(item).pk
    return {
        "item": item, "type_id": type_id, "workspace": workspace,
        "following": Follow.objects.filter(user=request.user, target_type_id=type_id, target_id=item.pk).exists(),
    }


def announce_panel(request, item):
    """In an item's "More actions" menu (the "more" slot), for managers: email members about it."""
    workspace = _item_workspace(request, item)
    if workspace is None or not hasattr(item, "get_absolute_url"):
        return None
    if not can(request.user, "notifications.announce_workspace", workspace):
        return None
    type_id = ContentType.objects.get_for_model(item).pk
    query = urlencode({"subject": str(item)[:150], "url": item.get_absolute_url(), "item_type": type_id,
                       "item_id": item.pk})
    return {"announce_url": f"{reverse('notifications:announce', args=[workspace.slug])}?{query}"}


def workspace_announce_panel(request, item):
    """On a workspace's home ({% item_actions workspace %}), for managers: an announcement."""
    if not request.user.is_authenticated or not isinstance(item, Workspace):
        return None
    if not can(request.user, "notifications.announce_workspace", item):
        return None
    return {"workspace": item, "announce_url": reverse("notifications:announce", args=[item.slug]),
            "announce_label": "Email an announcement"}


def failed_count():
    """For the site admins' link: failed email waiting for a decision."""
    return OutboundEmail.objects.filter(status=EmailStatus.FAILED).count()


def bell(request):
    """The bell in the header, for people signed in (its count: notifications.context_processors)."""
    return {} if request.user.is_authenticated else None
