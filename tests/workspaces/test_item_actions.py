"""The kit's item page pieces, for any tool (workspaces.kit.actions, components/item_actions.html,
workspaces.kit.form_layout, components/access_fields.html): one primary action, secondary ones,
the rest under a <details> "More actions" menu; the access choices as one summary line whose
teams show only for "chosen teams"; a form's folded extras."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from tests.builders import make_team
from tests.dummytool.models import Note
from workspaces.kit.actions import Action, ItemActions
from workspaces.kit.form_layout import form_layout
from workspaces.kit.forms import ItemAccessFormMixin

pytestmark = pytest.mark.django_db


def _render(actions, item=None):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    template = Template('{% include "components/item_actions.html" %}')
    return template.render(Context({"actions": actions, "item": item or "Budget", "request": request}))


def test_actions_that_do_not_apply_are_dropped():
    actions = ItemActions(primary=None, secondary=[None, Action("Print", "/p/")], more=[None])
    assert actions.labels == {"primary": [], "secondary": ["Print"], "more": []}


def test_the_primary_is_the_primary_button_and_the_rest_are_secondary_or_in_the_menu():
    html = _render(ItemActions(
        primary=Action("Edit page", "/edit/", hidden="Budget"),
        secondary=[Action("Add a subpage", "/new/")],
        more=[Action("Delete", "/delete/", danger=True), Action("History", "/history/"),
              Action("Lock for editing", "/lock/", post=True)],
    ))
    assert '<a class="button" href="/edit/">Edit page<span class="visually-hidden"> Budget</span></a>' in html
    assert '<a class="button button-secondary" href="/new/">Add a subpage</a>' in html
    menu = html[html.index('<details class="item-menu">'):]
    assert "<summary" in menu and "More actions" in menu
    # A change with no page of its own posts; what destroys comes last.
    assert '<form method="post" action="/lock/"' in menu and menu.index("History") < menu.index("Delete")
    assert 'class="menu-item menu-item-danger" href="/delete/"' in menu


def test_a_menu_of_one_action_alone_is_that_action():
    html = _render(ItemActions(more=[Action("History", "/history/")]))
    assert "More actions" not in html and '<a class="button button-secondary" href="/history/">History</a>' in html


def test_no_menu_without_rare_actions_and_nothing_at_all_without_actions():
    assert "More actions" not in _render(ItemActions(primary=Action("Edit", "/e/")))
    assert _render(ItemActions()).strip() == ""


class NoteForm(ItemAccessFormMixin, forms.ModelForm):
    class Meta:
        model = Note
        fields = ["title", "view_access", "view_teams", "change_access", "change_teams"]

    folded_fields = ("title",)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access(workspace)


def test_the_access_choices_become_one_summary_line_with_each_level_beside_its_teams(workspace):
    make_team(workspace)
    parts = form_layout(NoteForm(workspace=workspace, initial={"view_access": "members", "change_access": "managers"}))
    access = next(p for p in parts if p.kind == "access")
    assert (access.view, access.change, access.open) == ("members", "managers (and the author)", False)
    assert [(level.name, teams.name) for level, teams, _ in access.groups] == [("view_access", "view_teams"),
                                                                               ("change_access", "change_teams")]
    assert [p.kind for p in parts] == ["folded", "access"]  # each field once, in the form's order


def test_the_summary_opens_by_itself_on_an_error_and_a_folded_field_with_a_value(workspace):
    make_team(workspace)
    form = NoteForm({"title": "Kept", "view_access": "teams", "change_access": "members"}, workspace=workspace)
    assert not form.is_valid()  # chosen teams, but none ticked
    folded, access = form_layout(form)
    assert access.open and folded.open and access.view == "chosen teams"


def test_the_rendered_summary_is_a_disclosure_whose_teams_are_marked_for_hiding(workspace):
    make_team(workspace)
    request = RequestFactory().get("/")
    html = Template('{% load engage %}{% form_layout form as parts %}{% for part in parts %}'
                    '{% if part.kind == "access" %}{% include "components/access_fields.html" with access=part %}'
                    '{% endif %}{% endfor %}').render(
        Context({"form": NoteForm(workspace=workspace), "request": request}))
    assert '<details class="access-summary" id="access-summary">' in html
    assert 'Visible to: <strong data-access-line="view">anyone who can see the workspace</strong>' in html
    assert html.count('<div class="access-teams">') == 2 and html.count('<div class="access-group" data-level=') == 2


def test_without_teams_there_are_no_team_boxes(workspace):
    access = next(p for p in form_layout(NoteForm(workspace=workspace)) if p.kind == "access")
    assert [teams for _, teams, _ in access.groups] == [None, None]
