"""{% event_people event occurrence as people %}: what the block on an event's page shows the
reader (diaries.views_invites.people_panel): their reply, places left, the waitlist, links."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def event_people(context, event, occurrence=""):
    from ..views_invites import people_panel

    given = context.get("people")
    if given is not None and getattr(given, "event", None) is not None and given.event.pk == event.pk:
        return given
    request = context.get("request")
    return people_panel(request.user, event, occurrence or "")
