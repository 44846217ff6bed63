"""The analysis part's rows (see security.py). Every page is the analysts' (the consultation's
author — the manager —, managers and site admins; its change access is "managers"): readers
never see responses. Reading (responses, one response, themes, the tables, suggestions) stays
open in an archived workspace; coding (tags, notes, themes, decisions) and entering offline
responses are changes, refused there."""

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_ANALYSTS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
             "manager": 200, "site_admin": 200}
_POST_ONLY = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
              "manager": 405, "site_admin": 405}
_PUBLIC_ANALYSTS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}
_PUBLIC_POST_ONLY = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 405,
                     "site_admin": 405}
_POSTED = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": REDIRECT,
           "site_admin": REDIRECT}

MATRIX = {
    "consultations:responses": _ANALYSTS,
    "consultations:response_detail": _ANALYSTS,
    "consultations:tag": _POST_ONLY,
    "consultations:add_note": _POST_ONLY,
    "consultations:themes": _ANALYSTS,
    "consultations:theme_edit": _ANALYSTS,
    "consultations:theme_delete": _ANALYSTS,
    "consultations:analysis": _ANALYSTS,
    "consultations:suggestions": _ANALYSTS,
    "consultations:suggestion_decide": _ANALYSTS,
    "consultations:enter": _ANALYSTS,
}
PUBLIC_MATRIX = {
    "consultations:responses": _PUBLIC_ANALYSTS,
    "consultations:response_detail": _PUBLIC_ANALYSTS,
    "consultations:tag": _PUBLIC_POST_ONLY,
    "consultations:add_note": _PUBLIC_POST_ONLY,
    "consultations:themes": _PUBLIC_ANALYSTS,
    "consultations:theme_edit": _PUBLIC_ANALYSTS,
    "consultations:theme_delete": _PUBLIC_ANALYSTS,
    "consultations:analysis": _PUBLIC_ANALYSTS,
    "consultations:suggestions": _PUBLIC_ANALYSTS,
    "consultations:suggestion_decide": _PUBLIC_ANALYSTS,
    "consultations:enter": _PUBLIC_ANALYSTS,
}
ARCHIVED = {
    "consultations:responses": 200,  # reading what was collected
    "consultations:response_detail": 200,  # reading what was collected
    "consultations:tag": 403,
    "consultations:add_note": 403,
    "consultations:themes": 200,  # the codebook is read; adding to it (its POST) is refused
    "consultations:theme_edit": 403,
    "consultations:theme_delete": 403,
    "consultations:analysis": 200,  # reading what was collected
    "consultations:suggestions": 200,  # reading what was collected
    "consultations:suggestion_decide": 403,
    "consultations:enter": 403,
}
POST_DATA = {
    "consultations:tag": {"whole": "1"},  # the response's own tags: none checked
    "consultations:add_note": {"text": "Injected note"},
    "consultations:themes": {"name": "Injected theme", "definition": "", "parent": ""},
    "consultations:theme_edit": {"name": "Defaced theme", "definition": "", "parent": ""},
    "consultations:theme_delete": {},
    "consultations:suggestion_decide": {"decision": "reject", "note": ""},
    "consultations:enter": {"channel": "letter", "received_on": "2026-01-05", "respondent_type": "individual",
                            "display_name": "Injected letter", "consent": "private", "signature_count": "1",
                            "place_1": "3/1", "text_1": "Typed in from a letter."},
}
POST_MATRIX = {name: dict(_POSTED) for name in POST_DATA}


def _untagged(place):
    from consultations.models import Tag

    return not Tag.objects.filter(response=place.public_response, comment__isnull=True).exists()


def _noted(place):
    from consultations.models import Note

    return Note.objects.filter(response=place.public_response, text="Injected note").exists()


def _theme_added(place):
    from consultations.models import Theme

    return Theme.objects.filter(consultation=place.consultation, name="Injected theme").exists()


def _theme_renamed(place):
    from consultations.models import Theme

    return Theme.objects.get(pk=place.consultation_theme.pk).name == "Defaced theme"


def _theme_gone(place):
    from consultations.models import Theme

    return not Theme.objects.filter(pk=place.consultation_theme.pk).exists()


def _rejected(place):
    from consultations.models import Comment

    return Comment.objects.get(pk=place.public_suggestion.pk).suggestion_state == "rejected"


def _entered(place):
    from consultations.models import Response

    return Response.objects.filter(consultation=place.consultation, display_name="Injected letter",
                                   status="submitted", respondent=None, channel="letter").exists()


EFFECTS = {
    "consultations:tag": _untagged,
    "consultations:add_note": _noted,
    "consultations:themes": _theme_added,
    "consultations:theme_edit": _theme_renamed,
    "consultations:theme_delete": _theme_gone,
    "consultations:suggestion_decide": _rejected,
    "consultations:enter": _entered,
}
URL_KWARGS = {
    "response_id": lambda place: place.public_response.pk,
    "theme": lambda place: place.consultation_theme.pk,
}
NAME_KWARGS = {"consultations:suggestion_decide": {"comment": lambda place: place.public_suggestion.pk}}
OBJECT_PARAMS = {"response_id", "theme", "comment"}


def build(place, personas, objects):
    """A theme of the open consultation, tagging the public response as a whole; its suggestion."""
    from consultations.models import Tag, Theme

    consultation, response = objects["consultation"], objects["public_response"]
    theme = Theme.objects.create(consultation=consultation, name="Water quality", position=1)
    Tag.objects.create(consultation=consultation, theme=theme, response=response, created_by=personas["manager"])
    return {"consultation_theme": theme, "public_suggestion": response.comments.get(kind="suggestion")}
