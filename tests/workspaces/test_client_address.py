"""One answer to "the client's address" (workspaces.edge.client_address) for the whole platform:
the sign-in rate limits, the sessions list and the kept forms' cap all see the same address. With
no trusted proxy configured it is the connection's own and X-Forwarded-For is ignored, even with
DJANGO_BEHIND_PROXY on; behind ENGAGE_TRUSTED_PROXY_COUNT proxies it is the entry the nearest
proxy wrote, whatever the client wrote before it. (Rate limits: tests/accounts/test_rate_limits.py.)"""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client, RequestFactory

from workspaces.edge import client_address
from workspaces.kit import drafts

from ..accounts.helpers import sign_in

PROXY, VISITOR = "172.18.0.5", "203.0.113.10"


def _request(remote_addr=PROXY, forwarded=None, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post("/w/test-programme/wikis/new/", {"text": "x"}, REMOTE_ADDR=remote_addr, **meta)
    request.COOKIES = {}
    return request


def _kept_forms_allowed(make_request):
    """How many forms one stream of requests may have kept before the per-address cap refuses."""
    kept = 0
    while drafts.stash_form(make_request(kept), reason=drafts.SIGNED_OUT) is not None:
        kept += 1
        assert kept <= drafts.MAX_KEPT_PER_CLIENT * 2, "the cap never applied"
    return kept


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # DJANGO_BEHIND_PROXY alone
    assert client_address(_request(forwarded="198.51.100.66")) == PROXY
    assert client_address(_request(remote_addr="2001:db8::1", forwarded="198.51.100.66")) == "2001:db8::1"


def test_without_a_trusted_proxy_writing_x_forwarded_for_does_not_lift_the_kept_forms_cap(db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    allowed = _kept_forms_allowed(lambda n: _request(remote_addr="198.51.100.66", forwarded=f"10.0.0.{n}"))
    assert allowed == drafts.MAX_KEPT_PER_CLIENT


@pytest.fixture
def behind_proxy(configure):
    configure(ENGAGE_TRUSTED_PROXY_COUNT="1")


def test_behind_the_proxy_the_address_is_the_one_the_proxy_wrote(behind_proxy):
    assert client_address(_request(forwarded=VISITOR)) == VISITOR
    assert client_address(_request(forwarded=f"10.9.9.9, 192.0.2.1, {VISITOR}")) == VISITOR
    assert client_address(_request(forwarded=f"[2001:db8::7]:4711, {VISITOR}")) == VISITOR
    assert client_address(_request()) == PROXY  # the proxy's own health check


def test_behind_the_proxy_the_kept_forms_cap_is_per_visitor(db, behind_proxy):
    assert _kept_forms_allowed(lambda n: _request(forwarded=f"10.0.0.{n}, {VISITOR}")) == drafts.MAX_KEPT_PER_CLIENT
    assert drafts.stash_form(_request(forwarded="198.51.100.66"), reason=drafts.SIGNED_OUT) is not None


def test_behind_the_proxy_the_sessions_list_shows_the_visitors_address(outsider, behind_proxy):
    client, _ = sign_in("outsider@example.org", client=Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VISITOR))
    assert UserSession.objects.get(user=outsider).ip == VISITOR
    assert VISITOR in client.get("/accounts/sessions/").content.decode()


def test_a_named_client_address_header_is_used_instead(behind_proxy, configure):
    configure(ENGAGE_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    assert client_address(_request(forwarded="10.0.0.1", HTTP_X_REAL_IP=VISITOR)) == VISITOR
