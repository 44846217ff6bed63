"""The workspace home as a dashboard (workspaces.selectors.home): every tool's block through the
registry, "Waiting for you", the role sentence, the managers' getting-started checklist; bounded
queries, and nothing shown that the reader may not see."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.services.library import document_delete
from documents.services.reviews import review_request
from documents.services.writing import document_write
from links.services import link_create
from wikis.services import page_create
from workspaces import registry
from workspaces.models import Access, AuditEntry, Role, Workspace
from workspaces.registry import HomeEntry, Tool

from ..builders import add_member, make_team, make_user
from ..dummytool.apps import DUMMY_TOOL


def home(client, workspace):
    return client.get(reverse("workspace_home", args=[workspace.slug]))


def _fill(workspace, author, n, start=0):
    """n links, wiki pages and documents, and n members."""
    with transaction.atomic():
        for i in range(start, start + n):
            link_create(actor=author, workspace=workspace, url=f"https://example.org/{i}", title=f"Link {i}")
            page_create(actor=author, workspace=workspace, title=f"Page {i}", text="Text")
            document_write(actor=author, workspace=workspace, title=f"Document {i}", text="Text")
            add_member(workspace, make_user(f"member{i}@example.org"), Role.READER)


@pytest.mark.parametrize("persona", ["manager", "reader"])
def test_the_home_costs_the_same_queries_at_two_sizes(as_user, personas, workspace, manager, persona):
    client = as_user(personas[persona])
    counts = []
    for size in (5, 50):
        _fill(workspace, manager, size - (counts and 5 or 0), start=len(counts) * 5)
        home(client, workspace)  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as captured:
            response = home(client, workspace)
        assert response.status_code == 200
        counts.append(len(captured))
        blocks = {block.tool.slug: block for block in response.context["blocks"]}
        assert all(len(blocks[slug].entries) == 5 for slug in ("links", "wikis", "documents"))
    assert counts[0] == counts[1], f"{persona}: {counts[0]} queries with 5 items per tool, {counts[1]} with 50"
    # A query per block of each tool (consultations, polls: "Waiting for you" too; risks: kept registers), the layout.
    assert counts[1] <= 25


def test_a_reader_never_sees_a_restricted_item_in_any_block(as_user, workspace, manager, contributor, reader):
    team = make_team(workspace, "Inner circle", members=[contributor])
    secret = "Secret"
    link_create(actor=manager, workspace=workspace, url="https://example.org/m", title=f"{secret} managers link",
                view_access=Access.MANAGERS)
    page_create(actor=manager, workspace=workspace, title=f"{secret} team page", text="For the team, @reader",
                view_access=Access.TEAMS, view_teams=[team])
    gone = document_write(actor=manager, workspace=workspace, title=f"{secret} deleted document",
                          text="Hello @reader")
    document_delete(actor=manager, document=gone)
    link_create(actor=manager, workspace=workspace, url="https://example.org/o", title="Open link")

    reader_page = home(as_user(reader), workspace).content.decode()
    assert "Open link" in reader_page
    assert secret not in reader_page
    assert all(secret not in entry.title for entry in _entries(home(as_user(reader), workspace)))
    shown_to_manager = [entry.title for entry in _entries(home(as_user(manager), workspace))]
    assert f"{secret} managers link" in shown_to_manager and f"{secret} team page" in shown_to_manager
    assert f"{secret} deleted document" not in shown_to_manager  # deleted: out of the tools' blocks
    assert f"{secret} team page" in [entry.title for entry in _entries(home(as_user(contributor), workspace))]


def _entries(response):
    """Every line of every block: the tools' and "Waiting for you"."""
    return [*response.context["waiting"], *(e for block in response.context["blocks"] for e in block.entries or [])]


def test_waiting_for_you_lists_a_review_due_and_a_mention(as_user, workspace, manager, contributor):
    document = document_write(actor=manager, workspace=workspace, title="Annual plan", text="Plan")
    review_request(actor=manager, document=document, reviewers=[contributor],
                   due_on=timezone.localdate() + datetime.timedelta(days=3))
    page_create(actor=manager, workspace=workspace, title="Kick-off notes", text="Thoughts, @contributor?")

    response = home(as_user(contributor), workspace)
    waiting = response.context["waiting"]
    titles = [entry.title for entry in waiting]
    assert titles.count("Annual plan") == 1  # the review, said once (not again as its notification)
    assert "Your review is due on" in waiting[titles.index("Annual plan")].note
    assert "Kick-off notes" in titles
    assert "mentioned you" in waiting[titles.index("Kick-off notes")].note
    assert ("All notifications", reverse("notifications:index")) in response.context["waiting_links"]
    # The manager asked: nothing waits for them.
    assert home(as_user(manager), workspace).context["waiting"] == []


def test_a_mention_on_a_page_since_limited_leaves_waiting_for_you(as_user, workspace, manager, contributor):
    page = page_create(actor=manager, workspace=workspace, title="Board notes", text="Thoughts, @contributor?")
    assert "Board notes" in [e.title for e in home(as_user(contributor), workspace).context["waiting"]]
    type(page).objects.filter(pk=page.pk).update(view_access=Access.MANAGERS)
    assert "Board notes" not in [e.title for e in home(as_user(contributor), workspace).context["waiting"]]
    assert home(as_user(manager), workspace).status_code == 200


