"""Consultations benchmark: finding campaigns among the seeded responses (time, peak memory,
comparisons), the exports' rows per second and peak memory, and the section page's queries, on
a database seeded by `manage.py seed_scale` (the flagship's consultation: 40 sections, 50,000
responses of one comment each at size L). Figures, not assertions.

    createdb -h 127.0.0.1 -U postgres engage_bench_cs
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/engage_bench_cs
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_scale --size S
    .venv/bin/python bench/consultations.py --size S     # writes bench/results/consultations-S.md

Each measurement runs in a child process of its own, so that its peak resident memory (getrusage
maxrss) is that work's and not this script's: the grouping runs campaigns.run_grouping on a new
GroupingRun (what the Celery task does); each export streams the whole download through the
test client (the view, every chunk's queries, the CSV or XLSX writer).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {"DJANGO_SETTINGS_MODULE": "engage.settings", "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
       "DJANGO_SECURE_SSL_REDIRECT": "false"}
for key, value in ENV.items():
    os.environ.setdefault(key, value)

SETUP = r"""
import json, resource, sys, time
import django
django.setup()
from consultations.models import Consultation
from consultations.scale import TITLE
from workspaces.scale import FLAGSHIP_SLUG

consultation = Consultation.objects.select_related("workspace").get(workspace__slug=FLAGSHIP_SLUG, title=TITLE)
"""

GROUPING_CHILD = SETUP + r"""
from consultations import campaigns, counts
from consultations.models import GroupingRun
from workspaces.lib import similarity

checks = []
original = similarity.NearDuplicates.groups
def counted(self):
    checks.append(self.checks)
    return original(self)
similarity.NearDuplicates.groups = counted
run = GroupingRun.objects.create(consultation=consultation)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
found = campaigns.run_grouping(run.pk)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
run.refresh_from_db()
print("@@" + json.dumps({"seconds": seconds, "responses": run.total, "campaigns": found, "state": run.state,
                         "checks": checks[0] if checks else 0, "rss_before_kb": before, "rss_peak_kb": peak,
                         "phrase": counts.totals(consultation).phrase}))
"""

EXPORT_CHILD = SETUP + r"""
from django.test import Client
from accounts.models import User

client = Client()
client.force_login(User.objects.get(pk=consultation.created_by_id))
base = f"/w/{consultation.workspace.slug}/consultations/{consultation.pk}/exports/"
# The first request loads the URLconf, middleware and the session: not the export's cost.
b"".join(client.get(base + "codebook.csv").streaming_content)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
response = client.get(base + sys.argv[1])
size = 0
last = b""
for chunk in response.streaming_content:
    size += len(chunk)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("@@" + json.dumps({"status": response.status_code, "seconds": seconds, "bytes": size,
                         "rss_before_kb": before, "rss_peak_kb": peak}))
"""

SECTION_CHILD = SETUP + r"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from accounts.models import User
from consultations.models import Section

section = Section.objects.filter(consultation=consultation).order_by("-comment_count", "position").first()
try:
    path = reverse("consultations:section", kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk,
                                                    "section": section.pk})
except NoReverseMatch:
    print("@@" + json.dumps(None))
    sys.exit(0)
client = Client()
client.force_login(User.objects.get(pk=consultation.created_by_id))
client.get(path)
times = []
for _ in range(10):
    start = time.perf_counter()
    response = client.get(path)
    times.append((time.perf_counter() - start) * 1000)
with CaptureQueriesContext(connection) as queries:
    client.get(path)
times.sort()
print("@@" + json.dumps({"path": path, "status": response.status_code, "comments": section.comment_count,
                         "queries": len(queries), "p50": times[len(times) // 2], "max": times[-1]}))
"""


def child(code, *args):
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, **ENV})
    return json.loads(out.stdout.split("@@", 1)[1])


