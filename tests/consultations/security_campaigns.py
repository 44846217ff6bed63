"""The campaigns part's rows (see security.py): campaigns (finding them, one campaign, the
analysts' decisions) and the downloads. Reading is for whoever may analyse the consultation:
its author (the manager), managers and site admins (its change access is "managers", so the
contributor is refused); still allowed in an archived workspace. Starting a run and deciding
about a campaign are changes: refused there."""

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_ANALYSTS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
             "manager": 200, "site_admin": 200}
_PUBLIC_ANALYSTS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}
# POST only: a GET is refused (405) once the permission check has passed.
_POST_ONLY = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
              "manager": 405, "site_admin": 405}
_PUBLIC_POST_ONLY = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 405,
                     "site_admin": 405}
_POSTED = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": REDIRECT,
           "site_admin": REDIRECT}

MATRIX = {
    "consultations:campaigns": _ANALYSTS,
    "consultations:campaign": _ANALYSTS,
    "consultations:campaign_act": _POST_ONLY,
    "consultations:exports": _ANALYSTS,
    "consultations:export": _ANALYSTS,
}
PUBLIC_MATRIX = {
    "consultations:campaigns": _PUBLIC_ANALYSTS,
    "consultations:campaign": _PUBLIC_ANALYSTS,
    "consultations:campaign_act": _PUBLIC_POST_ONLY,
    "consultations:exports": _PUBLIC_ANALYSTS,
    "consultations:export": _PUBLIC_ANALYSTS,
}
ARCHIVED = {
    "consultations:campaigns": 200,
    "consultations:campaign": 200,
    "consultations:campaign_act": 403,
    "consultations:exports": 200,
    "consultations:export": 200,
}
POST_DATA = {
    "consultations:campaigns": {},
    "consultations:campaign_act": {"action": "confirm"},
}
POST_MATRIX = {
    "consultations:campaigns": _POSTED,
    "consultations:campaign_act": _POSTED,
}
AUDITED_READS = {"consultations:export"}


def _run_started(place):
    from consultations.models import GroupingRun

    return GroupingRun.objects.filter(consultation=place.consultation).exists()


def _confirmed(place):
    from consultations.models import Campaign

    return Campaign.objects.get(pk=place.campaign.pk).confirmed


EFFECTS = {"consultations:campaigns": _run_started, "consultations:campaign_act": _confirmed}
URL_KWARGS = {"campaign": lambda place: place.campaign.pk}
NAME_KWARGS = {"consultations:export": {"what": lambda place: "comments", "fmt": lambda place: "csv"}}
OBJECT_PARAMS = {"campaign"}


def build(place, personas, objects):
    """A campaign of two responses with the same text on the open consultation."""
    from consultations.models import Campaign

    from .builders import make_response

    consultation = objects["consultation"]
    text = "Please keep the river clean for swimmers and test it every week of the summer."
    first = make_response(consultation, None, channel="letter", entered_by=personas["manager"],
                          comments=[("2", 1, text)])
    second = make_response(consultation, None, channel="email", entered_by=personas["manager"],
                           comments=[("2", 1, text)])
    campaign = Campaign.objects.create(consultation=consultation, representative=first, size=2, signatures=2)
    for response in (first, second):
        response.campaign = campaign
        response.save(update_fields=["campaign"])
    return {"campaign": campaign}
