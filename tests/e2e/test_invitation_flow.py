"""The issue's acceptance path, in a real browser: a site admin signs in, creates a workspace
and invites someone; the invitee follows the emailed link in their own browser, creates an
account (or signs in to an existing one), accepts, and lands in the workspace."""

import re

import pytest

from workspaces.models import Membership, Role, Workspace
from workspaces.services.invitations import invitation_create

from ..builders import PASSWORD, add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^\s\"'<>]+/invitations/[^\s\"'<>/]+/")


def invitation_link(outbox, email):
    messages = [m for m in outbox if email in m.to]
    assert messages, f"no email to {email}; sent: {[m.to for m in outbox]}"
    found = LINK.findall(messages[-1].body)
    assert found, f"no invitation link in:\n{messages[-1].body}"
    return found[0]


def sign_in_with_form(page, submit, email):
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(page, "Sign in", exact=True)


@pytest.fixture
def site(settings, live_server, mailoutbox):
    # Links in emails must point at the live server the browser talks to.
    settings.SITE_URL = live_server.url
    return live_server


def test_admin_invites_a_newcomer_who_signs_up_and_lands_in_the_workspace(
    site, page, new_context, visit, submit, follow, mailoutbox, shot
):
    make_organisation("Department for Levelling", slug="dfl")
    make_user("admin@example.org", "Ada Admin", site_admin=True)

    # The site admin signs in through the real form...
    visit(page, "/accounts/login/")
    shot(page, "login")
    sign_in_with_form(page, submit, "admin@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "My workspaces"

    # ...creates a workspace...
    follow(page, "Create a workspace")
    page.get_by_label("Name", exact=True).fill("Housing Standards Review")
    page.get_by_label(re.compile(r"^Slug")).fill("housing-standards")
    submit(page, "Create workspace")
    assert page.url.endswith("/w/housing-standards/")
    assert page.get_by_role("heading", level=1).inner_text() == "Housing Standards Review"
    shot(page, "workspace-home-new")

    # ...and invites someone by email.
    follow(page, "Invite people")
    page.get_by_label("Email address").fill("Sam.Patel@Example.org")
    page.get_by_label("Contributor").check()
    page.get_by_label(re.compile(r"^Message")).fill("Welcome aboard — we start on Monday.")
    submit(page, "Send invitation", exact=True)
    assert "sam.patel@example.org" in page.locator("main").inner_text()

    url = invitation_link(mailoutbox, "sam.patel@example.org")
    assert url.startswith(site.url)

    # The invitee, in their own browser, has no account yet.
    invitee = new_context().new_page()
    visit(invitee, url)
    assert "Housing Standards Review" in invitee.get_by_role("heading", level=1).inner_text()
    shot(invitee, "invitation-accept-anonymous")
    follow(invitee, "Create an account")
    assert "/accounts/signup/" in invitee.url
    # The form starts with the invited address filled in.
    assert invitee.get_by_label("Email", exact=True).input_value() == "sam.patel@example.org"
    invitee.get_by_label("Your name").fill("Sam Patel")
    invitee.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    invitee.get_by_label(re.compile(r"^Password \(again\)")).fill("a-long-and-unusual-passphrase")
    shot(invitee, "signup")
    submit(invitee, "Create account")

    # Back at the invitation, now signed in: accept it.
    assert "/invitations/" in invitee.url, invitee.url
    submit(invitee, "Accept invitation")
    assert invitee.url.endswith("/w/housing-standards/")
    assert invitee.get_by_role("heading", level=1).inner_text() == "Housing Standards Review"
    assert "Welcome to Housing Standards Review" in invitee.content()
    shot(invitee, "workspace-home-invitee")

    membership = Membership.objects.get(workspace__slug="housing-standards", user__email="sam.patel@example.org")
    assert membership.role == Role.CONTRIBUTOR
    assert membership.user.display_name == "Sam Patel"


def test_someone_with_an_account_signs_in_from_the_link_and_accepts(
    site, new_context, visit, submit, axe_check, mailoutbox
):
    organisation = make_organisation()
    workspace = make_workspace(name="Flood Resilience Forum", slug="flood-forum", organisation=organisation)
    manager = make_user("maya@example.org", "Maya Manager")
    add_member(workspace, manager, Role.MANAGER)
    make_user("oscar@example.org", "Oscar Outsider")
    invitation_create(actor=manager, workspace=workspace, email="oscar@example.org", role=Role.READER)

    page = new_context().new_page()
    visit(page, invitation_link(mailoutbox, "oscar@example.org"))
    # The header has a "Sign in" link too; the invitation's own one is in main.
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Sign in").click()
    axe_check(page)
    assert "/accounts/login/" in page.url
    sign_in_with_form(page, submit, "oscar@example.org")
    assert "/invitations/" in page.url, page.url
    submit(page, "Accept invitation")

    assert page.url.endswith("/w/flood-forum/")
    assert page.get_by_role("heading", level=1).inner_text() == "Flood Resilience Forum"
    assert Workspace.objects.get(slug="flood-forum").memberships.filter(user__email="oscar@example.org").exists()
