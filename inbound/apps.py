from django.apps import AppConfig


class InboundConfig(AppConfig):
    """Reply by email: mail to a reply address (workspaces.mail.replies) arrives through the
    SMTP/LMTP server (`manage.py receive_mail`) or the webhook, is stored once (InboundMail) and
    posted by a task through the tool's Repliable.post, or refused with a short reply."""

    name = "inbound"
    verbose_name = "Inbound mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workspaces.mail import register_kind

        from . import checks  # noqa: F401 (registers the system check)
        from .refusals import REFUSAL_MAIL_KIND

        register_kind(REFUSAL_MAIL_KIND)
