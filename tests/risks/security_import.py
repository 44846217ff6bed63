"""The import and suggestion part's rows (see security.py): import (dry run, confirm), the
template, suggesting a risk, the suggester's list, the suggestions waiting, and triage.

The register (place.register) keeps its default change access (managers), so only managers
and site admins keep it: they import and triage. Any contributor who sees it may suggest. The
suggestion to triage is the contributor's (place.proposed_risk): triage asks first whether the
person keeps the register, so readers and its suggester are refused (403) alike."""

from django.core.files.uploadedfile import SimpleUploadedFile

from risks.models import Risk, Status

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_KEEPERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
            "manager": 200, "site_admin": 200}
_SUGGESTERS = {**_KEEPERS, "contributor": 200}
_TRIAGERS = _KEEPERS  # the register's keepers are asked for first: a reader is refused (403) before the suggestion
# A preview's token lives in its maker's session: anyone else's (or a made-up one) is stale,
# and the keepers are sent back to the upload with a message.
_STALE = {**_KEEPERS, "manager": REDIRECT, "site_admin": REDIRECT}
_DONE = {"manager": REDIRECT, "site_admin": REDIRECT}

_PUBLIC_KEEPERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                   "site_admin": 200}
_PUBLIC_SUGGESTERS = {**_PUBLIC_KEEPERS, "contributor": 200}

MATRIX = {
    "risks:import": _KEEPERS,
    "risks:import_template": _KEEPERS,
    "risks:import_preview": _STALE,
    "risks:suggest": _SUGGESTERS,
    "risks:my_suggestions": _SUGGESTERS,
    "risks:suggestions": _KEEPERS,
    "risks:triage": _TRIAGERS,
}
PUBLIC_MATRIX = {
    "risks:import": _PUBLIC_KEEPERS,
    "risks:import_template": _PUBLIC_KEEPERS,
    "risks:import_preview": {**_PUBLIC_KEEPERS, "manager": REDIRECT, "site_admin": REDIRECT},
    "risks:suggest": _PUBLIC_SUGGESTERS,
    "risks:my_suggestions": _PUBLIC_SUGGESTERS,
    "risks:suggestions": _PUBLIC_KEEPERS,
    "risks:triage": _PUBLIC_KEEPERS,
}
ARCHIVED = {
    "risks:import": 403,
    "risks:import_template": 403,
    "risks:import_preview": 403,
    "risks:suggest": 403,
    "risks:my_suggestions": 403,
    "risks:suggestions": 403,
    "risks:triage": 403,
}


class RewoundFile(SimpleUploadedFile):
    """An upload the walker may send many times: each read starts from the beginning."""

    def read(self, *args, **kwargs):
        if not args and not kwargs:
            self.seek(0)
        return super().read(*args, **kwargs)


POST_DATA = {
    # The dry run writes nothing (its plan waits in the session): a keeper is sent to the preview.
    "risks:import": {"file": RewoundFile("risks.csv", b"Reference,Title,Current likelihood,Current impact,"
                                                      b"Inherent likelihood,Inherent impact\n,Injected risk,2,2,3,3\n",
                                         content_type="text/csv")},
    "risks:import_preview": {"digest": "forged"},
    "risks:suggest": {"title": "Injected suggestion", "cause": "A cause", "event": "An event", "impact": "",
                      "category": ""},
    "risks:triage": {"decision": "decline", "reason": "Out of scope"},
}
POST_MATRIX = {
    "risks:import": {**_KEEPERS, **_DONE},
    "risks:import_preview": _STALE,
    "risks:suggest": {**_SUGGESTERS, **_DONE, "contributor": REDIRECT},
    "risks:triage": {**_TRIAGERS, **_DONE},
}
EFFECTS = {
    "risks:suggest": lambda place: Risk.objects.filter(register=place.register, title="Injected suggestion",
                                                       status=Status.PROPOSED).exists(),
    "risks:triage": lambda place: Risk.objects.get(pk=place.proposed_risk.pk).status == Status.DECLINED,
}
NAME_KWARGS = {
    "risks:import_preview": {"token": lambda place: "a-made-up-token"},
    "risks:triage": {"number": lambda place: place.proposed_risk.number},
}
