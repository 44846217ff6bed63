from django import template

from ..tools_nav import staff_tabs

register = template.Library()


@register.inclusion_tag("surveys/tools_nav.html", takes_context=True)
def survey_tools(context, survey, current=""):
    """{% survey_tools survey "results" %}: the staff's links for this survey (none for respondents)."""
    return {"tabs": staff_tabs(context["request"].user, survey, current), "survey": survey}
