"""Writes: activity in the same transaction, stored Markdown rendering, tags, deletion."""

import pytest
from django.db import IntegrityError

from links.models import Link, LinkTag
from links.services import link_delete, link_update
from workspaces.activity import activity_recorded
from workspaces.models import Access, Activity

from .builders import edit_data, make_link, url_for


def _update(link, actor, **changes):
    values = {
        "url": link.url, "title": link.title, "note": link.note, "tags": link.tag_names,
        "view_access": link.view_access, "change_access": link.change_access,
    }
    values.update(changes)
    return link_update(actor=actor, link=link, **values)


def test_adding_a_link_records_activity_pointing_at_it(workspace, contributor):
    link = make_link(workspace, contributor, title="Planning guidance")
    activity = Activity.objects.get()
    assert (activity.verb, activity.actor, activity.target_id, activity.workspace) == (
        "links.link_created", contributor, link.pk, workspace,
    )
    assert activity.target_title == "Planning guidance"
    assert activity.target_url == url_for("detail", workspace, link)


def test_activity_and_link_commit_or_roll_back_together(workspace, contributor):
    def fail(**kwargs):
        raise IntegrityError("simulated failure after the activity row was written")

    activity_recorded.connect(fail)
    try:
        with pytest.raises(IntegrityError):
            make_link(workspace, contributor)
    finally:
        activity_recorded.disconnect(fail)
    assert not Link.objects.exists()
    assert not LinkTag.objects.exists()
    assert not Activity.objects.exists()


def test_a_failed_update_leaves_the_link_and_the_feed_as_they_were(workspace, contributor):
    link = make_link(workspace, contributor, title="Before", tags=["old"])

    def fail(**kwargs):
        raise IntegrityError("simulated")

    activity_recorded.connect(fail)
    try:
        with pytest.raises(IntegrityError):
            _update(link, contributor, title="After", tags=["new"])
    finally:
        activity_recorded.disconnect(fail)
    link.refresh_from_db()
    assert (link.title, link.tag_names, link.version) == ("Before", ["old"], 1)
    assert list(Activity.objects.values_list("verb", flat=True)) == ["links.link_created"]


def test_updating_records_activity_and_bumps_the_version(workspace, contributor, manager):
    link = make_link(workspace, contributor)
    updated = _update(link, manager, title="Better title")
    assert updated.version == 2 and updated.updated_by == manager
    assert Activity.objects.filter(verb="links.link_updated", actor=manager, target_id=link.pk).exists()


def test_deleting_records_activity_with_the_title_of_a_link_anyone_could_see(workspace, contributor):
    link = make_link(workspace, contributor, title="Old report")
    link_delete(actor=contributor, link=link)
    activity = Activity.objects.get(verb="links.link_deleted")
    assert (activity.target_title, activity.target_id, activity.summary) == ("Old report", None, "deleted the link")


def test_deleting_a_restricted_link_does_not_put_its_title_in_the_feed(workspace, manager):
    link = make_link(workspace, manager, title="Confidential briefing", view_access=Access.MANAGERS)
    link_delete(actor=manager, link=link)
    activity = Activity.objects.get(verb="links.link_deleted")
    assert activity.target_title == "" and activity.summary == "deleted a link"


def test_activity_shows_on_the_workspace_home(as_user, workspace, contributor, reader):
    make_link(workspace, contributor, title="Shared on the home page")
    page = as_user(reader).get(f"/w/{workspace.slug}/").content.decode()
    assert "added the link" in page and "Shared on the home page" in page


def test_note_is_rendered_to_html_when_saved_and_again_when_changed(workspace, contributor):
    link = make_link(workspace, contributor, note="Read **section 3**.")
    assert link.note_html == "<p>Read <strong>section 3</strong>.</p>\n"
    updated = _update(link, contributor, note="Now *section 4*.")
    assert Link.objects.get(pk=link.pk).note_html == "<p>Now <em>section 4</em>.</p>\n" == updated.note_html


def test_tags_are_replaced_on_update(workspace, contributor):
    link = make_link(workspace, contributor, tags=["housing", "planning"])
    _update(link, contributor, tags=["Planning", "transport"])
    assert sorted(LinkTag.objects.filter(link=link).values_list("name", flat=True)) == ["planning", "transport"]


def test_deleting_a_link_removes_its_tags(workspace, contributor):
    link = make_link(workspace, contributor, tags=["housing"])
    link_delete(actor=contributor, link=link)
    assert not LinkTag.objects.exists()


def test_edit_page_posts_back_the_version_it_was_loaded_with(as_user, workspace, contributor):
    link = make_link(workspace, contributor)
    _update(link, contributor, title="Second version")
    page = as_user(contributor).get(url_for("edit", workspace, link)).content.decode()
    assert 'name="loaded_version" value="2"' in page


def test_edit_form_shows_current_tags(as_user, workspace, contributor):
    link = make_link(workspace, contributor, tags=["housing", "open data"])
    page = as_user(contributor).get(url_for("edit", workspace, link)).content.decode()
    assert 'value="housing, open data"' in page


def test_saving_from_the_edit_page_keeps_what_was_posted(as_user, workspace, contributor):
    link = make_link(workspace, contributor, tags=["a"])
    response = as_user(contributor).post(
        url_for("edit", workspace, link),
        edit_data(link, url="www.gov.uk/new", title="New title", note="_new_", tags="B, c"),
    )
    assert response.status_code == 302
    link = Link.objects.get(pk=link.pk)
    assert (link.url, link.title, link.note_html.strip(), link.tag_names, link.version) == (
        "https://www.gov.uk/new", "New title", "<p><em>new</em></p>", ["b", "c"], 2,
    )
