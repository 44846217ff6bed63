"""Every account page (allauth's and ours) is drawn inside our layout and keeps the page rules:
one h1, labelled fields, no inline script or style (the CSP would block them)."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from .helpers import activate_totp, sign_in


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.labels = set()
        self.fields = []
        self.problems = []
        self.skip_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.problems.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.problems.append(f"inline event handler on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        own = attrs.get("src", "").startswith("/static/")
        if tag == "script" and not own and attrs.get("type") != "application/json":
            self.problems.append("inline <script>")
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.append(attrs.get("id"))
        if tag == "a" and "skip-link" in (attrs.get("class") or ""):
            self.skip_link = True


def audit(response):
    assert response.status_code == 200, response
    page = PageAudit()
    page.feed(response.content.decode())
    assert page.skip_link, "not inside base.html"
    assert page.h1 == 1, f"{page.h1} h1 elements"
    assert page.problems == []
    unlabelled = [f for f in page.fields if f not in page.labels]
    assert unlabelled == [], f"fields without a label: {unlabelled}"
    csp = response.headers.get("Content-Security-Policy", "")
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp


ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password", "account_reset_password_done",
                   "account_email_verification_sent"]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_entrance_pages_use_our_layout(client, db, name):
    audit(client.get(reverse(name)))


def test_open_signup_page_uses_our_layout(client, db, settings):
    settings.ENGAGE_OPEN_SIGNUP = True
    audit(client.get(reverse("account_signup")))


def test_login_page_with_an_error_uses_our_layout(client, db):
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "nope"})
    audit(response)


def test_bad_reset_link_page_uses_our_layout(client, db):
    audit(client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})))


MANAGE_PAGES = ["profile", "account_email", "account_change_password", "mfa_index", "usersessions_list",
                "account_logout", "account_reauthenticate"]


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_account_settings_pages_use_our_layout_with_the_account_nav(reader, name):
    client, _ = sign_in("reader@example.org")
    response = client.get(reverse(name))
    audit(response)
    if name != "account_reauthenticate":
        assert 'class="account-nav"' in response.content.decode()


def test_two_factor_pages_use_our_layout(contributor):
    client, _ = sign_in("contributor@example.org")
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    audit(client.get(reverse("mfa_activate_totp")))
    activate_totp(client)
    for name in ["mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp"]:
        audit(client.get(reverse(name)))
    client.post(reverse("account_logout"))
    stage = Client()
    sign_in("contributor@example.org", client=stage)
    audit(stage.get(reverse("mfa_authenticate")))
