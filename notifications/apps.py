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
            WaitingSource,
            provide,
            register_admin_link,
            register_header_item,
            register_item_panel,
            register_scale_part,
            register_stylesheet,
            register_waiting_source,
        )

        from .delivery import on_activity
        from .emails import MAIL_KINDS
        from .home import waiting_entries
        from .panels import announce_panel, bell, failed_count, follow_panel, workspace_announce_panel

        # Inside the change's transaction: notifications and outbox rows commit with it.
        activity_recorded.connect(on_activity, dispatch_uid="notifications.on_activity")
        # Notifications, digests, announcements and reminders go out through the core's outbox.
        for kind in MAIL_KINDS:
            register_kind(kind)
        # Follow beside an item's title; the announcement in its "More actions" menu, or on a workspace's home.
        register_item_panel(ItemPanel(name="notifications.follow", template="notifications/partials/_follow.html",
                                      context=follow_panel, slot="title"))
        register_item_panel(ItemPanel(name="notifications.announce", context=announce_panel, slot="more",
                                      template="notifications/partials/_announce_item.html"))
        register_item_panel(ItemPanel(name="notifications.announce_workspace", context=workspace_announce_panel,
                                      template="notifications/partials/_item_panel.html"))
        register_header_item(HeaderItem(name="notifications.bell", template="notifications/partials/_bell.html",
                                        context=bell))
        register_admin_link(AdminLink(label="Email that could not be sent", url_name="notifications:failed",
                                      count=failed_count))
        register_stylesheet("notifications/notifications.css")
        # "Waiting for you" on the workspace home: unread mentions and replies.
        register_waiting_source(WaitingSource(name="notifications.unread", entries=waiting_entries,
                                              see_all="notifications:index", see_all_label="All notifications"))
        register_scale_part("notifications.scale")
        # "Followed" filters of tools' lists (workspaces.kit.follows.followed_by).
        from .selectors import followed_ids

        provide("notifications.followed_ids", followed_ids)
        # A tool's change that emails members (workspaces.kit.announce: a blog post's publishing).
        from .announcements import announce, reach

        provide("notifications.reach", reach)
        provide("notifications.announce", announce)
        # "Email members about this": managers.
        register_workspace_perm("notifications.announce_workspace", "manage_items")
