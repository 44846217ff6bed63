"""The document library in a real browser: every page passes axe-core; uploading a file and
downloading it; writing a co-authored document (also with JavaScript off); asking for a review
and approving it as another person; pages fit a phone screen."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comments.services import comment_add
from documents.models import Document, Review, ReviewStatus
from documents.services import (
    document_check_out,
    document_delete,
    document_edit,
    document_upload,
    document_write,
    folder_create,
    review_request,
)
from workspaces.models import Role

from ..builders import add_member, make_organisation, make_user, make_workspace

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PLAN = "# Aims\n\nWe evaluate the pilot.\n\n# Budget\n\nThe budget is 10 million.\n"


@pytest.fixture
def world():
    workspace = make_workspace(name="Housing Standards Review", slug="housing",
                               organisation=make_organisation("Department for Levelling", slug="dfl"))
    manager = make_user("maya@example.org", "Maya Manager")
    contributor = make_user("chris@example.org", "Chris Contributor")
    reader = make_user("rita@example.org", "Rita Reader")
    add_member(workspace, manager, Role.MANAGER)
    add_member(workspace, contributor, Role.CONTRIBUTOR)
    add_member(workspace, reader, Role.READER)
    minutes = folder_create(actor=manager, workspace=workspace, title="Minutes")
    paper = document_upload(actor=manager, workspace=workspace, folder=minutes, title="March minutes",
                            upload=SimpleUploadedFile("march-minutes.pdf", PDF), description="Agreed **timetable**.")
    document_check_out(actor=manager, document=paper)  # (the pages below are the holder's)
    plan = document_write(actor=manager, workspace=workspace, title="Evaluation plan", text=PLAN,
                          coauthors=[contributor])
    document_edit(actor=contributor, document=plan, text=PLAN.replace("10 million", "12 million"), note="New budget")
    review_request(actor=manager, document=plan, reviewers=[reader, contributor],
                   due_on=timezone.localdate() + timedelta(days=5), message="Please check the budget.")
    comment_add(actor=contributor, item=plan, body="Looks right to me.", quote="The budget is 12 million.")
    gone = document_upload(actor=manager, workspace=workspace, title="Old agenda",
                           upload=SimpleUploadedFile("a.pdf", PDF))
    document_delete(actor=manager, document=gone)
    return {"workspace": workspace, "manager": manager, "contributor": contributor, "reader": reader,
            "paper": paper, "plan": plan, "minutes": minutes, "gone": gone}


def _pages(world):
    paper, plan, minutes, gone = world["paper"].pk, world["plan"].pk, world["minutes"].pk, world["gone"].pk
    review = Review.objects.get(document_id=plan).pk
    base = "/w/housing/documents"
    return {
        f"{base}/": "documents-index",
        f"{base}/?q=minutes": "documents-search",
        f"{base}/folders/{minutes}/": "documents-folder",
        f"{base}/folders/new/": None,
        f"{base}/folders/{minutes}/rename/": None,
        f"{base}/folders/{minutes}/delete/": None,
        f"{base}/upload/": "documents-upload",
        f"{base}/write/": "documents-write",
        f"{base}/{paper}/": "documents-file",
        f"{base}/{paper}/details/": None,
        f"{base}/{paper}/upload/": None,
        f"{base}/{paper}/versions/": None,
        f"{base}/{paper}/versions/1/": None,
        f"{base}/{paper}/release/": None,
        f"{base}/{paper}/delete/": None,
        f"{base}/{plan}/": "documents-written",
        f"{base}/{plan}/edit/": "documents-edit",
        f"{base}/{plan}/print/": "documents-print",
        f"{base}/{plan}/versions/": "documents-versions",
        f"{base}/{plan}/versions/1/": None,
        f"{base}/{plan}/versions/compare/?from=1&to=2": "documents-compare",
        f"{base}/{plan}/reviews/new/": "documents-review-request",
        f"{base}/{plan}/reviews/{review}/": "documents-review",
        f"{base}/deleted/": None,
        f"{base}/{gone}/": None,
        f"{base}/{gone}/restore/": None,
    }


def test_every_documents_page_has_no_accessibility_problems(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["manager"]).new_page()
    for path, name in _pages(world).items():
        visit(page, path)  # runs axe
        assert page.locator("h1").count() == 1, f"{path}: one h1 per page"
        if name:
            shot(page, name)


def test_the_pages_a_reviewer_sees_are_accessible_too(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(), world["reader"]).new_page()
    review = Review.objects.get(document=world["plan"]).pk
    for path in ["/w/housing/documents/", f"/w/housing/documents/{world['plan'].pk}/",
                 f"/w/housing/documents/{world['plan'].pk}/reviews/{review}/"]:
        visit(page, path)
    shot(page, "documents-review-as-reviewer")


def test_documents_pages_fit_a_320_pixel_wide_screen(world, new_context, sign_in, visit, shot):
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), world["manager"]).new_page()
    too_wide = {}
    for path, name in _pages(world).items():
        if name is None:
            continue
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
        if name in ("documents-index", "documents-written", "documents-file", "documents-versions"):
            shot(page, f"{name}-320")
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"


def test_uploading_a_file_and_downloading_it(world, new_context, sign_in, visit, submit, follow, shot, tmp_path):
    page = sign_in(new_context(accept_downloads=True), world["contributor"]).new_page()
    visit(page, f"/w/housing/documents/folders/{world['minutes'].pk}/")
    follow(page, "Upload a file")
    source = tmp_path / "April minutes (final).pdf"
    source.write_bytes(PDF + b"% April\n")
    page.get_by_label("File").set_input_files(str(source))
    page.get_by_text("Add a description or a note").click()  # folded, so the form fits one screen
    page.get_by_label("About this version").fill("As agreed")
    submit(page, "Upload")
    assert page.get_by_role("heading", level=1).inner_text() == "April minutes (final)"
    document = Document.objects.get(title="April minutes (final)")
    assert document.folder == world["minutes"] and document.file_type == "application/pdf"
    shot(page, "documents-uploaded")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").first.click()
    download = download_info.value
    assert download.suggested_filename == "April minutes (final).pdf"
    assert open(download.path(), "rb").read() == PDF + b"% April\n"


def test_a_refused_upload_says_why_and_keeps_what_was_typed(world, new_context, sign_in, visit, submit, tmp_path):
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, "/w/housing/documents/upload/")
    program = tmp_path / "budget.pdf"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64)
    page.get_by_label("File").set_input_files(str(program))
    page.get_by_label("Title").fill("Budget")
    submit(page, "Upload")
    assert "not a kind of file we can accept" in page.locator(".field-error").inner_text()
    assert page.get_by_label("Title").input_value() == "Budget"
    assert not Document.objects.filter(title="Budget").exists()


def test_writing_a_co_authored_document(world, new_context, sign_in, visit, submit, follow, shot):
    page = sign_in(new_context(), world["contributor"]).new_page()
    visit(page, "/w/housing/documents/")
    follow(page, "Write an online document")
    page.get_by_label("Title").fill("Terms of reference")
    page.get_by_label("Text").fill("# Purpose\n\nThe task force **advises** the board.\n")
    page.get_by_label("Co-authors").fill("maya@example.org")
    page.locator("#document-preview-body strong").filter(has_text="advises").wait_for()  # the live preview
    submit(page, "Save version 1")
    assert page.get_by_role("heading", level=1).inner_text() == "Terms of reference"
    assert "Chris Contributor, Maya Manager" in page.locator(".meta").first.inner_text()
    follow(page, "Edit document Terms of reference")
    text = page.get_by_label("Text")
    text.fill(text.input_value() + "\nIt meets monthly.\n")
    page.get_by_label("What changed").fill("Meetings")
    submit(page, "Save as version 2")
    assert "Saved as version 2" in page.locator(".messages").inner_text()
    shot(page, "documents-written-saved")
    document = Document.objects.get(title="Terms of reference")
    assert document.version == 2 and "<strong>advises</strong>" in document.html


def test_editing_with_preview_works_with_javascript_off(world, new_context, sign_in, visit, submit):
    page = sign_in(new_context(java_script_enabled=False), world["contributor"]).new_page()
    plan = world["plan"]
    visit(page, f"/w/housing/documents/{plan.pk}/edit/")
    text = page.get_by_label("Text")
    text.fill(text.input_value() + "\n## Risks\n\nSee the **risk register**.\n")
    submit(page, "Preview")
    assert "risk register" in page.locator("#document-preview-body strong").inner_text()
    assert "See the **risk register**." in page.get_by_label("Text").input_value()  # the draft is kept
    assert Document.objects.get(pk=plan.pk).version == 2
    submit(page, "Save as version 3")
    assert Document.objects.get(pk=plan.pk).version == 3


def test_asking_for_a_review_and_approving_it_as_another_person(world, new_context, sign_in, visit, submit, follow,
                                                                shot):
    maya = sign_in(new_context(), world["manager"]).new_page()
    paper = world["paper"]
    visit(maya, f"/w/housing/documents/{paper.pk}/")
    follow(maya, "Ask for a review")
    maya.get_by_label("Who should review it").fill("rita@example.org")
    maya.get_by_label("Review by").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    maya.get_by_label("Message to the reviewers").fill("Do these match your notes?")
    submit(maya, "Ask for the review")
    assert "1 person has been asked to review version 1" in maya.locator(".messages").inner_text()
    assert "In review" in maya.locator(".document-review").inner_text()

    rita = sign_in(new_context(), world["reader"]).new_page()
    visit(rita, "/w/housing/documents/")
    follow(rita, "March minutes")  # from "Waiting for your review"
    rita.get_by_label("I approve it").check()
    rita.get_by_label("Comment").fill("They match.")
    shot(rita, "documents-review-answer")
    submit(rita, "Send my answer")
    assert "your answer has been recorded" in rita.locator(".messages").inner_text()
    assert "Approved" in rita.locator(".document-review").inner_text()
    assert Document.objects.get(pk=paper.pk).review_status == ReviewStatus.APPROVED

    visit(maya, f"/w/housing/documents/{paper.pk}/")
    status = maya.locator(".document-review").inner_text()
    assert "Approved" in status and "Rita Reader" in status


def test_the_longest_folder_and_document_names_fit_a_320_pixel_screen(world, new_context, sign_in, visit, shot):
    # Names of the most characters allowed, with nowhere to break (a pasted address, a long
    # compound word): every page that shows them wraps them instead of growing wider.
    manager, workspace = world["manager"], world["workspace"]
    long_folder = folder_create(actor=manager, workspace=workspace, title="F" * 200, parent=world["minutes"])
    inner = folder_create(actor=manager, workspace=workspace, title="Inner", parent=long_folder)
    long_document = document_upload(actor=manager, workspace=workspace, folder=long_folder, title="D" * 200,
                                     upload=SimpleUploadedFile("long.pdf", PDF), description="E" * 300)
    page = sign_in(new_context(viewport={"width": 320, "height": 640}), manager).new_page()
    base = "/w/housing/documents"
    too_wide = {}
    for path in (f"{base}/folders/{long_folder.pk}/", f"{base}/folders/{inner.pk}/",
                 f"{base}/folders/{world['minutes'].pk}/", f"{base}/folders/{long_folder.pk}/rename/",
                 f"{base}/folders/{long_folder.pk}/delete/", f"{base}/{long_document.pk}/",
                 f"{base}/{long_document.pk}/details/", f"{base}/upload/", f"{base}/?q=DDDD"):
        visit(page, path)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    shot(page, "documents-long-names-320")
    assert not too_wide, f"pages wider than the 320px screen: {too_wide}"
