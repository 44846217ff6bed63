"""Finding campaigns: the text compared, the acceptance example with its published phrase, the
analysts' decisions kept on a re-run, the run's progress and the task."""

import pytest
from django.core.exceptions import ValidationError

from consultations import campaigns, counts, tasks
from consultations.models import Campaign, CommentKind, GroupingRun, Response
from workspaces.lib.similarity import exact_key, normalised

from .builders import make_consultation, make_response
from .campaigns_helpers import TEXT, acceptance_set, answer, one_word_changed, respond


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, stage="closed")


def test_the_text_is_comments_and_suggestions_in_document_order_then_free_text_answers(consultation, reader):
    response = make_response(consultation, reader, comments=[("3", 1, "Third section."), ("1", None, "Whole one."),
                                                             ("1", 2, "First, paragraph two.")],
                             suggestions=[("2", 5, "New wording for 2.5")])
    answer(response, "Q2", "Second answer.", position=2)
    answer(response, "Q1", "First answer.", position=1)
    assert campaigns.response_text(response).split("\n\n") == [
        "Whole one.", "First, paragraph two.", "New wording for 2.5", "Third section.", "First answer.",
        "Second answer."]
    assert response.comments.filter(kind=CommentKind.SUGGESTION).count() == 1
    assert campaigns.normalised("Hello,   WORLD!") == "hello world"


def test_three_identical_two_nearly_identical_and_one_unique_make_one_campaign_of_five(consultation, manager):
    responses = acceptance_set(consultation, manager)
    run = GroupingRun.objects.create(consultation=consultation)
    assert campaigns.group(consultation, run) == 1
    (campaign,) = Campaign.objects.filter(consultation=consultation)
    members = set(Response.objects.filter(campaign=campaign).values_list("pk", flat=True))
    assert members == {r.pk for r in responses[:5]}
    assert Response.objects.get(pk=responses[5].pk).campaign_id is None
    assert campaign.size == 5 and campaign.signatures == 5 and not campaign.exact
    assert campaign.representative_id == responses[0].pk  # the earliest response
    assert counts.totals(consultation).phrase == "6 responses, including 5 in 1 campaign"
    # The exact key of every response is saved.
    first = Response.objects.get(pk=responses[0].pk)
    assert first.text_hash == exact_key(normalised(TEXT))
    assert Response.objects.get(pk=responses[1].pk).text_hash == first.text_hash


def test_identical_texts_only_make_an_exact_campaign_and_signatures_add_up(consultation, manager):
    respond(consultation, TEXT, staff=manager, signature_count=100)
    respond(consultation, TEXT, staff=manager)
    campaigns.group(consultation)
    campaign = Campaign.objects.get(consultation=consultation)
    assert campaign.exact and campaign.size == 2 and campaign.signatures == 101
    assert counts.totals(consultation).phrase == "2 responses, including 2 in 1 campaign (101 signatures in all)"


def test_drafts_and_empty_responses_are_left_out(consultation, manager, reader):
    respond(consultation, TEXT, staff=manager)
    make_response(consultation, reader, submitted=False, comments=[("2", 1, TEXT)])
    make_response(consultation, None, channel="letter", entered_by=manager)  # no text at all
    make_response(consultation, None, channel="email", entered_by=manager)
    campaigns.group(consultation)
    assert not Campaign.objects.exists()


def test_a_rerun_keeps_confirmed_campaigns_and_split_out_responses(consultation, manager):
    responses = acceptance_set(consultation, manager)
    campaigns.group(consultation)
    campaign = Campaign.objects.get(consultation=consultation)
    campaigns.confirm(actor=manager, campaign=campaign)
    campaigns.split_out(actor=manager, campaign=campaign, response=responses[4])
    late = respond(consultation, TEXT, staff=manager)  # arrives after the first run
    campaigns.group(consultation)
    campaign.refresh_from_db()
    assert Campaign.objects.filter(consultation=consultation).count() == 1
    assert campaign.confirmed and campaign.size == 5  # 4 kept, and the late one joined
    assert set(Response.objects.filter(campaign=campaign).values_list("pk", flat=True)) == {
        *(r.pk for r in responses[:4]), late.pk}
    split = Response.objects.get(pk=responses[4].pk)
    assert split.campaign_id is None and split.campaign_excluded
    assert counts.totals(consultation).phrase == "7 responses, including 5 in 1 campaign"


