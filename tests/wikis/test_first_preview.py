"""The editor opens with its text already previewed beside it (kit.views.EditorPage)."""

from .builders import make_page, url_for


def test_the_edit_page_opens_with_the_text_previewed(as_user, workspace, manager):
    page = make_page(workspace, manager, title="Plan", text="We start in **April**.\n")
    html = as_user(manager).get(url_for("edit", workspace, page)).content.decode()
    preview = html[html.index('id="wiki-preview-body"'):]
    assert "<strong>April</strong>" in preview and "The preview appears here" not in preview


def test_an_empty_editor_explains_the_preview(as_user, workspace, manager):
    html = as_user(manager).get(url_for("create", workspace)).content.decode()
    assert "The preview appears here as you type" in html
