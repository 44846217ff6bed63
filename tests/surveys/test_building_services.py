"""The builder's services: codes and kinds, options, reorder, duplicate, publish gating,
settings (anonymous, window, concurrent edits), close/reopen, delete/restore."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys import building
from surveys.models import Response, SurveyVersion
from workspaces.kit.services import ChangedMeanwhile, loaded_state

from .builders import SAMPLE_PAGES, Option, Question, Survey, fresh, make_survey, q

pytestmark = pytest.mark.django_db

TWO_PAGES = [[q("Q1", "single", "Do you cycle?", options=["Yes", "No"])],
             [q("Q2", "long_text", "Why?", show_if=("Q1", "is", "o1")), q("Q3", "short_text")]]


def codes(survey):
    """The draft's codes, page by page."""
    draft = fresh(survey).draft_version
    return [[q.code for q in page.questions.order_by("position", "id")] for page in draft.pages.all()]


def changed(survey):
    return fresh(survey).draft_version.changed


def add(survey, manager, page=None, **fields):
    page = page or fresh(survey).draft_version.pages.first()
    values = {"kind": "short_text", "code": "QX", "text": "Text?", "help_text": "", "required": False,
              "min_value": None, "max_value": None, "allow_other": False, "randomise": False, "show_if_code": "",
              "show_if_operator": "", "show_if_value": "", **fields}
    return building.question_add(actor=manager, survey=survey, page=page, **values)


# --- Options and codes ---------------------------------------------------------------------------


def test_options_one_per_line_with_or_without_codes():
    assert building.parse_choices("Yes\n  \nyes_please | Yes please\nNo\r\n", prefix="o") == [
        ("o1", "Yes"), ("yes_please", "Yes please"), ("o2", "No")]
    assert building.parse_choices("o1 | First\nSecond", prefix="o") == [("o1", "First"), ("o2", "Second")]


@pytest.mark.parametrize("text, words", [
    ("1a | One\nTwo", "Line 1: A code starts with a letter"),
    ("a | One\na | Two", "Line 2: the code a is used twice"),
    ("a |", "Line 1 has a code but no label"),
    ("\n".join(f"Option {i}" for i in range(101)), "At most 100 options"),
])
def test_bad_option_lines_say_which_line(text, words):
    with pytest.raises(ValidationError) as refused:
        building.parse_choices(text, prefix="o")
    assert words in refused.value.messages[0]


