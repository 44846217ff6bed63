"""The campaigns pages: the totals phrase, finding campaigns (POST, then the progress polled with
htmx or refreshed by hand), a campaign's page and the analysts' decisions, and query counts that
do not grow with the number of campaigns or responses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import campaigns
from consultations.models import Campaign, GroupingRun, Response

from .builders import make_consultation
from .campaigns_helpers import TEXT, acceptance_set, respond


@pytest.fixture
def consultation(workspace, manager):
    return make_consultation(workspace, manager, stage="closed")


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}",
                   kwargs={"workspace": consultation.workspace.slug, "pk": consultation.pk, **kwargs})


def test_the_page_states_the_totals_and_lists_the_campaigns(as_user, manager, consultation):
    acceptance_set(consultation, manager)
    campaigns.group(consultation)
    body = as_user(manager).get(url("campaigns", consultation)).content.decode()
    assert "6 responses, including 5 in 1 campaign" in body
    assert "Campaign: 5 responses" in body and "Nearly identical texts" in body
    assert "We object to the closure" in body  # the representative text
    assert "Find campaigns" in body


def test_find_campaigns_starts_a_run_that_runs_in_the_background(as_user, manager, consultation,
                                                                  django_capture_on_commit_callbacks):
    acceptance_set(consultation, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(manager).post(url("campaigns", consultation))
    assert response.status_code == 302
    run = GroupingRun.objects.get(consultation=consultation)
    assert run.state == "done" and run.campaigns_found == 1
    page = as_user(manager).get(url("campaigns", consultation)).content.decode()
    assert "Campaigns last found" in page and "Campaign: 5 responses" in page


def test_while_it_runs_the_page_shows_progress_polled_with_htmx_and_a_refresh_link(as_user, manager,
                                                                                    consultation):
    GroupingRun.objects.create(consultation=consultation, state="running", total=50_000, done=12_000)
    client = as_user(manager)
    body = client.get(url("campaigns", consultation)).content.decode()
    assert 'role="status"' in body and 'hx-trigger="every 2s"' in body
    assert "12,000 of 50,000 responses checked (24%)" in body and ">Refresh</a>" in body
    assert "Find campaigns</button>" not in body  # one run at a time
    partial = client.get(url("campaigns", consultation) + "?progress=1", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "HX-Refresh" not in partial
    assert partial.content.decode().lstrip().startswith('<div id="grouping-progress"')
    GroupingRun.objects.update(state="done", done=50_000)
    finished = client.get(url("campaigns", consultation) + "?progress=1", HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"


def test_a_second_run_is_refused_while_one_runs(as_user, manager, consultation):
    GroupingRun.objects.create(consultation=consultation, state="queued")
    response = as_user(manager).post(url("campaigns", consultation), follow=True)
    assert "already being found" in response.content.decode()
    assert GroupingRun.objects.count() == 1


def test_the_campaign_page_lists_its_responses_and_the_decisions_work(as_user, manager, consultation):
    responses = acceptance_set(consultation, manager)
    campaigns.group(consultation)
    campaign = Campaign.objects.get()
    client = as_user(manager)
    body = client.get(url("campaign", consultation, campaign=campaign.pk)).content.decode()
    assert "Campaign of 5 responses" in body and responses[3].public_id in body
    assert "differs from the representative text" in body
    act = url("campaign_act", consultation, campaign=campaign.pk)
    assert client.post(act, {"action": "confirm"}).status_code == 302
    assert Campaign.objects.get().confirmed
    client.post(act, {"action": "split", "response": responses[4].public_id})
    assert Response.objects.get(pk=responses[4].pk).campaign_excluded
    assert Campaign.objects.get().size == 4
    # A response not in it, a made-up action: a message, never a 500.
    page = client.post(act, {"action": "split", "response": responses[5].public_id}, follow=True)
    assert page.status_code == 200 and "not in this campaign" in page.content.decode()
    page = client.post(act, {"action": "explode"}, follow=True)
    assert page.status_code == 200 and "Choose what to do" in page.content.decode()
    assert client.post(act, {"action": "ungroup"}).status_code == 302
    assert not Campaign.objects.exists()


def test_another_consultations_campaign_is_not_found(as_user, manager, workspace, consultation):
    other = make_consultation(workspace, manager, stage="closed")
    respond(other, TEXT, staff=manager)
    respond(other, TEXT, staff=manager)
    campaigns.group(other)
    theirs = Campaign.objects.get(consultation=other)
    client = as_user(manager)
    assert client.get(url("campaign", consultation, campaign=theirs.pk)).status_code == 404
    assert client.post(url("campaign_act", consultation, campaign=theirs.pk), {"action": "ungroup"}).status_code == 404


def _queries(client, address):
    client.get(address)  # the first request of a session reads what later ones have cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_pages_queries_do_not_grow_with_the_data(as_user, manager, consultation):
    def add_campaign(n):
        for _ in range(3):
            respond(consultation, " ".join(f"word{n}x{i}" for i in range(12)), staff=manager)

    add_campaign(0)
    campaigns.group(consultation)
    client = as_user(manager)
    campaign = Campaign.objects.get()
    small = (_queries(client, url("campaigns", consultation)),
             _queries(client, url("campaign", consultation, campaign=campaign.pk)))
    for n in range(1, 6):
        add_campaign(n)
    for _ in range(5):
        respond(consultation, " ".join(f"word0x{i}" for i in range(12)), staff=manager)
    Response.objects.filter(consultation=consultation).update(campaign=None)
    campaigns.group(consultation)
    big_campaign = Campaign.objects.order_by("-size").first()
    big = (_queries(client, url("campaigns", consultation)),
           _queries(client, url("campaign", consultation, campaign=big_campaign.pk)))
    assert Campaign.objects.count() >= 6 and big_campaign.size >= 5
    assert small == big
