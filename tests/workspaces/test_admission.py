"""Who may bring people into a workspace, and with what role, on every path that does it: one
invitation, a pasted list or CSV of invitations, and the workspace and role columns of a
licence upload. Each path invites (nobody becomes a member without accepting), only with roles
the actor may give there, and the audit log names each person and role. Tables written out by
hand, one row per persona."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.builders import add_member, make_team, make_user, make_workspace
from workspaces.licences.bulk import licences_bulk_assign
from workspaces.licences.services import organisation_admin_set
from workspaces.models import AuditEntry, Invitation, Licence, Membership, Role
from workspaces.permissions import can, grant_perm
from workspaces.permissions import roles as role_table
from workspaces.services.invitations import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitations_bulk_create,
)

from .licences.conftest import make_pool

pytestmark = pytest.mark.django_db

ROLES = [Role.READER, Role.CONTRIBUTOR, Role.MANAGER]
NOBODY = (False, False, False)

# May this persona invite someone into the private workspace as (reader, contributor, manager)?
GIVES = {
    "anonymous": NOBODY,
    "outsider": NOBODY,
    "licence_admin": NOBODY,  # administers the organisation's licences, member of no workspace
    "reader": NOBODY,
    "contributor": NOBODY,
    "manager": (True, True, True),
    "site_admin": (True, True, True),
}


@pytest.fixture
def licence_admin(organisation):
    user = make_user("licences@example.org", "Lena Licences")
    organisation_admin_set(actor=None, organisation=organisation, user=user, is_admin=True)
    return user


@pytest.fixture
def everyone(personas, licence_admin):
    return {**personas, "licence_admin": licence_admin}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.label.lower())
@pytest.mark.parametrize("persona", GIVES)
def test_only_those_who_may_give_a_role_invite_with_it(persona, role, everyone, workspace):
    allowed = GIVES[persona][ROLES.index(role)]
    assert can(everyone[persona] or AnonymousUser(), grant_perm(role), workspace) is allowed
    if allowed:
        invitation_create(actor=everyone[persona], workspace=workspace, email="new@example.org", role=role)
    else:
        with pytest.raises(InvitationError):
            invitation_create(actor=everyone[persona], workspace=workspace, email="new@example.org", role=role)
    assert Invitation.objects.filter(email="new@example.org", role=role).exists() is allowed


@pytest.mark.parametrize("persona", GIVES)
def test_bulk_invitations_go_only_with_roles_the_actor_may_give(persona, everyone, workspace):
    report = invitations_bulk_create(actor=everyone[persona], workspace=workspace, text=(
        "r@example.org,reader\nc@example.org,contributor\nm@example.org,manager\n"))
    invited = tuple(Invitation.objects.filter(email=e).exists() for e in ("r@example.org", "c@example.org",
                                                                          "m@example.org"))
    assert invited == GIVES[persona]
    assert [line.ok for line in report.lines] == list(GIVES[persona])
    for line in report.problems:
        assert line.outcome.startswith("You may not invite into")


def test_a_licence_admin_is_not_told_a_private_workspace_exists(licence_admin, workspace):
    report = invitations_bulk_create(actor=licence_admin, workspace=workspace, text="x@example.org\n")
    assert report.lines[0].outcome == (
        "You may not invite into “test-programme”: it is not a workspace of Department of Tests that you manage.")


def test_nobody_gives_a_role_above_their_own(monkeypatch, contributor, reader, workspace):
    """Were contributors allowed to invite, they still could not make anyone a manager."""
    monkeypatch.setitem(role_table.CAPABILITY_MIN_ROLE, "manage_members", Role.CONTRIBUTOR)
    invitation_create(actor=contributor, workspace=workspace, email="helper@example.org", role=Role.CONTRIBUTOR)
    with pytest.raises(InvitationError) as refused:
        invitation_create(actor=contributor, workspace=workspace, email="boss@example.org", role=Role.MANAGER)
    assert "Nobody can give a role above their own, and you are a contributor here." in refused.value.messages[0]
    report = invitations_bulk_create(actor=contributor, workspace=workspace,
                                     text="a@example.org,reader\nb@example.org,manager\n")
    assert [line.ok for line in report.lines] == [True, False]
    assert not Invitation.objects.filter(role=Role.MANAGER).exists()
    assert not can(reader, grant_perm(Role.CONTRIBUTOR), workspace)


def test_teams_of_another_workspace_are_refused(manager, workspace, organisation):
    elsewhere = make_team(make_workspace(name="Elsewhere", organisation=organisation), "Theirs")
    with pytest.raises(ValidationError):
        invitation_create(actor=manager, workspace=workspace, email="x@example.org", teams=[elsewhere])
    assert not Invitation.objects.exists()


# --- the licence upload's workspace and role columns --------------------------------------------------

# The uploader, what the upload page answers, and whether the line
# "target@example.org,Tess Target,test-programme,manager" invites Tess (an existing account).
UPLOAD = {
    "anonymous": (302, False),
    "outsider": (404, False),  # not an admin of the organisation: no licence pages at all
    "reader": (404, False),
    "contributor": (404, False),
    "manager": (404, False),
    "site_admin": (200, True),
    "licence_admin": (200, False),
    "licence_admin+reader": (200, False),
    "licence_admin+contributor": (200, False),
    "licence_admin+manager": (200, True),
}
REFUSAL = {
    "licence_admin": "You may not invite into “test-programme”: it is not a workspace of Department of Tests that "
                     "you manage.",
    "licence_admin+reader": "You may not invite into Test programme. Only managers of this workspace can invite, "
                            "change or remove members.",
    "licence_admin+contributor": "You may not invite into Test programme. Only managers of this workspace can "
                                 "invite, change or remove members.",
}


@pytest.fixture
def uploader(everyone, organisation):
    def make(persona):
        """"licence_admin+reader": the reader, made an admin of the organisation too."""
        name, _, member = persona.partition("+")
        if not member:
            return everyone[name]
        organisation_admin_set(actor=None, organisation=organisation, user=everyone[member], is_admin=True)
        return everyone[member]

    return make


def upload(client, organisation, pool, text):
    return client.post(reverse("licence_bulk", args=[organisation.slug]),
                       {"pool": pool.pk, "csv_file": SimpleUploadedFile("people.csv", text.encode(), "text/csv")})


@pytest.mark.parametrize("persona", UPLOAD)
def test_a_licence_upload_invites_only_where_the_uploader_may_invite(persona, uploader, as_user, organisation,
                                                                    workspace):
    pool = make_pool(organisation)
    target = make_user("target@example.org", "Tess Target")
    response = upload(as_user(uploader(persona)), organisation, pool,
                      "email,name,workspace,role\ntarget@example.org,Tess Target,test-programme,manager\n")
    status, invited = UPLOAD[persona]
    assert response.status_code == status
    assert not Membership.objects.filter(user=target).exists()  # never added without accepting
    assert Invitation.objects.filter(email=target.email, workspace=workspace, role=Role.MANAGER).exists() is invited
    if status == 200 and not invited:
        assert REFUSAL[persona] in response.content.decode()
        assert not Licence.objects.filter(email=target.email).exists()  # the refused line takes no seat


def test_a_licence_admin_cannot_make_themselves_a_manager(licence_admin, organisation, workspace):
    pool = make_pool(organisation)
    report = licences_bulk_assign(actor=licence_admin, pool=pool,
                                  text="licences@example.org,Lena,test-programme,manager\n")
    assert report.lines[0].outcome.startswith("You may not invite into “test-programme”")
    assert not Membership.objects.filter(user=licence_admin).exists()
    assert not Invitation.objects.exists()


def test_a_licence_admin_who_manages_the_workspace_invites_but_adds_nobody(licence_admin, organisation, workspace,
                                                                           outsider):
    add_member(workspace, licence_admin, Role.MANAGER)
    pool = make_pool(organisation)
    report = licences_bulk_assign(actor=licence_admin, pool=pool, text=(
        "email,workspace,role\noutsider@example.org,test-programme,contributor\nnew@example.org,test-programme,\n"))
    assert [line.outcome for line in report.lines] == [
        "Licensed. Invited to Test programme as contributor.",
        "Licensed. Invited to Test programme as reader.",
    ]
    assert not Membership.objects.filter(user=outsider).exists()
    invitation = Invitation.objects.get(email="outsider@example.org")
    invitation_accept(invitation=invitation, user=outsider)  # joining is the invitee's own step
    assert Membership.objects.get(user=outsider, workspace=workspace).role == Role.CONTRIBUTOR


def test_every_invitation_of_an_upload_is_audited_by_name_and_role(site_admin, organisation, workspace):
    pool = make_pool(organisation)
    licences_bulk_assign(actor=site_admin, pool=pool, text=(
        "email,workspace,role\na@example.org,test-programme,manager\nb@example.org,test-programme,reader\n"))
    entries = AuditEntry.objects.filter(action="invitation.created", workspace=workspace)
    assert {(e.actor_label, e.target_label, e.after["role"], e.after["licence_pool"]) for e in entries} == {
        ("admin@example.org", "a@example.org", "Manager", "Stakeholders 2027"),
        ("admin@example.org", "b@example.org", "Reader", "Stakeholders 2027"),
    }


def test_bulk_invitations_are_audited_by_name_and_role(manager, workspace):
    invitations_bulk_create(actor=manager, workspace=workspace, text="a@example.org,manager\nb@example.org\n")
    entries = AuditEntry.objects.filter(action="invitation.created", workspace=workspace)
    assert {(e.target_label, e.after["role"]) for e in entries} == {("a@example.org", "Manager"),
                                                                   ("b@example.org", "Reader")}


# --- the Django admin ------------------------------------------------------------------------------------------


def test_the_django_admin_adds_nobody_to_a_workspace(as_user, site_admin, outsider, workspace, manager):
    client = as_user(site_admin)
    assert client.get("/admin/workspaces/membership/").status_code == 200  # readable
    for url in ("/admin/workspaces/membership/add/", "/admin/workspaces/invitation/add/"):
        assert client.get(url).status_code == 403
    response = client.post("/admin/workspaces/membership/add/",
                           {"workspace": workspace.pk, "user": outsider.pk, "role": Role.MANAGER})
    assert response.status_code == 403 and not Membership.objects.filter(user=outsider).exists()
    invitation = invitation_create(actor=manager, workspace=workspace, email="new@example.org", role=Role.READER)
    client.post(f"/admin/workspaces/invitation/{invitation.pk}/change/", {"email": outsider.email, "role": 30})
    invitation.refresh_from_db()
    assert (invitation.email, invitation.role) == ("new@example.org", Role.READER)
    team = make_team(workspace, "Task force")
    response = client.post(f"/admin/accounts/user/{outsider.pk}/change/", {
        "email": outsider.email, "display_name": "Oscar", "is_active": "on", "groups": [team.group_id],
        "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00"})
    assert response.status_code == 302  # saved: everything but the teams
    assert not team.group.user_set.filter(pk=outsider.pk).exists()


def test_the_django_admin_withdraws_invitations_through_the_service(as_user, site_admin, manager, workspace):
    invitation = invitation_create(actor=manager, workspace=workspace, email="new@example.org", role=Role.READER)
    as_user(site_admin).post("/admin/workspaces/invitation/", {
        "action": "revoke", "_selected_action": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert AuditEntry.objects.filter(action="invitation.revoked", actor=site_admin).exists()
