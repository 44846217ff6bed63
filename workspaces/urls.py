"""Core URLs, and the tool URL tree /w/<workspace>/<tool>/ built from the registry."""

from django.urls import include, path

from . import registry
from .views import (
    audit,
    drafts,
    health,
    invitations,
    licence_pools,
    licences,
    members,
    permissions_review,
    teams,
    workspaces,
)

urlpatterns = [
    path("", workspaces.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("workspaces/new/", workspaces.workspace_create, name="workspace_create"),
    # The editor's drafts (workspaces.kit.drafts).
    path("drafts/save/", drafts.draft_save, name="draft_save"),
    path("drafts/discard/", drafts.draft_discard, name="draft_discard"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("w/<slug:workspace>/", workspaces.workspace_home, name="workspace_home"),
    path("w/<slug:workspace>/activity/", workspaces.workspace_activity, name="workspace_activity"),
    path("w/<slug:workspace>/settings/", workspaces.workspace_settings, name="workspace_settings"),
    path("w/<slug:workspace>/members/", members.member_list, name="member_list"),
    path("w/<slug:workspace>/members/<int:membership_id>/", members.member_edit, name="member_edit"),
    path("w/<slug:workspace>/members/<int:membership_id>/remove/", members.member_remove, name="member_remove"),
    path("w/<slug:workspace>/invitations/", invitations.invitation_list, name="invitation_list"),
    path("w/<slug:workspace>/invitations/new/", invitations.invitation_create, name="invitation_create"),
    path("w/<slug:workspace>/invitations/bulk/", invitations.invitation_bulk, name="invitation_bulk"),
    path(
        "w/<slug:workspace>/invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("w/<slug:workspace>/teams/", teams.team_list, name="team_list"),
    path("w/<slug:workspace>/teams/new/", teams.team_create, name="team_create"),
    path("w/<slug:workspace>/teams/<int:team_id>/", teams.team_detail, name="team_detail"),
    path("w/<slug:workspace>/teams/<int:team_id>/edit/", teams.team_edit, name="team_edit"),
    path("w/<slug:workspace>/teams/<int:team_id>/delete/", teams.team_delete, name="team_delete"),
    path("w/<slug:workspace>/permissions/", permissions_review.permission_review, name="permission_review"),
    path("w/<slug:workspace>/audit/", audit.audit_log, name="audit_log"),
    # An organisation's licences: its organisation admins and site admins.
    path("o/<slug:organisation>/licences/", licences.licence_overview, name="licence_overview"),
    path("o/<slug:organisation>/licences/export.csv", licences.licence_export, name="licence_export"),
    path("o/<slug:organisation>/licences/assign/", licences.licence_assign, name="licence_assign"),
    path("o/<slug:organisation>/licences/upload/", licences.licence_bulk, name="licence_bulk"),
    path("o/<slug:organisation>/licences/release/", licences.licence_bulk_release, name="licence_bulk_release"),
    path("o/<slug:organisation>/licences/audit/", licences.licence_audit, name="licence_audit"),
    path(
        "o/<slug:organisation>/licences/<int:licence_id>/release/", licences.licence_release, name="licence_release"
    ),
    # Site admins only: pools, organisation admins, whether licences are required.
    path("o/<slug:organisation>/licences/pools/new/", licence_pools.licence_pool_create, name="licence_pool_create"),
    path(
        "o/<slug:organisation>/licences/pools/<int:pool_id>/", licence_pools.licence_pool_edit, name="licence_pool_edit"
    ),
    path("o/<slug:organisation>/licences/admins/", licence_pools.organisation_admins_page, name="organisation_admins"),
]

# One include per registered tool. Tools registered in AppConfig.ready(), which runs before
# the URLconf is first imported.
for _tool in registry.all_tools():
    urlpatterns.append(path(f"w/<slug:workspace>/{_tool.slug}/", include((_tool.urls, _tool.slug))))
