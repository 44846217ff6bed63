"""The responding part's URLs: the consultation's page, sections, commenting and suggesting,
the response, sending it and the receipt."""

from django.urls import path

from . import views_responding as views

urlpatterns = [
    path("<int:pk>/", views.consultation, name="consultation"),
    path("<int:pk>/s/<int:section>/", views.section, name="section"),
    path("<int:pk>/s/<int:section>/comment/", views.comment_section, name="comment_section"),
    path("<int:pk>/s/<int:section>/p/<int:n>/comment/", views.comment, name="comment"),
    path("<int:pk>/s/<int:section>/p/<int:n>/suggest/", views.suggest, name="suggest"),
    path("<int:pk>/comments/<int:comment>/remove/", views.remove_comment, name="remove_comment"),
    path("<int:pk>/response/", views.response, name="response"),
    path("<int:pk>/response/submit/", views.submit, name="submit"),
    path("<int:pk>/response/sent/", views.sent, name="sent"),
]
