"""The analysis services: the codebook (one level), tags with the section copied, notes,
decisions on suggestions (accepting sets the final wording; replacing one needs confirming),
offline responses and their counters, and the counts per section, theme and respondent type
on a known world."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from consultations import analysis
from consultations.models import Comment, Consultation, Note, Paragraph, Response, Section, Tag
from workspaces.models import Activity

from .builders import make_consultation, make_response, paragraph, section


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, stage="closed")


def test_themes_go_one_level_deep_and_names_are_unique(manager, consultation):
    concerns = analysis.theme_add(actor=manager, consultation=consultation, name="Concerns")
    cost = analysis.theme_add(actor=manager, consultation=consultation, name="Cost", parent=concerns)
    with pytest.raises(ValidationError, match="already has a theme"):
        analysis.theme_add(actor=manager, consultation=consultation, name="cost")
    with pytest.raises(ValidationError, match="one level deep"):
        analysis.theme_add(actor=manager, consultation=consultation, name="Fees", parent=cost)
    with pytest.raises(ValidationError, match="has themes under it"):
        other = analysis.theme_add(actor=manager, consultation=consultation, name="Other")
        analysis.theme_change(actor=manager, theme=concerns, name="Concerns", definition="", parent=other)
    assert [(t.name, depth) for t, depth in analysis.theme_tree(consultation)] == [
        ("Concerns", 0), ("Cost", 1), ("Other", 0)]


def test_tags_copy_the_section_and_can_be_unset(manager, reader, consultation):
    response = make_response(consultation, reader, comments=[("2", 4, "Weekly is too rare")])
    comment = response.comments.get()
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="Frequency")
    assert analysis.set_tags(actor=manager, response=response, chosen={comment.pk: {theme.pk}, None: {theme.pk}}) \
        == (2, 0)
    tags = {t.comment_id: t for t in Tag.objects.filter(response=response)}
    assert tags[comment.pk].section_id == section(consultation, "2").pk and tags[None].section_id is None
    assert analysis.set_tags(actor=manager, response=response, chosen={None: set()}) == (0, 1)
    assert list(Tag.objects.filter(response=response).values_list("comment_id", flat=True)) == [comment.pk]


def test_tags_on_another_response_or_a_foreign_theme_store_nothing(manager, reader, contributor, workspace,
                                                                   consultation):
    mine = make_response(consultation, reader, comments=[("1", 1, "Mine")])
    theirs = make_response(consultation, contributor, comments=[("1", 1, "Theirs")])
    theme = analysis.theme_add(actor=manager, consultation=consultation, name="T")
    other = make_consultation(workspace, manager)
    foreign = analysis.theme_add(actor=manager, consultation=other, name="Elsewhere")
    with pytest.raises(ValidationError):
        analysis.set_tags(actor=manager, response=mine, chosen={theirs.comments.get().pk: {theme.pk}})
    with pytest.raises(ValidationError):
        analysis.set_tags(actor=manager, response=mine, chosen={None: {foreign.pk}})
    assert not Tag.objects.exists()


def test_notes_are_internal_and_checked(manager, reader, consultation):
    response = make_response(consultation, reader, comments=[("1", 1, "A view")])
    with pytest.raises(ValidationError):
        analysis.add_note(actor=manager, response=response, text="   ")
    note = analysis.add_note(actor=manager, response=response, text=" Follow up ", comment=response.comments.get())
    assert note.text == "Follow up" and Note.objects.count() == 1


def test_accepting_a_suggestion_sets_the_final_wording_and_replacing_needs_confirming(manager, reader, contributor,
                                                                                      consultation):
    first = make_response(consultation, reader, suggestions=[("2", 5, "Councils may add sites after notice.")])
    second = make_response(consultation, contributor, suggestions=[("2", 5, "Councils may not add sites.")])
    one, two = first.comments.get(), second.comments.get()
    analysis.decide_suggestion(actor=manager, comment=one, decision="accept", note="Clearer")
    assert paragraph(consultation, "2", 5).final_text == "Councils may add sites after notice."
    with pytest.raises(analysis.NeedsConfirmation, match=first.public_id):
        analysis.decide_suggestion(actor=manager, comment=two, decision="accept")
    assert paragraph(consultation, "2", 5).final_text == "Councils may add sites after notice."
    analysis.decide_suggestion(actor=manager, comment=two, decision="accept", replace=True)
    assert paragraph(consultation, "2", 5).final_text == "Councils may not add sites."
    one.refresh_from_db()
    assert one.suggestion_state == "noted" and second.public_id in one.suggestion_note
    analysis.decide_suggestion(actor=manager, comment=two, decision="reject")
    assert paragraph(consultation, "2", 5).final_text == ""  # back to the draft's wording
    two.refresh_from_db()
    assert two.suggestion_state == "rejected" and two.decided_by == manager and two.decided_at


def test_a_comment_is_not_a_suggestion_to_decide(manager, reader, consultation):
    comment = make_response(consultation, reader, comments=[("1", 1, "Just a view")]).comments.get()
    with pytest.raises(ValidationError, match="not a wording suggestion"):
        analysis.decide_suggestion(actor=manager, comment=comment, decision="accept")


def test_an_offline_response_is_submitted_and_counted(manager, reader, consultation):
    make_response(consultation, reader, comments=[("2", 4, "Online view")])
    s2, s3 = section(consultation, "2"), section(consultation, "3")
    response = analysis.enter_offline(
        actor=manager, consultation=consultation, channel="letter", received_on=date(2026, 3, 2),
        respondent_type="organisation", display_name="A. Clerk", organisation_name="River Trust",
        organisation_type="charity", consent="named", signature_count=40,
        comments=[analysis.OfflineComment(s2, paragraph(consultation, "2", 4), "Too rare"),
                  analysis.OfflineComment(s3, None, "About the next steps")])
    assert response.respondent is None and response.entered_by == manager and response.status == "submitted"
    assert response.submitted_at.date() == date(2026, 3, 2) and response.signature_count == 40
    consultation = Consultation.objects.get(pk=consultation.pk)
    assert (consultation.response_count, consultation.comment_count) == (2, 3)
    assert Section.objects.get(pk=s2.pk).comment_count == 2 and Section.objects.get(pk=s3.pk).comment_count == 1
    assert Comment.objects.filter(response=response, submitted=True).count() == 2
    assert Activity.objects.filter(verb="consultations.response_entered").exists()


def test_an_offline_response_needs_a_comment_and_a_place_of_this_consultation(manager, workspace, consultation):
    with pytest.raises(ValidationError):
        analysis.enter_offline(actor=manager, consultation=consultation, channel="email", received_on=date.today(),
                               respondent_type="individual", comments=[])
    other = make_consultation(workspace, manager)
    with pytest.raises(ValidationError):
        analysis.enter_offline(actor=manager, consultation=consultation, channel="email", received_on=date.today(),
                               respondent_type="individual",
                               comments=[analysis.OfflineComment(section(other, "1"), None, "x")])
    assert not Response.objects.filter(consultation=consultation).exists()


def test_counts_split_individuals_and_organisation_types_on_a_known_world(manager, reader, contributor,
                                                                           consultation):
    person = make_response(consultation, reader, comments=[("1", 1, "a"), ("2", 4, "b")])
    charity = make_response(consultation, contributor, respondent_type="organisation", organisation_type="charity",
                            organisation_name="Trust", comments=[("2", 4, "c")])
    business = make_response(consultation, manager, respondent_type="organisation", organisation_type="business",
                             comments=[("2", 5, "d")], suggestions=[("2", 5, "e")])
    make_response(consultation, None, submitted=False, comments=[("2", 1, "draft")])  # not counted
    s1, s2 = section(consultation, "1").pk, section(consultation, "2").pk
    assert analysis.comments_by_type(consultation) == {s1: {"individual": 1},
                                                      s2: {"individual": 1, "charity": 1, "business": 2}}
    cost = analysis.theme_add(actor=manager, consultation=consultation, name="Cost")
    analysis.set_tags(actor=manager, response=person, chosen={c.pk: {cost.pk} for c in person.comments.all()})
    analysis.set_tags(actor=manager, response=charity, chosen={None: {cost.pk}})
    assert analysis.tags_by_type(consultation) == {cost.pk: {"individual": 2, "charity": 1}}
    assert analysis.section_theme(consultation) == {(s1, cost.pk): 1, (s2, cost.pk): 1}
    assert analysis.section_theme(consultation, section(consultation, "2")) == {(s2, cost.pk): 1}
    assert analysis.analysed(consultation) == (2, 3)
    assert business.pk


def test_paragraph_numbers_are_what_the_offline_form_offers(consultation):
    from consultations.forms_analysis import place_choices

    sections = list(Section.objects.filter(consultation=consultation).prefetch_related("paragraphs"))
    values = [value for _group, options in place_choices(sections)[1:] for value, _label in options]
    assert "2/" in values and "2/4" in values and "2.1/1" in values
    assert Paragraph.objects.filter(consultation=consultation).count() + len(sections) == len(values)
