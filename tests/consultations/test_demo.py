"""The demo content: three consultations in their stages, idempotent, quick."""

import time

from consultations import demo
from consultations.models import Campaign, Comment, Consultation, Redaction, Response, Stage, Theme


def _users(manager, contributor, reader):
    return {u.email: u for u in (manager, contributor, reader)}


def test_seeding_twice_creates_nothing_new_and_each_is_in_its_stage(workspace, manager, contributor, reader):
    started = time.monotonic()
    demo.seed_demo(workspace, _users(manager, contributor, reader))
    assert time.monotonic() - started < 10  # generous: the budget is under 2 s (bench/ measures it)
    counts = (Consultation.objects.count(), Response.objects.count(), Comment.objects.count())
    demo.seed_demo(workspace, _users(manager, contributor, reader))
    assert (Consultation.objects.count(), Response.objects.count(), Comment.objects.count()) == counts
    stages = {c.title: c.stage() for c in Consultation.objects.filter(workspace=workspace)}
    assert stages == {demo.BATHING: Stage.OPEN, demo.ENERGY: Stage.ANALYSING, demo.LIBRARY: Stage.PUBLISHED}


def test_the_open_one_has_sub_sections_questions_a_suggestion_and_the_readers_draft(
        workspace, manager, contributor, reader):
    demo.seed_demo(workspace, _users(manager, contributor, reader))
    bathing = Consultation.objects.get(title=demo.BATHING)
    assert bathing.sections.filter(parent__isnull=True).count() == 4
    assert bathing.sections.filter(parent__isnull=False).exists()
    assert bathing.questions.count() == 3
    assert bathing.comments.filter(kind="suggestion").exists()
    assert Response.objects.get(consultation=bathing, respondent=reader).status == "in_progress"
    assert bathing.response_count == 2


def test_the_analysed_one_has_a_codebook_a_campaign_and_a_letter(workspace, manager, contributor, reader):
    demo.seed_demo(workspace, _users(manager, contributor, reader))
    energy = Consultation.objects.get(title=demo.ENERGY)
    assert Theme.objects.filter(consultation=energy, parent__isnull=False).exists()
    assert Campaign.objects.get(consultation=energy).size == 5
    assert energy.responses.filter(channel="letter").exists()


def test_the_published_one_has_what_its_outcome_page_shows(workspace, manager, contributor, reader):
    demo.seed_demo(workspace, _users(manager, contributor, reader))
    library = Consultation.objects.get(title=demo.LIBRARY)
    assert library.outcome_summary and library.days_to_outcome() == 61
    assert {r.consent for r in library.responses.all()} == {"named", "anonymous", "private"}
    assert library.comments.filter(publish_state="approved", quoted=True).exists()
    assert "[redacted]" in library.comments.get(redactions__isnull=False).published_body
    assert Redaction.objects.filter(consultation=library).exists()
    assert library.sections.exclude(response_text="").count() == 3
    assert library.sections.exclude(final_text="").exists()
    assert library.comments.filter(suggestion_state="accepted").exists()
