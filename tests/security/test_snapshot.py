"""The refused-POST check's snapshot sees every kind of write it claims to see: an update of
any column of a table it reads whole, and an insert or delete in any table of our apps."""

import pytest
from django.apps import apps

from workspaces.models import Membership, Role

from . import tables
from .world import client_as, diff, snapshot

TOOLS = list(tables.TOOLS.values())


def _some_item(tool_tables):
    model = apps.get_model(tool_tables.tool.item_models[0])
    return model, model._default_manager.order_by("pk").first()


def test_an_update_of_a_column_without_a_timestamp_shows(private):
    before = snapshot("member_edit")
    Membership.objects.filter(pk=private.membership.pk).update(role=Role.MANAGER)
    assert diff(before, snapshot("member_edit")) == ["workspaces.Membership"]


@pytest.mark.parametrize("tool_tables", TOOLS[:1], ids=[t.slug for t in TOOLS[:1]])
def test_an_update_of_a_tool_row_shows_for_its_urls_and_the_core_s(tool_tables, private):
    model, item = _some_item(tool_tables)
    for name in (next(iter(tool_tables.MATRIX)), "team_edit"):
        before = snapshot(name)
        model._default_manager.filter(pk=item.pk).update(view_access="managers")
        assert diff(before, snapshot(name)) == [model._meta.label], name
        model._default_manager.filter(pk=item.pk).update(view_access=item.view_access)


@pytest.mark.skipif(len(TOOLS) < 2, reason="needs two tools")
def test_an_insert_or_delete_in_another_tool_s_table_shows_by_its_count(private):
    this, other = TOOLS[0], TOOLS[1]
    model, item = _some_item(other)
    name = next(iter(this.MATRIX))  # the other tool's tables are not read whole for this URL
    before = snapshot(name)
    model._default_manager.filter(pk=item.pk).delete()
    assert model._meta.label in diff(before, snapshot(name))


def test_signing_in_and_reading_is_no_change(private, reader):
    before = snapshot()
    client_as(reader).get("/")
    client_as(None).get("/")
    assert diff(before, snapshot()) == []
