from allauth.account.adapter import get_adapter
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def signup_open(context):
    """Whether this visitor may sign up (open sign-up, or a valid invitation in the session)."""
    request = context.get("request")
    return request is not None and get_adapter(request).is_open_for_signup(request)
