"""The register part's pages: registers (add, edit, delete, restore), settings (matrix,
categories), the table (filters, sorting, cells, pages), the heat map, "as at", trends, due
lists, exports and the board view — and USER-NEEDS §3.4's first acceptance check."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from risks import services
from risks.models import Action, Category, Register, RiskVersion, Status, VersionKind
from workspaces.models import AuditEntry

from .builders import make_register, make_risk

pytestmark = pytest.mark.django_db


def _url(register, name="register", query=""):
    return reverse(f"risks:{name}", kwargs={"workspace": register.workspace.slug, "pk": register.pk}) + query


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


def _row(html, reference):
    """The table row (<tr>...</tr>) of the risk with this reference."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if re.search(rf"<td>{reference}</td>", row):
            return row
    raise AssertionError(f"no row for {reference}")


def _cell(html, likelihood, impact):
    """The heat-map cell (<td ...>...</td>) linking to likelihood × impact."""
    found = re.search(rf'<td class="([^"]*)">\s*<a href="[^"]*\?likelihood={likelihood}&amp;impact={impact}[^"]*">'
                      rf'(.*?)</a>', html, re.S)
    assert found, f"no cell {likelihood}×{impact}"
    return found.group(1), " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split())


def _export(client, register, query="format=xlsx"):
    response = client.get(_url(register, "export", "?" + query))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if "xlsx" in query:
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_outside_appetite_agrees_in_the_table_the_heat_map_and_the_export_and_follows_a_threshold(
        as_user, workspace, manager):
    """USER-NEEDS §3.4, first check: the configuration read once; a Financial risk scored 12
    (Financial: Cautious, max 9) is "Outside appetite" in the table, on its heat-map cell (text
    and ring) and in the XLSX; moving a band threshold changes all three the same way."""
    register = make_register(workspace, manager)
    financial = Category.objects.get(register=register, name="Financial")
    config = register.matrix()
    assert (financial.appetite, financial.max_score) == ("cautious", 9)
    assert (config.low_max, config.medium_max) == (6, 19)
    risk = make_risk(register, manager, title="Grant clawed back", category="Financial", current=(3, 4))
    calm = make_risk(register, manager, title="Petty cash", category="Financial", current=(1, 2))
    client = as_user(manager)

    page = _text(client.get(_url(register)))
    assert "Outside appetite" in _row(page, risk.reference) and "12 (Medium)" in _row(page, risk.reference)
    assert "Outside appetite" not in _row(page, calm.reference)
    classes, words = _cell(page, 3, 4)
    assert "risk-cell-outside" in classes and "risk-cell-medium" in classes
    assert words == "12 (Medium) 1 risk 1 outside appetite"
    classes, words = _cell(page, 1, 2)
    assert "risk-cell-outside" not in classes and "outside" not in words
    assert _cell(_text(client.get(_url(register, "heatmap"))), 3, 4) == _cell(page, 3, 4)
    exported = {row["Reference"]: row for row in _export(client, register)}
    assert exported[risk.reference]["Outside appetite"] == "Outside appetite"
    assert exported[risk.reference]["Current level"] == "Medium"
    assert exported[calm.reference]["Outside appetite"] == "Within appetite"

    # A manager moves the high band down to 12: every view says High, and still outside appetite.
    response = client.post(_url(register, "settings"), {
        "form": "matrix", "matrix-size": "5", "matrix-likelihood_labels": "\n".join(config.likelihood_labels),
        "matrix-impact_labels": "\n".join(config.impact_labels), "matrix-low_max": "6", "matrix-medium_max": "11"})
    assert response.status_code == 302
    page = _text(client.get(_url(register)))
    assert "12 (High)" in _row(page, risk.reference) and "Outside appetite" in _row(page, risk.reference)
    classes, words = _cell(page, 3, 4)
    assert "risk-cell-high" in classes and "risk-cell-outside" in classes
    assert words == "12 (High) 1 risk 1 outside appetite"
    exported = {row["Reference"]: row for row in _export(client, register)}
    assert exported[risk.reference]["Current level"] == "High"
    assert exported[risk.reference]["Outside appetite"] == "Outside appetite"
    assert AuditEntry.objects.filter(action="risks.matrix_changed").count() == 1
    # The band filter asks the same matrix: "High" now finds the 12.
    assert risk.reference in _text(client.get(_url(register, query="?band=high")))


