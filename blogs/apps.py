from django.apps import AppConfig


class BlogsConfig(AppConfig):
    name = "blogs"
    verbose_name = "Blogs and news"

    def ready(self):
        from workspaces.registry import (
            FOLLOWERS,
            MENTIONED,
            SILENT,
            Commentable,
            Moderatable,
            NotifyRule,
            Searchable,
            Tool,
            register,
        )

        from . import feeds, home
        from .models import Blog, Post
        from .policies import BLOG_POLICY, POST_POLICY

        register(
            Tool(
                slug="blogs",
                app_label="blogs",
                name="News",
                description="Blogs and news from the workspace, with RSS and Atom feeds, comments and "
                            "scheduled publishing.",
                urls="blogs.urls",
                order=20,
                policies={Blog: BLOG_POLICY, Post: POST_POLICY},
                verbs={
                    "blogs.blog_created": SILENT,
                    "blogs.blog_updated": SILENT,
                    "blogs.blog_deleted": SILENT,
                    "blogs.blog_restored": SILENT,
                    "blogs.post_created": SILENT,  # a draft: nobody else sees it
                    "blogs.post_updated": SILENT,
                    "blogs.post_scheduled": SILENT,
                    # Gone public (now, or at its scheduled time): the blog's followers hear of it once.
                    "blogs.post_published": NotifyRule(notify=(FOLLOWERS, MENTIONED), followers_of=("blog",)),
                    "blogs.post_unpublished": SILENT,
                    "blogs.post_deleted": SILENT,
                    "blogs.post_restored": SILENT,
                },
                commentable=(Commentable("blogs.Post"),),
                moderatable=(Moderatable("blogs.Post", noun="post", text_field="text",
                                         changed="blogs.moderating.post_moderated"),),
                latest=home.latest,
                demo="blogs.demo.seed_demo",
                scale="blogs.scale",
                stylesheet="blogs/blogs.css",
                searchable=(Searchable("blogs.Post", fields=("title", "summary", "text")),),
                feed_entries=feeds.feed_entries,
                feed_links=feeds.feed_links,
            )
        )
