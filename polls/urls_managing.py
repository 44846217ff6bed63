"""The polls' managing part's URLs (see urls.py): the list, adding, editing, publishing, closing,
deleting and restoring; who took part; the vote times."""

from django.urls import path

from . import views_managing as views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/export/", views.export, name="export"),
]
