from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from workspaces.permissions import register_policy, register_workspace_perm
        from workspaces.registry import (
            ItemPanel,
            Moderatable,
            provide,
            register_item_panel,
            register_moderatable,
            register_stylesheet,
        )

        from .models import Comment
        from .panels import thread_panel
        from .policies import CommentPolicy
        from .services import comment_add

        register_policy(Comment, CommentPolicy())
        # The old addresses of the moderation queue: the workspace's moderators.
        register_workspace_perm("comments.moderate_workspace", "moderate")
        # Reported, hidden and approved through the shared moderation queue (the moderation app).
        register_moderatable(Moderatable("comments.Comment", noun="comment", text_field="body",
                                         changed="comments.services.comment_moderated"))
        register_item_panel(ItemPanel(name="comments.thread", template="comments/partials/_thread.html",
                                      context=thread_panel, slot="comments"))
        register_stylesheet("comments/comments.css")
        provide("comments.add", comment_add)  # workspaces.kit.comments.add_comment
