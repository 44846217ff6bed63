"""The risk part's URLs (see urls.py): a risk's page (with its timeline); adding and editing a
risk; its status, review, controls, actions and formal acceptance."""

from django.urls import path

from . import views_risk as views

RISK = "<int:register>/R-<int:number>/"

urlpatterns = [
    path("<int:register>/add-risk/", views.add, name="add"),
    path(RISK, views.risk, name="risk"),
    path(RISK + "edit/", views.edit_risk, name="edit_risk"),
    path(RISK + "status/", views.move, name="move"),
    path(RISK + "review/", views.review, name="review"),
    path(RISK + "controls/add/", views.add_control, name="add_control"),
    path(RISK + "controls/<int:control>/", views.edit_control, name="edit_control"),
    path(RISK + "controls/<int:control>/remove/", views.remove_control, name="remove_control"),
    path(RISK + "actions/add/", views.add_action, name="add_action"),
    path(RISK + "actions/<int:action>/done/", views.action_done, name="action_done"),
    path(RISK + "actions/<int:action>/reopen/", views.action_reopen, name="action_reopen"),
    path(RISK + "accept/", views.accept, name="accept"),
    path(RISK + "acceptance/end/", views.end_acceptance, name="end_acceptance"),
]
