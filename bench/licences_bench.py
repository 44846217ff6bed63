"""Licence benchmark: the organisation licence page with 200,000 licensees, its CSV export, and
a 10,000-line CSV assignment (license + add + invite). Figures, not assertions.

    createdb -h 127.0.0.1 -U postgres engage_licences
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage_licences \\
        .venv/bin/python bench/licences_bench.py --licensees 200000 --rows 10000

Seeds (once; re-runs reuse it) an organisation "licbench" whose pool has N licensees, by bulk
insert, then times pages in-process with Django's test client (server time, no network) and
counts queries. The upload is undone before each run so that every run does the same work.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from workspaces import mail  # noqa: E402
from workspaces.mail import queueing  # noqa: E402
from workspaces.models import (  # noqa: E402
    AuditEntry,
    Invitation,
    Licence,
    LicencePool,
    Membership,
    Organisation,
    OrganisationMembership,
    OutboundEmail,
    Workspace,
)

User = get_user_model()
BATCH = 5000


def seed(n):
    org, _ = Organisation.objects.get_or_create(slug="licbench", defaults={"name": "Licence Bench Department",
                                                                          "licensing_enabled": True})
    today = timezone.localdate()
    pool, _ = LicencePool.objects.get_or_create(
        organisation=org, label="Bench stakeholders",
        defaults={"seats": n + 1000, "valid_from": today - timedelta(days=30),
                  "valid_until": today + timedelta(days=20)},  # ends within 30 days: shows as expiring
    )
    admin, _ = User.objects.get_or_create(email="bench-orgadmin@example.org",
                                          defaults={"display_name": "Bench Org Admin"})
    OrganisationMembership.objects.get_or_create(organisation=org, user=admin, defaults={"is_admin": True})
    Workspace.objects.get_or_create(slug="licbench-ws", defaults={"organisation": org, "name": "Licence bench"})
    have = Licence.objects.filter(pool=pool).count()
    if have >= n:
        return org, pool, admin
    started = time.perf_counter()
    now = timezone.now()
    for start in range(have, n, BATCH):
        stop = min(n, start + BATCH)
        users = User.objects.bulk_create(
            [User(email=f"licensee{i}@example.org", display_name=f"Licensee {i}", password="!",
                  # a third never signed in, a third long ago, a third recently
                  last_login=None if i % 3 == 0 else now - timedelta(days=200 if i % 3 == 1 else 2))
             for i in range(start, stop)],
            batch_size=BATCH,
        )
        Licence.objects.bulk_create(
            [Licence(pool=pool, organisation=org, user=u, email=u.email, assigned_at=now - timedelta(minutes=i))
             for i, u in zip(range(start, stop), users, strict=True)],
            batch_size=BATCH,
        )
    LicencePool.objects.filter(pk=pool.pk).update(
        seats_used=Licence.objects.filter(pool=pool, released_at__isnull=True).count())
    vacuum()
    print(f"seeded {n} licensees in {time.perf_counter() - started:.1f}s")
    return org, pool, admin


def vacuum():
    """What autovacuum does on a live system: statistics, and the visibility map that lets the
    licence page read its index alone."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE workspaces_licence")
            cursor.execute("VACUUM ANALYZE accounts_user")


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
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)], len(ctx.captured_queries)


def upload_fixture(org, rows):
    """rows lines: half people with an account and no licence, half new addresses, all for a workspace."""
    half = rows // 2
    existing = User.objects.filter(email__startswith="bench-upload-").count()
    if existing < half:
        User.objects.bulk_create(
            [User(email=f"bench-upload-{i}@example.org", display_name=f"Upload {i}", password="!")
             for i in range(existing, half)], batch_size=BATCH)
    lines = [f"bench-upload-{i}@example.org,Upload {i},licbench-ws,contributor" for i in range(half)]
    lines += [f"bench-new-{i}@example.net,New {i},licbench-ws," for i in range(rows - half)]
    return ("email,name,workspace,role\n" + "\n".join(lines)).encode()


