from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("w/<slug:workspace>/comments/on/<int:type_id>/<int:pk>/", views.add, name="add"),
    path("w/<slug:workspace>/comments/<int:comment_id>/remove/", views.remove, name="remove"),
    path("w/<slug:workspace>/comments/<int:comment_id>/report/", views.report, name="report"),
    # Old addresses: the moderation app's queue and item page now.
    path("w/<slug:workspace>/comments/moderation/", views.queue, name="moderation"),
    path("w/<slug:workspace>/comments/<int:comment_id>/moderate/", views.moderate, name="moderate"),
]
