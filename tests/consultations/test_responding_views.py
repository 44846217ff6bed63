"""The respondent's pages through the client: the document with its per-paragraph links, commenting
and suggesting, "Your response", sending it, the receipt, changing it, and the refusals."""

import re

import pytest
from django.urls import reverse

from consultations.models import Comment, Consultation, Response, Section
from workspaces.models import OutboundEmail

from .builders import make_consultation, make_response, section

pytestmark = pytest.mark.django_db


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                    **kwargs})


def comment_url(consultation, number, n, name="comment"):
    return url(name, consultation, section=section(consultation, number).pk, n=n)


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, title="River bathing")


def test_the_page_shows_each_paragraph_with_its_two_controls(as_user, reader, consultation):
    body = as_user(reader).get(url("consultation", consultation)).content.decode()
    assert 'id="p-2-4"' in body
    assert 'Comment<span class="visually-hidden"> on section 2, paragraph 4</span>' in body
    assert 'Suggest new wording<span class="visually-hidden"> for section 2, paragraph 5</span>' in body
    assert comment_url(consultation, "2", 4) in body and comment_url(consultation, "2", 5, "suggest") in body
    assert "Contents" in body and 'href="#s-2.1"' in body


def test_a_closed_consultation_says_so_and_when_to_expect_the_response(as_user, reader, workspace, manager):
    closed = make_consultation(workspace, manager, stage="closed")
    body = as_user(reader).get(url("consultation", closed)).content.decode()
    assert "Closed for responses on" in body and "Government response expected by" in body
    assert "Suggest new wording" not in body
    reply = as_user(reader).post(comment_url(closed, "2", 4), {"body": "Too late?"})
    assert reply.status_code == 403 and "Too late?" in reply.content.decode()  # the text, to copy
    assert not Comment.objects.filter(consultation=closed).exists()


def test_commenting_and_suggesting_then_sending(as_user, reader, consultation):
    client = as_user(reader)
    page = client.get(comment_url(consultation, "2", 4)).content.decode()
    assert "Sites will be tested weekly." not in page  # paragraph 4 is quoted, not paragraph 1
    assert "Testing runs from May to September." in page and "Freedom of information law may still" in page
    reply = client.post(comment_url(consultation, "2", 4), {"body": "Weekly is **too rare**."})
    assert reply.status_code == 302 and reply["Location"].endswith("#p-2-4")
    form = client.get(comment_url(consultation, "2", 5, "suggest")).content.decode()
    assert "Councils may add sites at any time." in form  # pre-filled with the paragraph's text
    reply = client.post(comment_url(consultation, "2", 5, "suggest"),
                        {"suggested_text": "Councils may add sites after notice.", "body": "Fairer.",
                         "confidential": "on"})
    assert reply["Location"].endswith("#p-2-5")
    response = Response.objects.get(respondent=reader)
    assert response.status == "in_progress" and response.comments.count() == 2
    assert response.comments.get(kind="suggestion").confidential
    assert "<strong>too rare</strong>" in response.comments.get(kind="comment").body_html
    check = client.get(url("submit", consultation)).content.decode()
    assert "Weekly is" in check and "Councils may add sites after notice." in check
    reply = client.post(url("submit", consultation))
    assert reply["Location"] == url("sent", consultation)
    response.refresh_from_db()
    sent = client.get(url("sent", consultation)).content.decode()
    assert response.is_submitted and response.receipt_id in sent
    consultation.refresh_from_db()
    assert consultation.response_count == 1 and consultation.comment_count == 2
    assert section(consultation, "2").comment_count == 2
    mail = OutboundEmail.objects.get(kind="consultations.receipt")
    assert mail.recipient_id == reader.pk and response.receipt_id in mail.payload["text"]
    assert "Councils may add sites after notice." in mail.payload["text"]
    # A second press sends nothing more.
    client.post(url("submit", consultation))
    consultation.refresh_from_db()
    assert consultation.response_count == 1 and OutboundEmail.objects.filter(kind="consultations.receipt").count() == 1


def test_editing_an_existing_comment_prefills_it_and_changes_the_same_one(as_user, reader, consultation):
    client = as_user(reader)
    client.post(comment_url(consultation, "2", 4), {"body": "First thought."})
    assert "First thought." in client.get(comment_url(consultation, "2", 4)).content.decode()
    client.post(comment_url(consultation, "2", 4), {"body": "Second thought."})
    assert list(Comment.objects.values_list("body", flat=True)) == ["Second thought."]


def test_a_double_post_starts_one_response(as_user, reader, consultation):
    client = as_user(reader)
    for _ in range(2):
        client.post(comment_url(consultation, "2", 4), {"body": "Once.", "client_key": "abc"})
    assert Response.objects.count() == 1 and Comment.objects.count() == 1


