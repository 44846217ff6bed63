from django.urls import path

from . import views, views_feeds

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    # Your feed addresses, in every workspace (workspaces.kit.feeds): list, revoke, reset.
    path("profile/feeds/", views_feeds.feed_addresses, name="feed_addresses"),
    path("profile/feeds/<int:feed_id>/revoke/", views_feeds.feed_address_revoke, name="feed_address_revoke"),
    path("profile/feeds/<int:feed_id>/reset/", views_feeds.feed_address_reset, name="feed_address_reset"),
]
