"""Reading and writing pages: the front page tree, a page with breadcrumbs and contents,
subpages, search, creating and editing, preview without JavaScript and with htmx."""

from unittest import mock

from wikis.models import MAX_TEXT_LENGTH, Page, Revision
from workspaces.lib import markdown

from .builders import create_data, edit_data, make_page, textarea, url_for


def test_contributor_creates_a_page_and_is_taken_to_it(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("create", workspace),
                                         create_data(title="Meeting  notes", summary="Start"))
    page = Page.objects.get()
    assert response.status_code == 302 and response["Location"] == url_for("page", workspace, page)
    assert (page.title, page.slug, page.version, page.path) == ("Meeting notes", "meeting-notes", 1, f"/{page.pk}/")
    revision = Revision.objects.get()
    assert (revision.number, revision.author, revision.summary, revision.text) == (1, contributor, "Start", page.text)


def test_page_shows_rendered_text_breadcrumbs_and_subpages(as_user, workspace, reader, manager, home):
    child = make_page(workspace, manager, title="Meeting notes", parent=home)
    grandchild = make_page(workspace, manager, title="March meeting", parent=child, text="**Agreed** the plan.")
    page = as_user(reader).get(url_for("page", workspace, grandchild))
    html = page.content.decode()
    assert "<strong>Agreed</strong> the plan." in html
    assert [label for label, _ in page.context["crumbs"]] == [
        "Test programme", "Wiki", "Programme handbook", "Meeting notes", "March meeting",
    ]
    parent_page = as_user(reader).get(url_for("page", workspace, child)).content.decode()
    assert 'id="subpages"' in parent_page and url_for("page", workspace, grandchild) in parent_page


def test_markdown_headings_move_down_a_level_so_the_title_is_the_only_h1(as_user, workspace, reader, home):
    html = as_user(reader).get(url_for("page", workspace, home)).content.decode()
    assert html.count("<h1") == 1
    assert '<h2 id="h-aims">Aims</h2>' in html


def test_long_page_gets_a_table_of_contents_and_short_one_does_not(as_user, workspace, manager, reader):
    long_page = make_page(workspace, manager, title="Long", text="# One\n\nx\n\n## Two\n\ny\n\n# Three\n\nz\n\n# One\n")
    short = make_page(workspace, manager, title="Short", text="# Only\n\nx\n")
    assert long_page.toc == [[2, "h-one", "One"], [3, "h-two", "Two"], [2, "h-three", "Three"], [2, "h-one-2", "One"]]
    html = as_user(reader).get(url_for("page", workspace, long_page)).content.decode()
    assert 'aria-labelledby="toc-heading"' in html and 'href="#h-one-2"' in html and 'id="h-one-2"' in html
    assert short.toc == []
    assert "toc-heading" not in as_user(reader).get(url_for("page", workspace, short)).content.decode()


def test_front_page_lists_top_pages_with_their_subpages(as_user, workspace, manager, reader, home):
    make_page(workspace, manager, title="Glossary")
    make_page(workspace, manager, title="Meeting notes", parent=home)
    big = make_page(workspace, manager, title="Big")
    for i in range(12):
        make_page(workspace, manager, title=f"Sub {i:02}", parent=big)
    response = as_user(reader).get(url_for("index", workspace))
    titles = [p.title for p in response.context["page_obj"]]
    assert titles == ["Big", "Glossary", "Programme handbook"]
    big = response.context["page_obj"].object_list[0]
    assert len(big.shown_children) == 10 and big.more_children == 2
    html = response.content.decode()
    assert "Meeting notes" in html and "and 2 more subpages" in html


def test_front_page_shows_every_level_of_the_tree(as_user, workspace, manager, reader):
    top = make_page(workspace, manager, title="Programme")
    level2 = make_page(workspace, manager, title="Workstreams", parent=top)
    level3 = make_page(workspace, manager, title="Land data", parent=level2)
    make_page(workspace, manager, title="Title registers", parent=level3)
    html = as_user(reader).get(url_for("index", workspace)).content.decode()
    for title in ("Programme", "Workstreams", "Land data", "Title registers"):
        assert title in html
    # Nested as the tree is: four lists deep.
    assert html.index("Workstreams") < html.index("Land data") < html.index("Title registers")
    assert html.count('<ul>') >= 3


def test_search_finds_pages_by_words_in_title_or_text(as_user, workspace, manager, reader, home):
    make_page(workspace, manager, title="Glossary", text="Stakeholder: anyone affected.")
    response = as_user(reader).get(url_for("index", workspace), {"q": "stakeholder  affected"})
    assert [p.title for p in response.context["page_obj"]] == ["Glossary"]
    none = as_user(reader).get(url_for("index", workspace), {"q": "nothing-like-this"}).content.decode()
    assert "No pages match your search" in none


def test_empty_wiki_tells_contributors_how_to_start_and_readers_what_to_expect(as_user, workspace, contributor, reader):
    assert "Create the first page" in as_user(contributor).get(url_for("index", workspace)).content.decode()
    page = as_user(reader).get(url_for("index", workspace)).content.decode()
    assert "This wiki has no pages yet" in page and "Create the first page" not in page


