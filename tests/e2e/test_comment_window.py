"""A document circulated for comments, in a real browser: its author sets the window on the
details page, a contributor sees until when and comments; once closed the phrase replaces the
form (axe on every page, also at 320 pixels)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comments.models import Comment
from documents.models import Document
from documents.services import document_update_details, document_upload
from workspaces.kit.lifecycles import site_time
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    paper = document_upload(actor=manager, workspace=workspace, title="Draft standard",
                            upload=SimpleUploadedFile("draft-standard.pdf", PDF))
    return {"workspace": workspace, "manager": manager, "contributor": contributor, "paper": paper}


def test_circulating_a_document_for_comments_and_closing_them(world, new_context, sign_in, visit, submit, follow,
                                                              shot):
    paper = world["paper"]
    closes = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=10)
    page = sign_in(new_context(), world["manager"]).new_page()
    visit(page, f"/w/housing/documents/{paper.pk}/details/")
    page.get_by_label("Comments close at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    shot(page, "comment-window-details")
    submit(page, "Save the details")
    assert Document.objects.get(pk=paper.pk).comments_close_at == closes

    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, f"/w/housing/documents/{paper.pk}/")
    assert f"Comments open until {site_time(closes)}." in page.locator("#comment-window").inner_text()
    page.get_by_label("Your comment").fill("Section 2 needs a date.")
    submit(page, "Add the comment")
    assert Comment.objects.filter(target_id=paper.pk).count() == 1
    shot(page, "comment-window-open")

    ended = timezone.now() - timedelta(hours=1)
    document_update_details(actor=world["manager"], document=paper, title=paper.title, comment_window=(None, ended))
    narrow = sign_in(new_context(viewport={"width": 320, "height": 640}), world["contributor"]).new_page()
    visit(narrow, f"/w/housing/documents/{paper.pk}/")
    assert f"Comments closed on {site_time(ended)}." in narrow.locator("#comment-window").inner_text()
    assert narrow.get_by_role("button", name="Add the comment").count() == 0
    assert narrow.evaluate("() => document.scrollingElement.scrollWidth") <= 320
    shot(narrow, "comment-window-closed-320")
