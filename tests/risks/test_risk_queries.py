"""A risk's page costs the same number of queries with 2 and 20 versions, controls, actions and
acceptances."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from risks import services_risk

from ..builders import add_member, make_user
from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


def _grow(risk, manager, n):
    for i in range(n):
        owner = make_user(f"owner{risk.pk}-{i}-{timezone.now().timestamp()}@example.org")
        add_member(risk.workspace, owner)
        services_risk.action_add(actor=manager, risk=risk, description=f"Action {i}", owner=owner,
                                 due_on=timezone.localdate() + timedelta(days=i - 3))
        services_risk.control_add(actor=manager, risk=risk, description=f"Control {i}", owner=owner)
        services_risk.update(actor=manager, risk=risk, title=f"Risk changed {i}", owner=owner)


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_the_risk_page_costs_the_same_with_more_history(as_user, django_assert_max_num_queries, workspace,
                                                        personas, persona):
    manager = personas["manager"]
    register = make_register(workspace, manager)
    risk = make_risk(register, manager, category="Financial")
    _grow(risk, manager, 1)
    services_risk.accepted(actor=manager, risk=risk, justification="Cheap",
                           review_by=timezone.localdate() + timedelta(days=30))
    client = as_user(personas[persona])
    url = risk.get_absolute_url()
    client.get(url)  # warm what the header caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    few = len(captured.captured_queries)
    _grow(risk, manager, 19)
    services_risk.acceptance_end(actor=manager, risk=risk, reason="Treated")
    services_risk.accepted(actor=manager, risk=risk, justification="Cheap again",
                           review_by=timezone.localdate() + timedelta(days=30))
    client.get(url)  # new members changed the access epoch: cached standings are read again once
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200 and "Action 18" in response.content.decode()
    assert 0 < few <= 30
