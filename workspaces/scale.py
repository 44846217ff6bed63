"""Reference data at size S, M or L (`manage.py seed_scale`), for the benchmarks in bench/.

The core makes the people and places: an organisation that requires licences, `staff` staff and
`stakeholders` stakeholders each holding a licence, one flagship workspace with every one of
them as a member (the demo accounts too, with their demo roles, so anyone can sign in and try
the platform at size), `workspaces - 1` smaller ones, teams, audit entries and the demo
people's unread notifications. Each tool then adds its part through its declaration
(`Tool(scale="<app>.scale")`, a module with `seed_scale(ctx)` and `bench_pages(ctx)`), and the
activity it asks for (`ctx.add_activity`) is written last, in one stream.

Deterministic: every choice comes from one seeded random generator, so two runs at one size make
the same data. Rows are bulk inserted (PostgreSQL COPY for the large tables), so size L takes
minutes, not hours. A second run finds the flagship and stops.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from . import registry
from .permissions import access_changed

FLAGSHIP_SLUG = "flagship"
ORGANISATION_SLUG = "scale"
BATCH = 5000


@dataclass(frozen=True)
class Size:
    """How much of everything (`../shared/design/SCALE.md`'s reference data sets)."""

    stakeholders: int
    staff: int
    workspaces: int
    members_per_small_workspace: int
    teams: int
    team_size: int
    wiki_pages: int
    wiki_revisions: int
    big_page_revisions: int  # of them, on one page
    documents: int
    versions: int
    big_folder_files: int  # documents in one folder
    links: int
    activity: int
    audit_entries: int
    unread_notifications: int  # for each demo account
    forum_threads: int = 0
    forum_posts: int = 0  # first posts and replies
    big_thread_posts: int = 0  # of them, in one thread
    survey_responses: int = 0  # to the flagship's 20-question survey (about 20 answers each)
    consultation_comments: int = 0  # on the flagship's 40-section consultation (one response each)


SIZES = {
    "S": Size(stakeholders=200, staff=10, workspaces=3, members_per_small_workspace=40, teams=3, team_size=20,
              wiki_pages=20, wiki_revisions=100, big_page_revisions=30, documents=20, versions=40,
              big_folder_files=10, links=40, activity=2_000, audit_entries=500, unread_notifications=50,
              forum_threads=40, forum_posts=400, big_thread_posts=60, survey_responses=2_000,
              consultation_comments=2_000),
    "M": Size(stakeholders=20_000, staff=50, workspaces=10, members_per_small_workspace=1_000, teams=10,
              team_size=500, wiki_pages=200, wiki_revisions=2_000, big_page_revisions=200, documents=500,
              versions=1_000, big_folder_files=200, links=400, activity=100_000, audit_entries=10_000,
              unread_notifications=500, forum_threads=400, forum_posts=10_000, big_thread_posts=1_000,
              survey_responses=20_000, consultation_comments=10_000),
    "L": Size(stakeholders=200_000, staff=50, workspaces=50, members_per_small_workspace=2_000, teams=20,
              team_size=1_000, wiki_pages=1_000, wiki_revisions=20_000, big_page_revisions=500, documents=5_000,
              versions=10_000, big_folder_files=1_000, links=2_000, activity=1_000_000, audit_entries=102_000,
              unread_notifications=5_000, forum_threads=2_000, forum_posts=100_000, big_thread_posts=5_000,
              survey_responses=200_000, consultation_comments=50_000),
}


def insert_rows(model, fields, rows):
    """Insert rows (tuples in the order of `fields`, column names) fast: COPY on PostgreSQL,
    batched INSERTs elsewhere. No model code runs (save(), signals, auto_now): give every value.
    JSON values are passed as Python objects. `rows` may be a generator, but one that queries
    nothing: the connection is busy with the COPY while it runs."""
    json_columns = {f.column for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"}
    if connection.vendor == "postgresql":
        # A field the caller did not list gets its default, as a model instance would ("" for
        # text): a field added to a model later must not break an older part of the seed.
        defaulted = [f for f in model._meta.concrete_fields
                     if f.column not in fields and not f.primary_key and f.get_default() is not None]
        names = [*fields, *(f.column for f in defaulted)]
        columns = ", ".join(connection.ops.quote_name(f) for f in names)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [*row, *(f.get_default() for f in defaulted)]
                copy.write_row([json.dumps(v) if f in json_columns and v is not None else v
                                for f, v in zip(names, values, strict=True)])
        return
    by_column = {f.column: f.attname for f in model._meta.concrete_fields}
    batch = []
    for row in rows:
        batch.append(model(**{by_column[f]: v for f, v in zip(fields, row, strict=True)}))
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


@dataclass
class ScaleContext:
    """What the core made, handed to each tool's `seed_scale(ctx)`."""

    size: Size
    rng: random.Random
    now: object
    organisation: object
    workspace: object  # the flagship: every person a member
    small_workspaces: list
    demo: dict  # demo email -> user
    staff_ids: list
    stakeholder_ids: list
    team_ids: list  # the flagship's teams
    activity: list = field(default_factory=list)  # (workspace_id, actor_id, verb, ct_id, target_id, title, url, count)

    @staticmethod
    def insert_rows(model, fields, rows):
        """Bulk insert (see insert_rows below), for the tools' parts."""
        return insert_rows(model, fields, rows)

    def some_time(self, days=365):
        """A moment in the last `days` days (seeded)."""
        return self.now - timedelta(seconds=self.rng.randrange(days * 86400))

    def author(self):
        """A staff member (who writes most of the content)."""
        return self.rng.choice(self.staff_ids)

    def access(self):
        """(view_access, change_access, team id or None) for a new item: most are for members;
        some for managers only; some limited to one of the flagship's teams."""
        from .models import Access

        roll = self.rng.random()
        if roll < 0.08:
            return Access.TEAMS, Access.TEAMS, self.rng.choice(self.team_ids)
        if roll < 0.13:
            return Access.MANAGERS, Access.MANAGERS, None
        return (Access.ANYONE if roll < 0.6 else Access.MEMBERS), Access.MEMBERS, None

    def grant_teams(self, model, grants):
        """Team grants for items limited to teams: `grants` is [(item id, team id)], both view and
        change (what workspaces.services.items.set_item_teams would write, in bulk)."""
        from django.contrib.auth.models import Permission
        from guardian.models import GroupObjectPermission

        from .models import Team

        content_type = ContentType.objects.get_for_model(model)
        # Read before the COPY starts: the connection can run nothing else during it.
        perms = list(Permission.objects.filter(content_type=content_type, codename__in=[
            f"view_{model._meta.model_name}", f"change_{model._meta.model_name}"]).values_list("pk", flat=True))
        groups = dict(Team.objects.filter(pk__in=self.team_ids).values_list("pk", "group_id"))
        insert_rows(GroupObjectPermission, ["content_type_id", "object_pk", "group_id", "permission_id"],
                    ((content_type.pk, str(item_id), groups[team_id], perm)
                     for item_id, team_id in grants for perm in perms))

    def add_activity(self, verb, target, *, count, url="", title="", workspace=None):
        """Ask for `count` activity rows of `verb` about `target` (a model instance), by members,
        spread over the last year; written after every tool has seeded."""
        workspace_id = workspace.pk if workspace is not None else target.workspace_id
        content_type = ContentType.objects.get_for_model(target)
        self.activity.append((workspace_id, verb, content_type.pk, target.pk, title or str(target)[:200],
                              url or target.get_absolute_url(), count))


def seed_scale(size, *, seed=1, log=print):
    """Seed the reference data of `size` (a name in SIZES, or a Size); None if already there."""
    size = SIZES[size] if isinstance(size, str) else size
    from .models import Workspace

    if Workspace.objects.filter(slug=FLAGSHIP_SLUG).exists():
        log(f"The scale data is already here (workspace “{FLAGSHIP_SLUG}”); nothing to do. "
            "Use a fresh database to seed another size.")
        return None
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    rng = random.Random(seed)
    with transaction.atomic():
        ctx = _seed_people_and_places(size, rng, log)
        for tool in registry.all_tools():
            module = _scale_module(tool)
            if module is not None:
                started = timezone.now()
                module.seed_scale(ctx)
                log(f"  {tool.slug}: {(timezone.now() - started).total_seconds():.1f} s")
        _seed_activity(ctx, log)
        # Horizontal apps (notifications) add theirs once the activity exists.
        for module in registry.scale_parts():
            module.seed_scale(ctx)
        access_changed()  # rows written by COPY/bulk inserts, past the signals
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ctx


def _scale_module(tool):
    from importlib import import_module

    return import_module(tool.scale) if tool.scale else None


def bench_pages(workspace):
    """(name, path) of every main page of a workspace, the core's and each part's, for the load
    script."""
    from django.urls import reverse

    ws = workspace.slug
    pages = [
        ("workspace home", reverse("workspace_home", args=[ws])),
        ("member directory", reverse("member_list", args=[ws])),
        ("member directory, deep page", reverse("member_list", args=[ws]) + deep_member_page(workspace)),
        ("member directory, search", reverse("member_list", args=[ws]) + "?q=patel"),
        ("member directory, role filter", reverse("member_list", args=[ws]) + "?role=20"),
        ("member directory, team filter", reverse("member_list", args=[ws]) + f"?team={_first_team(workspace)}"),
        ("activity", reverse("workspace_activity", args=[ws])),
        ("audit log", reverse("audit_log", args=[ws])),
        ("licences", reverse("licence_overview", args=[workspace.organisation.slug])),
        ("my workspaces", reverse("home")),
    ]
    modules = [_scale_module(tool) for tool in registry.all_tools()] + registry.scale_parts()
    for module in modules:
        if module is not None and hasattr(module, "bench_pages"):
            pages.extend(module.bench_pages(workspace))
    return pages


def deep_member_page(workspace):
    """The directory's keyset cursor halfway down (what ?page=4000 was at size L): found once, with
    the OFFSET the page itself no longer pays."""
    from .models import Membership, Workspace
    from .views.members import DIRECTORY_ORDER

    middle = Workspace.objects.values_list("member_count", flat=True).get(pk=workspace.pk) // 2
    if not middle:
        return ""
    pk = Membership.objects.filter(workspace=workspace).order_by(*DIRECTORY_ORDER).values_list("pk", flat=True)[middle]
    return f"?after={pk}&start={middle + 2}"


def _first_team(workspace):
    from .models import Team

    return Team.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True).first() or ""


def _seed_people_and_places(size, rng, log):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from .models import (
        AuditEntry,
        Licence,
        LicencePool,
        Membership,
        Organisation,
        OrganisationMembership,
        Role,
        Team,
        Workspace,
    )

    User = get_user_model()
    now = timezone.now()
    started = timezone.now()
    demo = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    admin = demo["admin@example.org"]
    organisation = Organisation.objects.create(name="Department for Scale", slug=ORGANISATION_SLUG,
                                               licensing_enabled=True)
    people = size.staff + size.stakeholders
    pool = LicencePool.objects.create(
        organisation=organisation, label="Programme stakeholders", seats=people + len(demo) + 100,
        valid_from=now.date() - timedelta(days=30), valid_until=now.date() + timedelta(days=700), created_by=admin,
    )
    # People: staff first, then stakeholders; no usable password (the demo accounts sign in).
    user_ids = []
    for start in range(0, people, BATCH):
        batch = [
            User(email=(f"staff{i}@scale.example.org" if i < size.staff else f"person{i}@scale.example.org"),
                 display_name=(f"Staff member {i}" if i < size.staff else f"{_name(rng)} {i}"), password="!",
                 organisation_name=("Department for Scale" if i < size.staff else f"Firm {i % 700}"))
            for i in range(start, min(people, start + BATCH))
        ]
        user_ids.extend(u.pk for u in User.objects.bulk_create(batch))
    staff_ids, stakeholder_ids = user_ids[:size.staff], user_ids[size.staff:]
    insert_rows(EmailAddress, ["user_id", "email", "verified", "primary"],
                ((uid, f"{'staff' if n < size.staff else 'person'}{n}@scale.example.org", True, True)
                 for n, uid in enumerate(user_ids)))
    insert_rows(Licence, ["pool_id", "organisation_id", "user_id", "email", "name", "assigned_at"],
                ((pool.pk, organisation.pk, uid, f"{'staff' if n < size.staff else 'person'}{n}@scale.example.org",
                  "", now - timedelta(days=20)) for n, uid in enumerate(user_ids)))
    for user in demo.values():
        Licence.objects.create(pool=pool, organisation=organisation, user=user, email=user.email,
                               assigned_at=now - timedelta(days=20))
    LicencePool.objects.filter(pk=pool.pk).update(seats_used=people + len(demo))
    OrganisationMembership.objects.create(organisation=organisation, user=demo["manager@example.org"], is_admin=True)
    log(f"  people: {people} with licences, {(timezone.now() - started).total_seconds():.1f} s")

    tools = [tool.slug for tool in registry.all_tools()]
    flagship = Workspace.objects.create(
        organisation=organisation, name="Flagship programme", slug=FLAGSHIP_SLUG, enabled_tools=tools,
        description="The reference workspace at size: every stakeholder of the programme is a member.",
        created_by=admin,
    )
    smalls = [Workspace.objects.create(organisation=organisation, name=f"Working group {n}",
                                       slug=f"working-group-{n}", enabled_tools=tools, created_by=admin,
                                       description="A smaller workspace of the programme.")
              for n in range(1, size.workspaces)]
    demo_roles = {"manager@example.org": Role.MANAGER, "contributor@example.org": Role.CONTRIBUTOR,
                  "reader@example.org": Role.READER}

    def role_of(n, uid):
        if n < size.staff:
            return Role.MANAGER if n < 5 else Role.CONTRIBUTOR
        return Role.CONTRIBUTOR if n % 50 == 0 else Role.READER

    joined = now - timedelta(days=300)
    rows = [(flagship.pk, uid, int(role_of(n, uid)), joined + timedelta(seconds=n)) for n, uid in enumerate(user_ids)]
    rows += [(flagship.pk, demo[email].pk, int(role), joined) for email, role in demo_roles.items()]
    for ws in smalls:
        chosen = rng.sample(stakeholder_ids, min(size.members_per_small_workspace, len(stakeholder_ids)))
        rows += [(ws.pk, uid, int(Role.MANAGER if n < 5 else Role.CONTRIBUTOR), joined)
                 for n, uid in enumerate(staff_ids)]
        rows += [(ws.pk, uid, int(Role.READER), joined) for uid in chosen]
        rows += [(ws.pk, demo[email].pk, int(role), joined) for email, role in demo_roles.items()]
    insert_rows(Membership, ["workspace_id", "user_id", "role", "joined_at"], rows)
    for ws in [flagship, *smalls]:
        Workspace.objects.filter(pk=ws.pk).update(member_count=Membership.objects.filter(workspace=ws).count())
    flagship.refresh_from_db()

    through = User.groups.through
    team_ids = []
    for n in range(size.teams):
        name = "Task force" if n == 0 else f"Stakeholder group {n}"
        group = Group.objects.create(name=f"scale:{flagship.pk}:{n}")
        team = Team.objects.create(workspace=flagship, name=name, group=group,
                                   description="Staff of the programme." if n == 0 else "A panel of stakeholders.")
        team_ids.append(team.pk)
        chosen = (staff_ids + [demo["manager@example.org"].pk, demo["contributor@example.org"].pk] if n == 0
                  else rng.sample(stakeholder_ids, min(size.team_size, len(stakeholder_ids))))
        if n == 1:
            chosen = [*chosen, demo["reader@example.org"].pk]
        insert_rows(through, ["user_id", "group_id"], ((uid, group.pk) for uid in set(chosen)))

    actions = ["membership.added", "membership.role_changed", "invitation.sent", "team.members_changed",
               "workspace.settings_changed"]
    insert_rows(AuditEntry, ["at", "actor_id", "actor_label", "action", "workspace_id", "organisation_id",
                             "target_type", "target_id", "target_label", "before", "after"],
                ((now - timedelta(seconds=size.audit_entries - n) * 60, admin.pk, admin.email, rng.choice(actions),
                  flagship.pk, organisation.pk, "membership", str(uid), f"person{uid}@scale.example.org",
                  None, {"role": "reader"})
                 for n, uid in enumerate(rng.choices(stakeholder_ids, k=size.audit_entries))))
    log(f"  workspaces, memberships, teams, audit: {(timezone.now() - started).total_seconds():.1f} s")
    return ScaleContext(size=size, rng=rng, now=now, organisation=organisation, workspace=flagship,
                        small_workspaces=smalls, demo=demo, staff_ids=staff_ids, stakeholder_ids=stakeholder_ids,
                        team_ids=team_ids)


FIRST = ["Amara", "Ben", "Chloe", "Dafydd", "Elif", "Femi", "Grace", "Hamza", "Ioana", "Jack", "Kiran", "Lowri",
         "Mo", "Niamh", "Olu", "Priya", "Rhys", "Sian", "Tomasz", "Uma", "Wei", "Yusuf", "Zofia"]
LAST = ["Adeyemi", "Brown", "Chen", "Davies", "Evans", "Fraser", "Ghosh", "Hughes", "Iqbal", "Jones", "Khan",
        "Lewis", "Morgan", "Nowak", "O'Neill", "Patel", "Roberts", "Smith", "Thomas", "Williams"]


def _name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _seed_activity(ctx, log):
    """Write the activity the tools asked for: the flagship's share of `size.activity`, spread
    over the year, with a quiet corner (the last small workspace gets little), newest last."""
    from .models import Activity

    started = timezone.now()
    wanted = sum(count for *_, count in ctx.activity) or 1
    scale = ctx.size.activity / wanted
    members = ctx.staff_ids + ctx.stakeholder_ids[:2000]

    def rows():
        for workspace_id, verb, ct_id, target_id, title, url, count in ctx.activity:
            for _ in range(max(1, round(count * scale))):
                yield (workspace_id, ctx.rng.choice(members), verb, ct_id, target_id, title, url, "", ctx.some_time())

    # Sorted by time, as a live system writes it (ids and created_at rise together).
    ordered = sorted(rows(), key=lambda row: row[-1])
    insert_rows(Activity, ["workspace_id", "actor_id", "verb", "target_type_id", "target_id", "target_title",
                           "target_url", "summary", "created_at"], ordered)
    log(f"  activity: {len(ordered)} rows, {(timezone.now() - started).total_seconds():.1f} s")
