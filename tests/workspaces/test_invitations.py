"""Inviting people: one, many (a pasted list or a CSV file), the invitation list and revoking.
Accepting a link is in test_invitation_accept.py."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_team, make_user, make_workspace
from workspaces.models import AuditEntry, Invitation, Role
from workspaces.services.invitations import invitation_accept, invitation_create


def url(name, workspace, *args):
    return reverse(name, args=[workspace.slug, *args])


def invite(workspace, email="new.person@example.org", role=Role.CONTRIBUTOR, by=None, **kwargs):
    """An invitation from `by`, or from a site admin (who may invite into any workspace)."""
    by = by or get_user_model().objects.filter(email="inviter@example.org").first() or make_user(
        "inviter@example.org", "Ivy Inviter", site_admin=True)
    return invitation_create(actor=by, workspace=workspace, email=email, role=role, **kwargs)


def accept_url(invitation):
    return reverse("invitation_accept", args=[invitation.token])


# --- who may do what -------------------------------------------------------------------------------------

MANAGE_EXPECTED = {
    "anonymous": 302,
    "outsider": 404,
    "reader": 403,
    "contributor": 403,
    "manager": 200,
    "site_admin": 200,
}


@pytest.mark.parametrize("view", ["invitation_list", "invitation_create", "invitation_bulk"])
@pytest.mark.parametrize("persona", MANAGE_EXPECTED)
def test_invitation_pages_refuse_whom_they_must(view, persona, personas, as_user, workspace):
    response = as_user(personas[persona]).get(url(view, workspace))
    assert response.status_code == MANAGE_EXPECTED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


REVOKE_EXPECTED = {
    "anonymous": 302,
    "outsider": 404,
    "reader": 403,
    "contributor": 403,
    "manager": 302,  # done, back to the list
    "site_admin": 302,
}


@pytest.mark.parametrize("persona", REVOKE_EXPECTED)
def test_revoke_refuses_whom_it_must(persona, personas, as_user, workspace):
    invitation = invite(workspace)
    response = as_user(personas[persona]).post(url("invitation_revoke", workspace, invitation.pk))
    assert response.status_code == REVOKE_EXPECTED[persona]
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) == (persona in ("manager", "site_admin"))


@pytest.mark.parametrize("persona", ["reader", "contributor"])
def test_non_manager_cannot_invite(persona, personas, as_user, workspace):
    response = as_user(personas[persona]).post(
        url("invitation_create", workspace), {"email": "x@example.org", "role": Role.MANAGER}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_non_manager_cannot_bulk_invite(as_user, contributor, workspace):
    response = as_user(contributor).post(url("invitation_bulk", workspace), {"addresses": "x@example.org", "role": 10})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_form_without_csrf_token_gets_the_friendly_page(manager, workspace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(url("invitation_create", workspace), {"email": "x@example.org", "role": Role.READER})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert not Invitation.objects.exists()


# --- inviting one person ------------------------------------------------------------------------------------


def test_manager_invites_one_person(as_user, manager, workspace, django_capture_on_commit_callbacks):
    team = make_team(workspace, "Task force")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(manager).post(
            url("invitation_create", workspace),
            {"email": " New.Person@Example.org ", "role": Role.CONTRIBUTOR, "teams": [team.pk], "message": "Welcome!"},
            follow=True,
        )
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.org", Role.CONTRIBUTOR, manager)
    assert list(invitation.teams.all()) == [team]
    assert response.redirect_chain[-1][0] == url("invitation_list", workspace)
    assert "Invitation sent to new.person@example.org." in response.content.decode()
    assert AuditEntry.objects.filter(action="invitation.created", target_label="new.person@example.org").exists()
    assert len(mail.outbox) == 1


def test_invitation_email_has_a_working_link(as_user, manager, workspace, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://engage.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        as_user(manager).post(
            url("invitation_create", workspace),
            {"email": "new.person@example.org", "role": Role.CONTRIBUTOR, "message": "See you <b>there</b>"},
        )
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert message.subject == "You are invited to Test programme on Engage"
    assert "Maya Manager has invited you" in message.body and "as a contributor" in message.body
    assert "See you <b>there</b>" in message.body  # plain text: not escaped
    html = message.alternatives[0][0]
    assert "See you &lt;b&gt;there&lt;/b&gt;" in html  # HTML: escaped
    link = re.search(r"https://engage\.example\.org(/invitations/\S+/)", message.body).group(1)
    assert link == accept_url(Invitation.objects.get())
    response = Client().get(link)
    assert response.status_code == 200
    assert "You are invited to Test programme" in response.content.decode()
    assert Invitation.objects.get().sent_at is not None


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@at@example.org", "", "x" * 250 + "@example.org"])
def test_malformed_email_is_refused_next_to_the_field(email, as_user, manager, workspace):
    response = as_user(manager).post(url("invitation_create", workspace), {"email": email, "role": Role.READER})
    assert response.status_code == 200
    assert b'id="id_email_error"' in response.content
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_refused_next_to_the_field(as_user, manager, reader, workspace):
    response = as_user(manager).post(url("invitation_create", workspace),
                                     {"email": "READER@example.org", "role": Role.READER})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_email_error"' in body
    assert "reader@example.org is already a member of this workspace." in body
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["", "99", "owner"])
def test_unknown_role_is_refused(role, as_user, manager, workspace):
    response = as_user(manager).post(url("invitation_create", workspace), {"email": "x@example.org", "role": role})
    assert response.status_code == 200
    assert b'id="id_role_error"' in response.content
    assert not Invitation.objects.exists()


def test_team_of_another_workspace_is_refused(as_user, manager, workspace, organisation):
    make_team(workspace, "Ours")
    foreign = make_team(make_workspace(name="Elsewhere", organisation=organisation), "Theirs")
    response = as_user(manager).post(
        url("invitation_create", workspace), {"email": "x@example.org", "role": Role.READER, "teams": [foreign.pk]}
    )
    assert response.status_code == 200
    assert b'id="id_teams_error"' in response.content
    assert not Invitation.objects.exists()


def test_inviting_again_replaces_the_pending_invitation(as_user, manager, workspace):
    first = invite(workspace)
    as_user(manager).post(url("invitation_create", workspace), {"email": first.email, "role": Role.READER})
    first.refresh_from_db()
    assert first.status == "revoked"
    assert Invitation.objects.filter(email=first.email, revoked_at__isnull=True).count() == 1


def test_resend_sends_a_fresh_link_and_withdraws_the_old(as_user, manager, workspace,
                                                          django_capture_on_commit_callbacks):
    team = make_team(workspace, "Task force")
    old = invite(workspace, role=Role.MANAGER, teams=[team], message="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(manager).post(url("invitation_create", workspace), {"resend": old.pk}, follow=True)
    old.refresh_from_db()
    new = Invitation.objects.exclude(pk=old.pk).get()
    assert old.status == "revoked" and new.status == "pending"
    assert (new.email, new.role, new.message, list(new.teams.all())) == (old.email, Role.MANAGER, "Hello", [team])
    assert "A new invitation was sent to new.person@example.org." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[old.email]]
    assert Client().get(accept_url(old)).status_code == 410


def test_resend_of_another_workspaces_invitation_is_not_found(as_user, manager, workspace, organisation):
    foreign = invite(make_workspace(name="Elsewhere", organisation=organisation))
    for value in [foreign.pk, "abc", "9" * 30]:
        assert as_user(manager).post(url("invitation_create", workspace), {"resend": value}).status_code == 404
    assert Invitation.objects.count() == 1


def test_send_and_invite_another_returns_to_an_empty_form(as_user, manager, workspace):
    response = as_user(manager).post(
        url("invitation_create", workspace), {"email": "a@example.org", "role": Role.READER, "another": "1"}
    )
    assert response["Location"] == url("invitation_create", workspace)


# --- bulk ------------------------------------------------------------------------------------------------------


def bulk(client, workspace, **data):
    data.setdefault("role", Role.READER)
    return client.post(url("invitation_bulk", workspace), data)


def test_bulk_invite_reports_each_problem_line(as_user, manager, reader, workspace):
    invite(workspace, email="pending@example.org")
    text = "\n".join(
        [
            "email,role",  # 1: header
            "one@example.org",  # 2
            "two@example.org,contributor",  # 3
            "not-an-email",  # 4
            "three@example.org,boss",  # 5
            "ONE@example.org",  # 6: duplicate
            "reader@example.org",  # 7: member
            "",  # 8: blank
            "pending@example.org",  # 9: already invited
            "Sam Patel <sam@example.org>;manager",  # 10
        ]
    )
    response = bulk(as_user(manager), workspace, addresses=text)
    assert response.status_code == 200
    assert "workspaces/invitation_bulk_report.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "<h1>3 invitations sent</h1>" in body
    rows = re.findall(
        r'<tr><th scope="row"><span class="stack-label">Line </span>(\d+)</th><td[^>]*><code>(.*?)</code></td>'
        r"<td[^>]*>(.*?)</td></tr>", body)
    assert [(int(n), why) for n, _, why in rows] == [
        (4, "Not a valid email address."),
        (5, "Unknown role “boss”: use reader, contributor or manager."),
        (6, "Listed more than once; invited once."),
        (7, "Already a member."),
        (9, "Already invited; the earlier invitation is still open."),
    ]
    roles = dict(Invitation.objects.filter(revoked_at__isnull=True).values_list("email", "role"))
    assert roles == {
        "pending@example.org": Role.CONTRIBUTOR,
        "one@example.org": Role.READER,
        "two@example.org": Role.CONTRIBUTOR,
        "sam@example.org": Role.MANAGER,
    }
    assert AuditEntry.objects.filter(action="invitation.bulk_created").count() == 1


def test_bulk_invite_from_a_csv_file_with_default_role_and_teams(as_user, manager, workspace):
    team = make_team(workspace, "Task force")
    upload = SimpleUploadedFile(
        "people.csv", "\ufeffEmail,Role\r\nada@example.org,\r\nbob@example.org,Manager\r\n".encode(), "text/csv"
    )
    response = bulk(as_user(manager), workspace, csv_file=upload, role=Role.CONTRIBUTOR, teams=[team.pk])
    assert "<h1>2 invitations sent</h1>" in response.content.decode()
    assert dict(Invitation.objects.values_list("email", "role")) == {
        "ada@example.org": Role.CONTRIBUTOR,
        "bob@example.org": Role.MANAGER,
    }
    assert all(list(i.teams.all()) == [team] for i in Invitation.objects.all())


def test_bulk_upload_over_one_megabyte_is_refused(as_user, manager, workspace):
    big = ("someone@example.org\n" * 60000).encode()
    assert len(big) > 1024 * 1024
    response = bulk(as_user(manager), workspace, csv_file=SimpleUploadedFile("big.csv", big, "text/csv"))
    assert response.status_code == 200
    assert "the limit is 1 MB" in response.content.decode()
    assert b'id="id_csv_file_error"' in response.content
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        ("ann@example.org\nbjörn@example.org\n".encode("latin-1"), "could not be read as text"),
        (b"\xff\xfe\x00\x01\x02binary", "could not be read as text"),
        (b"PK\x03\x04\x14\x00\x00\x00", "looks like a spreadsheet"),
        (b"", "The submitted file is empty."),
        (b"\n\n  \n", "The file is empty."),
    ],
)
def test_unreadable_uploads_are_refused_clearly(content, message, as_user, manager, workspace):
    response = bulk(as_user(manager), workspace, csv_file=SimpleUploadedFile("people.csv", content, "text/csv"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_bulk_upload_over_the_limit_is_dropped_as_it_arrives(as_user, manager, workspace, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # a file kept whole would go to a temporary file
    big = ("someone@example.org\n" * 60000).encode()
    response = bulk(as_user(manager), workspace, csv_file=SimpleUploadedFile("big.csv", big, "text/csv"),
                    message="Welcome to the programme")
    html = response.content.decode()
    assert "The file is over 1 MB; the limit is 1 MB." in html and 'id="id_csv_file_error"' in html
    assert "Welcome to the programme" in html and not Invitation.objects.exists()


def test_bulk_invite_reads_utf16_text(as_user, manager, workspace):
    content = "email\trole\r\nada@example.org\tcontributor\r\n".encode("utf-16")
    response = bulk(as_user(manager), workspace, csv_file=SimpleUploadedFile("people.txt", content, "text/plain"))
    assert "<h1>1 invitation sent</h1>" in response.content.decode()
    assert list(Invitation.objects.values_list("email", "role")) == [("ada@example.org", Role.CONTRIBUTOR)]


def test_bulk_invite_reads_a_file_whose_first_address_looks_like_a_signature(as_user, manager, workspace):
    content = b"BMartin@example.org\nMZoe@example.org\n"  # "BM" starts a bitmap, "MZ" a Windows program
    response = bulk(as_user(manager), workspace, csv_file=SimpleUploadedFile("people.csv", content, "text/csv"))
    assert "<h1>2 invitations sent</h1>" in response.content.decode()


def test_bulk_needs_a_list_or_a_file_but_not_both(as_user, manager, workspace):
    client = as_user(manager)
    empty = bulk(client, workspace, addresses="  ")
    assert b'id="id_addresses_error"' in empty.content
    both = bulk(client, workspace, addresses="a@example.org", csv_file=SimpleUploadedFile("p.csv", b"b@example.org"))
    assert "Paste a list or upload a file, not both." in both.content.decode()
    assert not Invitation.objects.exists()


def test_bulk_over_the_address_limit_is_refused(as_user, manager, workspace, settings):
    settings.ENGAGE_BULK_INVITE_LIMIT = 5
    text = "\n".join(f"p{i}@example.org" for i in range(6))
    response = bulk(as_user(manager), workspace, addresses=text)
    assert response.status_code == 200
    assert "That is 6 addresses; at most 5 can be invited at once." in response.content.decode()
    assert not Invitation.objects.exists()


def test_bulk_line_that_cannot_be_parsed_is_reported_not_a_crash(as_user, manager, workspace):
    text = "ok@example.org\n" + "x" * 200_000 + "\n" + "y" * 300 + "@example.org"
    response = bulk(as_user(manager), workspace, addresses=text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This line could not be read." in body
    assert "Not a valid email address." in body
    assert list(Invitation.objects.values_list("email", flat=True)) == ["ok@example.org"]


@pytest.mark.parametrize("with_teams", [False, True])
def test_bulk_invite_of_2000_addresses_has_bounded_queries(
    with_teams, as_user, manager, reader, workspace, django_assert_max_num_queries
):
    teams = [make_team(workspace, "A"), make_team(workspace, "B")] if with_teams else []
    text = "\n".join([f"person{i:04}@example.org" for i in range(2000)] + ["reader@example.org"])
    client = as_user(manager)
    # Per chunk of 500 lines, not per line: two look-ups and the inserts (the invitations, and an
    # audit entry naming each person). SQLite's 999-parameter limit splits each insert into
    # batches of ~80 rows (PostgreSQL takes 500 at a time), so 2,000 addresses cost about 70
    # queries here (about 85 with teams); a query per row would be 2,000+.
    with django_assert_max_num_queries(100):
        response = bulk(client, workspace, addresses=text, teams=[t.pk for t in teams])
    assert "<h1>2000 invitations sent</h1>" in response.content.decode()
    assert Invitation.objects.count() == 2000
    if with_teams:
        assert Invitation.teams.through.objects.count() == 4000


# --- the list and revoking ----------------------------------------------------------------------------------------


@pytest.fixture
def four_states(workspace, manager, outsider):
    pending = invite(workspace, email="pending@example.org", by=manager)
    revoked = invite(workspace, email="revoked@example.org", by=manager)
    revoked.revoked_at = timezone.now()
    revoked.save()
    expired = invite(workspace, email="expired@example.org", by=manager)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    accepted = invite(workspace, email=outsider.email, by=manager)
    invitation_accept(invitation=accepted, user=outsider)
    return {"pending": pending, "revoked": revoked, "expired": expired, "accepted": accepted}


def test_invitation_list_shows_each_status(as_user, manager, workspace, four_states):
    body = as_user(manager).get(url("invitation_list", workspace)).content.decode()
    for email, label in [
        ("pending@example.org", "Pending"),
        ("revoked@example.org", "Withdrawn"),
        ("expired@example.org", "Expired"),
        ("outsider@example.org", "Accepted"),
    ]:
        row = body[body.index(email):]
        assert row.index(f">{label}<") < row.index("</tr>"), email


@pytest.mark.parametrize("status", ["pending", "accepted", "expired", "revoked"])
def test_invitation_list_filters_by_status(status, as_user, manager, workspace, four_states):
    body = as_user(manager).get(url("invitation_list", workspace) + f"?status={status}").content.decode()
    shown = {s for s, inv in four_states.items() if f"<th scope=\"row\">{inv.email}</th>" in body}
    assert shown == {status}


def test_invitation_list_is_paginated_with_bounded_queries(
    as_user, manager, workspace, settings, django_assert_max_num_queries
):
    settings.ENGAGE_PAGE_SIZE = 10
    client = as_user(manager)
    for i in range(15):
        invite(workspace, email=f"p{i:02}@example.org", by=manager)
    with django_assert_max_num_queries(6):
        first = client.get(url("invitation_list", workspace)).content.decode()
    assert "Page 1 of 2" in first
    for i in range(15, 40):
        invite(workspace, email=f"p{i:02}@example.org", by=manager)
    with django_assert_max_num_queries(6):
        client.get(url("invitation_list", workspace) + "?page=2")


def test_invitation_list_ignores_bad_filters(as_user, manager, workspace):
    for query in ["?status=nonsense", "?page=-1", "?q=" + "x" * 400]:
        assert as_user(manager).get(url("invitation_list", workspace) + query).status_code == 200


def test_manager_revokes_a_pending_invitation(as_user, manager, workspace):
    invitation = invite(workspace)
    response = as_user(manager).post(url("invitation_revoke", workspace, invitation.pk), follow=True)
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert "was withdrawn" in response.content.decode()
    assert AuditEntry.objects.filter(action="invitation.revoked").exists()
    assert Client().get(accept_url(invitation)).status_code == 410


def test_revoking_needs_a_post(as_user, manager, workspace):
    invitation = invite(workspace)
    assert as_user(manager).get(url("invitation_revoke", workspace, invitation.pk)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_revoking_an_accepted_invitation_changes_nothing(as_user, manager, workspace, four_states):
    accepted = four_states["accepted"]
    response = as_user(manager).post(url("invitation_revoke", workspace, accepted.pk), follow=True)
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert "was already accepted" in response.content.decode()


def test_revoking_another_workspaces_invitation_is_not_found(as_user, manager, workspace, organisation):
    foreign = invite(make_workspace(name="Elsewhere", organisation=organisation))
    assert as_user(manager).post(url("invitation_revoke", workspace, foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "pending"
