from django.urls import path

from . import views_answering

urlpatterns = [
    path("<int:pk>/", views_answering.survey, name="survey"),
]
