"""The reading part's rows (see security.py): the blogs' pages, a blog, a post and its comments,
tags, authors, social links. The post of these rows is public; drafts, scheduled, unpublished,
team-only and deleted posts are walked persona by persona in test_reading_permissions.py."""

from blogs.models import SocialLink

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
# Social links: the workspace's managers keep them.
_MANAGERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
             "manager": 200, "site_admin": 200}
_MANAGERS_PUBLIC = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}

MATRIX = {
    "blogs:index": _SEERS,
    "blogs:blog": _SEERS,
    "blogs:post": _SEERS,
    "blogs:tag": _SEERS,
    "blogs:author": _SEERS,
    "blogs:social": _MANAGERS,
    "blogs:social_edit": _MANAGERS,
    "blogs:social_delete": _MANAGERS,
    # A GET goes back to the list; the move is a POST.
    "blogs:social_move": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403,
                          "contributor": 403, "manager": REDIRECT, "site_admin": REDIRECT},
}
PUBLIC_MATRIX = {
    "blogs:index": _EVERYONE,
    "blogs:blog": _EVERYONE,
    "blogs:post": _EVERYONE,
    "blogs:tag": _EVERYONE,
    "blogs:author": _EVERYONE,
    "blogs:social": _MANAGERS_PUBLIC,
    "blogs:social_edit": _MANAGERS_PUBLIC,
    "blogs:social_delete": _MANAGERS_PUBLIC,
    "blogs:social_move": {**_MANAGERS_PUBLIC, "manager": REDIRECT, "site_admin": REDIRECT},
}
ARCHIVED = {
    "blogs:index": 200,
    "blogs:blog": 200,
    "blogs:post": 200,
    "blogs:tag": 200,
    "blogs:author": 200,
    "blogs:social": 403,
    "blogs:social_edit": 403,
    "blogs:social_delete": 403,
    "blogs:social_move": 403,
}
POST_DATA = {
    "blogs:social": {"network": "website", "label": "Injected channel", "url": "https://evil.example/"},
    "blogs:social_edit": {"network": "website", "label": "Defaced channel", "url": "https://evil.example/"},
    "blogs:social_delete": {},
    "blogs:social_move": {"direction": "down"},
}
_POSTED = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": REDIRECT,
           "site_admin": REDIRECT}
POST_MATRIX = {
    "blogs:social": _POSTED,
    "blogs:social_edit": _POSTED,
    "blogs:social_delete": _POSTED,
    "blogs:social_move": _POSTED,
}
EFFECTS = {
    "blogs:social": lambda place: SocialLink.objects.filter(workspace=place.workspace,
                                                            label="Injected channel").exists(),
    "blogs:social_edit": lambda place: SocialLink.objects.get(pk=place.social_link.pk).label == "Defaced channel",
    "blogs:social_delete": lambda place: not SocialLink.objects.filter(pk=place.social_link.pk).exists(),
    "blogs:social_move": lambda place: (SocialLink.objects.get(pk=place.social_link.pk).position
                                        > SocialLink.objects.get(pk=place.second_social_link.pk).position),
}
_SOCIAL = {"social_link": lambda place: place.social_link.pk}
NAME_KWARGS = {
    "blogs:tag": {"tag": lambda place: "rivers"},
    "blogs:author": {"author": lambda place: place.post.created_by_id},
    "blogs:social_edit": _SOCIAL,
    "blogs:social_delete": _SOCIAL,
    "blogs:social_move": _SOCIAL,
}
OBJECT_PARAMS = {"social_link"}


def build(place, personas, objects):
    """Two of the workspace's channels (made directly: no audit, nobody told)."""
    first = SocialLink.objects.create(workspace=place.workspace, network="linkedin", position=1,
                                      label=f"Department of {place.key} on LinkedIn",
                                      url="https://www.linkedin.com/company/example")
    second = SocialLink.objects.create(workspace=place.workspace, network="mastodon", position=2,
                                       label=f"Department of {place.key} on Mastodon",
                                       url="https://social.example/@department")
    return {"social_link": first, "second_social_link": second}