def test_a_question_is_added_with_options_valued_for_a_scale(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    question = add(survey, manager, kind="scale", code="Q1", options=[("o1", "Bad"), ("o2", "Fine"), ("o3", "Good")])
    assert [(o.code, o.value) for o in question.options.all()] == [("o1", 1), ("o2", 2), ("o3", 3)]
    assert changed(survey)


def test_a_matrix_keeps_columns_and_rows(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    question = add(survey, manager, kind="matrix", code="M", options=[("c1", "Poor"), ("c2", "Good")],
                   rows=[("r1", "Lighting")])
    assert sorted((o.role, o.code, o.value) for o in question.options.all()) == [
        ("column", "c1", 1), ("column", "c2", 2), ("row", "r1", None)]


def test_what_a_kind_does_not_take_is_not_kept(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    question = add(survey, manager, kind="date", code="D", min_value=1, max_value=5, allow_other=True,
                   randomise=True, options=[("o1", "x"), ("o2", "y")])
    assert (question.min_value, question.max_value, question.allow_other, question.randomise) == (None, None, False,
                                                                                                  False)
    assert not question.options.exists()


def test_a_code_is_unique_in_the_version(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    with pytest.raises(ValidationError) as refused:
        add(survey, manager, code="Q1")
    assert refused.value.message_dict == {"code": ["Q1 is already the code of another question: choose another."]}


def test_the_suggested_code_follows_the_highest(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    assert building.suggested_code(fresh(survey).draft_version) == "Q4"


def test_a_live_code_cannot_change_kind(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    q3 = fresh(survey).draft_version.questions.get(code="Q3")
    with pytest.raises(ValidationError) as refused:
        building.question_update(actor=manager, survey=survey, question=q3, kind="number", code="Q3", text="How many?",
                                 help_text="", required=False, min_value=None, max_value=None, allow_other=False,
                                 randomise=False, show_if_code="", show_if_operator="", show_if_value="")
    assert refused.value.message_dict["kind"] == [
        "Add a new question instead: answers already given to Q3 would change meaning."]
    assert fresh(q3).kind == "short_text"


def test_choices_need_two_options(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    with pytest.raises(ValidationError) as refused:
        add(survey, manager, kind="single", code="S", options=[("o1", "Only")])
    assert "options" in refused.value.message_dict
    assert not Question.objects.filter(code="S").exists()


def test_at_most_max_questions(workspace, manager, monkeypatch):
    monkeypatch.setattr(building, "MAX_QUESTIONS", 3)
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    with pytest.raises(ValidationError, match="at most 3 questions"):
        add(survey, manager)


# --- Reorder and duplicate -----------------------------------------------------------------------


def test_move_within_and_between_pages(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    draft = fresh(survey).draft_version
    q3 = draft.questions.get(code="Q3")
    building.question_move(actor=manager, survey=survey, question=q3, up=True)
    assert codes(survey) == [["Q1"], ["Q3", "Q2"]]
    building.question_move(actor=manager, survey=survey, question=q3, up=True)
    assert codes(survey) == [["Q1", "Q3"], ["Q2"]]
    building.question_move(actor=manager, survey=survey, question=draft.questions.get(code="Q1"), up=False)
    assert codes(survey) == [["Q3", "Q1"], ["Q2"]]
    building.question_move(actor=manager, survey=survey, question=draft.questions.get(code="Q1"), up=False)
    assert codes(survey) == [["Q3"], ["Q1", "Q2"]]
    with pytest.raises(ValidationError, match="already the first"):
        building.question_move(actor=manager, survey=survey, question=fresh(q3), up=True)
    assert changed(survey)


def test_pages_move(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    first = fresh(survey).draft_version.pages.first()
    building.page_move(actor=manager, survey=survey, page=first, up=False)
    assert codes(survey) == [["Q2", "Q3"], ["Q1"]]
    with pytest.raises(ValidationError, match="already the last"):
        building.page_move(actor=manager, survey=survey, page=first, up=False)


def test_duplicating_a_question_and_a_page_gives_new_codes(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    draft = fresh(survey).draft_version
    copy = building.question_duplicate(actor=manager, survey=survey, question=draft.questions.get(code="Q1"))
    assert copy.code == "Q4" and [o.label for o in copy.options.all()] == ["Yes", "No"]
    assert codes(survey) == [["Q1", "Q4"], ["Q2", "Q3"]]
    building.page_duplicate(actor=manager, survey=survey, page=draft.pages.last())
    assert codes(survey) == [["Q1", "Q4"], ["Q2", "Q3"], ["Q5", "Q6"]]
    assert fresh(survey).draft_version.questions.get(code="Q5").show_if_code == "Q1"


def test_duplicating_a_survey_keeps_codes_in_a_new_draft(workspace, manager):
    survey = make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel")
    copy = building.survey_duplicate(actor=manager, survey=survey)
    assert copy.title == "Copy of Travel" and not copy.is_live
    assert codes(copy) == codes(survey)
    assert Option.objects.filter(question__version=copy.draft_version).count() == Option.objects.filter(
        question__version=fresh(survey).draft_version).count()


def test_deleting_a_question_keeps_it_in_the_published_version(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    draft = fresh(survey).draft_version
    building.question_delete(actor=manager, survey=survey, question=draft.questions.get(code="Q2"))
    assert codes(survey) == [["Q1"], ["Q3"]]
    assert fresh(survey).live_version.questions.filter(code="Q2").exists()
    changes = building.version_changes(fresh(survey))
    assert [q.code for q in changes["removed"]] == ["Q2"] and changes["added"] == []


def test_the_only_page_cannot_go(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    with pytest.raises(ValidationError, match="at least one page"):
        building.page_delete(actor=manager, survey=survey, page=fresh(survey).draft_version.pages.get())


def test_a_page_of_another_version_is_refused(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    live_page = fresh(survey).live_version.pages.first()
    with pytest.raises(ValidationError, match="not in the draft"):
        building.page_update(actor=manager, survey=survey, page=live_page, title="x", intro="")


# --- Publishing ----------------------------------------------------------------------------------


def test_opening_is_refused_while_the_logic_has_errors(workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("Q1", "single", options=["Yes", "No"]),
                                                     q("Q2", "short_text", show_if=("Q1", "is", "o1"))]], live=False)
    with pytest.raises(ValidationError, match="logic check found errors"):
        building.publish_checked(actor=manager, survey=survey)
    assert not fresh(survey).is_live
    building.page_add(actor=manager, survey=survey)
    question = fresh(survey).draft_version.questions.get(code="Q2")
    building.question_move(actor=manager, survey=survey, question=question, up=False)  # onto the new page
    assert codes(survey) == [["Q1"], ["Q2"]]
    building.publish_checked(actor=manager, survey=survey)
    assert fresh(survey).is_live


def test_opening_then_publishing_changes(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    v1 = building.publish_checked(actor=manager, survey=survey)
    assert v1.number == 1 and fresh(survey).is_live
    with pytest.raises(ValidationError, match="no changes"):
        building.publish_checked(actor=manager, survey=survey)
    q1 = fresh(survey).draft_version.questions.get(code="Q1")
    building.question_update(actor=manager, survey=survey, question=q1, kind="single", code="Q1", text="Do you cycle?",
                             help_text="", required=True, min_value=None, max_value=None, allow_other=False,
                             randomise=False, show_if_code="", show_if_operator="", show_if_value="",
                             options=[("o1", "Yes"), ("o2", "No"), ("o3", "Sometimes")])
    changes = building.version_changes(fresh(survey))
    assert [(q.code, what) for q, what in changes["changed"]] == [("Q1", ["required", "options added: o3"])]
    v2 = building.publish_checked(actor=manager, survey=survey)
    assert v2.number == 2 and fresh(survey).live_version_id == v2.pk
    assert SurveyVersion.objects.filter(survey=survey, published_at__isnull=True).count() == 1


def test_an_empty_survey_cannot_open(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    with pytest.raises(ValidationError, match="at least one question"):
        building.publish_checked(actor=manager, survey=survey)


# --- Settings ------------------------------------------------------------------------------------


def _settings(survey, **changes):
    survey = fresh(survey)
    values = {name: getattr(survey, name) for name in building.SETTINGS_FIELDS}
    return {**values, "loaded_state": loaded_state(survey, building.SETTINGS_FIELDS), **changes}


def test_settings_saved_with_markdown(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    building.survey_update(actor=manager, survey=survey, **_settings(survey, description="**Hi**", title="New"))
    survey = fresh(survey)
    assert survey.title == "New" and "<strong>Hi</strong>" in survey.description_html


def test_a_concurrent_settings_edit_is_noticed(workspace, manager, contributor):
    survey = make_survey(workspace, manager, live=False)
    stale = _settings(survey, title="Mine")
    building.survey_update(actor=manager, survey=survey, **_settings(survey, title="Theirs"))
    with pytest.raises(ChangedMeanwhile):
        building.survey_update(actor=manager, survey=survey, **stale)
    assert fresh(survey).title == "Theirs"


def test_anonymous_is_fixed_once_there_are_responses(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    building.survey_update(actor=manager, survey=survey, **_settings(survey, anonymous=True))
    Response.objects.create(survey=survey, version=fresh(survey).live_version)
    with pytest.raises(ValidationError) as refused:
        building.survey_update(actor=manager, survey=survey, **_settings(survey, anonymous=False))
    assert "already has responses" in refused.value.message_dict["anonymous"][0]
    assert fresh(survey).anonymous


def test_the_window_must_close_after_it_opens(workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        building.survey_update(actor=manager, survey=survey, **_settings(survey, opens_at=now, closes_at=now))
    assert "closes_at" in refused.value.message_dict


def test_close_now_and_reopen(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    building.close_now(actor=manager, survey=survey)
    assert not fresh(survey).is_collecting()
    with pytest.raises(ValidationError):
        building.close_now(actor=manager, survey=survey)
    building.reopen(actor=manager, survey=survey)
    assert fresh(survey).is_collecting()


def test_a_draft_cannot_be_closed(workspace, manager):
    survey = make_survey(workspace, manager, live=False, closes_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError):
        building.close_now(actor=manager, survey=survey)


def test_delete_and_restore(workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    building.survey_delete(actor=manager, survey=survey)
    assert fresh(survey).is_deleted
    building.survey_restore(actor=manager, survey=survey)
    assert not fresh(survey).is_deleted
    assert Survey.objects.filter(pk=survey.pk, deleted_by__isnull=True).exists()
