"""Whose email address each persona sees, on every page that lists people: one rule
(workspaces.permissions.people) — themselves, the workspace's managers, the organisation's
licence admins on licence pages, site admins — and no template printing an address any other way."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from comments.services import comment_add
from documents.services import document_write, review_request
from workspaces.models import LicencePool, Role, Workspace
from workspaces.permissions import forget, sees_contact, sees_contacts
from workspaces.services.invitations import invitation_create

from ..builders import add_member, make_team, make_user, membership
from ..conftest import PERSONAS
from .licences.conftest import enable_licensing, license, make_pool

TESS = "tess.teammate@example.org"
INVITED = "ivy.invited@example.org"

# Written out by hand: who sees a fellow member's address on the pages that list people.
SHOWN = {"anonymous": False, "outsider": False, "reader": False, "contributor": False, "manager": True,
         "site_admin": True}
NOBODY = dict.fromkeys(PERSONAS, False)


@pytest.fixture
def tess(workspace):
    user = make_user(TESS, "Tess Teammate")
    add_member(workspace, user, Role.READER)
    return user


@pytest.fixture
def team(workspace, tess, reader):
    return make_team(workspace, "Task force", members=[tess, reader])


def shown_to(personas, as_user, url, address=TESS):
    return {p: address in as_user(personas[p]).get(url).content.decode() for p in PERSONAS}


def test_the_rule_itself(workspace, public_workspace, organisation, personas, tess):
    reader, manager, admin = personas["reader"], personas["manager"], personas["site_admin"]
    assert sees_contact(reader, reader, workspace)  # one's own, always
    assert not sees_contact(reader, tess, workspace)
    assert sees_contact(manager, tess, workspace) and sees_contact(admin, tess, None)
    assert not sees_contacts(manager, None)  # no place: site admins only
    assert not sees_contacts(manager, organisation)  # not an organisation admin
    assert not sees_contacts(personas["outsider"], public_workspace)


@pytest.mark.parametrize("page", ["member_list", "team_detail", "audit_log"])
def test_who_sees_a_fellow_members_address_where_people_are_listed(personas, as_user, workspace, team, page):
    args = [team.pk] if page == "team_detail" else []
    assert shown_to(personas, as_user, reverse(page, args=[workspace.slug, *args])) == SHOWN


def test_who_finds_a_member_by_their_address(personas, as_user, workspace, tess):
    url = reverse("member_list", args=[workspace.slug]) + "?q=tess.teammate%40example"
    found = {p: "Tess Teammate" in as_user(personas[p]).get(url).content.decode() for p in PERSONAS}
    assert found == SHOWN


def test_who_sees_the_address_of_someone_to_add_to_a_team(personas, as_user, workspace, tess):
    team = make_team(workspace, "Conveyancers")
    url = reverse("team_detail", args=[workspace.slug, team.pk]) + "?q=Tess"
    assert shown_to(personas, as_user, url) == SHOWN


@pytest.mark.parametrize("page", ["member_edit", "member_remove"])
def test_who_sees_the_address_on_the_member_pages(personas, as_user, workspace, tess, page):
    url = reverse(page, args=[workspace.slug, membership(workspace, tess).pk])
    assert shown_to(personas, as_user, url) == SHOWN


def test_who_sees_the_address_of_a_pending_invitation(personas, as_user, workspace, manager):
    invitation_create(actor=manager, workspace=workspace, email=INVITED)
    assert shown_to(personas, as_user, reverse("invitation_list", args=[workspace.slug]), INVITED) == SHOWN


def test_managers_of_an_archived_workspace_still_see_addresses(as_user, workspace, manager, reader, team):
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    for page, args in (("member_list", []), ("team_detail", [team.pk])):
        url = reverse(page, args=[workspace.slug, *args])
        assert TESS in as_user(manager).get(url).content.decode()
        assert TESS not in as_user(reader).get(url).content.decode()


def test_a_manager_whose_licence_lapsed_sees_no_address(as_user, organisation, public_workspace, manager, tess):
    add_member(public_workspace, tess, Role.READER)
    pool = make_pool(organisation)
    license(pool, manager)
    enable_licensing(organisation)
    LicencePool.objects.filter(pk=pool.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    forget(manager)
    assert not sees_contacts(manager, public_workspace)  # a non-member while it lapses, readable workspace or not
    response = as_user(manager).get(reverse("member_list", args=[public_workspace.slug]))
    assert TESS not in response.content.decode()


def test_licence_pages_show_addresses_to_the_organisation_admins_only(personas, as_user, organisation, tess):
    from workspaces.licences.services import organisation_admin_set

    olga = make_user("olga.orgadmin@example.org", "Olga Orgadmin")
    organisation_admin_set(actor=None, organisation=organisation, user=olga, is_admin=True)
    licence = license(make_pool(organisation), tess)
    for url in (reverse("licence_overview", args=[organisation.slug]),
                reverse("licence_release", args=[organisation.slug, licence.pk])):
        assert {**shown_to(personas, as_user, url), "olga": TESS in as_user(olga).get(url).content.decode()} == {
            **NOBODY, "site_admin": True, "olga": True}


def test_names_only_for_authors_reviewers_and_commenters(personas, as_user, workspace, manager, tess, contributor):
    """The library's pages list people by name for everyone, managers included."""
    add_member(workspace, tess, Role.CONTRIBUTOR)
    paper = document_write(actor=manager, workspace=workspace, title="Evaluation plan", text="Aims.", coauthors=[tess])
    review_request(actor=manager, document=paper, reviewers=[tess], due_on=timezone.localdate() + timedelta(days=7))
    comment_add(actor=tess, item=paper, body="Looks right to me.")
    url = reverse("documents:detail", args=[workspace.slug, paper.pk])
    assert "Tess Teammate" in as_user(manager).get(url).content.decode()
    assert shown_to(personas, as_user, url) == NOBODY


