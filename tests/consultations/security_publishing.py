"""The publishing part's rows (see security.py).

Deciding, redacting, the "Publish responses" switch, the outcome's editors and publishing it
are `publish` (decided as change: the author — the manager —, managers and site admins); the
publishing list is also for analysts (the same people here), and stays readable in an archived
workspace. The published responses and the outcome page are seen by whoever sees the
consultation once they are published: here `outcome_consultation` (outcome published,
responses published). The outcome's editors and its publishing use `closed_consultation`
(analysing), which only this part touches."""

from consultations.models import Comment, Consultation, PublishState, Redaction, Section, Status

from ..security.outcomes import LOGIN, WORKSPACE
from .builders import make_consultation, make_response, section

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_STAFF = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
          "manager": 200, "site_admin": 200}
# A POST-only URL: a GET is refused (405) once the permission checks have passed.
_STAFF_POST_ONLY = {**_STAFF, "manager": 405, "site_admin": 405}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_PUBLIC_STAFF = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                 "site_admin": 200}
_PUBLIC_STAFF_POST_ONLY = {**_PUBLIC_STAFF, "manager": 405, "site_admin": 405}

MATRIX = {
    "consultations:outcomes": _SEERS,
    "consultations:publishing": _STAFF,
    "consultations:publish_responses": _STAFF_POST_ONLY,
    "consultations:publish_decide": _STAFF_POST_ONLY,
    "consultations:redact": _STAFF,
    "consultations:published": _SEERS,
    "consultations:published_response": _SEERS,
    "consultations:outcome": _SEERS,
    "consultations:outcome_edit": _STAFF,
    "consultations:outcome_section": _STAFF,
    "consultations:publish_outcome": _STAFF,
}
PUBLIC_MATRIX = {
    "consultations:outcomes": _EVERYONE,
    "consultations:publishing": _PUBLIC_STAFF,
    "consultations:publish_responses": _PUBLIC_STAFF_POST_ONLY,
    "consultations:publish_decide": _PUBLIC_STAFF_POST_ONLY,
    "consultations:redact": _PUBLIC_STAFF,
    "consultations:published": _EVERYONE,
    "consultations:published_response": _EVERYONE,
    "consultations:outcome": _EVERYONE,
    "consultations:outcome_edit": _PUBLIC_STAFF,
    "consultations:outcome_section": _PUBLIC_STAFF,
    "consultations:publish_outcome": _PUBLIC_STAFF,
}
# Publishing decisions and the outcome are "change", refused in an archived workspace even to
# its managers; reading what was collected and what was published is not.
ARCHIVED = {
    "consultations:outcomes": 200,
    "consultations:publishing": 200,  # reading what was collected
    "consultations:publish_responses": 403,
    "consultations:publish_decide": 403,
    "consultations:redact": 403,
    "consultations:published": 200,
    "consultations:published_response": 200,
    "consultations:outcome": 200,
    "consultations:outcome_edit": 403,
    "consultations:outcome_section": 403,
    "consultations:publish_outcome": 403,
}
VERSION = 7  # closed_consultation's version, set by build(): the editors post it back
POST_DATA = {
    "consultations:publish_responses": {"published": "1"},
    "consultations:publish_decide": {"state": "rejected"},
    "consultations:redact": {"span": "too rare", "reason": "A test of taking words out."},
    "consultations:outcome_edit": {"outcome_summary": "We changed the testing rules.", "loaded_version": str(VERSION)},
    "consultations:outcome_section": {"response_text": "We heard you.", "changes_text": "Weekly tests stay.",
                                      "loaded_version": str(VERSION)},
    "consultations:publish_outcome": {},
}
EFFECTS = {
    "consultations:publish_responses": lambda place: Consultation.objects.get(
        pk=place.consultation.pk).responses_published,
    "consultations:publish_decide": lambda place: Comment.objects.get(
        pk=place.publishing_comment.pk).publish_state == PublishState.REJECTED,
    "consultations:redact": lambda place: Redaction.objects.filter(comment=place.publishing_comment).exists()
    and "[redacted]" in Comment.objects.get(pk=place.publishing_comment.pk).published_body,
    "consultations:outcome_edit": lambda place: Consultation.objects.get(
        pk=place.closed_consultation.pk).outcome_summary == "We changed the testing rules.",
    "consultations:outcome_section": lambda place: Section.objects.get(
        pk=place.outcome_section.pk).response_text == "We heard you.",
    "consultations:publish_outcome": lambda place: Consultation.objects.get(
        pk=place.closed_consultation.pk).status == Status.OUTCOME,
}
URL_KWARGS = {
    "kind": lambda place: "comment",
    "part": lambda place: place.publishing_comment.pk,
    "public_id": lambda place: place.outcome_response.public_id,
}
_OUTCOME = {"pk": lambda place: place.outcome_consultation.pk}
_CLOSED = {"pk": lambda place: place.closed_consultation.pk}
NAME_KWARGS = {
    "consultations:published": _OUTCOME,
    "consultations:published_response": _OUTCOME,
    "consultations:outcome": _OUTCOME,
    "consultations:outcome_edit": _CLOSED,
    "consultations:outcome_section": {**_CLOSED, "section": lambda place: place.outcome_section.pk},
    "consultations:publish_outcome": _CLOSED,
}
OBJECT_PARAMS = {"part", "section", "public_id"}


def build(place, personas, objects):
    """The open consultation's named comment ("Weekly is too rare."), approved; a consultation
    with its outcome and responses published (a named response, its comment approved); and a
    closed one being analysed (the outcome's editors and publishing)."""
    manager, reader = personas["manager"], personas["reader"]
    access = "anyone" if place.key == "public" else "members"
    comment = objects["public_response"].comments.get(kind="comment")
    Comment.objects.filter(pk=comment.pk).update(publish_state=PublishState.APPROVED,
                                                 published_body=comment.body)
    done = make_consultation(place.workspace, manager, stage="published", title=f"Bathing outcome of {place.key}",
                             view_access=access)
    Consultation.objects.filter(pk=done.pk).update(responses_published=True)
    answered = make_response(done, reader, consent="named", comments=[("2", 1, "Test more often.")])
    Comment.objects.filter(response=answered).update(publish_state=PublishState.APPROVED,
                                                     published_body="Test more often.")
    closed = make_consultation(place.workspace, manager, stage="analysing", title=f"Closed of {place.key}",
                               view_access=access)
    Consultation.objects.filter(pk=closed.pk).update(version=VERSION)
    make_response(closed, reader, consent="anonymous", comments=[("1", 1, "Fine by me.")])
    return {"publishing_comment": Comment.objects.get(pk=comment.pk),
            "outcome_consultation": Consultation.objects.get(pk=done.pk), "outcome_response": answered,
            "closed_consultation": Consultation.objects.get(pk=closed.pk),
            "outcome_section": section(closed, "2")}
