"""The core's permission table, written out by hand: what each persona gets from each URL of
the core (workspaces, accounts, notifications, licences). Each tool's rows are in
`tests/<app>/security.py`; tables.py collects both (it documents the names used here).

Each URL pattern is either third-party (EXEMPT, by route prefix, and its view must not be
ours) or one of our views carrying an `engage_access` marker and listed in a MATRIX with the
outcome each persona must get on the private workspace. test_url_matrix.py walks the URLconf
and fails, naming the URL, when one is missing. Never derive these from the code.

Outcomes (outcomes.py): 200/403/404/405 are status codes; LOGIN is a redirect to the sign-in
page; REDIRECT is any other redirect.
"""

from django.contrib.contenttypes.models import ContentType

from comments.models import Comment
from moderation.models import ModerationSettings, Report
from notifications.emails import unsubscribe_token
from notifications.models import Follow, Preference
from workspaces.models import FeedToken, Membership

from .outcomes import FEED, LOGIN, ORGANISATION, PUBLIC, REDIRECT, SIGNED_IN, SITE_ADMIN, WORKSPACE

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
    "healthz": {"access": PUBLIC, "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                "manager": 200, "site_admin": 200},
    "healthz_db": {"access": PUBLIC, "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                   "manager": 200, "site_admin": 200},
    "readyz": {"access": PUBLIC,
               "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    # About the site (footer): help, accessibility statement, privacy notice.
    "help": {"access": PUBLIC,
             "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
    "accessibility": {"access": PUBLIC, "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                      "manager": 200, "site_admin": 200},
    "privacy": {"access": PUBLIC, "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                "manager": 200, "site_admin": 200},
    "profile": {"access": SIGNED_IN, "anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200,
                "manager": 200, "site_admin": 200},
    # Only site admins create workspaces; others are sent home with an explanation.
    "workspace_create": {"access": SIGNED_IN,
                         "anonymous": LOGIN, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                         "manager": REDIRECT, "site_admin": 200},
    # The link is addressed to newcomer@example.org, who has no account: a visitor is asked to
    # sign up (with that address) or sign in; whoever is signed in may use it instead, once
    # (audited; tests/accounts/test_invitation_signup.py has the rest, e.g. an invited address
    # with an account of its own, whose invitation nobody else can use).
    "invitation_accept": {"access": PUBLIC,
                          "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                          "site_admin": 200},
    # Declining is for the invited address alone (newcomer@example.org, who has no account here).
    "invitation_decline": {"access": SIGNED_IN,
                           "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                           "site_admin": 404},
    # The workspace and what every member may read.
    "workspace_home": {"access": WORKSPACE,
                       "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "workspace_activity": {"access": WORKSPACE,
                           "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
    # The home's getting-started checklist: a manager puts it away (POST only; a GET is 405).
    "checklist_dismiss": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 405,
                          "site_admin": 405},
    "member_list": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    # Members' names as someone types (@mentions, people pickers): whoever sees the directory.
    "member_suggest": {"access": WORKSPACE,
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
    # Archiving (and restoring) on a confirm page of its own: the managers' right to change settings.
    "workspace_archive": {"access": WORKSPACE,
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
    "audit_log": {"access": WORKSPACE,
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
    # Reply by email: a mail provider's server posts there; the bearer secret is the proof (POST only).
    "inbound:webhook": {"access": PUBLIC,
                        "anonymous": 405, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                        "site_admin": 405},
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
    "licence_export_xlsx": {"access": ORGANISATION,
                            "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404,
                            "manager": 404, "site_admin": 200},
    # A tool's download (Tool(exports=...)): what the reader may see of its items.
    "tool_export": {"access": WORKSPACE,
                    "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    # Drafts (kit). POST only; the signed token an editor page embeds (user + form) is the
    # permission, so a POST without a valid one of your own is refused (403) and keeps nothing.
    # Saving and discarding with a real token: tests/workspaces/test_drafts.py.
    "draft_save": {"access": SIGNED_IN,
                   "anonymous": LOGIN, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                   "site_admin": 405},
    "draft_discard": {"access": SIGNED_IN,
                      "anonymous": LOGIN, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                      "site_admin": 405},
    "licence_audit": {"access": ORGANISATION,
                      "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                      "site_admin": 200},
    "licence_pool_create": {"access": SITE_ADMIN,
                            "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                            "site_admin": 200},
    "licence_pool_edit": {"access": SITE_ADMIN,
                          "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                          "site_admin": 200},
    # An organisation's logo: its admins set it (as the licence pages); the image is public, 404 without one.
    "organisation_logo_edit": {"access": ORGANISATION,
                               "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404,
                               "manager": 404, "site_admin": 200},
    "organisation_logo": {"access": PUBLIC,
                          "anonymous": 404, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                          "site_admin": 404},
    "organisation_admins": {"access": SITE_ADMIN,
                            "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                            "site_admin": 200},
}

# The same pages on the PUBLIC workspace open-forum: anyone reads; only members take part.
PUBLIC_MATRIX = {
    "workspace_home": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "workspace_activity": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                           "site_admin": 200},
    "member_list": {"anonymous": LOGIN, "outsider": 403, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "member_suggest": {"anonymous": LOGIN, "outsider": 403, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "workspace_settings": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                           "site_admin": 200},
    "invitation_create": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                          "site_admin": 200},
}

# An archived workspace is read-only, even for its managers; settings stay open so that it
# can be un-archived. GET outcomes for the manager and the site admin.
ARCHIVED = {
    "workspace_home": 200,
    "team_detail": 200,
    "audit_log": 200,
    "workspace_settings": 200,
    "member_edit": 403,
    "member_remove": 403,
    "invitation_create": 403,
    "invitation_bulk": 403,
    "team_create": 403,
    "team_edit": 403,
    "team_delete": 403,
    "notifications:announce": 403,
}

# URL argument -> how to fill it from a Place (world.py). Per-name entries win (for ambiguous names).
URL_KWARGS = {
    "workspace": lambda place: place.workspace.slug,
    "organisation": lambda place: place.organisation.slug,
    "membership_id": lambda place: place.membership.pk,
    "team_id": lambda place: place.team.pk,
    "invitation_id": lambda place: place.invitation.pk,
    "notification_id": lambda place: place.notification.pk,
    "licence_id": lambda place: place.licence.pk,
    "pool_id": lambda place: place.pool.pk,
    "token": lambda place: place.invitation.token,
}
NAME_KWARGS = {
    "notifications:unsubscribe": {"token": lambda place: unsubscribe_token(place.reader.pk, place.workspace.pk)},
    # A download a tool declares: the links tool's list of links, as CSV.
    "tool_export": {"tool": lambda place: "links", "name": lambda place: "links", "file_format": lambda place: "csv"},
    # Following an item: the core's own item, a note of the test-only dummy tool, so that the
    # core's rows need no real tool.
    "notifications:follow": {"type_id": lambda place: ContentType.objects.get_for_model(place.note).pk,
                             "pk": lambda place: place.note.pk},
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
    # Drafts (kit): a forged or missing token is refused for everyone signed in.
    "draft_save": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 403,
                   "site_admin": 403},
    "draft_discard": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 403,
                      "site_admin": 403},
    # Accepting needs an account: a visitor signs in (or up) first. Anyone signed in may use
    # the link (see MATRIX); EFFECTS checks that it was used.
    "invitation_accept": {"anonymous": LOGIN, "outsider": REDIRECT, "reader": REDIRECT, "contributor": REDIRECT,
                          "manager": REDIRECT, "site_admin": REDIRECT},
    "invitation_decline": {"anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                           "site_admin": 404},
    # Without ENGAGE_INBOUND_SECRET (as here) the webhook is off: not found for everyone, signed in or not
    # (tests/inbound/test_webhook.py covers the secret).
    "inbound:webhook": {"anonymous": 404, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                        "site_admin": 404},
    # Whoever holds the signed link may use it, signed in or not (RFC 8058 one-click).
    "notifications:unsubscribe": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                                  "manager": 200, "site_admin": 200},
}

# Writes: what a POST sends. Data a permitted person's POST would succeed with, so that a
# refusal is the permission layer's doing and not a form error.
POST_DATA = {
    "workspace_create": {"organisation": "", "name": "Sneaky", "slug": "sneaky", "visibility": "private"},
    "workspace_settings": {"name": "Renamed", "description": "", "visibility": "private", "enabled_tools": ["links"]},
    "workspace_archive": {"to": "archive"},
    "member_edit": {"role": "30"},
    "checklist_dismiss": {},
    "member_remove": {},
    "invitation_accept": {},
    "invitation_decline": {},
    "invitation_create": {"email": "intruder@example.org", "role": "30", "message": ""},
    "invitation_bulk": {"addresses": "intruder@example.org,manager", "role": "30", "message": ""},
    "invitation_revoke": {},
    "team_create": {"name": "Cabal", "description": ""},
    "team_edit": {"name": "Renamed", "description": ""},
    "team_delete": {},
    "team_detail": {"action": "add_emails", "emails": "contributor@example.org"},
    "notifications:read": {},
    "notifications:read_all": {},
    "notifications:follow": {},
    "notifications:unsubscribe": {},
    "inbound:webhook": {},
    "notifications:announce": {"audience": "everyone", "subject": "Spam", "message": "Spam", "url": "",
                               "confirm": "send"},
    "licence_assign": {"email": "intruder@example.org", "name": ""},
    "licence_release": {},
    "licence_pool_create": {"label": "Pirate seats", "seats": "1000", "valid_from": "2026-01-01",
                            "valid_until": "2099-12-31"},
    "licence_pool_edit": {"label": "Pirate seats", "seats": "1000", "valid_from": "2026-01-01",
                          "valid_until": "2099-12-31"},
    "organisation_admins": {"email": "outsider@example.org", "action": "add"},
    "organisation_logo_edit": {"remove": "on"},
    # Drafts (kit): a token that is nobody's.
    "draft_save": {"draft": "forged-token", "text": "Injected"},
    "draft_discard": {"draft": "forged-token"},
}

# POST-only actions: a permitted POST must have this effect (proves the refusals above mean something).
EFFECTS = {
    "workspace_archive": lambda place: type(place.workspace).objects.get(pk=place.workspace.pk).is_archived,
    "checklist_dismiss": lambda place: type(place.workspace).objects.get(
        pk=place.workspace.pk).checklist_dismissed_at is not None,
    "member_remove": lambda place: not Membership.objects.filter(pk=place.membership.pk).exists(),
    "invitation_revoke": lambda place: (
        type(place.invitation).objects.get(pk=place.invitation.pk).revoked_at is not None),
    "invitation_accept": lambda place: (
        type(place.invitation).objects.get(pk=place.invitation.pk).status == "accepted"),
    "team_delete": lambda place: not type(place.team).objects.filter(pk=place.team.pk).exists(),
    "team_detail": lambda place: place.team.group.user_set.filter(email="contributor@example.org").exists(),
    "licence_release": lambda place: type(place.licence).objects.get(pk=place.licence.pk).released_at is not None,
    "notifications:follow": lambda place: Follow.objects.filter(
        target_type=ContentType.objects.get_for_model(place.note), target_id=place.note.pk).exists(),
    "notifications:unsubscribe": lambda place: Preference.objects.filter(
        user=place.reader, workspace=place.workspace, frequency="off").exists(),
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
    "organisation_logo_edit": 200,
    "organisation_logo": 404,  # public, but there is no logo yet
    "licence_pool_create": 404,
    "licence_pool_edit": 404,
    "organisation_admins": 404,
}

# Reads that are themselves audited (exports): the audit row is the only change they may make.
AUDITED_READS = {"licence_export", "licence_export_xlsx", "tool_export"}

# URL arguments naming an object of the core: such URLs are also asked with another
# workspace's ids (test_url_isolation.py). "pk" and "slug" name the tools' objects too.
OBJECT_PARAMS = {"membership_id", "team_id", "invitation_id", "notification_id", "licence_id", "pool_id", "pk",
                 "slug"}


# --- Feeds (kit) ------------------------------------------------------------------------------
# The sixth access kind: a feed (Atom now, iCal next) is fetched by a feed reader, which sends no
# cookie, so the token in its URL is the credential. With the place's token (the reader's) it
# answers whoever calls it, signed in or not; a bad, revoked or no longer permitted token is
# not found for everyone (tests/security/test_feed_urls.py).
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
NAME_KWARGS.update({
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
        pk__in=[place.feed_token.pk, place.news_feed_token.pk]).exists(),
})

# The workspace's news feed (every tool's published items), RSS or Atom: public only for a public
# workspace, as anyone sees it (404 here, for everyone: a feed reader cannot sign in); by the
# reader's news-feed key (place.news_feed_secret) for anyone who has it. The Feeds page lists the
# feeds; a POST to its "key" makes (or resets) the person's key and shows it once.
MATRIX.update({
    "workspace_public_feed": {"access": PUBLIC,
                              "anonymous": 404, "outsider": 404, "reader": 404, "contributor": 404, "manager": 404,
                              "site_admin": 404},
    "workspace_feed": {"access": FEED,
                       "anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "workspace_feeds": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    "workspace_feeds_key": {"access": WORKSPACE,
                            "anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405, "manager": 405,
                            "site_admin": 405},
    # Your feed addresses, in every workspace: your own only (another person's is not found).
    "feed_addresses": {"access": SIGNED_IN,
                       "anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "feed_address_revoke": {"access": SIGNED_IN,
                            "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 404, "manager": 404,
                            "site_admin": 404},
    "feed_address_reset": {"access": SIGNED_IN,
                           "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 404, "manager": 404,
                           "site_admin": 404},
})
PUBLIC_MATRIX.update({
    "workspace_public_feed": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                              "manager": 200, "site_admin": 200},
    "workspace_feed": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200,
                       "manager": 200, "site_admin": 200},
    "workspace_feeds": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                        "site_admin": 200},
    # require_POST answers a GET before the sign-in check: anonymous get 405 too on a workspace they may read.
    "workspace_feeds_key": {"anonymous": 405, "outsider": 405, "reader": 405, "contributor": 405, "manager": 405,
                            "site_admin": 405},
})
NAME_KWARGS.update({
    "workspace_public_feed": {"format": lambda place: "atom"},
    "workspace_feed": {"token": lambda place: place.news_feed_secret, "format": lambda place: "rss"},
    "feed_address_revoke": {"feed_id": lambda place: place.news_feed_token.pk},
    "feed_address_reset": {"feed_id": lambda place: place.news_feed_token.pk},
})
POST_MATRIX.update({
    # The new addresses are shown on the answer to the POST itself (never stored to redirect to).
    "workspace_feeds_key": {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                            "site_admin": 200},
    "feed_address_revoke": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": 404,
                            "manager": 404, "site_admin": 404},
    "feed_address_reset": {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 404,
                           "manager": 404, "site_admin": 404},
})
POST_DATA.update({
    "workspace_feeds_key": {},
    "feed_address_revoke": {},
    "feed_address_reset": {},
})
EFFECTS.update({
    # The reader's old key revoked, a new one made (for whoever posted: their own).
    "workspace_feeds_key": lambda place: FeedToken.objects.filter(
        workspace=place.workspace, scope="workspace_feeds", revoked_at__isnull=True).exclude(
        pk=place.news_feed_token.pk).exists(),
    "feed_address_revoke": lambda place: FeedToken.objects.get(pk=place.news_feed_token.pk).revoked_at is not None,
    "feed_address_reset": lambda place: FeedToken.objects.get(pk=place.news_feed_token.pk).revoked_at is not None
    and FeedToken.objects.filter(user=place.reader, workspace=place.workspace, scope="workspace_feeds",
                                 revoked_at__isnull=True).exists(),
})


# --- Comments and moderation (the comments and moderation apps) -----------------------------------
# Comments are on the first commentable tool's item: the library's uploaded document (open to all
# members), which carries a comment by the manager (tests/documents/security.py build()). The
# moderation pages act on that comment. A member of the moderators team is tested apart
# (tests/moderation/test_permissions.py), as the world has no such persona.
MATRIX.update({
    # POST adds; a GET (a reload, a sign-in's `next`) leads to the item's comments, never a bare 405.
    "comments:add": {"access": WORKSPACE,
                     "anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
                     "manager": REDIRECT, "site_admin": REDIRECT},
    # The manager's comment: its author and moderators remove it; readers cannot contribute at all.
    "comments:remove": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
    # Old addresses: the report form (anyone signed in who may see it, but its author), the queue
    # and a comment's moderation page (the moderators) lead to the moderation app's.
    "comments:report": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
                        "manager": 403, "site_admin": REDIRECT},
    "comments:moderation": {"access": WORKSPACE,
                            "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                            "manager": REDIRECT, "site_admin": REDIRECT},
    "comments:moderate": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                          "manager": REDIRECT, "site_admin": REDIRECT},
    # Reporting any moderatable item: anyone signed in who may see it, but its author.
    "moderation:report": {"access": WORKSPACE,
                          "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 403,
                          "site_admin": 200},
    # The queue (and, for managers, its settings) and an item's moderation page: the moderators.
    "moderation:queue": {"access": WORKSPACE,
                         "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                         "site_admin": 200},
    "moderation:item": {"access": WORKSPACE,
                        "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
})


def _comment_type(place):
    return ContentType.objects.get_for_model(Comment).pk


NAME_KWARGS.update({
    "comments:add": {"type_id": lambda place: ContentType.objects.get_for_model(place.document).pk,
                     "pk": lambda place: place.document.pk},
    "moderation:report": {"type_id": _comment_type, "pk": lambda place: place.document_comment.pk},
    "moderation:item": {"type_id": _comment_type, "pk": lambda place: place.document_comment.pk},
})
URL_KWARGS.update({"comment_id": lambda place: place.document_comment.pk})
POST_MATRIX.update({
    "comments:add": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": REDIRECT, "manager": REDIRECT,
                     "site_admin": REDIRECT},
    "comments:remove": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": REDIRECT,
                        "site_admin": REDIRECT},
    "moderation:report": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": REDIRECT,
                          "manager": 403, "site_admin": REDIRECT},
    "moderation:queue": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                         "manager": REDIRECT, "site_admin": REDIRECT},
    "moderation:item": {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
                        "manager": REDIRECT, "site_admin": REDIRECT},
})
POST_DATA.update({
    "comments:add": {"body": "Injected"},
    "comments:remove": {},
    "moderation:report": {"reason": "spam", "note": "Injected"},
    "moderation:queue": {"premoderate": "on", "hide_after_reports": "3"},
    "moderation:item": {"action": "hide", "reason": "Injected"},
})
EFFECTS.update({
    "comments:add": lambda place: Comment.objects.filter(body="Injected", target_id=place.document.pk).exists(),
    "comments:remove": lambda place: not Comment.objects.filter(pk=place.document_comment.pk).exists(),
    "moderation:report": lambda place: Report.objects.filter(target_type=_comment_type(place),
                                                             target_id=place.document_comment.pk).exists(),
    "moderation:queue": lambda place: ModerationSettings.objects.filter(workspace=place.workspace,
                                                                       premoderate=True).exists(),
    "moderation:item": lambda place: Comment.objects.get(pk=place.document_comment.pk).status == "hidden",
})
OBJECT_PARAMS.add("comment_id")
