"""The blogs' embed part's URLs (see urls.py): the latest-news widget."""

from django.urls import path

from . import views_embed

urlpatterns = [
    path("embed/latest/", views_embed.embed_latest, name="embed_latest"),
]
