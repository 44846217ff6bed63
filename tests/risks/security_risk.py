"""The risk part's rows (see security.py): a risk's page and timeline; adding, editing,
scoring, moving, reviewing, controls, actions, formal acceptance.

The register (change access: managers) is kept by the managers, so only they add risks; the
open risk (place.risk) is owned by the contributor, who may change it (details, status, review,
controls, actions) while it is live, but not accept it formally (managers only)."""

from datetime import timedelta

from django.utils import timezone

from risks import services_risk
from risks.models import Acceptance, Action, Control, Risk

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE
from .builders import make_risk

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_KEEPERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
            "manager": 200, "site_admin": 200}
_CHANGERS = {**_KEEPERS, "contributor": 200}  # the risk's owner
_PUBLIC_KEEPERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                   "site_admin": 200}
_PUBLIC_CHANGERS = {**_PUBLIC_KEEPERS, "contributor": 200}
_DONE = {"manager": REDIRECT, "site_admin": REDIRECT}

_CHANGE_URLS = ("risks:edit_risk", "risks:move", "risks:review", "risks:add_control", "risks:edit_control",
                "risks:remove_control", "risks:add_action", "risks:action_done", "risks:action_reopen")
_APPROVE_URLS = ("risks:accept", "risks:end_acceptance")

MATRIX = {
    "risks:risk": _SEERS,
    "risks:add": _KEEPERS,
    **{name: _CHANGERS for name in _CHANGE_URLS},
    **{name: _KEEPERS for name in _APPROVE_URLS},
}
PUBLIC_MATRIX = {
    "risks:risk": _EVERYONE,
    "risks:add": _PUBLIC_KEEPERS,
    **{name: _PUBLIC_CHANGERS for name in _CHANGE_URLS},
    **{name: _PUBLIC_KEEPERS for name in _APPROVE_URLS},
}
ARCHIVED = {
    "risks:risk": 200,
    "risks:add": 403,
    **{name: 403 for name in _CHANGE_URLS + _APPROVE_URLS},
}

_SCORES = {"inherent_likelihood": "4", "inherent_impact": "4", "current_likelihood": "3", "current_impact": "3"}
POST_DATA = {
    "risks:add": {"title": "Injected risk", **_SCORES},
    "risks:edit_risk": {"title": "Defaced risk", **_SCORES},
    "risks:move": {"to": "closed"},
    "risks:review": {"note": "Looked at it again", "current_likelihood": "2", "current_impact": "2"},
    "risks:add_control": {"description": "Injected control", "kind": "preventive"},
    "risks:edit_control": {"description": "Defaced control", "kind": "detective"},
    "risks:remove_control": {},
    "risks:add_action": {"description": "Injected action", "response": "treat"},
    "risks:action_done": {},
    "risks:action_reopen": {},
    "risks:accept": {"justification": "Cheaper to bear than to treat", "review_by": "2099-01-01"},
    "risks:end_acceptance": {"reason": "Treated now"},
}
POST_MATRIX = {
    "risks:add": {**_KEEPERS, **_DONE},
    **{name: {**_CHANGERS, **_DONE, "contributor": REDIRECT} for name in _CHANGE_URLS},
    **{name: {**_KEEPERS, **_DONE} for name in _APPROVE_URLS},
}


def _risk(place):
    return Risk.objects.get(pk=place.risk.pk)


EFFECTS = {
    "risks:add": lambda place: Risk.objects.filter(register=place.register, title="Injected risk").exists(),
    "risks:edit_risk": lambda place: _risk(place).title == "Defaced risk",
    "risks:move": lambda place: _risk(place).status == "closed",
    "risks:review": lambda place: _risk(place).reviewed_at is not None and _risk(place).current_score == 4,
    "risks:add_control": lambda place: Control.objects.filter(risk=place.risk, description="Injected control").exists(),
    "risks:edit_control": lambda place: Control.objects.get(pk=place.control.pk).description == "Defaced control",
    "risks:remove_control": lambda place: not Control.objects.filter(pk=place.control.pk).exists(),
    "risks:add_action": lambda place: Action.objects.filter(risk=place.risk, description="Injected action").exists(),
    "risks:action_done": lambda place: Action.objects.get(pk=place.risk_action.pk).done_at is not None,
    "risks:action_reopen": lambda place: Action.objects.get(pk=place.done_action.pk).done_at is None,
    "risks:accept": lambda place: Acceptance.objects.filter(risk=place.risk, ended_at__isnull=True).exists(),
    "risks:end_acceptance": lambda place: not Acceptance.objects.filter(risk=place.accepted_risk,
                                                                        ended_at__isnull=True).exists(),
}
URL_KWARGS = {"control": lambda place: place.control.pk, "action": lambda place: place.risk_action.pk}
NAME_KWARGS = {
    "risks:action_reopen": {"action": lambda place: place.done_action.pk},
    "risks:end_acceptance": {"number": lambda place: place.accepted_risk.number},
}
OBJECT_PARAMS = {"register", "control", "action"}


def build(place, personas, objects):
    """A control and two actions (one done) on the open risk; a second risk, formally accepted."""
    manager = personas["manager"]
    risk, register = objects["risk"], objects["register"]
    control = services_risk.control_add(actor=manager, risk=risk, description=f"Weekly budget check in {place.key}")
    action = services_risk.action_add(actor=manager, risk=risk, description=f"Renegotiate in {place.key}",
                                      owner=manager, due_on=timezone.localdate() + timedelta(days=30))
    done = services_risk.action_add(actor=manager, risk=risk, description=f"Freeze spending in {place.key}")
    services_risk.action_done(actor=manager, action=done)
    accepted = make_risk(register, manager, title=f"Tolerated in {place.key}")
    services_risk.accepted(actor=manager, risk=accepted, justification="Too costly to treat",
                           review_by=timezone.localdate() + timedelta(days=90))
    return {"control": control, "risk_action": action, "done_action": done, "accepted_risk": accepted}
