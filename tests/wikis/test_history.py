"""History: every save is a revision; paginated history, comparing any two revisions, old
revisions, restoring one as a new revision, recent changes of the whole wiki."""

import importlib
from unittest import mock

import pytest
from django.apps import apps as django_apps

from wikis import markup
from wikis.models import Page
from wikis.services import page_delete, page_move
from workspaces.models import Access

from .builders import edit_page, make_page, url_for


@pytest.fixture
def edited(workspace, manager, contributor):
    page = make_page(workspace, manager, title="Plan", text="We start in March.\n")
    edit_page(page, contributor, "We start in April.\n", summary="Later start")
    return edit_page(Page.objects.get(pk=page.pk), manager, "We start in April.\n\nBudget: 12 million.\n",
                     summary="Budget")


def test_history_lists_revisions_newest_first_with_author_and_summary(as_user, workspace, reader, edited):
    response = as_user(reader).get(url_for("history", workspace, edited))
    rows = [(r.number, r.author.name, r.summary) for r in response.context["revisions"]]
    assert rows == [(3, "Maya Manager", "Budget"), (2, "Chris Contributor", "Later start"),
                    (1, "Maya Manager", "Created the page")]
    html = response.content.decode()
    assert 'name="from" value="2" id="from-2" checked' in html and 'name="to" value="3" id="to-3" checked' in html
    assert "Compare from revision 2" in html  # each radio button has a label


def test_history_is_paginated(as_user, workspace, manager, reader, settings):
    settings.ENGAGE_PAGE_SIZE = 5
    page = make_page(workspace, manager, title="Busy", text="0")
    for i in range(1, 12):
        page = edit_page(page, manager, str(i))
    first = as_user(reader).get(url_for("history", workspace, page))
    assert [r.number for r in first.context["revisions"]] == [12, 11, 10, 9, 8]
    last = as_user(reader).get(url_for("history", workspace, page), {"page": 3})
    assert [r.number for r in last.context["revisions"]] == [2, 1]


def test_diff_between_any_two_revisions_marks_added_and_removed_words(as_user, workspace, reader, edited):
    response = as_user(reader).get(url_for("diff", workspace, edited), {"from": 1, "to": 3})
    html = response.content.decode()
    assert response.status_code == 200
    assert "removed: </span>March</del>" in html and "added: </span>April</ins>" in html
    assert "added: </span>Budget: 12 million.</ins>" in html
    assert "Added text is <ins" in html  # the legend explains the marks in words


def test_diff_defaults_to_the_latest_change_and_accepts_the_revisions_in_either_order(as_user, workspace, reader,
                                                                                       edited):
    client = as_user(reader)
    latest = client.get(url_for("diff", workspace, edited)).context
    assert (latest["old"].number, latest["new"].number) == (2, 3)
    swapped = client.get(url_for("diff", workspace, edited), {"from": 3, "to": 1}).context
    assert (swapped["old"].number, swapped["new"].number) == (1, 3)


@pytest.mark.parametrize("params", [{"from": "x"}, {"from": "-4", "to": "zero"}, {"to": "9999999999999999999999"},
                                    {"from": ""}])
def test_diff_with_nonsense_numbers_falls_back_to_the_latest_change(as_user, workspace, reader, edited, params):
    response = as_user(reader).get(url_for("diff", workspace, edited), params)
    assert response.status_code == 200
    assert response.context["new"].number == 3


def test_diff_of_a_revision_that_does_not_exist_is_not_found(as_user, workspace, reader, edited):
    assert as_user(reader).get(url_for("diff", workspace, edited), {"from": 1, "to": 7}).status_code == 404


def test_a_huge_revision_number_in_the_address_is_not_found_not_an_error(as_user, workspace, contributor, edited):
    client = as_user(contributor)
    assert client.get(url_for("revision", workspace, edited, number=10**25)).status_code == 404
    assert client.post(url_for("revision_restore", workspace, edited, number=10**25)).status_code == 404


def test_diff_shows_a_title_change(as_user, workspace, manager, reader):
    page = make_page(workspace, manager, title="Old name")
    page_move(actor=manager, page=page, title="New name")
    html = as_user(reader).get(url_for("diff", workspace, "new-name"), {"from": 1, "to": 2}).content.decode()
    assert "The title changed from “Old name” to “New name”." in html and "The text is the same in both." in html


def test_old_revision_is_shown_rendered_with_a_way_back(as_user, workspace, reader, edited):
    html = as_user(reader).get(url_for("revision", workspace, edited, number=1)).content.decode()
    assert "This is an old revision" in html and "We start in March." in html
    assert "Restore this revision" not in html  # readers cannot restore


def test_contributor_restores_an_old_revision_as_a_new_one(as_user, workspace, contributor, edited):
    client = as_user(contributor)
    confirm = client.get(url_for("revision_restore", workspace, edited, number=1))
    assert "Restore revision 1?" in confirm.content.decode()
    response = client.post(url_for("revision_restore", workspace, edited, number=1))
    assert response.status_code == 302
    page = Page.objects.get(pk=edited.pk)
    assert page.text == "We start in March.\n" and page.version == 4 and "March" in page.html
    latest = page.revisions.first()
    assert (latest.number, latest.author, latest.summary) == (4, contributor, "Restored the text of revision 1")
    assert page.revisions.count() == 4  # nothing rewritten


