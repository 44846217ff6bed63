"""The edge (workspaces.edge): a C0 control character other than tab, LF and CR in the path, a
query parameter or a form field (name or value) is refused with the site's 400 page before any
view sees it; file contents may hold any byte. (Every URL of the project, as every persona:
tests/security/test_control_characters.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from .edge_urls import REACHED

pytestmark = pytest.mark.urls("tests.workspaces.edge_urls")

REFUSAL = "has a character that cannot be used"
REFUSED_CHARACTERS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f"]


@pytest.fixture(autouse=True)
def _reached():
    REACHED.clear()


def _refused(response):
    return response.status_code == 400 and REFUSAL in response.content.decode() and not REACHED


def test_tab_cr_and_lf_pass_in_parameters_and_fields(client, db):
    text = "Line one\r\n\tindented\nline three"
    response = client.post("/echo/?q=a%09b%0D%0Ac", {"text": text})
    assert response.status_code == 200
    assert response.json()["get"] == {"q": ["a\tb\r\nc"]}
    assert response.json()["post"] == {"text": [text]}


@pytest.mark.parametrize("character", REFUSED_CHARACTERS, ids=[f"{ord(c):#04x}" for c in REFUSED_CHARACTERS])
def test_each_other_c0_control_character_in_a_query_parameter_is_refused(client, db, character):
    assert _refused(client.get("/echo/", {"q": f"budget{character}"}))


def test_a_control_character_in_a_parameter_name_is_refused(client, db):
    assert _refused(client.get("/echo/?q%00=x"))


def test_a_control_character_in_the_path_is_refused(client, db):
    assert _refused(client.get("/echo/minutes%00/"))


def test_a_control_character_in_a_form_field_is_refused_before_the_view(client, db):
    assert _refused(client.post("/echo/", "title=Minutes%00", content_type="application/x-www-form-urlencoded"))
    assert _refused(client.post("/echo/", {"title": "Minutes\x1b"}))  # multipart
    assert _refused(client.post("/echo/", {"title\x00": "Minutes"}))


def test_file_contents_may_hold_any_byte_but_a_file_field_name_may_not(client, db):
    content = "%PDF\x00\x01\x1b\x7f binary"
    upload = SimpleUploadedFile("paper.pdf", content.encode("latin-1"))
    response = client.post("/echo/", {"title": "Paper", "file": upload})
    assert response.status_code == 200
    assert response.json()["files"] == {"file": content}
    REACHED.clear()
    assert _refused(client.post("/echo/", {"file\x00": SimpleUploadedFile("paper.pdf", b"%PDF")}))


def test_a_view_that_adds_upload_handlers_still_gets_them_and_its_fields_checked(client, db, settings):
    settings.ENGAGE_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"\x00" * 4096)
    response = client.post("/upload/", {"title": "Big", "file": big})
    assert response.status_code == 200
    assert response.json()["too_large"] == ["file"]  # the size limit saw the file arrive
    assert response.json()["post"] == {"title": ["Big"]}
    # Checked when the view reads its form, after adding its handlers.
    response = client.post("/upload/", {"title": "Big\x00", "file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 400 and REFUSAL in response.content.decode()


def test_the_refusal_is_the_sites_own_page_for_the_signed_in_person(as_user, reader):
    response = as_user(reader).get("/echo/?q=%00")
    assert response.status_code == 400
    assert "errors/400.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert '<main id="main"' in page and "<h1>" in page and "Rita Reader" in page
    assert "go back: your text should still be there" in page
    assert "Content-Security-Policy" in response.headers


def test_a_form_the_csrf_check_reads_first_is_refused_the_same_way(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert _refused(client.post("/echo/", {"csrfmiddlewaretoken": token, "title": "x\x00"}))
    assert client.post("/echo/", {"csrfmiddlewaretoken": token, "title": "x"}).status_code == 200


def test_other_bad_requests_keep_djangos_plain_answer(client, db):
    response = client.get("/echo/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert REFUSAL not in response.content.decode()
