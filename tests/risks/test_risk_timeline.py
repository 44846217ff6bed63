"""A risk's timeline: every version with who, when, its kind and note, and "field: before →
after" for what changed (labels for fields, names of category and owner as they were, scores
with the matrix's labels), newest first; escaped."""

from datetime import date

import pytest

from risks import services_risk, timeline
from risks.matrix import Matrix
from risks.models import Category, RiskVersion, Status

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


def test_each_change_says_before_and_after_with_labels(as_user, workspace, manager, contributor, reader):
    register = make_register(workspace, manager)
    risk = make_risk(register, manager, title="Supplier fails", category="Financial", current=(3, 4))
    services_risk.update(actor=manager, risk=risk, title="Supplier goes bust", owner=contributor,
                         category=Category.objects.get(register=register, name="Commercial"),
                         scores={"inherent": (4, 4), "current": (4, 5), "target": (2, 2)},
                         review_by=date(2031, 3, 12))
    services_risk.moved(actor=manager, risk=risk, to=Status.MITIGATING)
    page = as_user(reader).get(risk.get_absolute_url()).content.decode()
    assert "Title:</span> Supplier fails → Supplier goes bust" in page
    assert "Category:</span> Financial → Commercial" in page
    assert f"Owner:</span> (none) → {contributor.name}" in page
    assert "Current likelihood:</span> 3 (Possible) → 4 (Likely)" in page
    assert "Current impact:</span> 4 (Major) → 5 (Severe)" in page
    assert "Next review:</span>" in page and "→ 12 March 2031" in page
    assert "Status:</span> Open → Mitigating" in page
    assert "Inherent likelihood:" not in page  # unchanged: not listed
    # Newest first: the move, then the edit, then "Added".
    assert page.index("Status changed") < page.index("Changed</strong>") < page.index("Added</strong>")
    assert f"by {manager.name}" in page


def test_entries_compare_consecutive_states_and_the_first_lists_nothing(workspace, manager):
    register = make_register(workspace, manager)
    risk = make_risk(register, manager, title="A")
    services_risk.update(actor=manager, risk=risk, title="B")
    services_risk.update(actor=manager, risk=risk, trigger="Rain")
    versions = list(RiskVersion.objects.filter(risk=risk).order_by("number"))
    entries = timeline.entries(versions, register.matrix())
    assert [e.changes for e in entries] == [
        [], [timeline.Change("Title", "A", "B")], [timeline.Change("Trigger", "(none)", "Rain")]]
    # A page of a longer history compares its first version with the one before it.
    assert timeline.entries(versions[2:], register.matrix(), before=versions[1])[0].changes == [
        timeline.Change("Trigger", "(none)", "Rain")]


def test_values_are_shown_as_people_read_them():
    matrix = Matrix()
    assert timeline.shown("status", "closed", {}, matrix) == "Closed"
    assert timeline.shown("proximity", "imminent", {}, matrix) == "Imminent (within a month)"
    assert timeline.shown("target_impact", 2, {}, matrix) == "2 (Minor)"
    assert timeline.shown("impact", "Floods", {}, matrix) == "Floods"  # the effect, a text
    assert timeline.shown("owner_id", 7, {"owner": "Rita"}, matrix) == "Rita"
    assert timeline.shown("review_by", "2027-01-05", {}, matrix) == "5 January 2027"
    assert timeline.shown("response", None, {}, matrix) == "(none)"


def test_hostile_text_in_a_change_is_escaped(as_user, workspace, manager, reader):
    register = make_register(workspace, manager)
    risk = make_risk(register, manager, title="Calm")
    services_risk.update(actor=manager, risk=risk, title="<img src=x onerror=alert(1)>")
    page = as_user(reader).get(risk.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "Calm → &lt;img src=x onerror=alert(1)&gt;" in page
