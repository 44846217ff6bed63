from django.urls import path

from . import views_exports

urlpatterns = [
    path("<int:pk>/export/", views_exports.export, name="export"),
    path("<int:pk>/codebook.csv", views_exports.codebook, name="codebook"),
    path("<int:pk>/themes/", views_exports.theme_list, name="themes"),
    path("<int:pk>/themes/<int:theme_id>/", views_exports.theme_edit, name="theme_edit"),
    path("<int:pk>/themes/<int:theme_id>/delete/", views_exports.theme_delete, name="theme_delete"),
    path("<int:pk>/tag/<str:code>/", views_exports.tag_answers, name="tag_answers"),
]
