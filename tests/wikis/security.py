"""The wiki: what each persona gets from each URL of the tool, and the pages those URLs point
at. Collected by the security walker (tests/security/tables.py documents the names)."""

from wikis.services import page_create, page_delete, page_update

from ..security.outcomes import LOGIN, WORKSPACE

# name: marker, then anonymous, outsider, reader, contributor, manager, site_admin — on the
# PRIVATE workspace.
MATRIX = {
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
}

# The same pages on the PUBLIC workspace: anyone reads; only members take part.
PUBLIC_MATRIX = {
    "wikis:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "wikis:page": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
    "wikis:undelete": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 404, "manager": 200,
                       "site_admin": 200},
}

# An archived workspace is read-only, even for its managers: GET outcomes for the manager and
# the site admin.
ARCHIVED = {
    "wikis:page": 200,
    "wikis:create": 403,
    "wikis:edit": 403,
    "wikis:move": 403,
    "wikis:delete": 403,
}

# What a POST sends: data a permitted person's POST would succeed with.
POST_DATA = {
    "wikis:create": {"title": "Injected", "text": "x", "summary": "", "view_access": "anyone",
                     "change_access": "members"},
    "wikis:edit": {"title": "Terms of reference", "text": "Defaced", "summary": "", "loaded_version": "2",
                   "view_access": "anyone", "change_access": "members"},
    "wikis:move": {"title": "Moved away", "parent": "", "summary": "", "loaded_version": "2"},
    "wikis:delete": {},
    "wikis:undelete": {},
    "wikis:revision_restore": {},
}

# POST-only actions: a permitted POST must have this effect.
EFFECTS = {
    "wikis:delete": lambda place: type(place.wiki_page).objects.get(pk=place.wiki_page.pk).is_deleted,
    "wikis:undelete": lambda place: not type(place.wiki_page).objects.get(pk=place.deleted_wiki_page.pk).is_deleted,
}

# URL argument -> how to fill it from the place (every URL of the tool); per-URL entries win.
URL_KWARGS = {
    "slug": lambda place: place.wiki_page.slug,
    "number": lambda place: 1,
}
NAME_KWARGS = {
    "wikis:undelete": {"slug": lambda place: place.deleted_wiki_page.slug},
}


# Titles (and so addresses) per place: another workspace's pages must not share this one's
# slugs, or a slug "from elsewhere" would be found here for the wrong reason.
TITLES = {"elsewhere": ("Elsewhere charter", "Elsewhere archive")}
DEFAULT_TITLES = ("Terms of reference", "Old minutes")


def build(place, personas):
    """A page by the manager with two revisions, open to all members and changeable by
    contributors; and a deleted page."""
    author = personas["manager"]
    title, gone_title = TITLES.get(place.key, DEFAULT_TITLES)
    page = page_create(actor=author, workspace=place.workspace, title=title, text="We meet monthly.")
    page_update(actor=author, page=page, text="We meet every month.", summary="Wording")
    gone = page_create(actor=author, workspace=place.workspace, title=gone_title, text="Superseded.")
    page_delete(actor=author, page=gone)
    page.refresh_from_db()
    gone.refresh_from_db()
    return {"wiki_page": page, "deleted_wiki_page": gone}
