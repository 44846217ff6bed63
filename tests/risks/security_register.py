"""The register part's rows (see security.py): registers (the list, adding, details, deleting,
restoring, the deleted ones), the register's settings (matrix, categories), the table with its
heat map, the heat map alone, the due lists, the export and the board view.

The register (place.register) is seen by members (anyone in the public workspace) and kept by
managers; its details, settings and deletion are the managers'. Reading it, its heat map, due
lists, board view and export are for whoever sees it, also in an archived workspace."""

from risks.models import Register

from ..security.outcomes import LOGIN, REDIRECT, WORKSPACE

_SEERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200,
          "manager": 200, "site_admin": 200}
_EVERYONE = {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
             "site_admin": 200}
_MANAGERS = {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403,
             "manager": 200, "site_admin": 200}
_PUBLIC_MANAGERS = {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                    "site_admin": 200}
_DONE = {"manager": REDIRECT, "site_admin": REDIRECT}

_READS = ("risks:index", "risks:register", "risks:heatmap", "risks:due", "risks:board", "risks:export")
_MANAGING = ("risks:create", "risks:deleted", "risks:edit", "risks:delete", "risks:restore", "risks:settings")

MATRIX = {**{name: _SEERS for name in _READS}, **{name: _MANAGERS for name in _MANAGING}}
PUBLIC_MATRIX = {**{name: _EVERYONE for name in _READS}, **{name: _PUBLIC_MANAGERS for name in _MANAGING}}
ARCHIVED = {**{name: 200 for name in _READS}, **{name: 403 for name in _MANAGING}}

_DETAILS = {"title": "Defaced register", "description": "", "review_days": "30", "view_access": "members",
            "change_access": "managers"}
POST_DATA = {
    "risks:create": {**_DETAILS, "title": "Injected register"},
    "risks:edit": _DETAILS,
    "risks:delete": {},
    "risks:restore": {},
    "risks:settings": {"form": "matrix", "matrix-size": "5",
                       "matrix-likelihood_labels": "Rare\nUnlikely\nPossible\nLikely\nAlmost certain",
                       "matrix-impact_labels": "Negligible\nMinor\nModerate\nMajor\nSevere",
                       "matrix-low_max": "5", "matrix-medium_max": "14"},
}
POST_MATRIX = {name: {**_MANAGERS, **_DONE} for name in POST_DATA}
EFFECTS = {
    "risks:create": lambda place: Register.objects.filter(workspace=place.workspace,
                                                          title="Injected register").exists(),
    "risks:edit": lambda place: Register.objects.get(pk=place.register.pk).title == "Defaced register",
    "risks:delete": lambda place: Register.objects.get(pk=place.register.pk).is_deleted,
    "risks:restore": lambda place: not Register.objects.get(pk=place.deleted_register.pk).is_deleted,
    "risks:settings": lambda place: Register.objects.get(pk=place.register.pk).medium_max == 14,
}
AUDITED_READS = {"risks:export"}
NAME_KWARGS = {
    "risks:restore": {"pk": lambda place: place.deleted_register.pk},
}
