from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = "Links"

    def ready(self):
        from workspaces.registry import FOLLOWERS, MENTIONED, NotifyRule, Tool, register

        register(
            Tool(
                slug="links",
                name="Links",
                description="Useful articles and web pages, with notes and tags.",
                urls="links.urls",
                icon="🔗",
                order=90,
                item_models=("links.Link",),
                # The author follows what they add; its followers hear when it changes.
                notifications={
                    "links.link_created": NotifyRule(notify=(MENTIONED,), follow=True),
                    "links.link_updated": NotifyRule(notify=(FOLLOWERS, MENTIONED)),
                },
            )
        )
