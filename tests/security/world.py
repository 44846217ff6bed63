"""The data every permission-matrix check runs against, built from the fixed personas.

A private workspace (test-programme) and a public one (open-forum), each with one of every
object a URL can point at (a team, a link, a wiki page and a deleted one, a pending invitation,
a notification for the reader, a licence pool with a licence); plus an unrelated workspace
whose objects prove that ids from another workspace are never reachable through this one.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import ClientHandler
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermission

from documents.models import Comment as DocumentComment
from documents.models import Document, Folder, Review
from documents.services import (
    comment_add,
    document_delete,
    document_upload,
    document_write,
    folder_create,
    review_request,
)
from links.models import Link
from notifications.emails import unsubscribe_token
from notifications.models import Notification
from wikis.models import Page
from wikis.services import page_create, page_delete, page_update
from workspaces.kit.feeds import WORKSPACE_ACTIVITY, feed_token_create
from workspaces.licences.services import licence_assign, pool_create
from workspaces.models import Access, Activity, FeedToken, Invitation, Membership, Role, Team, Workspace
from workspaces.models.licence import Licence, LicencePool
from workspaces.services.invitations import invitation_create
from workspaces.services.items import set_item_teams

from ..builders import add_member, make_organisation, make_team, make_user, make_workspace
from .urlwalk import local_app_modules


@dataclass
class Place:
    """One workspace and the objects the URL kwargs builders point at."""

    workspace: Workspace
    link: Link
    team: Team
    membership: Membership  # the reader's membership (the target of member_edit/remove)
    invitation: Invitation
    wiki_page: Page  # by the manager, with two revisions
    deleted_wiki_page: Page
    notification: Notification  # the reader's
    pool: LicencePool  # of the workspace's organisation
    licence: Licence  # the reader's seat in that pool
    reader: object
    folder: Folder  # of the document library
    document: Document  # an uploaded PDF in that folder, by the manager, open to every contributor
    written_document: Document  # written here by the manager
    deleted_document: Document
    review: Review  # of the written document, asked by the manager of the reader
    document_comment: DocumentComment  # by the manager, on the uploaded document
    # Feeds (kit): the reader's private address of the workspace's activity, and its secret.
    feed_token: FeedToken = None
    feed_secret: str = ""

    @property
    def organisation(self):
        return self.workspace.organisation


def make_link(workspace, author, title="Guidance on consultations", **extra):
    return Link.objects.create(
        workspace=workspace, created_by=author, url="https://example.org/guidance", title=title, **extra
    )


def make_wiki_pages(workspace, author, titles=("Terms of reference", "Old minutes")):
    page = page_create(actor=author, workspace=workspace, title=titles[0], text="We meet monthly.")
    page_update(actor=author, page=page, text="We meet every month.", summary="Wording")
    gone = page_create(actor=author, workspace=workspace, title=titles[1], text="Superseded.")
    page_delete(actor=author, page=gone)
    page.refresh_from_db()
    gone.refresh_from_db()
    return page, gone


def make_notification(workspace, recipient, target):
    activity = Activity.objects.create(
        workspace=workspace, verb="links.link_updated", target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk, target_title=str(target), target_url=target.get_absolute_url(),
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


PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_documents(workspace, manager, reader):
    folder = folder_create(actor=manager, workspace=workspace, title="Minutes")
    document = document_upload(actor=manager, workspace=workspace, folder=folder, title="March minutes", upload=pdf())
    written = document_write(actor=manager, workspace=workspace, title="Evaluation plan", text="# Aims\n\nTo learn.")
    gone = document_upload(actor=manager, workspace=workspace, title="Old agenda", upload=pdf("agenda.pdf"))
    document_delete(actor=manager, document=gone)
    review = review_request(actor=manager, document=written, reviewers=[reader],
                            due_on=timezone.localdate() + timedelta(days=7))
    comment = comment_add(actor=manager, document=document, body="Approved at the April meeting.")
    for item in (document, written, gone):
        item.refresh_from_db()
    return {"folder": folder, "document": document, "written_document": written, "deleted_document": gone,
            "review": review, "document_comment": comment}


def make_place(workspace, manager, reader, wiki_titles=("Terms of reference", "Old minutes")):
    link = make_link(workspace, manager)
    wiki_page, deleted_wiki_page = make_wiki_pages(workspace, manager, wiki_titles)
    pool, licence = make_licence(workspace.organisation, reader)
    # Feeds (kit)
    feed_token, feed_secret = feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace,
                                                label="Reader's feed reader")
    return Place(
        feed_token=feed_token,
        feed_secret=feed_secret,
        **make_documents(workspace, manager, reader),
        workspace=workspace,
        link=link,
        team=make_team(workspace, "Steering group"),
        membership=Membership.objects.get(workspace=workspace, user=reader),
        invitation=invitation_create(actor=manager, workspace=workspace, email="newcomer@example.org", role=Role.READER),
        wiki_page=wiki_page,
        deleted_wiki_page=deleted_wiki_page,
        notification=make_notification(workspace, reader, link),
        pool=pool,
        licence=licence,
        reader=reader,
    )


def make_elsewhere():
    """A workspace of another organisation that none of the personas belong to, with one of
    everything (wiki pages under other addresses, so that their slugs are not found here)."""
    organisation = make_organisation("Elsewhere Council", slug="elsewhere-council")
    workspace = make_workspace(name="Elsewhere", slug="elsewhere", organisation=organisation)
    owner = make_user("elsewhere-manager@example.org", "Elle Elsewhere")
    member = make_user("elsewhere-reader@example.org", "Eric Elsewhere")
    add_member(workspace, owner, Role.MANAGER)
    add_member(workspace, member, Role.READER)
    return make_place(workspace, owner, member, wiki_titles=("Elsewhere charter", "Elsewhere archive"))


def unsubscribe(place):
    return unsubscribe_token(place.reader.pk, place.workspace.pk)


def restrict_to_team(item, team):
    item.view_access = Access.TEAMS
    item.save(update_fields=["view_access"])
    set_item_teams(item, view_teams=[team])


def snapshot():
    """Every row of the project's own models, group memberships and per-object grants: a
    refused request must leave all of it exactly as it was."""
    local = local_app_modules()
    models = [m for m in apps.get_models() if m.__module__.split(".")[0] in local
              # What a signed-out person posted to an editor, kept for them to find after signing
              # in (workspaces.kit.drafts): their own text, not a change to anything.
              and m._meta.label != "workspaces.FormStash"]
    models += [get_user_model().groups.through, GroupObjectPermission]
    state = {}
    for model in models:
        rows = model._default_manager.order_by("pk").values()
        # last_login moves when the test client signs someone in; it is not the view's doing.
        state[model._meta.label] = [{k: v for k, v in row.items() if k != "last_login"} for row in rows]
    return state


def diff(before, after):
    """Names of the tables whose rows differ."""
    return sorted(label for label in before if before[label] != after.get(label))


_handler = None


def client_as(user):
    """A test client signed in as user (anonymous for None). The clients share one request
    handler: a new handler loads the middleware again, and WhiteNoise's scan of every static
    file then costs ~0.2 s, paid thousands of times by this walk."""
    global _handler
    if _handler is None:
        _handler = ClientHandler(enforce_csrf_checks=False)
    client = Client()
    client.handler = _handler
    if user is not None:
        client.force_login(user)
    return client


def login_url():
    return reverse("account_login")