def test_a_manager_adds_edits_deletes_and_restores_a_register(as_user, workspace, manager):
    client = as_user(manager)
    response = client.post(reverse("risks:create", args=[workspace.slug]), {
        "title": "  Programme   risks ", "description": "<script>alert(1)</script>**Ours**",
        "view_access": "members", "change_access": "managers"})
    register = Register.objects.get(workspace=workspace)
    assert response.status_code == 302 and register.title == "Programme risks"
    assert register.categories.count() == 13
    page = _text(client.get(register.get_absolute_url()))
    assert "<script>alert" not in page and "<strong>Ours</strong>" in page
    response = client.post(_url(register, "edit"), {"title": "", "review_days": "0", "view_access": "members",
                                                    "change_access": "managers"})
    text = _text(response)
    assert "Give the register a title." in text and "Review every 1 to 3650 days." in text
    client.post(_url(register, "edit"), {"title": "Board risks", "review_days": "30", "view_access": "members",
                                         "change_access": "managers"})
    assert Register.objects.get(pk=register.pk).review_days == 30
    assert client.post(_url(register, "delete")).status_code == 302
    assert Register.objects.get(pk=register.pk).is_deleted
    assert ">Board risks</a>" not in _text(client.get(reverse("risks:index", args=[workspace.slug])))
    assert "<h2>Board risks</h2>" in _text(client.get(reverse("risks:deleted", args=[workspace.slug])))
    client.post(_url(register, "restore"))
    assert not Register.objects.get(pk=register.pk).is_deleted
    assert AuditEntry.objects.filter(action__in=["risks.register_deleted", "risks.register_restored"]).count() == 2


def test_settings_refuse_a_bad_matrix_and_shrinking_below_scores_in_use(as_user, workspace, manager):
    register = make_register(workspace, manager)
    make_risk(register, manager, inherent=(5, 4), current=(3, 4))
    client = as_user(manager)
    text = _text(client.post(_url(register, "settings"), {
        "form": "matrix", "matrix-size": "4", "matrix-likelihood_labels": "A\nB\nC\nD",
        "matrix-impact_labels": "A\nB\nC\nD", "matrix-low_max": "4", "matrix-medium_max": "9"}))
    assert "the matrix cannot be smaller than 5×5" in text
    text = _text(client.post(_url(register, "settings"), {
        "form": "matrix", "matrix-size": "5", "matrix-likelihood_labels": "A\nB",
        "matrix-impact_labels": "A\nB\nC\nD\nE", "matrix-low_max": "12", "matrix-medium_max": "8"}))
    assert "Give 5 labels, one per line, none empty." in text and "The bands must rise" in text
    assert Register.objects.get(pk=register.pk).medium_max == 19


