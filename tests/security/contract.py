"""What every tool promises, as checks that take the tool (and the world) and fail with a message
saying what is wrong and where to fix it. test_tool_contract.py runs them for every registered
tool; test_contract_checks.py shows that each of them fails when it should.

1. It declares its permission table (tests/<app>/security.py), naming every URL of its urls
   module (and of its personal_urls, "me:<slug>:<name>") and nothing else, each with its access
   marker and a way to fill its arguments.
2. Its index (`<slug>:<home_view>`) opens for a reader of the private workspace.
3. Switched off in a workspace, every one of its URLs is gone for everyone, site admins
   included: 404 (an anonymous visitor is asked to sign in, as for anything not found in a
   workspace), for GET and POST, and a POST changes nothing.
4. In an archived workspace, every POST of its table is refused for every persona (403, 404,
   405 or sign in) and changes nothing.
5. Its demo data (`<package>.demo.seed_demo(workspace, users)`) is idempotent: run again, it
   creates nothing.
6. Its policies agree with themselves (as every registered policy must): for each persona and
   every object (in the private, public and another workspace; deleted ones; limited to a team,
   to managers, to members; comments waiting, hidden, removed; workspaces archived, licences
   lapsed), `can(user, "<app>.view_<model>", obj)` is True exactly when `visible(user, <that
   object's queryset>)` has it, and visible_to_many agrees.
7. Its blocks on the workspace home (Tool.latest, Tool.waiting_for, if it declares them) show,
   in each of those states, only pages of its items that visible() gives the person, at most
   the number asked.
"""

from importlib import import_module
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from guardian.models import GroupObjectPermission

from comments.models import Comment
from comments.models import Status as CommentStatus
from workspaces import permissions
from workspaces.models import Access, Activity, Membership, Organisation, Role, Workspace, WorkspaceItem
from workspaces.permissions import can, forget, visible
from workspaces.services.teams import team_set_members

from ..conftest import PERSONAS
from . import tables
from .outcomes import LOGIN, REFUSED
from .probe import fetch, url_for
from .urlwalk import personal_routes, tool_routes
from .world import client_as, diff, restrict_to_team, snapshot

ANSWERS_WHEN_GONE = {persona: 404 for persona in PERSONAS} | {"anonymous": LOGIN}


# --- 1. The table ------------------------------------------------------------------------------


def check_declares_its_table(tool):
    """The tool's ToolTables (tables.load raises MissingTables, saying which file to write)."""
    return tables.load(tool)


def check_every_url_is_declared(tool_tables):
    """Every URL of the tool's urls module has a row with the right marker and kwargs builders;
    no row names a URL the tool does not have."""
    tool, where = tool_tables.tool, f"tests/{tool_tables.app_label}/security.py"
    routes = tool_routes(tool) + personal_routes(tool)
    problems = [f"unnamed URL pattern (name it, so that it can be declared): {r}" for r in routes if not r.name]
    named = {r.name: r for r in routes if r.name}
    problems += [f"not declared in MATRIX: {named[name]}" for name in sorted(set(named) - set(tool_tables.MATRIX))]
    problems += [f"a row for a URL the tool does not have: {name}" for name in sorted(tool_tables.names() - set(named))]
    for name in sorted(set(named) & set(tool_tables.MATRIX)):
        route, row = named[name], tool_tables.MATRIX[name]
        if route.access != row.get("access"):
            problems.append(f"{name}: the view's marker is {route.access!r}, the row says {row.get('access')!r}")
        missing_personas = [p for p in PERSONAS if p not in row]
        if missing_personas:
            problems.append(f"{name}: no outcome for {missing_personas}")
        builders = tables.kwargs_builders(name, tool_tables)
        unfilled = [p for p in route.params if p not in builders]
        if unfilled:
            problems.append(f"{name}: no kwargs builder for {unfilled} (URL_KWARGS or NAME_KWARGS)")
    if tool.home_view and f"{tool.slug}:{tool.home_view}" not in named:
        problems.append(f"home_view {tool.home_view!r} is not a URL of {tool.urls}")
    assert not problems, f"Tool {tool.slug!r} ({where}):\n  " + "\n  ".join(problems)


