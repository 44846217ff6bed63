"""Licensing many people from a CSV (licensed and invited in one step) and releasing many:
a per-line report, bad lines never stop good ones, no query per line, never a 500."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.builders import add_member, make_organisation, make_user, make_workspace
from workspaces.licences.bulk import licences_bulk_assign, licences_bulk_release
from workspaces.licences.services import LicenceError
from workspaces.models import AuditEntry, Invitation, Licence, Membership, Role

from .conftest import make_pool, refresh, yesterday

pytestmark = pytest.mark.django_db


def run(pool, text, actor=None):
    """Upload as `actor`, or as a site admin (who may invite into every workspace)."""
    actor = actor or get_user_model().objects.filter(email="uploader@example.org").first() or make_user(
        "uploader@example.org", "Uma Uploader", site_admin=True)
    return licences_bulk_assign(actor=actor, pool=pool, text=text)


def outcomes(report):
    return {line.number: line.outcome for line in report.lines}


def test_one_file_licenses_and_invites(pool, workspace, public_workspace, outsider, site_admin,
                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = run(pool, "email,name,workspace,role\n"
                       "outsider@example.org,Oscar,test-programme,contributor\n"
                       "nia@example.org,Nia Newcomer,open-forum,\n"
                       "solo@example.org,Sol Solo,,\n", actor=site_admin)
    assert not report.problems
    assert outcomes(report) == {
        2: "Licensed. Invited to Test programme as contributor.",
        3: "Licensed. Invited to Open forum as reader.",
        4: "Licensed.",
    }
    assert (report.licensed, report.invited) == (3, 2)
    # An existing account is invited too: nobody joins a workspace without accepting.
    assert not Membership.objects.filter(user=outsider).exists()
    assert Invitation.objects.get(workspace=workspace, email=outsider.email).role == Role.CONTRIBUTOR
    assert refresh(pool).seats_used == 3
    nia = Licence.objects.get(email="nia@example.org")
    assert nia.user is None and nia.name == "Nia Newcomer"
    invitation = Invitation.objects.get(workspace=public_workspace, email="nia@example.org")
    assert invitation.role == Role.READER and invitation.invited_by == site_admin
    assert sorted(m.to for m in mail.outbox) == [["nia@example.org"], ["outsider@example.org"]]
    workspace.refresh_from_db()
    assert workspace.member_count == 0
    assert AuditEntry.objects.filter(action="licence.assigned").count() == 3
    assert AuditEntry.objects.get(action="invitation.bulk_created", workspace=workspace).after == {
        "invited": 1, "licence_pool": "Stakeholders 2027"}


@pytest.mark.parametrize("header, named", [
    ("email,name,department", "“department”"),
    ("e-mail,Phone,Fax", "“Phone”, “Fax”"),
])
def test_unknown_columns_are_refused_naming_them(pool, header, named):
    with pytest.raises(LicenceError) as error:
        run(pool, f"{header}\nsam@example.org,Sam,Finance\n")
    message = error.value.messages[0]
    assert named in message and "email, name, workspace, role" in message
    assert not Licence.objects.exists()


def test_a_header_without_an_email_column_is_refused(pool):
    with pytest.raises(LicenceError) as error:
        run(pool, "name,workspace\nSam,test-programme\n")
    assert "names no email column" in error.value.messages[0]


def test_a_repeated_column_is_refused(pool):
    with pytest.raises(LicenceError):
        run(pool, "email,email\na@example.org,b@example.org\n")


def test_bad_lines_are_reported_and_good_ones_go_through(pool, organisation):
    make_workspace(name="Foreign", slug="foreign", organisation=make_organisation("Other org", "other"))
    make_workspace(name="Archive", slug="archive", organisation=organisation, is_archived=True)
    report = run(pool, "\n".join([
        "email,name,workspace,role",
        "good@example.org,Good,,",
        "not-an-email,Bad,,",
        ",No address,,",
        "role@example.org,R,test-programme,boss",
        "norole@example.org,N,,manager",
        "nows@example.org,W,no-such-workspace,",
        "foreign@example.org,F,foreign,",
        "archived@example.org,A,archive,",
        '"broken@example.org,Unclosed quote,,',
        "many@example.org,M,,,extra,cells",
        "also.good@example.org,,,",
    ]))
    got = outcomes(report)
    assert got[2] == "Licensed." and got[12] == "Licensed."
    assert got[3] == "No valid email address."
    assert got[4] == "The email cell is empty."
    assert got[5] == "Unknown role “boss”: use reader, contributor or manager."
    assert got[6] == "A role was given but no workspace to give it in."
    assert got[7] == "Department of Tests has no workspace “no-such-workspace”."
    assert got[8] == "Department of Tests has no workspace “foreign”."
    assert got[9] == ("You may not invite into Archive. "
                      "This workspace is archived: it is read-only, so nothing in it can be changed.")
    assert not report.lines[8].ok  # the unclosed quote
    assert got[11].startswith("This line has 6 cells")
    assert refresh(pool).seats_used == 2 == Licence.objects.count()


def test_duplicate_rows_are_reported_and_used_once(pool, workspace, public_workspace):
    report = run(pool, "email,workspace\n"
                       "dup@example.org,test-programme\n"
                       "DUP@example.org,test-programme\n"
                       "dup@example.org,open-forum\n")
    got = outcomes(report)
    assert got[2] == "Licensed. Invited to Test programme as reader."
    assert got[3] == "The same as line 2; used once."
    assert got[4] == "Licensed on line 2. Invited to Open forum as reader."
    assert refresh(pool).seats_used == 1
    assert Invitation.objects.filter(email="dup@example.org").count() == 2


def test_a_file_without_a_header_uses_the_usual_columns(pool, workspace):
    report = run(pool, "sam@example.org,Sam Patel,test-programme,manager\n")
    assert outcomes(report) == {1: "Licensed. Invited to Test programme as manager."}
    assert Invitation.objects.get(email="sam@example.org").role == Role.MANAGER


def test_over_assigning_in_bulk_fills_the_pool_and_names_it_for_the_rest(organisation):
    small = make_pool(organisation, label="Three seats", seats=3)
    report = run(small, "email\n" + "\n".join(f"p{i}@example.org" for i in range(5)))
    assert [line.ok for line in report.lines] == [True, True, True, False, False]
    assert "The pool “Three seats” has no free seat left: all 3 are in use, 0 free." in report.lines[3].outcome
    assert refresh(small).seats_used == 3 == Licence.objects.filter(pool=small).count()


def test_a_pool_that_ended_yesterday_licenses_nobody(organisation):
    ended = make_pool(organisation, label="Last year", valid_from=yesterday().replace(year=2020),
                      valid_until=yesterday())
    report = run(ended, "email\na@example.org\nb@example.org\n")
    assert all("“Last year” ended on" in line.outcome for line in report.lines)
    assert not Licence.objects.exists()


def test_uploading_the_same_file_again_changes_nothing(pool, workspace, outsider, django_capture_on_commit_callbacks):
    text = "email,workspace\noutsider@example.org,test-programme\nnew@example.org,test-programme\n"
    with django_capture_on_commit_callbacks(execute=True):
        run(pool, text)
        again = run(pool, text)
    assert outcomes(again) == {
        2: "Already licensed (pool “Stakeholders 2027”). Already invited to Test programme.",
        3: "Already licensed (pool “Stakeholders 2027”). Already invited to Test programme.",
    }
    assert refresh(pool).seats_used == 2 and Invitation.objects.count() == 2 and len(mail.outbox) == 2


@pytest.mark.parametrize("rows", [100, 400])
def test_queries_do_not_grow_with_the_number_of_lines(organisation, workspace, rows, django_assert_max_num_queries,
                                                      settings):
    big = make_pool(organisation, label="Big", seats=1000)
    existing = [make_user(f"existing{rows}-{i}@example.org") for i in range(rows // 2)]
    lines = [f"{u.email},,test-programme,contributor" for u in existing]
    lines += [f"new{rows}-{i}@example.org,New {i},test-programme," for i in range(rows // 2)]
    # A few reads and bulk inserts per 1,000 lines (SQLite splits big inserts into a few).
    with django_assert_max_num_queries(40):
        report = run(big, "email,name,workspace,role\n" + "\n".join(lines))
    assert report.licensed == rows and report.invited == rows


def test_a_50000_line_file_is_handled(organisation):
    small = make_pool(organisation, label="Small", seats=10)
    report = run(small, "email\n" + "\n".join(f"person{i}@example.org" for i in range(50_000)))
    assert len(report.lines) == 50_000 and report.licensed == 10 and len(report.problems) == 49_990


def test_more_lines_than_the_limit_are_refused_with_a_clear_message(pool, settings):
    settings.ENGAGE_LICENCE_BULK_LIMIT = 100
    with pytest.raises(LicenceError) as error:
        run(pool, "email\n" + "\n".join(f"p{i}@example.org" for i in range(101)))
    assert "The file has 101 lines; at most 100 can be used at once." in error.value.messages[0]


# --- through the page ------------------------------------------------------------------------------


def upload(client, organisation, pool, content, name="people.csv", **extra):
    return client.post(reverse("licence_bulk", args=[organisation.slug]),
                       {"pool": pool.pk, "csv_file": SimpleUploadedFile(name, content, "text/csv"), **extra})


def test_the_upload_page_shows_a_line_by_line_report(as_user, org_admin, organisation, pool):
    response = upload(as_user(org_admin), organisation, pool, b"email,name\nok@example.org,Ok\nbad,Bad\n")
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 licence assigned" in body and "Not a valid" not in body
    assert "No valid email address." in body and "ok@example.org" in body


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00\xd8b\x00a\x00d\x00", "looks like a spreadsheet or other binary file"),  # broken UTF-16
    ("ann@example.org\nbjörn@example.org\n".encode("latin-1"), "could not be read as text"),
    (b"PK\x03\x04\x00\x00binary", "looks like a spreadsheet"),
    (b"", "file is empty."),
    (b"email,colour\na@example.org,red\n", "Unknown column “colour”"),
])
def test_unusable_files_get_a_clear_message(as_user, org_admin, organisation, pool, content, message):
    response = upload(as_user(org_admin), organisation, pool, content)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Licence.objects.exists()


def test_a_file_over_the_size_limit_is_refused_as_it_arrives(as_user, org_admin, organisation, pool):
    content = b"email\n" + b"x" * (8 * 1024 * 1024 + 10)
    response = upload(as_user(org_admin), organisation, pool, content)
    assert "The file is over 8 MB; the limit is 8 MB." in response.content.decode()  # dropped, never kept


def test_utf16_text_as_excel_saves_unicode_text_is_read(as_user, org_admin, organisation, pool):
    content = "email\tname\r\nrita@example.org\tRita Ōkubo\r\n".encode("utf-16")
    response = upload(as_user(org_admin), organisation, pool, content, name="people.txt")
    assert "1 licence assigned" in response.content.decode()
    assert Licence.objects.get().email == "rita@example.org"


def test_a_workbook_or_a_zip_bomb_called_csv_is_refused_by_its_content(as_user, org_admin, organisation, pool):
    from ...archives import zip_bomb, zip_bytes

    workbook = zip_bytes([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
    response = upload(as_user(org_admin), organisation, pool, workbook)
    assert "That looks like a spreadsheet or other binary file (an Excel spreadsheet), not text." in (
        response.content.decode())
    response = upload(as_user(org_admin), organisation, pool, zip_bomb("people.csv", megabytes=300))
    assert "The file has a part (“people.csv”) that would unpack to 300 MB" in response.content.decode()
    assert not Licence.objects.exists()


def test_the_report_can_be_downloaded_as_csv(as_user, org_admin, organisation, pool):
    response = upload(as_user(org_admin), organisation, pool, b"email\nok@example.org\nbad\n", report_csv="on")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [["line", "email", "done", "what happened"], ["2", "ok@example.org", "yes", "Licensed."],
                    ["3", "bad", "no", "No valid email address."]]


# --- releasing many -------------------------------------------------------------------------------


def test_releasing_many_frees_their_seats_and_reports_the_rest(pool, reader, contributor):
    run(pool, "email\nreader@example.org\ncontributor@example.org\nkept@example.org\n")
    report = licences_bulk_release(actor=None, organisation=pool.organisation, text=(
        "email\nreader@example.org\nkept@example.org\nREADER@example.org\nnobody@example.org\n"))
    assert outcomes(report) == {
        2: "Released (pool “Stakeholders 2027”).",
        3: "Released (pool “Stakeholders 2027”).",
        4: "The same as line 2; used once.",
        5: "Holds no licence in Department of Tests.",
    }
    assert refresh(pool).seats_used == 1
    assert AuditEntry.objects.filter(action="licence.released").count() == 2


def test_releasing_many_through_the_page(as_user, org_admin, organisation, pool, reader):
    run(pool, "email\nreader@example.org\n")
    response = as_user(org_admin).post(reverse("licence_bulk_release", args=[organisation.slug]),
                                       {"text": "reader@example.org\n"})
    assert "1 licence released" in response.content.decode()
    assert refresh(pool).seats_used == 0


def test_people_invited_by_upload_get_in_with_licensing_on(as_user, organisation, pool, outsider, workspace):
    from workspaces.services.invitations import invitation_accept

    from .conftest import enable_licensing

    enable_licensing(organisation)
    add_member(workspace, make_user("owner@example.org"), Role.MANAGER)
    run(pool, "email,workspace\noutsider@example.org,test-programme\n")
    invitation_accept(invitation=Invitation.objects.get(email=outsider.email), user=outsider)
    assert as_user(outsider).get(reverse("workspace_home", args=[workspace.slug])).status_code == 200
