"""The builder's pages: what each person sees, bad input kept with its message, the two-step
question form, moves that return the focus, the logic page, publishing gated on the check,
and query counts that do not grow with the survey or the list."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys.models import Survey

from .builders import fresh, make_survey, q, url

pytestmark = pytest.mark.django_db

TWO_PAGES = [[q("Q1", "single", "Do you cycle?", options=["Yes", "No"])],
             [q("Q2", "long_text", "Why?", show_if=("Q1", "is", "o1"))]]


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- The list ------------------------------------------------------------------------------------


def test_the_list_says_each_state_and_counts_only_for_builders(as_user, workspace, manager, reader):
    now = timezone.now()
    make_survey(workspace, manager, live=False, title="Planning")
    make_survey(workspace, manager, pages=TWO_PAGES, title="Later", opens_at=now + timedelta(days=3))
    open_one = make_survey(workspace, manager, pages=TWO_PAGES, title="Now", closes_at=now + timedelta(days=3))
    make_survey(workspace, manager, pages=TWO_PAGES, title="Done", opens_at=now - timedelta(days=5),
                closes_at=now - timedelta(days=1))
    Survey.objects.filter(pk=open_one.pk).update(submitted_count=12, in_progress_count=3)
    text = page_text(as_user(manager).get(url("index", workspace)))
    assert "Draft – not open yet" in text and "Opens on " in text and "Open until " in text and "Closed on " in text
    assert "12 responses submitted · 3 in progress" in text
    assert "New survey" in text and "Deleted surveys" in text
    as_reader = page_text(as_user(reader).get(url("index", workspace)))
    assert "12 responses" not in as_reader and "New survey" not in as_reader and "Now" in as_reader


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_the_list_costs_the_same_at_two_sizes(as_user, workspace, personas, manager, persona):
    for _ in range(3):
        make_survey(workspace, manager, pages=TWO_PAGES)
    client = as_user(personas[persona])
    small = _queries(client, url("index", workspace))
    for _ in range(30):
        make_survey(workspace, manager, pages=TWO_PAGES)
    assert _queries(client, url("index", workspace)) == small


def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(ctx.captured_queries)


# --- Settings ------------------------------------------------------------------------------------


SETTINGS = {"title": "Travel", "description": "", "closing_message": "", "opens_at": "", "closes_at": "",
            "view_access": "members", "change_access": "managers"}


def test_creating_a_survey(as_user, workspace, manager):
    response = as_user(manager).post(url("create", workspace), SETTINGS)
    survey = Survey.objects.get(title="Travel")
    assert response.status_code == 302 and response["Location"] == url("build", workspace, pk=survey.pk)
    assert not survey.is_live and survey.draft_version.pages.count() == 1


def test_bad_settings_keep_what_was_typed_and_store_nothing(as_user, workspace, manager):
    data = {**SETTINGS, "title": "  ", "description": "Kept words", "opens_at": "2027-01-15T17:00",
            "closes_at": "2027-01-10T09:00"}
    response = as_user(manager).post(url("create", workspace), data)
    text = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in text and "Enter the survey&#x27;s title." in text
    assert "Choose a closing time after the opening time" in text
    assert "Kept words" in text
    assert not Survey.objects.exists()


def test_a_settings_form_saved_over_another_change_is_noticed(as_user, workspace, manager, site_admin):
    survey = make_survey(workspace, manager, live=False, title="First")
    form = page_text(as_user(manager).get(url("settings", workspace, pk=survey.pk)))
    state = re.search(r'name="loaded_state" value="([0-9a-f]+)"', form).group(1)
    as_user(site_admin).post(url("settings", workspace, pk=survey.pk), {**SETTINGS, "title": "Theirs"})
    response = as_user(manager).post(url("settings", workspace, pk=survey.pk),
                                     {**SETTINGS, "title": "Mine", "loaded_state": state})
    assert response.status_code == 200
    assert "changed the survey&#x27;s settings while you had this page open" in page_text(response)
    assert fresh(survey).title == "Theirs"


def test_anonymous_cannot_change_once_answered_and_the_page_says_why(as_user, workspace, manager):
    from surveys.models import Response

    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    Response.objects.create(survey=survey, version=survey.live_version)
    response = as_user(manager).post(url("settings", workspace, pk=survey.pk), {**SETTINGS, "anonymous": "on"})
    assert response.status_code == 200
    assert "already has responses" in page_text(response)
    assert not fresh(survey).anonymous


# --- Questions -----------------------------------------------------------------------------------


def test_adding_a_question_asks_the_type_first_then_offers_only_what_it_takes(as_user, workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    page = survey.draft_version.pages.get()
    client = as_user(manager)
    address = url("question_add", workspace, pk=survey.pk, page=page.pk)
    assert 'name="kind"' in page_text(client.get(address)) and 'type="radio"' in page_text(client.get(address))
    single = page_text(client.get(address + "?kind=single"))
    assert 'name="options"' in single and 'name="allow_other"' in single and 'name="min_value"' not in single
    assert 'value="Q1"' in single  # the suggested code
    number = page_text(client.get(address + "?kind=number"))
    assert 'name="min_value"' in number and 'name="options"' not in number


def test_a_bad_question_keeps_its_text_and_adds_nothing(as_user, workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    page = survey.draft_version.pages.get()
    response = as_user(manager).post(url("question_add", workspace, pk=survey.pk, page=page.pk),
                                     {"kind": "single", "code": "1bad", "text": "Kept question", "options": "Only"})
    text = page_text(response)
    assert response.status_code == 200 and "A code starts with a letter" in text and "Kept question" in text
    assert not survey.draft_version.questions.exists()


def test_adding_a_question_with_a_rule_on_an_earlier_page(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("Q1", "single", options=["Yes", "No"])], []], live=False)
    second = survey.draft_version.pages.last()
    client = as_user(manager)
    address = url("question_add", workspace, pk=survey.pk, page=second.pk)
    response = client.post(address, {"kind": "short_text", "code": "Q2", "text": "Why?", "show_if_code": "Q1",
                                     "show_if_operator": "is", "show_if_value": "Q1:o2"})
    assert response.status_code == 302
    question = survey.draft_version.questions.get(code="Q2")
    assert (question.show_if_code, question.show_if_operator, question.show_if_value) == ("Q1", "is", "o2")
    # An option of another question is refused next to the field.
    bad = client.post(address, {"kind": "short_text", "code": "Q3", "text": "?", "show_if_code": "Q1",
                                "show_if_operator": "is", "show_if_value": "Q9:o2"})
    assert bad.status_code == 200


def test_a_live_code_keeps_its_kind_and_the_page_says_why(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    q2 = fresh(survey).draft_version.questions.get(code="Q2")
    response = as_user(manager).post(url("question_edit", workspace, pk=survey.pk, question=q2.pk),
                                     {"kind": "number", "code": "Q2", "text": "How many?"})
    assert "Add a new question instead: answers already given to Q2 would change meaning." in page_text(response)


def test_moving_returns_the_focus_to_the_moved_question(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("Q1", "short_text"), q("Q2", "short_text")]], live=False)
    q2 = survey.draft_version.questions.get(code="Q2")
    client = as_user(manager)
    response = client.post(url("question_move", workspace, pk=survey.pk, question=q2.pk), {"direction": "up"})
    assert response.status_code == 302 and f"moved=q{q2.pk}" in response["Location"]
    text = page_text(client.get(response["Location"]))
    # Q2 is first now: it has no Move up, so its Move down has the focus.
    assert re.search(r'autofocus>Move down<span class="visually-hidden"> Q2</span>', text)
    assert fresh(survey).draft_version.changed


def test_a_question_not_in_the_draft_is_not_found(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES)
    live_q = fresh(survey).live_version.questions.get(code="Q1")
    assert as_user(manager).get(url("question_edit", workspace, pk=survey.pk, question=live_q.pk)).status_code == 404


# --- Logic check and publishing ------------------------------------------------------------------


def test_the_logic_page_marks_errors_with_links_to_fix_them(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("Q1", "short_text", show_if=("Q2", "answered", ""))],
                                                    [q("Q2", "number", min_value=0, max_value=10)]], live=False)
    q1 = survey.draft_version.questions.get(code="Q1")
    text = page_text(as_user(manager).get(url("logic", workspace, pk=survey.pk)))
    assert "<strong>Error:</strong> Q1&#x27;s rule points at Q2, which comes later" in text
    assert url("question_edit", workspace, pk=survey.pk, question=q1.pk) in text
    assert "Between 0 and 10" in text and "Always shown" in text
    assert "print-only" in text  # the sign-off line, printed


def test_publishing_is_disabled_with_the_reason_and_refused_on_post(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("Q1", "short_text", show_if=("Q2", "answered", ""))],
                                                    [q("Q2", "short_text")]], live=False)
    client = as_user(manager)
    text = page_text(client.get(url("publish", workspace, pk=survey.pk)))
    assert "disabled" in text and "The logic check found 1 error" in text
    response = client.post(url("publish", workspace, pk=survey.pk))
    assert response.status_code == 200 and "The logic check found errors" in page_text(response)
    assert not fresh(survey).is_live


def test_opening_and_the_changes_shown_before_publishing(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=TWO_PAGES, live=False)
    client = as_user(manager)
    assert client.post(url("publish", workspace, pk=survey.pk)).status_code == 302
    assert fresh(survey).is_live
    q2 = fresh(survey).draft_version.questions.get(code="Q2")
    client.post(url("question_delete", workspace, pk=survey.pk, question=q2.pk))
    text = page_text(client.get(url("publish", workspace, pk=survey.pk)))
    assert "Removed (kept in earlier versions and their results)" in text and "Q2: Why?" in text
    client.post(url("publish", workspace, pk=survey.pk))
    versions = page_text(client.get(url("versions", workspace, pk=survey.pk)))
    assert "v2 (live)" in versions and "v1" in versions


# --- Query counts --------------------------------------------------------------------------------


def _pages(count):
    return [[q(f"Q{page * 10 + i}", "single", options=["Yes", "No"],
               show_if=("Q1", "is", "o1") if page else None) for i in range(1, count + 1)] for page in range(2)]


@pytest.mark.parametrize("name", ["build", "logic"])
def test_the_builder_and_logic_pages_cost_the_same_at_5_and_40_questions(as_user, workspace, manager, name):
    small = make_survey(workspace, manager, pages=[[q("Q1", "single", options=["Yes", "No"])], *_pages(2)[1:]] +
                        [[q("Q3", "scale", options=["a", "b", "c"])]], live=False)
    large = make_survey(workspace, manager, pages=[[q("Q1", "single", options=["Yes", "No"])], *_pages(20)[1:]] +
                        [[q(f"Z{i}", "matrix", options=["a", "b"], rows=["r"]) for i in range(19)]], live=False)
    client = as_user(manager)
    assert fresh(small).draft_version.questions.count() == 4
    assert fresh(large).draft_version.questions.count() == 40
    assert _queries(client, url(name, workspace, pk=small.pk)) == _queries(client, url(name, workspace, pk=large.pk))


def test_a_page_rule_and_a_saved_rule_that_now_points_forward_is_kept(as_user, workspace, manager):
    survey = make_survey(workspace, manager, pages=[[q("Q1", "single", options=["Yes", "No"])],
                                                    [q("Q2", "short_text", show_if=("Q1", "is", "o1"))]], live=False)
    first, second = survey.draft_version.pages.all()
    client = as_user(manager)
    response = client.post(url("page_edit", workspace, pk=survey.pk, page=second.pk),
                           {"title": "Cyclists", "intro": "", "show_if_code": "Q1", "show_if_operator": "answered"})
    assert response.status_code == 302
    second = fresh(second)
    assert (second.title, second.show_if_code, second.show_if_operator, second.show_if_value) == (
        "Cyclists", "Q1", "answered", "")
    # Page 2 moves first: Q2's rule now points forward; its form still shows the rule, named as such.
    client.post(url("page_move", workspace, pk=survey.pk, page=second.pk), {"direction": "up"})
    q2 = survey.draft_version.questions.get(code="Q2")
    text = page_text(client.get(url("question_edit", workspace, pk=survey.pk, question=q2.pk)))
    assert '<option value="Q1" selected>Q1 (not on an earlier page)</option>' in text


def test_too_many_selections_are_refused_next_to_the_field(as_user, workspace, manager):
    survey = make_survey(workspace, manager, live=False)
    page = survey.draft_version.pages.get()
    response = as_user(manager).post(url("question_add", workspace, pk=survey.pk, page=page.pk) + "?kind=multiple",
                                     {"kind": "multiple", "code": "Q1", "text": "Which?", "options": "A\nB",
                                      "max_value": "3"})
    assert "Enter a whole number of selections between 0 and 2." in page_text(response)
    assert not survey.draft_version.questions.exists()


def test_deleted_surveys_are_listed_for_managers_and_restored(as_user, workspace, manager):
    from surveys import building

    survey = make_survey(workspace, manager, pages=TWO_PAGES, title="Gone for now")
    building.survey_delete(actor=manager, survey=survey)
    client = as_user(manager)
    assert "Gone for now" not in page_text(client.get(url("index", workspace)))
    listed = page_text(client.get(url("deleted", workspace)))
    restore = url("restore", workspace, pk=survey.pk)
    assert "Gone for now" in listed and f'href="{restore}"' in listed
    assert client.post(restore).status_code == 302
    assert not fresh(survey).is_deleted and "Gone for now" in page_text(client.get(url("index", workspace)))
