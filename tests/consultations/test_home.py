"""The consultations' blocks on the workspace home: "Waiting for you" (respond, continue,
overdue for whoever runs it) and "Latest", from one query whatever the workspace holds."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations import home
from consultations.models import Consultation

from .builders import make_consultation, make_response


def test_waiting_lists_what_to_respond_to_a_draft_first_and_not_what_was_sent(workspace, manager, reader):
    sent = make_consultation(workspace, manager, title="Sent already")
    make_response(sent, reader)
    later = make_consultation(workspace, manager, title="Closes later")
    Consultation.objects.filter(pk=later.pk).update(closes_at=timezone.now() + timedelta(weeks=20))
    make_consultation(workspace, manager, title="Closes soon")
    started = make_consultation(workspace, manager, title="Started")
    Consultation.objects.filter(pk=started.pk).update(closes_at=timezone.now() + timedelta(weeks=30))
    make_response(started, reader, submitted=False)
    make_consultation(workspace, manager, stage="draft", title="A draft")
    make_consultation(workspace, manager, stage="closed", title="Closed")
    entries = home.waiting_for(reader, workspace, 5, now=timezone.now())
    assert [e.title for e in entries] == ["Started", "Closes soon", "Closes later"]
    assert entries[0].note.startswith("Continue your response · closes ")
    assert entries[1].note.startswith("Respond by ")


def test_nothing_waits_for_a_visitor_or_in_an_archived_workspace(workspace, manager, reader):
    from django.contrib.auth.models import AnonymousUser

    make_consultation(workspace, manager)
    assert home.waiting_for(AnonymousUser(), workspace, 5) == []
    workspace.is_archived = True
    assert home.waiting_for(reader, workspace, 5, now=timezone.now()) == []


def test_overdue_is_for_whoever_runs_it(workspace, manager, contributor, reader):
    consultation = make_consultation(workspace, manager, stage="analysing", title="Late")
    after = timezone.make_aware(timezone.datetime.combine(consultation.response_due_on + timedelta(days=1),
                                                          timezone.datetime.min.time())) + timedelta(hours=12)
    assert [e.note for e in home.waiting_for(manager, workspace, 5, now=after)] == [
        f"Response overdue since {consultation.response_due_on:%-d %B}"
        + ("" if consultation.response_due_on.year == after.year else f" {consultation.response_due_on.year}")]
    assert home.waiting_for(contributor, workspace, 5, now=after) == []
    assert home.waiting_for(reader, workspace, 5, now=after) == []


def test_latest_shows_the_stage_and_no_drafts(workspace, manager, reader):
    make_consultation(workspace, manager, stage="draft", title="Draft")
    make_consultation(workspace, manager, stage="published", title="Done")
    make_consultation(workspace, manager, title="Open now")
    entries = home.latest(reader, workspace, 5, now=timezone.now())
    assert [(e.title, e.note) for e in entries] == [("Open now", "Open"), ("Done", "Outcome published")]


def test_the_home_reads_consultations_once_per_block_at_two_sizes(as_user, workspace, manager, reader):
    client = as_user(reader)
    counts = []
    for n in (2, 12):
        for _ in range(n - (2 if counts else 0)):
            make_consultation(workspace, manager)
            make_consultation(workspace, manager, stage="closed")
        client.get(reverse("workspace_home", args=[workspace.slug]))
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("workspace_home", args=[workspace.slug]))
        assert "Respond by" in page.content.decode()
        # the home's own read of consultations (the activity feed checks its items' ids apart)
        counts.append(sum(q["sql"].startswith('SELECT "consultations_consultation"."id", ')
                          for q in captured.captured_queries))
    assert counts == [2, 2]  # "Waiting for you" and "Latest", one query each
