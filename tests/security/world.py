"""The data every permission-matrix check runs against, built from the fixed personas.

A private workspace (test-programme) and a public one (open-forum), each a Place: the core's
objects a URL can point at (a team, the reader's membership, a pending invitation, a
notification for the reader, a licence pool with a licence, a note — the test-only dummy
tool's item, which the core's follow URL points at) and each registered tool's, made by the
tool's `build(place, personas)` in tests/<app>/security.py. Plus an unrelated workspace
(elsewhere) whose objects prove that ids from another workspace are never reachable through
this one.

conftest.py builds all of it once per test module; each test runs in a savepoint and sees it
afresh. Treat these objects as read-only: change rows with queryset .update() or on fresh
copies, so that the next test's objects still say what the database says.
"""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission

from notifications.models import Notification
from tests.dummytool.models import Note
from workspaces.kit.feeds import WORKSPACE_ACTIVITY, WORKSPACE_FEEDS, feed_token_create
from workspaces.licences.services import licence_assign, pool_create
from workspaces.models import Access, Activity, LicencePool, Membership, Role, Visibility
from workspaces.services.invitations import invitation_create
from workspaces.services.items import set_item_teams

from ..builders import add_member, make_organisation, make_team, make_user, make_workspace
from ..conftest import PERSONAS, shared_handler
from . import tables


class Place:
    """One workspace, the core's objects in it, and every tool's (attributes named by the tool's
    build()). `key` says which place it is: "private", "public" or "elsewhere"."""

    def __init__(self, key, workspace, **objects):
        self.key, self.workspace = key, workspace
        self.__dict__.update(objects)

    @property
    def organisation(self):
        return self.workspace.organisation

    def replace(self, **changes):
        return Place(**{**self.__dict__, **changes})

    def __repr__(self):
        return f"<Place {self.key} {self.workspace.slug}>"


def make_note(workspace, author, title="Agenda for the next meeting"):
    return Note.objects.create(workspace=workspace, created_by=author, title=title)


def make_notification(workspace, recipient, target):
    activity = Activity.objects.create(
        workspace=workspace, verb="dummytool.note_updated", target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk, target_title=str(target), target_url=workspace.get_absolute_url(),
    )
    return Notification.objects.create(
        recipient=recipient, activity=activity, workspace=workspace, reason="followers", delivery="off"
    )


def make_licence(organisation, holder):
    pool = LicencePool.objects.filter(organisation=organisation).first() or pool_create(
        actor=None, organisation=organisation, label="Stakeholders 2026-27", seats=10,
        valid_from=date(2026, 1, 1), valid_until=date(2099, 12, 31),
    )
    licence, _ = licence_assign(actor=None, pool=pool, email=holder.email)
    return pool, licence


def make_place(key, workspace, personas, tools=None):
    """The core's objects in workspace, then each tool's (personas: at least manager and reader)."""
    manager, reader = personas["manager"], personas["reader"]
    note = make_note(workspace, manager)
    pool, licence = make_licence(workspace.organisation, reader)
    # Feeds (kit): the reader's private address of the workspace's activity, and its secret.
    feed_token, feed_secret = feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace,
                                                label="Reader's feed reader")
    # ...and the reader's key to its news feeds (the workspace's, each blog's, tag's, author's).
    news_feed_token, news_feed_secret = feed_token_create(owner=reader, scope=WORKSPACE_FEEDS, workspace=workspace,
                                                          label="Reader's news feeds")
    place = Place(
        key,
        workspace,
        team=make_team(workspace, "Steering group"),
        membership=Membership.objects.get(workspace=workspace, user=reader),
        invitation=invitation_create(actor=manager, workspace=workspace, email="newcomer@example.org",
                                     role=Role.READER),
        note=note,
        notification=make_notification(workspace, reader, note),
        pool=pool,
        licence=licence,
        reader=reader,
        manager=manager,
        feed_token=feed_token,
        feed_secret=feed_secret,
        news_feed_token=news_feed_token,
        news_feed_secret=news_feed_secret,
    )
    for tool_tables in (tables.TOOLS if tools is None else tools).values():
        objects = tool_tables.build(place, personas) or {}
        clash = sorted(set(objects) & set(place.__dict__))
        assert not clash, f"tests/{tool_tables.app_label}/security.py build() returns names already taken: {clash}"
        place.__dict__.update(objects)
    return place


def make_elsewhere():
    """A workspace of another organisation that none of the personas belong to, with one of
    everything."""
    organisation = make_organisation("Elsewhere Council", slug="elsewhere-council")
    workspace = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    owner = make_user("elsewhere-manager@example.org", "Elle Elsewhere")
    member = make_user("elsewhere-reader@example.org", "Eric Elsewhere")
    add_member(workspace, owner, Role.MANAGER)
    add_member(workspace, member, Role.READER)
    return make_place("elsewhere", workspace, {"manager": owner, "reader": member})


class World:
    """The personas (name -> user, None for anonymous) and the places built for them."""

    def __init__(self):
        self.organisation = make_organisation(name="Department of Tests", slug="dot")
        self.workspace = make_workspace(name="Test programme", slug="test-programme", organisation=self.organisation)
        self.public_workspace = make_workspace(name="Open forum", slug="open-forum", visibility=Visibility.PUBLIC,
                                               organisation=self.organisation)
        self.personas = {"anonymous": None}
        for name, email, display, role in [
            ("outsider", "outsider@example.org", "Oscar Outsider", None),
            ("reader", "reader@example.org", "Rita Reader", Role.READER),
            ("contributor", "contributor@example.org", "Chris Contributor", Role.CONTRIBUTOR),
            ("manager", "manager@example.org", "Maya Manager", Role.MANAGER),
            ("site_admin", "admin@example.org", "Ada Admin", None),
        ]:
            user = make_user(email, display, site_admin=name == "site_admin")
            if role is not None:
                add_member(self.workspace, user, role)
                add_member(self.public_workspace, user, role)
            self.personas[name] = user
        assert list(self.personas) == PERSONAS
        self.private = make_place("private", self.workspace, self.personas)
        self.public = make_place("public", self.public_workspace, self.personas)
        for user in self.users():
            sign_in_once(user)

    def users(self):
        """The personas who are signed in (everyone but anonymous)."""
        return [user for user in self.personas.values() if user is not None]


