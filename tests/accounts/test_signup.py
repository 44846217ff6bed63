from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from .helpers import link_in

User = get_user_model()

SIGNUP = {
    "display_name": "Nina New",
    "email": "nina@example.org",
    "organisation_name": "Harbour Trust",
    "job_title": "Engagement lead",
    "password1": "a-long-passphrase",
    "password2": "a-long-passphrase",
}


def test_signup_is_closed_by_default(client, db, settings):
    assert settings.ENGAGE_OPEN_SIGNUP is False
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert "Sign-up is by invitation" in response.content.decode()


def test_posting_to_closed_signup_creates_nobody(client, db, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 200
    assert not User.objects.filter(email="nina@example.org").exists()
    assert mailoutbox == []


def test_login_page_says_accounts_are_by_invitation_when_signup_is_closed(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert "Accounts are created by invitation" in page
    assert reverse("account_signup") not in page


def test_open_signup_creates_the_person_with_their_profile(client, db, settings, mailoutbox):
    settings.ENGAGE_OPEN_SIGNUP = True
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nina@example.org")
    assert (user.display_name, user.organisation_name, user.job_title) == (
        "Nina New", "Harbour Trust", "Engagement lead")
    assert user.check_password("a-long-passphrase")
    assert EmailAddress.objects.get(user=user).verified is False


def test_open_signup_sends_a_verification_email_that_verifies_the_address(client, db, settings, mailoutbox):
    settings.ENGAGE_OPEN_SIGNUP = True
    client.post(reverse("account_signup"), SIGNUP)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nina@example.org"]
    assert mailoutbox[0].subject.startswith("[Engage] ")
    confirm_path = link_in(mailoutbox[0], r"/accounts/confirm-email/")
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="nina@example.org").verified is True


def test_open_signup_page_links_from_login_and_asks_for_the_name_first(client, db, settings):
    settings.ENGAGE_OPEN_SIGNUP = True
    assert reverse("account_signup") in client.get(reverse("account_login")).content.decode()
    form = client.get(reverse("account_signup")).context["form"]
    assert list(form.fields)[:2] == ["display_name", "email"]


def test_signup_without_a_name_shows_the_error_next_to_the_field(client, db, settings):
    settings.ENGAGE_OPEN_SIGNUP = True
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": ""})
    assert response.status_code == 200
    assert 'id="id_display_name_error"' in response.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()


def test_signup_with_an_email_already_in_use_creates_nobody_new(client, db, settings, outsider):
    settings.ENGAGE_OPEN_SIGNUP = True
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": outsider.email})
    assert User.objects.filter(email=outsider.email).count() == 1
    assert User.objects.get(email=outsider.email).display_name == "Oscar Outsider"
    # allauth does not reveal that the address exists: same "check your email" step.
    assert response.status_code in (200, 302)
