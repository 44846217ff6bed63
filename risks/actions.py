"""What a risk's page offers to the person looking (workspaces.kit.actions): editing first for
whoever may change it; the review and the status move beside it; controls, actions and the
formal acceptance in "More actions"."""

from django.urls import reverse

from workspaces.kit.actions import Action, ItemActions
from workspaces.permissions import can

from .forms_risk import moves_from


def risk_url(risk, name, **extra):
    return reverse(f"risks:{name}", kwargs={"workspace": risk.workspace.slug, "register": risk.register_id,
                                            "number": risk.number, **extra})


def risk_actions(user, risk, *, accepted=False):
    """`accepted`: whether a formal acceptance is in force (ending it is offered)."""
    changes = can(user, "risks.change_risk", risk)
    approves = can(user, "risks.approve_risk", risk)
    hidden = f" {risk.reference}"
    return ItemActions(
        primary=Action("Edit risk", risk_url(risk, "edit_risk"), hidden=hidden) if changes else None,
        secondary=[
            Action("Reviewed today", risk_url(risk, "review"), hidden=hidden) if changes and risk.is_live else None,
            Action("Change status", risk_url(risk, "move"), hidden=hidden)
            if changes and moves_from(risk.status) else None,
        ],
        more=[
            Action("Add a control", risk_url(risk, "add_control"), hidden=hidden) if changes else None,
            Action("Add an action", risk_url(risk, "add_action"), hidden=hidden) if changes else None,
            Action("Accept formally (tolerate)", risk_url(risk, "accept"), hidden=hidden)
            if approves and risk.is_live else None,
            Action("End the acceptance", risk_url(risk, "end_acceptance"), hidden=hidden)
            if approves and accepted else None,
        ],
    )
