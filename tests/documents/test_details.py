"""A document's details (title, folder, description, who sees it, when it takes comments) saved
by two people at once: the form posts back the state it was loaded with, so the second save does
not silently overwrite the first — it comes back with what its writer typed, what is saved now
and who saved it (the kit's loaded state, as the wiki's and links' versions). A text saved
meanwhile by a co-author is not a change of the details and does not stop them."""

import re

from documents.models import Document
from documents.services import document_edit, document_update_details
from workspaces.models import Activity

from .builders import url_for


def loaded_state(html):
    return re.search(r'name="loaded_state" value="([^"]+)"', html).group(1)


def _details(document, state, **overrides):
    return {"title": document.title, "folder": document.folder_id or "", "description": document.description,
            "coauthors": "", "view_access": "anyone", "change_access": "members", "loaded_state": state,
            **overrides}


def test_a_save_over_someone_elses_change_of_the_details_comes_back_with_what_was_typed(
        as_user, workspace, manager, contributor, paper):
    chris = as_user(contributor)
    state = loaded_state(chris.get(url_for("details", workspace, paper)).content.decode())
    document_update_details(actor=manager, document=paper, title="Minutes of March", folder=paper.folder)

    response = chris.post(url_for("details", workspace, paper),
                          _details(paper, state, description="Agreed at the **March** board."))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maya Manager changed these details while you had this page open" in html
    assert "Minutes of March" in html  # what is saved now, shown above the form
    assert "Agreed at the **March** board." in html  # what Chris typed, still in the form
    paper.refresh_from_db()
    assert (paper.title, paper.description) == ("Minutes of March", "")

    # Saving again is a deliberate choice, made after seeing the other change.
    again = chris.post(url_for("details", workspace, paper),
                       _details(paper, loaded_state(html), title="Minutes of March",
                                description="Agreed at the **March** board."))
    assert again.status_code == 302
    paper.refresh_from_db()
    assert (paper.title, paper.description) == ("Minutes of March", "Agreed at the **March** board.")


def test_a_version_saved_meanwhile_does_not_stop_the_details(as_user, workspace, manager, contributor, draft):
    chris = as_user(contributor)
    state = loaded_state(chris.get(url_for("details", workspace, draft)).content.decode())
    document_edit(actor=manager, document=draft, text="New text", base_version=1)
    response = chris.post(url_for("details", workspace, draft), _details(draft, state, description="Our plan."))
    assert response.status_code == 302
    assert Document.objects.get(pk=draft.pk).description == "Our plan."


def test_saving_the_details_says_who_saved_them(as_user, workspace, manager, contributor, paper):
    state = loaded_state(as_user(contributor).get(url_for("details", workspace, paper)).content.decode())
    as_user(contributor).post(url_for("details", workspace, paper), _details(paper, state, title="Renamed"))
    paper.refresh_from_db()
    assert paper.updated_by == contributor
    assert Activity.objects.filter(verb="documents.document_updated", actor=contributor).exists()
