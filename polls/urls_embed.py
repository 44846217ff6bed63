"""The polls' embed part's URLs (see urls.py): the widget, visitors' votes in it, the embed code."""

from django.urls import path

from . import views_embed

urlpatterns = [
    path("<int:pk>/embed/", views_embed.embed, name="embed"),
    path("<int:pk>/embed/vote/", views_embed.embed_vote, name="embed_vote"),
    path("<int:pk>/embed/code/", views_embed.embed_code, name="embed_code"),
]
