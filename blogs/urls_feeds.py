"""The blogs' feeds part's URLs (see urls.py): a blog's, a tag's and an author's posts as RSS 2.0
or Atom (`<feedformat:format>`: "rss" or "atom"). Public ones for a public workspace (as anyone
sees it); private ones by the member's news-feed key (kit.feeds.WORKSPACE_FEEDS). "feed" and
"feeds" are reserved words, never a blog's slug (services.RESERVED_SLUGS)."""

from django.urls import path

from . import views_feeds

urlpatterns = [
    path("<slug:blog>/feed/<feedformat:format>/", views_feeds.blog_public_feed, name="blog_public_feed"),
    path("feed/tag/<path:tag>/<feedformat:format>/", views_feeds.tag_public_feed, name="tag_public_feed"),
    path("feed/author/<int:author>/<feedformat:format>/", views_feeds.author_public_feed, name="author_public_feed"),
    path("feeds/<str:token>/blog/<slug:blog>/<feedformat:format>/", views_feeds.blog_feed, name="blog_feed"),
    path("feeds/<str:token>/tag/<path:tag>/<feedformat:format>/", views_feeds.tag_feed, name="tag_feed"),
    path("feeds/<str:token>/author/<int:author>/<feedformat:format>/", views_feeds.author_feed, name="author_feed"),
]
