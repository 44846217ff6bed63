"""Hostile Markdown, HTML, titles and file names come out inert on every page that shows them:
no script, no event handler, no javascript: or data: links, no frames. (The hostile corpus and
the check are the wiki's: the same rules hold for every tool.)"""

import pytest

from comments.services import comment_add
from documents.models import Document
from documents.services import review_answer, review_request

from ..wikis.test_hostile import HOSTILE, TITLE, assert_inert
from .builders import make_file_document, make_written, upload_file, url_for


@pytest.mark.parametrize("title", [TITLE, "javascript:alert(1)", "\" onmouseover=\"alert(1)"])
def test_hostile_input_is_inert_on_every_page(as_user, workspace, manager, contributor, reader, folder, title):
    from django.utils import timezone

    written = make_written(workspace, contributor, title=title, text=HOSTILE, description=HOSTILE, folder=folder)
    uploaded = make_file_document(workspace, contributor, title=title + " file", description=HOSTILE,
                                  upload=upload_file('<img src=x onerror=alert(1)>".pdf', b"%PDF-1.4\n%%EOF\n"))
    for document in (written, uploaded):
        comment_add(actor=contributor, item=document, body=HOSTILE, quote=TITLE)
    review = review_request(actor=contributor, document=written, reviewers=[reader], due_on=timezone.localdate(),
                            message=HOSTILE)
    review_answer(actor=reader, review=review, decision="changes_requested", comment=HOSTILE)
    assert_inert(written.html)
    client = as_user(manager)
    urls = [url_for("index", workspace), url_for("index", workspace) + "?q=alert",
            url_for("folder", workspace, folder_id=folder.pk)]
    for document in (written, uploaded):
        urls += [url_for(name, workspace, document) for name in ("detail", "details", "versions")]
        urls.append(url_for("version", workspace, document, number=1))
    urls += [url_for(name, workspace, written) for name in ("edit", "print", "compare", "review_request")]
    urls.append(url_for("review", workspace, written, review_id=review.pk))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())


def test_a_hostile_file_name_is_made_safe_in_the_download(as_user, workspace, contributor):
    document = make_file_document(workspace, contributor, upload=upload_file('"; evil=1\r\nX: y.pdf', b"%PDF-1.4\n"))
    assert document.file_name == "__ evil=1 X_ y.pdf"
    response = as_user(contributor).get(url_for("download", workspace, document, number=1))
    assert "\n" not in response["Content-Disposition"] and "X:" not in response["Content-Disposition"]


def test_hostile_markdown_in_a_preview_is_inert(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("write", workspace), {"title": "x", "text": HOSTILE, "preview": "1"})
    assert_inert(response.content.decode())
    assert not Document.objects.exists()
