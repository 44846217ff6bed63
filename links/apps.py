from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = "Links"

    def ready(self):
        from workspaces.kit.exports import Export
        from workspaces.permissions import ItemPolicy
        from workspaces.registry import FOLLOWERS, MENTIONED, SILENT, NotifyRule, Searchable, Tool, register

        from . import feeds, home, selectors
        from .models import Link

        register(
            Tool(
                slug="links",
                app_label="links",
                name="Links",
                description="Useful articles and web pages, with notes and tags.",
                urls="links.urls",
                icon="🔗",
                order=90,
                # Who may see, change and delete a link: the core's rules for items.
                policies={Link: ItemPolicy()},
                # The author follows what they add; its followers hear when it changes. A deleted link
                # is gone (its activity has no target to follow), so its deletion tells nobody.
                verbs={
                    "links.link_created": NotifyRule(notify=(MENTIONED,), follow=True),
                    "links.link_updated": NotifyRule(notify=(FOLLOWERS, MENTIONED)),
                    "links.link_deleted": SILENT,
                },
                # The workspace home: its newest items (and what waits for the viewer).
                latest=home.latest,
                demo="links.demo.seed_demo",
                scale="links.scale",
                stylesheet="links/links.css",
                searchable=(Searchable("links.Link", fields=("title", "note", "url")),),
                feed_entries=feeds.feed_entries,  # its links in the workspace's news feed
                exports=(Export(name="links", label="All links", perm="links.view_link", rows=selectors.export_rows),),
            )
        )
