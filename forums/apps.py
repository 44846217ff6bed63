from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        from workspaces.registry import (
            FOLLOWERS,
            MENTIONED,
            SILENT,
            Moderatable,
            NotifyRule,
            Repliable,
            Searchable,
            Tool,
            register,
        )

        from . import home
        from .models import Board, Post, Thread
        from .policies import BOARD_POLICY, POST_POLICY, THREAD_POLICY

        register(
            Tool(
                slug="forums",
                app_label="forums",
                name="Forums",
                description="Discussion boards: threads, replies by web or email, unread tracking.",
                urls="forums.urls",
                order=40,
                policies={Board: BOARD_POLICY, Thread: THREAD_POLICY, Post: POST_POLICY},
                # Whoever starts a thread or replies follows the thread; its followers (and anyone
                # mentioned) hear of each new post. A new thread is told to the board's followers.
                verbs={
                    "forums.board_created": SILENT,
                    "forums.board_updated": SILENT,
                    "forums.board_deleted": SILENT,
                    "forums.board_restored": SILENT,
                    "forums.thread_created": NotifyRule(notify=(MENTIONED,), follow=True),
                    "forums.thread_started": NotifyRule(notify=(FOLLOWERS,)),
                    "forums.post_created": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
                    "forums.post_edited": NotifyRule(notify=(MENTIONED,)),  # only those the edit newly mentions
                    "forums.post_removed": SILENT,
                    "forums.thread_renamed": SILENT,
                    # The moderators' tools (forums.thread_tools): the thread's followers hear
                    # when it stops taking posts; the rest shows in the activity only.
                    "forums.thread_locked": NotifyRule(notify=(FOLLOWERS,)),
                    "forums.thread_unlocked": SILENT,
                    "forums.thread_closed": NotifyRule(notify=(FOLLOWERS,)),
                    "forums.thread_moved": SILENT,
                    "forums.thread_split": SILENT,
                    "forums.thread_deleted": SILENT,
                    "forums.thread_restored": SILENT,
                },
                latest=home.latest,
                demo="forums.demo.seed_demo",
                scale="forums.scale",
                stylesheet="forums/forums.css",
                searchable=(
                    Searchable("forums.Thread", fields=("title",)),
                    Searchable("forums.Post", fields=("body",)),
                ),
                moderatable=(
                    Moderatable("forums.Post", noun="post", text_field="body",
                                changed="forums.services.post_moderated"),
                ),
                repliable=(
                    Repliable(model="forums.Thread", perm="forums.reply_thread", post="forums.services.reply_by_email"),
                ),
            )
        )
