"""The page shell (base.html): header, footer pages, dates in the reader's time zone, and an
organisation's logo (set by its admins, checked by content, shown in its workspaces' bar)."""

import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_user
from workspaces.models import AuditEntry, OrganisationMembership


def tiny_png():
    """A valid 1 × 1 PNG, built here (no image library needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


# --- Footer pages ---


@pytest.mark.parametrize("name", ["help", "accessibility", "privacy"])
def test_footer_pages_are_public_and_linked_from_every_page(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<nav aria-label="About this site">' in body
    for linked in ("help", "accessibility", "privacy"):
        assert f'href="{reverse(linked)}"' in body


def test_contact_address_appears_when_configured(client, db, settings):
    settings.ENGAGE_SUPPORT_EMAIL = "help@dept.example"
    assert "mailto:help@dept.example" in client.get(reverse("accessibility")).content.decode()


# --- Header ---


def test_header_folds_account_links_into_a_menu_and_messages_sit_inside_main(as_user, manager, workspace):
    body = as_user(manager).get(reverse("member_list", args=[workspace.slug])).content.decode()
    assert '<details class="account-menu">' in body and "<summary>Menu</summary>" in body
    header, main = body.split('<main id="main"', 1)
    assert 'class="messages"' not in header
    navs = [chunk.split('aria-label="', 1)[1].split('"', 1)[0] for chunk in body.split("<nav")[1:]]
    assert len(navs) == len(set(navs)), navs
    assert "Workspace" in navs and "Your account" in navs


# --- Dates ---


def render(text, **context):
    return Template("{% load engage %}" + text).render(Context(context))


def test_dates_have_one_format_in_the_active_time_zone():
    moment = datetime.datetime(2026, 12, 7, 14, 5, tzinfo=datetime.UTC)
    with timezone.override("Europe/Paris"):
        assert render("{{ m|when }}", m=moment) == "7 Dec 2026, 15:05"
        assert render("{{ m|day }}", m=datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)) == "8 Dec 2026"
    assert render("{{ d|when }}", d=datetime.date(2027, 1, 15)) == "15 Jan 2027"
    assert render("{{ d|day }}", d=None) == ""


def test_the_profile_time_zone_is_used_for_every_request(as_user, manager, workspace):
    client = as_user(manager)
    response = client.post(reverse("profile"), {"display_name": manager.name, "organisation_name": "",
                                                 "job_title": "", "time_zone": "Asia/Tokyo"})
    assert response.status_code in (200, 302)
    manager.refresh_from_db()
    assert manager.time_zone == "Asia/Tokyo"
    body = client.get(reverse("profile")).content.decode()
    assert '<option value="Asia/Tokyo" selected>' in body


def test_an_unknown_time_zone_is_refused(as_user, manager):
    response = as_user(manager).post(reverse("profile"), {"display_name": manager.name, "time_zone": "Mars/Base"})
    assert response.status_code == 200
    manager.refresh_from_db()
    assert manager.time_zone == ""


def test_the_time_zone_middleware_does_not_load_anyone_without_a_session(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


# --- The organisation's logo ---


@pytest.fixture
def org_admin(organisation):
    user = make_user("orgadmin@example.org", name="Olu Admin")
    OrganisationMembership.objects.create(organisation=organisation, user=user, is_admin=True)
    return user


def post_logo(client, organisation, **data):
    return client.post(reverse("organisation_logo_edit", args=[organisation.slug]), data)


def test_an_organisation_admin_sets_a_logo_shown_in_its_workspaces(as_user, org_admin, organisation, manager,
                                                                    workspace, client):
    logo = SimpleUploadedFile("crest.png", tiny_png(), content_type="application/octet-stream")
    response = post_logo(as_user(org_admin), organisation, logo=logo)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo and organisation.logo_type == "image/png"
    assert AuditEntry.objects.filter(action="organisation.logo_changed", organisation=organisation).exists()
    body = as_user(manager).get(reverse("workspace_home", args=[workspace.slug])).content.decode()
    assert f'src="{reverse("organisation_logo", args=[organisation.slug])}?v=' in body
    image = client.get(reverse("organisation_logo", args=[organisation.slug]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == tiny_png()


@pytest.mark.parametrize("name, content", [
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("logo.png", b"not an image at all"),
    ("logo.pdf", b"%PDF-1.4\n%%EOF"),
])
def test_a_logo_that_is_not_a_png_jpeg_or_webp_is_refused_by_its_content(as_user, org_admin, organisation,
                                                                         name, content):
    response = post_logo(as_user(org_admin), organisation, logo=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert "Error:" in response.content.decode().split("</title>")[0]
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_logo_can_be_removed(as_user, org_admin, organisation, client):
    post_logo(as_user(org_admin), organisation, logo=SimpleUploadedFile("crest.png", tiny_png()))
    response = post_logo(as_user(org_admin), organisation, remove="on")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.logo
    assert client.get(reverse("organisation_logo", args=[organisation.slug])).status_code == 404


def test_workspace_managers_cannot_set_the_logo(as_user, manager, organisation):
    response = post_logo(as_user(manager), organisation, logo=SimpleUploadedFile("crest.png", tiny_png()))
    assert response.status_code == 404


def test_no_template_shows_a_date_its_own_way():
    """Dates are shown one way, in the reader's zone: `|when` or `|day`, never `|date:"…"` (a
    machine-readable `date:'c'` in a datetime attribute is fine) or `naturaltime`."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own_way = re.compile(r'\|date:"|naturaltime')
    offenders = [f"{path.relative_to(root)}:{n}" for path in root.rglob("templates/**/*")
                 if path.suffix in (".html", ".txt") and ".venv" not in path.parts
                 for n, line in enumerate(path.read_text().splitlines(), 1) if own_way.search(line)]
    assert offenders == []
