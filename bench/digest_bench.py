"""Digest benchmark: the daily digest for N members, end to end. Figures, not assertions.

    createdb -h 127.0.0.1 -U postgres engage_notify
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage_notify .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage_notify .venv/bin/python bench/digest_bench.py \
        --members 200000

What it does:
1. Seeds (PostgreSQL, by INSERT ... SELECT; re-runs reuse the people) one workspace with N
   members, 20 links and 60 activities, and gives every member 3 notifications waiting for
   their daily digest (reset on every run).
2. Starts its own Redis (a spare port; never the shared one), a local SMTP sink (aiosmtpd, in
   its own process, counting what it accepts by idempotency key) and one Celery worker with
   two processes (`celery -A engage worker --concurrency 2`).
3. Times the beat task `plan_digests` (who is due, outbox rows, fan-out in chunks of 500)
   until the sink has accepted every digest; then checks zero duplicates and zero missing,
   in the sink and in the outbox.
4. With `--kill-at N`: SIGKILLs the worker (every process of it) once the sink has N mails and
   starts another. The tasks the dead one held come back after `--visibility-timeout` seconds
   (CELERY_VISIBILITY_TIMEOUT for the workers); the claims it held mid-send are returned by the
   outbox sweep at the end (with its clock moved past CLAIM_TIMEOUT), as beat would.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The SMTP sink (runs as its own process: `digest_bench.py --sink PORT STATS`) -----------

def run_sink(port, stats_path):
    import asyncio

    from aiosmtpd.controller import Controller

    keys, state = {}, {"first": None, "last": None, "total": 0, "duplicates": 0}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            content = envelope.content
            start = content.find(b"X-Engage-Key: ")
            key = content[start + 14:content.find(b"\r\n", start)].decode() if start >= 0 else "?"
            # Counted here, in the SMTP thread; the writer below only reads numbers.
            state["duplicates"] += key in keys
            keys[key] = True
            state["total"] += 1
            now = time.time()
            state["first"] = state["first"] or now
            state["last"] = now
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()

    def write():
        tmp = Path(stats_path + ".tmp")
        tmp.write_text(json.dumps({"distinct": len(keys), **state}))
        tmp.replace(stats_path)

    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    while not stop:
        write()
        time.sleep(0.5)
    write()
    controller.stop()
    del asyncio


# --- The driver ----------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--kill-at", type=int, default=0,
                        help="SIGKILL the worker (all its processes) once the sink has this many mails, then "
                             "start a new one: the tasks it held come back after CELERY_VISIBILITY_TIMEOUT")
    parser.add_argument("--visibility-timeout", type=int, default=60)
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of your own (see the docstring).")

    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"digest-bench-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    redis_port, smtp_port = free_port(), free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {**os.environ, "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url, "CELERY_TASK_ALWAYS_EAGER": "false",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false",
           "DJANGO_DEBUG": "false", "ENGAGE_TESTING": "false", "LOG_LEVEL": "WARNING",
           "DJANGO_SETTINGS_MODULE": "engage.settings", "PYTHONPATH": str(ROOT),
           "CELERY_VISIBILITY_TIMEOUT": str(args.visibility_timeout)}
    os.environ.update({k: env[k] for k in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER",
                                           "DJANGO_SETTINGS_MODULE", "LOG_LEVEL")})
    procs = []
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))  # stop the children too (finally below)
    try:
        procs.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                                       "--save", "", "--appendonly", "no", "--daemonize", "no"],
                                      stdout=subprocess.DEVNULL))
        stats = tmp / "sink.json"
        procs.append(subprocess.Popen([sys.executable, __file__, "--sink", str(smtp_port), str(stats)]))
        import django

        django.setup()
        seeded = seed(args.members)
        worker_log = open(tmp / "worker.log", "ab")

        def start_worker():
            worker = subprocess.Popen(
                [str(Path(sys.executable).parent / "celery"), "-A", "engage", "worker", "--pool=prefork",
                 f"--concurrency={args.concurrency}", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                 "--without-heartbeat"], cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the kill takes the pool children too
            )
            procs.append(worker)
            return worker

        worker = start_worker()
        time.sleep(4)  # worker start-up is not part of the figure
        while not stats.exists():
            time.sleep(0.2)
        killed = {}

        def on_progress(total, elapsed):
            if args.kill_at and not killed and total >= args.kill_at:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
                killed.update(at_mail=total, at_seconds=round(elapsed, 1))
                print(f"  killed the worker at {total} mails; starting another", file=sys.stderr)
                start_worker()

        result = run(args.members, stats, args.timeout, on_progress, sweep_stale=bool(args.kill_at))
        result.update(seeded, killed=killed or None)
        print(json.dumps(result, indent=2))
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def seed(n):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from links.models import Link
    from workspaces.models import Activity, Organisation, OutboundEmail, Workspace

    started = time.perf_counter()
    org, _ = Organisation.objects.get_or_create(slug="digest-bench", defaults={"name": "Digest Bench"})
    ws, _ = Workspace.objects.get_or_create(
        slug="digest-bench",
        defaults={"organisation": org, "name": "Digest bench programme", "enabled_tools": ["links"]})
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("""
            INSERT INTO accounts_user (email, password, display_name, organisation_name, job_title, is_staff,
                                       is_active, is_superuser, date_joined, time_zone)
            SELECT 'digest' || g || '@example.org', '!', 'Digest member ' || g, '', '', false, true, false, now(), ''
            FROM generate_series(1, %s) g ON CONFLICT (email) DO NOTHING""", [n])
        cur.execute("""
            INSERT INTO workspaces_membership (workspace_id, user_id, role, joined_at)
            SELECT %s, id, 10, now() FROM accounts_user WHERE email LIKE 'digest%%@example.org'
            ON CONFLICT DO NOTHING""", [ws.pk])
        cur.execute("SELECT count(*) FROM workspaces_membership WHERE workspace_id = %s", [ws.pk])
        Workspace.objects.filter(pk=ws.pk).update(member_count=cur.fetchone()[0])
        author_id = ws.memberships.order_by("user_id").values_list("user_id", flat=True).first()
        if not Link.objects.filter(workspace=ws).exists():
            links = Link.objects.bulk_create([
                Link(workspace=ws, created_by_id=author_id, url=f"https://www.gov.uk/guidance/{i}",
                     title=f"Guidance note {i}") for i in range(20)])
            ct = ContentType.objects.get_for_model(Link)
            Activity.objects.bulk_create([
                Activity(workspace=ws, actor_id=author_id, verb="links.link_updated", target_type=ct,
                         target_id=link.pk, target_title=f"{link.title} (v{v})", target_url=link.get_absolute_url(),
                         summary="changed the link") for link in links for v in range(2, 5)])
        # Fresh notifications and outbox for every run.
        OutboundEmail.objects.filter(recipient__memberships__workspace=ws).delete()
        cur.execute("DELETE FROM notifications_notification WHERE workspace_id = %s", [ws.pk])
        cur.execute("""
            INSERT INTO notifications_notification (recipient_id, activity_id, workspace_id, reason, delivery,
                                                    created_at)
            SELECT m.user_id, a.id, %s, 'followers', 'daily', now()
            FROM workspaces_membership m JOIN workspaces_activity a
              ON a.workspace_id = m.workspace_id AND a.target_id %% 20 = m.user_id %% 20
            WHERE m.workspace_id = %s AND m.user_id <> %s""", [ws.pk, ws.pk, author_id])
        cur.execute("SELECT count(*) FROM notifications_notification WHERE workspace_id = %s", [ws.pk])
        notifications = cur.fetchone()[0]
    return {"seed_seconds": round(time.perf_counter() - started, 1), "notifications": notifications}


def run(members, stats, timeout, on_progress=lambda total, elapsed: None, sweep_stale=False):
    from datetime import timedelta

    from django.utils import timezone

    from notifications import digests
    from workspaces import mail as sending
    from workspaces.mail import queue_in_chunks
    from workspaces.models import EmailStatus, OutboundEmail

    # Noon in London: every member's default digest hour (07:00) has passed.
    noon = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=0)
    started_at = timezone.now()
    t0 = time.perf_counter()
    ids = digests.plan(now=noon)
    planned = time.perf_counter() - t0
    queue_in_chunks(ids)
    queued = time.perf_counter() - t0
    expected = len(ids)
    last_total, deadline = 0, time.monotonic() + timeout
    swept = False
    while time.monotonic() < deadline:
        data = json.loads(stats.read_text())
        if data["total"] != last_total:
            last_total = data["total"]
            print(f"  {time.perf_counter() - t0:7.1f} s  {last_total:>7} mails accepted", file=sys.stderr)
        on_progress(data["total"], time.perf_counter() - t0)
        if data["distinct"] >= expected:
            break
        # This run's rows are the only unsent ones in the bench database (the partial index).
        pending = OutboundEmail.objects.filter(status=EmailStatus.PENDING, created_at__gte=started_at)
        if sweep_stale and not swept and data["distinct"] >= expected * 0.9 and not pending.exists():
            # All that is left are claims the killed worker held mid-send: beat's sweep returns
            # them once CLAIM_TIMEOUT has passed (here at once, with the clock moved on).
            stale = OutboundEmail.objects.filter(status=EmailStatus.SENDING).count()
            queue_in_chunks(sending.sweep(now=timezone.now() + sending.CLAIM_TIMEOUT + timedelta(minutes=1)))
            print(f"  swept {stale} claims left by the killed worker", file=sys.stderr)
            swept = True
        time.sleep(2)
    elapsed = time.perf_counter() - t0
    time.sleep(3)  # anything still in flight (a duplicate would show here)
    data = json.loads(stats.read_text())
    rows = dict(
        OutboundEmail.objects.filter(pk__in=ids).values_list("status").annotate(n=__import__("django").db.models.Count("pk"))
    )
    return {
        "members": members, "digests_planned": expected, "plan_seconds": round(planned, 1),
        "queued_seconds": round(queued, 1), "all_handed_to_smtp_seconds": round(elapsed, 1),
        "minutes": round(elapsed / 60, 2), "sink_total": data["total"], "sink_distinct": data["distinct"],
        "duplicates": data["duplicates"], "missing": expected - data["distinct"],
        "outbox_status": rows, "outbox_sent": rows.get(EmailStatus.SENT, 0),
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--sink":
        run_sink(int(sys.argv[2]), sys.argv[3])
    else:
        main()