# --- 2. The index ------------------------------------------------------------------------------


def check_index_opens_for_a_reader(tool, place, reader):
    url = reverse(f"{tool.slug}:{tool.home_view}", kwargs={"workspace": place.workspace.slug})
    got = fetch(client_as(reader), "get", url)
    assert got == 200, f"Tool {tool.slug!r}: its index {url} answered {got} to a reader of {place.workspace.slug}"


# --- 3. Switched off ---------------------------------------------------------------------------


def check_disabled_url_is_gone(tool_tables, route, place, personas):
    """With the tool switched off in place's workspace, `route` is not found by anyone."""
    slug = tool_tables.slug
    workspace = Workspace.objects.get(pk=place.workspace.pk)
    Workspace.objects.filter(pk=workspace.pk).update(enabled_tools=[s for s in workspace.enabled_tools if s != slug])
    url = url_for(route.name, place, route, tool_tables)
    data = tool_tables.POST_DATA.get(route.name, {})
    wrong = []
    for persona in PERSONAS:
        expected = ANSWERS_WHEN_GONE[persona]
        client = client_as(personas[persona])
        got = fetch(client, "get", url)
        if got != expected:
            wrong.append(f"  GET as {persona}: expected {expected}, got {got}")
        before = snapshot(route.name, tool_tables)
        got = fetch(client, "post", url, data)
        changed = diff(before, snapshot(route.name, tool_tables))
        if got != expected or changed:
            wrong.append(f"  POST as {persona}: expected {expected}, got {got}; changed: {changed or 'nothing'}")
    assert not wrong, f"{route.name} {url} with {slug!r} switched off:\n" + "\n".join(wrong)


# --- 4. Archived -------------------------------------------------------------------------------


def check_archived_post_is_refused(tool_tables, name, place, personas, route=None):
    """In an archived workspace, a POST to `name` is refused for everyone and changes nothing."""
    Workspace.objects.filter(pk=place.workspace.pk).update(is_archived=True)
    url = url_for(name, place, route, tool_tables)
    wrong = []
    for persona in PERSONAS:
        before = snapshot(name, tool_tables)
        got = fetch(client_as(personas[persona]), "post", url, tool_tables.POST_DATA[name])
        changed = diff(before, snapshot(name, tool_tables))
        if got not in REFUSED | {405} or changed:
            wrong.append(f"  {persona}: got {got}; changed: {changed or 'nothing'}")
    assert not wrong, f"POST {url} ({name}) in an archived workspace was not refused:\n" + "\n".join(wrong)


# --- 5. Demo data ------------------------------------------------------------------------------


def demo_module_of(tool):
    """The tool's demo module (`<package of its urls>.demo`, as seed_demo finds it), or None."""
    try:
        return import_module(f"{tool.urls.rsplit('.', 1)[0]}.demo")
    except ModuleNotFoundError:
        return None


def _row_counts(models):
    return {model._meta.label: model._default_manager.count() for model in models}


def check_demo_is_idempotent(tool, demo=None):
    """After `manage.py seed_demo` (the core's demo, and every tool's a first time), the tool's
    hook run again adds nothing to the tool's tables, the activity or the grants. (`demo`: a
    stand-in for the tool's demo module, which the command does not know; it is run once first.)"""
    call_command("seed_demo", stdout=StringIO())
    workspace = Workspace.objects.get(slug="demo-programme")
    users = {u.email: u for u in get_user_model().objects.all()}
    if demo is None:
        demo = demo_module_of(tool)
    else:
        demo.seed_demo(workspace, users)
    own = list(apps.get_app_config(tool.app_label).get_models())
    before = _row_counts([*own, Activity, GroupObjectPermission])
    assert any(before[m._meta.label] for m in own), (
        f"Tool {tool.slug!r}: its demo created nothing (does seed_demo find the demo users?)")
    demo.seed_demo(workspace, users)
    after = _row_counts([*own, Activity, GroupObjectPermission])
    grown = {label: (before[label], after[label]) for label in before if after[label] != before[label]}
    assert not grown, f"Tool {tool.slug!r}: seed_demo run again changed row counts (before, after): {grown}"


