"""The tool kit (workspaces.kit), as its first users — the wiki and the library — use it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.http import Http404
from django.test import RequestFactory

from wikis.models import Page
from workspaces.kit.selectors import Moved, get_item, number_or_404, stand_in
from workspaces.kit.services import Busy, TextConflict, locked_row, merge_text, restore, retried, soft_delete
from workspaces.kit.views import page_or_partial
from workspaces.lib.forms import one_line
from workspaces.models import Activity, AuditEntry

from ..wikis.builders import edit_page, make_page


def test_merge_text_merges_edits_that_do_not_overlap_and_names_who_saved_since(workspace, manager, contributor):
    page = make_page(workspace, manager, text="One.\n\nTwo.\n\nThree.\n")
    edit_page(page, manager, "One, changed.\n\nTwo.\n\nThree.\n")
    current = Page.objects.get(pk=page.pk)
    change = merge_text(current, "One.\r\n\r\nTwo.\r\n\r\nThree, mine.\r\n", base_version=1, actor=contributor,
                        revisions=current.revisions, max_length=1000)
    assert change.text == "One, changed.\n\nTwo.\n\nThree, mine.\n"
    assert change.merged_with == ["Maya Manager"] and change.revised


def test_merge_text_raises_the_tools_conflict_when_edits_overlap(workspace, manager, contributor):
    class MyConflict(TextConflict):
        pass

    page = make_page(workspace, manager, text="The budget is 10.\n")
    edit_page(page, manager, "The budget is 12.\n")
    current = Page.objects.get(pk=page.pk)
    with pytest.raises(MyConflict) as conflict:
        merge_text(current, "The budget is 9.\n", base_version=1, actor=contributor, revisions=current.revisions,
                   max_length=1000, conflict=MyConflict)
    assert conflict.value.others == ["Maya Manager"] and conflict.value.base.number == 1


def test_merge_text_mentions_only_whom_the_change_adds(workspace, manager, contributor, reader):
    page = make_page(workspace, manager, text="Ask @reader.\n")
    current = Page.objects.get(pk=page.pk)
    unchanged = merge_text(current, "Ask @reader.\nMore.\n", base_version=current.version, actor=manager,
                           revisions=current.revisions, max_length=1000)
    added = merge_text(current, "Ask @reader and @contributor.\n", base_version=current.version, actor=manager,
                       revisions=current.revisions, max_length=1000)
    assert unchanged.mentions == [] and added.mentions == [contributor.pk]


def test_merge_text_refuses_text_over_the_limit_next_to_the_field(workspace, manager):
    current = make_page(workspace, manager, text="Short.")
    with pytest.raises(ValidationError) as refused:
        merge_text(current, "x" * 11, base_version=None, actor=manager, revisions=current.revisions, max_length=10,
                   what="This page", advice="Split it.")
    assert refused.value.message_dict == {"text": ["This page is too long: keep it to 10 characters (it has 11). "
                                                   "Split it."]}


def test_soft_delete_and_restore_record_activity_and_audit_in_the_change(workspace, manager):
    page = make_page(workspace, manager, title="Gone soon")
    with transaction.atomic():
        soft_delete(locked_row(page), actor=manager, verb="wikis.page_deleted", summary="deleted",
                    audit_action="wiki_page.deleted")
    page.refresh_from_db()
    assert page.is_deleted and page.deleted_by == manager and page.deleted_at is not None
    with transaction.atomic():
        restore(locked_row(page), actor=manager, verb="wikis.page_restored", summary="restored",
                audit_action="wiki_page.restored")
    page.refresh_from_db()
    assert not page.is_deleted and page.deleted_by is None
    assert list(Activity.objects.filter(target_id=page.pk).values_list("verb", flat=True).order_by("id"))[-2:] == [
        "wikis.page_deleted", "wikis.page_restored"]
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"wiki_page.deleted", "wiki_page.restored"}


def test_tree_nodes_move_with_their_subtree_in_one_update(workspace, manager, django_assert_num_queries):
    top = make_page(workspace, manager, title="Top")
    other = make_page(workspace, manager, title="Other")
    middle = make_page(workspace, manager, title="Middle", parent=top)
    leaf = make_page(workspace, manager, title="Leaf", parent=middle)
    assert (leaf.depth, leaf.ancestor_ids) == (3, [top.pk, middle.pk])
    assert top.subtree_height() == 3 and leaf.is_under(top) and not top.is_under(leaf)
    with django_assert_num_queries(1):
        middle.move_under(other)
    middle.save()
    leaf.refresh_from_db()
    assert leaf.path == f"/{other.pk}/{middle.pk}/{leaf.pk}/"


def test_get_item_hides_deleted_items_unless_asked(workspace, manager, reader):
    page = make_page(workspace, manager)
    page.is_deleted = True
    page.save()
    with pytest.raises(Http404):
        get_item(manager, page, "wikis.view_page")
    assert get_item(manager, page, "wikis.view_page", deleted="show") is page
    with pytest.raises(Http404):
        get_item(reader, page, "wikis.view_page", deleted="show")
    # An editor whose page was deleted meanwhile is answered as if it were not (their text comes back).
    assert get_item(manager, page, "wikis.change_page", deleted="as_live").is_deleted


def test_an_editor_who_may_not_see_deleted_items_gets_a_stand_in_that_says_nothing(workspace, manager,
                                                                                    contributor):
    page = make_page(workspace, contributor, title="Restructuring the team", text="Names of who goes.")
    soft_delete(Page.objects.get(pk=page.pk), actor=manager, verb="wikis.page_deleted", summary="deleted",
                audit_action="wiki_page.deleted")
    page = Page.objects.select_related("created_by", "deleted_by").get(pk=page.pk)
    got = get_item(contributor, page, "wikis.change_page", deleted="as_live")
    assert got.is_deleted and got.pk == page.pk and got.slug == page.slug and got.version == page.version
    assert (got.title, got.text, got.html, got.path) == ("a deleted page", "", "", "")
    assert got.created_by_id is got.deleted_by_id is got.deleted_at is None
    assert "Restructuring" not in str(got)
    with pytest.raises(TypeError):
        got.save()
    # Managers, who may see deleted pages, get the page itself.
    assert get_item(manager, page, "wikis.change_page", deleted="as_live") is page
    assert stand_in(page).workspace is page.workspace


def test_every_tools_title_clash_goes_through_the_kits_refusal():
    """A tool that words its own "There is already a ... called" may name an item the person
    cannot see: the kit's refuse_taken_title() decides that for every tool."""
    import re
    from pathlib import Path

    from django.apps import apps

    from workspaces import registry

    worded = []
    for tool in registry.all_tools():
        root = Path(apps.get_app_config(tool.app_label).path)
        for path in root.rglob("*.py"):
            if re.search(r"already (a|an) [\w ]*called", path.read_text()):
                worded.append(str(path.relative_to(root.parent)))
    assert not worded, f"Refuse a taken title with workspaces.kit.services.refuse_taken_title: {worded}"