def test_errors_are_next_to_the_field_and_the_text_kept(as_user, reader, consultation):
    client = as_user(reader)
    long = "x" * 10_001
    reply = client.post(comment_url(consultation, "2", 4), {"body": long})
    body = reply.content.decode()
    assert reply.status_code == 200 and "10,000 characters or fewer" in body and long in body
    reply = client.post(comment_url(consultation, "2", 5, "suggest"),
                        {"suggested_text": "Councils may add sites at any time."})
    assert "Change the wording" in reply.content.decode()
    assert not Response.objects.exists()


def test_hostile_markdown_is_rendered_safe(as_user, reader, consultation):
    client = as_user(reader)
    client.post(comment_url(consultation, "2", 4), {"body": "<script>alert(1)</script> [x](javascript:alert(1))"})
    client.post(url("submit", consultation))
    body = as_user(reader).get(url("section", consultation, section=section(consultation, "2").pk)).content.decode()
    assert "<script>alert(1)" not in body and 'href="javascript' not in body and "&lt;script&gt;" in body


def test_a_removed_section_refuses_comments(as_user, reader, consultation):
    Section.objects.filter(pk=section(consultation, "3").pk).update(is_removed=True)
    reply = as_user(reader).post(comment_url(consultation, "3", 1), {"body": "About next steps"})
    assert reply.status_code == 403 and "withdrawn" in reply.content.decode()
    assert not Comment.objects.exists()


def test_the_response_page_saves_details_and_organisation_errors_keep_what_was_typed(as_user, reader, consultation):
    client = as_user(reader)
    reply = client.post(url("response", consultation), {
        "respondent_type": "organisation", "display_name": "Rita", "consent": "named", "signature_count": "250",
        "notify_outcome": "on", "save": "1"})
    body = reply.content.decode()
    assert reply.status_code == 200 and "Enter the organisation" in body and 'value="Rita"' in body
    reply = client.post(url("response", consultation), {
        "respondent_type": "organisation", "display_name": "Rita", "organisation_name": "Swimmers' Club",
        "organisation_type": "charity", "consent": "named", "signature_count": "250", "save": "1"})
    assert reply.status_code == 302
    response = Response.objects.get()
    assert response.organisation_name == "Swimmers' Club" and response.signature_count == 250
    assert response.published_name == "Swimmers' Club" and not response.notify_outcome


def test_nothing_to_send_is_refused(as_user, reader, consultation):
    client = as_user(reader)
    client.post(url("response", consultation), {"respondent_type": "individual", "consent": "anonymous",
                                                "save": "1"})
    reply = client.post(url("submit", consultation))
    assert reply.status_code == 400 and "Add a comment" in reply.content.decode()
    assert not Response.objects.get().is_submitted


def test_changing_a_sent_response_until_close_sends_an_updated_receipt(as_user, reader, consultation):
    client = as_user(reader)
    client.post(comment_url(consultation, "2", 4), {"body": "Before."})
    client.post(url("submit", consultation))
    client.post(comment_url(consultation, "2", 4), {"body": "After."})
    consultation.refresh_from_db()
    assert consultation.comment_count == 0  # the changed comment waits to be sent again
    assert "not sent yet" in client.get(url("response", consultation)).content.decode()
    client.post(url("submit", consultation))
    consultation.refresh_from_db()
    assert consultation.response_count == 1 and consultation.comment_count == 1
    assert OutboundEmail.objects.filter(kind="consultations.receipt").count() == 2
    assert "Your updated response" in OutboundEmail.objects.order_by("-id").first().subject


def test_remove_a_comment(as_user, reader, consultation):
    client = as_user(reader)
    client.post(comment_url(consultation, "2", 4), {"body": "Gone soon."})
    client.post(url("submit", consultation))
    comment = Comment.objects.get()
    reply = client.post(url("remove_comment", consultation, comment=comment.pk), {"next": "response"})
    assert reply.status_code == 302 and not Comment.objects.exists()
    consultation.refresh_from_db()
    assert consultation.comment_count == 0 and section(consultation, "2").comment_count == 0


def test_no_change_after_sending_when_the_consultation_does_not_allow_it(as_user, reader, workspace, manager):
    fixed = make_consultation(workspace, manager, allow_edit=False)
    client = as_user(reader)
    client.post(comment_url(fixed, "2", 4), {"body": "Final."})
    client.post(url("submit", fixed))
    assert client.get(comment_url(fixed, "2", 4)).status_code == 403
    assert client.post(comment_url(fixed, "2", 4), {"body": "Changed"}).status_code == 403
    assert Comment.objects.get().body == "Final."


def test_the_section_page_shows_what_each_may_see(as_user, reader, contributor, manager, consultation):
    make_response(consultation, contributor, consent="named", comments=[("2", 4, "Public view.")])
    make_response(consultation, manager, consent="private", comments=[("2", 4, "Private view.")])
    as_user(reader).post(comment_url(consultation, "2", 3), {"body": "My draft."})
    page = url("section", consultation, section=section(consultation, "2").pk)
    body = as_user(reader).get(page).content.decode()
    assert "Public view." in body and "Private view." not in body
    assert "My draft." in body and "(not sent yet)" in body and "Report" in body
    other = as_user(contributor).get(page).content.decode()
    assert "My draft." not in other
    assert "Public view." in as_user(reader).get(page + "?p=4").content.decode()
    assert "Public view." not in as_user(reader).get(page + "?p=3").content.decode()


