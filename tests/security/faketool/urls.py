from django.urls import path

from . import views

app_name = "faketool"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.add, name="add"),
    path("leaky/", views.leaky, name="leaky"),
]
