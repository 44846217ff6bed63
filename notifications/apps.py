from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from workspaces.activity import activity_recorded
        from workspaces.mail import register_kind
        from workspaces.permissions import register_workspace_perm
        from workspaces.registry import (
            AdminLink,
            HeaderItem,
            ItemPanel,
            register_admin_link,
            register_header_item,
            register_item_panel,
            register_scale_part,
            register_stylesheet,
        )

        from .delivery import on_activity
        from .emails import MAIL_KINDS
        from .panels import bell, failed_count, follow_panel

        # Inside the change's transaction: notifications and outbox rows commit with it.
        activity_recorded.connect(on_activity, dispatch_uid="notifications.on_activity")
        # Notifications, digests, announcements and reminders go out through the core's outbox.
        for kind in MAIL_KINDS:
            register_kind(kind)
        register_item_panel(ItemPanel(name="notifications.follow", template="notifications/partials/_item_panel.html",
                                      context=follow_panel))
        register_header_item(HeaderItem(name="notifications.bell", template="notifications/partials/_bell.html",
                                        context=bell))
        register_admin_link(AdminLink(label="Email that could not be sent", url_name="notifications:failed",
                                      count=failed_count))
        register_stylesheet("notifications/notifications.css")
        register_scale_part("notifications.scale")
        # "Email members about this": managers.
        register_workspace_perm("notifications.announce_workspace", "moderate")
