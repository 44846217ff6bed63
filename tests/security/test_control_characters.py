"""Control characters at the edge: every URL of the project (ours with the world's real ids,
the admin's and allauth's too), asked by every persona with NUL in the usual parameters, and
every form posted with NUL in its fields, answers the clear 400 page: never a 500 (PostgreSQL
refuses NUL in a string), and nothing changes. The refusal itself, and what it lets through
(tab, CR, LF; file contents), is tested in tests/workspaces/test_edge.py."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ..conftest import PERSONAS
from .probe import ROUTES, url_for
from .tables import MATRIX, POST_DATA
from .world import client_as, diff, snapshot

NUL_QUERY = "?q=%00&parent=%00&page=%00"
REFUSAL = "has a character that cannot be used"


def _admin_models():
    """"<app>_<model>" -> model, for the admin's URL names (admin:workspaces_team_change)."""
    return {f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry}


def _third_party_kwargs(name, route, personas):
    """URL arguments for the admin's and allauth's URLs: ids of rows that exist where there are any."""
    user = personas["site_admin"]
    if name == "admin:view_on_site":
        return {"content_type_id": ContentType.objects.get_for_model(user).pk, "object_id": user.pk}
    values = {"app_label": "workspaces", "id": user.pk, "key": "not-a-key", "uidb36": "1"}
    if "object_id" in route.params:
        model = _admin_models()[name.removeprefix("admin:").rsplit("_", 1)[0]]
        row = model.objects.order_by("pk").first()
        values["object_id"] = row.pk if row is not None else 1
    return {param: values[param] for param in route.params}


def every_url(place, personas):
    """(name, address) for every named URL pattern of the project."""
    for name, route in sorted(ROUTES.items()):
        if name in MATRIX:
            yield name, url_for(name, place)
        else:
            yield name, reverse(name, kwargs=_third_party_kwargs(name, route, personas))


def _ask(client, method, url, data=None):
    try:
        response = client.get(url) if method == "get" else client.post(url, data)
    except Exception as exc:  # the 500 a browser would get
        return f"crash: {exc.__class__.__name__}: {exc}"[:160], ""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode(errors="replace")


def test_the_walk_covers_every_named_url_of_ours_and_of_the_libraries(private, personas):
    names = {name for name, _ in every_url(private, personas)}
    assert set(MATRIX) <= names
    assert {"account_login", "account_signup", "admin:index", "admin:workspaces_workspace_changelist",
            "admin:accounts_user_change", "usersessions_list"} <= names


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_refuses_nul_in_its_parameters_clearly(persona, private, personas):
    client = client_as(personas[persona])
    wrong = []
    for name, url in every_url(private, personas):
        got, page = _ask(client, "get", url + NUL_QUERY)
        if got != 400 or REFUSAL not in page:
            wrong.append(f"  {name} {url}: {got}")
    assert not wrong, f"GET ...{NUL_QUERY} as {persona}, expected the 400 page:\n" + "\n".join(wrong)


def _with_nul(data):
    """The form's fields with NUL in each text value (files stay as they are), and a NUL field name."""
    posted = {field: f"{value}\x00" if isinstance(value, str) else value for field, value in data.items()}
    posted["note\x00"] = "x"
    return posted


@pytest.mark.parametrize("persona", ["contributor", "manager", "site_admin"])
def test_every_form_refuses_nul_in_its_fields_and_changes_nothing(persona, private, personas, organisation):
    client = client_as(personas[persona])
    wrong = []
    for name in sorted(POST_DATA):
        data = dict(POST_DATA[name])
        if "organisation" in data:
            data["organisation"] = organisation.pk
        for file in (value for value in data.values() if hasattr(value, "seek")):
            file.seek(0)
        before = snapshot(name)
        got, page = _ask(client, "post", url_for(name, private), _with_nul(data))
        changed = diff(before, snapshot(name))
        # A view that reads its form only after the permission check (kit.limit_upload_size)
        # refuses whom the table refuses first: that answer changes nothing either.
        refused_first = got == MATRIX[name][persona] and got in (403, 404)
        if (got != 400 or REFUSAL not in page) and not refused_first or changed:
            wrong.append(f"  {name}: {got}; changed: {changed or 'nothing'}")
    assert not wrong, f"POST with NUL as {persona}, expected the 400 page and no change:\n" + "\n".join(wrong)
