"""Core URLs, and the tool URL tree /w/<workspace>/<tool>/ built from the registry."""

from django.urls import include, path

from . import registry
from .licences import urls as licence_urls
from .views import (
    audit,
    drafts,
    exports,
    feeds,
    health,
    invitations,
    members,
    organisation,
    pages,
    people,
    permissions_review,
    teams,
    workspaces,
)

urlpatterns = [
    path("", workspaces.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("healthz/db", health.healthz_db, name="healthz_db"),
    # About the site (the footer's links): public.
    path("help/", pages.help_page, name="help"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("workspaces/new/", workspaces.workspace_create, name="workspace_create"),
    # The editor's drafts (workspaces.kit.drafts).
    path("drafts/save/", drafts.draft_save, name="draft_save"),
    path("drafts/discard/", drafts.draft_discard, name="draft_discard"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("invitations/<str:token>/decline/", invitations.invitation_decline, name="invitation_decline"),
    path("w/<slug:workspace>/", workspaces.workspace_home, name="workspace_home"),
    path("w/<slug:workspace>/activity/", workspaces.workspace_activity, name="workspace_activity"),
    path("w/<slug:workspace>/checklist/dismiss/", workspaces.checklist_dismiss_view, name="checklist_dismiss"),
    # Feeds (kit): the activity as a private Atom feed (the token is the credential), its addresses.
    path("w/<slug:workspace>/activity/feed/<str:token>/", feeds.workspace_activity_feed,
         name="workspace_activity_feed"),
    path("w/<slug:workspace>/activity/feeds/new/", feeds.feed_token_create, name="feed_token_create"),
    path("w/<slug:workspace>/activity/feeds/<int:feed_id>/revoke/", feeds.feed_token_revoke, name="feed_token_revoke"),
    # Feeds (kit): the workspace's news feed (every tool's published items; RSS or Atom), public for a
    # public workspace, by a member's key otherwise; the Feeds page, where a member makes that key.
    path("w/<slug:workspace>/feed/<feedformat:format>/", feeds.workspace_public_feed, name="workspace_public_feed"),
    path("w/<slug:workspace>/feeds/", feeds.workspace_feeds, name="workspace_feeds"),
    path("w/<slug:workspace>/feeds/key/", feeds.workspace_feeds_key, name="workspace_feeds_key"),
    path("w/<slug:workspace>/feeds/<str:token>/<feedformat:format>/", feeds.workspace_feed, name="workspace_feed"),
    path("w/<slug:workspace>/settings/", workspaces.workspace_settings, name="workspace_settings"),
    path("w/<slug:workspace>/archive/", workspaces.workspace_archive, name="workspace_archive"),
    # Downloads the tools declare (Tool(exports=...)), streamed.
    path("w/<slug:workspace>/export/<slug:tool>/<slug:name>.<str:file_format>", exports.tool_export,
         name="tool_export"),
    path("w/<slug:workspace>/members/", members.member_list, name="member_list"),
    # Suggestions as someone types a name (@mentions, people pickers): JSON for static/js/people.js.
    path("w/<slug:workspace>/members/suggest/", people.member_suggest, name="member_suggest"),
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
    # An organisation's logo: its admins set it; shown in its workspaces' bar (public).
    path("o/<slug:organisation>/logo/", organisation.organisation_logo_edit, name="organisation_logo_edit"),
    path("o/<slug:organisation>/logo.img", organisation.organisation_logo, name="organisation_logo"),
    # An organisation's licences (workspaces.licences).
    path("o/<slug:organisation>/licences/", include(licence_urls)),
]

# One include per registered tool. Tools registered in AppConfig.ready(), which runs before
# the URLconf is first imported.
for _tool in registry.all_tools():
    urlpatterns.append(path(f"w/<slug:workspace>/{_tool.slug}/", include((_tool.urls, _tool.slug))))
