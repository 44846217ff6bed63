"""Links: what each persona gets from each URL of the tool, and the objects those URLs point
at. Collected by the security walker (tests/security/tables.py documents the names)."""

from links.models import Link

from ..security.outcomes import LOGIN, WORKSPACE

# name: marker, then anonymous, outsider, reader, contributor, manager, site_admin — on the
# PRIVATE workspace.
MATRIX = {
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
}

# The same pages on the PUBLIC workspace: anyone reads; only members take part.
PUBLIC_MATRIX = {
    "links:index": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                    "site_admin": 200},
    "links:detail": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "links:create": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "links:edit": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 200, "manager": 200,
                   "site_admin": 200},
}

# An archived workspace is read-only, even for its managers: GET outcomes for the manager and
# the site admin.
ARCHIVED = {
    "links:index": 200,
    "links:detail": 200,
    "links:create": 403,
    "links:edit": 403,
    "links:delete": 403,
}

# What a POST sends: data a permitted person's POST would succeed with.
POST_DATA = {
    "links:create": {"url": "https://evil.example/", "title": "Injected", "note": "", "tags": "",
                     "view_access": "anyone", "change_access": "members"},
    "links:edit": {"url": "https://evil.example/", "title": "Defaced", "note": "", "tags": "",
                   "view_access": "anyone", "change_access": "members", "loaded_version": "1"},
    "links:delete": {},
}

# POST-only actions: a permitted POST must have this effect.
EFFECTS = {
    "links:delete": lambda place: not type(place.link).objects.filter(pk=place.link.pk).exists(),
}

# URL argument -> how to fill it from the place (every URL of the tool).
URL_KWARGS = {"pk": lambda place: place.link.pk}


def make_link(workspace, author, title="Guidance on consultations", **extra):
    """A link created directly (no activity, nobody following it)."""
    return Link.objects.create(
        workspace=workspace, created_by=author, url="https://example.org/guidance", title=title, **extra
    )


def build(place, personas):
    """The link: added by the manager, open to all members, changeable by any contributor."""
    return {"link": make_link(place.workspace, personas["manager"])}