def test_empty_page_invites_editors_to_write_it(as_user, workspace, contributor, reader):
    page = make_page(workspace, contributor, title="Empty", text="")
    assert "Write this page" in as_user(contributor).get(url_for("page", workspace, page)).content.decode()
    assert "Write this page" not in as_user(reader).get(url_for("page", workspace, page)).content.decode()


def test_add_a_subpage_link_opens_the_form_with_the_parent_chosen(as_user, workspace, contributor, home):
    response = as_user(contributor).get(url_for("create", workspace), {"parent": home.slug, "title": "Notes"})
    form = response.context["form"]
    assert form.initial == {"title": "Notes", "parent": home.pk}
    assert f'<option value="{home.pk}" selected>' in response.content.decode()


def test_creating_a_subpage_sets_its_parent_and_path(as_user, workspace, contributor, home):
    response = as_user(contributor).post(url_for("create", workspace), create_data(title="Notes", parent=home.pk))
    assert response.status_code == 302
    page = Page.objects.get(title="Notes")
    assert page.parent == home and page.path == f"/{home.pk}/{page.pk}/"


def test_editing_saves_a_new_revision_with_the_summary(as_user, workspace, contributor, home):
    response = as_user(contributor).post(
        url_for("edit", workspace, home), edit_data(home, text="# Aims\n\nBetter words.\n", summary="Clearer aims")
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.version == 2 and "Better words." in home.html and home.updated_by == contributor
    latest = home.revisions.first()
    assert (latest.number, latest.author, latest.summary) == (2, contributor, "Clearer aims")


def test_saving_without_changes_adds_no_revision(as_user, workspace, contributor, home):
    response = as_user(contributor).post(url_for("edit", workspace, home), edit_data(home), follow=True)
    assert "There were no changes to save." in response.content.decode()
    assert home.revisions.count() == 1


def test_textarea_line_endings_are_normalised(as_user, workspace, contributor, home):
    as_user(contributor).post(url_for("edit", workspace, home), edit_data(home, text="a\r\nb\r\n"))
    home.refresh_from_db()
    assert home.text == "a\nb\n"


def test_preview_button_without_javascript_shows_the_rendered_text_and_saves_nothing(as_user, workspace, contributor,
                                                                                      home):
    response = as_user(contributor).post(
        url_for("edit", workspace, home), edit_data(home, text="Some **bold** draft", preview="1")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong> draft" in html and 'id="wiki-preview"' in html
    assert textarea(html) == "Some **bold** draft"  # the draft stays in the editor
    assert 'name="loaded_version" value="1"' in html
    assert "There is a problem" not in html
    home.refresh_from_db()
    assert home.version == 1 and "bold" not in home.text


def test_preview_of_a_new_page_keeps_every_field_and_shows_no_errors(as_user, workspace, contributor):
    response = as_user(contributor).post(url_for("create", workspace),
                                         create_data(title="", text="# Draft", preview="1"))
    html = response.content.decode()
    assert '<h2 id="h-draft">Draft</h2>' in html and "There is a problem" not in html and textarea(html) == "# Draft"
    assert not Page.objects.exists()


def test_htmx_preview_returns_only_the_preview_partial(as_user, workspace, contributor, home):
    response = as_user(contributor).post(
        url_for("edit", workspace, home), edit_data(home, text="_live_", preview="1"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["components/preview.html"]
    html = response.content.decode()
    assert "<em>live</em>" in html and "<html" not in html
    assert home.revisions.count() == 1


def test_editor_carries_htmx_live_preview_and_a_plain_preview_button(as_user, workspace, contributor, home):
    html = as_user(contributor).get(url_for("edit", workspace, home)).content.decode()
    assert 'hx-post="' + url_for("edit", workspace, home) + '"' in html and 'hx-target="#wiki-preview-body"' in html
    assert '<button type="submit" name="preview" value="1"' in html


# --- Previews are bounded -------------------------------------------------------------------------


def test_preview_of_200000_unmatched_brackets_is_rendered_within_the_work_budget(as_user, workspace, contributor, home):
    text, renders, measured = "[" * 200_000, [], markdown.render_measured

    def counted(*args, **kwargs):  # the renderer's own count of parser steps, never the time
        renders.append(measured(*args, **kwargs))
        return renders[-1]

    with mock.patch.object(markdown, "render_measured", counted):
        response = as_user(contributor).post(url_for("edit", workspace, home), edit_data(home, text=text, preview="1"),
                                             HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and text in response.content.decode()
    assert [r.work <= markdown.WORK_BUDGET for r in renders] == [True]


def test_preview_of_a_text_too_long_to_save_says_so_and_keeps_the_text(as_user, workspace, contributor, home):
    text = "**a** " * (MAX_TEXT_LENGTH // 6 + 1)
    client = as_user(contributor)
    with mock.patch("wikis.markup.render", side_effect=AssertionError("a text too long to save was rendered")):
        live = client.post(url_for("edit", workspace, home), edit_data(home, text=text, preview="1"),
                           HTTP_HX_REQUEST="true").content.decode()
        plain = client.post(url_for("edit", workspace, home), edit_data(home, text=text, preview="1")).content.decode()
    for html in (live, plain):
        assert f"This page is too long: keep it to {MAX_TEXT_LENGTH:,} characters (it has {len(text):,})." in html
        assert "<strong>" not in html
    assert textarea(plain) == text  # nothing typed is lost
