"""The authoring part's URLs: the list, adding, settings, the document and its import,
questions, files and other formats, requests for other formats, deleting and restoring."""

from django.urls import path, register_converter

from . import views_authoring as views


class ExampleFormat:
    regex = "docx|md"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExampleFormat, "example_format")

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<int:pk>/settings/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/document/", views.document, name="document"),
    path("<int:pk>/document/import/", views.document_import, name="import"),
    path("<int:pk>/document/example.<example_format:format>", views.example, name="example"),
    path("<int:pk>/questions/", views.questions, name="questions"),
    path("<int:pk>/questions/<int:question>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:question>/move/", views.question_move, name="question_move"),
    path("<int:pk>/files/", views.attachments, name="attachments"),
    path("<int:pk>/files/<int:attachment>/", views.attachment, name="attachment"),
    path("<int:pk>/files/<int:attachment>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/files/<int:attachment>/move/", views.attachment_move, name="attachment_move"),
    path("<int:pk>/request-format/", views.request_format, name="request_format"),
    path("<int:pk>/format-requests/", views.format_requests, name="format_requests"),
]
