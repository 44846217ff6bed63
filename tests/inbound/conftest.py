"""The test-only tool (tests/dummytool) with its Note declared Repliable, a reply domain, and
builders for the mail a person sends back."""

from dataclasses import replace
from email.message import EmailMessage

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.dummytool.apps import DUMMY_TOOL
from tests.dummytool.models import Note
from workspaces import registry
from workspaces.mail import replies
from workspaces.registry import Repliable

from .replytool import POSTED

DOMAIN = "reply.engage.test"
REPLIABLE_TOOL = replace(DUMMY_TOOL, repliable=(
    Repliable("dummytool.Note", perm="dummytool.change_note", post="tests.inbound.replytool.post_reply"),))


@pytest.fixture(autouse=True)
def posted():
    POSTED.clear()
    yield POSTED
    POSTED.clear()


@pytest.fixture
def reply_domain(settings):
    settings.ENGAGE_REPLY_DOMAIN = DOMAIN
    settings.DEFAULT_FROM_EMAIL = "Engage <engage@engage.test>"
    return DOMAIN


@pytest.fixture
def repliable(reply_domain):
    with registry.register_temporarily(REPLIABLE_TOOL):
        yield REPLIABLE_TOOL


@pytest.fixture
def note(workspace, contributor):
    return Note.objects.create(workspace=workspace, created_by=contributor, title="Budget thread")


def address(user, target, **kwargs):
    return replies.address_for(user, ContentType.objects.get_for_model(target).pk, target.pk, **kwargs)


def reply_mail(to, sender, text="I agree with the plan.\n", *, message_id="<reply-1@mail.example.org>",
               subject="Re: Budget thread", html=None, attachment=None, headers=None):
    """A reply as a mail program sends it (bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="minutes.pdf")
    return bytes(message)
