from django import template

from workspaces.lib.reversing import list_url

register = template.Library()


@register.simple_tag(takes_context=True)
def link_url(context, name, **values):
    """{% link_url "detail" pk=link.pk %}: {% url %} for rows of a list, reversed once per list."""
    return list_url(context.render_context, f"links:{name}", context["workspace"].slug, **values)
