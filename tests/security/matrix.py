"""The permission matrix, written out by hand: what each persona gets from each URL.

Each URL pattern is either third-party (EXEMPT, by route prefix, and its view must not be
ours) or one of our views carrying an `engage_access` marker and listed in MATRIX with the
outcome each persona must get on the private workspace. test_url_matrix.py walks the URLconf
and fails, naming the URL, when one is missing here. Never derive these from the code.

Outcomes: 200/403/404/405 are status codes; LOGIN is a redirect to the sign-in page;
REDIRECT is any other redirect.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Follow, Preference
from workspaces.models import FeedToken, Membership

from .world import PDF, unsubscribe

LOGIN, REDIRECT = "login", "redirect"
PUBLIC, SIGNED_IN, SITE_ADMIN = "public", "login", "site_admin"
WORKSPACE, ORGANISATION = "workspace", "organisation"
MARKERS = {PUBLIC, SIGNED_IN, SITE_ADMIN, WORKSPACE, ORGANISATION}

# Third-party URL trees, by route prefix. Their views must not come from our apps.
EXEMPT = {
    "admin/": "Django admin: staff only, with allauth's login in front (secure_admin_login)",
    "accounts/": "django-allauth: sign in and up, passwords, email addresses, 2FA, sessions",
    "static/": "static files (WhiteNoise answers before URL routing; listed should one appear)",
}

# name: marker, then anonymous, outsider, reader, contributor, manager, site_admin — on the
# PRIVATE workspace test-programme.
MATRIX = {
    # Site-wide pages.
    "home": {"access": PUBLIC,
             "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    "healthz": {"access": PUBLIC,
                "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    "readyz": {"access": PUBLIC,
               "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    "profile": {"access": SIGNED_IN,
                "anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    # Only site admins create workspaces; others are sent home with an explanation.
    "workspace_create": {"access": SIGNED_IN,
                         "anonymous": LOGIN, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                         "manager": REDIRECT, "site_admin": 200},
    # The link is addressed to newcomer@example.org: a visitor is asked to sign in or sign up;
    # anyone signed in with another address is refused (and told to switch account).
    "invitation_accept": {"access": PUBLIC,
                          "anonymous": 200, "outsider": 403, "reader": 403, "contributor": 403, "manager": 403,
                          "site_admin": 403},
    # The workspace and what every member may read.
    "workspace_home": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "workspace_activity": {"access": WORKSPACE,
                           "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
    "member_list": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "team_list": {"access": WORKSPACE,
                  "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                  "site_admin": 200},
    "team_detail": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    # Managers' pages.
    "workspace_settings": {"access": WORKSPACE,
                           "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                           "site_admin": 200},
    "member_edit": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200},
    "member_remove": {"access": WORKSPACE,
                      "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                      "site_admin": 200},
    "invitation_list": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
    "invitation_create": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                          "site_admin": 200},
    "invitation_bulk": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
    # POST only: a GET is refused (405) once the permission check has passed.
    "invitation_revoke": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 405,
                          "site_admin": 405},
    "team_create": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200},
    "team_edit": {"access": WORKSPACE,
                  "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                  "site_admin": 200},
    "team_delete": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200},
    "permission_review": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                          "site_admin": 200},
    # A tool's download (Tool(exports=...)): what the reader may see of its items.
    "tool_export": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "audit_log": {"access": WORKSPACE,
                  "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                  "site_admin": 200},
    # Links. The link was added by the manager, open to all members, changeable by any contributor.
    "links:index": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "links:create": {"access": WORKSPACE,
                     "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "links:detail": {"access": WORKSPACE,
                     "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "links:edit": {"access": WORKSPACE,
                   "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    # Only the author or a manager may delete.
    "links:delete": {"access": WORKSPACE,
                     "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                     "site_admin": 200},
    # Wiki. The page was written by the manager, open to all members, changeable by contributors.
    "wikis:index": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "wikis:changes": {"access": WORKSPACE,
                      "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "wikis:page": {"access": WORKSPACE,
                   "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:history": {"access": WORKSPACE,
                      "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "wikis:diff": {"access": WORKSPACE,
                   "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:revision": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "wikis:create": {"access": WORKSPACE,
                     "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "wikis:edit": {"access": WORKSPACE,
                   "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:move": {"access": WORKSPACE,
                   "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:revision_restore": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200,
                               "manager": 200, "site_admin": 200},
    # Managers delete and restore; a deleted page is not found by anyone else.
    "wikis:delete": {"access": WORKSPACE,
                     "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                     "site_admin": 200},
    "wikis:undelete": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 404, "manager": 200,
                       "site_admin": 200},
    "wikis:deleted": {"access": WORKSPACE,
                      "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                      "site_admin": 200},
    # Documents. The library has a folder, an uploaded PDF and a document written here (both by the
    # manager, open to all members, changeable by contributors), a deleted document, a review of
    # the written one asked of the reader, and a comment by the manager.
    "documents:index": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:folder": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:detail": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:versions": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    "documents:version": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:compare": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:download": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    "documents:print": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:review": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    # Contributors add, write, upload versions, check out and ask for reviews.
    "documents:folder_create": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                               "site_admin": 200},
    "documents:upload": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:write": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:details": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:edit": {"access": WORKSPACE,
                      "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "documents:upload_version": {"access": WORKSPACE,
                                "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                                "site_admin": 200},
    "documents:review_request": {"access": WORKSPACE,
                                "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 200, "manager": 200,
                                "site_admin": 200},
    # POST only: a GET is refused (405) once the permission check has passed.
    "documents:check_out": {"access": WORKSPACE,
                           "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 405, "manager": 405,
                           "site_admin": 405},
    "documents:check_in": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 405, "manager": 405,
                          "site_admin": 405},
    "documents:review_withdraw": {"access": WORKSPACE,
                                 "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 405, "manager": 405,
                                 "site_admin": 405},
    "documents:comment_add": {"access": WORKSPACE,
                             "anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405, "manager": 405,
                             "site_admin": 405},
    # Managers rename and delete folders, delete and restore documents, break locks, remove
    # others' comments; a deleted document is not found by anyone else.
    "documents:folder_rename": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                               "site_admin": 200},
    "documents:folder_delete": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                               "site_admin": 200},
    "documents:delete": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
    "documents:restore": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 404, "manager": 200,
                         "site_admin": 200},
    "documents:deleted": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                         "site_admin": 200},
    "documents:break_lock": {"access": WORKSPACE,
                            "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                            "site_admin": 200},
    "documents:comment_delete": {"access": WORKSPACE,
                                "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                                "site_admin": 200},
    # Notifications: each person's own; the notification used is the reader's.
    "notifications:index": {"access": SIGNED_IN,
                            "anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                            "site_admin": 200},
    "notifications:preferences": {"access": SIGNED_IN,
                                  "anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200,
                                  "manager": 200, "site_admin": 200},
    "notifications:read": {"access": SIGNED_IN,  # POST only
                           "anonymous": LOGIN, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                           "site_admin": 405},
    "notifications:read_all": {"access": SIGNED_IN,  # POST only
                               "anonymous": LOGIN, "outsider": 405, "reader": 405, "contributor": 405,
                               "manager": 405, "site_admin": 405},
    # The signed token in the link is the proof (one-click unsubscribe from a mail program).
    "notifications:unsubscribe": {"access": PUBLIC,
                                  "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                                  "manager": 200, "site_admin": 200},
    "notifications:failed": {"access": SITE_ADMIN,
                             "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                             "site_admin": 200},
    "notifications:follow": {"access": WORKSPACE,  # POST only; any member may follow what they can see
                             "anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405, "manager": 405,
                             "site_admin": 405},
    "notifications:announce": {"access": WORKSPACE,
                               "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                               "manager": 200, "site_admin": 200},
    # Licences: the organisation's admins (none of the personas is one; see the test below)
    # and site admins. Pools and organisation admins: site admins only.
    "licence_overview": {"access": ORGANISATION,
                         "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                         "site_admin": 200},
    "licence_export": {"access": ORGANISATION,
                       "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                       "site_admin": 200},
    "licence_export_xlsx": {"access": ORGANISATION,
                            "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404,
                            "manager": 404, "site_admin": 200},
    "licence_assign": {"access": ORGANISATION,
                       "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                       "site_admin": 200},
    "licence_bulk": {"access": ORGANISATION,
                     "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                     "site_admin": 200},
    "licence_bulk_release": {"access": ORGANISATION,
                             "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                             "site_admin": 200},
    "licence_release": {"access": ORGANISATION,
                        "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                        "site_admin": 200},
    "licence_audit": {"access": ORGANISATION,
                      "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                      "site_admin": 200},
    "licence_pool_create": {"access": SITE_ADMIN,
                            "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                            "site_admin": 200},
    "licence_pool_edit": {"access": SITE_ADMIN,
                          "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                          "site_admin": 200},
    "organisation_admins": {"access": SITE_ADMIN,
                            "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                            "site_admin": 200},
}

# Drafts (kit). POST only; the signed token an editor page embeds (user + form) is the
# permission, so a POST without a valid one of your own is refused (403) and keeps nothing.
# Saving and discarding with a real token: tests/workspaces/test_drafts.py.
MATRIX.update({
    "draft_save": {"access": SIGNED_IN,
                   "anonymous": LOGIN, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                   "site_admin": 405},
    "draft_discard": {"access": SIGNED_IN,
                      "anonymous": LOGIN, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                      "site_admin": 405},
})

# The same pages on the PUBLIC workspace open-forum: anyone reads; only members take part.
PUBLIC_MATRIX = {
    "workspace_home": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "workspace_activity": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
    "member_list": {"anonymous": LOGIN, "outsider": 403, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "workspace_settings": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                           "site_admin": 200},
    "invitation_create": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                          "site_admin": 200},
    "links:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "links:detail": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "links:create": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "links:edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "wikis:page": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:undelete": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 404, "manager": 200,
                       "site_admin": 200},
    "documents:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "documents:detail": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:download": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
    "documents:upload": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                         "site_admin": 200},
    "documents:edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "documents:restore": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 404, "manager": 200,
                          "site_admin": 200},
}

# An archived workspace is read-only, even for its managers; settings stay open so that it
# can be un-archived. GET outcomes for the manager and the site admin.
ARCHIVED = {
    "workspace_home": 200,
    "links:index": 200,
    "links:detail": 200,
    "team_detail": 200,
    "audit_log": 200,
    "workspace_settings": 200,
    "links:create": 403,
    "links:edit": 403,
    "links:delete": 403,
    "member_edit": 403,
    "member_remove": 403,
    "invitation_create": 403,
    "invitation_bulk": 403,
    "team_create": 403,
    "team_edit": 403,
    "team_delete": 403,
    "wikis:page": 200,
    "wikis:create": 403,
    "wikis:edit": 403,
    "wikis:move": 403,
    "wikis:delete": 403,
    "notifications:announce": 403,
    "documents:index": 200,
    "documents:detail": 200,
    "documents:download": 200,
    "documents:review": 200,
    "documents:upload": 403,
    "documents:write": 403,
    "documents:edit": 403,
    "documents:details": 403,
    "documents:upload_version": 403,
    "documents:review_request": 403,
    "documents:folder_create": 403,
    "documents:delete": 403,
    "documents:break_lock": 403,
}

# URL argument -> how to fill it from a Place. Per-name entries win (for ambiguous names like pk).
PARAM_BUILDERS = {
    "workspace": lambda place: place.workspace.slug,
    "organisation": lambda place: place.organisation.slug,
    "membership_id": lambda place: place.membership.pk,
    "team_id": lambda place: place.team.pk,
    "invitation_id": lambda place: place.invitation.pk,
    "notification_id": lambda place: place.notification.pk,
    "licence_id": lambda place: place.licence.pk,
    "pool_id": lambda place: place.pool.pk,
    "token": lambda place: place.invitation.token,
    "slug": lambda place: place.wiki_page.slug,
    "number": lambda place: 1,
    "folder_id": lambda place: place.folder.pk,
    "review_id": lambda place: place.review.pk,
    "comment_id": lambda place: place.document_comment.pk,
}
_DOCUMENT = {"pk": lambda place: place.document.pk}
_WRITTEN = {"pk": lambda place: place.written_document.pk}
NAME_BUILDERS = {
    "links:detail": {"pk": lambda place: place.link.pk},
    "links:edit": {"pk": lambda place: place.link.pk},
    "links:delete": {"pk": lambda place: place.link.pk},
    "wikis:undelete": {"slug": lambda place: place.deleted_wiki_page.slug},
    **{f"documents:{name}": _DOCUMENT for name in (
        "detail", "details", "delete", "upload_version", "versions", "version", "download", "check_out", "check_in",
        "break_lock", "comment_add", "comment_delete")},
    **{f"documents:{name}": _WRITTEN for name in (
        "edit", "print", "compare", "review_request", "review", "review_withdraw")},
    "documents:restore": {"pk": lambda place: place.deleted_document.pk},
    "notifications:unsubscribe": {"token": unsubscribe},
    # A download a tool declares: the links tool's list of links, as CSV.
    "tool_export": {"tool": lambda place: "links", "name": lambda place: "links", "file_format": lambda place: "csv"},
    "notifications:follow": {"type_id": lambda place: ContentType.objects.get_for_model(place.link).pk,
                             "pk": lambda place: place.link.pk},
}

# Where a POST is answered differently from a GET: readers may see a team's page, only
# managers may change who is in it.
POST_MATRIX = {
    "team_detail": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": REDIRECT,
                    "site_admin": REDIRECT},
    # Only the reader's own notification can be marked read by them; it is not found for anyone else.
    "notifications:read": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": 404,
                           "manager": 404, "site_admin": 404},
    "notifications:follow": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
                             "manager": REDIRECT, "site_admin": REDIRECT},
    # Documents: contributors check out and in; the reader is the one asked to review; whoever
    # asked (the manager) or any manager may withdraw the review; contributors comment.
    "documents:check_out": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT,
                            "manager": REDIRECT, "site_admin": REDIRECT},
    "documents:check_in": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT,
                           "manager": REDIRECT, "site_admin": REDIRECT},
    "documents:review": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": 403, "manager": 403,
                         "site_admin": 403},
    "documents:review_withdraw": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                                  "manager": REDIRECT, "site_admin": REDIRECT},
    "documents:comment_add": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT,
                              "manager": REDIRECT, "site_admin": REDIRECT},
    "documents:comment_delete": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                                 "manager": REDIRECT, "site_admin": REDIRECT},
    # Whoever holds the signed link may use it, signed in or not (RFC 8058 one-click).
    "notifications:unsubscribe": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                                  "manager": 200, "site_admin": 200},
}

# Drafts (kit): a forged or missing token is refused for everyone signed in.
POST_MATRIX.update({
    "draft_save": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 403,
                   "site_admin": 403},
    "draft_discard": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 403,
                      "site_admin": 403},
})

# Writes: what a POST sends. Data a permitted person's POST would succeed with, so that a
# refusal is the permission layer's doing and not a form error.
POST_DATA = {
    "workspace_create": {"organisation": "", "name": "Sneaky", "slug": "sneaky", "visibility": "private"},
    "workspace_settings": {"name": "Renamed", "description": "", "visibility": "private", "enabled_tools": ["links"]},
    "member_edit": {"role": "30"},
    "member_remove": {},
    "invitation_accept": {},
    "invitation_create": {"email": "intruder@example.org", "role": "30", "message": ""},
    "invitation_bulk": {"addresses": "intruder@example.org,manager", "role": "30", "message": ""},
    "invitation_revoke": {},
    "team_create": {"name": "Cabal", "description": ""},
    "team_edit": {"name": "Renamed", "description": ""},
    "team_delete": {},
    "team_detail": {"action": "add_emails", "emails": "contributor@example.org"},
    "links:create": {"url": "https://evil.example/", "title": "Injected", "note": "", "tags": "",
                     "view_access": "anyone", "change_access": "members"},
    "links:edit": {"url": "https://evil.example/", "title": "Defaced", "note": "", "tags": "",
                   "view_access": "anyone", "change_access": "members", "loaded_version": "1"},
    "links:delete": {},
    "wikis:create": {"title": "Injected", "text": "x", "summary": "", "view_access": "anyone",
                     "change_access": "members"},
    "wikis:edit": {"title": "Terms of reference", "text": "Defaced", "summary": "", "loaded_version": "2",
                   "view_access": "anyone", "change_access": "members"},
    "wikis:move": {"title": "Moved away", "parent": "", "summary": "", "loaded_version": "2"},
    "wikis:delete": {},
    "wikis:undelete": {},
    "wikis:revision_restore": {},
    "notifications:read": {},
    "notifications:read_all": {},
    "notifications:follow": {},
    "notifications:unsubscribe": {},
    "notifications:announce": {"audience": "everyone", "subject": "Spam", "message": "Spam", "url": "",
                               "confirm": "send"},
    "licence_assign": {"email": "intruder@example.org", "name": ""},
    "licence_release": {},
    "licence_pool_create": {"label": "Pirate seats", "seats": "1000", "valid_from": "2026-01-01",
                            "valid_until": "2099-12-31"},
    "licence_pool_edit": {"label": "Pirate seats", "seats": "1000", "valid_from": "2026-01-01",
                          "valid_until": "2099-12-31"},
    "organisation_admins": {"email": "outsider@example.org", "action": "add"},
    "documents:folder_create": {"title": "Injected"},
    "documents:folder_rename": {"title": "Renamed"},
    "documents:folder_delete": {},
    "documents:upload": {"file": SimpleUploadedFile("evil.pdf", PDF), "title": "Injected", "folder": "",
                         "description": "", "note": "", "view_access": "anyone", "change_access": "members"},
    "documents:write": {"title": "Injected", "folder": "", "description": "", "text": "x", "coauthors": "",
                        "note": "", "view_access": "anyone", "change_access": "members"},
    "documents:details": {"title": "Defaced", "folder": "", "description": "", "coauthors": "",
                          "view_access": "anyone", "change_access": "members"},
    "documents:edit": {"text": "Defaced", "note": "", "loaded_version": "1"},
    "documents:upload_version": {"file": SimpleUploadedFile("evil.pdf", PDF), "note": ""},
    "documents:delete": {},
    "documents:restore": {},
    "documents:check_out": {},
    "documents:check_in": {},
    "documents:break_lock": {},
    "documents:comment_add": {"body": "Injected", "quote": ""},
    "documents:comment_delete": {},
    "documents:review_request": {"reviewers": "contributor@example.org", "due_on": "2099-12-31", "message": ""},
    "documents:review": {"decision": "approved", "comment": ""},
    "documents:review_withdraw": {},
}

# Drafts (kit): a token that is nobody's.
POST_DATA.update({
    "draft_save": {"draft": "forged-token", "text": "Injected"},
    "draft_discard": {"draft": "forged-token"},
})

# POST-only actions: a permitted POST must have this effect (proves the refusals above mean something).
EFFECTS = {
    "member_remove": lambda place: not Membership.objects.filter(pk=place.membership.pk).exists(),
    "invitation_revoke": lambda place: type(place.invitation).objects.get(pk=place.invitation.pk).revoked_at is not None,
    "team_delete": lambda place: not type(place.team).objects.filter(pk=place.team.pk).exists(),
    "links:delete": lambda place: not type(place.link).objects.filter(pk=place.link.pk).exists(),
    "team_detail": lambda place: place.team.group.user_set.filter(email="contributor@example.org").exists(),
    "wikis:delete": lambda place: type(place.wiki_page).objects.get(pk=place.wiki_page.pk).is_deleted,
    "wikis:undelete": lambda place: not type(place.wiki_page).objects.get(pk=place.deleted_wiki_page.pk).is_deleted,
    "licence_release": lambda place: type(place.licence).objects.get(pk=place.licence.pk).released_at is not None,
    "notifications:follow": lambda place: Follow.objects.filter(target_id=place.link.pk).exists(),
    "notifications:unsubscribe": lambda place: Preference.objects.filter(
        user=place.reader, workspace=place.workspace, frequency="off").exists(),
    "documents:delete": lambda place: type(place.document).objects.get(pk=place.document.pk).is_deleted,
    "documents:restore": lambda place: not type(place.document).objects.get(pk=place.deleted_document.pk).is_deleted,
    "documents:check_out": lambda place: type(place.document).objects.get(pk=place.document.pk).locked_by_id is not None,
    "documents:comment_delete": lambda place: not type(place.document_comment).objects.filter(
        pk=place.document_comment.pk).exists(),
    "documents:review_withdraw": lambda place: type(place.review).objects.get(pk=place.review.pk).status == "cancelled",
}


# GET outcomes for an organisation admin of the private workspace's organisation who is
# otherwise an outsider.
ORGANISATION_ADMIN = {
    "licence_overview": 200,
    "licence_export": 200,
    "licence_export_xlsx": 200,
    "licence_assign": 200,
    "licence_bulk": 200,
    "licence_bulk_release": 200,
    "licence_release": 200,
    "licence_audit": 200,
    "licence_pool_create": 404,
    "licence_pool_edit": 404,
    "organisation_admins": 404,
}

# Reads that are themselves audited (exports): the audit row is the only change they may make.
AUDITED_READS = {"licence_export", "licence_export_xlsx", "tool_export"}

REFUSED = {LOGIN, 403, 404}


# --- Feeds (kit) ------------------------------------------------------------------------------
# The sixth access kind: a feed (Atom now, iCal next) is fetched by a feed reader, which sends no
# cookie, so the token in its URL is the credential. With the place's token (the reader's) it
# answers whoever calls it, signed in or not; a bad, revoked or no longer permitted token is
# not found for everyone (tests/security/test_feed_urls.py). Kept in one block, to be moved.
FEED = "feed"
MARKERS.add(FEED)
MATRIX.update({
    "workspace_activity_feed": {"access": FEED,
                                "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                                "site_admin": 200},
    # POST only; anyone signed in who may see the workspace makes their own addresses.
    "feed_token_create": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405, "manager": 405,
                          "site_admin": 405},
    # The reader's address: only its owner revokes it; for anyone else, managers too, it is not found.
    "feed_token_revoke": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 404, "manager": 404,
                          "site_admin": 404},
})
PUBLIC_MATRIX.update({
    "workspace_activity_feed": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                                "manager": 200, "site_admin": 200},
})
NAME_BUILDERS.update({
    "workspace_activity_feed": {"token": lambda place: place.feed_secret},
    "feed_token_revoke": {"feed_id": lambda place: place.feed_token.pk},
})
POST_MATRIX.update({
    # The new address is shown on the answer to the POST itself (it is never stored to redirect to).
    "feed_token_create": {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    "feed_token_revoke": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": 404,
                          "manager": 404, "site_admin": 404},
})
POST_DATA.update({
    "feed_token_create": {"label": "Injected"},
    "feed_token_revoke": {},
})
EFFECTS.update({
    "feed_token_create": lambda place: FeedToken.objects.filter(workspace=place.workspace).exclude(
        pk=place.feed_token.pk).exists(),
})
