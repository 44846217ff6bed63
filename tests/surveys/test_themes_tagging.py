"""Themes and tagging text answers: the codebook of themes, tags set a page at a time, counts by
theme in SQL, hostile answers shown inert, and the pages' queries equal at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import themes
from surveys.models import AnswerTag, Theme

from .builders import SAMPLE_PAGES, make_survey, url
from .exports_helpers import respond


@pytest.fixture
def survey(workspace, manager):
    return make_survey(workspace, manager, pages=SAMPLE_PAGES, title="Travel")


def tag_url(survey, code="Q6"):
    return url("tag_answers", survey.workspace, pk=survey.pk, code=code)


def test_adding_a_theme_and_a_taken_name_kept_next_to_the_field(as_user, manager, survey):
    client = as_user(manager)
    response = client.post(url("themes", survey.workspace, pk=survey.pk), {"name": "  Road   safety ",
                                                                            "description": "Danger"})
    assert response.status_code == 302
    assert Theme.objects.get(survey=survey).name == "Road safety"
    again = client.post(url("themes", survey.workspace, pk=survey.pk), {"name": "road SAFETY", "description": "x"})
    assert again.status_code == 400
    body = again.content.decode()
    assert "already has a theme called" in body and "There is a problem" in body and 'value="road SAFETY"' in body
    assert Theme.objects.filter(survey=survey).count() == 1


def test_editing_and_deleting_a_theme(as_user, manager, survey):
    theme = themes.theme_add(actor=manager, survey=survey, name="Cost")
    answer = respond(survey, answers={"Q6": "Too dear"}).answers.get()
    themes.set_tags(actor=manager, survey=survey, code="Q6", chosen={answer.pk: {theme.pk}})
    client = as_user(manager)
    edit = url("theme_edit", survey.workspace, pk=survey.pk, theme_id=theme.pk)
    assert client.post(edit, {"name": "Price", "description": "", "position": "2"}).status_code == 302
    assert Theme.objects.get(pk=theme.pk).name == "Price"
    delete = url("theme_delete", survey.workspace, pk=survey.pk, theme_id=theme.pk)
    assert "It is on 1 answer" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists() and not AnswerTag.objects.exists()
    assert answer.__class__.objects.filter(pk=answer.pk).exists()  # the answer stays


def test_a_theme_of_another_survey_is_not_found(as_user, workspace, manager, survey):
    other = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    theme = themes.theme_add(actor=manager, survey=other, name="Elsewhere")
    response = as_user(manager).get(url("theme_edit", workspace, pk=survey.pk, theme_id=theme.pk))
    assert response.status_code == 404


def test_tagging_a_page_of_answers_and_counting_by_theme(as_user, manager, survey):
    cost = themes.theme_add(actor=manager, survey=survey, name="Cost")
    safety = themes.theme_add(actor=manager, survey=survey, name="Safety")
    first = respond(survey, answers={"Q6": "Too dear and dangerous"}).answers.get()
    second = respond(survey, answers={"Q6": "Dangerous junctions"}).answers.get()
    client = as_user(manager)
    response = client.post(tag_url(survey), {"answer": [first.pk, second.pk], f"tags-{first.pk}": [cost.pk, safety.pk],
                                             f"tags-{second.pk}": [safety.pk]})
    assert response.status_code == 302
    assert themes.theme_counts(survey, ["Q6", "Q1"]) == {"Q6": [(cost, 1), (safety, 2)], "Q1": [(cost, 0), (safety, 0)]}
    # Unchecking removes; an answer not on the posted page keeps its tags.
    client.post(tag_url(survey), {"answer": [first.pk], f"tags-{first.pk}": [safety.pk]})
    assert themes.theme_counts(survey, ["Q6"])["Q6"] == [(cost, 0), (safety, 2)]
    page = client.get(tag_url(survey)).content.decode()
    assert f'id="tag-{first.pk}-{safety.pk}" checked' in page
    assert f'id="tag-{first.pk}-{cost.pk}" aria-describedby' in page


def test_tampered_tags_store_nothing(as_user, workspace, manager, survey):
    theme = themes.theme_add(actor=manager, survey=survey, name="Cost")
    other = make_survey(workspace, manager, pages=SAMPLE_PAGES)
    foreign = respond(other, answers={"Q6": "Not yours"}).answers.get()
    mine = respond(survey, answers={"Q6": "Mine"}).answers.get()
    client = as_user(manager)
    for data in ({"answer": [mine.pk, foreign.pk], f"tags-{mine.pk}": [theme.pk]},
                 {"answer": [mine.pk], f"tags-{mine.pk}": ["abc"]},
                 {"answer": [mine.pk], f"tags-{mine.pk}": [theme.pk + 1000]}):
        response = client.post(tag_url(survey), data, follow=True)
        assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    assert not AnswerTag.objects.exists()


def test_answers_are_escaped_and_searchable(as_user, manager, survey):
    respond(survey, answers={"Q6": "<script>alert(1)</script> lanes"})
    respond(survey, answers={"Q6": "Parking costs"})
    client = as_user(manager)
    body = client.get(tag_url(survey)).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt; lanes" in body
    found = client.get(tag_url(survey) + "?q=parking").content.decode()
    assert "Parking costs" in found and "lanes" not in found


def test_only_text_questions_are_tagged(as_user, manager, survey):
    assert as_user(manager).get(tag_url(survey, "Q1")).status_code == 404
    assert as_user(manager).get(tag_url(survey, "NOPE")).status_code == 404


@pytest.mark.parametrize("persona, status", [("reader", 403), ("contributor", 403), ("manager", 200),
                                             ("site_admin", 200), ("outsider", 404)])
def test_who_may_tag(as_user, personas, survey, persona, status):
    client = as_user(personas[persona])
    assert client.get(tag_url(survey)).status_code == status
    assert client.get(url("themes", survey.workspace, pk=survey.pk)).status_code == status


def _queries(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_at_two_sizes(as_user, manager, survey):
    for name in ("Cost", "Safety", "Other"):
        themes.theme_add(actor=manager, survey=survey, name=name)
    client = as_user(manager)
    respond(survey, answers={"Q6": "one"})
    small = (_queries(client, tag_url(survey)), _queries(client, url("themes", survey.workspace, pk=survey.pk)))
    theme = Theme.objects.filter(survey=survey).first()
    for n in range(45):
        answer = respond(survey, answers={"Q6": f"answer {n}"}).answers.get()
        themes.set_tags(actor=manager, survey=survey, code="Q6", chosen={answer.pk: {theme.pk}})
    large = (_queries(client, tag_url(survey)), _queries(client, url("themes", survey.workspace, pk=survey.pk)))
    assert small == large
