"""`manage.py seed_scale`: the reference data for benchmarks, at a tiny size — the same code
path as L, with counts small enough for the suite."""

import pytest
from django.test import Client

from accounts.models import User
from documents.models import Document, Version
from links.models import Link
from notifications.models import Notification
from wikis.models import Page, Revision
from workspaces.models import Activity, AuditEntry, Licence, Membership, Role, Workspace
from workspaces.scale import Size, bench_pages, seed_scale

TINY = Size(stakeholders=60, staff=6, workspaces=3, members_per_small_workspace=10, teams=2, team_size=10,
            wiki_pages=12, wiki_revisions=40, big_page_revisions=15, documents=12, versions=24, big_folder_files=5,
            links=10, activity=300, audit_entries=30, unread_notifications=8)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ctx = seed_scale(TINY, log=lambda *_: None)
        yield ctx
        from django.core.management import call_command

        call_command("flush", "--noinput", verbosity=0)


def test_it_makes_the_counts_of_its_size(seeded, db):
    flagship = seeded.workspace
    assert Membership.objects.filter(workspace=flagship).count() == TINY.staff + TINY.stakeholders + 3
    assert flagship.member_count == TINY.staff + TINY.stakeholders + 3
    assert Workspace.objects.filter(organisation=seeded.organisation).count() == TINY.workspaces
    assert Licence.objects.filter(organisation=seeded.organisation, released_at=None).count() == (
        TINY.staff + TINY.stakeholders + 5)
    assert Page.objects.filter(workspace=flagship).count() == TINY.wiki_pages
    big = Page.objects.filter(workspace=flagship).order_by("-version").first()
    assert big.version == TINY.big_page_revisions == big.revisions.count()
    assert Revision.objects.filter(workspace=flagship).count() >= TINY.wiki_revisions - TINY.wiki_pages
    assert Document.objects.filter(workspace=flagship).count() == TINY.documents
    assert Version.objects.filter(workspace=flagship).count() == TINY.versions
    assert Link.objects.filter(workspace=flagship).count() == TINY.links
    assert abs(Activity.objects.filter(workspace__organisation=seeded.organisation).count() - TINY.activity) < 100
    assert AuditEntry.objects.filter(workspace=flagship).count() == TINY.audit_entries
    assert Notification.objects.filter(recipient__email="reader@example.org", read_at=None).exists()


def test_every_page_is_a_tree_path_of_its_ancestors(seeded, db):
    for page in Page.objects.filter(workspace=seeded.workspace).select_related("parent"):
        expected = f"{page.parent.path if page.parent else '/'}{page.pk}/"
        assert page.path == expected


def test_the_demo_accounts_are_members_with_their_demo_roles(seeded, db):
    roles = dict(Membership.objects.filter(workspace=seeded.workspace, user__email__endswith="@example.org")
                 .exclude(user__email__endswith="scale.example.org").values_list("user__email", "role"))
    assert roles == {"manager@example.org": Role.MANAGER, "contributor@example.org": Role.CONTRIBUTOR,
                     "reader@example.org": Role.READER}


def test_a_second_run_adds_nothing(seeded, db):
    users = User.objects.count()
    assert seed_scale(TINY, log=lambda *_: None) is None
    assert User.objects.count() == users


@pytest.mark.parametrize("email", ["manager@example.org", "reader@example.org"])
def test_every_bench_page_answers_the_demo_people(seeded, db, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    for name, path in bench_pages(seeded.workspace):
        response = client.get(path)
        if name in ("audit log", "licences") and email == "reader@example.org":
            assert response.status_code in (403, 404), path  # managers' and licence admins' pages
            continue
        assert response.status_code == 200, (name, path, response.status_code)