def undo_upload(org, pool):
    """Remove what the previous upload made, so each run does the same work."""
    ws = Workspace.objects.get(slug="licbench-ws")
    upload = Licence.objects.filter(pool=pool).filter(email__startswith="bench-upload-") | Licence.objects.filter(
        pool=pool, email__startswith="bench-new-")
    upload.delete()
    Membership.objects.filter(workspace=ws).delete()
    invitations = Invitation.objects.filter(workspace=ws)
    OutboundEmail.objects.filter(kind="invitation", ref_id__in=invitations.values("pk")).delete()
    invitations.delete()
    Workspace.objects.filter(pk=ws.pk).update(member_count=0)
    LicencePool.objects.filter(pk=pool.pk).update(
        seats_used=Licence.objects.filter(pool=pool, released_at__isnull=True).count(),
        seats=Licence.objects.filter(pool=pool).count() + 20_000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--licensees", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    logging.getLogger("celery").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages render with the manifest storage
    org, pool, admin = seed(args.licensees)
    undo_upload(org, pool)  # a previous run's upload: pages are timed at exactly --licensees
    vacuum()
    client = Client()
    client.force_login(admin)
    base = f"/o/{org.slug}/licences/"
    print(f"database: {connection.vendor}; licensees: {Licence.objects.filter(pool=pool).count()}")
    print(f"{'page':52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in [
        ("licence page, page 1", base),
        ("licence page, page 4000", f"{base}?page=4000"),
        ("licence page, dormant 90 days", f"{base}?dormant=90"),
        ("licence page, search 'licensee19999'", f"{base}?q=licensee19999"),
        ("licence page, pool filter + current", f"{base}?pool={pool.pk}&state=current"),
    ]:
        median, p95, queries = timed(client, url, args.runs)
        print(f"{label:52} {median:10.1f} {p95:8.1f} {queries:8d}")

    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        response = client.get(f"{base}export.csv")
        size = sum(len(chunk) for chunk in response.streaming_content)
        elapsed = time.perf_counter() - t
    rows = Licence.objects.filter(organisation=org, released_at__isnull=True).count()
    print(f"CSV export of {rows} licensees: {elapsed:.2f}s, {rows / elapsed:,.0f} rows/s, {size / 1e6:.1f} MB, "
          f"{len(ctx.captured_queries)} queries")

    undo_upload(org, pool)
    content = upload_fixture(org, args.rows)
    audit_before = AuditEntry.objects.count()
    # In production the invitation emails (outbox rows written in the request) go to a Celery
    # worker; here their sending is collected during the request and done afterwards, so the two
    # figures are measured apart.
    queued = []
    with mock.patch.object(queueing, "enqueue_send", queued.extend), \
            CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        response = client.post(f"{base}upload/", {
            "pool": pool.pk, "csv_file": SimpleUploadedFile("people.csv", content, "text/csv"), "report_csv": "on"})
        report = b"".join(response.streaming_content)
        elapsed = time.perf_counter() - t
    assert response.status_code == 200
    done = report.count(b",yes,")
    print(f"CSV assignment of {args.rows} lines (one request: upload, parse, licences, members, invitations, "
          f"audit): {done} done in {elapsed:.2f}s, {len(ctx.captured_queries)} queries; "
          f"{Membership.objects.filter(workspace__slug='licbench-ws').count()} members added, {len(queued)} "
          f"invitations queued, {AuditEntry.objects.count() - audit_before} audit entries")
    t = time.perf_counter()
    for start in range(0, len(queued), 500):
        mail.send_outbox(queued[start : start + 500])
    print(f"then sending the {len(queued)} invitation emails (worker's job; dummy mail backend): "
          f"{time.perf_counter() - t:.2f}s")

if __name__ == "__main__":
    main()
