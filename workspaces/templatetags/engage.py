from django import template
from django.urls import NoReverseMatch, reverse

from .. import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm, obj):
    """{% can "links.change_link" link as may_edit %} — the permission layer, in templates."""
    return permissions.can(context["request"].user, perm, obj)


@register.simple_tag
def tool_url(tool, workspace):
    try:
        return reverse(f"{tool.slug}:{tool.home_view}", kwargs={"workspace": workspace.slug})
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with ?page= replaced, keeping the other query parameters (filters)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
