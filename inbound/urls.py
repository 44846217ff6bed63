from django.urls import path

from . import views

app_name = "inbound"
urlpatterns = [
    path("mail/inbound/", views.webhook, name="webhook"),
]
