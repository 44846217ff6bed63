from django.apps import AppConfig


class WikisConfig(AppConfig):
    name = "wikis"
    verbose_name = "Wiki"

    def ready(self):
        from workspaces.registry import FOLLOWERS, MENTIONED, NotifyRule, Searchable, Tool, register

        from . import home
        from .models import Page
        from .policies import WikiPagePolicy

        register(
            Tool(
                slug="wikis",
                app_label="wikis",
                name="Wiki",
                description="Pages everyone can write together, with history and links between them.",
                urls="wikis.urls",
                order=20,
                policies={Page: WikiPagePolicy()},
                # Whoever creates or edits a page follows it; its followers hear of later changes,
                # and of its being moved, restored to an old text, deleted or brought back.
                verbs={
                    "wikis.page_created": NotifyRule(notify=(MENTIONED,), follow=True),
                    "wikis.page_updated": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
                    "wikis.page_moved": NotifyRule(notify=(FOLLOWERS,)),
                    "wikis.revision_restored": NotifyRule(notify=(FOLLOWERS,)),
                    "wikis.page_deleted": NotifyRule(notify=(FOLLOWERS,)),
                    "wikis.page_restored": NotifyRule(notify=(FOLLOWERS,)),
                },
                # The workspace home: its newest items (and what waits for the viewer).
                latest=home.latest,
                demo="wikis.demo.seed_demo",
                scale="wikis.scale",
                stylesheet="wikis/wikis.css",
                searchable=(Searchable("wikis.Page", fields=("title", "text")),),
            )
        )
