from django import template

from workspaces.lib.reversing import list_url

from .. import tree

register = template.Library()


@register.simple_tag
def wiki_tree(pages, workspace):
    return tree.render_tree(pages, workspace)


@register.simple_tag(takes_context=True)
def wiki_url(context, name, **values):
    """{% wiki_url "page" slug=page.slug %}: {% url %} for rows of a list, reversed once per list."""
    return list_url(context.render_context, f"wikis:{name}", context["workspace"].slug, **values)
