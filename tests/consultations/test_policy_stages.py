"""Who may do what with a consultation at each stage, written out by hand (not derived from the
policy), checked through workspaces.permissions.can(): the private workspace's personas, a
consultation by the manager seen by members (change: managers), and a comment on it by another
member (a submitted, named, public one), plus the archived workspace and a few real URLs.

Columns: view, respond, change, analyse, publish, enter, outcome, responses (the published ones; not
published by staff here), comment view, comment moderate. Y allowed, "-" refused."""

import pytest
from django.urls import reverse

from consultations.models import Comment
from workspaces.models import Role
from workspaces.permissions import can

from ..builders import add_member, make_user
from .builders import make_consultation, make_response

ACTIONS = ("view", "respond", "change", "analyse", "publish", "enter", "outcome", "responses")
COMMENT_ACTIONS = ("view", "moderate")
PERSONAS = ("anonymous", "outsider", "reader", "contributor", "manager", "site_admin")

#                      view respond change analyse publish enter outcome pub_resp | comment view, moderate
_NOBODY = "-  -  -  -  -  -  -  -  |  -  -"
_STAFF_DRAFT = "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y"
TABLE = {
    "draft": {
        "anonymous": _NOBODY, "outsider": _NOBODY,
        "reader": _NOBODY, "contributor": _NOBODY,  # a draft is its staff's only
        "manager": _STAFF_DRAFT, "site_admin": _STAFF_DRAFT,
    },
    "scheduled": {
        "anonymous": _NOBODY, "outsider": _NOBODY,
        "reader": "Y  -  -  -  -  -  -  -  |  Y  -",  # seen, not yet open for responses
        "contributor": "Y  -  -  -  -  -  -  -  |  Y  -",
        "manager": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
        "site_admin": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
    },
    "open": {
        "anonymous": _NOBODY, "outsider": _NOBODY,
        "reader": "Y  Y  -  -  -  -  -  -  |  Y  -",  # readers respond
        "contributor": "Y  Y  -  -  -  -  -  -  |  Y  -",
        "manager": "Y  Y  Y  Y  Y  Y  Y  Y  |  Y  Y",
        "site_admin": "Y  Y  Y  Y  Y  Y  Y  Y  |  Y  Y",
    },
    "closed": {
        "anonymous": _NOBODY, "outsider": _NOBODY,
        "reader": "Y  -  -  -  -  -  -  -  |  Y  -",
        "contributor": "Y  -  -  -  -  -  -  -  |  Y  -",
        "manager": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
        "site_admin": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
    },
    "analysing": {
        "anonymous": _NOBODY, "outsider": _NOBODY,
        "reader": "Y  -  -  -  -  -  -  -  |  Y  -",
        "contributor": "Y  -  -  -  -  -  -  -  |  Y  -",
        "manager": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
        "site_admin": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
    },
    "published": {
        "anonymous": _NOBODY, "outsider": _NOBODY,
        "reader": "Y  -  -  -  -  -  Y  -  |  Y  -",  # the outcome is everyone's who sees it
        "contributor": "Y  -  -  -  -  -  Y  -  |  Y  -",
        "manager": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
        "site_admin": "Y  -  Y  Y  Y  Y  Y  Y  |  Y  Y",
    },
}

# Archived workspace, open consultation: reading and analysing stay; responding and changing stop.
ARCHIVED = {
    "reader": "Y  -  -  -  -  -  -  -  |  Y  -",
    "manager": "Y  -  -  Y  -  -  Y  Y  |  Y  -",
    "site_admin": "Y  -  -  Y  -  -  Y  Y  |  Y  -",
}


def _expected(row):
    own, comment = row.split("|")
    return dict(zip(ACTIONS, (v == "Y" for v in own.split()), strict=True)), dict(
        zip(COMMENT_ACTIONS, (v == "Y" for v in comment.split()), strict=True))


def _user(personas, name):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if name == "anonymous" else personas[name]


def _world(workspace, manager, stage):
    consultation = make_consultation(workspace, manager, stage=stage)
    author = make_user(f"respondent-{stage}@example.org", "Rob Respondent")
    add_member(workspace, author, Role.READER)
    make_response(consultation, author, consent="named", comments=[("2", 4, "Weekly is too rare.")])
    return consultation, Comment.objects.get(consultation=consultation)


def _can(user, action, consultation):
    return can(user, f"consultations.{action}_consultation", consultation)


def _answers(user, consultation, comment):
    own = {a: _can(user, a, consultation) for a in ACTIONS}
    theirs = {a: can(user, f"consultations.{a}_comment", comment) for a in COMMENT_ACTIONS}
    return own, theirs


@pytest.mark.parametrize("stage", list(TABLE))
def test_who_may_do_what_at_each_stage(workspace, manager, personas, stage):
    consultation, comment = _world(workspace, manager, stage)
    wrong = []
    for name in PERSONAS:
        want = _expected(TABLE[stage][name])
        got = _answers(_user(personas, name), consultation, comment)
        if got != want:
            wrong.append(f"{stage} {name}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_an_archived_workspace_keeps_reading_and_analysing_only(workspace, manager, personas):
    from workspaces.models import Workspace

    consultation, comment = _world(workspace, manager, "open")
    Workspace.objects.filter(pk=workspace.pk).update(is_archived=True)
    consultation.workspace.refresh_from_db()
    comment.consultation.workspace.refresh_from_db()
    from workspaces.permissions import access_changed

    access_changed()
    wrong = []
    for name, row in ARCHIVED.items():
        got = _answers(personas[name], consultation, comment)
        if got != _expected(row):
            wrong.append(f"archived {name}: expected {_expected(row)}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_private_comment_is_its_author_and_staff_only(workspace, manager, reader, contributor):
    consultation = make_consultation(workspace, manager)
    make_response(consultation, reader, consent="private", comments=[("1", 1, "Only for staff.")])
    comment = Comment.objects.get(consultation=consultation)
    assert can(reader, "consultations.view_comment", comment)
    assert can(manager, "consultations.view_comment", comment)
    assert not can(contributor, "consultations.view_comment", comment)


def test_published_responses_once_staff_publish_them(workspace, manager, reader):
    consultation = make_consultation(workspace, manager, stage="published")
    assert not _can(reader, "responses", consultation)
    consultation.responses_published = True
    assert _can(reader, "responses", consultation)


@pytest.mark.parametrize("stage", list(TABLE))
def test_the_status_page_follows_the_table(as_user, workspace, manager, reader, contributor, stage):
    """The real URL: manage is for who may analyse (the table's analyse column)."""
    consultation = make_consultation(workspace, manager, stage=stage)
    address = reverse("consultations:manage", kwargs={"workspace": workspace.slug, "pk": consultation.pk})
    assert as_user(manager).get(address).status_code == 200
    refused = 404 if stage == "draft" else 403
    assert as_user(reader).get(address).status_code in ({refused} if stage != "draft" else {403, 404})
    assert as_user(contributor).get(address).status_code in ({refused} if stage != "draft" else {403, 404})