@pytest.mark.parametrize("value", ["0", "-1", str(2**63)])
def test_numbers_outside_what_the_database_holds_are_not_found(value):
    with pytest.raises(Http404):
        number_or_404(value)


def test_moved_carries_where_the_item_is_now():
    moved = Moved(object(), {"slug": "new"})
    assert moved.kwargs == {"slug": "new"}


@pytest.mark.parametrize("headers, partial", [
    ({}, False),
    ({"HTTP_HX_REQUEST": "true"}, True),
    ({"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}, False),
    ({"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}, False),
])
def test_page_or_partial_answers_htmx_swaps_with_the_partial_and_varies_on_it(headers, partial):
    from django_htmx.middleware import HtmxDetails

    request = RequestFactory().get("/", **headers)
    request.htmx = HtmxDetails(request)
    response = page_or_partial(request, "components/preview.html", "components/empty_state.html", {"title": "X"})
    assert ("empty-state" in response.content.decode()) is partial
    assert "HX-Request" in response["Vary"]


class _Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg carries for "deadlock detected"


def _deadlock():
    error = OperationalError("deadlock detected")
    error.__cause__ = _Deadlock()
    return error


@pytest.mark.django_db(transaction=True)
def test_a_service_the_database_stops_to_break_a_deadlock_runs_again(workspace, manager):
    calls = []

    @retried
    @transaction.atomic
    def rename(page, title):
        calls.append(title)
        Page.objects.filter(pk=page.pk).update(title=title)
        if len(calls) == 1:
            raise _deadlock()  # the first run's change is rolled back with it
        return "done"

    page = make_page(workspace, manager, title="Old")
    assert rename(page, "New") == "done" and calls == ["New", "New"]
    assert Page.objects.get(pk=page.pk).title == "New"


@pytest.mark.django_db(transaction=True)
def test_a_service_that_keeps_losing_the_race_says_busy_and_saves_nothing(workspace, manager):
    @retried
    @transaction.atomic
    def rename(page):
        Page.objects.filter(pk=page.pk).update(title="Half done")
        raise _deadlock()

    page = make_page(workspace, manager, title="Old")
    with pytest.raises(Busy) as busy:
        rename(page)
    assert "Everything you typed is still in the form" in busy.value.message
    assert Page.objects.get(pk=page.pk).title == "Old"


def test_other_database_errors_are_not_run_again(workspace, manager):
    calls = []

    @retried
    def fails():
        calls.append(1)
        raise OperationalError("disk full")

    with pytest.raises(OperationalError):
        fails()
    assert calls == [1]


def test_a_new_tree_node_takes_its_parents_path_as_saved_now(workspace, manager):
    top = make_page(workspace, manager, title="Top")
    elsewhere = make_page(workspace, manager, title="Elsewhere")
    stale = Page.objects.get(pk=top.pk)
    Page.objects.filter(pk=top.pk).update(parent=elsewhere, path=f"{elsewhere.path}{top.pk}/")  # moved meanwhile
    child = make_page(workspace, manager, title="Child", parent=stale)
    assert Page.objects.get(pk=child.pk).path == f"{elsewhere.path}{top.pk}/{child.pk}/"


@pytest.mark.parametrize("typed, kept", [("  Board \n  papers ", "Board papers"), ("\u200b\u2060 \u200b", ""),
                                         ("\u200bMinutes", "\u200bMinutes"), ("", "")])
def test_a_name_of_nothing_visible_is_no_name(typed, kept):
    assert one_line(typed) == kept


def test_a_wiki_page_or_link_titled_with_nothing_visible_is_refused(workspace, manager):
    from links.forms import LinkForm
    from wikis.services import clean_title

    with pytest.raises(ValidationError, match="Enter a title for the page"):
        clean_title("\u200b\u200b")
    form = LinkForm({"url": "https://www.gov.uk", "title": "\u2060", "view_access": "anyone",
                     "change_access": "members"}, workspace=workspace)
    assert form.errors["title"] == ["Enter a title for the link."]
