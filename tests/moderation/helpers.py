"""What the moderation tests share: a document to comment on, members to report, addresses."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_add
from workspaces.kit import moderation
from workspaces.models import Role

from ..builders import add_member, make_user
from ..documents.builders import make_written


def document(workspace, author):
    return make_written(workspace, author, title="Evaluation plan", text="The budget is 10 million.\n")


def comment_on(item, author, body="Buy cheap watches at example.com"):
    return comment_add(actor=author, item=item, body=body)


def members(workspace, n, role=Role.READER):
    people = []
    for i in range(n):
        person = make_user(f"member{i}@example.org", f"Member {i}")
        add_member(workspace, person, role)
        people.append(person)
    return people


def report(item, person, reason="spam", note=""):
    return moderation.report(actor=person, item=item, reason=reason, note=note)


def comment_type():
    return ContentType.objects.get_for_model(Comment).pk


def report_url(comment):
    return reverse("moderation:report", args=[comment.workspace.slug, comment_type(), comment.pk])


def item_url(comment):
    return reverse("moderation:item", args=[comment.workspace.slug, comment_type(), comment.pk])


def queue_url(workspace):
    return reverse("moderation:queue", args=[workspace.slug])


def fresh(item):
    item.refresh_from_db()
    return item
