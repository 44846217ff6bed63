from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from workspaces.mail import register_kind
        from workspaces.permissions import register_policy, register_workspace_perm
        from workspaces.registry import (
            ADDRESSED,
            HeaderItem,
            ItemPanel,
            NotifyRule,
            provide,
            register_header_item,
            register_item_panel,
            register_stylesheet,
            register_verbs,
        )

        from . import header_count, services
        from .emails import MAIL_KINDS
        from .models import QueueEntry
        from .panels import header, reminder
        from .policies import QueueEntryPolicy

        # A queue entry is seen by the workspace's moderators alone: the activity about reports
        # (whose target it is) reaches nobody else.
        register_policy(QueueEntry, QueueEntryPolicy())
        header_count.connect_signals()
        register_workspace_perm("moderation.moderate_workspace", "moderate")
        register_verbs("moderation", {
            services.REPORTED: NotifyRule(notify=(ADDRESSED,)),  # the moderators
            services.SUBMITTED: NotifyRule(notify=(ADDRESSED,)),  # the moderators
            services.HIDDEN: NotifyRule(notify=(ADDRESSED,)),  # its author
        })
        for kind in MAIL_KINDS:
            register_kind(kind)
        register_header_item(HeaderItem(name="moderation.queue", template="moderation/partials/_header.html",
                                        context=header, order=50))
        register_item_panel(ItemPanel(name="moderation.reminder", template="moderation/partials/_reminder.html",
                                      context=reminder, order=200))
        register_stylesheet("moderation/moderation.css")
        # The tools' side of the contract: workspaces.kit.moderation.
        provide("moderation.submitted", services.submitted)
        provide("moderation.report", services.report)
        provide("moderation.moderate", services.moderate)
        provide("moderation.edited", services.edited)
        provide("moderation.withdrawn", services.withdrawn)
        provide("moderation.premoderates", services.premoderates)
        provide("moderation.report_url", services.report_url)
        provide("moderation.report_url_maker", services.report_url_maker)
