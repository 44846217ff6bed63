"""Surveys benchmark: the CSV export's rows per second and peak memory, and the results page
uncached, on a database seeded by `manage.py seed_scale` (the flagship's survey: 200,000
responses × 20 questions at size L). Figures, not assertions.

    createdb -h 127.0.0.1 -U postgres engage_l
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage_l
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_scale --size L
    .venv/bin/python bench/surveys.py --size L        # writes bench/results/surveys-L.md

The export runs in a child process of its own (the whole download through the test client: the
view, the plan, every chunk's two queries, the CSV writer), so that its peak resident memory
(getrusage maxrss) is the export's and not this script's. The results page is asked --requests
times with the cache cleared before each; p50/p95 of the server time in-process.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {"DJANGO_SETTINGS_MODULE": "engage.settings", "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
       "DJANGO_SECURE_SSL_REDIRECT": "false"}
for key, value in ENV.items():
    os.environ.setdefault(key, value)

EXPORT_CHILD = r"""
import json, resource, sys, time
import django
django.setup()
from django.test import Client
from accounts.models import User
from surveys.models import Survey
from surveys.scale import TITLE
from workspaces.scale import FLAGSHIP_SLUG

survey = Survey.objects.select_related("workspace").get(workspace__slug=FLAGSHIP_SLUG, title=TITLE)
client = Client()
client.force_login(User.objects.get(email="manager@example.org"))
path = f"/w/{survey.workspace.slug}/surveys/{survey.pk}/export/"
query = {"format": "csv", "status": sys.argv[1], "headings": "codes", "values": sys.argv[2]}
# The first request loads the URLconf, middleware and the session: not the export's cost.
b"".join(client.get(f"/w/{survey.workspace.slug}/surveys/{survey.pk}/codebook.csv").streaming_content)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
response = client.get(path, query)
size = lines = 0
for chunk in response.streaming_content:
    size += len(chunk)
    lines += chunk.count(b"\n")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("@@" + json.dumps({"status": response.status_code, "seconds": seconds, "bytes": size, "lines": lines,
                         "rss_before_kb": before, "rss_peak_kb": peak,
                         "responses": survey.submitted_count + survey.in_progress_count}))
"""


def run_export(status, values):
    out = subprocess.run([sys.executable, "-c", EXPORT_CHILD, status, values], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={**os.environ, **ENV})
    return json.loads(out.stdout.split("@@", 1)[1])


def results_page_times(requests):
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from accounts.models import User
    from surveys.models import Survey
    from surveys.scale import TITLE
    from workspaces.scale import FLAGSHIP_SLUG

    survey = Survey.objects.select_related("workspace").get(workspace__slug=FLAGSHIP_SLUG, title=TITLE)
    try:
        path = reverse("surveys:results", kwargs={"workspace": survey.workspace.slug, "pk": survey.pk})
    except NoReverseMatch:
        return None
    client = Client()
    client.force_login(User.objects.get(email="manager@example.org"))
    client.get(path)  # the connection, templates, the session
    times = []
    for _ in range(requests):
        cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    times.sort()
    return {"path": path, "status": response.status_code, "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], "queries": len(queries),
            "requests": requests}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="L", help="the seeded size, for the file name (S, M, L)")
    parser.add_argument("--requests", type=int, default=20, help="results page requests")
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database.")
    runs = [("complete", "codes"), ("all", "labels")]
    exported = []
    for status, values in runs:
        figures = run_export(status, values)
        rows = figures["lines"] - 1
        figures.update(status_filter=status, values=values, rows=rows, rows_per_s=rows / figures["seconds"],
                       peak_mb=figures["rss_peak_kb"] / 1024, base_mb=figures["rss_before_kb"] / 1024)
        exported.append(figures)
        print(f"export {status}/{values}: {rows} rows in {figures['seconds']:.2f} s = "
              f"{figures['rows_per_s']:,.0f} rows/s, {figures['bytes'] / 1e6:.1f} MB, "
              f"peak RSS {figures['peak_mb']:.0f} MB (at start {figures['base_mb']:.0f} MB)")
    page = results_page_times(args.requests)
    if page:
        print(f"results page: p50 {page['p50']:.0f} ms, p95 {page['p95']:.0f} ms, {page['queries']} queries, "
              f"status {page['status']}")
    else:
        print("results page: not built on this branch (surveys:results does not exist)")
    write_report(args.size, exported, page)


def write_report(size, exported, page):
    now = datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [f"# Surveys at size {size}", "",
             f"`bench/surveys.py --size {size}`, {now}, {platform.node()} ({os.cpu_count()} cores), "
             f"Python {platform.python_version()}, DATABASE_URL on PostgreSQL.", "",
             "## CSV export (targets: ≥ 50,000 rows/s, peak memory < 150 MB)", "",
             "| responses | values | rows | seconds | rows/s | MB written | peak RSS (MB) | RSS at start (MB) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for f in exported:
        lines.append(f"| {f['status_filter']} | {f['values']} | {f['rows']:,} | {f['seconds']:.2f} | "
                     f"{f['rows_per_s']:,.0f} | {f['bytes'] / 1e6:.1f} | {f['peak_mb']:.0f} | {f['base_mb']:.0f} |")
    lines += ["", "Peak RSS is the whole child process's (Django, the connection, the export), measured "
              "with getrusage after streaming the file through the test client.", "",
              "## Results page, uncached (target: ≤ 300 ms)", ""]
    if page:
        lines += ["| path | requests | p50 (ms) | p95 (ms) | queries | status |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |",
                  f"| {page['path']} | {page['requests']} | {page['p50']:.0f} | {page['p95']:.0f} | "
                  f"{page['queries']} | {page['status']} |"]
    else:
        lines.append("Not measured: the results page (surveys:results) is not on this branch.")
    out = ROOT / "bench" / "results" / f"surveys-{size}.md"
    out.write_text("\n".join(lines) + "\n")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
