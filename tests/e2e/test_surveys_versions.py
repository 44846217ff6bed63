"""A live survey edited mid-collection, in a real browser: a reader answers version 1; the
manager adds a question in the builder and publishes version 2; a contributor answers it; the
manager downloads one CSV that holds both responses in the same columns (the new question empty
for the version 1 row)."""

import csv
import io

import pytest

from surveys.models import Response, Survey
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..surveys.builders import make_survey, q

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Active Travel", slug="travel",
                               organisation=make_organisation("Department for Transport", slug="dft"))
    people = {}
    for email, name, role in (("maya@example.org", "Maya Manager", Role.MANAGER),
                              ("rita@example.org", "Rita Reader", Role.READER),
                              ("carl@example.org", "Carl Contributor", Role.CONTRIBUTOR)):
        people[role] = make_user(email, name)
        add_member(workspace, people[role], role)
    survey = make_survey(workspace, people[Role.MANAGER], title="Travel survey", pages=[
        [q("Q1", "single", "Do you cycle to work?", options=["Yes", "No"], required=True)],
    ])
    return {"workspace": workspace, "survey": survey, **{r.name.lower(): u for r, u in people.items()}}


def _answer(page, submit, path, extra=None):
    page.goto(path)
    page.get_by_role("link", name="Start now").click()
    page.get_by_label("Yes").check()
    if extra:
        page.get_by_label(extra[0]).fill(extra[1])
    submit(page, "Continue")
    submit(page, "Submit your response")
    assert "You responded on" in page.content()


def test_v1_and_v2_responses_appear_in_one_export(world, new_context, sign_in, submit, follow, visit):
    survey = world["survey"]
    base = f"/w/travel/surveys/{survey.pk}/"
    _answer(sign_in(new_context(java_script_enabled=False), world["reader"]).new_page(), submit, base)

    manager = sign_in(new_context(), world["manager"]).new_page()
    visit(manager, base + "build/")
    follow(manager, "Add a question to page 1")
    manager.get_by_label("Short text").check()
    submit(manager, "Continue")
    manager.get_by_label("Question", exact=True).fill("Any comments?")
    submit(manager, "Add the question")
    follow(manager, "Publish changes")
    assert "Q2" in manager.content()  # the changes, by code
    submit(manager, "Publish version 2")
    assert Survey.objects.get(pk=survey.pk).live_version.number == 2

    # Without JavaScript: the autosave's request and the Continue would race on the test's
    # in-memory SQLite (one writer); the journey is the same.
    _answer(sign_in(new_context(java_script_enabled=False), world["contributor"]).new_page(), submit, base,
            ("Any comments?", "Safer lanes"))
    assert sorted(Response.objects.values_list("version__number", flat=True)) == [1, 2]

    visit(manager, base + "export/")
    manager.get_by_label("Option codes (o1, o2)").check()
    with manager.expect_download() as download:
        manager.get_by_role("button", name="Download").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    header, *rows = list(csv.reader(io.StringIO(text)))
    by_version = {row[header.index("version")]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_version) == {"1", "2"} and "Q1" in header and "Q2" in header
    assert by_version["1"]["Q1"] == "o1" and by_version["1"]["Q2"] == ""
    assert by_version["2"]["Q1"] == "o1" and by_version["2"]["Q2"] == "Safer lanes"
