"""Inviting and licensing are one journey: the inviter is warned before an invitation goes to
someone without a licence, and a licence admin assigns the seat in the same step."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.builders import add_member, make_user
from workspaces.licences.services import organisation_admin_set
from workspaces.models import AuditEntry, Invitation, Licence, Role
from workspaces.services.invitations import invitation_accept

from .conftest import enable_licensing, license, make_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensed(organisation):
    enable_licensing(organisation)
    return organisation


@pytest.fixture
def manager_admin(licensed, workspace):
    """A manager of the workspace who is also a licence admin of its organisation."""
    user = make_user("mia@example.org", "Mia Manager")
    add_member(workspace, user, Role.MANAGER)
    organisation_admin_set(actor=None, organisation=licensed, user=user, is_admin=True)
    make_pool(licensed)  # her own seat comes from a pool
    license(licensed.licence_pools.first(), user)
    return user


def create_url(workspace):
    return reverse("invitation_create", args=[workspace.slug])


def post(client, workspace, **extra):
    data = {"email": "newcomer@example.org", "role": Role.READER, "message": "", **extra}
    return client.post(create_url(workspace), data)


def test_an_address_without_a_licence_is_named_before_anything_is_sent(licensed, workspace, manager_admin, client):
    client.force_login(manager_admin)
    response = post(client, workspace)
    assert response.status_code == 200
    text = response.content.decode()
    assert "newcomer@example.org has no licence in" in text
    assert "Assign a licence seat now" in text
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_sending_again_after_the_warning_sends_without_a_seat(licensed, workspace, manager_admin, client):
    client.force_login(manager_admin)
    key = post(client, workspace).context["licence_step"].gap.key
    response = post(client, workspace, **{"licence-seen": key})
    assert response.status_code == 302
    assert Invitation.objects.filter(email="newcomer@example.org").exists()
    assert not Licence.objects.filter(email="newcomer@example.org").exists()


def test_ticking_assign_reserves_a_seat_and_the_newcomer_joins_on_accepting(licensed, workspace, manager_admin,
                                                                            client):
    client.force_login(manager_admin)
    pool = licensed.licence_pools.first()
    key = post(client, workspace).context["licence_step"].gap.key
    response = post(client, workspace, **{"licence-seen": key, "licence-assign_seat": "on",
                                          "licence-pool": pool.pk})
    assert response.status_code == 302
    licence = Licence.objects.get(email="newcomer@example.org", released_at__isnull=True)
    assert licence.user is None and licence.assigned_by == manager_admin  # reserved for the address
    assert AuditEntry.objects.filter(action="licence.assigned", target_label="newcomer@example.org").exists()
    newcomer = make_user("newcomer@example.org", "Nia Newcomer")
    invitation = Invitation.objects.get(email="newcomer@example.org")
    invitation_accept(invitation=invitation, user=newcomer)
    assert workspace.memberships.filter(user=newcomer).exists()


def test_a_changed_address_is_warned_about_again(licensed, workspace, manager_admin, client):
    client.force_login(manager_admin)
    key = post(client, workspace).context["licence_step"].gap.key
    response = post(client, workspace, email="someone.else@example.org", **{"licence-seen": key})
    assert response.status_code == 200
    assert "someone.else@example.org has no licence" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_full_pool_is_refused_next_to_its_field(licensed, workspace, manager_admin, client):
    client.force_login(manager_admin)
    full = make_pool(licensed, label="Tiny", seats=0)
    key = post(client, workspace).context["licence_step"].gap.key
    response = post(client, workspace, **{"licence-seen": key, "licence-assign_seat": "on", "licence-pool": full.pk})
    assert response.status_code == 200
    assert "has 0 free seats" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_manager_who_is_no_licence_admin_is_told_whom_to_ask(licensed, workspace, client, org_admin):
    manager = make_user("max@example.org", "Max Manager")
    add_member(workspace, manager, Role.MANAGER)
    license(make_pool(licensed), manager)
    client.force_login(manager)
    response = post(client, workspace)
    text = response.content.decode()
    assert "has no licence" in text and "Assign a licence seat now" not in text
    assert "orgadmin@example.org" in text


def test_someone_already_licensed_is_invited_at_once(licensed, workspace, manager_admin, client):
    holder = make_user("holder@example.org", "Hal Holder")
    license(licensed.licence_pools.first(), holder)
    client.force_login(manager_admin)
    assert post(client, workspace, email="holder@example.org").status_code == 302


def test_without_licensing_there_is_no_step(organisation, workspace, client):
    manager = make_user("max@example.org", "Max Manager")
    add_member(workspace, manager, Role.MANAGER)
    client.force_login(manager)
    assert post(client, workspace).status_code == 302


def test_bulk_names_the_unlicensed_and_assigns_their_seats(licensed, workspace, manager_admin, client):
    holder = make_user("holder@example.org", "Hal Holder")
    pool = licensed.licence_pools.first()
    license(pool, holder)
    client.force_login(manager_admin)
    url = reverse("invitation_bulk", args=[workspace.slug])
    data = {"addresses": "a@example.org\nholder@example.org\nb@example.org", "role": Role.READER, "message": ""}
    response = client.post(url, data)
    step = response.context["licence_step"]
    assert step.gap.missing == ["a@example.org", "b@example.org"]
    assert "2 of these people have no licence" in response.content.decode()
    response = client.post(url, {**data, "licence-seen": step.gap.key, "licence-assign_seat": "on",
                                 "licence-pool": pool.pk})
    assert "workspaces/invitation_bulk_report.html" in [t.name for t in response.templates]
    assert set(Licence.objects.filter(user__isnull=True, released_at__isnull=True).values_list("email", flat=True)) == {
        "a@example.org", "b@example.org"}
    assert Invitation.objects.count() == 3