def test_categories_are_added_renamed_and_removed_only_when_unused(as_user, workspace, manager):
    register = make_register(workspace, manager)
    used = make_risk(register, manager, category="Financial")
    client = as_user(manager)
    client.post(_url(register, "settings"), {"form": "add", "new-name": "Climate", "new-appetite": "averse",
                                             "new-max_score": ""})
    climate = Category.objects.get(register=register, name="Climate")
    assert climate.max_score == 4
    text = _text(client.post(_url(register, "settings"), {"form": "add", "new-name": "climate",
                                                          "new-appetite": "open", "new-max_score": "99"}))
    assert "already has a category" in text or "99" in text
    client.post(_url(register, "settings"), {"form": "category", "category": climate.pk,
                                             f"category-{climate.pk}-name": "Climate and weather",
                                             f"category-{climate.pk}-appetite": "open",
                                             f"category-{climate.pk}-max_score": "12"})
    climate.refresh_from_db()
    assert (climate.name, climate.max_score) == ("Climate and weather", 12)
    text = _text(client.post(_url(register, "settings"), {"form": "remove", "category": used.category_id}))
    assert "move them to another category first" in text
    client.post(_url(register, "settings"), {"form": "remove", "category": climate.pk})
    assert not Category.objects.filter(pk=climate.pk).exists()
    assert AuditEntry.objects.filter(action__startswith="risks.category_").count() == 3


def test_the_table_filters_sorts_and_pages(as_user, workspace, manager, contributor):
    register = make_register(workspace, manager)
    high = make_risk(register, manager, title="Flood", current=(5, 5), category="Operations", owner=contributor)
    low = make_risk(register, manager, title="Typo", current=(1, 1), category="Legal")
    closed = make_risk(register, manager, title="Old", current=(2, 2))
    services.move(actor=manager, risk=closed, to=Status.CLOSED)
    client = as_user(manager)
    page = _text(client.get(_url(register)))
    assert page.index("Flood") < page.index("Typo") and ">Old<" not in page  # live only, highest first
    assert 'aria-sort="descending"' in page
    page = _text(client.get(_url(register, query="?sort=title")))
    assert page.index(">Flood<") < page.index(">Typo<") and 'aria-sort="ascending"' in page
    page = _text(client.get(_url(register, query="?status=all&sort=-title")))
    assert page.index(">Typo<") < page.index(">Old<") < page.index(">Flood<")
    assert ">Flood<" not in _text(client.get(_url(register, query="?band=low")))
    assert ">Typo<" not in _text(client.get(_url(register, query=f"?owner={contributor.pk}")))
    assert ">Flood<" not in _text(client.get(_url(register, query=f"?category={low.category_id}")))
    cell = _text(client.get(_url(register, query="?likelihood=5&impact=5")))
    assert ">Flood<" in cell and ">Typo<" not in cell
    # Nonsense in every filter: no 500, the filter dropped.
    text = _text(client.get(_url(register, query="?status=%FF&band=x&owner=-1&likelihood=99&sort=evil&page=zz"
                                                  "&as_at=2027-13-45&score=<b>")))
    assert "Give the date as a date" in text and high.title in text
    for n in range(55):
        make_risk(register, manager, title=f"Bulk {n}", current=(1, 2))
    first = _text(client.get(_url(register, query="?sort=ref")))
    assert "Page 1 of 2" in first and ">Bulk 54<" not in first
    assert ">Bulk 54<" in _text(client.get(_url(register, query="?sort=ref&page=2")))


def test_outside_appetite_only_and_suggestions_apart_for_keepers(as_user, workspace, manager, contributor, reader):
    register = make_register(workspace, manager)
    make_risk(register, manager, title="Fine", current=(1, 2), category="Financial")
    make_risk(register, manager, title="Too much", current=(4, 4), category="Financial")
    make_risk(register, contributor, stage="proposed", title="Idea from the floor")
    text = _text(as_user(manager).get(_url(register, query="?outside=1")))
    assert ">Too much<" in text and ">Fine<" not in text
    assert "Waiting for triage" in text and "Idea from the floor" in text
    text = _text(as_user(reader).get(_url(register)))
    assert "Waiting for triage" not in text and "Idea from the floor" not in text


