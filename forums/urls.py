from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("b/<int:pk>/", views.board, name="board"),
    path("t/<int:pk>/", views.thread, name="thread"),
    path("t/<int:pk>/post/<int:number>/", views.post_link, name="post"),
]