# --- 6. Policies agree -------------------------------------------------------------------------


def item_models_of(tool):
    return [apps.get_model(label) for label in tool.item_models]


def _states(places, item_models):
    """(description, change) pairs, in this order, each starting from the one before: change()
    puts the world's objects in a state the policies must agree on — the comments, the items of
    `item_models` (which reviews and comments belong to) and the workspaces. The first leaves
    the world as built (deleted objects, another workspace, the public one)."""
    by_workspace = {place.workspace.pk: place for place in places}

    def items(**changes):
        for model in item_models:
            model._default_manager.update(**changes)

    def comments_waiting():
        # Waiting for a moderator, each written by its workspace's reader.
        for place in places:
            Comment.objects.filter(workspace=place.workspace).update(status=CommentStatus.PENDING, author=place.reader)

    def comments_hidden():
        Comment.objects.update(status=CommentStatus.HIDDEN)

    def comments_removed():
        Comment.objects.update(status=CommentStatus.REMOVED)

    def managers_by_the_reader():
        for model in item_models:
            for place in places:
                model._default_manager.filter(workspace=place.workspace).update(view_access=Access.MANAGERS,
                                                                                created_by=place.reader)

    def team():
        # The contributor (of the private and public workspace) and the reader elsewhere are in
        # each workspace's team; the reader of the private and public workspace is not.
        for place in places:
            in_team = [m.user for m in Membership.objects.filter(workspace=place.workspace).select_related("user")
                       if m.role == Role.CONTRIBUTOR or (place.key == "elsewhere" and m.user_id == place.reader.pk)]
            team_set_members(actor=None, team=place.team, add_users=in_team)
        for model in item_models:
            for item in model._default_manager.all():
                if item.workspace_id in by_workspace:
                    restrict_to_team(item, by_workspace[item.workspace_id].team)

    def archived():
        Workspace.objects.update(is_archived=True)

    def licences_required():
        # Only the readers hold a licence: the other members' have lapsed.
        Organisation.objects.update(licensing_enabled=True)

    return [("as built", lambda: None), ("comments waiting for a moderator", comments_waiting),
            ("comments hidden", comments_hidden), ("comments removed", comments_removed),
            ("open to members", lambda: items(view_access=Access.MEMBERS)),
            ("managers only", lambda: items(view_access=Access.MANAGERS)), ("limited to a team", team),
            ("managers only, written by the reader", managers_by_the_reader),
            ("workspaces archived", archived), ("licences required", licences_required)]


def check_policy_agrees(model, users, places, item_models=()):
    """For every person (anonymous too) and every object of `model`, in each state above,
    can(user, "<app>.view_<model>", obj) is True exactly when visible(user, <its queryset>) has
    it, and visible_to_many, asked of everyone at once, answers the same. The states change
    the objects of `item_models` and of every item model with a policy."""
    perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    item_models = list(dict.fromkeys([*item_models, *_item_models(), *([model] if _is_item(model) else [])]))
    disagreements = []
    for description, change in _states(places, item_models):
        change()
        objects = list(model._default_manager.all())
        assert objects, f"{model._meta.label}: no objects to check (does build() make any?)"
        people = [AnonymousUser(), *users]
        expected = set()
        for user in people:
            forget(user)
            for obj in objects:
                allowed = can(user, perm, obj)
                listed = visible(user, model._default_manager.filter(pk=obj.pk)).exists()
                if allowed != listed:
                    disagreements.append(f"  {description}: {_who(user)} / {model.__name__} {obj.pk} "
                                         f"({_where(obj)}): can() says {allowed}, visible() says {listed}")
                if allowed and user.is_authenticated:
                    expected.add((user.pk, obj.pk))
        # The bulk question digests and reminders ask: the same answer for everyone at once.
        signed_in = [u for u in people if u.is_authenticated]
        asked = model._default_manager.filter(pk__in=[o.pk for o in objects])
        got = _pairs(permissions.visible_to_many(signed_in, asked))
        for user_pk, obj_pk in sorted(got ^ expected):
            disagreements.append(f"  {description}: user {user_pk} / {model.__name__} {obj_pk}: "
                                 f"visible_to_many says {(user_pk, obj_pk) in got}, can() the opposite")
    assert not disagreements, f"{model._meta.label}: the policies disagree:\n" + "\n".join(disagreements)


