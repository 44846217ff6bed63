"""The scale seed's consultation at a tiny size: 40 sections, one comment per response, counters
as the services keep them, campaigns to find, and pages for the load script."""

import random

from django.db.models import Sum
from django.utils import timezone

from consultations import campaigns, counts
from consultations.models import Campaign, Comment, Consultation, Response, Section
from consultations.scale import SECTIONS, TITLE, bench_pages, seed_scale
from workspaces.scale import SIZES, ScaleContext, Size


def _size(comments):
    return Size(stakeholders=0, staff=0, workspaces=1, members_per_small_workspace=0, teams=0, team_size=0,
                wiki_pages=0, wiki_revisions=0, big_page_revisions=0, documents=0, versions=0, big_folder_files=0,
                links=0, activity=0, audit_entries=0, unread_notifications=0, consultation_comments=comments)


def test_the_sizes_ask_for_50000_comments_at_l():
    assert SIZES["L"].consultation_comments == 50_000
    assert SIZES["S"].consultation_comments < SIZES["M"].consultation_comments


def test_the_seed_makes_a_consultation_with_comments_counters_and_campaigns(workspace, manager, contributor, reader):
    ctx = ScaleContext(size=_size(120), rng=random.Random(1), now=timezone.now(), organisation=workspace.organisation,
                       workspace=workspace, small_workspaces=[], demo={manager.email: manager},
                       staff_ids=[manager.pk], stakeholder_ids=[contributor.pk, reader.pk], team_ids=[])
    seed_scale(ctx)
    consultation = Consultation.objects.get(workspace=workspace, title=TITLE)
    assert consultation.stage() == "analysing"
    assert Section.objects.filter(consultation=consultation).count() == SECTIONS
    assert Response.objects.filter(consultation=consultation).count() == 120 == consultation.response_count
    assert Comment.objects.filter(consultation=consultation).count() == 120 == consultation.comment_count
    assert Section.objects.filter(consultation=consultation).aggregate(n=Sum("comment_count"))["n"] == 120
    assert Response.objects.filter(consultation=consultation, channel="web").count() == 2
    found = campaigns.group(consultation)
    assert 1 <= found <= 4  # the three organised texts (a changed word seldom makes a fourth)
    assert Campaign.objects.filter(consultation=consultation).aggregate(n=Sum("size"))["n"] >= 20
    assert "including" in counts.totals(consultation).phrase
    pages = dict(bench_pages(workspace))
    assert pages["consultation page"] == consultation.get_absolute_url()
