"""Writes: activity recorded in the same transaction, stored rendering, revisions."""

import pytest
from django.db import IntegrityError

from wikis.models import Page, Revision
from wikis.services import page_delete, page_move, page_undelete, revision_restore
from workspaces.activity import activity_recorded
from workspaces.models import Access, Activity

from .builders import edit_page, make_page, url_for


def test_creating_a_page_records_activity_pointing_at_it(workspace, contributor):
    page = make_page(workspace, contributor, title="Glossary")
    activity = Activity.objects.get()
    assert (activity.verb, activity.actor, activity.target_id, activity.target_title, activity.target_url) == (
        "wikis.page_created", contributor, page.pk, "Glossary", url_for("page", workspace, page))


def test_each_kind_of_change_records_its_own_verb(workspace, manager):
    page = make_page(workspace, manager, title="Plan", text="v1")
    page = edit_page(page, manager, "v2")
    page, _ = page_move(actor=manager, page=page, title="Programme plan")
    revision_restore(actor=manager, page=page, revision=page.revisions.get(number=1))
    page_delete(actor=manager, page=page)
    page_undelete(actor=manager, page=page)
    assert list(Activity.objects.order_by("id").values_list("verb", flat=True)) == [
        "wikis.page_created", "wikis.page_updated", "wikis.page_moved", "wikis.revision_restored",
        "wikis.page_deleted", "wikis.page_restored",
    ]


def test_activity_and_page_commit_or_roll_back_together(workspace, contributor):
    def fail(**kwargs):
        raise IntegrityError("simulated failure after the activity row was written")

    activity_recorded.connect(fail)
    try:
        with pytest.raises(IntegrityError):
            make_page(workspace, contributor)
    finally:
        activity_recorded.disconnect(fail)
    assert not Page.objects.exists() and not Revision.objects.exists() and not Activity.objects.exists()


def test_a_failed_edit_leaves_the_page_its_history_and_the_feed_as_they_were(workspace, contributor):
    page = make_page(workspace, contributor, title="Plan", text="Before")

    def fail(**kwargs):
        raise IntegrityError("simulated")

    activity_recorded.connect(fail)
    try:
        with pytest.raises(IntegrityError):
            edit_page(page, contributor, "After")
    finally:
        activity_recorded.disconnect(fail)
    page.refresh_from_db()
    assert (page.text, page.version, page.revisions.count()) == ("Before", 1, 1)
    assert Activity.objects.count() == 1


def test_activity_about_a_deleted_page_is_shown_to_managers_only(as_user, workspace, manager, reader):
    page = make_page(workspace, manager, title="Withdrawn plan")
    assert "Withdrawn plan" in as_user(reader).get(f"/w/{workspace.slug}/").content.decode()
    page_delete(actor=manager, page=page)
    assert "Withdrawn plan" not in as_user(reader).get(f"/w/{workspace.slug}/").content.decode()
    assert "Withdrawn plan" in as_user(manager).get(f"/w/{workspace.slug}/").content.decode()


def test_activity_about_a_restricted_page_is_hidden_from_those_who_may_not_see_it(as_user, workspace, manager, reader):
    make_page(workspace, manager, title="Board minutes", view_access=Access.MANAGERS)
    assert "Board minutes" not in as_user(reader).get(f"/w/{workspace.slug}/").content.decode()


def test_text_is_rendered_once_when_saved(workspace, contributor):
    page = make_page(workspace, contributor, title="Plan", text="Read **this**.")
    assert page.html == "<p>Read <strong>this</strong>.</p>\n"
    page = edit_page(page, contributor, "Now *that*.")
    assert Page.objects.get(pk=page.pk).html == "<p>Now <em>that</em>.</p>\n"


def test_revisions_keep_the_title_and_text_as_they_were(workspace, manager):
    page = make_page(workspace, manager, title="Plan", text="one")
    page = edit_page(page, manager, "two")
    page_move(actor=manager, page=page, title="Plan B")
    assert list(Page.objects.get(pk=page.pk).revisions.order_by("number").values_list("number", "title", "text")) == [
        (1, "Plan", "one"), (2, "Plan", "two"), (3, "Plan B", "two")]
