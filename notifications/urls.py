from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:notification_id>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("failed/", views.failed, name="failed"),
    path("w/<slug:workspace>/follow/<int:type_id>/<int:pk>/", views.follow, name="follow"),
    path("w/<slug:workspace>/announce/", views.announce, name="announce"),
]
