from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from workspaces.permissions import register_policy, register_workspace_perm
        from workspaces.registry import ItemPanel, provide, register_item_panel, register_stylesheet

        from .models import Comment
        from .panels import moderation_reminder, thread_panel
        from .policies import CommentPolicy
        from .services import comment_add

        register_policy(Comment, CommentPolicy())
        # The moderation queue: the workspace's moderators (managers).
        register_workspace_perm("comments.moderate_workspace", "moderate")
        register_item_panel(ItemPanel(name="comments.thread", template="comments/partials/_thread.html",
                                      context=thread_panel, slot="comments"))
        register_item_panel(ItemPanel(name="comments.moderation", template="comments/partials/_reminder.html",
                                      context=moderation_reminder, order=200))
        register_stylesheet("comments/comments.css")
        provide("comments.add", comment_add)  # workspaces.kit.comments.add_comment
