"""Writes for links. Each is one transaction: the link, its tags, its team grants and the
activity record commit or roll back together."""

from django.db import transaction

from workspaces.kit.models import Access
from workspaces.kit.services import item_added, locked_row, mentioned_members, record, set_item_teams
from workspaces.lib.tags import parse_tags

from .models import Link, LinkTag

# Excluded from Link.full_clean(): relations we hold as objects (checking them would cost a
# query each) and the stored rendering.
_NOT_VALIDATED = ["workspace", "created_by", "updated_by", "note_html"]


class LinkConflict(Exception):
    """The link changed after the editor loaded it. `current` is the link as saved now."""

    def __init__(self, current):
        super().__init__(f"Link {current.pk} is at version {current.version}.")
        self.current = current


def _set_tags(link, tags):
    wanted = parse_tags(tags)
    current = set(LinkTag.objects.filter(link=link).values_list("name", flat=True))
    LinkTag.objects.filter(link=link).exclude(name__in=wanted).delete()
    LinkTag.objects.bulk_create([LinkTag(link=link, name=name) for name in wanted if name not in current])


@transaction.atomic
def link_create(
    *, actor, workspace, url, title, note="", tags=(), view_access=Access.ANYONE,
    change_access=Access.MEMBERS, view_teams=(), change_teams=(),
):
    """Add a link to a workspace. Records `links.link_created`."""
    tags = parse_tags(tags)  # refuse bad tags before writing anything
    link = Link(
        workspace=workspace, created_by=actor, updated_by=actor, url=url, title=title, note=note,
        view_access=view_access, change_access=change_access,
    )
    link.full_clean(exclude=_NOT_VALIDATED)
    link.save()
    _set_tags(link, tags)
    item_added(link, actor=actor, verb="links.link_created", summary="added the link", text=note,
               view_teams=view_teams, change_teams=change_teams)
    return link


@transaction.atomic
def link_update(
    *, actor, link, url, title, note, tags, view_access=None, change_access=None, view_teams=(), change_teams=(),
    expected_version=None,
):
    """Change a link; access (view/change levels and teams) only when `view_access` and
    `change_access` are given. With `expected_version` (the version the editor loaded), raises
    LinkConflict instead of overwriting someone else's newer change.
    Raises Link.DoesNotExist if it was deleted meanwhile. Records `links.link_updated`."""
    tags = parse_tags(tags)
    current = locked_row(link, "workspace", "updated_by")  # check-then-write under the row lock
    if expected_version is not None and current.version != expected_version:
        raise LinkConflict(current)
    previous_note = current.note
    current.url, current.title, current.note = url, title, note
    access_given = view_access is not None and change_access is not None
    if access_given:
        current.view_access, current.change_access = view_access, change_access
    current.updated_by = actor
    current.version += 1
    current.full_clean(exclude=_NOT_VALIDATED)
    current.save()
    _set_tags(current, tags)
    if access_given:
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="links.link_updated", target=current,
           summary="changed the link", mentions=mentioned_members(current.workspace, note, previous_note))
    return current


@transaction.atomic
def link_delete(*, actor, link):
    """Delete a link (its tags and team grants go with it). Records `links.link_deleted`.

    The activity row cannot point at a deleted target, so it carries no target; the title is
    kept only when everyone who can see the workspace could see the link, so a deleted
    restricted link's title does not leak into the feed.
    """
    workspace = link.workspace
    title = link.title if link.view_access == Access.ANYONE else ""
    set_item_teams(link, view_teams=[], change_teams=[])  # guardian rows are not FK-cascaded
    link.delete()
    record(workspace=workspace, actor=actor, verb="links.link_deleted", title=title,
           summary="deleted the link" if title else "deleted a link")
