"""The permission layer's contract beyond can/require/visible: permissions no policy knows are
refused loudly, and the bulk question visible_to_many agrees with visible() for every person,
in a fixed number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.dummytool.models import Note
from workspaces.models import Access, Role, Workspace
from workspaces.permissions import UnknownPermission, can, forget, visible, visible_pairs, visible_to_many

from ..builders import add_member, make_user
from .test_permissions import PERSONAS, make_note


def users_of(personas):
    return [personas[p] for p in PERSONAS if personas[p] is not None]


@pytest.mark.parametrize("perm", ["dummytool.chnage_note", "dummytool.moderate_note", "dummytool.view_link",
                                  "links.view_note", "dummytool.note"])
def test_a_permission_no_policy_knows_raises_instead_of_being_decided(world, personas, perm):
    note = world["private"]["view anyone"]
    for persona in ("manager", "site_admin", "reader"):
        with pytest.raises(UnknownPermission):
            can(personas[persona], perm, note)


@pytest.mark.parametrize("perm", ["workspaces.manage_everything", "dummytool.add_nothing", "nowhere.add_note"])
def test_an_unknown_workspace_permission_raises(workspace, manager, perm):
    with pytest.raises(UnknownPermission):
        can(manager, perm, workspace)


def test_declared_workspace_permissions_of_horizontal_apps_are_decided(workspace, manager, reader):
    assert can(manager, "notifications.announce_workspace", workspace)
    assert not can(reader, "notifications.announce_workspace", workspace)


def test_visible_to_many_agrees_with_visible_for_every_persona(world, personas):
    notes = Note.objects.all()
    expected = {(user.pk, pk) for user in users_of(personas)
                for pk in visible(user, notes).values_list("pk", flat=True)}
    assert visible_to_many(users_of(personas), notes) == expected


def test_visible_to_many_costs_the_same_queries_for_more_people_and_items(world, personas, workspace,
                                                                         django_assert_num_queries):
    ContentType.objects.get_for_model(Note)
    # items, standing, team grants
    with django_assert_num_queries(3):
        visible_to_many(users_of(personas), Note.objects.all())
    many = [make_user(f"member{i}@example.org") for i in range(20)]
    for user in many:
        add_member(workspace, user, Role.READER)
    for i in range(20):
        make_note(workspace, None, f"more {i}", view=Access.TEAMS if i % 2 else Access.MEMBERS)
    with django_assert_num_queries(3):
        found = visible_to_many(users_of(personas) + many, Note.objects.all())
    assert all((user.pk, pk) in found for user in many for pk in
               Note.objects.filter(workspace=workspace, view_access=Access.MEMBERS).values_list("pk", flat=True))


def test_visible_to_many_answers_only_the_pairs_asked(world, personas):
    reader = personas["reader"]
    mine, hidden = world["private"]["view anyone"], world["private"]["view managers"]
    asked = {(reader.pk, mine.pk), (reader.pk, hidden.pk)}
    assert visible_to_many([reader], Note.objects.all(), only=asked) == {(reader.pk, mine.pk)}


def test_deactivated_accounts_see_nothing_in_bulk(world, personas):
    reader = personas["reader"]
    reader.is_active = False
    reader.save()
    assert visible_to_many([reader], Note.objects.all()) == set()


def test_bulk_visibility_of_workspaces_follows_membership_and_publicness(world, personas, workspace, public_workspace):
    users = users_of(personas)
    found = visible_to_many(users, Workspace.objects.filter(pk__in=[workspace.pk, public_workspace.pk]))
    for user in users:
        assert ((user.pk, public_workspace.pk) in found) is True
        assert ((user.pk, workspace.pk) in found) is can(user, "workspaces.view_workspace", workspace)


def test_visible_pairs_answers_for_objects_of_several_models_at_once(world, personas, workspace,
                                                                     django_assert_num_queries):
    users = users_of(personas)
    notes = list(Note.objects.all())
    note_type = ContentType.objects.get_for_model(Note).pk
    asked = {(u.pk, (note_type, n.pk)) for u in users for n in notes} | {(u.pk, (Workspace, workspace.pk))
                                                                          for u in users}
    # One bulk question per model: the notes' three, the workspace's two.
    with django_assert_num_queries(5):
        seen = visible_pairs(users, asked)
    assert seen == (
        {(u.pk, (note_type, n.pk)) for u in users for n in notes if can(u, "dummytool.view_note", n)}
        | {(u.pk, (Workspace, workspace.pk)) for u in users if can(u, "workspaces.view_workspace", workspace)})


def test_visible_pairs_shows_a_deactivated_account_nothing(world, personas, workspace):
    manager = personas["manager"]
    manager.is_active = False
    manager.save()
    assert visible_pairs([manager], {(manager.pk, (Workspace, workspace.pk))}) == set()


def test_members_who_may_see_agrees_with_can_for_every_persona_and_note(world, personas):
    """Whom "every member" mail reaches about an item: the members (a role that counts) for whom
    can() says yes; outsiders and site admins who are not members are not "members"."""
    from workspaces.permissions import access_for, members_who_may_see

    users = users_of(personas)
    for note in Note.objects.select_related("workspace"):
        expected = {u.pk for u in users if access_for(u, note.workspace).is_member and can(u, "dummytool.view_note",
                                                                                          note)}
        assert members_who_may_see([u.pk for u in users], note.workspace, note) == expected, note.title


def _pks(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("licensing", [False, True], ids=["no licences", "licences, the reader's lapsed"])
def test_visible_within_a_workspace_agrees_with_visible_and_can_for_every_persona(
        world, personas, workspace, public_workspace, organisation, licensing):
    """The one-workspace form (decided from the loaded access) gives the cross-workspace answer,
    for every persona, in a private, a public and someone else's workspace, with licences on
    and a member's lapsed (they see what outsiders see)."""
    from workspaces.models import Organisation

    from .test_permissions import user_for

    if licensing:
        Organisation.objects.filter(pk=organisation.pk).update(licensing_enabled=True)
        from tests.workspaces.licences.conftest import license, make_pool
        pool = make_pool(organisation)
        for persona in ("contributor", "manager", "outsider"):
            license(pool, personas[persona])
    from .test_permissions import make_note

    for ws in (workspace, public_workspace):  # members' own items, however limited
        for persona in ("reader", "contributor"):
            make_note(ws, personas[persona], f"{persona}'s own", view=Access.MANAGERS)
    elsewhere = next(iter(world["elsewhere"].values())).workspace
    for ws in (workspace, public_workspace, elsewhere):
        ws = Workspace.objects.get(pk=ws.pk)  # the organisation's setting as saved
        for persona in PERSONAS:
            user = user_for(personas, persona)
            forget(user)
            within = _pks(visible(user, Note.objects.all(), within=ws))
            assert within == _pks(visible(user, Note.objects.filter(workspace=ws))), (ws.slug, persona)
            forget(user)
            assert within == {n.pk for n in Note.objects.filter(workspace=ws) if can(user, "dummytool.view_note", n)}


def test_visible_within_a_workspace_keeps_the_lists_own_filters(world, personas, workspace):
    reader = personas["reader"]
    limited = Note.objects.filter(title__contains="members")
    assert _pks(visible(reader, limited, within=workspace)) == _pks(
        visible(reader, limited.filter(workspace=workspace)))
