"""An invitation link admits its own address, once. Sign-up is by invitation: holding a link
opens sign-up for the invited address only, and only until an account holds that address or the
invitation is used. Another account may accept an invitation sent to an address that has no
account (its holder could have signed up with that address anyway), once, and the audit log
names both; an invitation to someone who has an account is theirs alone."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.builders import PASSWORD, make_user
from tests.workspaces.licences.conftest import enable_licensing, license, make_pool
from tests.workspaces.test_invitations import accept_url, invite
from workspaces.models import AuditEntry, Licence, Membership, Role
from workspaces.services.invitations import INVITATION_SESSION_KEY, invitation_accept

User = get_user_model()
INVITED = "new.person@example.org"


@pytest.fixture
def invitation(workspace, manager):
    return invite(workspace, email=INVITED, role=Role.CONTRIBUTOR, by=manager)


def follow_link(invitation):
    """A fresh browser that followed the link (the token is now in its session)."""
    client = Client()
    client.get(accept_url(invitation))
    assert client.session[INVITATION_SESSION_KEY] == invitation.token
    return client


def signup(client, email, name="Nia Newcomer"):
    return client.post(reverse("account_signup"), {
        "email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD,
    })


def signup_is_closed(client):
    return "account/signup_closed.html" in [t.name for t in client.get(reverse("account_signup")).templates]


def test_the_signup_form_starts_with_the_invited_address(invitation):
    client = follow_link(invitation)
    form = client.get(reverse("account_signup")).context["form"]  # no ?email= in the address
    assert form["email"].value() == INVITED


def test_signup_through_an_invitation_refuses_another_address_next_to_the_field(invitation):
    client = follow_link(invitation)
    response = signup(client, "someone.else@example.org", name="Sam Else")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_email_error"' in body
    assert f"Your invitation is for {INVITED}, so the account must use that address." in body
    assert 'value="Sam Else"' in body  # what they typed is kept
    assert not User.objects.filter(email="someone.else@example.org").exists()


def test_one_link_creates_one_account(invitation):
    first = follow_link(invitation)
    assert signup(first, INVITED).status_code == 302
    assert User.objects.filter(email=INVITED).count() == 1
    # The same link in another browser no longer opens sign-up, for any address.
    second = follow_link(invitation)
    assert signup_is_closed(second)
    signup(second, "another.one@example.org")
    signup(second, INVITED, name="Impostor")
    assert not User.objects.filter(email="another.one@example.org").exists()
    assert User.objects.get(email=INVITED).display_name == "Nia Newcomer"


@pytest.mark.parametrize("used_by", ["the invitee", "another account"])
def test_a_used_invitation_no_longer_opens_signup(used_by, invitation):
    early = follow_link(invitation)  # followed the link before it was used
    if used_by == "the invitee":
        invitee = follow_link(invitation)
        signup(invitee, INVITED)
        invitee.post(accept_url(invitation))
    else:  # the address still has no account
        invitation_accept(invitation=invitation, user=make_user("colleague@example.org"))
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert signup_is_closed(early)
    signup(early, "late@example.org")
    late = Client()
    assert late.get(accept_url(invitation)).status_code == 410
    assert signup_is_closed(late)
    assert not User.objects.filter(email="late@example.org").exists()


def test_a_link_to_an_address_with_an_account_leads_to_sign_in_only(invitation):
    make_user(INVITED, "Nia Newcomer")
    client = follow_link(invitation)
    body = client.get(accept_url(invitation)).content.decode()
    assert "Create an account" not in body and "There is an account for new.person@example.org." in body
    assert signup_is_closed(client)


# --- accepting with another account ------------------------------------------------------------------


def test_another_account_may_accept_an_invitation_to_an_address_without_one_once(as_user, outsider, invitation,
                                                                                workspace):
    client = as_user(outsider)
    page = client.get(accept_url(invitation))
    body = page.content.decode()
    assert page.status_code == 200
    assert "You are signed in with another address" in body and "Accept as outsider@example.org" in body
    client.post(accept_url(invitation))
    assert Membership.objects.get(workspace=workspace, user=outsider).role == Role.CONTRIBUTOR
    entry = AuditEntry.objects.get(action="invitation.accepted")
    assert (entry.actor_label, entry.target_label) == ("outsider@example.org", INVITED)
    assert entry.after == {"role": "Contributor", "sent_to": INVITED, "accepted_by": "outsider@example.org"}
    # Used: nobody else gets in with it, and it opens no sign-up.
    other = make_user("third@example.org")
    assert as_user(other).post(accept_url(invitation)).status_code == 410
    assert not Membership.objects.filter(user=other).exists()
    assert signup_is_closed(Client())


def test_an_invitation_to_someone_with_an_account_is_theirs_alone(as_user, outsider, invitation):
    make_user(INVITED, "Nia Newcomer")
    assert as_user(outsider).post(accept_url(invitation)).status_code == 403
    assert not Membership.objects.filter(user=outsider).exists()


def test_accepting_with_another_account_takes_no_seat_kept_for_the_address(as_user, outsider, invitation,
                                                                          organisation, manager):
    pool = make_pool(organisation)
    enable_licensing(organisation)
    license(pool, manager)
    kept = license(pool, INVITED)  # a seat kept for the invited address until it signs up
    response = as_user(outsider).post(accept_url(invitation))
    assert response.status_code == 403 and "You need a licence to join" in response.content.decode()
    assert Licence.objects.get(pk=kept.pk).user is None
    assert not Membership.objects.filter(user=outsider).exists()