def test_reader_cannot_restore_a_revision(as_user, workspace, reader, edited):
    assert as_user(reader).post(url_for("revision_restore", workspace, edited, number=1)).status_code == 403
    assert Page.objects.get(pk=edited.pk).version == 3


def test_revision_of_another_page_is_not_found_through_this_one(as_user, workspace, manager, edited):
    other = make_page(workspace, manager, title="Other")
    assert as_user(manager).get(url_for("revision", workspace, other, number=3)).status_code == 404
    assert as_user(manager).post(url_for("revision_restore", workspace, other, number=3)).status_code == 404


def test_recent_changes_lists_every_revision_of_pages_the_user_may_see(as_user, workspace, manager, reader, edited):
    make_page(workspace, manager, title="Board minutes", view_access=Access.MANAGERS)
    deleted = make_page(workspace, manager, title="Withdrawn")
    page_delete(actor=manager, page=deleted)
    rows = [(r.page.title, r.number) for r in as_user(reader).get(url_for("changes", workspace)).context["page_obj"]]
    assert rows == [("Plan", 3), ("Plan", 2), ("Plan", 1)]
    manager_rows = [r.page.title for r in as_user(manager).get(url_for("changes", workspace)).context["page_obj"]]
    assert "Board minutes" in manager_rows and "Withdrawn" not in manager_rows


def test_recent_changes_pages_without_counting_every_revision(as_user, workspace, manager, reader, settings):
    """A busy wiki's revisions are not all counted on each visit: the count stops one row past
    the page asked for, and the page says "Page 1", with Next, not "Page 1 of N"."""
    settings.ENGAGE_PAGE_SIZE = 2
    for i in range(7):
        make_page(workspace, manager, title=f"Note {i}")
    response = as_user(reader).get(url_for("changes", workspace))
    page = response.context["page_obj"]
    assert len(page.object_list) == 2 and page.has_next()
    assert page.paginator.count == 3  # the page and one more, not 7
    html = response.content.decode()
    assert "Page 1<" in html and "Page 1 of" not in html
    last = as_user(reader).get(url_for("changes", workspace), {"page": 4}).context["page_obj"]
    assert [r.page.title for r in last.object_list] == ["Note 0"] and not last.has_next()


def test_recent_changes_when_nothing_happened_says_so(as_user, workspace, reader):
    assert "No changes yet" in as_user(reader).get(url_for("changes", workspace)).content.decode()


# --- Old revisions are shown as rendered when saved (never rendered per view) -------------------


def test_each_revision_keeps_its_text_rendered_when_saved(workspace, manager):
    page = make_page(workspace, manager, title="Plan", text="# A\n\n# B\n\n# C\n\nSee [[Budget]].\n")
    page = edit_page(page, manager, "Only **this** now.\n")
    first, second = page.revisions.order_by("number")
    assert (first.html, first.toc) == markup.render(first.text)
    assert len(first.toc) == 3 and 'href="#wiki:Budget"' in first.html
    assert (second.html, second.toc) == (page.html, page.toc) == markup.render("Only **this** now.\n")


def test_viewing_an_old_revision_does_not_render_it(as_user, workspace, manager, reader):
    page = make_page(workspace, manager, title="Plan", text="# Aims\n\n# Means\n\n# Money\n\nWe start in **March**.\n")
    page = edit_page(page, manager, "We start in April.\n")
    make_page(workspace, manager, title="Money")
    with mock.patch("wikis.markup.render", side_effect=AssertionError("an old revision was rendered per view")), \
            mock.patch("workspaces.lib.markdown.render_measured", side_effect=AssertionError("rendered"), create=True):
        response = as_user(reader).get(url_for("revision", workspace, page, number=1))
    html = response.content.decode()
    assert response.status_code == 200 and "We start in <strong>March</strong>." in html
    assert 'href="#h-money"' in html  # its contents list, stored with it


def test_the_migration_renders_the_revisions_saved_before_it(workspace, manager):
    page = make_page(workspace, manager, title="Plan", text="We start in **March**.\n")
    page = edit_page(page, manager, "# A\n\n# B\n\n# C\n")
    page.revisions.update(html="", toc=[])  # as the rows were before it
    migration = importlib.import_module("wikis.migrations.0002_revision_html")
    migration.render_revisions(django_apps, None)
    first, second = page.revisions.order_by("number")
    assert (first.html, first.toc) == ("<p>We start in <strong>March</strong>.</p>\n", [])
    assert (second.html, second.toc) == (page.html, page.toc) and len(second.toc) == 3


def test_diff_as_it_reads_marks_the_blocks_and_links_both_views(as_user, workspace, reader, edited):
    client = as_user(reader)
    html = client.get(url_for("diff", workspace, edited), {"from": 1, "to": 3, "view": "rendered"}).content.decode()
    assert '<span class="diff-mark">Removed</span><p>We start in March.</p></del>' in html
    assert '<span class="diff-mark">Added</span><p>Budget: 12 million.</p></ins>' in html
    assert '<a href="?from=1&amp;to=3&amp;view=rendered" aria-current="page">Changes as it reads</a>' in html
    assert '<a href="?from=1&amp;to=3">Changes in the text</a>' in html
    text = client.get(url_for("diff", workspace, edited), {"from": 1, "to": 3}).content.decode()
    assert "diff-mark" not in text and 'aria-current="page">Changes in the text</a>' in text
