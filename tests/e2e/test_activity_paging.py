"""The activity page's "Older activity" in a real browser: htmx adds the next page in place
(its rows newest first, none twice, across equal timestamps), and without JavaScript the same
link opens the next page."""

import pytest
from django.utils import timezone

from workspaces.models import Activity, Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    reader = make_user("rita@example.org", "Rita Reader")
    add_member(workspace, reader, Role.READER)
    Activity.objects.bulk_create(
        Activity(workspace=workspace, actor=reader, verb="links.link_created", target_title=f"Row {i:02d}")
        for i in range(30))
    Activity.objects.filter(workspace=workspace).update(created_at=timezone.now())  # all at once
    return {"workspace": workspace, "reader": reader}


@pytest.mark.parametrize("javascript", [True, False])
def test_older_activity_pages_back_with_and_without_javascript(world, new_context, sign_in, visit, live_server,
                                                              javascript):
    context = sign_in(new_context(java_script_enabled=javascript), world["reader"])
    page = context.new_page()
    visit(page, f"{live_server.url}/w/housing/activity/")
    assert "Row 29" in page.locator("main").inner_text() and "Row 04" not in page.locator("main").inner_text()
    older = page.get_by_role("link", name="Older activity")
    if javascript:
        older.click()
        page.get_by_text("Row 00").wait_for()
        text = page.locator("main").inner_text()
        assert "Row 29" in text  # added in place, the first page kept
    else:
        with page.expect_navigation():
            older.click()
        text = page.locator("main").inner_text()
        assert "Row 29" not in text
    rows = [f"Row {i:02d}" for i in range(30)]
    shown = [r for r in rows if r in text]
    assert shown == (rows if javascript else rows[:5])
    assert all(text.count(r) == 1 for r in shown)
    assert page.get_by_role("link", name="Older activity").count() == 0
