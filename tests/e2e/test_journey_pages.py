"""The pages of issue 10's journeys in a real browser, each checked by axe (the harness): the
site admins' home, an invitee's home with an open invitation, the archive confirm page, a
manager leaving, a licence admin releasing their own licence, the licence overview."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workspaces.licences.services import licence_assign, organisation_admin_set, pool_create
from workspaces.models import Membership, Organisation, Role
from workspaces.services.invitations import invitation_create

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    organisation = make_organisation("Land Registry", slug="land-registry")
    Organisation.objects.filter(pk=organisation.pk).update(licensing_enabled=True)
    today = timezone.localdate()
    pool = pool_create(actor=None, organisation=organisation, label="Stakeholders 2027", seats=5,
                       valid_from=today - timedelta(days=1), valid_until=today + timedelta(days=365))
    workspace = make_workspace(name="Digital Conveyancing", slug="conveyancing", organisation=organisation)
    for i in range(3):
        make_workspace(name=f"Programme {i}", organisation=make_organisation(f"Department {i}", slug=f"dept-{i}"))
    mia = make_user("mia@example.org", "Mia Manager")
    add_member(workspace, mia, Role.MANAGER)
    organisation_admin_set(actor=None, organisation=organisation, user=mia, is_admin=True)
    licence, _ = licence_assign(actor=None, pool=pool, email=mia.email)
    nia = make_user("nia@example.org", "Nia Newcomer")
    licence_assign(actor=None, pool=pool, email=nia.email)
    invitation_create(actor=mia, workspace=workspace, email=nia.email, role=Role.CONTRIBUTOR)
    return {"workspace": workspace, "mia": mia, "nia": nia, "licence": licence,
            "admin": make_user("ada@example.org", "Ada Admin", site_admin=True)}


def test_the_journey_pages_pass_axe(world, new_context, sign_in, visit, submit, shot):
    admin = sign_in(new_context(), world["admin"]).new_page()
    visit(admin, "/")
    assert admin.get_by_role("heading", name="Every workspace (4)").is_visible()
    assert admin.get_by_role("heading", name="Every organisation (4)").is_visible()
    shot(admin, "site-admin-home")

    invitee = sign_in(new_context(), world["nia"]).new_page()
    visit(invitee, "/")
    assert invitee.get_by_role("heading", name="Invitations waiting for you").is_visible()
    shot(invitee, "home-with-invitation")
    submit(invitee, "Accept the invitation to Digital Conveyancing")
    assert invitee.url.endswith("/w/conveyancing/")

    mia = sign_in(new_context(), world["mia"]).new_page()
    mine = Membership.objects.get(workspace=world["workspace"], user=world["mia"])
    for path, name in [("/w/conveyancing/archive/", "archive-confirm"),
                       (f"/w/conveyancing/members/{mine.pk}/remove/", "leave-confirm"),
                       ("/o/land-registry/licences/", "licence-overview"),
                       (f"/o/land-registry/licences/{world['licence'].pk}/release/", "release-own-licence")]:
        visit(mia, path)
        assert mia.locator("h1").count() == 1
        shot(mia, name)
    visit(mia, "/w/conveyancing/archive/")
    submit(mia, "Archive the workspace")
    visit(mia, "/w/conveyancing/settings/")
    assert mia.get_by_role("link", name="Restore it (unarchive)").is_visible()
