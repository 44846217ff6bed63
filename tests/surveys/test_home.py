"""The surveys on the workspace home: "Waiting for you" lists the open surveys a person may
answer and has not finished — in progress first, with a link that lands where they left off —
never a draft, a closed survey, one they finished, or one they may not see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys import answering, home
from surveys.models import Survey

from .builders import make_survey, q

pytestmark = pytest.mark.django_db

PAGES = [[q("Q1", "single", options=["Yes", "No"], required=True)], [q("Q2", "short_text")]]


def test_waiting_for_lists_what_the_person_should_answer(workspace, manager, reader):
    todo = make_survey(workspace, manager, pages=PAGES, title="To answer")
    started = make_survey(workspace, manager, pages=PAGES, title="Started")
    done = make_survey(workspace, manager, pages=PAGES, title="Done")
    make_survey(workspace, manager, pages=PAGES, title="Draft", live=False)
    closed = make_survey(workspace, manager, pages=PAGES, title="Closed")
    Survey.objects.filter(pk=closed.pk).update(closes_at=timezone.now() - timedelta(days=1))
    make_survey(workspace, manager, pages=PAGES, title="Managers only", view_access="managers")
    answering.save_page(survey=started, response=None, respondent=reader, ordinal=1, data={"q-Q1": "o1"},
                        required=True)
    saved = answering.save_page(survey=done, response=None, respondent=reader, ordinal=1, data={"q-Q1": "o2"},
                                required=True)
    answering.submit(response=saved.response, respondent=reader)

    entries = home.waiting_for(reader, workspace, 10)
    assert [e.title for e in entries] == ["Started", "To answer"]
    assert entries[0].url.endswith("?continue=1") and entries[0].note.startswith("Continue your response")
    assert entries[1].url == todo.get_absolute_url()


def test_waiting_for_costs_the_same_whatever_the_number_of_surveys(workspace, manager, reader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            home.waiting_for(reader, workspace, 5)
        return len(queries)

    for n in range(3):
        make_survey(workspace, manager, pages=PAGES, title=f"S{n}")
    cost()  # the person's standing, read once
    small = cost()
    for n in range(10):
        make_survey(workspace, manager, pages=PAGES, title=f"T{n}")
    assert cost() == small <= 2


def test_the_home_page_shows_it(as_user, workspace, manager, reader):
    from django.urls import reverse

    make_survey(workspace, manager, pages=PAGES, title="Travel to events")
    body = as_user(reader).get(reverse("workspace_home", args=[workspace.slug])).content.decode()
    assert "Travel to events" in body and "Survey to answer" in body
