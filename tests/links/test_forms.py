"""Input rules: web addresses, titles, notes and tags. Bad input gives a clear error, never a 500."""

import pytest
from django.core.exceptions import ValidationError

from links.forms import LinkForm
from links.models import Link
from links.services import link_create
from workspaces.lib.tags import parse_tags

from .builders import form_data, url_for


def _form(workspace, **overrides):
    form = LinkForm(form_data(**overrides), workspace=workspace)
    form.is_valid()
    return form


# --- Tags ---

def test_tags_are_trimmed_lower_cased_and_deduplicated_in_order():
    assert parse_tags(" Housing,  Open   Data, housing ,, OPEN data,planning ") == ["housing", "open data", "planning"]


def test_empty_tag_input_gives_no_tags():
    assert parse_tags("") == [] and parse_tags(" , ,") == []


def test_ten_tags_of_forty_characters_are_accepted():
    tags = [f"{i}".ljust(40, "x") for i in range(10)]
    assert parse_tags(",".join(tags)) == tags


def test_more_than_ten_tags_are_refused_with_the_count():
    with pytest.raises(ValidationError) as exc:
        parse_tags(",".join(f"tag{i}" for i in range(11)))
    assert "at most 10 tags (there are 11)" in exc.value.messages[0]


def test_duplicates_do_not_count_towards_the_tag_limit():
    assert len(parse_tags(",".join(["same"] * 15 + [f"t{i}" for i in range(9)]))) == 10


def test_a_tag_over_forty_characters_is_refused_by_name():
    with pytest.raises(ValidationError) as exc:
        parse_tags("fine, " + "y" * 41)
    assert "too long" in exc.value.messages[0] and "y" * 40 in exc.value.messages[0]


def test_form_reports_tag_errors_next_to_the_tags_field(workspace):
    form = _form(workspace, tags=",".join(f"t{i}" for i in range(12)))
    assert "tags" in form.errors and "at most 10" in form.errors["tags"][0]


def test_form_gives_the_service_normalised_tags(workspace):
    form = _form(workspace, tags="Housing, housing , Open  Data")
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["tags"] == ["housing", "open data"]


# --- Web addresses ---

@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://files.example.org/a.pdf",
        "mailto:someone@example.org",
    ],
)
def test_addresses_that_are_not_http_or_https_are_refused_with_a_clear_message(workspace, address):
    form = _form(workspace, url=address)
    assert not form.is_valid()
    assert "Only web addresses starting with http:// or https:// can be added" in form.errors["url"][0]


@pytest.mark.parametrize("address", ["java\tscript:alert(1)", "http://[::1", "https://", "not a web address",
                                     "http://exa mple.org"])
def test_malformed_addresses_are_refused_without_an_error_page(workspace, address):
    form = _form(workspace, url=address)
    assert not form.is_valid()
    assert form.errors["url"]


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("https://www.gov.uk/guidance", "https://www.gov.uk/guidance"),
        ("  http://example.org/a?b=c  ", "http://example.org/a?b=c"),
        ("www.gov.uk/guidance", "https://www.gov.uk/guidance"),
        ("example.org:8080/report", "https://example.org:8080/report"),
    ],
)
def test_web_addresses_are_accepted_and_given_https_when_typed_without_a_scheme(workspace, typed, stored):
    form = _form(workspace, url=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["url"] == stored


def test_overlong_address_is_refused_with_its_length(workspace):
    form = _form(workspace, url="https://example.org/" + "a" * 2000)
    assert not form.is_valid()
    assert "at most 2000 characters" in form.errors["url"][0]


def test_service_refuses_a_javascript_address_even_without_the_form(workspace, manager):
    with pytest.raises(ValidationError):
        link_create(actor=manager, workspace=workspace, url="javascript:alert(1)", title="Sneaky")
    assert not Link.objects.exists()


# --- Title and note ---

def test_title_is_required(workspace):
    form = _form(workspace, title="   ")
    assert form.errors["title"] == ["Enter a title for the link."]


def test_title_whitespace_is_collapsed(workspace):
    form = _form(workspace, title="  Housing \n  guidance ")
    assert form.is_valid() and form.cleaned_data["title"] == "Housing guidance"


def test_ten_thousand_character_title_is_a_form_error_not_a_500(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("create", workspace), form_data(title="x" * 10_000))
    assert response.status_code == 200
    assert "Keep the title to 200 characters or fewer (it has 10000)" in response.content.decode()
    assert not Link.objects.exists()


def test_overlong_note_is_a_form_error(workspace):
    form = _form(workspace, note="n" * 5001)
    assert "Keep the note to 5000 characters or fewer" in form.errors["note"][0]


def test_javascript_address_posted_to_the_page_shows_the_message_and_saves_nothing(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("create", workspace), form_data(url="javascript:alert(1)"))
    assert response.status_code == 200
    assert "Only web addresses starting with http:// or https:// can be added" in response.content.decode()
    assert not Link.objects.exists()


def test_edit_post_without_its_version_is_refused(as_user, workspace, contributor, links_of):
    link = links_of["own"]
    data = form_data(title="Changed")
    response = as_user(contributor).post(url_for("edit", workspace, link), data)
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    link.refresh_from_db()
    assert link.title == "Contributor's link"
