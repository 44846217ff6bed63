"""The polls' voting part's URLs (see urls.py): the poll's page, voting (and changing a vote),
and, in a named poll, who chose what (for those who run it)."""

from django.urls import path

from . import views_voting as views

urlpatterns = [
    path("<int:pk>/", views.poll, name="poll"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/choices/", views.choices, name="choices"),
]
