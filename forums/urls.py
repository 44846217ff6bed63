from django.urls import path

from . import thread_tools_views, views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_for_me, name="new_for_me"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("boards/new/", views.board_create, name="board_create"),
    path("boards/deleted/", views.deleted_boards, name="deleted_boards"),
    path("b/<int:pk>/", views.board, name="board"),
    path("b/<int:pk>/edit/", views.board_edit, name="board_edit"),
    path("b/<int:pk>/delete/", views.board_delete, name="board_delete"),
    path("b/<int:pk>/restore/", views.board_restore, name="board_restore"),
    path("b/<int:pk>/new/", views.thread_create, name="thread_create"),
    path("t/<int:pk>/", views.thread, name="thread"),
    path("t/<int:pk>/rename/", thread_tools_views.thread_rename, name="thread_rename"),
    path("t/<int:pk>/moderate/", thread_tools_views.thread_moderate, name="thread_moderate"),
    path("t/<int:pk>/move/", thread_tools_views.thread_move, name="thread_move"),
    path("t/<int:pk>/split/", thread_tools_views.thread_split, name="thread_split"),
    path("t/<int:pk>/delete/", thread_tools_views.thread_delete, name="thread_delete"),
    path("t/<int:pk>/restore/", thread_tools_views.thread_restore, name="thread_restore"),
    path("t/<int:pk>/post/<int:number>/", views.post_link, name="post"),
    path("t/<int:pk>/post/<int:number>/edit/", views.post_edit, name="post_edit"),
    path("t/<int:pk>/post/<int:number>/remove/", views.post_remove, name="post_remove"),
    path("t/<int:pk>/post/<int:number>/history/", views.post_history, name="post_history"),
]
