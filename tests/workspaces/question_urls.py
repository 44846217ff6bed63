"""The project's URLconf with the questions harness at /questions/ (tests only)."""

from django.urls import path

from engage.urls import handler400, handler403, handler404, handler500  # noqa: F401
from engage.urls import urlpatterns as project_urlpatterns

from .question_harness import questions_page

urlpatterns = [path("questions/", questions_page, name="questions_harness"), *project_urlpatterns]
