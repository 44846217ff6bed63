"""Blogs: what each persona gets from each URL of the tool (tests/security/tables.py says what
the names mean). Each part keeps its rows in its own module (security_<part>.py, the same
names); this one merges them and builds the objects."""

from . import security_embed, security_feeds, security_reading, security_writing
from .builders import make_blog, make_post

PARTS = (security_writing, security_reading, security_feeds, security_embed)


def _merged(name):
    merged = {}
    for part in PARTS:
        merged.update(getattr(part, name, {}))
    return merged


MATRIX = _merged("MATRIX")
PUBLIC_MATRIX = _merged("PUBLIC_MATRIX")
ARCHIVED = _merged("ARCHIVED")
POST_DATA = _merged("POST_DATA")
POST_MATRIX = _merged("POST_MATRIX")
EFFECTS = _merged("EFFECTS")
AUDITED_READS = set().union(*(getattr(part, "AUDITED_READS", set()) for part in PARTS))
URL_KWARGS = {"blog": lambda place: place.blog.slug, "pk": lambda place: place.post.pk, **_merged("URL_KWARGS")}
NAME_KWARGS = _merged("NAME_KWARGS")
OBJECT_PARAMS = set().union(*(getattr(part, "OBJECT_PARAMS", set()) for part in PARTS))


def build(place, personas):
    """A blog by the manager (seen by members, or by anyone in the public workspace) with a
    public post, a draft, a scheduled post and a deleted post; then whatever each part adds
    (its build(place, personas, objects))."""
    from blogs.models import Post

    manager = personas["manager"]
    access = "anyone" if place.key == "public" else "members"
    blog = make_blog(place.workspace, manager, title=f"News of {place.key}", view_access=access,
                     writers="contributors")
    post = make_post(blog, manager, title=f"Rivers reopen in {place.key}", view_access=access, tags=["rivers"])
    draft = make_post(blog, manager, stage="draft", title=f"Draft of {place.key}", view_access=access)
    scheduled = make_post(blog, manager, stage="scheduled", title=f"Tomorrow in {place.key}", view_access=access)
    gone = make_post(blog, manager, title=f"Old news of {place.key}", view_access=access)
    Post.objects.filter(pk=gone.pk).update(is_deleted=True)
    objects = {"blog": blog, "post": post, "draft_post": draft, "scheduled_post": scheduled,
               "deleted_post": Post.objects.get(pk=gone.pk)}
    for part in PARTS:
        if hasattr(part, "build"):
            objects.update(part.build(place, personas, objects) or {})
    return objects
