from django import template

from .. import tree

register = template.Library()


@register.simple_tag
def wiki_tree(pages, workspace):
    return tree.render_tree(pages, workspace)
