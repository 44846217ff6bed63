"""POST /mail/inbound/: a provider posts the raw message, authenticated by a shared secret."""

import pytest
from django.urls import reverse

from inbound.models import InboundMail
from workspaces.kit.replies import reply_address

from .conftest import reply_mail

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-the-provider"


@pytest.fixture
def secret(settings, repliable):
    settings.ENGAGE_INBOUND_SECRET = SECRET
    return SECRET


def post_raw(client, raw, token=SECRET, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.post(reverse("inbound:webhook"), data=raw, content_type="message/rfc822", **headers, **extra)


def test_it_is_off_without_a_secret(client, repliable, note, contributor, posted):
    raw = reply_mail(reply_address(contributor, note), contributor.email)
    assert post_raw(client, raw, token="").status_code == 404
    assert InboundMail.objects.count() == 0


def test_it_is_off_without_a_reply_domain(client, settings, secret):
    settings.ENGAGE_REPLY_DOMAIN = ""
    assert post_raw(client, b"Subject: x\r\n\r\nx").status_code == 404


@pytest.mark.parametrize("token", [None, "wrong", SECRET + "x", SECRET[:-1]])
def test_a_missing_or_wrong_secret_is_refused(client, secret, note, contributor, posted, token):
    raw = reply_mail(reply_address(contributor, note), contributor.email)
    assert post_raw(client, raw, token=token).status_code == 403
    assert InboundMail.objects.count() == 0 and posted == []


def test_the_right_secret_accepts_and_posts(client, secret, note, contributor, posted,
                                            django_capture_on_commit_callbacks):
    raw = reply_mail(reply_address(contributor, note), contributor.email, text="Via the provider.\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_raw(client, raw)
    assert response.status_code == 202 and [p["text"] for p in posted] == ["Via the provider."]
    assert InboundMail.objects.get().transport == "webhook"


def test_a_form_field_as_providers_send_it(client, secret, note, contributor, posted,
                                           django_capture_on_commit_callbacks):
    to = reply_address(contributor, note)
    raw = reply_mail("Budget thread <list@example.org>", contributor.email).decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inbound:webhook"), {"body-mime": raw, "recipient": to},
                                HTTP_AUTHORIZATION=f"Bearer {SECRET}")
    assert response.status_code == 202 and len(posted) == 1


def test_the_same_mail_posted_twice_is_accepted_and_stored_once(client, secret, note, contributor, posted):
    raw = reply_mail(reply_address(contributor, note), contributor.email)
    assert [post_raw(client, raw).status_code for _ in range(2)] == [202, 202]
    assert InboundMail.objects.count() == 1


def test_no_message_is_a_400_not_a_500(client, secret):
    response = client.post(reverse("inbound:webhook"), {"nothing": "here"}, HTTP_AUTHORIZATION=f"Bearer {SECRET}")
    assert response.status_code == 400


def test_a_message_over_the_limit_is_a_413(client, secret, settings):
    settings.ENGAGE_INBOUND_MAX_BYTES = 1000
    assert post_raw(client, b"Subject: x\r\n\r\n" + b"x" * 5000).status_code == 413
    assert InboundMail.objects.count() == 0


def test_get_is_not_allowed(client, secret):
    assert client.get(reverse("inbound:webhook")).status_code == 405


def test_the_provider_needs_no_csrf_token(secret, note, contributor, posted, django_capture_on_commit_callbacks):
    from django.test import Client

    raw = reply_mail(reply_address(contributor, note), contributor.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_raw(Client(enforce_csrf_checks=True), raw)
    assert response.status_code == 202 and len(posted) == 1


def test_a_system_check_warns_when_the_webhook_has_no_reply_domain(settings):
    from inbound.checks import inbound_without_reply_domain

    settings.ENGAGE_INBOUND_SECRET, settings.ENGAGE_REPLY_DOMAIN = SECRET, ""
    assert [w.id for w in inbound_without_reply_domain(None)] == ["inbound.W001"]
    settings.ENGAGE_REPLY_DOMAIN = "reply.example.org"
    assert inbound_without_reply_domain(None) == []
    settings.ENGAGE_INBOUND_SECRET, settings.ENGAGE_REPLY_DOMAIN = "", ""
    assert inbound_without_reply_domain(None) == []
