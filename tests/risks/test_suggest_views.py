"""Suggesting a risk and triaging it: a contributor's suggestion is seen only by them and the
keepers; the keepers accept (scores and an owner), merge (into a live risk, with a reason) or
decline (with a reason), and the suggester is told; the lists' queries do not grow with them."""

import pytest
from django.urls import reverse

from risks.models import Risk, RiskVersion, Status, VersionKind
from workspaces.models import Activity
from workspaces.permissions import visible

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(workspace, manager):
    return make_register(workspace, manager, title="Programme risks")


def _url(register, name):
    return reverse(f"risks:{name}", kwargs={"workspace": register.workspace.slug, "pk": register.pk})


def _triage_url(risk):
    return reverse("risks:triage", kwargs={"workspace": risk.workspace.slug, "register": risk.register_id,
                                           "number": risk.number})


def test_a_contributor_suggests_and_only_they_and_the_keepers_see_it(as_user, register, contributor, reader,
                                                                     manager):
    client = as_user(contributor)
    response = client.post(_url(register, "suggest"), {"title": "  Supplier   goes bust ", "cause": "One supplier",
                                                      "event": "It fails", "impact": "Delay", "category": ""})
    assert response.status_code == 302 and response["Location"] == _url(register, "my_suggestions")
    risk = Risk.objects.get(register=register)
    assert risk.title == "Supplier goes bust" and risk.status == Status.PROPOSED
    page = client.get(response["Location"]).content.decode()
    assert "Supplier goes bust" in page and "Waiting for triage" in page
    assert not visible(reader, Risk.objects.all()).exists()
    assert visible(manager, Risk.objects.all()).exists()
    waiting = as_user(manager).get(_url(register, "suggestions")).content.decode()
    assert "Supplier goes bust" in waiting and _triage_url(risk) in waiting


def test_a_suggestion_without_a_title_is_refused_and_what_was_typed_kept(as_user, register, contributor):
    response = as_user(contributor).post(_url(register, "suggest"), {"title": "  ", "cause": "<b>kept</b> cause"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the risk a title." in page and "&lt;b&gt;kept&lt;/b&gt; cause" in page
    assert not Risk.objects.exists()


def test_readers_cannot_suggest(as_user, register, reader):
    assert as_user(reader).post(_url(register, "suggest"), {"title": "Nope"}).status_code == 403
    assert not Risk.objects.exists()


def test_accept_needs_an_owner_and_scores_then_opens_the_risk_and_tells_the_suggester(as_user, register,
                                                                                      contributor, manager):
    risk = make_risk(register, contributor, stage="proposed", title="Supplier goes bust")
    client = as_user(manager)
    refused = client.post(_triage_url(risk), {"decision": "accept", "owner": "", "current_likelihood": "3"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "Choose who owns the risk" in page
    assert Risk.objects.get(pk=risk.pk).status == Status.PROPOSED
    refused = client.post(_triage_url(risk), {"decision": "accept", "owner": contributor.email,
                                              "current_likelihood": "3", "current_impact": "4"})
    assert "Give the inherent likelihood and impact." in refused.content.decode()
    financial = register.categories.get(name="Financial")
    response = client.post(_triage_url(risk), {
        "decision": "accept", "owner": contributor.email, "inherent_likelihood": "4", "inherent_impact": "5",
        "current_likelihood": "3", "current_impact": "4", "category": str(financial.pk)})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == Status.OPEN and risk.owner == contributor and risk.current_score == 12
    assert risk.review_by is not None and risk.category.name == "Financial"
    assert RiskVersion.objects.filter(risk=risk, kind=VersionKind.TRIAGED).count() == 1
    assert Activity.objects.filter(verb="risks.risk_triaged", target_id=risk.pk).count() == 1
    # Triaged once: the page is refused now (not proposed any more).
    assert client.get(_triage_url(risk)).status_code == 403


def test_merge_into_a_live_risk_with_a_reason_the_suggester_reads(as_user, register, contributor, manager):
    live = make_risk(register, manager, title="Supplier failure")
    risk = make_risk(register, contributor, stage="proposed", title="Supplier goes bust")
    client = as_user(manager)
    refused = client.post(_triage_url(risk), {"decision": "merge", "into": "R-999", "reason": "Same"})
    assert "Give the reference of an open or mitigating risk" in refused.content.decode()
    refused = client.post(_triage_url(risk), {"decision": "merge", "into": live.reference, "reason": " "})
    assert "Say why the suggestion is merged" in refused.content.decode()
    client.post(_triage_url(risk), {"decision": "merge", "into": live.reference,
                                    "reason": "Already covered by <em>R-1</em>"})
    risk.refresh_from_db()
    assert risk.status == Status.MERGED and risk.merged_into == live
    page = as_user(contributor).get(_url(register, "my_suggestions")).content.decode()
    assert "Merged" in page and "into R-1 Supplier failure" in page
    assert "Reason: Already covered by &lt;em&gt;R-1&lt;/em&gt;" in page


def test_decline_with_a_reason(as_user, register, contributor, manager):
    risk = make_risk(register, contributor, stage="proposed", title="Meteor strike")
    as_user(manager).post(_triage_url(risk), {"decision": "decline", "reason": "Outside this programme"})
    risk.refresh_from_db()
    assert risk.status == Status.DECLINED and risk.decision_reason == "Outside this programme"
    page = as_user(contributor).get(_url(register, "my_suggestions")).content.decode()
    assert "Declined" in page and "Reason: Outside this programme" in page


def test_the_suggester_cannot_triage_their_own(as_user, register, contributor):
    risk = make_risk(register, contributor, stage="proposed")
    assert as_user(contributor).post(_triage_url(risk), {"decision": "decline", "reason": "x"}).status_code == 403
    assert Risk.objects.get(pk=risk.pk).status == Status.PROPOSED


def test_the_lists_queries_do_not_grow_with_the_suggestions(as_user, register, contributor, manager,
                                                            django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    keeper, suggester = as_user(manager), as_user(contributor)
    make_risk(register, contributor, stage="proposed")
    small = count(keeper, _url(register, "suggestions")), count(suggester, _url(register, "my_suggestions"))
    for _ in range(12):
        make_risk(register, contributor, stage="proposed", category="Financial")
    large = count(keeper, _url(register, "suggestions")), count(suggester, _url(register, "my_suggestions"))
    assert small == large
    with django_assert_max_num_queries(large[0]):
        keeper.get(_url(register, "suggestions"))
