"""The blogs' URLs, one module per part (each part's views are its own module). Fixed words
come before a blog's slug (services.RESERVED_SLUGS keeps blogs off them)."""

from . import urls_embed, urls_feeds, urls_reading, urls_writing

app_name = "blogs"

urlpatterns = [
    *urls_writing.urlpatterns,  # new blog, blog settings, writing, scheduling, publishing posts
    *urls_feeds.urlpatterns,  # the blog, tag and author feeds (RSS, Atom), public and private
    *urls_embed.urlpatterns,  # the latest-news widget for the department's own site
    *urls_reading.urlpatterns,  # the blogs, a blog, a post (comments), tags, authors, social links
]
