"""Every page of the library renders for the people who may see it (a smoke test; the
permission matrix in tests/security checks who may not)."""

import pytest

from documents.services import review_request

from .builders import url_for


@pytest.fixture
def review(draft, manager, reader):
    from django.utils import timezone

    return review_request(actor=manager, document=draft, reviewers=[reader], due_on=timezone.localdate())


def test_every_page_renders(as_user, workspace, manager, folder, paper, draft, review):
    client = as_user(manager)
    urls = [
        url_for("index", workspace), url_for("index", workspace) + "?q=plan", url_for("deleted", workspace),
        url_for("folder_create", workspace), url_for("folder", workspace, folder_id=folder.pk),
        url_for("folder_rename", workspace, folder_id=folder.pk),
        url_for("folder_delete", workspace, folder_id=folder.pk),
        url_for("upload", workspace), url_for("write", workspace),
        url_for("detail", workspace, paper), url_for("detail", workspace, draft),
        url_for("details", workspace, paper), url_for("delete", workspace, paper),
        url_for("edit", workspace, draft), url_for("print", workspace, draft),
        url_for("upload_version", workspace, paper), url_for("versions", workspace, paper),
        url_for("versions", workspace, draft), url_for("compare", workspace, draft),
        url_for("version", workspace, paper, number=1), url_for("version", workspace, draft, number=1),
        url_for("break_lock", workspace, paper), url_for("review_request", workspace, draft),
        url_for("review", workspace, draft, review_id=review.pk),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get(url_for("download", workspace, paper, number=1))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
