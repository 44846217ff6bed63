from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_FROM_ENV", True):
        return []
    return [
        Warning(
            "DJANGO_SECRET_KEY is not set: a key generated for this machine is being used.",
            hint="Set DJANGO_SECRET_KEY (the same value on every web node and worker).",
            id="engage.W001",
        )
    ]
