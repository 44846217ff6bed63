from django.urls import path

from . import views_distribution

urlpatterns = [
    path("<int:pk>/invite/", views_distribution.invite, name="invite"),
    path("<int:pk>/invited/<str:token>/", views_distribution.invited, name="invited"),
    path("<int:pk>/reminders/", views_distribution.reminders, name="reminders"),
    path("<int:pk>/response-rate/", views_distribution.response_rate, name="response_rate"),
]
