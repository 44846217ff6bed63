"""Inviting and licensing as one journey, in a real browser: a manager who is also a licence
admin of a licensed organisation invites a new address, is warned that it has no licence,
ticks "Assign a licence seat now" and sends; the invitee signs up from the emailed link and
lands in the workspace."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from workspaces.licences.services import licence_assign, organisation_admin_set, pool_create
from workspaces.models import Licence, Membership, Organisation, Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from .test_invitation_flow import invitation_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, live_server, mailoutbox):
    settings.SITE_URL = live_server.url  # links in emails point at the server the browser talks to
    return live_server


def test_a_licence_admin_invites_a_newcomer_with_a_seat_and_they_land_in_the_workspace(
    site, new_context, sign_in, visit, submit, follow, mailoutbox, shot
):
    organisation = make_organisation("Land Registry", slug="land-registry")
    Organisation.objects.filter(pk=organisation.pk).update(licensing_enabled=True)
    today = timezone.localdate()
    pool = pool_create(actor=None, organisation=organisation, label="Stakeholders 2027", seats=5,
                       valid_from=today - timedelta(days=1), valid_until=today + timedelta(days=365))
    workspace = make_workspace(name="Digital Conveyancing", slug="conveyancing", organisation=organisation)
    mia = make_user("mia@example.org", "Mia Manager")
    add_member(workspace, mia, Role.MANAGER)
    organisation_admin_set(actor=None, organisation=organisation, user=mia, is_admin=True)
    licence_assign(actor=None, pool=pool, email=mia.email)

    page = sign_in(new_context(), mia).new_page()
    visit(page, "/w/conveyancing/invitations/new/")
    page.get_by_label("Email address").fill("ravi@example.org")
    page.get_by_label("Contributor").check()
    submit(page, "Send invitation", exact=True)

    # Warned before anything is sent, with the seat offered in the same step.
    warning = page.get_by_role("heading", name="ravi@example.org has no licence in Land Registry")
    assert warning.is_visible()
    assert mailoutbox == []
    shot(page, "invite-licence-warning")
    page.get_by_label("Assign a licence seat now").check()
    submit(page, "Send invitation", exact=True)
    assert "Invitation sent to ravi@example.org" in page.content()
    assert Licence.objects.get(email="ravi@example.org", released_at__isnull=True).user is None  # kept for them

    # The invitee signs up from the link in the email, and lands in the workspace.
    invitee = new_context().new_page()
    visit(invitee, invitation_link(mailoutbox, "ravi@example.org"))
    follow(invitee, "Create an account")
    invitee.get_by_label("Your name").fill("Ravi Conveyancer")
    invitee.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    invitee.get_by_label(re.compile(r"^Password \(again\)")).fill("a-long-and-unusual-passphrase")
    submit(invitee, "Create account")
    assert "/invitations/" in invitee.url, invitee.url
    submit(invitee, "Accept invitation")
    assert invitee.url.endswith("/w/conveyancing/")
    assert invitee.get_by_role("heading", level=1).inner_text() == "Digital Conveyancing"
    shot(invitee, "invite-licence-landed")

    ravi = Membership.objects.get(workspace=workspace, user__email="ravi@example.org")
    assert ravi.role == Role.CONTRIBUTOR
    assert Licence.objects.get(email="ravi@example.org", released_at__isnull=True).user == ravi.user
