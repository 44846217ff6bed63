"""The diaries' personal URLs (Tool.personal_urls, mounted at /me/diaries/ in namespace
"me:diaries"): a person's private calendar of all their workspaces (diaries.feeds)."""

from django.urls import path

from . import feeds

urlpatterns = [
    path("calendar/<str:token>.ics", feeds.mine, name="ical"),
]
