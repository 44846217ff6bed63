"""The writing part's rows (see security.py): new blog, settings, delete, restore, the deleted
list, drafts and scheduled, the post editor, publishing, unpublishing, deleting and restoring
posts, a post's image.

On the private workspace the blog is seen by members and written in by any contributor; the
post is the manager's (public, with an image), the draft and the deleted post the manager's
too, so a contributor does not see them (404) and may not change the post (403)."""

import struct
import zlib

from django.core.files.base import ContentFile

from ..security.outcomes import LOGIN, WORKSPACE
from .builders import make_blog


def _row(anonymous, outsider, reader, contributor, manager, site_admin, access=WORKSPACE):
    row = {"anonymous": anonymous, "outsider": outsider, "reader": reader, "contributor": contributor,
           "manager": manager, "site_admin": site_admin}
    return {"access": access, **row} if access else row


_MANAGERS = _row(LOGIN, 404, 403, 403, 200, 200)
_WRITERS = _row(LOGIN, 404, 403, 200, 200, 200)
_OTHERS_POST = _row(LOGIN, 404, 403, 403, 200, 200)
_HIDDEN_POST = _row(LOGIN, 404, 403, 404, 200, 200)

MATRIX = {
    "blogs:create": _MANAGERS,
    "blogs:deleted": _MANAGERS,
    "blogs:blog_edit": _MANAGERS,
    "blogs:blog_delete": _MANAGERS,
    "blogs:blog_restore": _MANAGERS,  # a deleted blog
    "blogs:drafts": _WRITERS,
    "blogs:post_create": _WRITERS,
    "blogs:post_edit": _OTHERS_POST,  # the manager's public post; change: managers
    "blogs:post_publish": _HIDDEN_POST,  # the manager's draft: its author and managers only
    "blogs:post_unpublish": _OTHERS_POST,
    "blogs:post_delete": _OTHERS_POST,  # managers only
    "blogs:post_restore": _HIDDEN_POST,  # deleted: managers only see it
    "blogs:image": _row(LOGIN, 404, 200, 200, 200, 200),
}

# The public workspace: a signed-in outsider reads but writes nothing (403); anyone sees the image.
PUBLIC_MATRIX = {
    "blogs:create": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:deleted": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:blog_edit": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:blog_delete": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:blog_restore": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:drafts": _row(LOGIN, 403, 403, 200, 200, 200, access=None),
    "blogs:post_create": _row(LOGIN, 403, 403, 200, 200, 200, access=None),
    "blogs:post_edit": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:post_publish": _row(LOGIN, 403, 403, 404, 200, 200, access=None),
    "blogs:post_unpublish": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:post_delete": _row(LOGIN, 403, 403, 403, 200, 200, access=None),
    "blogs:post_restore": _row(LOGIN, 403, 403, 404, 200, 200, access=None),
    "blogs:image": _row(200, 200, 200, 200, 200, 200, access=None),
}

# An archived workspace is read-only: only the image still answers.
ARCHIVED = {
    "blogs:create": 403,
    "blogs:deleted": 403,
    "blogs:blog_edit": 403,
    "blogs:blog_delete": 403,
    "blogs:blog_restore": 403,
    "blogs:drafts": 403,
    "blogs:post_create": 403,
    "blogs:post_edit": 403,
    "blogs:post_publish": 403,
    "blogs:post_unpublish": 403,
    "blogs:post_delete": 403,
    "blogs:post_restore": 403,
    "blogs:image": 200,
}

_POST_FIELDS = {"summary": "", "text": "Injected **text**", "tags": "", "image_alt": "", "comments_open": "on",
                "view_access": "members", "change_access": "managers"}

POST_DATA = {
    "blogs:create": {"title": "Injected", "description": "", "writers": "managers", "comments": "on",
                     "view_access": "members", "change_access": "managers"},
    "blogs:blog_edit": {"title": "Defaced", "description": "", "writers": "managers", "comments": "on",
                        "view_access": "members", "change_access": "managers", "loaded_state": ""},
    "blogs:blog_delete": {},
    "blogs:blog_restore": {},
    "blogs:post_create": {"title": "Injected", **_POST_FIELDS},
    "blogs:post_edit": {"title": "Defaced", "loaded_version": "1", **_POST_FIELDS, "image_alt": "A river"},
    "blogs:post_publish": {"when": "now", "announce": "nobody"},
    "blogs:post_unpublish": {},
    "blogs:post_delete": {},
    "blogs:post_restore": {},
}


def _post(place, name):
    from blogs.models import Post

    return Post.objects.get(pk=getattr(place, name).pk)


EFFECTS = {
    "blogs:create": lambda place: type(place.blog).objects.filter(workspace=place.workspace, title="Injected").exists(),
    "blogs:blog_edit": lambda place: type(place.blog).objects.get(pk=place.blog.pk).title == "Defaced",
    "blogs:blog_delete": lambda place: type(place.blog).objects.get(pk=place.blog.pk).is_deleted,
    "blogs:blog_restore": lambda place: not type(place.blog).objects.get(pk=place.deleted_blog.pk).is_deleted,
    "blogs:post_create": lambda place: place.blog.posts.filter(title="Injected", state="draft").exists(),
    "blogs:post_edit": lambda place: _post(place, "post").title == "Defaced",
    "blogs:post_publish": lambda place: _post(place, "draft_post").is_public(),
    "blogs:post_unpublish": lambda place: _post(place, "post").state == "unpublished",
    "blogs:post_delete": lambda place: _post(place, "post").is_deleted,
    "blogs:post_restore": lambda place: not _post(place, "deleted_post").is_deleted,
}

NAME_KWARGS = {
    "blogs:blog_restore": {"blog": lambda place: place.deleted_blog.slug},
    "blogs:post_publish": {"pk": lambda place: place.draft_post.pk},
    "blogs:post_restore": {"pk": lambda place: place.deleted_post.pk},
}


def tiny_png():
    """A valid 1 × 1 PNG (no image library needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def build(place, personas, objects):
    """The public post gets an image; a second blog, deleted, for the restore page."""
    from blogs import services

    post = objects["post"]
    post.image.save("river.png", ContentFile(tiny_png()), save=False)
    post.image_alt = "A river"
    post.save(update_fields=["image", "image_alt"])
    access = "anyone" if place.key == "public" else "members"
    gone = make_blog(place.workspace, personas["manager"], title=f"Old blog of {place.key}", view_access=access)
    gone = services.blog_delete(actor=personas["manager"], blog=gone)
    return {"deleted_blog": gone}
