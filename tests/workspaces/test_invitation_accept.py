"""Accepting an invitation link: signed in, signed out (sign up or sign in first), and every way
a link can stop working."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.builders import add_member, make_team, make_user, make_workspace, membership
from workspaces.models import Invitation, Membership, Role
from workspaces.services.invitations import INVITATION_SESSION_KEY, InvitationError, invitation_accept

from .test_invitations import accept_url, invite

# --- accepting ------------------------------------------------------------------------------------------------


@pytest.fixture
def invitation(workspace, manager):
    return invite(workspace, email="new.person@example.org", role=Role.CONTRIBUTOR, by=manager)


@pytest.fixture
def invitee(db):
    return make_user("new.person@example.org", "Nia Newcomer")


@pytest.mark.parametrize("token", ["nonsense", "1-deadbeef", "99999999999999999999999999-abc", "١-abc", "-", "1-"])
def test_forged_link_is_not_found(token, client, invitation):
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_link_with_a_tampered_signature_is_not_found(client, invitation):
    token = invitation.token
    tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert client.get(reverse("invitation_accept", args=[tampered])).status_code == 404


def test_signed_in_invitee_sees_workspace_and_role_then_accepts(as_user, invitee, invitation, workspace):
    team = make_team(workspace, "Task force")
    invitation.teams.set([team])
    client = as_user(invitee)
    page = client.get(accept_url(invitation))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Test programme" in body and "contributor" in body and "Accept invitation" in body
    response = client.post(accept_url(invitation), follow=True)
    assert response.redirect_chain[-1][0] == workspace.get_absolute_url()
    assert "Welcome to Test programme. You have joined as a contributor." in response.content.decode()
    assert membership(workspace, invitee).role == Role.CONTRIBUTOR
    assert team.group.user_set.filter(pk=invitee.pk).exists()
    assert INVITATION_SESSION_KEY not in client.session
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.accepted_by == invitee


def test_the_same_link_works_only_once(as_user, invitee, invitation, outsider):
    client = as_user(invitee)
    client.post(accept_url(invitation))
    again = client.get(accept_url(invitation))
    assert again.status_code == 200  # the one who used it is pointed to the workspace
    assert "This invitation has already been used" in again.content.decode()
    assert "Go to Test programme" in again.content.decode()
    other = as_user(outsider).post(accept_url(invitation))
    assert other.status_code == 410
    assert "This invitation has already been used" in other.content.decode()
    anonymous = Client().get(accept_url(invitation))
    assert anonymous.status_code == 410
    assert not Membership.objects.filter(user=outsider).exists()


def test_second_accept_through_the_service_fails(invitation, invitee):
    invitation_accept(invitation=invitation, user=invitee)
    with pytest.raises(InvitationError, match="already been used"):
        invitation_accept(invitation=invitation, user=invitee)
    assert Membership.objects.filter(user=invitee).count() == 1


def test_accept_that_loses_a_race_gets_the_used_page(as_user, invitee, invitation, monkeypatch):
    """The view checked the link, then someone else used it before the locked accept."""
    from workspaces.services import invitations as service

    real = service.invitation_accept

    def used_meanwhile(*, invitation, user):
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
        return real(invitation=invitation, user=user)

    monkeypatch.setattr(service, "invitation_accept", used_meanwhile)
    response = as_user(invitee).post(accept_url(invitation))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_expired_link_says_so_and_whom_to_ask(client, invitation):
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(accept_url(invitation))
    assert response.status_code == 410
    body = response.content.decode()
    assert "This invitation has expired" in body
    assert "Maya Manager" in body and "manager@example.org" in body
    assert INVITATION_SESSION_KEY not in client.session


def test_expired_link_cannot_be_accepted(as_user, invitee, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = as_user(invitee).post(accept_url(invitation))
    assert response.status_code == 410
    assert not Membership.objects.filter(user=invitee).exists()


def test_revoked_link_says_so(as_user, invitee, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    response = as_user(invitee).post(accept_url(invitation))
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_signed_in_as_someone_else_is_told_to_switch(as_user, outsider, invitee, invitation):
    """The invited address has an account: the invitation is for that account alone."""
    client = as_user(outsider)
    page = client.get(accept_url(invitation))
    assert page.status_code == 403
    body = page.content.decode()
    assert "It was sent to new.person@example.org, but you are signed in as outsider@example.org." in body
    assert reverse("account_logout") in body
    assert client.post(accept_url(invitation)).status_code == 403
    assert not Membership.objects.filter(user=outsider).exists()


def test_anonymous_visitor_gets_a_choice_and_the_token_is_kept(client, invitation):
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Create an account" in body and "Sign in" in body
    assert reverse("account_signup") + "?email=new.person%40example.org" in body
    assert client.session[INVITATION_SESSION_KEY] == invitation.token


def test_anonymous_post_is_sent_to_sign_in(client, invitation):
    response = client.post(accept_url(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Membership.objects.filter(user__email=invitation.email).exists()


def test_signup_is_closed_without_an_invitation(client, db):
    response = client.get(reverse("account_signup"))
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def signup(client, email, password):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password, "display_name": "Nia Newcomer"},
    )


def test_new_person_signs_up_from_the_link_and_accepts(client, invitation, workspace, password):
    client.get(accept_url(invitation))
    form = client.get(reverse("account_signup"))  # open while the link is in the session
    assert "account/signup.html" in [t.name for t in form.templates]
    response = signup(client, "New.Person@example.org", password)
    assert response.status_code == 302
    assert response["Location"] == accept_url(invitation)
    user = get_user_model().objects.get(email="new.person@example.org")
    # No second confirmation email: the link proved the address.
    assert EmailAddress.objects.get(user=user).verified
    page = client.get(accept_url(invitation))
    assert "Accept invitation" in page.content.decode()
    client.post(accept_url(invitation))
    assert membership(workspace, user).role == Role.CONTRIBUTOR
    assert INVITATION_SESSION_KEY not in client.session


def test_existing_account_signs_in_from_the_link_and_comes_back(client, invitee, invitation, password):
    page = client.get(accept_url(invitation)).content.decode()
    login_url = re.search(r'href="(/accounts/login/\?next=[^"]+)"', page).group(1)
    response = client.post(login_url.replace("&amp;", "&"), {"login": invitee.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == accept_url(invitation)


def test_sign_in_without_next_still_returns_to_the_invitation(client, invitee, invitation, password):
    client.get(accept_url(invitation))
    response = client.post(reverse("account_login"), {"login": invitee.email, "password": password})
    assert response["Location"] == accept_url(invitation)


def test_a_stale_token_in_the_session_does_not_hijack_sign_in(client, invitee, invitation, password):
    client.get(accept_url(invitation))
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    response = client.post(reverse("account_login"), {"login": invitee.email, "password": password})
    assert response["Location"] == reverse("home")
    assert INVITATION_SESSION_KEY not in client.session


def test_accepting_as_an_existing_member_raises_their_role(as_user, reader, workspace, manager):
    Membership.objects.filter(user=reader, workspace=workspace).delete()
    inv = invite(workspace, email=reader.email, role=Role.MANAGER, by=manager)
    add_member(workspace, reader, Role.READER)  # joined as a reader some other way meanwhile
    as_user(reader).post(accept_url(inv))
    assert membership(workspace, reader).role == Role.MANAGER


def test_signing_out_from_the_mismatch_page_comes_back_to_the_invitation(as_user, outsider, invitation):
    client = as_user(outsider)
    client.get(accept_url(invitation))
    response = client.post(reverse("account_logout"), {"next": accept_url(invitation)})
    assert response["Location"] == accept_url(invitation)
    assert "_auth_user_id" not in client.session


def test_invitee_with_an_account_is_pointed_to_sign_in(client, invitee, invitation):
    body = client.get(accept_url(invitation)).content.decode()
    assert "There is an account for new.person@example.org." in body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_cannot_both_succeed():
    """Real row locks need PostgreSQL (SQLite serialises every write anyway)."""
    import threading

    from django.db import connection

    workspace = make_workspace(name="Race", slug="race")
    user = make_user("racer@example.org")
    invitation = invite(workspace, email=user.email)
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            invitation_accept(invitation=invitation, user=user)
            outcomes.append("accepted")
        except InvitationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Membership.objects.filter(workspace=workspace, user=user).count() == 1
