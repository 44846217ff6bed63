"""The blogs' writing part's URLs (see urls.py): fixed words first, then a blog's own pages."""

from django.urls import path

from . import views_writing as views

urlpatterns = [
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<slug:blog>/settings/", views.blog_edit, name="blog_edit"),
    path("<slug:blog>/delete/", views.blog_delete, name="blog_delete"),
    path("<slug:blog>/restore/", views.blog_restore, name="blog_restore"),
    path("<slug:blog>/drafts/", views.drafts, name="drafts"),
    path("<slug:blog>/new/", views.post_create, name="post_create"),
    path("<slug:blog>/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("<slug:blog>/<int:pk>/publish/", views.post_publish, name="post_publish"),
    path("<slug:blog>/<int:pk>/unpublish/", views.post_unpublish, name="post_unpublish"),
    path("<slug:blog>/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("<slug:blog>/<int:pk>/restore/", views.post_restore, name="post_restore"),
    path("<slug:blog>/<int:pk>/image/", views.image, name="image"),
]
