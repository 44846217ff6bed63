"""Running polls: adding one (bad input next to its field, nothing lost), editing (what votes
fix is refused with the reason), publishing, closing, deleting and restoring; who took part
(names, never choices; an anonymous poll's only after it closes); the vote times; the home."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from polls import home, services
from polls.models import Poll, Status

from .builders import cast, make_poll

pytestmark = pytest.mark.django_db


def _url(poll, name):
    return reverse(f"polls:{name}", kwargs={"workspace": poll.workspace.slug, "pk": poll.pk})


def _form(**extra):
    data = {"question": "Where should the bench go?", "description": "By the **river**.",
            "options": "By the bridge\nBy the mill\n", "kind": "single", "max_choices": "", "opens_at": "",
            "closes_at": "", "results": "after_vote", "view_access": "members", "change_access": "managers"}
    return {**data, **extra}


def test_a_contributor_adds_a_draft_poll_and_publishes_it(as_user, workspace, contributor):
    client = as_user(contributor)
    response = client.post(reverse("polls:create", args=[workspace.slug]), _form())
    poll = Poll.objects.get(question="Where should the bench go?")
    assert response.status_code == 302 and poll.status == Status.DRAFT
    assert [o.label for o in poll.options.all()] == ["By the bridge", "By the mill"]
    assert "<strong>river</strong>" in poll.description_html
    assert client.post(_url(poll, "publish")).status_code == 302
    poll.refresh_from_db()
    assert poll.is_live


@pytest.mark.parametrize("bad, field, message", [
    ({"options": "Only one"}, "options", "Give at least two answers"),
    ({"options": "Same\nsame"}, "options", "Each answer must be different."),
    ({"closes_at": "2001-01-01T10:00"}, "closes_at", "Choose a closing time in the future."),
    ({"opens_at": "2099-02-01T10:00", "closes_at": "2099-01-01T10:00"}, "closes_at", "after the opening"),
    ({"question": "   "}, "question", "Enter the question."),
    ({"kind": "multiple", "max_choices": "5"}, "max_choices", "Choose a number from 1 to 2"),
])
def test_bad_input_is_refused_next_to_its_field_and_kept(as_user, workspace, contributor, bad, field, message):
    response = as_user(contributor).post(reverse("polls:create", args=[workspace.slug]), _form(**bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert form.data["description"] == "By the **river**."  # what was typed comes back
    assert not Poll.objects.filter(workspace=workspace).exists()


def test_hostile_answers_are_shown_escaped(as_user, workspace, manager, reader):
    poll = make_poll(workspace, manager, options=["<img src=x onerror=alert(1)>", "Fine"])
    page = as_user(reader).get(poll.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_after_the_first_vote_anonymity_and_answers_are_fixed(as_user, workspace, manager, reader):
    poll = make_poll(workspace, manager, options=["Yes", "No"])
    cast(poll, reader, "Yes")
    client = as_user(manager)
    response = client.post(_url(poll, "edit"), _form(question=poll.question, options="Yes\nNo", anonymous="on"))
    assert "whether the poll is anonymous cannot change" in response.content.decode()
    response = client.post(_url(poll, "edit"), _form(question=poll.question, options="Yes\nNo\nMaybe"))
    assert "the answers cannot change any more" in response.content.decode()
    poll.refresh_from_db()
    assert not poll.anonymous and poll.options.count() == 2
    response = client.post(_url(poll, "edit"), _form(question="Renamed?", options="Yes\nNo"))
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.question == "Renamed?"


def test_two_managers_saving_at_once_do_not_overwrite_each_other(workspace, manager):
    poll = make_poll(workspace, manager)
    from workspaces.kit.services import ChangedMeanwhile, loaded_state

    state = loaded_state(poll, services.SETTINGS_FIELDS)
    kwargs = {"question": "First?", "options": ["Yes", "No"], "closes_at": poll.closes_at, "opens_at": poll.opens_at}
    services.poll_update(actor=manager, poll=poll, loaded_state=state, **kwargs)
    with pytest.raises(ChangedMeanwhile):
        services.poll_update(actor=manager, poll=poll, loaded_state=state, **{**kwargs, "question": "Second?"})


def test_close_now_delete_and_restore(as_user, workspace, manager):
    poll = make_poll(workspace, manager)
    client = as_user(manager)
    assert client.post(_url(poll, "close")).status_code == 302
    poll.refresh_from_db()
    assert not poll.is_open()
    assert client.post(_url(poll, "delete")).status_code == 302
    assert poll not in client.get(reverse("polls:index", args=[workspace.slug])).context["page_obj"].object_list
    assert poll.question in client.get(reverse("polls:deleted", args=[workspace.slug])).content.decode()
    assert client.post(_url(poll, "restore")).status_code == 302
    poll.refresh_from_db()
    assert not poll.is_deleted


def test_who_took_part_lists_names_never_choices(as_user, workspace, manager, reader, contributor):
    poll = make_poll(workspace, manager, options=["Apples", "Pears"])
    cast(poll, reader, "Apples")
    page = as_user(manager).get(_url(poll, "participants")).content.decode()
    assert reader.name in page and "Apples" not in page and "Pears" not in page


def test_an_anonymous_polls_participants_show_only_after_it_closes(as_user, workspace, manager, reader):
    poll = make_poll(workspace, manager, anonymous=True, options=["Apples", "Pears"])
    cast(poll, reader, "Pears")
    assert as_user(manager).get(_url(poll, "participants")).status_code == 403
    services.poll_close(actor=manager, poll=poll)
    page = as_user(manager).get(_url(poll, "participants")).content.decode()
    assert reader.name in page and "Pears" not in page and "Apples" not in page
    # Nor does the manager's page of the poll name anyone beside a choice.
    assert as_user(manager).get(_url(poll, "choices")).status_code == 404


def test_the_vote_times_export_has_times_and_no_choices(as_user, workspace, manager, reader, contributor):
    poll = make_poll(workspace, manager, anonymous=True, options=["Apples", "Pears"])
    cast(poll, reader, "Pears")
    cast(poll, contributor, "Apples", address_key="abcdef0123456789")
    response = as_user(manager).get(_url(poll, "export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Voted at (UTC)" and len(rows) == 3
    assert "Apples" not in text and "Pears" not in text and reader.email not in text
    assert rows[2][2] == "abcdef01"


def test_waiting_for_lists_open_polls_not_voted_in_closing_soonest_first(workspace, manager, reader,
                                                                          django_assert_num_queries):
    now = timezone.now()
    later = make_poll(workspace, manager, question="Later?", closes_at=now + timedelta(days=9))
    sooner = make_poll(workspace, manager, question="Sooner?", closes_at=now + timedelta(days=2))
    voted = make_poll(workspace, manager, question="Voted?")
    make_poll(workspace, manager, stage="closed", question="Closed?")
    make_poll(workspace, manager, stage="draft", question="Draft?")
    cast(voted, reader, "Yes")
    # The person's standing in the workspace (which the home page has read already), then the polls: one query.
    with django_assert_num_queries(2):
        entries = home.waiting_for(reader, workspace, 10)
    assert [entry.title for entry in entries] == [sooner.question, later.question]
    assert home.waiting_for(AnonymousUser(), workspace, 10) == []


def test_who_took_part_pages_by_keyset_in_voting_order(as_user, workspace, manager, settings):
    from ..builders import add_member, make_user

    settings.ENGAGE_PAGE_SIZE = 3
    poll = make_poll(workspace, manager)
    voters = []
    for n in range(5):
        voter = make_user(f"keyset-voter{n}@example.org", name=f"Voter {n}")
        add_member(workspace, voter)
        cast(poll, voter, "Yes")
        voters.append(voter)
    client = as_user(manager)
    first = client.get(_url(poll, "participants"))
    names = [v.name for v in voters]
    assert [name for name in names if name in first.content.decode()] == names[:3]
    page = first.context["page_obj"]
    assert page.total == 5 and page.has_next
    second = client.get(_url(poll, "participants") + page.next_query).content.decode()
    assert [name for name in names if name in second] == names[3:]
