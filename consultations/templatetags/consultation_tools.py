from django import template

from ..tools_nav import staff_tabs

register = template.Library()


@register.inclusion_tag("consultations/tools_nav.html", takes_context=True)
def consultation_tools(context, consultation, current=""):
    """{% consultation_tools consultation "analysis" %}: staff's links (none for respondents)."""
    return {"tabs": staff_tabs(context["request"].user, consultation, current), "consultation": consultation}