def check_policies_agree(tool, users, places):
    """check_policy_agrees for each of the tool's item models."""
    for model in item_models_of(tool):
        check_policy_agrees(model, users, places, item_models=item_models_of(tool))


def _is_item(model):
    return issubclass(model, WorkspaceItem)


def _item_models():
    return [model for model in permissions.declared_policies() if _is_item(model)]


def _who(user):
    return user.email if user.is_authenticated else "anonymous"


def _where(obj):
    return getattr(obj, "workspace", obj).slug


def _pairs(answer):
    """{(user pk, item pk)} from visible_to_many's answer: a mapping of user (or user pk) to the
    items (or item pks) they may see, or an iterable of such (user, item) pairs."""
    def pk(x):
        return getattr(x, "pk", x)

    if hasattr(answer, "items"):
        return {(pk(user), pk(item)) for user, items in answer.items() for item in items}
    return {(pk(user), pk(item)) for user, item in answer}


# --- 7. The workspace home shows only what may be seen ------------------------------------------

HOME_LIMIT = 5


def check_home_shows_only_what_may_be_seen(tool, users, places, url_of=lambda item: item.get_absolute_url()):
    """Its home hooks (Tool.latest, Tool.waiting_for; both optional) answer, for every person and
    place in each state of 6., at most `limit` HomeEntry lines, each the page of one of the tool's
    items that visible() gives that person: nothing limited to a team, to managers, deleted
    (where the tool hides it) or in a workspace they may not see reaches the home. (`url_of`: an
    item's page, for items without get_absolute_url.)"""
    from workspaces.registry import HomeEntry

    item_models = item_models_of(tool)
    hooks = [(name, hook) for name, hook in (("latest", tool.latest), ("waiting_for", tool.waiting_for)) if hook]
    leaks = []
    for description, change in _states(places, _item_models()):
        change()
        for user in [AnonymousUser(), *users]:
            forget(user)
            for place in places:
                workspace = Workspace.objects.get(pk=place.workspace.pk)
                if not can(user, "workspaces.view_workspace", workspace):
                    continue  # the home is not found for them: no hook is asked
                may_see = {url_of(obj) for model in item_models
                           for obj in visible(user, model._default_manager.filter(workspace=workspace))}
                for name, hook in hooks:
                    if name == "waiting_for" and not user.is_authenticated:
                        continue
                    entries = list(hook(user, workspace, HOME_LIMIT))
                    if len(entries) > HOME_LIMIT or not all(isinstance(e, HomeEntry) for e in entries):
                        leaks.append(f"  {description}: {tool.slug}.{name} for {_who(user)} in {workspace.slug}: "
                                     f"answer at most {HOME_LIMIT} HomeEntry lines, not {entries!r}")
                    leaks += [f"  {description}: {tool.slug}.{name} shows {_who(user)} “{e.title}” ({e.url}) in "
                              f"{workspace.slug}, which visible() does not give them" for e in entries
                              if e.url not in may_see]
    assert not leaks, (f"Tool {tool.slug!r}: its home hooks show what the person may not see (start them from "
                       "the permission layer's visible()):\n" + "\n".join(leaks))
