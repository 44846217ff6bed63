"""What a table row may say: the outcomes a persona gets and the access markers views carry.

Outcomes: 200/403/404/405 are status codes; LOGIN is a redirect to the sign-in page; REDIRECT
is any other redirect. Markers are the `engage_access` a permissions decorator sets.
"""

LOGIN, REDIRECT = "login", "redirect"
PUBLIC, SIGNED_IN, SITE_ADMIN = "public", "login", "site_admin"
WORKSPACE, ORGANISATION = "workspace", "organisation"
FEED = "feed"  # a private feed: the token in its URL is the credential (workspaces.kit.feeds)
MARKERS = {PUBLIC, SIGNED_IN, SITE_ADMIN, WORKSPACE, ORGANISATION, FEED}

# What a refusal looks like. (An anonymous visitor refused anything inside a workspace, even
# "not found", is asked to sign in: AnonymousToLoginMiddleware.)
REFUSED = {LOGIN, 403, 404}
