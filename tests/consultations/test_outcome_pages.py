"""The outcome page ("we asked, you said, we did") on a known world: the totals phrase, the
dates and days taken, comments by respondent type, the top themes, the quotes with published
names, our response, what changed and the word diff; the workspace's list of outcomes; both
pages' query counts equal at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment, Consultation, Paragraph, PublishState, Section, Tag, Theme
from tests.builders import make_user

from .builders import make_consultation, make_response, paragraph, section

pytestmark = pytest.mark.django_db


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                     **kwargs})


def _published(workspace, manager, **extra):
    consultation = make_consultation(workspace, manager, stage="published", **extra)
    closes = consultation.closes_at
    Consultation.objects.filter(pk=consultation.pk).update(
        outcome_published_at=closes + timedelta(days=100), response_due_on=(closes + timedelta(weeks=12)).date())
    return Consultation.objects.get(pk=consultation.pk)


def test_the_outcome_page_on_a_known_world(workspace, manager, reader, as_user):
    consultation = _published(workspace, manager)
    named = make_response(consultation, make_user(name="Alex Named"), consent="named",
                          comments=[("2", 1, "Weekly is too rare."), ("1", 1, "Good idea.")])
    make_response(consultation, make_user(), consent="anonymous", comments=[("2", 2, "Publish faster.")])
    make_response(consultation, make_user(), respondent_type="organisation", organisation_name="Swim Club",
                  consent="named", comments=[("2", 3, "Signs please.")])
    make_response(consultation, make_user(), consent="private", comments=[("2", 4, "Private thought.")])
    quote = named.comments.get(section__number="2")
    Comment.objects.filter(pk=quote.pk).update(publish_state=PublishState.APPROVED, quoted=True,
                                               published_body="Weekly is too rare.")
    cost, often = (Theme.objects.create(consultation=consultation, name=name) for name in ("Cost", "Frequency"))
    two = section(consultation, "2")
    for comment in Comment.objects.filter(section=two):
        Tag.objects.create(consultation=consultation, theme=often, response=comment.response, comment=comment,
                           section=two)
    Tag.objects.create(consultation=consultation, theme=cost, response=named, comment=quote, section=two)
    Section.objects.filter(pk=two.pk).update(response_html="<p>We heard you.</p>", changes_html="<p>Tests twice.</p>")
    Paragraph.objects.filter(pk=paragraph(consultation, "2", 1).pk).update(
        final_text="Sites will be tested twice a week.")
    page = as_user(reader).get(url("outcome", consultation)).content.decode()
    assert "4 responses." in page
    assert "100 days after it closed" in page and "16 days later than the date a response was expected by" in page
    assert "4 comments: 3 as an individual and 1 on behalf of an organisation." in page  # section 2
    assert "Frequency (4)" in page and "Cost (1)" in page
    assert page.index("Frequency (4)") < page.index("Cost (1)")
    assert "Weekly is too rare." in page and "Alex Named" in page
    assert "Private thought." not in page and "Signs please." not in page  # counted, never quoted unchosen
    assert "We heard you." in page and "Tests twice." in page
    assert '<del class="diff-del">' in page and "twice a week" in page


def test_the_outcome_is_for_analysts_only_until_published(workspace, manager, reader, as_user):
    consultation = make_consultation(workspace, manager, stage="analysing")
    assert as_user(reader).get(url("outcome", consultation)).status_code == 403
    page = as_user(manager).get(url("outcome", consultation)).content.decode()
    assert "this is a preview for staff" in page


def test_the_workspace_lists_past_outcomes_with_their_totals(workspace, manager, reader, as_user):
    done = _published(workspace, manager, title="Bathing rules")
    make_response(done, reader, comments=[("1", 1, "Yes.")])
    make_consultation(workspace, manager, stage="analysing", title="Still analysing")
    page = as_user(reader).get(reverse("consultations:outcomes", kwargs={"workspace": workspace.slug}))
    text = page.content.decode()
    assert "Bathing rules" in text and "Still analysing" not in text
    assert "1 response" in text and '<td data-label="Days taken">100</td>' in text


def _grow(workspace, manager, consultation, size):
    for n in range(size):
        response = make_response(consultation, make_user(), consent="named",
                                 respondent_type="organisation" if n % 3 else "individual",
                                 comments=[("2", 1 + n % 5, f"Comment {n}.")])
        Comment.objects.filter(response=response).update(publish_state=PublishState.APPROVED, quoted=True,
                                                         published_body=f"Comment {n}.")
        _published(workspace, manager, title=f"Past {timezone.now().timestamp()} {n}")


def _queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_outcome_pages_run_the_same_queries_at_two_sizes(workspace, manager, reader, as_user):
    consultation = _published(workspace, manager)
    client = as_user(reader)
    addresses = [url("outcome", consultation), reverse("consultations:outcomes", kwargs={"workspace": workspace.slug})]
    _grow(workspace, manager, consultation, 2)
    for address in addresses:
        client.get(address)  # first-visit queries (session, access cache)
    small = [_queries(client, address) for address in addresses]
    _grow(workspace, manager, consultation, 30)
    assert [_queries(client, address) for address in addresses] == small
