"""What an event's page offers to the person looking (workspaces.kit.actions): changing it first
for whoever runs it (for an occurrence of a series, "which events?" comes next); its agenda and
minutes; cancelling last."""

from urllib.parse import urlencode

from django.urls import reverse

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can


def event_actions(user, event, key=""):
    if not can(user, "diaries.change_event", event) or event.is_cancelled:
        return ItemActions()
    base = {"workspace": event.workspace.slug, "pk": event.pk}

    def url(name, **query):
        query = {name: value for name, value in query.items() if value}
        address = reverse(f"diaries:{name}", kwargs=base)
        return address + ("?" + urlencode(query) if query else "")

    if event.rrule and key:
        change, cancel = Action("Change this event", url("edit_event", on=key)), \
            Action("Cancel this event", url("cancel_event", on=key))
    elif event.rrule:
        change, cancel = Action("Change all events", url("edit_event")), \
            Action("Cancel all events", url("cancel_event"))
    else:
        change, cancel = Action("Change the event", url("edit_event")), \
            Action("Cancel the event", url("cancel_event"))
    return ItemActions(primary=change, secondary=[Action("Agenda and minutes", url("notes"))], more=[cancel])
