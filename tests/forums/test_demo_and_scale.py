"""Demo forums (seeded by `manage.py seed_demo`, safe to run again) and the scale seed's part
(counters consistent with the rows)."""

import random
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.test import Client
from django.utils import timezone

from accounts.models import User
from forums.models import Board, Post, PostRevision, Thread, ThreadRead
from forums.scale import bench_pages, seed_scale
from moderation.models import QueueEntry
from workspaces.kit.moderation import ModerationStatus
from workspaces.models import Workspace
from workspaces.scale import ScaleContext, Size


def test_seed_demo_adds_lively_boards_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    assert Board.objects.filter(workspace=workspace).count() == 3
    threads = Thread.objects.filter(workspace=workspace)
    assert threads.count() == 7 and threads.filter(is_pinned=True).exists()
    # Something for the moderators: a locked thread, one in slow mode, a question waiting, a report.
    assert threads.filter(is_locked=True).exists() and threads.filter(slow_mode_minutes__gt=0).exists()
    assert threads.filter(awaiting_moderation=True).count() == 1
    assert QueueEntry.objects.filter(workspace=workspace, closed_at__isnull=True).count() == 2
    assert Post.objects.filter(workspace=workspace, reply_to__isnull=False).exists()
    assert Post.objects.filter(workspace=workspace, body__contains="@contributor").exists()
    assert PostRevision.objects.filter(workspace=workspace).exists()
    demo = User.objects.get(email="reader@example.org")
    client = Client()
    client.force_login(demo)
    board = Board.objects.get(workspace=workspace, name="General discussion")
    page = client.get(f"/w/{workspace.slug}/forums/b/{board.pk}/").content.decode()
    assert ">New</span>" in page  # unread for the demo reader


def _context(workspace, users, size):
    return ScaleContext(size=size, rng=random.Random(1), now=timezone.now(), organisation=workspace.organisation,
                        workspace=workspace, small_workspaces=[], demo={u.email: u for u in users},
                        staff_ids=[u.pk for u in users], stakeholder_ids=[], team_ids=[])


def test_the_scale_seed_keeps_every_counter_consistent(workspace, manager, contributor, reader):
    size = Size(stakeholders=0, staff=0, workspaces=1, members_per_small_workspace=0, teams=0, team_size=0,
                wiki_pages=0, wiki_revisions=0, big_page_revisions=0, documents=0, versions=0, big_folder_files=0,
                links=0, activity=0, audit_entries=0, unread_notifications=0,
                forum_threads=30, forum_posts=300, big_thread_posts=80)
    seed_scale(_context(workspace, [manager, contributor, reader], size))
    threads = Thread.objects.filter(workspace=workspace)
    assert threads.count() == 30
    assert threads.order_by("-next_number").first().next_number == 81
    for thread in threads.annotate(published=Count("posts", filter=Q(posts__status=ModerationStatus.PUBLISHED)),
                                   last=Max("posts__number")):
        assert (thread.post_count, thread.last_post_number, thread.next_number) == (
            thread.published - 1, thread.last, thread.last + 1)
        assert thread.last_post_at == thread.posts.get(number=thread.last).created_at
    for board in Board.objects.filter(workspace=workspace):
        assert board.thread_count == board.threads.count()
        assert board.post_count == Post.objects.filter(thread__board=board).count()
    assert ThreadRead.objects.filter(user=reader).exists()
    client = Client()
    client.force_login(reader)
    for name, path in bench_pages(workspace):
        assert client.get(path).status_code == 200, name
