from allauth.account.models import EmailAddress
from django.urls import reverse

from .helpers import link_in, sign_in


def test_changing_email_sends_verification_to_the_new_address(reader, mailoutbox):
    client, _ = sign_in("reader@example.org")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "rita.new@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["rita.new@example.org"]]
    pending = EmailAddress.objects.get(email="rita.new@example.org")
    assert pending.user == reader and not pending.verified
    # Until the new address is verified, the old one is still the one to sign in with.
    reader.refresh_from_db()
    assert reader.email == "reader@example.org"
    page = client.get(reverse("account_email")).content.decode()
    assert "rita.new@example.org" in page and "waiting for you to verify it" in page


def test_following_the_link_makes_the_new_address_the_sign_in_address(reader, mailoutbox):
    client, _ = sign_in("reader@example.org")
    client.post(reverse("account_email"), {"action_add": "", "email": "rita.new@example.org"})
    client.post(link_in(mailoutbox[0], r"/accounts/confirm-email/"))
    reader.refresh_from_db()
    assert reader.email == "rita.new@example.org"
    assert list(EmailAddress.objects.filter(user=reader).values_list("email", "verified", "primary")) == [
        ("rita.new@example.org", True, True)
    ]


def test_an_invalid_new_email_is_reported_next_to_the_field(reader, mailoutbox):
    client, _ = sign_in("reader@example.org")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not-an-email"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_email_error"' in page and 'aria-invalid="true"' in page
    assert mailoutbox == []


def test_someone_elses_address_cannot_be_taken(reader, outsider, mailoutbox):
    client, _ = sign_in("reader@example.org")
    client.post(reverse("account_email"), {"action_add": "", "email": outsider.email})
    # allauth does not reveal that the address is taken, but never lets it change hands.
    assert not EmailAddress.objects.filter(user=reader, email=outsider.email, verified=True).exists()
    # Even if the owner follows the link they get, the address stays theirs.
    link = link_in(mailoutbox[0], r"/accounts/confirm-email/")
    assert "already confirmed by a different account" in client.get(link).content.decode()
    client.post(link)
    assert not EmailAddress.objects.filter(user=reader, email=outsider.email, verified=True).exists()
    assert EmailAddress.objects.get(user=outsider).email == outsider.email
