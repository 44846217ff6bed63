"""Demo data for `make run`. Safe to run again: it finds what exists instead of duplicating."""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from workspaces import registry
from workspaces.licences import licence_assign, organisation_admin_set, pool_create, pool_update
from workspaces.models import LicencePool, Membership, Organisation, Role, Team, Workspace
from workspaces.services.memberships import membership_add
from workspaces.services.teams import team_create, team_set_members

PASSWORD = "engage-demo"
PEOPLE = [
    # email, display name, job title, role in the demo workspace (None: not a member)
    ("admin@example.org", "Ada Admin", "Platform administrator", None),
    ("manager@example.org", "Maya Manager", "Programme lead", Role.MANAGER),
    ("contributor@example.org", "Chris Contributor", "Policy adviser", Role.CONTRIBUTOR),
    ("reader@example.org", "Rita Reader", "Stakeholder", Role.READER),
    ("outsider@example.org", "Oscar Outsider", "Interested party", None),
]


class Command(BaseCommand):
    help = "Create the demo organisation, workspace and accounts (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for email, name, job, _ in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, PASSWORD, display_name=name, job_title=job, organisation_name="Demo Department"
                )
            if email == "admin@example.org" and not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            users[email] = user

        organisation, _ = Organisation.objects.get_or_create(slug="demo", defaults={"name": "Demo Department"})
        workspace = Workspace.objects.filter(slug="demo-programme").first()
        if workspace is None:
            workspace = Workspace.objects.create(
                organisation=organisation,
                name="Demo programme",
                slug="demo-programme",
                description="A private workspace to try every tool: add links, invite people, set up teams.",
                created_by=users["admin@example.org"],
            )
        workspace.enabled_tools = [tool.slug for tool in registry.all_tools()]
        workspace.save(update_fields=["enabled_tools"])
        admin = users["admin@example.org"]
        for email, _, _, role in PEOPLE:
            if role is not None and not Membership.objects.filter(workspace=workspace, user=users[email]).exists():
                membership_add(actor=admin, workspace=workspace, user=users[email], role=role)

        team = Team.objects.filter(workspace=workspace, name="Task force").first()
        if team is None:
            team = team_create(actor=admin, workspace=workspace, name="Task force",
                               description="The programme's core team.")
            team_set_members(actor=admin, team=team,
                             add_users=[users["manager@example.org"], users["contributor@example.org"]])

        self._seed_licences(organisation, users)
        self._seed_tools(workspace, users)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: workspace “{workspace.name}”, {len(PEOPLE)} accounts (password {PASSWORD})."
        ))

    def _seed_licences(self, organisation, users):
        """Licences required in the demo organisation, a pool covering the demo members (kept
        current however late the demo is run), and the demo manager as organisation admin."""
        admin = users["admin@example.org"]
        today = timezone.localdate()
        start, end = min(today, date(2027, 1, 1)), max(date(2027, 12, 31), today + timedelta(days=365))
        pool = LicencePool.objects.filter(organisation=organisation, label="Demo stakeholders 2027").first()
        if pool is None:
            pool = pool_create(actor=admin, organisation=organisation, label="Demo stakeholders 2027", seats=50,
                               valid_from=start, valid_until=end)
        elif pool.valid_until < today + timedelta(days=30) or pool.valid_from > today:
            pool = pool_update(actor=admin, pool=pool, valid_from=min(pool.valid_from, start), valid_until=end)
        for email, _, _, role in PEOPLE:
            if role is not None:
                licence_assign(actor=admin, pool=pool, email=email)
        organisation_admin_set(actor=admin, organisation=organisation, user=users["manager@example.org"],
                               is_admin=True)
        if not organisation.licensing_enabled:
            organisation.licensing_enabled = True
            organisation.save(update_fields=["licensing_enabled"])

    def _seed_tools(self, workspace, users):
        """Each tool may declare demo content (Tool(demo="<app>.demo.seed_demo")): a function
        `seed_demo(workspace, users)` that adds only what is not there yet."""
        from django.utils.module_loading import import_string

        for tool in registry.all_tools():
            if tool.demo:
                import_string(tool.demo)(workspace, users)
