"""The blogs' reading part's URLs (see urls.py): keep "<slug:blog>/..." patterns last."""

from django.urls import path

from . import views_reading

urlpatterns = [
    path("", views_reading.index, name="index"),
    path("tags/<path:tag>/", views_reading.tag, name="tag"),
    path("authors/<int:author>/", views_reading.author, name="author"),
    path("social/", views_reading.social_list, name="social"),
    path("social/<int:social_link>/edit/", views_reading.social_edit, name="social_edit"),
    path("social/<int:social_link>/delete/", views_reading.social_delete, name="social_delete"),
    path("social/<int:social_link>/move/", views_reading.social_move, name="social_move"),
    path("<slug:blog>/", views_reading.blog, name="blog"),
    path("<slug:blog>/<int:pk>/", views_reading.post, name="post"),
]
