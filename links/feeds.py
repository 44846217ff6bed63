"""Links in the workspace's news feed (Tool.feed_entries): the newest links the reader may see."""

from workspaces.kit.feeds import FeedEntry

from .selectors import visible_links


def entry(link):
    return FeedEntry(
        key=f"links.link:{link.pk}",
        title=link.title,
        url=link.get_absolute_url(),
        published=link.created_at,
        updated=link.updated_at if getattr(link, "updated_at", None) else None,
        html=link.note_html,
        author=link.created_by.name if link.created_by else "",
        categories=tuple(link.tag_names),
    )


def feed_entries(reader, workspace, limit):
    return [entry(link) for link in visible_links(reader, workspace).select_related("workspace")[:limit]]
