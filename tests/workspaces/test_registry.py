"""The tool registry: one declaration says everything the core needs."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.dummytool.models import Note
from workspaces import registry
from workspaces.activity import UndeclaredVerb, record
from workspaces.models import Activity
from workspaces.permissions import ItemPolicy, policy_for
from workspaces.registry import COMMENT_VERBS, SILENT, Commentable, NotifyRule, Tool, register_temporarily


def test_record_refuses_a_verb_no_tool_declared(workspace):
    with pytest.raises(UndeclaredVerb), transaction.atomic():
        record(workspace=workspace, actor=None, verb="links.link_chnaged", title="x")
    assert not Activity.objects.exists()


def test_every_verb_the_tools_record_is_declared():
    declared = registry.declared_verbs()
    for verb in ["links.link_deleted", "wikis.page_moved", "wikis.page_deleted", "wikis.page_restored",
                 "wikis.revision_restored", "documents.document_deleted", "documents.document_restored"]:
        assert verb in declared, verb
    assert declared["links.link_deleted"] is SILENT


def test_a_tool_may_declare_only_verbs_of_its_own_app():
    with pytest.raises(ValueError):
        Tool(slug="x", app_label="x", name="X", description="", urls="tests.dummytool.urls",
             verbs={"links.link_created": NotifyRule()})


def test_a_tool_must_say_its_app_label_rather_than_have_it_guessed():
    with pytest.raises(TypeError, match="app_label"):
        Tool(slug="x", name="X", description="", urls="tests.dummytool.urls")
    with pytest.raises(ValueError, match="app_label"):
        Tool(slug="x", app_label="", name="X", description="", urls="tests.dummytool.urls")


def test_two_tools_cannot_give_one_verb_different_rules():
    one = Tool(slug="one", app_label="shared", name="One", description="", urls="tests.dummytool.urls",
               verbs={"shared.thing_done": NotifyRule()})
    two = Tool(slug="two", app_label="shared", name="Two", description="", urls="tests.dummytool.urls",
               verbs={"shared.thing_done": SILENT})
    with register_temporarily(one):
        with pytest.raises(ValueError):
            registry.register(two)
    registry.unregister("two")


def test_a_tools_policies_are_registered_and_withdrawn_with_it():
    class NotePolicy(ItemPolicy):
        pass

    tool = Tool(slug="notes", app_label="dummytool", name="Notes", description="", urls="tests.dummytool.urls",
                policies={Note: NotePolicy()})
    with register_temporarily(tool):
        assert isinstance(policy_for(Note), NotePolicy)
        assert tool.item_models == ("dummytool.Note",)
    assert not isinstance(policy_for(Note), NotePolicy)


def test_commentable_models_declare_the_comment_verbs():
    tool = Tool(slug="notes", app_label="dummytool", name="Notes", description="", urls="tests.dummytool.urls",
                commentable=(Commentable("dummytool.Note"),))
    with register_temporarily(tool):
        for verb, rule in COMMENT_VERBS.items():
            assert registry.notify_rule(f"dummytool.{verb}") == rule


def test_pages_link_the_stylesheets_of_the_tools_enabled_in_their_workspace(as_user, manager, workspace):
    workspace.enabled_tools = ["wikis"]
    workspace.save()
    html = as_user(manager).get(reverse("workspace_home", args=[workspace.slug])).content.decode()
    assert "/static/wikis/wikis.css" in html and "/static/notifications/notifications.css" in html
    assert "/static/documents/documents.css" not in html


def test_the_header_shows_the_registered_bell_to_people_signed_in(as_user, manager, client):
    assert 'href="/notifications/"' in as_user(manager).get(reverse("home")).content.decode()
    assert 'href="/notifications/"' not in client.get(reverse("home")).content.decode()


def test_demo_data_comes_from_each_tools_declared_hook():
    assert {tool.slug: tool.demo for tool in registry.all_tools()} == {
        "wikis": "wikis.demo.seed_demo", "documents": "documents.demo.seed_demo", "links": "links.demo.seed_demo",
        "forums": "forums.demo.seed_demo", "surveys": "surveys.demo.seed_demo",
            "consultations": "consultations.demo.seed_demo", "blogs": "blogs.demo.seed_demo",
            "polls": "polls.demo.seed_demo", "risks": "risks.demo.seed_demo",
            "diaries": "diaries.demo.seed_demo"}
