"""Importing risks in a real browser at 320 px: choose a CSV, check it (the preview lists the new
risk and the invalid row with its reason, nothing saved), then "Import 1 row"; and a member's
suggestion triaged by the keeper. axe clean on every page, no sideways scroll."""

import pytest

from risks.models import Risk, Status
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace
from ..risks.builders import make_register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 320, "height": 640}}
CSV = ("Reference,Title,Inherent likelihood,Inherent impact,Current likelihood,Current impact,Category\n"
       ",Key supplier fails to deliver the new case management system,4,5,3,4,Commercial\n"
       ",Bad row,4,5,9,4,Commercial\n")


def test_import_a_csv_with_a_preview_then_triage_a_suggestion(new_context, sign_in, visit, submit, follow, tmp_path,
                                                               shot):
    workspace = make_workspace(name="Programme", slug="programme",
                               organisation=make_organisation("Department for Cases", slug="dfc"))
    manager, member = make_user("maya@example.org", "Maya Manager"), make_user("chris@example.org", "Chris")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, member, Role.CONTRIBUTOR)
    register = make_register(workspace, manager, title="Programme risks")
    path = tmp_path / "risks.csv"
    path.write_text(CSV)

    page = sign_in(new_context(**PHONE), manager).new_page()
    visit(page, f"/w/programme/risks/{register.pk}/import/")
    page.set_input_files("input[type=file]", str(path))
    submit(page, "Check the file")
    text = page.inner_text("main")
    assert "Nothing has been saved yet." in text and "Row 3: current likelihood must be 1–5." in text
    assert not Risk.objects.exists()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    shot(page, "risks-import-preview-320")
    submit(page, "Import 1 row")
    assert "1 risk added" in page.inner_text("main")
    assert Risk.objects.get().status == Status.OPEN

    other = sign_in(new_context(**PHONE), member).new_page()
    visit(other, f"/w/programme/risks/{register.pk}/suggest/")
    other.get_by_label("Title").fill("Winter pressures delay training")
    submit(other, "Send the suggestion")
    assert "Waiting for triage" in other.inner_text("main")

    visit(page, f"/w/programme/risks/{register.pk}/suggestions/")
    follow(page, "Triage R-2")
    page.get_by_label("Decline it").check()
    page.get_by_label("Reason (to merge or decline)").fill("Covered by the people plan")
    submit(page, "Save the decision")
    assert Risk.objects.get(number=2).status == Status.DECLINED
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
