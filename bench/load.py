"""The load harness: every main page under load, as a ratio to a one-query view in the same run.

    .venv/bin/python bench/load.py --size L            # seeds engage_bench_l once (minutes), then measures
    .venv/bin/python bench/load.py --size S --duration 3 --pages home   # a smoke run

What it does, as a new user would deploy it:
1. a PostgreSQL database of its own (`engage_bench_<size>`, created, migrated and seeded with
   `manage.py seed_scale --size <size>` when it is not there yet);
2. the production server command (gunicorn, gthread, `--workers` × `--threads`, DEBUG off,
   static files collected, Redis as cache), on a free port;
3. signs in the demo manager and reader through the real login form;
4. for each main page (workspaces.scale.bench_pages: the core's and every tool's) and persona,
   runs wrk at `--concurrency` for `--duration` seconds against the page between two runs of the
   trivial view (/healthz/db: one indexed query), a pause before each run, so each page's ratio
   is to the mean of the yardsticks measured just before and just after it on the same machine;
5. prints, and writes to bench/results/load-<size>.md, per page: requests/s, the ratio to the
   trivial view, p50/p95/p99, errors, the query count, the compressed size and the median time
   of a request in one quiet process (Django's test client; the steadiest figure on a shared
   machine); and the workers' peak memory.

Needs wrk (Debian: apt-get install wrk). Figures, not assertions.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "engage-demo"
PERSONAS = {"manager": "manager@example.org", "reader": "reader@example.org"}
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('@@{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
    .. '"p50": %.2f, "p95": %.2f, "p99": %.2f}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="L", choices=["S", "M", "L"])
    parser.add_argument("--database", help="database name (default engage_bench_<size>)")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page and per yardstick")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--personas", default="manager,reader")
    parser.add_argument("--pages", default="", help="only pages whose name contains this")
    parser.add_argument("--out", help="markdown table (default bench/results/load-<size>.md)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    database = args.database or f"engage_bench_{args.size.lower()}"
    url = f"postgres://postgres@127.0.0.1:5432/{database}"
    work = Path(tempfile.mkdtemp(prefix="engage-load-"))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver", "DJANGO_SECURE_SSL_REDIRECT": "false",
           "DJANGO_SECURE_COOKIES": "false", "ENGAGE_VAR_DIR": str(work / "var"), "STATIC_ROOT": str(work / "static"),
           "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"), "LOG_LEVEL": "WARNING",
           "CELERY_TASK_ALWAYS_EAGER": "true", "ENGAGE_TESTING": "false"}
    prepare(database, args.size, env)
    yardstick_ms, pages = measure_in_process(env, args)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "engage.wsgi", "--bind", f"127.0.0.1:{port}", "--worker-class",
         "gthread", "--workers", str(args.workers), "--threads", str(args.threads), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz")
        cookies = {name: sign_in(base, email) for name, email in PERSONAS.items()}
        rows = run_load(base, pages, cookies, args)
        memory = worker_memory(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    report(rows, memory, args, database, yardstick_ms)


def prepare(database, size, env):
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
                             f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],
                            capture_output=True, text=True, check=True).stdout.strip() == "1"
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_scale", "--size", size], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def measure_in_process(env, args):
    """(name, path, persona, queries, compressed bytes, ms, status) of each page, from requests
    through Django's test client, in this one process with nothing else running in it (the pages
    to load come from the registry): the queries and size of one request, and the median time of
    seven (CPU and waits for the database; steadier on a busy machine than requests/s)."""
    script = (
        "import gzip, json, django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        "from accounts.models import User\n"
        "from workspaces.models import Workspace\n"
        "from workspaces.scale import FLAGSHIP_SLUG, bench_pages\n"
        "import statistics, time\n"
        f"personas = {PERSONAS!r}\n"
        "rows = []\n"
        "for persona, email in personas.items():\n"
        "    client = Client(); client.force_login(User.objects.get(email=email))\n"
        "    ws = Workspace.objects.get(slug=FLAGSHIP_SLUG)\n"
        "    for name, path in [('yardstick', '/healthz/db'), *bench_pages(ws)]:\n"
        "        client.get(path)\n"
        "        with CaptureQueriesContext(connection) as queries:\n"
        "            response = client.get(path)\n"
        "        count = len(queries)  # now: each request's start empties the log it reads\n"
        "        body = response.content if response.status_code == 200 else b''\n"
        "        times = []\n"
        "        for _ in range(7):\n"
        "            start = time.perf_counter()\n"
        "            client.get(path)\n"
        "            times.append((time.perf_counter() - start) * 1000)\n"
        "        rows.append([name, path, persona, count, len(gzip.compress(body)),\n"
        "                     statistics.median(times), response.status_code])\n"
        "print('@@' + json.dumps(rows))\n"
    )
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "engage.settings"},
                         capture_output=True, text=True, check=True).stdout
    rows = json.loads(out.split("@@", 1)[1])
    yardstick_ms = min(row[5] for row in rows if row[0] == "yardstick")
    wanted = set(args.personas.split(","))
    pages = [row for row in rows if row[0] != "yardstick"]
    return yardstick_ms, [row for row in pages if row[2] in wanted and (args.pages in row[0]) and row[6] == 200]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=60):
    for _ in range(seconds * 4):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.25)
    sys.exit(f"The server never answered {url}.")


def sign_in(base, email):
    """Sign in through the real login form; returns the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD}).encode()
    login = base + "/accounts/login/"
    request = urllib.request.Request(login, data=data, headers={"Referer": login})
    opener.open(request).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        sys.exit(f"Signing in as {email} failed.")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wrk(url, cookie, args):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{args.concurrency}", f"-d{args.duration}s", "--timeout", "30s", "-s", script.name,
             "-H", f"Cookie: {cookie}", url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    result = json.loads(out.split("@@", 1)[1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


SETTLE = 2  # seconds between runs: what the last run left queued is served before the next starts


def run_load(base, pages, cookies, args):
    """Each page between two yardstick runs (the one before it and the one before the next
    page): its ratio is to their mean, so a slow moment on the machine weighs on both."""
    rows = []
    trivial = None
    for name, path, persona, queries, size, cpu_ms, _ in pages:
        if trivial is None:
            time.sleep(SETTLE)
            trivial = wrk(base + "/healthz/db", cookies[persona], args)
        time.sleep(SETTLE)
        page = wrk(base + path, cookies[persona], args)
        time.sleep(SETTLE)
        after = wrk(base + "/healthz/db", cookies[persona], args)
        yardstick = (trivial["rps"] + after["rps"]) / 2
        trivial = after
        ratio = page["rps"] / yardstick if yardstick else float("nan")
        row = {"page": name, "persona": persona, "path": path, "queries": queries, "kb": size / 1024,
               "cpu_ms": cpu_ms, "trivial_rps": yardstick, "ratio": ratio, **page}
        rows.append(row)
        print(f"{name:38} {persona:8} {page['rps']:8.1f} req/s  ratio {row['ratio']:.3f}  p95 {page['p95']:8.1f} ms  "
              f"errors {page['errors'] + page['non2xx']}  queries {queries}  {size / 1024:.1f} KB  "
              f"{cpu_ms:.1f} ms in process", flush=True)
    return rows


def worker_memory(master):
    """Peak resident memory (MB) of each gunicorn worker."""
    ps = subprocess.run(["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True)
    children = ps.stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return peaks


def report(rows, memory, args, database, yardstick_ms):
    out = Path(args.out or ROOT / "bench" / "results" / f"load-{args.size}.md")
    out.parent.mkdir(exist_ok=True)
    machine = f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end"
    lines = [
        f"Size {args.size} (database {database}), {time.strftime('%Y-%m-%d %H:%M')}, {machine}; gunicorn gthread "
        f"{args.workers} workers × {args.threads} threads, wrk concurrency {args.concurrency}, {args.duration} s per "
        f"run; command: `bench/load.py --size {args.size} --duration {args.duration}`",
        "",
        "| page | as | req/s | ratio to /healthz/db | p50 ms | p95 ms | p99 ms | errors | queries | KB gzip "
        "| ms in process |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        errors = r["errors"] + r["non2xx"]
        lines.append(f"| {r['page']} | {r['persona']} | {r['rps']:.1f} | {r['ratio']:.3f} | {r['p50']:.0f} | "
                     f"{r['p95']:.0f} | {r['p99']:.0f} | {errors} | {r['queries']} | {r['kb']:.1f} | "
                     f"{r['cpu_ms']:.1f} |")
    if rows:
        lines.append(f"| /healthz/db (mean of the yardstick runs) | – | "
                     f"{sum(r['trivial_rps'] for r in rows) / len(rows):.1f} | 1 | | | | | 1 | | {yardstick_ms:.1f} |")
    lines += ["", "Workers' peak memory (MB): " + ", ".join(f"{m:.0f}" for m in memory)]
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
