"""{% question_field question choices=... rows=... columns=... kept=... error=... as field %}: what
templates/kit/questions/ shows for one question (workspaces.kit.questions.fields)."""

from django import template

from ..kit.questions.fields import question_field as build_field

register = template.Library()


@register.simple_tag
def question_field(question, choices=None, rows=None, columns=None, kept=None, error=""):
    return build_field(question, choices=choices or (), rows=rows or (), columns=columns or (),
                       kept=kept or {}, error=error or "")