def test_as_at_rebuilds_the_table_and_heat_map_and_trends_follow_the_last_review(as_user, workspace, manager):
    register = make_register(workspace, manager)
    march = timezone.make_aware(datetime(2026, 3, 1, 12))
    risk = services.risk_create(actor=manager, register=register, title="Supplier fails", now=march,
                                scores={"inherent": (4, 4), "current": (2, 2)})
    services.risk_update(actor=manager, risk=risk, scores={"inherent": (4, 4), "current": (3, 3)},
                         kind=VersionKind.REVIEWED, now=march + timedelta(days=10))
    services.risk_update(actor=manager, risk=risk, scores={"inherent": (4, 4), "current": (4, 4)},
                         now=march + timedelta(days=40))
    services.move(actor=manager, risk=risk, to=Status.CLOSED, now=march + timedelta(days=50))
    later = services.risk_create(actor=manager, register=register, title="Added later",
                                 now=march + timedelta(days=60), scores={"inherent": (2, 2), "current": (1, 1)})
    client = as_user(manager)
    text = _text(client.get(_url(register, query="?as_at=2026-03-01")))
    row = _row(text, risk.reference)
    assert "4 (Low)" in row and "Open" in row and later.title not in text
    assert "no earlier score" not in row and "no change since the last review" in row
    assert "4 (Low) 1 risk" in _cell(text, 2, 2)[1]
    text = _text(client.get(_url(register, query="?as_at=2026-04-15")))  # after the review, before closing
    row = _row(text, risk.reference)
    assert "16 (Medium)" in row and "worse since the last review" in row and "Open" in row
    now = _text(client.get(_url(register, query="?status=all")))
    assert "Closed" in _row(now, risk.reference) and "worse since the last review" in _row(now, risk.reference)
    assert "1 (Low)" in _row(now, later.reference) and "no change since the last review" in _row(now,
                                                                                                 later.reference)
    exported = {row["Reference"]: row for row in _export(client, register, "as_at=2026-03-01")}
    assert list(exported) == [risk.reference] and exported[risk.reference]["Status"] == "Open"
    assert RiskVersion.objects.filter(risk=risk).count() == 4


def test_due_lists_and_the_board_view(as_user, workspace, manager):
    register = make_register(workspace, manager)
    today = timezone.localdate()
    overdue = make_risk(register, manager, title="Overdue review", review_by=today - timedelta(days=1))
    make_risk(register, manager, title="Not yet", review_by=today + timedelta(days=10))
    accepted = make_risk(register, manager, title="Tolerated", review_by=today + timedelta(days=100))
    services.accept(actor=manager, risk=accepted, justification="Cheaper to bear",
                    review_by=today + timedelta(days=20))
    Action.objects.create(risk=overdue, description="Call the supplier", due_on=today - timedelta(days=3))
    Action.objects.create(risk=overdue, description="Done already", due_on=today - timedelta(days=3),
                          done_at=timezone.now())
    client = as_user(manager)
    text = _text(client.get(_url(register, "due")))
    reviews, actions, expiring = text.split('id="due-reviews"')[1].split('id="due-actions"')[0], \
        text.split('id="due-actions"')[1].split('id="due-expiring"')[0], text.split('id="due-expiring"')[1]
    assert "Overdue review" in reviews and "Not yet" not in reviews
    assert "Call the supplier" in actions and "Done already" not in actions
    assert "Tolerated" in expiring
    board = _text(client.get(_url(register, "board")))
    assert "Top risks by current score" in board and "Overdue review" in board and "risk-heatmap" in board


def test_the_export_is_audited_and_hostile_text_is_inert(as_user, workspace, manager):
    register = make_register(workspace, manager)
    make_risk(register, manager, title="=HYPERLINK(\"http://evil\")", current=(2, 3))
    client = as_user(manager)
    rows = _export(client, register, "status=all")
    assert rows[0]["Title"].startswith("'=")
    assert rows[0]["Current level"] == "Low" and rows[0]["Current score"] == "6"
    assert AuditEntry.objects.filter(action="risks.register_exported").count() == 1
    page = _text(client.get(_url(register)))
    assert "&quot;http://evil&quot;" in page or "&#x27;" in page or "HYPERLINK" in page
