"""templates/kit/questions/: the markup of each kind (labels, fieldsets and legends, ids the error
summary links to, Error: prefix and aria-describedby, input types), what was sent shown again,
hostile text inert, no query made; through the test-only harness page and by direct rendering."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from workspaces.kit.questions.answers import parse
from workspaces.kit.questions.ordering import ordered

from .question_harness import sample_questions

pytestmark = pytest.mark.urls("tests.workspaces.question_urls")

SAMPLES = {question.code: (question, options) for question, options in sample_questions()}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))  # checked -> ""


def elements(html, tag=None, **attrs):
    parser = _Elements()
    parser.feed(html)
    return [a for t, a in parser.elements if (tag is None or t == tag) and all(a.get(k) == v for k, v in attrs.items())]


def render(code, kept=None, error="", seed=1):
    question, options = SAMPLES[code]
    choices, rows, columns = ordered(question, options, seed)
    return render_to_string("kit/questions/field.html", {
        "question": question, "choices": choices, "rows": rows, "columns": columns, "kept": kept or {}, "error": error})


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_the_first_control_of_every_kind_has_the_id_the_error_summary_links_to(code):
    html = render(code)
    assert len(elements(html, id=f"q-{code}")) == 1


@pytest.mark.parametrize("code, tag", [("Q2", "input"), ("Q6", "textarea"), ("Q7", "input"), ("Q8", "select"),
                                       ("Q10", "input")])
def test_a_single_input_has_the_question_as_its_label(code, tag):
    html = render(code)
    assert elements(html, "label", **{"for": f"q-{code}"})
    assert SAMPLES[code][0].text in html and "<fieldset" not in html


@pytest.mark.parametrize("code", ["Q1", "Q3", "Q4", "Q5", "Q9", "Q11"])
def test_several_inputs_are_a_fieldset_with_the_question_as_legend(code):
    html = render(code)
    assert f'<legend class="q-question">{SAMPLES[code][0].text}' in html


def test_input_types_inputmodes_and_autocomplete():
    assert elements(render("Q2"), "input", id="q-Q2", type="text", inputmode="decimal")
    assert elements(render("Q10"), "input", id="q-Q10", type="email", autocomplete="email", spellcheck="false")
    dates = elements(render("Q9"), "input", inputmode="numeric")
    assert [d["name"] for d in dates] == ["q-Q9-day", "q-Q9-month", "q-Q9-year"]


def test_an_error_is_prefixed_and_described_and_the_hint_too():
    html = render("Q4", error="Select no more than 2 options")
    assert ('<p class="error-message" id="q-Q4-error"><span class="visually-hidden">Error:</span> '
            'Select no more than 2 options</p>') in html
    assert elements(html, "fieldset", **{"aria-describedby": "q-Q4-hint q-Q4-error"})
    assert "field-error" in html and "Select up to 2 options" in html
    assert elements(render("Q2", error="Enter a number between 0 and 200"), "input",
                    **{"id": "q-Q2", "aria-describedby": "q-Q2-hint q-Q2-error"})


def test_optional_questions_say_so():
    assert "(optional)" in render("Q7") and "(optional)" not in render("Q1")


def test_a_matrix_is_one_fieldset_per_row_each_radio_named_by_row_and_column():
    html = render("Q12")
    assert len(elements(html, "fieldset", **{"class": "q-matrix-row"})) == 5
    assert '<legend class="q-matrix-legend">High Street</legend>' in html
    radios = elements(html, "input", type="radio")
    assert len(radios) == 25
    assert {r["name"] for r in radios[5:10]} == {"q-Q12-r2"}
    assert ('<span class="visually-hidden">High Street: </span><span class="q-matrix-column">Very good</span>'
            in html)
    assert elements(html, "div", **{"class": "q-matrix-head", "aria-hidden": "true"})


def test_a_ranking_is_a_numbered_select_per_item():
    html = render("Q11", kept={"q-Q11-o3": "2"})
    selects = elements(html, "select")
    assert [s["name"] for s in selects] == ["q-Q11-o1", "q-Q11-o2", "q-Q11-o3", "q-Q11-o4"]
    assert [o["value"] for o in elements(html, "option")][:5] == ["", "1", "2", "3", "4"]
    assert len(elements(html, "option", selected="")) == 1 and '<option value="2" selected>2</option>' in html
    assert "draggable" not in html


def test_other_has_a_labelled_text_box_always_in_the_page():
    for code in ("Q4", "Q8"):
        html = render(code)
        assert elements(html, "label", **{"for": f"q-{code}-other"}) and elements(html, "input", id=f"q-{code}-other")


def test_what_was_sent_is_shown_again():
    question, options = SAMPLES["Q4"]
    kept = parse(question, options, {"q-Q4": ["o1", "other"], "q-Q4-other": "Bus"}).kept
    html = render("Q4", kept=kept)
    assert elements(html, "input", value="o1", checked="") and elements(html, "input", value="other", checked="")
    assert elements(html, "input", id="q-Q4-other", value="Bus")
    assert elements(render("Q12", kept={"q-Q12-r3": "c4"}), "input", name="q-Q12-r3", value="c4", checked="")
    assert elements(render("Q9", kept={"q-Q9-month": "3"}), "input", name="q-Q9-month", value="3")
    assert elements(render("Q8", kept={"q-Q8": "o2"}), "option", value="o2", selected="")


def test_hostile_text_is_inert_wherever_it_goes(client):
    question, options = SAMPLES["Q1"]
    question.text, question.help_text = HOSTILE, HOSTILE
    options[0].label = HOSTILE
    try:
        html = render("Q1", kept={"q-Q1": HOSTILE}, error=HOSTILE)
    finally:
        SAMPLES.update({q.code: (q, o) for q, o in sample_questions()})
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    response = client.post("/questions/", {"q-Q7": HOSTILE, "q-Q6": HOSTILE, "q-Q8-other": HOSTILE})
    page = response.content.decode()
    assert response.status_code == 200 and "<script>alert" not in page and "<img src=x" not in page
    assert elements(page, "input", id="q-Q7", value=HOSTILE)  # kept, as a value


def test_the_harness_page_shows_errors_with_a_summary_and_answers_in_words(client):
    response = client.post("/questions/", {"q-Q1": "o9", "q-Q2": "250"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count("There is a problem") == 1
    assert '<a href="#q-Q1">Select one of the answers shown</a>' in page
    assert '<a href="#q-Q2">Enter a number between 0 and 200</a>' in page
    assert "<title>Error: " in page
    response = client.post("/questions/?only=Q1,Q3", {"q-Q1": "o1", "q-Q3": "o5"})
    assert "<dd>Yes</dd>" in response.content.decode() and "<dd>5 – Very safe</dd>" in response.content.decode()


def test_rendering_every_kind_makes_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        for code in SAMPLES:
            render(code, error="x")
