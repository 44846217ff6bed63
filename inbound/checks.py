from django.conf import settings
from django.core.checks import Warning, register


@register()
def inbound_without_reply_domain(app_configs, **kwargs):
    """The inbound webhook is configured but there is no reply domain: no mail carries a
    Reply-To address, and the webhook refuses everything."""
    if not settings.ENGAGE_INBOUND_SECRET or settings.ENGAGE_REPLY_DOMAIN:
        return []
    return [Warning("ENGAGE_INBOUND_SECRET is set but ENGAGE_REPLY_DOMAIN is not: reply by email is off.",
                    hint="Set ENGAGE_REPLY_DOMAIN to the domain whose mail reaches `manage.py receive_mail` "
                         "or the inbound webhook.", id="inbound.W001")]
