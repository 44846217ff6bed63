from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = "Workspaces"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 (registers the deploy checks)
        from .licences import MAIL_KINDS, claim_on_sign_in
        from .mail import register_kind
        from .permissions.epoch import connect_signals
        from .services.invitations import INVITATION_MAIL_KIND, LICENCE_NEEDED_MAIL_KIND

        # A seat reserved for an address is attached to its account at sign-in.
        user_logged_in.connect(claim_on_sign_in, dispatch_uid="engage.claim_licences")
        # Saves and deletes of memberships, licences, teams, grants, ... change the access epoch.
        connect_signals()
        # The core's own mail, through the outbox like every other.
        for kind in (INVITATION_MAIL_KIND, LICENCE_NEEDED_MAIL_KIND, *MAIL_KINDS):
            register_kind(kind)
