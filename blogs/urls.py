"""The blogs' URLs, one module per part (each part's views are its own module). Fixed words
come before a blog's slug (services.RESERVED_SLUGS keeps blogs off them)."""

from . import urls_embed, urls_feeds, urls_reading, urls_writing

app_name = "blogs"

_parts = [
    *urls_writing.urlpatterns,  # new blog, blog settings, writing, scheduling, publishing posts
    *urls_feeds.urlpatterns,  # the blog, tag and author feeds (RSS, Atom), public and private
    *urls_embed.urlpatterns,  # the latest-news widget for the department's own site
    *urls_reading.urlpatterns,  # the blogs, a blog, a post (comments), tags, authors, social links
]


def _fixed_first(pattern):
    """Every part's fixed words ("social/1/delete/") before any "<slug:blog>/..." pattern, which
    would otherwise take them for a blog's slug (a stable sort: each part's order is kept)."""
    return str(pattern.pattern).startswith("<")


urlpatterns = sorted(_parts, key=_fixed_first)
