"""The blogs' reading part's URLs (see urls.py): keep "<slug:blog>/..." patterns last."""

from django.urls import path

from . import views_reading

urlpatterns = [
    path("", views_reading.index, name="index"),
    path("<slug:blog>/", views_reading.blog, name="blog"),
    path("<slug:blog>/<int:pk>/", views_reading.post, name="post"),
]