def test_documents_closing_soon_wait_for_contributors_not_readers(as_user, workspace, manager, contributor, reader):
    document = document_write(actor=manager, workspace=workspace, title="Consultation paper", text="Text")
    type(document).objects.filter(pk=document.pk).update(comments_close_at=timezone.now() + datetime.timedelta(days=2))
    assert "Consultation paper" in [e.title for e in home(as_user(contributor), workspace).context["waiting"]]
    assert home(as_user(reader), workspace).context["waiting"] == []


@pytest.mark.parametrize("persona, words", [
    ("manager", "You manage this workspace"),
    ("contributor", "You are a contributor"),
    ("reader", "You are a reader"),
    ("site_admin", "You are a site admin"),
])
def test_one_sentence_at_the_top_says_what_the_role_allows(as_user, personas, workspace, persona, words):
    page = home(as_user(personas[persona]), workspace).content.decode()
    assert page.count(words) == 1


def test_a_visitor_to_a_public_workspace_is_told_how_to_take_part(as_user, public_workspace):
    page = home(as_user(None), public_workspace).content.decode()
    assert "Sign in, and ask one of its managers to join" in page
    assert "Waiting for you" not in page


def _steps(response):
    return {step.label: step.done for step in response.context["checklist"] or []}


def test_the_checklist_ticks_each_step_from_the_data(as_user, organisation, django_user_model):
    owner = make_user("owner@example.org", "Olive Owner")
    new = Workspace.objects.create(organisation=organisation, name="New place", slug="new-place",
                                   enabled_tools=["links", "wikis"])
    add_member(new, owner, Role.MANAGER)
    client = as_user(owner)
    assert _steps(home(client, new)) == {"Invite people": False, "Set up teams": False,
                                          "Choose the tools": False, "Write a welcome post": False}
    joiner = make_user("joiner@example.org")
    add_member(new, joiner, Role.CONTRIBUTOR)
    make_team(new, "Editors")
    link_create(actor=joiner, workspace=new, url="https://example.org/mine", title="A member's link")
    client.post(reverse("workspace_settings", args=[new.slug]),
                {"name": new.name, "description": "", "visibility": "private", "enabled_tools": ["links"]})
    assert _steps(home(client, new)) == {"Invite people": True, "Set up teams": True,
                                          "Choose the tools": True, "Write a welcome post": False}
    link_create(actor=owner, workspace=new, url="https://example.org/welcome", title="Welcome")
    assert home(client, new).context["checklist"] is None  # all done: it goes away


def test_only_managers_see_the_checklist_and_a_manager_puts_it_away_without_javascript(
        as_user, workspace, manager, reader):
    assert home(as_user(reader), workspace).context["checklist"] is None
    client = as_user(manager)
    assert "Get this workspace started" in home(client, workspace).content.decode()
    response = client.post(reverse("checklist_dismiss", args=[workspace.slug]))
    assert response.status_code == 302 and response["Location"] == reverse("workspace_home", args=[workspace.slug])
    assert home(client, workspace).context["checklist"] is None
    assert AuditEntry.objects.filter(workspace=workspace, action="workspace.checklist_dismissed").count() == 1
    assert as_user(reader).post(reverse("checklist_dismiss", args=[workspace.slug])).status_code == 403


def test_a_tool_without_home_hooks_shows_its_description_and_a_link(as_user, workspace, reader):
    with registry.register_temporarily(DUMMY_TOOL):
        Workspace.objects.filter(pk=workspace.pk).update(enabled_tools=["dummytool"])
        response = home(as_user(reader), workspace)
    page = response.content.decode()
    assert response.status_code == 200
    assert DUMMY_TOOL.description in page and response.context["blocks"][0].entries is None


def test_a_tool_declares_its_block_and_what_waits_through_the_registry(as_user, workspace, reader):
    asked = []

    def latest(user, place, limit):
        asked.append(("latest", user, place, limit))
        return [HomeEntry(title=f"Note {i}", url=f"/n/{i}/") for i in range(limit + 3)]

    def waiting_for(user, place, limit):
        return [HomeEntry(title="Answer the poll", url="/poll/", note="Closes on Friday"),
                HomeEntry(title="Answer the poll", url="/poll/#question-2", note="A reply to you")]

    tool = Tool(slug="dummytool", app_label="dummytool", name="Notes", description="Short notes.",
                urls="tests.dummytool.urls", policies={"dummytool.Note": "workspaces.permissions.ItemPolicy"},
                latest=latest, waiting_for=waiting_for)
    with registry.register_temporarily(tool):
        Workspace.objects.filter(pk=workspace.pk).update(enabled_tools=["dummytool"])
        response = home(as_user(reader), workspace)
    (block,) = response.context["blocks"]
    assert [e.title for e in block.entries] == [f"Note {i}" for i in range(5)]  # at most five shown
    assert asked == [("latest", reader, workspace, 5)] or asked[0][3] == 5
    assert [(e.title, e.note) for e in response.context["waiting"]] == [("Answer the poll", "Closes on Friday")]
    assert "Note 4" in response.content.decode() and "Note 5" not in response.content.decode()
