"""Changes to a register itself (the register part): its details, deleting and restoring it
softly, its one matrix and its categories with their appetite. Keyword-only, one transaction
each; the caller checked the permission (risks.policies: `change`, `delete` are the managers').
Refusals are ValidationErrors by field name, for the form.

    register_update(actor=..., register=..., title=..., description=..., review_days=...,
                    view_access=..., change_access=..., view_teams=..., change_teams=..., loaded_state=...)
    register_delete(actor=..., register=...), register_restore(actor=..., register=...)
    matrix_update(actor=..., register=..., size=5, likelihood_labels=[...], impact_labels=[...],
                  low_max=6, medium_max=19)           refused below the scores risks already use
    category_add / category_update / category_remove(actor=..., ...)
    export_audited(actor=..., register=..., what="xlsx")"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from workspaces.kit.services import audit, check_loaded_state, locked_row, record, restore, set_item_teams, soft_delete
from workspaces.lib.forms import one_line

from .matrix import Matrix
from .models import APPETITE_MAX, MAX_CATEGORIES, SCORES, Appetite, Category, Risk

DETAIL_FIELDS = ("title", "description", "review_days", "view_access", "change_access")
MATRIX_FIELDS = ("size", "likelihood_labels", "impact_labels", "low_max", "medium_max")
MAX_REVIEW_DAYS = 3650


@transaction.atomic
def register_update(*, actor, register, title, description="", review_days=90, view_access=None,
                    change_access=None, view_teams=(), change_teams=(), loaded_state=""):
    current = locked_row(register, "workspace")
    check_loaded_state(current, DETAIL_FIELDS, loaded_state)
    title = one_line(title)
    if not title:
        raise ValidationError({"title": "Give the register a title."})
    if not isinstance(review_days, int) or not 1 <= review_days <= MAX_REVIEW_DAYS:
        raise ValidationError({"review_days": f"Review every 1 to {MAX_REVIEW_DAYS} days."})
    current.title, current.description, current.review_days = title, (description or "").strip(), review_days
    if view_access:
        current.view_access = view_access
    if change_access:
        current.change_access = change_access
    current.version += 1
    current.updated_by = actor
    current.save()
    set_item_teams(current, view_teams=view_teams, change_teams=change_teams)
    record(workspace=current.workspace, actor=actor, verb="risks.register_updated", target=current,
           summary="changed the risk register's details")
    return current


@transaction.atomic
def register_delete(*, actor, register):
    current = locked_row(register, "workspace")
    return soft_delete(current, actor=actor, verb="risks.register_deleted", summary="deleted the risk register",
                       audit_action="risks.register_deleted")


@transaction.atomic
def register_restore(*, actor, register):
    current = locked_row(register, "workspace")
    return restore(current, actor=actor, verb="risks.register_restored", summary="restored the risk register",
                   audit_action="risks.register_restored")


def highest_value_used(register):
    """The highest likelihood or impact any risk of the register has (0 if none): the matrix
    may not shrink below it."""
    fields = [f"{name}_{part}" for name in SCORES for part in ("likelihood", "impact")]
    found = Risk.objects.filter(register=register).aggregate(**{name: Max(name) for name in fields})
    return max([value for value in found.values() if value] or [0])


def _matrix_state(register):
    return {name: getattr(register, name) for name in MATRIX_FIELDS}


@transaction.atomic
def matrix_update(*, actor, register, size, likelihood_labels, impact_labels, low_max, medium_max):
    """The register's one matrix: validated (Matrix.validate), and refused smaller than the
    likelihoods and impacts its risks already use (nothing would place them)."""
    current = locked_row(register, "workspace")
    likelihood_labels = [one_line(label) for label in likelihood_labels]
    impact_labels = [one_line(label) for label in impact_labels]
    matrix = Matrix(size=size, likelihood_labels=tuple(likelihood_labels), impact_labels=tuple(impact_labels),
                    low_max=low_max, medium_max=medium_max)
    matrix.validate()
    used = highest_value_used(current)
    if used > size:
        raise ValidationError({"size": f"Risks of this register already use a likelihood or an impact of {used}: "
                                       f"the matrix cannot be smaller than {used}×{used}. Rescore them first."})
    before = _matrix_state(current)
    current.size, current.likelihood_labels, current.impact_labels = size, likelihood_labels, impact_labels
    current.low_max, current.medium_max = low_max, medium_max
    after = _matrix_state(current)
    if before == after:
        return current
    current.version += 1
    current.updated_by = actor
    current.save(update_fields=[*MATRIX_FIELDS, "version", "updated_by"])
    audit(actor=actor, action="risks.matrix_changed", workspace=current.workspace, target=current,
          before=before, after=after)
    record(workspace=current.workspace, actor=actor, verb="risks.register_updated", target=current,
           summary="changed the risk register's matrix")
    return current


def _clean_category(register, name, appetite, max_score, *, exclude=None):
    errors = {}
    name = one_line(name)
    if not name:
        errors["name"] = "Give the category a name."
    elif len(name) > 80:
        errors["name"] = "At most 80 characters."
    elif Category.objects.filter(register=register, name__iexact=name).exclude(pk=exclude).exists():
        errors["name"] = f"This register already has a category “{name}”."
    if appetite not in Appetite.values:
        errors["appetite"] = "Choose averse, minimal, cautious, open or eager."
    if max_score is None and appetite in Appetite.values:
        max_score = APPETITE_MAX[Appetite(appetite)]
    top = register.size * register.size
    if max_score is not None and not (isinstance(max_score, int) and 0 <= max_score <= top):
        errors["max_score"] = f"The highest acceptable score must be from 0 to {top}."
    if errors:
        raise ValidationError(errors)
    return name, appetite, max_score


def _category_state(category):
    return {"name": category.name, "appetite": category.appetite, "max_score": category.max_score}


@transaction.atomic
def category_add(*, actor, register, name, appetite, max_score=None):
    current = locked_row(register, "workspace")
    if Category.objects.filter(register=current).count() >= MAX_CATEGORIES:
        raise ValidationError({"name": f"A register may have at most {MAX_CATEGORIES} categories."})
    name, appetite, max_score = _clean_category(current, name, appetite, max_score)
    position = (Category.objects.filter(register=current).aggregate(n=Max("position"))["n"] or 0) + 1
    category = Category.objects.create(register=current, name=name, appetite=appetite, max_score=max_score,
                                       position=position)
    audit(actor=actor, action="risks.category_added", workspace=current.workspace, target=current,
          after=_category_state(category))
    return category


@transaction.atomic
def category_update(*, actor, category, name, appetite, max_score=None):
    register = locked_row(category.register, "workspace")
    current = Category.objects.select_for_update().get(pk=category.pk, register=register)
    name, appetite, max_score = _clean_category(register, name, appetite, max_score, exclude=current.pk)
    before = _category_state(current)
    current.name, current.appetite, current.max_score = name, appetite, max_score
    if _category_state(current) != before:
        current.save(update_fields=["name", "appetite", "max_score"])
        audit(actor=actor, action="risks.category_changed", workspace=register.workspace, target=register,
              before=before, after=_category_state(current))
    return current


@transaction.atomic
def category_remove(*, actor, category):
    """Remove a category no risk uses (a used one is refused: its risks would lose their appetite)."""
    register = locked_row(category.register, "workspace")
    current = Category.objects.select_for_update().get(pk=category.pk, register=register)
    used = Risk.objects.filter(category=current).count()
    if used:
        raise ValidationError({"name": f"“{current.name}” has {used} risk{'s' if used != 1 else ''} (any status): "
                                       "move them to another category first."})
    before = _category_state(current)
    current.delete()
    audit(actor=actor, action="risks.category_removed", workspace=register.workspace, target=register,
          before=before)


def export_audited(*, actor, register, what):
    audit(actor=actor, action="risks.register_exported", workspace=register.workspace, target=register,
          after={"format": what})
