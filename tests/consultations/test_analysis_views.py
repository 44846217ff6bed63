"""The analysts' pages: the responses' list and its filters, one response (tagging, notes, the
suggestion's diff, neighbours), the codebook, the tables, suggestions and decisions, offline
entry (errors next to the fields, nothing typed lost), the moderation hook, and the main pages'
queries equal at two sizes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from consultations import analysis
from consultations.models import Comment, Consultation, Note, Response, Tag, Theme

from .builders import make_consultation, make_response, paragraph, section


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"workspace": consultation.workspace.slug,
                                                    "pk": consultation.pk, **kwargs})


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, stage="closed", title="River bathing")


def test_the_list_shows_the_totals_and_each_response(as_user, manager, reader, consultation):
    response = make_response(consultation, reader, consent="named", comments=[("2", 4, "Too rare")],
                             respondent_type="organisation", organisation_name="River Trust",
                             organisation_type="charity")
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="Frequency")
    analysis.set_tags(actor=manager, response=response, chosen={None: {theme.pk}})
    page = as_user(manager).get(url("responses", consultation)).content.decode()
    assert "1 response." in page and response.public_id in page and "River Trust" in page
    assert "Charity or voluntary group" in page and "Frequency" in page and "Online" in page


def test_the_filters_narrow_the_list_and_a_bad_value_is_an_error_not_a_crash(as_user, manager, reader, contributor,
                                                                             consultation):
    person = make_response(consultation, reader, comments=[("1", 1, "a")])
    org = make_response(consultation, contributor, comments=[("2", 4, "b")], respondent_type="organisation",
                        organisation_type="business")
    letter = analysis.enter_offline(actor=manager, consultation=consultation, channel="letter",
                                    received_on=date(2026, 1, 5), respondent_type="individual",
                                    comments=[analysis.OfflineComment(section(consultation, "3"), None, "c")])
    client = as_user(manager)

    def listed(**params):
        return {r.pk for r in client.get(url("responses", consultation), params).context["page_obj"].object_list}

    assert listed() == {person.pk, org.pk, letter.pk}
    assert listed(section=section(consultation, "2").pk) == {org.pk}
    assert listed(respondent_type="organisation") == {org.pk}
    assert listed(organisation_type="business") == {org.pk}
    assert listed(channel="offline") == {letter.pk} and listed(channel="online") == {person.pk, org.pk}
    assert listed(campaign="yes") == set()
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="T")
    child = analysis.theme_add(actor=manager, consultation=consultation, name="C", parent=theme)
    analysis.set_tags(actor=manager, response=person, chosen={None: {child.pk}})
    assert listed(theme=theme.pk) == {person.pk}  # a parent finds its children's tags
    bad = client.get(url("responses", consultation), {"section": "999999", "channel": "x"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()


def test_a_response_page_tags_notes_and_shows_the_suggestion_as_a_diff(as_user, manager, reader, contributor,
                                                                       consultation):
    older = make_response(consultation, contributor, comments=[("1", 1, "Older")])
    response = make_response(consultation, reader, comments=[("2", 4, "Weekly is too rare")],
                             suggestions=[("2", 5, "Councils may add sites after a public notice.")])
    comment = response.comments.get(kind="comment")
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="Frequency")
    client = as_user(manager)
    page = client.get(url("response_detail", consultation, response_id=response.pk)).content.decode()
    assert "Testing runs from May to September." in page  # the paragraph quoted
    assert "<ins" in page and "public notice" in page  # the word diff
    assert f'id="tag-{comment.pk}-{theme.pk}"' in page and f'id="tag-whole-{theme.pk}"' in page
    assert url("response_detail", consultation, response_id=older.pk) in page  # the next one
    done = client.post(url("tag", consultation, response_id=response.pk),
                       {"comment": [comment.pk], f"tags-{comment.pk}": [theme.pk], "whole": "1"})
    assert done.status_code == 302
    assert Tag.objects.get(response=response).comment_id == comment.pk
    tampered = client.post(url("tag", consultation, response_id=response.pk), {"comment": ["x1"]})
    assert tampered.status_code == 302 and Tag.objects.filter(response=response).count() == 1
    empty = client.post(url("add_note", consultation, response_id=response.pk), {"text": "  "})
    assert empty.status_code == 400 and "Write the note" in empty.content.decode()
    assert client.post(url("add_note", consultation, response_id=response.pk),
                       {"text": "Call them", "comment": comment.pk}).status_code == 302
    assert Note.objects.get().comment_id == comment.pk
    assert client.post(url("add_note", consultation, response_id=response.pk),
                       {"text": "x", "comment": "nope"}).status_code == 404


def test_another_consultations_response_is_not_found(as_user, workspace, manager, reader, consultation):
    other = make_consultation(workspace, manager)
    response = make_response(other, reader, comments=[("1", 1, "x")])
    draft = make_response(consultation, manager, submitted=False, comments=[("1", 1, "draft")])
    client = as_user(manager)
    assert client.get(url("response_detail", consultation, response_id=response.pk)).status_code == 404
    assert client.get(url("response_detail", consultation, response_id=draft.pk)).status_code == 404


def test_the_codebook_as_a_tree_with_counts_edit_and_delete(as_user, manager, reader, consultation):
    client = as_user(manager)
    assert client.post(url("themes", consultation), {"name": " Concerns ", "definition": "", "parent": ""}
                       ).status_code == 302
    concerns = Theme.objects.get(name="Concerns")
    assert client.post(url("themes", consultation), {"name": "Cost", "definition": "Money",
                                                     "parent": concerns.pk}).status_code == 302
    taken = client.post(url("themes", consultation), {"name": "cost", "definition": "typed", "parent": ""})
    assert taken.status_code == 400 and "already has a theme" in taken.content.decode()
    assert "typed" in taken.content.decode()  # nothing typed is lost
    cost = Theme.objects.get(name="Cost")
    assert cost.parent == concerns
    response = make_response(consultation, reader, comments=[("1", 1, "a")])
    analysis.set_tags(actor=manager, response=response, chosen={None: {cost.pk}})
    page = client.get(url("themes", consultation)).content.decode()
    assert "Under Concerns" in page and 'class="number">1</td>' in page
    assert client.post(url("theme_edit", consultation, theme=cost.pk),
                       {"name": "Price", "definition": "", "parent": ""}).status_code == 302
    assert Theme.objects.get(pk=cost.pk).parent is None
    bad = client.post(url("theme_edit", consultation, theme=cost.pk), {"name": "Price", "parent": "abc"})
    assert bad.status_code == 400
    assert "tags 1 comment or response" in client.get(url("theme_delete", consultation, theme=cost.pk)).content.decode()
    assert client.post(url("theme_delete", consultation, theme=cost.pk)).status_code == 302
    assert not Tag.objects.exists() and Response.objects.filter(pk=response.pk).exists()


def test_the_analysis_tables(as_user, manager, reader, contributor, consultation):
    make_response(consultation, reader, comments=[("2", 4, "a")])
    org = make_response(consultation, contributor, comments=[("2", 4, "b")], respondent_type="organisation",
                        organisation_type="charity")
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="Frequency")
    analysis.set_tags(actor=manager, response=org, chosen={org.comments.get().pk: {theme.pk}})
    client = as_user(manager)
    page = client.get(url("analysis", consultation)).content.decode()
    assert "50% analysed" in page and "<caption>" in page and 'scope="col"' in page and 'tabindex="0"' in page
    assert "Frequency" in page and "Individuals" in page and "Charity or voluntary group" in page
    filtered = client.get(url("analysis", consultation), {"section": section(consultation, "2").pk})
    assert filtered.status_code == 200 and len(filtered.context["section_rows"]) == 1
    assert client.get(url("analysis", consultation), {"section": "x"}).status_code == 200


def test_suggestions_tabs_and_deciding_with_confirmation(as_user, manager, reader, contributor, consultation):
    first = make_response(consultation, reader, suggestions=[("2", 5, "First wording.")]).comments.get()
    second = make_response(consultation, contributor, suggestions=[("2", 5, "Second wording.")]).comments.get()
    client = as_user(manager)
    page = client.get(url("suggestions", consultation)).content.decode()
    assert "Open (2)" in page and "<ins" in page
    assert client.post(url("suggestion_decide", consultation, comment=first.pk),
                       {"decision": "accept", "note": "Clearer"}).status_code == 302
    asked = client.post(url("suggestion_decide", consultation, comment=second.pk), {"decision": "accept"})
    body = asked.content.decode()
    assert asked.status_code == 400 and "confirm" in body and 'name="replace"' in body
    assert paragraph(consultation, "2", 5).final_text == "First wording."
    assert client.post(url("suggestion_decide", consultation, comment=second.pk),
                       {"decision": "accept", "replace": "on"}).status_code == 302
    assert paragraph(consultation, "2", 5).final_text == "Second wording."
    accepted = client.get(url("suggestions", consultation), {"state": "accepted"}).content.decode()
    assert "Accepted (1)" in accepted and "Noted (1)" in accepted
    assert client.post(url("suggestion_decide", consultation, comment=first.pk), {"decision": "maybe"}
                       ).status_code == 400
    comment = make_response(consultation, manager, comments=[("1", 1, "x")]).comments.get()
    assert client.get(url("suggestion_decide", consultation, comment=comment.pk)).status_code == 404


def test_the_suggester_is_told_by_mail(manager, reader, consultation):
    from workspaces.models import OutboundEmail

    comment = make_response(consultation, reader, suggestions=[("2", 5, "New.")]).comments.get()
    analysis.decide_suggestion(actor=manager, comment=comment, decision="reject", note="Too narrow")
    mail = OutboundEmail.objects.get(kind="consultations.suggestion_decided")
    assert mail.recipient_id == reader.pk and mail.payload["note"] == "Too narrow"


def test_entering_an_offline_response_keeps_what_was_typed_on_an_error(as_user, manager, consultation):
    client = as_user(manager)
    page = client.get(url("enter", consultation)).content.decode()
    assert "2.4 — Testing runs from May to September.…" in page and 'name="place_5"' in page
    data = {"channel": "meeting", "received_on": "2026-02-01", "respondent_type": "organisation",
            "organisation_name": "", "consent": "private", "signature_count": "3",
            "place_1": "2/4", "text_1": "Said at the meeting", "place_2": "", "text_2": "Orphan text"}
    refused = client.post(url("enter", consultation), data)
    body = refused.content.decode()
    assert refused.status_code == 400 and "Enter the organisation" in body and "Choose where this comment" in body
    assert "Said at the meeting" in body and "Orphan text" in body
    assert client.post(url("enter", consultation), {**data, "organisation_name": "Anglers", "text_2": ""}
                       ).status_code == 302
    response = Response.objects.get(consultation=consultation)
    assert response.channel == "meeting" and response.signature_count == 3
    assert response.comments.get().paragraph == paragraph(consultation, "2", 4)
    assert Consultation.objects.get(pk=consultation.pk).comment_count == 1
    future = client.post(url("enter", consultation), {**data, "received_on": "2999-01-01"})
    assert future.status_code == 400 and "future" in future.content.decode()
    assert client.post(url("enter", consultation), {"place_1": "not-a-place"}).status_code == 400


def test_a_hidden_comment_still_counts_and_its_author_is_told_why(manager, reader, consultation, monkeypatch):
    from moderation import services as moderation
    from workspaces.kit.moderation import Action
    from workspaces.models import Activity

    try:
        reverse("consultations:section", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                 "section": 1})
    except NoReverseMatch:  # the responding part adds the section's page
        monkeypatch.setattr(Comment, "get_absolute_url", lambda self: self.consultation.get_absolute_url())
    comment = make_response(consultation, reader, comments=[("1", 1, "Rude words")]).comments.get()
    moderation.moderate(actor=manager, item=comment, action=Action.HIDE, reason="Abusive language")
    told = Activity.objects.get(verb="moderation.hidden") if Activity.objects.filter(
        verb="moderation.hidden").exists() else Activity.objects.filter(summary__contains="Abusive language").get()
    assert "Abusive language" in told.summary
    assert Consultation.objects.get(pk=consultation.pk).comment_count == 1  # counts are of comments received


# --- Query counts, equal at two sizes -------------------------------------------------------


def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(ctx.captured_queries)


def _add(consultation, manager, theme, count):
    for n in range(count):
        response = make_response(consultation, None, comments=[("2", 4, f"c{n}"), ("1", 1, "x")],
                                 suggestions=[("2", 5, f"New wording {n}.")],
                                 respondent_type="organisation" if n % 2 else "individual",
                                 organisation_type="charity" if n % 2 else "")
        analysis.set_tags(actor=manager, response=response, chosen={None: {theme.pk}})


@pytest.mark.parametrize("name", ["responses", "analysis", "suggestions", "themes"])
def test_the_main_pages_queries_do_not_grow_with_the_responses(as_user, manager, consultation, name):
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="Cost")
    analysis.theme_add(actor=manager, consultation=consultation, name="Fees", parent=theme)
    client = as_user(manager)
    _add(consultation, manager, theme, 2)
    small = _queries(client, url(name, consultation))
    _add(consultation, manager, theme, 12)
    assert _queries(client, url(name, consultation)) == small


def test_a_response_pages_queries_do_not_grow_with_its_comments(as_user, manager, reader, contributor, consultation):
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="Cost")
    client = as_user(manager)
    few = make_response(consultation, reader, comments=[("1", 1, "a")], suggestions=[("2", 5, "b")])
    many = make_response(consultation, contributor, comments=[("1", 1, "a"), ("1", 2, "b"), ("2", 1, "c"),
                                                              ("2", 2, "d"), ("2", 3, "e")],
                         suggestions=[("2", 5, "b"), ("2", 4, "f")])
    for response in (few, many):
        analysis.set_tags(actor=manager, response=response,
                          chosen={c.pk: {theme.pk} for c in response.comments.all()})
        analysis.add_note(actor=manager, response=response, text="n", comment=response.comments.first())
    assert _queries(client, url("response_detail", consultation, response_id=few.pk)) == _queries(
        client, url("response_detail", consultation, response_id=many.pk))
