"""The polls' voting part's URLs (see urls.py)."""

from django.urls import path

from . import views_voting

urlpatterns = [
    path("<int:pk>/", views_voting.poll, name="poll"),
]