def test_an_ungrouped_campaign_stays_ungrouped_on_a_rerun(consultation, manager):
    acceptance_set(consultation, manager)
    campaigns.group(consultation)
    assert campaigns.ungroup(actor=manager, campaign=Campaign.objects.get()) == 5
    campaigns.group(consultation)
    assert not Campaign.objects.exists()
    assert counts.totals(consultation).phrase == "6 responses"


def test_an_unconfirmed_campaign_is_found_afresh(consultation, manager):
    responses = acceptance_set(consultation, manager)
    campaigns.group(consultation)
    first = Campaign.objects.get()
    responses[5].comments.update(body=one_word_changed(TEXT, 12, "pupils"))  # edited to join the campaign
    campaigns.group(consultation)
    assert not Campaign.objects.filter(pk=first.pk).exists()
    assert Campaign.objects.get().size == 6


def test_splitting_a_campaign_down_to_one_response_removes_it(consultation, manager):
    first = respond(consultation, TEXT, staff=manager)
    second = respond(consultation, TEXT, staff=manager)
    campaigns.group(consultation)
    assert campaigns.split_out(actor=manager, campaign=Campaign.objects.get(), response=second) is None
    assert not Campaign.objects.exists() and Response.objects.get(pk=first.pk).campaign_id is None
    other = Campaign.objects.create(consultation=consultation, size=2)
    with pytest.raises(ValidationError, match="not in this campaign"):
        campaigns.split_out(actor=manager, campaign=other, response=first)


def test_the_run_saves_its_progress_every_batch(consultation, manager, monkeypatch):
    acceptance_set(consultation, manager)
    run = GroupingRun.objects.create(consultation=consultation)
    seen = []
    texts_of = campaigns.texts_of

    def spying(ids):
        current = GroupingRun.objects.get(pk=run.pk)
        seen.append((current.done, current.total))
        return texts_of(ids)

    monkeypatch.setattr(campaigns, "BATCH", 2)
    monkeypatch.setattr(campaigns, "texts_of", spying)
    assert campaigns.run_grouping(run.pk) == 1
    assert seen == [(0, 6), (2, 6), (4, 6)]
    run.refresh_from_db()
    assert (run.state, run.done, run.total, run.campaigns_found, run.percent) == ("done", 6, 6, 1, 100)
    assert run.started_at and run.finished_at


def test_the_task_runs_once_the_start_commits_and_only_one_run_at_a_time(consultation, manager,
                                                                           django_capture_on_commit_callbacks):
    acceptance_set(consultation, manager)
    with django_capture_on_commit_callbacks(execute=False):
        run = campaigns.start_grouping(actor=manager, consultation=consultation)
    with pytest.raises(ValidationError, match="already being found"):
        campaigns.start_grouping(actor=manager, consultation=consultation)
    GroupingRun.objects.filter(pk=run.pk).update(state="done")
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.find_campaigns(actor=manager, consultation=consultation)
    second.refresh_from_db()
    assert second.state == "done" and second.campaigns_found == 1 and second.requested_by == manager


def test_a_failed_run_says_so(consultation, manager, monkeypatch):
    run = GroupingRun.objects.create(consultation=consultation)

    def broken(*args):
        raise RuntimeError("database went away")

    monkeypatch.setattr(campaigns, "group", broken)
    with pytest.raises(RuntimeError):
        campaigns.run_grouping(run.pk)
    run.refresh_from_db()
    assert run.state == "failed" and "went away" in run.error
