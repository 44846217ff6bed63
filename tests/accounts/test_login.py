from allauth.account.models import EmailAddress
from django.urls import reverse

from ..builders import make_user
from .helpers import sign_in


def test_person_signs_in_with_their_email_address(outsider):
    client, response = sign_in("outsider@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == outsider.pk


def test_email_address_is_matched_case_insensitively(outsider):
    client, response = sign_in("Outsider@Example.org")
    assert int(client.session["_auth_user_id"]) == outsider.pk


def test_wrong_password_is_refused_with_a_clear_message(outsider):
    client, response = sign_in("outsider@example.org", password="not-my-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "The email address and/or password you specified are not correct." in page
    assert 'class="error-summary"' in page


def test_unknown_email_gets_the_same_message_as_a_wrong_password(db):
    client, response = sign_in("nobody@example.org")
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_unverified_address_cannot_sign_in_until_verified(db, mailoutbox):
    user = make_user("fresh@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    client, response = sign_in("fresh@example.org")
    assert "_auth_user_id" not in client.session
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mailoutbox[0].to == ["fresh@example.org"]


def test_login_failures_are_rate_limited(settings):
    assert "login_failed" in settings.ACCOUNT_RATE_LIMITS
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"]


def test_after_five_failed_attempts_even_the_right_password_is_refused_for_a_while(outsider):
    for _ in range(5):
        sign_in("outsider@example.org", password="guess-again")
    client, response = sign_in("outsider@example.org")
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_signing_out_ends_the_session(outsider):
    client, _ = sign_in("outsider@example.org")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_sends_anonymous_visitors_to_the_allauth_login(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=%2Fadmin%2F"
    assert "account/login.html" in [t.name for t in response.templates]


def test_admin_login_page_itself_redirects_to_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_refuses_signed_in_people_who_are_not_staff(as_user, outsider):
    response = as_user(outsider).get("/admin/", follow=True)
    assert response.status_code == 403


def test_site_admin_reaches_the_admin_after_signing_in_through_allauth(site_admin):
    client, _ = sign_in(site_admin.email)
    assert client.get("/admin/").status_code == 200
