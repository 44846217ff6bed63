from django.urls import path

from .views import history, manage, pages

app_name = "wikis"
# "new", "changes" and "deleted" are never page slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", pages.index, name="index"),
    path("new/", pages.create, name="create"),
    path("changes/", history.changes, name="changes"),
    path("deleted/", manage.deleted, name="deleted"),
    path("<slug:slug>/", pages.page, name="page"),
    path("<slug:slug>/edit/", pages.edit, name="edit"),
    path("<slug:slug>/move/", manage.move, name="move"),
    path("<slug:slug>/delete/", manage.delete, name="delete"),
    path("<slug:slug>/restore/", manage.undelete, name="undelete"),
    path("<slug:slug>/history/", history.history, name="history"),
    path("<slug:slug>/diff/", history.diff, name="diff"),
    path("<slug:slug>/revisions/<int:number>/", history.revision, name="revision"),
    path("<slug:slug>/revisions/<int:number>/restore/", history.revision_restore, name="revision_restore"),
]
