from allauth.mfa.models import Authenticator
from django.urls import reverse

from .helpers import activate_totp, sign_in, totp_code


def test_setting_up_totp_asks_for_the_password_again_first(contributor):
    client, _ = sign_in("contributor@example.org")
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_totp_setup_page_shows_the_qr_code_as_a_data_uri_image(contributor):
    client, _ = sign_in("contributor@example.org")
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    # img-src allows data:; no inline <svg>/<style> is needed for the QR code.
    assert 'class="qr-code" src="data:image/svg+xml;base64,' in page
    assert "<svg" not in page and "style=" not in page


def test_a_wrong_code_does_not_turn_on_two_factor(contributor):
    client, _ = sign_in("contributor@example.org")
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert 'id="id_code_error"' in response.content.decode()
    assert not Authenticator.objects.filter(user=contributor).exists()


def test_totp_can_be_activated_and_recovery_codes_are_shown(contributor):
    client, _ = sign_in("contributor@example.org")
    secret, response = activate_totp(client)
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=contributor, type=Authenticator.Type.TOTP).exists()

    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert codes_page.status_code == 200
    unused = codes_page.context["unused_codes"]
    assert len(unused) == 10
    assert all(code in codes_page.content.decode() for code in unused)
    assert client.get(reverse("mfa_download_recovery_codes"))["Content-Disposition"].startswith("attachment")
    assert "On" in client.get(reverse("mfa_index")).content.decode()


def test_after_activation_signing_in_asks_for_the_code(contributor):
    client, _ = sign_in("contributor@example.org")
    secret, _ = activate_totp(client)
    client.post(reverse("account_logout"))

    fresh, response = sign_in("contributor@example.org")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in fresh.session
    wrong = fresh.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200 and "_auth_user_id" not in fresh.session
    right = fresh.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert int(fresh.session["_auth_user_id"]) == contributor.pk


def test_a_recovery_code_signs_in_once(contributor):
    client, _ = sign_in("contributor@example.org")
    activate_totp(client)
    code = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"][0]
    client.post(reverse("account_logout"))

    first, _ = sign_in("contributor@example.org")
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    second, _ = sign_in("contributor@example.org")
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


def test_new_recovery_codes_replace_the_old_ones(contributor):
    client, _ = sign_in("contributor@example.org")
    activate_totp(client)
    old = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    new = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    assert set(new).isdisjoint(old)


def test_turning_totp_off_removes_the_authenticator(contributor):
    client, _ = sign_in("contributor@example.org")
    activate_totp(client)
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=contributor, type=Authenticator.Type.TOTP).exists()
