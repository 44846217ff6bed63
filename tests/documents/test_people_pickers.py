"""The people pickers: a document's reviewers and co-authors are chosen by @handle (as typed
from the member suggestions) or by address; whoever is not a member is refused next to the
field with words that say so, and the typed text is kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.models import CoAuthor, Review
from workspaces.kit.selectors import members_named
from workspaces.models import Role

from ..builders import add_member, make_user, make_workspace
from .builders import url_for


def _ask(client, document, reviewers):
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    return client.post(url_for("review_request", document.workspace, document),
                       {"reviewers": reviewers, "due_on": due, "message": ""})


def test_reviewers_are_picked_by_handle(as_user, workspace, manager, contributor, reader, draft):
    response = _ask(as_user(manager), draft, "@reader, @contributor,")
    assert response.status_code == 302
    assert sorted(Review.objects.get().reviewers.values_list("user__email", flat=True)) == [
        "contributor@example.org", "reader@example.org"]


def test_a_non_member_reviewer_is_refused_with_a_clear_error_and_the_text_kept(as_user, workspace, manager, reader,
                                                                               outsider, draft):
    response = _ask(as_user(manager), draft, "@reader, @outsider")
    html = response.content.decode()
    assert response.status_code == 200 and not Review.objects.exists()
    assert "Not members of this workspace: @outsider. Start typing a name" in html
    assert 'id="id_reviewers_error"' in html and 'value="@reader, @outsider"' in html


def test_the_reviewer_field_is_a_people_picker(as_user, workspace, manager, draft):
    html = as_user(manager).get(url_for("review_request", workspace, draft)).content.decode()
    assert 'name="reviewers"' in html and "data-people" in html


def test_members_named_reads_handles_and_addresses(workspace, manager, reader, contributor):
    people = members_named(workspace, ["@reader", "CONTRIBUTOR@example.org", "reader"])
    assert people == [reader, contributor]


def test_members_named_refuses_members_of_other_workspaces(workspace, reader):
    elsewhere = make_workspace(name="Elsewhere", slug="elsewhere")
    add_member(elsewhere, make_user("eve@example.org", "Eve Elsewhere"))
    with pytest.raises(ValidationError) as raised:
        members_named(workspace, ["@eve", "@reader"])
    assert raised.value.messages == ["Not members of this workspace: @eve. Start typing a name to choose from "
                                     "the members, or ask a manager to invite them."]


def test_members_named_asks_for_the_address_when_a_handle_is_two_members(workspace, reader):
    add_member(workspace, make_user("reader@other.example", "Rita Other"))
    with pytest.raises(ValidationError) as raised:
        members_named(workspace, ["@reader"])
    (message,) = raised.value.messages
    assert "@reader is more than one member (Rita Other, Rita Reader): type the email address" in message
    assert members_named(workspace, ["reader@other.example"])[0].name == "Rita Other"


def test_members_named_checks_the_role(workspace, reader, contributor):
    with pytest.raises(ValidationError) as raised:
        members_named(workspace, ["@reader", "@contributor"], min_role=Role.CONTRIBUTOR)
    assert raised.value.messages[0].startswith("Not contributors of this workspace: @reader.")


def test_members_named_has_a_limit_and_one_query(workspace, reader, contributor, django_assert_num_queries):
    with pytest.raises(ValidationError, match="Name at most 2 people"):
        members_named(workspace, ["@a", "@b", "@c"], limit=2)
    with django_assert_num_queries(1):
        assert len(members_named(workspace, ["@reader", "@contributor"])) == 2


def test_co_authors_are_picked_by_handle(as_user, workspace, contributor, manager):
    from .test_written import _write

    response = _write(as_user(contributor), workspace, coauthors="@manager")
    assert response.status_code == 302
    assert sorted(CoAuthor.objects.values_list("user__email", flat=True)) == ["contributor@example.org",
                                                                              "manager@example.org"]