# --- The guard: no template prints an address but through the rule's tags -------------------------

# Templates that print an address on purpose, and why (each is the viewer's own, or a contact
# point someone is given to reach for help).
ALLOWED = {
    "templates/account/": "allauth's account pages: the signed-in person's own addresses",
    "templates/accounts/profile.html": "the person's own address",
    "templates/workspaces/invitation_accept.html": "the address the invitation was sent to, shown to whoever "
                                                   "holds its link, and the signed-in person's own",
    "templates/workspaces/invitation_problem.html": "a contact point: whoever invited them, to ask for a new link",
    "templates/workspaces/licence_lapsed.html": "a contact point: the organisation's admins, to renew a licence",
    "templates/workspaces/email/licence_expiring.": "a contact point: the organisation's admins, to renew a licence",
    "templates/workspaces/_invitation_licence_step.html": "the addresses the inviter has just typed, and a contact "
                                                          "point: the organisation's licence admins, to ask for a seat",
    "templates/workspaces/email/invitation_licence_needed.": "to the inviter: the address they invited, and a contact "
                                                             "point: the organisation's licence admins",
    "surveys/templates/surveys/answering/later.html": "the address the person's own resume link was just sent to",
    "surveys/templates/surveys/distribution/invitation_email.": "the invitation's greeting, to the person invited",
    "consultations/templates/consultations/lifecycle/close_extended_email.": "the greeting, to its addressee",
    "consultations/templates/consultations/authoring/format_requests.html": "to the consultation's staff: the "
                                                                           "address a format was asked for, to reply",
    "consultations/templates/consultations/authoring/format_requested.html": "the address the person just typed "
                                                                             "for the reply",
}
PRINTED = re.compile(r"\{\{[^}]*?\bemail\b[^}]*\}\}|\{%\s*(?!(?:if|elif|contact|person)\b)\w+[^%]*?\.email\b[^%]*%\}")


def printed_addresses(text):
    """Expressions of a template that print (or rename, to print) an `email`."""
    return PRINTED.findall(text)


def test_the_guard_finds_an_address_printed_outside_the_rule():
    assert printed_addresses("<td>{{ person.email }}</td>")
    assert printed_addresses("{% with address=person.user.email %}{{ address }}{% endwith %}")
    assert printed_addresses("{{ email }}")
    assert not printed_addresses("{% contact person workspace %} {% person user organisation %}")
    assert not printed_addresses("{% if a.email != b.email %}{{ a.name }}{% endif %}")


def test_no_template_prints_an_email_address_outside_the_rule():
    base = Path(settings.BASE_DIR)
    offending = []
    for path in sorted(base.glob("**/templates/**/*")):
        relative = path.relative_to(base).as_posix()
        if not path.is_file() or relative.startswith((".venv/", "node_modules/")):
            continue
        if any(relative.startswith(prefix) for prefix in ALLOWED):
            continue
        offending += [f"{relative}: {found}" for found in printed_addresses(path.read_text(errors="replace"))]
    assert not offending, ("Show people through {% person %} / {% contact %} (workspaces.permissions.people), "
                           "or add the template to ALLOWED with the reason:\n" + "\n".join(offending))
