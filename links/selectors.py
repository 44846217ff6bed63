"""Reads for links. Every list starts from the permission layer's visible()."""

from workspaces import permissions
from workspaces.kit.selectors import get_item, number_or_404

from .models import Link

MAX_TAG_CHOICES = 200


def visible_links(user, workspace):
    """The links in a workspace the user may see, newest first, ready for a list page
    (authors and tags loaded in a fixed number of queries, whatever the page size)."""
    return (
        permissions.visible(user, Link.objects.all(), within=workspace)
        .select_related("created_by")
        .prefetch_related("tags")
        .order_by("-created_at", "-id")
    )


def tag_names_in_use(user, workspace):
    """Tags on links the user may see (never tags of links hidden from them)."""
    visible = permissions.visible(user, Link.objects.all(), within=workspace)
    # Read through the links' join, not as "link in (visible)": Django re-resolves the whole
    # permission filter to nest it as a subquery, which cost more than the query.
    return list(
        visible.filter(tags__isnull=False)
        .values_list("tags__name", flat=True)
        .distinct()
        .order_by("tags__name")[:MAX_TAG_CHOICES]
    )


def get_link(user, workspace, pk, perm="links.view_link", deleted="hide"):
    """The link `pk` in this workspace, if the user holds `perm` on it; otherwise 404/403
    (404 also for a link in another workspace: ids never reach across)."""
    links = Link.objects.select_related("created_by", "updated_by").prefetch_related("tags")
    return get_item(user, links.filter(workspace=workspace, pk=number_or_404(pk)), perm, workspace=workspace)


def export_rows(user, workspace):
    """The links the user may see, for a download: a header, then a row per link (read a chunk
    at a time, with their tags)."""
    yield ("Title", "Web address", "Note", "Tags", "Added by", "Added", "Who can see it")
    for link in visible_links(user, workspace).iterator(chunk_size=1000):
        yield (link.title, link.url, link.note, ", ".join(link.tag_names),
               link.created_by.name if link.created_by else "", link.created_at, link.get_view_access_display())
