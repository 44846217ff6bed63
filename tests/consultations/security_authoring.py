"""The authoring part's rows (see security.py). Staff's pages (settings, document, questions,
files, format requests) are for whoever may run the consultation: its author (the manager),
managers and site admins; readers and contributors see the open consultation but may not run
it (403); a draft is not seen by them at all (404); outsiders do not see a private workspace.
The document and questions rows use the draft (place.draft_consultation: only a draft's
document and questions change); the files and format requests the open one."""

from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Attachment, Consultation, FormatRequest, Question

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_RUNNERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
            "manager": 200, "site_admin": 200}
_RUNNERS_POST_ONLY = {**_RUNNERS, "manager": 405, "site_admin": 405}
# A draft: only whoever may run it knows it is there.
_DRAFT_RUNNERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404,
                  "manager": 200, "site_admin": 200}
_DRAFT_RUNNERS_POST_ONLY = {**_DRAFT_RUNNERS, "manager": 405, "site_admin": 405}
_DONE = {"manager": REDIRECT, "site_admin": REDIRECT}
_PUBLIC_RUNNERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                   "site_admin": 200}
_PUBLIC_DRAFT_RUNNERS = {"anonymous": LOGIN, "outsider": 404, "reader": 404, "contributor": 404, "manager": 200,
                         "site_admin": 200}

MATRIX = {
    "consultations:index": _SEERS,
    "consultations:create": _RUNNERS,
    "consultations:deleted": _RUNNERS,
    "consultations:edit": _RUNNERS,
    "consultations:delete": _RUNNERS,
    "consultations:restore": _RUNNERS,
    "consultations:document": _DRAFT_RUNNERS,
    "consultations:import": _DRAFT_RUNNERS,
    "consultations:example": _RUNNERS,
    "consultations:questions": _DRAFT_RUNNERS,
    "consultations:question_edit": _DRAFT_RUNNERS,
    "consultations:question_delete": _DRAFT_RUNNERS,
    "consultations:question_move": _DRAFT_RUNNERS_POST_ONLY,
    "consultations:attachments": _RUNNERS,
    "consultations:attachment": _SEERS,
    "consultations:attachment_delete": _RUNNERS,
    "consultations:attachment_move": _RUNNERS_POST_ONLY,
    "consultations:request_format": _SEERS,
    "consultations:format_requests": _RUNNERS,
}
PUBLIC_MATRIX = {
    "consultations:index": _EVERYONE,
    "consultations:create": _PUBLIC_RUNNERS,
    "consultations:edit": _PUBLIC_RUNNERS,
    "consultations:document": _PUBLIC_DRAFT_RUNNERS,
    "consultations:questions": _PUBLIC_DRAFT_RUNNERS,
    "consultations:attachments": _PUBLIC_RUNNERS,
    # Anyone may see the open consultation there, so anyone may download its files and ask for a format.
    "consultations:attachment": _EVERYONE,
    "consultations:request_format": _EVERYONE,
    "consultations:format_requests": _PUBLIC_RUNNERS,
}
# Archived: read-only, even for managers; its files still download.
ARCHIVED = {
    "consultations:index": 200,
    "consultations:create": 403,
    "consultations:edit": 403,
    "consultations:delete": 403,
    "consultations:restore": 403,
    "consultations:document": 403,
    "consultations:import": 403,
    "consultations:questions": 403,
    "consultations:question_edit": 403,
    "consultations:attachments": 403,
    "consultations:attachment": 200,
    "consultations:request_format": 403,
    "consultations:format_requests": 403,
}


class RewoundFile(SimpleUploadedFile):
    """An upload the walker may send many times: each read starts from the beginning."""

    def read(self, *args, **kwargs):
        if not args and not kwargs:
            self.seek(0)
        return super().read(*args, **kwargs)


