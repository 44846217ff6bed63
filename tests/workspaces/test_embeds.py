"""kit.embeds: the allow-list of sites that may frame a workspace's widgets (parse_origins, the
settings' field, audited) and the headers a widget answers with."""

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from workspaces.kit.embeds import MAX_ORIGINS, allowed_origins, frame_for, parse_origins
from workspaces.models import AuditEntry, Workspace


def test_origins_are_normalised_one_per_line():
    text = "https://WWW.Example.gov.uk/\n\n  https://news.example.org:8443 \nhttps://www.example.gov.uk:443\n"
    assert parse_origins(text) == ["https://www.example.gov.uk", "https://news.example.org:8443"]
    assert parse_origins("") == [] and parse_origins("  \n ") == []
    assert parse_origins("https://a.example, https://b.example") == ["https://a.example", "https://b.example"]
    assert parse_origins("https://bücher.example") == ["https://xn--bcher-kva.example"]


@pytest.mark.parametrize("value, message", [
    ("www.example.org", "write it with https://"),
    ("https://www.example.org/news", "without a page’s path"),
    ("https://www.example.org/?q=1", "without a page’s path"),
    ("https://*.example.org", "wildcards are not allowed"),
    ("*", "wildcards are not allowed"),
    ("ftp://www.example.org", "only https://"),
    ("http://www.example.org", "only https://"),
    ("https://user:pw@www.example.org", "without a user name"),
    ("https://www.example.org:99999", "check the port number"),
    ("https://exa_mple.org", "valid host name"),
    ("https://", "valid host name"),
    ("'self'", "write it with https://"),
    ("https://a.example;script-src", "valid host name"),
])
def test_what_is_not_an_origin_is_refused_with_a_clear_reason(value, message):
    with pytest.raises(ValidationError) as refused:
        parse_origins(f"https://fine.example\n{value}")
    assert any(message in m for m in refused.value.messages), refused.value.messages


def test_http_only_for_localhost_in_development_and_tests(settings):
    settings.DEBUG, settings.TESTING = False, True
    assert parse_origins("http://localhost:8145\nhttp://127.0.0.1:8145") == [
        "http://localhost:8145", "http://127.0.0.1:8145"]
    settings.TESTING = False
    with pytest.raises(ValidationError, match="only https://"):
        parse_origins("http://localhost:8145")


def test_at_most_twenty_sites():
    parse_origins("\n".join(f"https://s{i}.example" for i in range(MAX_ORIGINS)))
    with pytest.raises(ValidationError, match=f"at most {MAX_ORIGINS}"):
        parse_origins("\n".join(f"https://s{i}.example" for i in range(MAX_ORIGINS + 1)))


def test_what_is_stored_is_read_leniently():
    workspace = Workspace(embed_origins="https://a.example\nnot an origin\nhttps://a.example/\nhttps://b.example")
    assert allowed_origins(workspace) == ["https://a.example", "https://b.example"]
    assert allowed_origins(Workspace(embed_origins="")) == []


def test_frame_for_replaces_only_frame_ancestors():
    response = frame_for(HttpResponse(), ["https://a.example", "https://b.example"])
    assert response._csp_replace == {"frame-ancestors": ["https://a.example", "https://b.example"]}
    assert response.xframe_options_exempt
    assert frame_for(HttpResponse(), [])._csp_replace == {"frame-ancestors": ["'none'"]}


def test_a_request_factory_response_goes_through_the_csp_middleware():
    from csp.middleware import CSPMiddleware

    request = RequestFactory().get("/")
    response = frame_for(HttpResponse(), ["https://a.example"])
    CSPMiddleware(lambda r: response).process_response(request, response)
    header = response["Content-Security-Policy"]
    assert "frame-ancestors https://a.example" in header and "'none'" in header  # object-src stays 'none'
    assert "frame-ancestors 'none'" not in header


# --- The settings' field ----------------------------------------------------------------------


def _settings_data(workspace, **changes):
    return {"name": workspace.name, "description": workspace.description, "visibility": workspace.visibility,
            "enabled_tools": workspace.enabled_tools, "embed_origins": "", **changes}


@pytest.mark.django_db
def test_a_manager_sets_the_sites_and_the_change_is_audited(as_user, manager, public_workspace):
    url = reverse("workspace_settings", args=[public_workspace.slug])
    page = as_user(manager).get(url).content.decode()
    assert "Sites that may embed this workspace" in page and 'name="embed_origins"' in page
    response = as_user(manager).post(url, _settings_data(
        public_workspace, embed_origins="https://WWW.example.gov.uk/\nhttps://news.example.org"))
    assert response.status_code == 302
    public_workspace.refresh_from_db()
    assert public_workspace.embed_origins == "https://www.example.gov.uk\nhttps://news.example.org"
    entry = AuditEntry.objects.filter(workspace=public_workspace, action="workspace.settings_changed").first()
    assert entry.before == {"embed_origins": ""}
    assert entry.after == {"embed_origins": "https://www.example.gov.uk\nhttps://news.example.org"}


@pytest.mark.django_db
def test_a_bad_site_is_shown_next_to_the_field_and_nothing_is_saved(as_user, manager, public_workspace):
    url = reverse("workspace_settings", args=[public_workspace.slug])
    typed = "https://www.example.gov.uk\nhttps://www.example.gov.uk/news"
    response = as_user(manager).post(url, _settings_data(public_workspace, name="Renamed", embed_origins=typed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "without a page’s path" in html and 'id="id_embed_origins_error"' in html
    assert typed.split("\n")[1] in html  # what was typed is still in the box
    public_workspace.refresh_from_db()
    assert public_workspace.embed_origins == "" and public_workspace.name == "Open forum"


@pytest.mark.django_db
@override_settings(TESTING=False, DEBUG=False)
def test_http_localhost_is_refused_in_production(as_user, manager, public_workspace):
    url = reverse("workspace_settings", args=[public_workspace.slug])
    response = as_user(manager).post(url, _settings_data(public_workspace, embed_origins="http://localhost:8145"))
    assert response.status_code == 200 and "only https://" in response.content.decode()
