from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from workspaces.activity import activity_recorded

        from .delivery import on_activity

        # Inside the change's transaction: notifications and outbox rows commit with it.
        activity_recorded.connect(on_activity, dispatch_uid="notifications.on_activity")
