"""The authoring services: the document's Markdown both ways, settings with their checks,
questions, files, format requests, deleting and restoring."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations import authoring
from consultations.models import Attachment, Consultation, FormatRequest, Section
from workspaces.kit.services import ChangedMeanwhile, loaded_state
from workspaces.lib.files import CheckedFile

from .builders import SAMPLE_SECTIONS, make_consultation

pytestmark = pytest.mark.django_db


def test_markdown_becomes_sections_and_sub_sections():
    specs = authoring.parse_document("# One\n\nFirst.\n\nSecond.\n\n## One point one\n\nThird.\n\n# Two\n\n"
                                     "```\n# not a heading\n```\n")
    assert [s.heading for s in specs] == ["One", "Two"]
    assert specs[0].text == "First.\n\nSecond." and specs[0].children[0].heading == "One point one"
    assert specs[1].text == "```\n# not a heading\n```"
    preview = authoring.preview(specs)
    assert [(p.number, len(p.paragraphs)) for p in preview] == [("1", 2), ("1.1", 1), ("2", 1)]


@pytest.mark.parametrize("text, says", [
    ("Text first.\n\n# One", "Line 1: Start the document with a heading"),
    ("## Orphan\n\nText.", "is a sub-section, but no section"),
    ("# One\n\n#   \n", "a heading needs some words"),
    ("# " + "x" * 400, "at most 300 characters"),
])
def test_a_document_that_cannot_be_split_says_which_line(text, says):
    with pytest.raises(ValidationError) as refused:
        authoring.parse_document(text)
    assert says in " ".join(refused.value.message_dict["text"])


def test_the_saved_document_comes_back_as_the_same_markdown(workspace, manager):
    consultation = make_consultation(workspace, manager, stage="draft")
    text = authoring.document_markdown(consultation)
    assert text.startswith("# Introduction\n\nWe propose new rules for river bathing sites.\n\nThis draft")
    assert "\n\n## Costs\n\n" in text
    assert authoring.specs_markdown(authoring.parse_document(text)) == text
    assert authoring.specs_markdown(SAMPLE_SECTIONS) == text


def test_saving_the_document_numbers_it_and_refuses_once_published(workspace, manager):
    draft = make_consultation(workspace, manager, stage="draft")
    authoring.document_save(actor=manager, consultation=draft, text="# A\n\nOne.\n\nTwo.\n\n## B\n\nThree.")
    assert list(Section.objects.filter(consultation=draft).values_list("number", "heading")) == [
        ("1", "A"), ("1.1", "B")]
    live = make_consultation(workspace, manager)
    with pytest.raises(ValidationError) as refused:
        authoring.document_save(actor=manager, consultation=live, text="# A\n\nOne.")
    assert "cannot be changed once the consultation is published" in str(refused.value)


def test_settings_are_saved_and_a_change_meanwhile_is_noticed(workspace, manager):
    consultation = make_consultation(workspace, manager, stage="draft")
    state = loaded_state(consultation, authoring.SETTINGS_FIELDS)
    saved = authoring.consultation_update(actor=manager, consultation=consultation, loaded_state=state,
                                          title="New title", summary="**Bold**")
    assert saved.title == "New title" and "<strong>Bold</strong>" in saved.summary_html
    with pytest.raises(ChangedMeanwhile):
        authoring.consultation_update(actor=manager, consultation=consultation, loaded_state=state, title="Other")


def test_a_published_consultation_s_dates_are_not_moved_here(workspace, manager):
    consultation = make_consultation(workspace, manager)
    with pytest.raises(ValidationError) as refused:
        authoring.consultation_update(actor=manager, consultation=consultation, closes_at=None)
    assert "Status and dates" in str(refused.value)


def test_questions_are_added_numbered_moved_and_refused_once_published(workspace, manager):
    draft = make_consultation(workspace, manager, stage="draft")
    first = authoring.question_add(actor=manager, consultation=draft, kind="long_text", code="Q1", text="Why?")
    assert authoring.suggested_code(draft) == "Q2"
    scale = authoring.question_add(actor=manager, consultation=draft, kind="scale", code="Q2", text="How much?",
                                   options=authoring.parse_options("Not at all\nA little\nA lot"),
                                   section=draft.sections.get(number="2").pk)
    assert [(o.code, o.value) for o in scale.options.all()] == [("o1", 1), ("o2", 2), ("o3", 3)]
    with pytest.raises(ValidationError):
        authoring.question_add(actor=manager, consultation=draft, kind="long_text", code="Q1", text="Again?")
    with pytest.raises(ValidationError):
        authoring.question_add(actor=manager, consultation=draft, kind="single", code="Q3", text="One option?",
                               options=[("o1", "Only")])
    authoring.question_move(actor=manager, consultation=draft, question=first, up=False)
    assert list(draft.questions.order_by("position").values_list("code", flat=True)) == ["Q2", "Q1"]
    Consultation.objects.filter(pk=draft.pk).update(status="live")
    with pytest.raises(ValidationError):
        authoring.question_delete(actor=manager, consultation=draft, question=first)


def test_options_say_which_line_is_wrong():
    assert authoring.parse_options("a | Yes\nNo") == [("a", "Yes"), ("o1", "No")]
    with pytest.raises(ValidationError, match="Line 2"):
        authoring.parse_options("a | Yes\na | No")


def test_files_are_added_in_order_and_removed(workspace, manager):
    consultation = make_consultation(workspace, manager)
    made = [authoring.attachment_add(actor=manager, consultation=consultation, kind="welsh", title=f"File {n}",
                                     upload=SimpleUploadedFile("a.txt", b"text"),
                                     checked=CheckedFile(name="a.txt", size=4, mime="text/plain"))
            for n in (1, 2)]
    authoring.attachment_move(actor=manager, consultation=consultation, attachment=made[1], up=True)
    assert list(consultation.attachments.order_by("position").values_list("title", flat=True)) == ["File 2",
                                                                                                    "File 1"]
    authoring.attachment_delete(actor=manager, consultation=consultation, attachment=made[0])
    assert not Attachment.objects.filter(pk=made[0].pk).exists()


def test_a_format_request_mails_the_staff_and_is_marked_done(workspace, manager, reader):
    from workspaces.models import OutboundEmail

    consultation = make_consultation(workspace, manager)
    made = authoring.format_request_create(actor=reader, consultation=consultation, format="braille", details="A4")
    assert made.email == reader.email and made.requested_by == reader
    rows = OutboundEmail.objects.filter(kind=authoring.FORMAT_REQUEST_KIND)
    assert set(rows.values_list("recipient_id", flat=True)) == {manager.pk}
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError):
        authoring.format_request_create(actor=AnonymousUser(), consultation=consultation, format="audio")
    done = authoring.format_request_done(actor=manager, consultation=consultation, request=made)
    assert FormatRequest.objects.get(pk=done.pk).handled_by == manager


def test_the_format_request_mail_says_what_was_asked(workspace, manager, reader):
    from consultations.mail_authoring import format_request_text

    text = format_request_text({"title": "Rivers", "format": "Braille", "details": "A4 please",
                                "email": "r@example.org", "url": "/w/x/consultations/1/"})
    assert "“Rivers” in another format: Braille." in text and "A4 please" in text
    assert text.endswith("/w/x/consultations/1/format-requests/")


def test_deleting_and_restoring(workspace, manager):
    consultation = make_consultation(workspace, manager)
    authoring.consultation_delete(actor=manager, consultation=consultation)
    assert Consultation.objects.get(pk=consultation.pk).is_deleted
    authoring.consultation_restore(actor=manager, consultation=consultation)
    assert not Consultation.objects.get(pk=consultation.pk).is_deleted
