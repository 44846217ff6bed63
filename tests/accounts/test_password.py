from django.urls import reverse

from ..builders import PASSWORD
from .helpers import link_in, sign_in

NEW_PASSWORD = "a-brand-new-passphrase"


def test_password_reset_email_link_lets_you_set_a_new_password(client, reader, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["reader@example.org"]

    key_path = link_in(mailoutbox[0], r"/accounts/password/reset/key/")
    # allauth swaps the key in the URL for a session-held token before showing the form.
    form_page = client.get(key_path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["form"] is not None and not form_page.context.get("token_fail")
    response = client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)
    _, old = sign_in("reader@example.org", PASSWORD)
    assert old.status_code == 200  # refused
    _, new = sign_in("reader@example.org", NEW_PASSWORD)
    assert new.status_code == 302


def test_a_used_reset_link_does_not_work_twice(client, reader, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    key_path = link_in(mailoutbox[0], r"/accounts/password/reset/key/")
    form_page = client.get(key_path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = client.get(key_path, follow=True)
    assert again.context["token_fail"]
    assert "This link does not work" in again.content.decode()


def test_reset_for_an_unknown_address_sends_no_reset_link(client, db, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    # Same page as for a known address: the form does not reveal who has an account.
    assert response["Location"] == reverse("account_reset_password_done")
    assert all("/password/reset/key/" not in m.body for m in mailoutbox)
    # The owner of the address (if anyone) learns there is no account for it.
    assert [m.to for m in mailoutbox] == [["nobody@example.org"]]
    assert "there is no account with this address" in mailoutbox[0].body


def test_reset_email_speaks_of_engage_not_the_placeholder_site(client, reader, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    assert mailoutbox[0].subject == "[Engage] Reset your password"
    assert "example.com" not in mailoutbox[0].body and "Engage" in mailoutbox[0].body


def test_reset_with_mismatched_passwords_shows_the_error_and_keeps_the_old_one(client, reader, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "reader@example.org"})
    form_page = client.get(link_in(mailoutbox[0], r"/accounts/password/reset/key/"), follow=True)
    response = client.post(form_page.redirect_chain[-1][0],
                           {"password1": NEW_PASSWORD, "password2": "something-else-entirely"})
    assert response.status_code == 200
    assert 'id="id_password2_error"' in response.content.decode()
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_password_change_needs_the_current_password(reader):
    client, _ = sign_in("reader@example.org")
    wrong = client.post(reverse("account_change_password"),
                        {"oldpassword": "not-it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert wrong.status_code == 200
    assert 'id="id_oldpassword_error"' in wrong.content.decode()
    right = client.post(reverse("account_change_password"),
                        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert right.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)
