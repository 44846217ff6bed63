"""One risk's pages: what the page says (scores with their bands and labels in words, outside
appetite, controls, overdue actions, the acceptance), adding and editing (refusals next to their
field, nothing lost, a concurrent edit shown), status moves, review, controls, actions and the
formal acceptance; hostile input refused or rendered inert, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from risks import services_risk
from risks.models import Acceptance, Action, Control, Risk, RiskVersion, Status
from workspaces.models import Activity

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def _url(risk, name="risk", **extra):
    if name == "add":
        return reverse("risks:add", kwargs={"workspace": risk.workspace.slug, "register": risk.pk})
    return reverse(f"risks:{name}", kwargs={"workspace": risk.workspace.slug, "register": risk.register_id,
                                            "number": risk.number, **extra})


def _form(**extra):
    data = {"title": "Supplier fails", "cause": "One supplier", "event": "It goes bust", "impact": "Delays",
            "trigger": "Late invoices", "category": "", "owner": "", "proximity": "near", "response": "treat",
            "inherent_likelihood": "4", "inherent_impact": "5", "current_likelihood": "3", "current_impact": "4",
            "target_likelihood": "2", "target_impact": "2", "review_by": ""}
    return {**data, **extra}


@pytest.fixture
def register(workspace, manager):
    return make_register(workspace, manager, title="Programme risks")


def test_the_page_says_every_score_its_band_and_labels_in_words(as_user, register, manager, reader, contributor):
    risk = make_risk(register, manager, title="Budget overrun", category="Financial", inherent=(4, 5),
                     current=(3, 4), target=(2, 2), owner=contributor)
    page = as_user(reader).get(risk.get_absolute_url()).content.decode()
    assert "R-1" in page and "Budget overrun" in page
    assert "4 – Likely" in page and "5 – Severe" in page and "20 (High)" in page
    assert "3 – Possible" in page and "12 (Medium)" in page and "4 (Low)" in page
    assert "Outside appetite" in page and "appetite cautious, scores up to 9" in page
    assert contributor.name in page
    assert "Edit risk" not in page  # a reader changes nothing


def test_a_keeper_adds_a_risk_with_scores_and_it_is_numbered(as_user, register, manager, contributor):
    response = as_user(manager).post(_url(register, "add"), _form(owner=contributor.email))
    risk = Risk.objects.get(register=register)
    assert response.status_code == 302 and response["Location"] == risk.get_absolute_url()
    assert (risk.number, risk.current_score, risk.owner, risk.status) == (1, 12, contributor, Status.OPEN)
    assert risk.review_by == timezone.localdate() + timedelta(days=register.review_days)
    assert RiskVersion.objects.get(risk=risk).kind == "created"


@pytest.mark.parametrize("bad, field, message", [
    ({"current_likelihood": "7"}, "current_likelihood", "Choose a likelihood from 1 to 5."),
    ({"current_impact": "-1"}, "current_impact", "Choose an impact from 1 to 5."),
    ({"inherent_likelihood": "x"}, "inherent_likelihood", "Choose a likelihood from 1 to 5."),
    ({"inherent_likelihood": "", "inherent_impact": ""}, "inherent_likelihood", "Give the inherent likelihood"),
    ({"current_impact": ""}, "current_impact", "The current impact must be a whole number"),
    ({"title": "   "}, "title", "Enter the title."),
    ({"proximity": "tomorrow"}, "proximity", "Choose when it could happen"),
    ({"response": "ignore"}, "response", "Choose tolerate, treat, transfer or terminate."),
    ({"owner": "nobody@example.org"}, "owner", "Not members of this workspace"),
    ({"category": "999999"}, "category", "Choose one of this register's categories."),
])
def test_bad_input_is_refused_next_to_its_field_and_kept(as_user, register, manager, bad, field, message):
    response = as_user(manager).post(_url(register, "add"), _form(**bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert form.data["cause"] == "One supplier"
    assert not Risk.objects.filter(register=register).exists()


def test_another_registers_category_is_refused(as_user, workspace, register, manager):
    other = make_register(workspace, manager)
    response = as_user(manager).post(_url(register, "add"), _form(category=str(other.categories.first().pk)))
    assert "category" in response.context["form"].errors and not Risk.objects.exists()


def test_hostile_text_in_every_field_is_rendered_inert(as_user, register, manager, reader):
    data = _form(**{name: SCRIPT for name in ("title", "cause", "event", "impact", "trigger")})
    assert as_user(manager).post(_url(register, "add"), data).status_code == 302
    risk = Risk.objects.get(register=register)
    services_risk.control_add(actor=manager, risk=risk, description=SCRIPT)
    services_risk.action_add(actor=manager, risk=risk, description=SCRIPT)
    services_risk.review(actor=manager, risk=risk, note=SCRIPT)
    services_risk.accepted(actor=manager, risk=risk, justification=SCRIPT,
                           review_by=timezone.localdate() + timedelta(days=9))
    services_risk.acceptance_end(actor=manager, risk=risk, reason=SCRIPT)
    services_risk.update(actor=manager, risk=risk, title="Calm " + SCRIPT)
    page = as_user(reader).get(risk.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert page.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 8


def test_an_edit_over_another_persons_change_is_shown_and_nothing_is_lost(as_user, register, manager, contributor):
    risk = make_risk(register, manager, title="Supplier fails", owner=contributor)
    form = as_user(contributor).get(_url(risk, "edit_risk")).context["form"]
    assert form["base_version"].value() == risk.version
    assert form["current_likelihood"].value() == "3"
    services_risk.update(actor=manager, risk=risk, title="Supplier fails badly")
    data = _form(title="Supplier fails slowly", base_version=str(risk.version), owner=contributor.email)
    response = as_user(contributor).post(_url(risk, "edit_risk"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "What is saved now" in page and "Supplier fails badly" in page and "while you had this page open" in page
    assert response.context["form"].data["title"] == "Supplier fails slowly"
    assert Risk.objects.get(pk=risk.pk).title == "Supplier fails badly"
    again = response.context["form"].data.copy()  # saving again is deliberate: it goes through
    assert as_user(contributor).post(_url(risk, "edit_risk"), again).status_code == 302
    assert Risk.objects.get(pk=risk.pk).title == "Supplier fails slowly"


def test_status_moves_and_their_refusals(as_user, register, manager):
    risk = make_risk(register, manager)
    client = as_user(manager)
    response = client.post(_url(risk, "move"), {"to": "proposed"})
    assert response.status_code == 200 and "Choose one of the moves offered." in response.content.decode()
    response = client.post(_url(risk, "move"), {"to": "<b>closed</b>"})
    assert response.status_code == 200
    assert client.post(_url(risk, "move"), {"to": "mitigating"}).status_code == 302
    assert client.post(_url(risk, "move"), {"to": "closed"}).status_code == 302
    response = client.post(_url(risk, "move"), {"to": "open", "reason": "  "})
    assert response.status_code == 200
    assert "Say why the risk is reopened." in str(response.context["form"].errors["reason"])
    assert Risk.objects.get(pk=risk.pk).status == Status.CLOSED
    assert client.post(_url(risk, "move"), {"to": "open", "reason": "The supplier failed again"}).status_code == 302
    risk.refresh_from_db()
    assert risk.status == Status.OPEN and risk.decision_reason == "The supplier failed again"


def test_a_stale_move_is_refused_with_the_message_not_a_500(as_user, register, manager):
    risk = make_risk(register, manager)
    client = as_user(manager)
    services_risk.moved(actor=manager, risk=risk, to=Status.CLOSED)
    response = client.post(_url(risk, "move"), {"to": "mitigating"})  # offered to an open risk only
    assert response.status_code == 200 and Risk.objects.get(pk=risk.pk).status == Status.CLOSED


def test_the_owner_may_not_reopen_a_closed_risk_but_a_keeper_may(as_user, register, manager, contributor):
    risk = make_risk(register, manager, owner=contributor)
    assert as_user(contributor).post(_url(risk, "move"), {"to": "closed"}).status_code == 302
    assert as_user(contributor).get(_url(risk, "move")).status_code == 403
    assert as_user(manager).get(_url(risk, "move")).status_code == 200


def test_a_review_sets_the_dates_rechecks_the_score_and_is_a_reviewed_version(as_user, register, manager):
    risk = make_risk(register, manager, current=(3, 4))
    response = as_user(manager).post(_url(risk, "review"), {"note": "Supplier is stable", "current_likelihood": "2",
                                                            "current_impact": "4", "review_by": ""})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.reviewed_at is not None and risk.current_score == 8
    assert risk.review_by == timezone.localdate() + timedelta(days=register.review_days)
    version = RiskVersion.objects.filter(risk=risk).last()
    assert (version.kind, version.note) == ("reviewed", "Supplier is stable")
    assert Activity.objects.filter(verb="risks.risk_reviewed").exists()
    chosen = timezone.localdate() + timedelta(days=10)
    as_user(manager).post(_url(risk, "review"), {"current_likelihood": "2", "current_impact": "4",
                                                 "review_by": chosen.isoformat()})
    risk.refresh_from_db()
    assert risk.review_by == chosen
    response = as_user(manager).post(_url(risk, "review"), {"current_likelihood": "9", "current_impact": "4",
                                                            "review_by": "2001-01-01"})
    errors = response.context["form"].errors
    assert "current_likelihood" in errors and "review_by" in errors


def test_controls_added_edited_removed_show_on_the_timeline(as_user, register, manager):
    risk = make_risk(register, manager)
    client = as_user(manager)
    response = client.post(_url(risk, "add_control"), {"description": "Two suppliers", "kind": "preventive"})
    assert response.status_code == 302
    control = Control.objects.get(risk=risk)
    assert client.post(_url(risk, "edit_control", control=control.pk),
                       {"description": "Three suppliers", "kind": "directive"}).status_code == 302
    response = client.post(_url(risk, "add_control"), {"description": "", "kind": "sneaky"})
    assert set(response.context["form"].errors) == {"description", "kind"}
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Three suppliers" in page and "relies on these controls" in page
    assert "Control added: Two suppliers (Preventive)" in page
    assert "Control changed: Two suppliers → Three suppliers" in page
    assert client.post(_url(risk, "remove_control", control=control.pk)).status_code == 302
    assert not Control.objects.filter(risk=risk).exists()
    assert "Control removed: Three suppliers" in client.get(risk.get_absolute_url()).content.decode()
    assert Risk.objects.get(pk=risk.pk).version == risk.version  # no edit form is refused for a control


def test_actions_added_to_an_owner_marked_done_and_reopened(as_user, register, manager, contributor):
    risk = make_risk(register, manager)
    client = as_user(manager)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(_url(risk, "add_action"), {"description": "Find a second supplier", "response": "treat",
                                                      "owner": contributor.email, "due_on": yesterday.isoformat()})
    assert response.status_code == 302
    action = Action.objects.get(risk=risk)
    assert (action.owner, action.due_on, action.response) == (contributor, yesterday, "treat")
    added = Activity.objects.get(verb="risks.action_added")
    assert added.target_id == risk.pk
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Overdue" in page and "Action added (Treat): Find a second supplier" in page
    assert client.post(_url(risk, "action_done", action=action.pk)).status_code == 302
    assert Action.objects.get(pk=action.pk).done_at is not None
    assert "Overdue" not in client.get(risk.get_absolute_url()).content.decode()
    assert client.post(_url(risk, "action_reopen", action=action.pk)).status_code == 302
    assert Action.objects.get(pk=action.pk).done_at is None
    response = client.post(_url(risk, "add_action"), {"description": "x", "response": "ignore", "due_on": "soon"})
    assert {"response", "due_on"} <= set(response.context["form"].errors)


def test_an_action_added_tells_its_owner(register, manager, contributor):
    from notifications.models import Notification

    risk = make_risk(register, manager)
    services_risk.action_add(actor=manager, risk=risk, description="Call the bank", owner=contributor)
    assert Notification.objects.filter(recipient=contributor, activity__verb="risks.action_added").exists()


def test_acceptance_is_refused_without_justification_or_date_then_recorded_and_ended(as_user, register, manager,
                                                                                     contributor):
    risk = make_risk(register, manager, owner=contributor)
    assert as_user(contributor).get(_url(risk, "accept")).status_code == 403
    client = as_user(manager)
    response = client.post(_url(risk, "accept"), {"justification": "  ", "review_by": ""})
    errors = response.context["form"].errors
    assert "Say why this risk is accepted." in errors["justification"]
    assert "Give the date by which the acceptance is reviewed." in errors["review_by"]
    response = client.post(_url(risk, "accept"), {"justification": "Cheap", "review_by": "not a date"})
    assert "review_by" in response.context["form"].errors
    assert not Acceptance.objects.exists()
    review_by = timezone.localdate() + timedelta(days=60)
    response = client.post(_url(risk, "accept"), {"justification": "Cheaper to bear",
                                                  "review_by": review_by.isoformat()})
    assert response.status_code == 302
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Cheaper to bear" in page and "Accepted by" in page and "End the acceptance" in page
    response = client.post(_url(risk, "end_acceptance"), {"reason": ""})
    assert "reason" in response.context["form"].errors
    assert client.post(_url(risk, "end_acceptance"), {"reason": "Treated instead"}).status_code == 302
    acceptance = Acceptance.objects.get(risk=risk)
    assert acceptance.ended_at is not None and acceptance.ended_reason == "Treated instead"
    page = client.get(risk.get_absolute_url()).content.decode()
    assert "Not formally accepted." in page and "Earlier acceptances (1)" in page
    assert "Acceptance ended: Treated instead" in page


def test_ids_out_of_range_are_not_found(as_user, register, manager):
    risk = make_risk(register, manager)
    huge = 2 ** 70
    client = as_user(manager)
    assert client.get(f"/w/{risk.workspace.slug}/risks/{huge}/R-1/").status_code == 404
    assert client.get(f"/w/{risk.workspace.slug}/risks/{register.pk}/R-{huge}/").status_code == 404
    assert client.get(_url(risk, "edit_control", control=huge)).status_code == 404
    assert client.post(_url(risk, "action_done", action=huge)).status_code == 404
