"""Wiki diff benchmark: how long comparing two ~100 KB revisions takes. Figures, not assertions.

    .venv/bin/python bench/wiki_diff_bench.py               # 100 KB, 60 scattered edits, 20 runs
    .venv/bin/python bench/wiki_diff_bench.py --kb 200 --edits 300 --runs 10

Builds two deterministic revisions of a Markdown page (paragraphs of ordinary words, a few
headings and lists) that differ by `--edits` small word changes, a moved sentence and an added
paragraph, then times:

1. wikis.diff.diff_texts() alone (the comparison and its HTML), and
2. the whole diff page (GET /w/<ws>/wikis/<page>/diff/?from=1&to=2 through Django's test client:
   permission checks, two revisions loaded, the comparison, the template), on a throwaway
   SQLite database in a temporary directory unless DATABASE_URL points elsewhere;

and, for the bound on bad cases, two unrelated texts of the same size (everything changed).
"""

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.mkdtemp(prefix="wiki-diff-bench-")
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
os.environ.setdefault("ENGAGE_VAR_DIR", _tmp)
os.environ.setdefault("STATIC_ROOT", os.path.join(_tmp, "static"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wikis.models import Page, Revision  # noqa: E402
from wikis.services import page_create  # noqa: E402
from workspaces.lib.diff import diff_texts  # noqa: E402
from workspaces.models import Organisation, Role, Workspace  # noqa: E402
from workspaces.services.memberships import membership_add  # noqa: E402

WORDS = (
    "the of and to in a is that for on with as by this be are from at or it an which have we will not "
    "housing standard review evidence council local authority developer guidance programme policy plan "
    "consultation response stakeholder budget report quality safety building energy efficiency tenant "
    "landlord rent repair damp heating insulation survey inspection licence scheme funding grant delivery "
    "timetable milestone risk assessment equality impact accessibility design space light noise garden "
    "parking transport school health community neighbourhood regeneration estate tower flat house home"
).split()


def document(rng, size):
    """A Markdown page of about `size` characters: headings, paragraphs (one per line), lists."""
    parts, total, section = [], 0, 0
    while total < size:
        if section % 6 == 0:
            parts.append(f"## Section {section // 6 + 1}: {' '.join(rng.choice(WORDS) for _ in range(4))}")
        elif section % 7 == 3:
            items = (" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))) for _ in range(4))
            parts.append("\n".join(f"- {item}" for item in items))
        else:
            sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
                         for _ in range(rng.randint(3, 7))]
            parts.append(" ".join(sentences))
        total += len(parts[-1]) + 2
        section += 1
    return parts


def edited(rng, parts, edits):
    parts = list(parts)
    for _ in range(edits):
        i = rng.randrange(len(parts))
        words = parts[i].split(" ")
        words[rng.randrange(len(words))] = rng.choice(WORDS).upper()
        parts[i] = " ".join(words)
    moved = parts.pop(len(parts) // 3)
    parts.insert(2 * len(parts) // 3, moved)
    parts.insert(len(parts) // 2, "A new paragraph added by the second editor, with a [[Link]] in it.")
    return parts


def timed(call, runs):
    call()  # warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", type=int, default=100, help="size of each revision in KB")
    parser.add_argument("--edits", type=int, default=60, help="scattered one-word edits")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    rng = random.Random(5)
    parts = document(rng, args.kb * 1000)
    old, new = "\n\n".join(parts), "\n\n".join(edited(rng, parts, args.edits))
    unrelated = "\n\n".join(document(random.Random(6), args.kb * 1000))
    print(f"revisions: {len(old):,} and {len(new):,} characters; {args.edits} edits, a moved and an added paragraph")

    result = diff_texts(old, new)
    median, worst = timed(lambda: diff_texts(old, new), args.runs)
    print(f"diff_texts, edited revision:        median {median:7.1f} ms, slowest {worst:7.1f} ms "
          f"({result.changes} changed regions, {len(result.html):,} bytes of HTML"
          f"{', ' + result.notice if result.notice else ''})")
    result = diff_texts(old, unrelated)
    median, worst = timed(lambda: diff_texts(old, unrelated), args.runs)
    print(f"diff_texts, everything different:  median {median:7.1f} ms, slowest {worst:7.1f} ms "
          f"({'notice: ' + result.notice if result.notice else 'word by word'})")

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email="bench-editor@example.org").first() or \
        get_user_model().objects.create_user("bench-editor@example.org", None, display_name="Bench Editor")
    org, _ = Organisation.objects.get_or_create(slug="bench-wiki", defaults={"name": "Bench Department"})
    workspace, created = Workspace.objects.get_or_create(
        slug="bench-wiki", defaults={"organisation": org, "name": "Bench wiki", "enabled_tools": ["wikis"]})
    if created:
        membership_add(actor=None, workspace=workspace, user=user, role=Role.CONTRIBUTOR)
    Page.objects.filter(workspace=workspace).delete()
    page = page_create(actor=user, workspace=workspace, title="Long report", text=old)
    Revision.objects.create(page=page, workspace=workspace, number=2, title=page.title, text=new, author=user)
    Page.objects.filter(pk=page.pk).update(version=2, text=new)
    client = Client()
    client.force_login(user)
    url = f"/w/{workspace.slug}/wikis/{page.slug}/diff/?from=1&to=2"

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    median, worst = timed(get, args.runs)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    print(f"diff page, whole request ({connection.vendor}): median {median:7.1f} ms, slowest {worst:7.1f} ms, "
          f"{len(ctx.captured_queries)} queries, {len(response.content):,} bytes")


if __name__ == "__main__":
    main()
