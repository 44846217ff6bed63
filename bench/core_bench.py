"""Core benchmark: member directory and workspace home with a very large membership, and a
10,000-address bulk invitation. Figures, not assertions.

    createdb engage_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage_bench .venv/bin/python bench/core_bench.py --members 200000

Seeds (once; re-runs reuse the data) a workspace "bench" with N members by bulk insert, then
times pages in-process with Django's test client (server time without network) and counts
queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from workspaces.models import Invitation, Membership, Organisation, Role, Workspace  # noqa: E402
from workspaces.scale import deep_member_page  # noqa: E402
from workspaces.services.invitations import invitations_bulk_create  # noqa: E402
from workspaces.services.teams import team_create  # noqa: E402

User = get_user_model()
BATCH = 5000


def seed(n):
    org, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench Department"})
    ws, _ = Workspace.objects.get_or_create(
        slug="bench", defaults={"organisation": org, "name": "Bench programme", "enabled_tools": ["links"]}
    )
    have = Membership.objects.filter(workspace=ws).count()
    if have >= n:
        return ws
    started = time.perf_counter()
    manager, _ = User.objects.get_or_create(email="bench-manager@example.org",
                                            defaults={"display_name": "Bench Manager"})
    Membership.objects.get_or_create(workspace=ws, user=manager, defaults={"role": Role.MANAGER})
    for start in range(have, n, BATCH):
        stop = min(n, start + BATCH)
        users = User.objects.bulk_create(
            [
                User(email=f"stakeholder{i}@example.org", display_name=f"Stakeholder {i}", password="!",
                     organisation_name=f"Firm {i % 500}")
                for i in range(start, stop)
            ],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [Membership(workspace=ws, user=u, role=Role.CONTRIBUTOR if i % 50 == 0 else Role.READER)
             for i, u in enumerate(users)],
            batch_size=BATCH,
        )
    Workspace.objects.filter(pk=ws.pk).update(member_count=Membership.objects.filter(workspace=ws).count())
    if not ws.teams.exists():
        team = team_create(actor=None, workspace=ws, name="Task force")
        team.group.user_set.add(*Membership.objects.filter(workspace=ws).values_list("user_id", flat=True)[:1000])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(f"seeded {n} members in {time.perf_counter() - started:.1f}s")
    return ws


def timed(client, url, runs):
    client.get(url)  # warm
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--invites", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    ws = seed(args.members)
    manager = User.objects.get(email="bench-manager@example.org")
    client = Client()
    client.force_login(manager)
    print(f"database: {connection.vendor}; members: {Membership.objects.filter(workspace=ws).count()}")
    print(f"{'page':48} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in [
        ("workspace home", f"/w/{ws.slug}/"),
        ("member directory, page 1", f"/w/{ws.slug}/members/"),
        # Keyset pages: halfway down (?page=4000 now starts again at the first page).
        ("member directory, deep page", f"/w/{ws.slug}/members/{deep_member_page(ws)}"),
        ("member directory, search 'stakeholder1999'", f"/w/{ws.slug}/members/?q=stakeholder1999"),
        ("member directory, role=contributor", f"/w/{ws.slug}/members/?role=20"),
    ]:
        median, p95, queries = timed(client, url, args.runs)
        print(f"{label:48} {median:10.1f} {p95:8.1f} {queries:8d}")

    emails = "\n".join(f"invitee{i}@example.net" for i in range(args.invites))
    Invitation.objects.filter(workspace=ws, email__startswith="invitee").delete()
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        report = invitations_bulk_create(actor=manager, workspace=ws, text=emails, role=Role.READER)
        elapsed = time.perf_counter() - t
    print(f"bulk invite of {args.invites}: {len(report.invited)} invited in {elapsed:.2f}s "
          f"(including sending every email in-process), {len(ctx.captured_queries)} queries")


if __name__ == "__main__":
    main()
