from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = "Links"

    def ready(self):
        from workspaces.registry import Tool, register

        register(
            Tool(
                slug="links",
                name="Links",
                description="Useful articles and web pages, with notes and tags.",
                urls="links.urls",
                icon="🔗",
                order=90,
                item_models=("links.Link",),
            )
        )
