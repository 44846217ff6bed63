from django.urls import path

from . import views_building as views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<int:pk>/settings/", views.settings, name="settings"),
    path("<int:pk>/build/", views.build, name="build"),
    path("<int:pk>/build/pages/new/", views.page_add, name="page_add"),
    path("<int:pk>/build/pages/<int:page>/", views.page_edit, name="page_edit"),
    path("<int:pk>/build/pages/<int:page>/delete/", views.page_delete, name="page_delete"),
    path("<int:pk>/build/pages/<int:page>/move/", views.page_move, name="page_move"),
    path("<int:pk>/build/pages/<int:page>/duplicate/", views.page_duplicate, name="page_duplicate"),
    path("<int:pk>/build/pages/<int:page>/questions/new/", views.question_add, name="question_add"),
    path("<int:pk>/build/questions/<int:question>/", views.question_edit, name="question_edit"),
    path("<int:pk>/build/questions/<int:question>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/build/questions/<int:question>/move/", views.question_move, name="question_move"),
    path("<int:pk>/build/questions/<int:question>/duplicate/", views.question_duplicate, name="question_duplicate"),
    path("<int:pk>/logic/", views.logic_check, name="logic"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/duplicate/", views.duplicate, name="duplicate"),
]
