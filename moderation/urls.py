from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("w/<slug:workspace>/moderation/", views.queue, name="queue"),
    path("w/<slug:workspace>/moderation/item/<int:type_id>/<int:pk>/", views.item, name="item"),
    path("w/<slug:workspace>/moderation/report/<int:type_id>/<int:pk>/", views.report, name="report"),
]
