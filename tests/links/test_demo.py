"""Demo links: seeded by `manage.py seed_demo`, safe to run again."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from links.demo import DEMO_LINKS
from links.models import Link
from workspaces.models import Access, Activity, Workspace

from .builders import url_for


def test_seed_demo_adds_the_demo_links_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    links = Link.objects.filter(workspace=workspace)
    assert links.count() == len(DEMO_LINKS)
    assert Activity.objects.filter(workspace=workspace, verb="links.link_created").count() == len(DEMO_LINKS)
    assert all(link.tag_names for link in links.prefetch_related("tags"))


def test_demo_task_force_link_is_hidden_from_the_demo_reader(db, as_user):
    call_command("seed_demo", stdout=StringIO())
    users = {u.email: u for u in get_user_model().objects.all()}
    workspace = Workspace.objects.get(slug="demo-programme")
    restricted = Link.objects.get(workspace=workspace, view_access=Access.TEAMS)
    assert as_user(users["contributor@example.org"]).get(url_for("detail", workspace, restricted)).status_code == 200
    assert as_user(users["reader@example.org"]).get(url_for("detail", workspace, restricted)).status_code == 404
