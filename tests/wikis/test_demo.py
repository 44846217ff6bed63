"""Demo wiki: seeded by `manage.py seed_demo` with some history, safe to run again."""

from io import StringIO

from django.core.management import call_command

from wikis.demo import DEMO_PAGES
from wikis.models import Page, Revision
from workspaces.models import Workspace


def test_seed_demo_adds_the_demo_pages_with_history_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    pages = Page.objects.filter(workspace=workspace)
    assert sorted(pages.values_list("title", flat=True)) == sorted(title for title, _, _ in DEMO_PAGES)
    assert Revision.objects.filter(workspace=workspace).count() == sum(len(revisions) for _, _, revisions in DEMO_PAGES)
    handbook = pages.get(title="Programme handbook")
    assert handbook.version == 3 and handbook.toc and handbook.revisions.values("author").distinct().count() == 2
    assert pages.get(title="March steering group").parent.title == "Meeting notes"
