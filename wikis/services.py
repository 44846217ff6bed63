"""Writes for the wiki. Each is one transaction: the page, its new revision, redirects, team
grants and the activity record commit or roll back together."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from workspaces.kit.models import Access, title_key
from workspaces.kit.services import (
    ItemGone,
    TextConflict,
    check_length,
    item_added,
    locked_for_move,
    locked_row,
    merge_text,
    normalise_text,
    record,
    refuse_taken_title,
    restore,
    retried,
    set_item_teams,
    soft_delete,
)
from workspaces.kit.services import (
    Saved as KitSaved,
)
from workspaces.lib.forms import one_line

from . import markup
from .models import MAX_DEPTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Page, PageRedirect, Revision

# Relations held as objects (checking them costs a query each) and stored renderings.
_NOT_VALIDATED = ["workspace", "created_by", "updated_by", "deleted_by", "parent", "html", "toc", "path", "title_key"]
# Path segments under the wiki that are pages of their own, so never a page's slug.
RESERVED_SLUGS = {"new", "changes", "deleted"}
FORBIDDEN_IN_TITLES = "[]|"


class PageConflict(TextConflict):
    """The page was saved by someone else after the editor loaded it, and the two edits
    overlap. Nothing was saved (see kit.services.TextConflict)."""


class PageGone(ItemGone):
    """The page was deleted after the editor (or form) loaded it. Nothing was saved."""


class StaleMove(Exception):
    """The page was saved by someone else after the move form loaded it."""

    def __init__(self, current):
        super().__init__(f"Page {current.pk} is at version {current.version}.")
        self.current = current


class Saved(KitSaved):
    """kit.services.Saved, whose item is a page."""

    @property
    def page(self):
        return self.item


# --- Checks -------------------------------------------------------------------------------------


def clean_title(title):
    title = one_line(title)
    if not title:
        raise ValidationError({"title": "Enter a title for the page."})
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            {"title": f"Keep the title to {MAX_TITLE_LENGTH} characters or fewer (it has {len(title)})."})
    if any(char in title for char in FORBIDDEN_IN_TITLES):
        raise ValidationError({"title": "Titles cannot contain [ ] or |, because they are used to link pages."})
    return title


def check_text(text):
    check_length(text, MAX_TEXT_LENGTH, what="This page", advice="Split it into subpages.")


def _check_parent(workspace, parent, page=None):
    if parent is None:
        return
    if parent.workspace_id != workspace.pk or parent.is_deleted:
        raise ValidationError({"parent": "Choose a page of this wiki to put it under."})
    if page is not None and parent.is_under(page):
        raise ValidationError({"parent": "A page cannot go under itself or one of its own subpages."})
    subtree_depth = page.subtree_height() if page is not None else 1
    if parent.depth + subtree_depth > MAX_DEPTH:
        raise ValidationError(
            {"parent": f"Pages can be nested at most {MAX_DEPTH} levels deep. Choose a page higher up."})


def _check_title_free(workspace, parent, title, *, actor, exclude=None):
    others = Page.objects.filter(workspace=workspace, parent=parent, title_key=title_key(title), is_deleted=False)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    refuse_taken_title(others, actor=actor, title=title, noun="page", place=parent, top="at the top of the wiki",
                       within="under “{title}”", advice="Choose another title, or put the page somewhere else.")


def _free_slug(workspace, title, page=None):
    base = slugify(title)[:80].strip("-") or "page"
    if base in RESERVED_SLUGS:
        base = f"{base}-page"
    pages = Page.objects.filter(workspace=workspace, slug__startswith=base)
    redirects = PageRedirect.objects.filter(workspace=workspace, old_slug__startswith=base)
    if page is not None:
        # A page may take back one of its own old addresses.
        pages, redirects = pages.exclude(pk=page.pk), redirects.exclude(page=page)
    taken = set(pages.values_list("slug", flat=True)) | set(redirects.values_list("old_slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Helpers ------------------------------------------------------------------------------------


def _locked(page):
    return locked_row(page, "workspace", "parent")  # the lock first, then the page and its parent


def _add_revision(page, actor, summary):
    return Revision.objects.create(
        page=page, workspace_id=page.workspace_id, number=page.version, title=page.title, text=page.text,
        html=page.html, toc=page.toc, author=actor if getattr(actor, "is_authenticated", False) else None,
        summary=summary[:300],
    )


def _set_text(page, text, actor):
    page.text = text
    page.html, page.toc = markup.render(text)
    page.version += 1
    page.updated_by = actor


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def page_create(
    *, actor, workspace, title, text="", parent=None, summary="", view_access=Access.ANYONE,
    change_access=Access.MEMBERS, view_teams=(), change_teams=(),
):
    """Add a page (revision 1). Records `wikis.page_created`."""
    title, text = clean_title(title), normalise_text(text)
    check_text(text)
    _check_parent(workspace, parent)
    _check_title_free(workspace, parent, title, actor=actor)
    page = Page(
        workspace=workspace, created_by=actor, updated_by=actor, title=title, slug=_free_slug(workspace, title),
        parent=parent, text=text, view_access=view_access, change_access=change_access,
    )
    page.html, page.toc = markup.render(text)
    page.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    page.save()
    page.place()
    _add_revision(page, actor, summary or "Created the page")
    item_added(page, actor=actor, verb="wikis.page_created", summary="created the wiki page", text=text,
               view_teams=view_teams, change_teams=change_teams)
    return page


@transaction.atomic
def page_update(
    *, actor, page, text, summary="", base_version=None, view_access=None, change_access=None,
    view_teams=(), change_teams=(),
):
    """Save new text as a new revision; access (levels and teams) too when `view_access` and
    `change_access` are given.

    `base_version` is the version the editor loaded. If someone saved since, the three texts
    are merged: when the edits do not overlap the merged text is saved (Saved.merged_with
    names whose changes were kept); when they do, PageConflict is raised and nothing is saved.
    Raises PageGone if the page was deleted meanwhile. Records `wikis.page_updated`.
    """
    current = _locked(page)
    if current.is_deleted:
        raise PageGone(current)
    change = merge_text(current, text, base_version=base_version, actor=actor, revisions=current.revisions,
                        max_length=MAX_TEXT_LENGTH, what="This page", advice="Split it into subpages.",
                        conflict=PageConflict)
    revised, merged_with = change.revised, change.merged_with
    if revised:
        _set_text(current, change.text, actor)
    access_given = view_access is not None and change_access is not None
    if access_given:
        current.view_access, current.change_access = view_access, change_access
    if not (revised or access_given):
        return Saved(item=current, revised=False, merged_with=merged_with)
    current.full_clean(exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    current.save()
    if access_given:
        set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    if revised:
        _add_revision(current, actor, summary)
        record(workspace=current.workspace, actor=actor, verb="wikis.page_updated", target=current,
               summary="edited the wiki page", mentions=change.mentions)
    return Saved(item=current, revised=revised, merged_with=merged_with)


@retried
@transaction.atomic
def page_move(*, actor, page, title, parent=None, summary="", expected_version=None):
    """Rename a page and/or put it under another parent, as a new revision. Its old address
    and old title keep working (PageRedirect). Raises StaleMove if the page was saved after
    `expected_version`, PageGone if deleted, kit Busy if others kept moving the same pages at
    that moment. Records `wikis.page_moved`. Returns (page, whether anything changed)."""
    try:
        # Every page the move touches, locked in id order; the page and the parent as saved now.
        current, parent = locked_for_move(page, parent, "workspace", "parent")
    except Page.DoesNotExist:
        raise ValidationError({"parent": "Choose a page of this wiki to put it under."}) from None
    if current.is_deleted:
        raise PageGone(current)
    if expected_version is not None and current.version != expected_version:
        raise StaleMove(current)
    title = clean_title(title)
    workspace = current.workspace
    _check_parent(workspace, parent, page=current)
    renamed, moved = title != current.title, parent != current.parent
    if not (renamed or moved):
        return current, False
    _check_title_free(workspace, parent, title, actor=actor, exclude=current)
    old_title, old_slug = current.title, current.slug

    if renamed:
        current.title = title
        if slugify(title) != slugify(old_title):
            current.slug = _free_slug(workspace, title, page=current)
        if current.slug != old_slug:
            PageRedirect.objects.filter(workspace=workspace, old_slug=current.slug).delete()  # taken back
            PageRedirect.objects.update_or_create(
                workspace=workspace, old_slug=old_slug,
                defaults={"page": current, "old_title_key": title_key(old_title)},
            )
        elif title_key(title) != title_key(old_title):
            PageRedirect.objects.create(workspace=workspace, old_slug="", old_title_key=title_key(old_title),
                                        page=current)
    if moved:
        current.move_under(parent)
    current.version += 1
    current.updated_by = actor
    current.save()

    parts = []
    if renamed:
        parts.append(f"Renamed from “{old_title}”")
    if moved:
        parts.append(f"moved under “{parent.title}”" if parent else "moved to the top of the wiki")
    auto = " and ".join(parts)
    _add_revision(current, actor, summary or (auto[0].upper() + auto[1:]))
    record(workspace=workspace, actor=actor, verb="wikis.page_moved", target=current,
           summary="renamed the wiki page" if renamed and not moved else "moved the wiki page")
    return current, True


@transaction.atomic
def page_delete(*, actor, page):
    """Delete a page (soft: a manager can restore it; its history is kept). A page with
    subpages is refused, so that no page is left without a way to reach it.
    Records `wikis.page_deleted` and an audit entry."""
    current = _locked(page)
    if current.is_deleted:
        return current
    subpages = Page.objects.filter(parent=current, is_deleted=False).count()
    if subpages:
        raise ValidationError(
            f"“{current.title}” has {subpages} subpage{'s' if subpages != 1 else ''}. Move or delete "
            f"{'them' if subpages != 1 else 'it'} first, then delete this page."
        )
    return soft_delete(current, actor=actor, verb="wikis.page_deleted", summary="deleted the wiki page",
                       audit_action="wiki_page.deleted")


@transaction.atomic
def page_undelete(*, actor, page):
    """Bring a deleted page back where it was. Refused (ValidationError) while its parent is
    deleted or another page there has taken its title. Records `wikis.page_restored`."""
    current = _locked(page)
    if not current.is_deleted:
        return current
    if current.parent is not None and current.parent.is_deleted:
        raise ValidationError(
            f"“{current.title}” was under “{current.parent.title}”, which is deleted too. Restore that page first."
        )
    try:
        _check_title_free(current.workspace, current.parent, current.title, actor=actor, exclude=current)
    except ValidationError:
        raise ValidationError(
            f"Another page called “{current.title}” has been added there since. Rename or move that page, "
            "then restore this one."
        ) from None
    return restore(current, actor=actor, verb="wikis.page_restored", summary="restored the deleted wiki page",
                   audit_action="wiki_page.restored")


@transaction.atomic
def revision_restore(*, actor, page, revision):
    """Make an old revision's text current again, as a new revision (history is never
    rewritten). The title stays as it is now. Records `wikis.revision_restored`."""
    current = _locked(page)
    if current.is_deleted:
        raise PageGone(current)
    if revision.page_id != current.pk:
        raise ValueError("That revision belongs to another page.")
    if revision.text == current.text:
        return Saved(item=current, revised=False)
    _set_text(current, revision.text, actor)
    current.save()
    _add_revision(current, actor, f"Restored the text of revision {revision.number}")
    record(workspace=current.workspace, actor=actor, verb="wikis.revision_restored", target=current,
           summary="restored an earlier version of the wiki page")
    return Saved(item=current, revised=True)
