"""The register part's URLs (see urls.py): registers (list, new, edit, delete, restore, deleted),
settings (matrix, categories), the table with its heat map, the heat map alone, the due lists,
the export (CSV, or XLSX with ?format=xlsx) and the printable board view."""

from django.urls import path

from . import views_register as views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<int:pk>/", views.register, name="register"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/settings/", views.settings, name="settings"),
    path("<int:pk>/heat-map/", views.heatmap, name="heatmap"),
    path("<int:pk>/due/", views.due, name="due"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/export/", views.export, name="export"),
]
