"""Enforcement in the one permission layer: without a current licence a member is treated as a
non-member, is told why and whom to ask, and gets back in the moment the licence is renewed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.builders import add_member, make_user
from tests.dummytool.models import Note
from workspaces.activity import record
from workspaces.lib.dates import format_day
from workspaces.licences.services import licence_release, pool_update
from workspaces.models import Invitation, Licence, LicencePool, Membership, Role, Workspace
from workspaces.permissions import can, forget, visible
from workspaces.services.invitations import invitation_create

from .conftest import license, make_pool, yesterday

pytestmark = pytest.mark.django_db


def home(workspace):
    return reverse("workspace_home", args=[workspace.slug])


def end_pool(pool):
    LicencePool.objects.filter(pk=pool.pk).update(valid_from=yesterday() - timedelta(days=100), valid_until=yesterday())


def drop_licence(user, organisation):
    licence = Licence.objects.get(user=user, organisation=organisation, released_at__isnull=True)
    licence_release(actor=None, licence=licence)


# --- kept out, and told why -----------------------------------------------------------------------


def test_a_member_whose_pool_ended_is_told_when_and_whom_to_contact(as_user, licensed, contributor, workspace,
                                                                   org_admin):
    end_pool(licensed)
    response = as_user(contributor).get(home(workspace))
    body = response.content.decode()
    assert response.status_code == 403
    assert f"Your licence for Department of Tests ended on {format_day(yesterday())}." in body
    assert "Olga Orgadmin" in body and "orgadmin@example.org" in body
    assert "Nothing you wrote has been deleted" in body


def test_a_member_whose_licence_was_released_is_told_it_was_withdrawn(as_user, licensed, reader, workspace):
    drop_licence(reader, workspace.organisation)
    body = as_user(reader).get(home(workspace)).content.decode()
    assert "Your licence for Department of Tests was withdrawn on" in body


def test_a_member_whose_licence_ends_while_writing_gets_their_text_back_on_the_licence_page(
        as_user, licensed, contributor, workspace):
    client = as_user(contributor)
    url = reverse("workspace_settings", args=[workspace.slug])
    end_pool(licensed)
    response = client.post(url, {"description": "Three paragraphs about our aims,\nwritten with care."})
    body = response.content.decode()
    assert response.status_code == 403 and "You cannot get into Test programme at the moment" in body
    assert "What you sent has not been saved" in body and "written with care." in body


def test_a_member_who_never_had_a_licence_is_told_so(as_user, licensed, workspace):
    newcomer = make_user("newcomer@example.org")
    add_member(workspace, newcomer, Role.READER)
    response = as_user(newcomer).get(home(workspace))
    assert response.status_code == 403
    assert "You do not have a licence for Department of Tests." in response.content.decode()


def test_a_licence_that_has_not_started_says_when_it_starts(as_user, licensed, organisation, reader, workspace):
    drop_licence(reader, organisation)
    start = timezone.localdate() + timedelta(days=10)
    later = make_pool(organisation, label="Next year", valid_from=start, valid_until=start + timedelta(days=365))
    license(later, reader)
    body = as_user(reader).get(home(workspace)).content.decode()
    assert f"Your licence for Department of Tests starts on {format_day(start)}." in body


PRIVATE_PAGES = ["workspace_home", "workspace_activity", "member_list", "team_list", "workspace_settings",
                 "invitation_create", "audit_log"]


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_every_page_of_a_private_workspace_shows_the_licence_page_to_a_lapsed_manager(
    name, as_user, licensed, manager, workspace
):
    client = as_user(manager)
    url = reverse(name, args=[workspace.slug])
    assert client.get(url).status_code == 200
    end_pool(licensed)
    response = client.get(url)
    assert response.status_code == 403
    assert "You cannot get into Test programme at the moment" in response.content.decode()
    # Nor may they change anything.
    assert client.post(url, {"name": "Renamed", "email": "x@example.org", "role": "30"}).status_code == 403
    assert Workspace.objects.get(pk=workspace.pk).name == "Test programme"


def test_the_licence_page_does_not_show_the_workspace_navigation(as_user, licensed, reader, workspace):
    end_pool(licensed)
    body = as_user(reader).get(home(workspace)).content.decode()
    assert reverse("member_list", args=[workspace.slug]) not in body


def test_site_admins_need_no_licence(as_user, licensed, site_admin, workspace):
    add_member(workspace, site_admin, Role.MANAGER)
    assert not Licence.objects.filter(user=site_admin).exists()
    assert as_user(site_admin).get(home(workspace)).status_code == 200
    assert as_user(site_admin).get(reverse("workspace_settings", args=[workspace.slug])).status_code == 200


def test_without_licensing_switched_on_no_licence_is_needed(as_user, reader, workspace):
    assert not workspace.organisation.licensing_enabled
    assert as_user(reader).get(home(workspace)).status_code == 200


# --- renewing restores access at once ------------------------------------------------------------------


def test_extending_the_pool_lets_them_straight_back_in(as_user, licensed, contributor, workspace):
    client = as_user(contributor)
    end_pool(licensed)
    assert client.get(home(workspace)).status_code == 403
    pool_update(actor=None, pool=LicencePool.objects.get(pk=licensed.pk),
                valid_until=timezone.localdate() + timedelta(days=30))
    assert client.get(home(workspace)).status_code == 200


def test_a_licence_from_another_pool_lets_them_straight_back_in(as_user, licensed, organisation, reader, workspace):
    client = as_user(reader)
    end_pool(licensed)
    assert client.get(home(workspace)).status_code == 403
    license(make_pool(organisation, label="Renewal"), reader)
    assert client.get(home(workspace)).status_code == 200


# --- a lapsed member is a non-member everywhere -----------------------------------------------------------


def test_a_public_workspace_stays_readable_without_a_licence(as_user, licensed, reader, public_workspace):
    end_pool(licensed)
    client = as_user(reader)
    assert client.get(home(public_workspace)).status_code == 200
    response = client.get(reverse("member_list", args=[public_workspace.slug]))
    assert response.status_code == 403  # members only: the licence page says why
    assert "Your licence for Department of Tests ended on" in response.content.decode()


def test_can_and_visible_treat_a_lapsed_member_as_a_non_member(licensed, contributor, workspace, public_workspace):
    assert can(contributor, "workspaces.view_workspace", workspace)
    end_pool(licensed)
    forget(contributor)
    assert not can(contributor, "workspaces.view_workspace", workspace)
    assert can(contributor, "workspaces.view_workspace", public_workspace)
    assert not can(contributor, "dummytool.add_note", public_workspace)
    assert list(visible(contributor, Workspace.objects.all())) == [public_workspace]


def test_what_a_lapsed_member_wrote_stays_visible_to_others_and_attributed(
    as_user, licensed, contributor, reader, workspace, public_workspace, django_assert_num_queries
):
    private_note = Note.objects.create(workspace=workspace, created_by=contributor, title="Contributor's note")
    public_note = Note.objects.create(workspace=public_workspace, created_by=contributor, title="Open note")
    record(workspace=workspace, actor=contributor, verb="dummytool.note_created", target=private_note,
           summary="added a note")
    drop_licence(contributor, workspace.organisation)
    forget(contributor)
    with django_assert_num_queries(1):
        seen_by_reader = set(visible(reader, Note.objects.all()))
    assert seen_by_reader == {private_note, public_note}
    # Their own private note is out of their reach until they are licensed again; public ones are not.
    assert set(visible(contributor, Note.objects.all())) == {public_note}
    page = as_user(reader).get(home(workspace)).content.decode()
    assert "Chris Contributor" in page
    assert Membership.objects.filter(workspace=workspace, user=contributor).exists()


def test_my_workspaces_shows_a_lapsed_workspace_with_a_note(as_user, licensed, reader, workspace):
    end_pool(licensed)
    body = as_user(reader).get(reverse("home")).content.decode()
    assert "Test programme" in body and "Your licence is not current" in body


# --- joining needs a licence ----------------------------------------------------------------------------


@pytest.fixture
def invitation(workspace, manager):
    return invitation_create(actor=manager, workspace=workspace, email="nia@example.org", role=Role.CONTRIBUTOR)


def accept(invitation):
    return reverse("invitation_accept", args=[invitation.token])


def test_accepting_an_invitation_without_a_licence_is_refused_with_whom_to_ask(
    as_user, licensed, invitation, workspace, org_admin
):
    nia = make_user("nia@example.org", "Nia Newcomer")
    client = as_user(nia)
    page = client.get(accept(invitation))
    assert page.status_code == 403
    body = page.content.decode()
    assert "you need a current licence for Department of Tests" in body and "orgadmin@example.org" in body
    assert "Accept invitation" not in body
    assert client.post(accept(invitation)).status_code == 403
    assert not Membership.objects.filter(workspace=workspace, user=nia).exists()
    assert Invitation.objects.get(pk=invitation.pk).is_usable  # still usable once they are licensed


def test_the_invitee_is_never_sent_back_to_the_inviter_and_the_inviter_is_told_once(
    as_user, licensed, invitation, workspace, manager, mailoutbox, django_capture_on_commit_callbacks
):
    nia = make_user("nia@example.org", "Nia Newcomer")
    client = as_user(nia)
    with django_capture_on_commit_callbacks(execute=True):
        body = client.get(accept(invitation)).content.decode()
    assert "Ask the person who invited you" not in body and "ask the person who invited you" not in body
    assert f"We have told {manager.name}, who invited you." in body
    assert "site administrators assign" in body  # nobody is a licence admin of this organisation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(accept(invitation))
    told = [m for m in mailoutbox if m.to == [manager.email]]
    assert len(told) == 1
    assert "nia@example.org needs a licence to join" in told[0].subject
    assert "cannot join yet" in told[0].body


def test_a_seat_kept_for_the_invited_address_lets_them_join(as_user, licensed, invitation, workspace):
    kept = license(licensed, "nia@example.org")
    nia = make_user("nia@example.org", "Nia Newcomer")
    response = as_user(nia).post(accept(invitation))
    assert response.status_code == 302
    assert Membership.objects.get(workspace=workspace, user=nia).role == Role.CONTRIBUTOR
    assert Licence.objects.get(pk=kept.pk).user == nia


def test_accepting_without_licensing_switched_on_needs_no_licence(as_user, invitation, workspace):
    nia = make_user("nia@example.org")
    assert as_user(nia).post(accept(invitation)).status_code == 302
    assert Membership.objects.filter(workspace=workspace, user=nia).exists()


# --- the cost stays the same -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 40])
def test_workspace_home_query_count_with_licensing_does_not_grow(
    as_user, licensed, reader, workspace, size, django_assert_max_num_queries
):
    pool_update(actor=None, pool=licensed, seats=100)
    for i in range(size):
        user = make_user(f"m{size}-{i}@example.org")
        add_member(workspace, user, Role.READER)
        license(licensed, user)
        record(workspace=workspace, actor=user, verb="tests.thing_happened", title=f"Thing {i}")
    client = as_user(reader)
    client.get(home(workspace))
    with django_assert_max_num_queries(20):  # the same bound as without licensing (test_workspaces.py)
        assert client.get(home(workspace)).status_code == 200


@pytest.mark.parametrize("size", [5, 40])
def test_member_directory_query_count_with_licensing_does_not_grow(
    as_user, licensed, manager, workspace, size, django_assert_max_num_queries
):
    for i in range(size):
        add_member(workspace, make_user(f"d{size}-{i}@example.org"), Role.READER)
    client = as_user(manager)
    client.get(reverse("member_list", args=[workspace.slug]))
    with django_assert_max_num_queries(7):
        assert client.get(reverse("member_list", args=[workspace.slug])).status_code == 200
