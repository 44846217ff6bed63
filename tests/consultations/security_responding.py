"""The responding part's rows (see security.py). place.consultation is open, by the manager, seen by
members (anyone, in the public workspace); the reader has a sent response with a public comment
on section 2 paragraph 4 (place.reader_comment) and a suggestion; the contributor a private one."""

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
# Writing needs to be signed in; in the public workspace anyone signed in may respond (the policy).
_SIGNED_IN = {"anonymous": LOGIN, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
              "site_admin": 200}
_POST_ONLY = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405,
              "manager": 405, "site_admin": 405}
# "Response sent": the reader and the contributor sent one; the others have none (to Your response).
_SENT = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
         "manager": REDIRECT, "site_admin": REDIRECT}

MATRIX = {
    "consultations:consultation": _SEERS,
    "consultations:section": _SEERS,
    "consultations:comment": _SEERS,
    "consultations:comment_section": _SEERS,
    "consultations:suggest": _SEERS,
    "consultations:remove_comment": _POST_ONLY,
    "consultations:response": _SEERS,
    "consultations:submit": _SEERS,
    "consultations:sent": _SENT,
}
PUBLIC_MATRIX = {
    "consultations:consultation": _EVERYONE,
    "consultations:section": _EVERYONE,
    "consultations:comment": _SIGNED_IN,
    "consultations:comment_section": _SIGNED_IN,
    "consultations:suggest": _SIGNED_IN,
    "consultations:remove_comment": {"anonymous": 405, "outsider": 405, "reader": 405, "contributor": 405,
                                     "manager": 405, "site_admin": 405},
    "consultations:response": _SIGNED_IN,
    "consultations:submit": _SIGNED_IN,
    "consultations:sent": {"anonymous": LOGIN, "outsider": REDIRECT, "reader": 200, "contributor": 200,
                           "manager": REDIRECT, "site_admin": REDIRECT},
}
# An archived workspace takes no responses: the forms are refused; what was sent is still shown.
ARCHIVED = {
    "consultations:consultation": 200,
    "consultations:section": 200,
    "consultations:comment": 403,
    "consultations:comment_section": 403,
    "consultations:suggest": 403,
    "consultations:remove_comment": 405,
    "consultations:response": 200,
    "consultations:submit": 403,
    "consultations:sent": REDIRECT,
}
POST_DATA = {
    "consultations:comment": {"body": "Weekly testing is not enough."},
    "consultations:comment_section": {"body": "The section as a whole is unclear."},
    "consultations:suggest": {"suggested_text": "Sites will be tested twice a week.", "body": "Safer."},
    "consultations:remove_comment": {"next": "response"},
    "consultations:response": {"respondent_type": "individual", "display_name": "Pat", "consent": "anonymous",
                               "save": "1"},
    "consultations:submit": {},
}
# Only the reader's own comment is theirs to remove; for the others it does not exist.
POST_MATRIX = {
    "consultations:remove_comment": {"anonymous": LOGIN, "outsider": 404, "reader": REDIRECT, "contributor": 404,
                                     "manager": 404, "site_admin": 404},
}


def _commented(body, kind="comment"):
    def effect(place):
        from consultations.models import Comment

        field = "suggested_text" if kind == "suggestion" else "body"
        return Comment.objects.filter(consultation=place.consultation, kind=kind, **{field: body}).exists()
    return effect


EFFECTS = {
    "consultations:comment": _commented("Weekly testing is not enough."),
    "consultations:comment_section": _commented("The section as a whole is unclear."),
    "consultations:suggest": _commented("Sites will be tested twice a week.", "suggestion"),
    "consultations:response": lambda place: place.consultation.responses.filter(display_name="Pat").exists(),
}
URL_KWARGS = {
    "section": lambda place: place.consultation.sections.get(number="2").pk,
    "n": lambda place: 4,
    "comment": lambda place: place.reader_comment.pk,
}
OBJECT_PARAMS = {"section", "comment"}


def build(place, personas, objects):
    """The reader's comment on section 2 paragraph 4 (from security.py's build)."""
    from consultations.models import Comment

    public = objects["public_response"]
    return {"reader_comment": Comment.objects.get(response=public, kind="comment")}