POST_DATA = {
    "consultations:create": {"title": "Injected consultation", "summary": "", "opens_at": "", "closes_at": "",
                             "moderation": "post", "comments_public": "on", "allow_edit": "on",
                             "view_access": "members", "change_access": "managers"},
    "consultations:edit": {"title": "Defaced", "summary": "", "moderation": "post", "view_access": "members",
                           "change_access": "managers"},
    "consultations:delete": {},
    "consultations:restore": {},
    "consultations:document": {"text": "# Defaced\n\nA new first paragraph."},
    "consultations:questions": {"kind": "short_text", "code": "Injected", "text": "Injected?", "section": ""},
    "consultations:question_edit": {"kind": "long_text", "code": "Q1", "text": "Defaced?", "section": ""},
    "consultations:question_delete": {},
    "consultations:question_move": {"direction": "down"},
    "consultations:attachments": {"kind": "easy_read", "title": "Injected file",
                                  "file": RewoundFile("injected.txt", b"An Easy Read version.\n",
                                                      content_type="text/plain")},
    "consultations:attachment_delete": {},
    "consultations:attachment_move": {"direction": "down"},
    "consultations:request_format": {"format": "braille", "details": "Injected request"},
    "consultations:format_requests": {"request": "0"},
}
POST_MATRIX = {
    **{name: {**MATRIX[name], **_DONE} for name in POST_DATA},
    "consultations:request_format": {**_SEERS, "reader": 200, "contributor": 200, "manager": 200, "site_admin": 200},
}


def _draft(place):
    return Consultation.objects.get(pk=place.draft_consultation.pk)


def _q(place, code):
    return Question.objects.filter(consultation=place.draft_consultation, code=code).first()


EFFECTS = {
    "consultations:create": lambda place: Consultation.objects.filter(workspace=place.workspace,
                                                                      title="Injected consultation").exists(),
    "consultations:edit": lambda place: Consultation.objects.get(pk=place.consultation.pk).title == "Defaced",
    "consultations:delete": lambda place: Consultation.objects.get(pk=place.consultation.pk).is_deleted,
    "consultations:restore": lambda place: not Consultation.objects.get(pk=place.deleted_consultation.pk).is_deleted,
    "consultations:document": lambda place: list(_draft(place).sections.values_list("heading", flat=True)) == [
        "Defaced"],
    "consultations:questions": lambda place: _q(place, "Injected") is not None,
    "consultations:question_edit": lambda place: _q(place, "Q1").text == "Defaced?",
    "consultations:question_delete": lambda place: _q(place, "Q1") is None,
    "consultations:question_move": lambda place: _q(place, "Q1").position > _q(place, "Q2").position,
    "consultations:attachments": lambda place: Attachment.objects.filter(consultation=place.consultation,
                                                                         title="Injected file").exists(),
    "consultations:attachment_delete": lambda place: not Attachment.objects.filter(
        pk=place.attachment.pk).exists(),
    "consultations:attachment_move": lambda place: Attachment.objects.get(pk=place.attachment.pk).position
    > Attachment.objects.get(pk=place.second_attachment.pk).position,
    "consultations:request_format": lambda place: FormatRequest.objects.filter(
        consultation=place.consultation, details="Injected request").exists(),
}

_DRAFT = {"pk": lambda place: place.draft_consultation.pk}
URL_KWARGS = {
    "question": lambda place: _q(place, "Q1").pk,
    "attachment": lambda place: place.attachment.pk,
    "format": lambda place: "md",
}
NAME_KWARGS = {
    **{f"consultations:{name}": _DRAFT for name in (
        "document", "import", "questions", "question_edit", "question_delete", "question_move")},
    "consultations:restore": {"pk": lambda place: place.deleted_consultation.pk},
}
OBJECT_PARAMS = {"question", "attachment"}


def build(place, personas, objects):
    """Two questions on the draft (Q1, Q2), two files on the open consultation, a request for
    another format."""
    from consultations import authoring
    from workspaces.lib.files import CheckedFile

    manager = personas["manager"]
    draft, consultation = objects["draft_consultation"], objects["consultation"]
    authoring.question_add(actor=manager, consultation=draft, kind="long_text", code="Q1", text="Anything else?")
    authoring.question_add(actor=manager, consultation=draft, kind="single", code="Q2", text="Do you agree?",
                           options=[("o1", "Yes"), ("o2", "No")])
    made = []
    for title in ("Easy Read version", "Impact assessment"):
        content = f"{title} of {place.key}.\n".encode()
        made.append(authoring.attachment_add(
            actor=manager, consultation=consultation, kind="easy_read", title=title,
            upload=SimpleUploadedFile("file.txt", content), checked=CheckedFile(name="file.txt", size=len(content),
                                                                               mime="text/plain")))
    request = FormatRequest.objects.create(consultation=consultation, format="large_print", email="x@example.org")
    return {"attachment": made[0], "second_attachment": made[1], "format_request": request}