def test_premoderated_comments_wait(as_user, reader, contributor, workspace, manager):
    pre = make_consultation(workspace, manager, moderation="pre")
    as_user(reader).post(comment_url(pre, "2", 4), {"body": "Moderate me."})
    as_user(reader).post(url("submit", pre))
    comment = Comment.objects.get()
    assert comment.submitted and comment.status == "pending"
    page = url("section", pre, section=section(pre, "2").pk)
    assert "Moderate me." not in as_user(contributor).get(page).content.decode()
    assert "Waiting for a moderator" in as_user(reader).get(page).content.decode()


def test_a_comment_posted_after_the_session_expired_comes_back_after_signing_in(client, reader, consultation):
    text = "A long thought. " * 625  # 10,000 characters
    target = comment_url(consultation, "2", 4)
    reply = client.post(target, {"body": text}, HTTP_ORIGIN="http://testserver")
    assert reply.status_code == 302 and "login" in reply["Location"]
    back = re.search(r"next=([^&]+)", reply["Location"]).group(1)
    from urllib.parse import unquote

    client.force_login(reader)
    restored = client.get(unquote(back))
    assert restored.status_code == 200 and text.strip() in restored.content.decode()
    assert not Comment.objects.exists()  # shown, not saved: they press Save


def test_the_consultation_page_queries_do_not_grow(as_user, reader, contributor, manager, consultation,
                                                   django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(reader)
    client.get(url("consultation", consultation))
    page = url("section", consultation, section=section(consultation, "2").pk)

    def count(target):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target).status_code == 200
        return len(ctx)

    small = count(url("consultation", consultation)), count(page)
    make_response(consultation, contributor, consent="named", comments=[("2", 4, "A"), ("2", 1, "B"), ("1", 1, "C")],
                  suggestions=[("2", 5, "D")])
    make_response(consultation, manager, consent="anonymous", comments=[("2", 4, "E"), ("3", 1, "F")])
    as_user(reader).post(comment_url(consultation, "2", 3), {"body": "Mine"})
    assert (count(url("consultation", consultation)), count(page)) == small
    assert Consultation.objects.get(pk=consultation.pk).comment_count == 6


def test_the_questions_are_asked_and_a_bad_answer_is_shown_by_its_field(as_user, reader, consultation):
    from consultations.models import Option, Question

    agree = Question.objects.create(consultation=consultation, kind="single", code="Q1", text="Do you agree?",
                                    required=True, position=1)
    Option.objects.create(question=agree, code="o1", label="Yes", position=1)
    Question.objects.create(consultation=consultation, kind="number", code="Q2", text="How many sites?", position=2)
    client = as_user(reader)
    page = client.get(url("response", consultation)).content.decode()
    assert "Do you agree?" in page and 'id="q-Q1"' in page
    base = {"respondent_type": "individual", "consent": "anonymous"}
    reply = client.post(url("response", consultation), {**base, "q-Q1": "o1", "q-Q2": "lots", "save": "1"})
    body = reply.content.decode()
    assert reply.status_code == 200 and 'href="#q-Q2"' in body and 'value="lots"' in body
    assert not Response.objects.exists()
    reply = client.post(url("response", consultation), {**base, "q-Q1": "o1", "q-Q2": "12", "send": "1"})
    assert reply["Location"] == url("submit", consultation)
    assert "Yes" in client.get(url("submit", consultation)).content.decode()
    client.post(url("submit", consultation))
    assert Response.objects.get().is_submitted


def test_a_hidden_comment_shows_as_hidden_with_the_reason(as_user, reader, contributor, consultation):
    make_response(consultation, contributor, consent="named", comments=[("2", 4, "Rude words.")])
    Comment.objects.update(status="hidden", hidden_reason="Abusive")
    body = as_user(reader).get(url("section", consultation, section=section(consultation, "2").pk)).content.decode()
    assert "Hidden by a moderator: Abusive" in body and "Rude words." not in body


def test_a_deep_page_of_comments_costs_what_the_first_costs(as_user, reader, workspace, manager, settings):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ENGAGE_PAGE_SIZE = 5
    busy = make_consultation(workspace, manager)
    people = [get_user_model().objects.create(email=f"p{n}@example.org", display_name=f"P{n}") for n in range(12)]
    for person in people:
        make_response(busy, person, consent="named", comments=[("2", 4, f"From {person.display_name}")])
    client = as_user(reader)
    page = url("section", busy, section=section(busy, "2").pk)

    def count(target):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target).status_code == 200
        return len(ctx)

    count(page)  # once, for what a first visit sets up
    first = count(page)
    after = Comment.objects.order_by("id")[6].pk
    assert count(f"{page}?after={after}&start=8") == first
    body = client.get(f"{page}?after={after}").content.decode()
    assert "From P7" in body and "From P0" not in body and "Pages of comments" in body
