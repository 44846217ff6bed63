"""The lifecycle part's URLs: the status and dates page, and the stage's actions."""

from django.urls import path

from . import views_lifecycle as views

urlpatterns = [
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/start-analysis/", views.start_analysis, name="start_analysis"),
]
