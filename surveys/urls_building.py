from django.urls import path

from . import views_building

urlpatterns = [
    path("", views_building.index, name="index"),
]