def restrict_to_team(item, team):
    item.view_access = Access.TEAMS
    item.save(update_fields=["view_access"])
    set_item_teams(item, view_teams=[team])


# --- Did anything change? ----------------------------------------------------------------------
#
# A refused request must change nothing. Checked for every URL × persona, so it must be cheap:
#  - one query counts the rows of every table of our apps (and the auth/guardian tables that
#    hold team membership and grants) and takes their highest id: any insert or delete,
#    anywhere, shows;
#  - the tables a URL could change (the core's, and the URL's own tool's — or every tool's for a
#    core URL) are read whole, so that an update of any column shows too. Row content rather
#    than a checksum of updated_at: several tables (memberships, teams, grants, reviews) have no
#    such column, and a view could change a row without touching it.
# Plain SQL, made once per model: the world is small (tens of rows a table), and through the
# ORM the same reads cost some fifty times as much (~1 ms a table instead of ~20 µs).

# dummytool: the core's note
CORE_APPS = {"accounts", "workspaces", "notifications", "moderation", "comments", "dummytool"}
EXTRA_MODELS = [lambda: get_user_model().groups.through, lambda: GroupObjectPermission,
                lambda: UserObjectPermission, lambda: apps.get_model("auth", "Group")]
IGNORED_COLUMNS = {"last_login"}  # moves when the test client signs someone in; not the view's doing
# A form kept for someone signed out (workspaces.kit.drafts) is the visitor's own text, kept for
# them to find after signing in, not a change the request made to the workspace.
IGNORED_MODELS = {"workspaces.FormStash"}


def _local_models():
    from .urlwalk import local_app_modules

    local = local_app_modules()
    models = [m for m in apps.get_models() if m.__module__.split(".")[0] in local
              and m._meta.label not in IGNORED_MODELS]
    return models + [extra() for extra in EXTRA_MODELS]


_sql = {}  # what to run, made once


def _top(model, q):
    """The newest key as text (one type for the whole UNION), to see a row replaced: a number's
    MAX; random keys (UUIDs: PostgreSQL has no MAX of them) the MAX of their text, which changes
    as surely when a row is added or replaced."""
    column = q(model._meta.pk.column)
    if model._meta.pk.get_internal_type() == "UUIDField":
        return f"MAX(CAST({column} AS TEXT))"
    return f"CAST(MAX({column}) AS TEXT)"


def _counts():
    if "counts" not in _sql:
        q = connection.ops.quote_name
        models = _local_models()
        _sql["counts"] = [m._meta.label for m in models], " UNION ALL ".join(
            f"SELECT {i}, COUNT(*), {_top(m, q)} FROM {q(m._meta.db_table)}"
            for i, m in enumerate(models)
        )
    labels, sql = _sql["counts"]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {("count", labels[i]): (count, top) for i, count, top in cursor.fetchall()}


def _rows_sql(model):
    if model not in _sql:
        q = connection.ops.quote_name
        columns = ", ".join(q(f.column) for f in model._meta.concrete_fields if f.attname not in IGNORED_COLUMNS)
        _sql[model] = f"SELECT {columns} FROM {q(model._meta.db_table)} ORDER BY {q(model._meta.pk.column)}"
    return _sql[model]


def models_that_matter(name=None, tool_tables=None):
    """The models a request to URL `name` could change: the core's and its tool's (every tool's
    for a core URL or None). tool_tables: the URL's tool, when it is not a registered one."""
    tool = tool_tables or (tables.tool_of(name) if name else None)
    wanted = CORE_APPS | ({tool.app_label} if tool else {t.app_label for t in tables.TOOLS.values()})
    models = [m for m in apps.get_models() if m._meta.app_label in wanted and m._meta.label not in IGNORED_MODELS]
    return models + [extra() for extra in EXTRA_MODELS]


def snapshot(name=None, tool_tables=None):
    """What a refused request to URL `name` must leave exactly as it was."""
    state = _counts()
    with connection.cursor() as cursor:
        for model in models_that_matter(name, tool_tables):
            cursor.execute(_rows_sql(model))
            state[("rows", model._meta.label)] = cursor.fetchall()
    return state


def diff(before, after):
    """Labels of the tables whose rows differ."""
    return sorted({label for kind, label in before if before[(kind, label)] != after.get((kind, label))})


_SESSION = "_security_world_session"  # on a user object: the key of a session signed in once


def sign_in_once(user):
    """Sign user in now and remember the session on the user object, for client_as. Only for
    users that live as long as the session's row (the world's, made in its transaction)."""
    client = Client()
    client.force_login(user)
    setattr(user, _SESSION, client.cookies[settings.SESSION_COOKIE_NAME].value)


def client_as(user):
    """A test client signed in as user (anonymous for None), on the suite's shared request
    handler (tests/conftest.py). The world's users were signed in once when it was built
    (signing in costs a few queries and a session write, thousands of times in this walk);
    other users are signed in here."""
    client = Client()
    client.handler = shared_handler()
    if user is not None:
        session = getattr(user, _SESSION, None)
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        else:
            client.force_login(user)
    return client


def login_url():
    return reverse("account_login")
