"""The publishing part's URLs: publishing decisions and redactions, the published responses,
the outcome (its editors, publishing it, its page) and the workspace's past outcomes."""

from django.urls import path

from . import views_publishing as views

urlpatterns = [
    path("outcomes/", views.outcomes_list, name="outcomes"),
    path("<int:pk>/publishing/", views.publishing_page, name="publishing"),
    path("<int:pk>/publishing/switch/", views.publish_responses, name="publish_responses"),
    path("<int:pk>/publishing/decide/<str:kind>/<int:part>/", views.publish_decide, name="publish_decide"),
    path("<int:pk>/publishing/redact/<str:kind>/<int:part>/", views.redact, name="redact"),
    path("<int:pk>/responses/published/", views.published, name="published"),
    path("<int:pk>/responses/published/<str:public_id>/", views.published_response, name="published_response"),
    path("<int:pk>/outcome/", views.outcome_page, name="outcome"),
    path("<int:pk>/outcome/edit/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/outcome/edit/<int:section>/", views.outcome_section, name="outcome_section"),
    path("<int:pk>/outcome/publish/", views.publish_outcome, name="publish_outcome"),
]
