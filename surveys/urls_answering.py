from django.urls import path

from . import views_answering as views

urlpatterns = [
    path("<int:pk>/", views.survey, name="survey"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/<int:n>/", views.page, name="page"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/saved/", views.later, name="later"),
    path("<int:pk>/resume/<str:token>/", views.resume_link, name="resume"),
    path("<int:pk>/preview/<int:n>/", views.preview, name="preview"),
    path("<int:pk>/enter/", views.enter, name="enter"),
]
