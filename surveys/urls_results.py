from django.urls import path

from . import views_results

urlpatterns = [
    path("<int:pk>/results/", views_results.results_page, name="results"),
    path("<int:pk>/results/answers/<slug:code>/", views_results.text_answers, name="text_answers"),
    path("<int:pk>/results/summary/", views_results.summary, name="summary"),
    path("<int:pk>/responses/", views_results.responses, name="responses"),
    path("<int:pk>/responses/<int:response_id>/", views_results.response, name="response"),
]
