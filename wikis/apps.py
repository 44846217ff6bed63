from django.apps import AppConfig


class WikisConfig(AppConfig):
    name = "wikis"
    verbose_name = "Wiki"

    def ready(self):
        from workspaces.permissions import register_policy
        from workspaces.registry import FOLLOWERS, MENTIONED, NotifyRule, Tool, register

        from .models import Page
        from .policies import WikiPagePolicy

        register(
            Tool(
                slug="wikis",
                name="Wiki",
                description="Pages everyone can write together, with history and links between them.",
                urls="wikis.urls",
                order=20,
                item_models=("wikis.Page",),
                # Whoever creates or edits a page follows it; its followers hear of later changes.
                notifications={
                    "wikis.page_created": NotifyRule(notify=(MENTIONED,), follow=True),
                    "wikis.page_updated": NotifyRule(notify=(FOLLOWERS, MENTIONED), follow=True),
                },
            )
        )
        register_policy(Page, WikiPagePolicy())
