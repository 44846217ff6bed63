"""The respondent's pages through the client: start, pages, errors, check, submit, save for
later and the resume link in another browser, closed surveys, preview, paper entry, queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import Answer, Response, Survey
from workspaces.models import OutboundEmail

from .builders import fresh, make_survey, q, url
from .test_answering_services import BRANCHING

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=BRANCHING, title="Travel", closing_message="Thank you!")


def page_url(survey, n):
    return url("page", survey.workspace, pk=survey.pk, n=n)


def test_the_survey_page_says_what_to_do(as_user, reader, survey):
    client = as_user(reader)
    body = client.get(url("survey", survey.workspace, pk=survey.pk) + "?src=newsletter").content.decode()
    assert "Start now" in body and "?src=newsletter" in body
    assert not Response.objects.exists()  # never on a GET


def test_answering_a_branching_survey_to_the_end(as_user, reader, survey):
    client = as_user(reader)
    workspace = survey.workspace
    assert client.get(page_url(survey, 1)).status_code == 200
    reply = client.post(page_url(survey, 1), {"q-Q1": "o2", "src": "newsletter"})
    assert reply.status_code == 302 and reply["Location"] == page_url(survey, 3)  # page 2 is skipped
    body = client.get(page_url(survey, 3)).content.decode()
    assert "Page 2 of 2" in body and f'href="{page_url(survey, 1)}"' in body  # the back link
    assert client.post(page_url(survey, 3), {"q-Q3": "All good"})["Location"] == url("check", workspace, pk=survey.pk)
    check = client.get(url("check", workspace, pk=survey.pk)).content.decode()
    assert "No" in check and "All good" in check and "?return=check" in check
    client.post(url("check", workspace, pk=survey.pk))
    response = Response.objects.get()
    assert response.is_submitted and response.source == "newsletter"
    body = client.get(url("survey", workspace, pk=survey.pk)).content.decode()
    assert "You responded on" in body and "Thank you!" in body and "Start now" not in body


def test_errors_are_summarised_shown_by_the_field_and_the_answer_kept(as_user, reader, survey):
    client = as_user(reader)
    client.post(page_url(survey, 1), {"q-Q1": "o1"})
    reply = client.post(page_url(survey, 2), {"q-Q2": "lots"})
    body = reply.content.decode()
    assert reply.status_code == 200 and "There is a problem" in body and 'href="#q-Q2"' in body
    assert body.count("Enter a number") == 2 and 'value="lots"' in body
    assert not Answer.objects.filter(code="Q2").exists()


def test_autosave_stores_what_is_valid_and_says_saved(as_user, reader, survey):
    client = as_user(reader)
    reply = client.post(page_url(survey, 1), {"q-Q1": "o1", "autosave": "1"}, HTTP_HX_REQUEST="true")
    assert reply.status_code == 200 and "Saved" in reply.content.decode()
    assert Answer.objects.get(code="Q1").choice == "o1"


def test_save_for_later_emails_a_link_that_opens_in_another_browser(as_user, reader, survey, client):
    mine = as_user(reader)
    mine.post(page_url(survey, 1), {"q-Q1": "o1"})
    reply = mine.post(page_url(survey, 2), {"q-Q2": "7", "later": "1"})
    assert reply["Location"] == url("later", survey.workspace, pk=survey.pk)
    assert reader.email in mine.get(reply["Location"]).content.decode()
    mail = OutboundEmail.objects.get(kind="surveys.resume")
    assert mail.recipient_id == reader.pk
    link = mail.payload["link"].split("testserver", 1)[-1]
    # A new browser, nobody signed in: the link lands on the page they left, answers kept.
    landed = client.get(link)
    assert landed.status_code == 302 and landed["Location"] == page_url(survey, 2)
    body = client.get(page_url(survey, 2)).content.decode()
    assert 'value="7"' in body
    assert client.post(page_url(survey, 2), {"q-Q2": "8"}).status_code == 302
    assert Answer.objects.get(code="Q2").number == 8
    # ... and only that survey's pages: the rest of the workspace still asks them to sign in.
    other = make_survey(survey.workspace, survey.created_by, pages=BRANCHING)
    refused = client.get(url("survey", survey.workspace, pk=other.pk))
    assert refused.status_code == 302 and "login" in refused["Location"]
    assert "login" in client.get(page_url(other, 1))["Location"]


def test_a_bad_or_foreign_resume_link_is_not_found(as_user, reader, contributor, survey):
    mine = as_user(reader)
    mine.post(page_url(survey, 1), {"q-Q1": "o1", "later": "1"})
    link = OutboundEmail.objects.get().payload["link"].split("testserver", 1)[-1]
    assert as_user(contributor).get(link).status_code == 404
    refused = as_user(None).get(link[:-3] + "xyz/")  # a visitor is asked to sign in, as for any 404 in a workspace
    assert refused.status_code == 302 and "login" in refused["Location"]


def test_a_closed_survey_refuses_with_its_phrase_and_shows_the_draft(as_user, reader, survey):
    client = as_user(reader)
    client.post(page_url(survey, 1), {"q-Q1": "o2"})
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    reply = client.post(page_url(survey, 3), {"q-Q3": "late"})
    assert reply.status_code == 403 and "Closed on" in reply.content.decode()
    assert not Answer.objects.filter(code="Q3").exists()
    body = client.get(url("survey", survey.workspace, pk=survey.pk)).content.decode()
    assert "This survey closed on" in body and "Your answers (not submitted)" in body


def test_anonymous_surveys_say_so_before_they_start(as_user, reader, workspace, manager):
    survey = make_survey(workspace, manager, pages=BRANCHING, anonymous=True)
    body = as_user(reader).get(url("survey", workspace, pk=survey.pk)).content.decode()
    assert "This survey is anonymous: your name is not stored with your answers." in body


def test_changing_a_submitted_response(as_user, reader, workspace, manager):
    survey = make_survey(workspace, manager, pages=BRANCHING, allow_edit=True)
    client = as_user(reader)
    client.post(page_url(survey, 1), {"q-Q1": "o2"})
    client.post(page_url(survey, 3), {"q-Q3": "first"})
    client.post(url("check", workspace, pk=survey.pk))
    assert "Change your response" in client.get(url("survey", workspace, pk=survey.pk)).content.decode()
    client.post(url("start", workspace, pk=survey.pk), {"action": "change"})
    client.post(page_url(survey, 3) + "?return=check", {"q-Q3": "second"})
    assert Answer.objects.get(code="Q3").text == "first"  # still counted as it was until re-submitted
    client.post(url("check", workspace, pk=survey.pk))
    assert Answer.objects.get(code="Q3").text == "second" and fresh(survey).submitted_count == 1


def test_preview_saves_nothing(as_user, manager, workspace):
    survey = make_survey(workspace, manager, pages=BRANCHING, live=False)
    client = as_user(manager)
    body = client.get(url("preview", workspace, pk=survey.pk, n=1)).content.decode()
    assert "Preview: nothing is saved" in body
    assert client.post(url("preview", workspace, pk=survey.pk, n=1), {"q-Q1": "o1"})["Location"] == url(
        "preview", workspace, pk=survey.pk, n=2)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_paper_entry(as_user, manager, survey):
    client = as_user(manager)
    enter = url("enter", survey.workspace, pk=survey.pk)
    reply = client.post(enter, {"channel": "paper", "q-Q1": "o2", "q-Q2": "4"})
    assert reply.status_code == 400 and "not asked" in reply.content.decode()
    assert client.post(enter, {"channel": "paper", "q-Q1": "o1", "q-Q2": "4"}).status_code == 302
    assert Response.objects.get().channel == "paper"


@pytest.mark.parametrize("name", ["page", "check"])
def test_queries_do_not_grow_with_the_survey(as_user, reader, workspace, manager, name, django_assert_max_num_queries):
    def measured(pages):
        survey = make_survey(workspace, manager, pages=pages)
        client = as_user(reader)
        client.post(page_url(survey, 1), {"q-Q1": "o2"})
        target = page_url(survey, 1) if name == "page" else url("check", workspace, pk=survey.pk)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target).status_code == 200
        return len(ctx.captured_queries)

    small = measured(BRANCHING)
    big = measured([BRANCHING[0]["questions"] + [q(f"X{i}", "short_text") for i in range(30)],
                    *[[q(f"P{p}_{i}", "long_text") for i in range(10)] for p in range(8)]])
    assert small == big


def test_a_finish_your_response_link_lands_on_the_page_they_left(as_user, reader, survey):
    client = as_user(reader)
    client.post(page_url(survey, 1), {"q-Q1": "o1"})
    reply = client.get(url("survey", survey.workspace, pk=survey.pk) + "?continue=1")
    assert reply.status_code == 302 and reply["Location"] == page_url(survey, 2)


def test_continue_without_a_response_in_progress_shows_the_survey_page(as_user, reader, survey):
    reply = as_user(reader).get(url("survey", survey.workspace, pk=survey.pk) + "?continue=1")
    assert reply.status_code == 200 and "Start now" in reply.content.decode()


def test_the_first_page_posted_twice_at_once_starts_one_response(as_user, reader, survey):
    client = as_user(reader)
    body = client.get(page_url(survey, 1)).content.decode()
    assert 'name="client_key"' in body and "hx-post" not in body  # no autosave before the first save
    key = body.split('name="client_key" value="')[1][:32]
    client.post(page_url(survey, 1), {"q-Q1": "o1", "client_key": key, "autosave": "1"})
    client.post(page_url(survey, 1), {"q-Q1": "o1", "client_key": key})
    assert Response.objects.count() == 1 and fresh(survey).in_progress_count == 1
    assert "hx-post" in client.get(page_url(survey, 2)).content.decode()  # autosave once started


def test_a_double_post_by_a_visitor_without_an_account_starts_one_response(client, workspace, manager):
    from surveys import answering
    from workspaces.models import Visibility

    workspace.visibility = Visibility.PUBLIC
    workspace.save()
    survey = make_survey(workspace, manager, pages=[[q("Q1", "short_text")]], view_access="anyone")
    first, secret = answering.start(survey=survey, respondent=None, client_key="a" * 32)
    again, none = answering.start(survey=survey, respondent=None, client_key="a" * 32)
    assert again.pk == first.pk and secret and not none
    assert Response.objects.count() == 1 and fresh(survey).in_progress_count == 1
