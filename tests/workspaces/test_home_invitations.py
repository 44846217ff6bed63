"""Open invitations on "My workspaces", with Accept and Decline, for the invited address's owner."""

import pytest
from django.urls import reverse

from tests.builders import add_member, make_user, make_workspace
from workspaces.models import AuditEntry, Invitation, Membership, Role
from workspaces.services.invitations import invitation_create, invitation_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(workspace):
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    person = make_user("nia@example.org", "Nia Newcomer")
    invitation = invitation_create(actor=manager, workspace=workspace, email="nia@example.org", role=Role.CONTRIBUTOR)
    return person, invitation


def test_an_open_invitation_shows_on_home_instead_of_the_empty_state(client, invited, workspace):
    person, _ = invited
    client.force_login(person)
    body = client.get(reverse("home")).content.decode()
    assert "Invitations waiting for you" in body and workspace.name in body
    assert "You are not in any workspace yet" not in body
    assert "Accept" in body and "Decline" in body


def test_accepting_from_home_joins(client, invited, workspace):
    person, invitation = invited
    client.force_login(person)
    response = client.post(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    assert Membership.objects.filter(workspace=workspace, user=person, role=Role.CONTRIBUTOR).exists()
    assert "Invitations waiting for you" not in client.get(reverse("home")).content.decode()


def test_declining_closes_the_link_and_is_audited(client, invited):
    person, invitation = invited
    client.force_login(person)
    response = client.post(reverse("invitation_decline", args=[invitation.token]))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert Invitation.objects.get(pk=invitation.pk).status == "declined"
    assert AuditEntry.objects.filter(action="invitation.declined", actor=person).exists()
    assert "Invitations waiting for you" not in client.get(reverse("home")).content.decode()


def test_the_managers_list_says_declined_not_withdrawn(client, invited, workspace):
    person, invitation = invited
    withdrawn = invitation_create(actor=invitation.invited_by, workspace=workspace, email="wren@example.org",
                                  role=Role.READER)
    invitation_revoke(actor=invitation.invited_by, invitation=withdrawn)
    client.force_login(person)
    client.post(reverse("invitation_decline", args=[invitation.token]))
    client.force_login(invitation.invited_by)
    url = reverse("invitation_list", args=[workspace.slug])
    rows = client.get(url).content.decode()
    assert ">Declined<" in rows and ">Withdrawn<" in rows
    declined = client.get(url, {"status": "declined"}).context["page_obj"].object_list
    assert [i.email for i in declined] == ["nia@example.org"]
    revoked = client.get(url, {"status": "revoked"}).context["page_obj"].object_list
    assert [i.email for i in revoked] == ["wren@example.org"]


def test_nobody_else_sees_or_declines_it(client, invited):
    _, invitation = invited
    other = make_user("otto@example.org")
    client.force_login(other)
    assert "Invitations waiting for you" not in client.get(reverse("home")).content.decode()
    assert client.post(reverse("invitation_decline", args=[invitation.token])).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


def test_an_unverified_address_does_not_count(client, invited):
    from allauth.account.models import EmailAddress

    person, _ = invited
    EmailAddress.objects.filter(user=person).update(verified=False)
    client.force_login(person)
    assert "Invitations waiting for you" not in client.get(reverse("home")).content.decode()


def test_a_get_on_decline_leads_to_the_invitation(client, invited):
    person, invitation = invited
    client.force_login(person)
    response = client.get(reverse("invitation_decline", args=[invitation.token]))
    assert response["Location"] == reverse("invitation_accept", args=[invitation.token])


@pytest.mark.parametrize("size", [2, 12])
def test_home_query_count_with_invitations_does_not_grow(client, size, django_assert_max_num_queries):
    person = make_user("many@example.org")
    inviter = make_user("boss@example.org", site_admin=True)
    for i in range(size):
        invitation_create(actor=inviter, workspace=make_workspace(name=f"W{size}-{i}"), email="many@example.org")
    client.force_login(person)
    with django_assert_max_num_queries(25):
        client.get(reverse("home"))


def test_the_invitation_page_offers_decline_to_its_addressee(client, invited):
    person, invitation = invited
    client.force_login(person)
    body = client.get(reverse("invitation_accept", args=[invitation.token])).content.decode()
    assert reverse("invitation_decline", args=[invitation.token]) in body and "Decline the invitation" in body


def test_invitations_declined_before_the_field_existed_are_marked_from_the_audit_log(invited, workspace):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from workspaces.audit import audit_entry

    person, invitation = invited
    withdrawn = invitation_create(actor=invitation.invited_by, workspace=workspace, email="wren@example.org",
                                  role=Role.READER)
    Invitation.objects.filter(pk__in=[invitation.pk, withdrawn.pk]).update(revoked_at=timezone.now())
    audit_entry(actor=person, action="invitation.declined", workspace=workspace, target=invitation).save()
    audit_entry(actor=invitation.invited_by, action="invitation.revoked", workspace=workspace, target=withdrawn).save()
    migration = importlib.import_module("workspaces.migrations.0014_invitation_declined_at")
    migration.mark_past_declines(apps, None)
    assert Invitation.objects.get(pk=invitation.pk).status == "declined"
    assert Invitation.objects.get(pk=withdrawn.pk).status == "revoked"
