from django.urls import path

from .views import documents, library, locks, reviews, versions, writing

app_name = "documents"
urlpatterns = [
    path("", library.index, name="index"),
    path("deleted/", library.deleted, name="deleted"),
    path("folders/new/", library.folder_create, name="folder_create"),
    path("folders/<int:folder_id>/", library.folder, name="folder"),
    path("folders/<int:folder_id>/rename/", library.folder_rename, name="folder_rename"),
    path("folders/<int:folder_id>/delete/", library.folder_delete, name="folder_delete"),
    path("upload/", documents.upload, name="upload"),
    path("write/", writing.write, name="write"),
    path("<int:pk>/", documents.detail, name="detail"),
    path("<int:pk>/details/", documents.details, name="details"),
    path("<int:pk>/delete/", documents.delete, name="delete"),
    path("<int:pk>/restore/", documents.restore, name="restore"),
    path("<int:pk>/edit/", writing.edit, name="edit"),
    path("<int:pk>/print/", writing.printable, name="print"),
    path("<int:pk>/upload/", versions.upload_version, name="upload_version"),
    path("<int:pk>/versions/", versions.history, name="versions"),
    path("<int:pk>/versions/compare/", versions.compare, name="compare"),
    path("<int:pk>/versions/<int:number>/", versions.version, name="version"),
    path("<int:pk>/versions/<int:number>/download/", versions.download, name="download"),
    path("<int:pk>/check-out/", locks.check_out, name="check_out"),
    path("<int:pk>/check-in/", locks.check_in, name="check_in"),
    path("<int:pk>/release/", locks.break_lock, name="break_lock"),
    path("<int:pk>/reviews/new/", reviews.request_review, name="review_request"),
    path("<int:pk>/reviews/<int:review_id>/", reviews.review, name="review"),
    path("<int:pk>/reviews/<int:review_id>/withdraw/", reviews.withdraw, name="review_withdraw"),
]