def count_rows(what):
    """Rows of each table (the header aside), from the database: the CSV's line count would
    count the line breaks inside comments."""
    import django

    django.setup()
    from consultations import exports
    from consultations.models import Consultation
    from consultations.scale import TITLE
    from workspaces.scale import FLAGSHIP_SLUG

    consultation = Consultation.objects.get(workspace__slug=FLAGSHIP_SLUG, title=TITLE)
    return sum(1 for _ in exports.TABLES[what](consultation)) - 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="L", help="the seeded size, for the file name (S, M, L)")
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database.")
    grouping = child(GROUPING_CHILD)
    grouping["peak_mb"] = grouping["rss_peak_kb"] / 1024
    grouping["base_mb"] = grouping["rss_before_kb"] / 1024
    print(f"grouping: {grouping['responses']:,} responses in {grouping['seconds']:.2f} s "
          f"({grouping['responses'] / max(grouping['seconds'], 1e-9):,.0f}/s), {grouping['campaigns']} campaigns, "
          f"{grouping['checks']:,} Jaccard checks, peak RSS {grouping['peak_mb']:.0f} MB "
          f"(at start {grouping['base_mb']:.0f} MB); {grouping['phrase']}")
    exported = []
    for what, fmt in (("comments", "csv"), ("responses", "csv"), ("comments", "xlsx")):
        figures = child(EXPORT_CHILD, f"{what}.{fmt}")
        rows = count_rows(what)
        figures.update(what=what, fmt=fmt, rows=rows, rows_per_s=rows / figures["seconds"],
                       peak_mb=figures["rss_peak_kb"] / 1024, base_mb=figures["rss_before_kb"] / 1024)
        exported.append(figures)
        print(f"export {what}.{fmt}: {rows:,} rows in {figures['seconds']:.2f} s = {figures['rows_per_s']:,.0f} "
              f"rows/s, {figures['bytes'] / 1e6:.1f} MB, peak RSS {figures['peak_mb']:.0f} MB "
              f"(at start {figures['base_mb']:.0f} MB)")
    section = child(SECTION_CHILD)
    if section:
        print(f"section page: {section['queries']} queries, p50 {section['p50']:.0f} ms ({section['comments']} "
              "comments)")
    else:
        print("section page: not built on this branch (consultations:section does not exist)")
    write_report(args.size, grouping, exported, section)


def write_report(size, grouping, exported, section):
    now = datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [f"# Consultations at size {size}", "",
             f"`bench/consultations.py --size {size}`, {now}, {platform.node()} ({os.cpu_count()} cores), "
             f"Python {platform.python_version()}, DATABASE_URL on PostgreSQL.", "",
             "## Finding campaigns (the background job, campaigns.run_grouping)", "",
             "| responses | seconds | responses/s | campaigns | Jaccard checks | peak RSS (MB) | RSS at start (MB) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
             f"| {grouping['responses']:,} | {grouping['seconds']:.2f} | "
             f"{grouping['responses'] / max(grouping['seconds'], 1e-9):,.0f} | {grouping['campaigns']} | "
             f"{grouping['checks']:,} | {grouping['peak_mb']:.0f} | {grouping['base_mb']:.0f} |", "",
             f"Published phrase afterwards: “{grouping['phrase']}”. The run reads the responses "
             "1,000 at a time (two queries for their texts), saves their text_hash and its progress each batch, "
             "then writes the campaigns in one transaction.", "",
             "## Exports (streamed through the test client)", "",
             "| table | format | rows | seconds | rows/s | MB written | peak RSS (MB) | RSS at start (MB) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for f in exported:
        lines.append(f"| {f['what']} | {f['fmt']} | {f['rows']:,} | {f['seconds']:.2f} | {f['rows_per_s']:,.0f} | "
                     f"{f['bytes'] / 1e6:.1f} | {f['peak_mb']:.0f} | {f['base_mb']:.0f} |")
    lines += ["", "## The section page", ""]
    if section:
        lines += [f"`{section['path']}` (the section with the most comments: {section['comments']:,}): "
                  f"{section['queries']} queries, p50 {section['p50']:.0f} ms, max {section['max']:.0f} ms over 10 "
                  f"requests, status {section['status']}."]
    else:
        lines += ["Not built on this branch (`consultations:section` belongs to the responding part)."]
    path = ROOT / "bench" / "results" / f"consultations-{size}.md"
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
