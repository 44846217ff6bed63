"""Reading registers and risks: every list goes through the permission layer.

    get_register(user, workspace, pk), get_risk(user, workspace, register_pk, number)
    risks_of(user, register)       the risks this person sees in the register (a queryset to filter and sort)
    heat_counts(risks, score="current")   {(likelihood, impact): count}, counted in SQL"""

from django.db.models import Count

from workspaces.kit.selectors import get_item
from workspaces.permissions import visible

from .models import Register, Risk


def get_register(user, workspace, pk, perm="risks.view_register", deleted="hide"):
    return get_item(user, Register.objects.filter(workspace=workspace, pk=pk), perm, deleted=deleted,
                    workspace=workspace)


def get_risk(user, workspace, register_pk, number, perm="risks.view_risk"):
    found = (Risk.objects.select_related("register", "category", "owner")
             .filter(workspace=workspace, register=register_pk, number=number, register__is_deleted=False).first())
    if found is not None:
        found.register.workspace = workspace
    return get_item(user, found, perm, workspace=workspace)


def risks_of(user, register):
    return visible(user, Risk.objects.filter(register=register), within=register).select_related("category", "owner")


def heat_counts(risks, score="current"):
    rows = (risks.exclude(**{f"{score}_likelihood": None}).order_by()
            .values_list(f"{score}_likelihood", f"{score}_impact").annotate(n=Count("pk")))
    return {(likelihood, impact): n for likelihood, impact, n in rows}
