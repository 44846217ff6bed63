"""A risk's timeline: each RiskVersion (who, when, what kind, the note) with what it changed,
"field: before → after", read by comparing its `state` with the version before it.

    entries(versions, matrix)   [Entry(version, changes=[Change(label, before, after), ...]), ...]
                                in the order given (pass the version before the first one
                                too, as `before`, when showing a page of a longer history)

Values are plain text (templates escape them): names of the category and owner as the state
kept them, scores with the matrix's labels ("4 (Likely)"), statuses and choices by their labels,
dates as "12 March 2027"."""

from dataclasses import dataclass, field
from datetime import date

from .models import Proximity, Response, Status

LABELS = {
    "title": "Title", "cause": "Cause", "event": "Event", "impact": "Effect", "trigger": "Trigger",
    "category_id": "Category", "owner_id": "Owner", "proximity": "Proximity", "status": "Status",
    "response": "Response", "inherent_likelihood": "Inherent likelihood", "inherent_impact": "Inherent impact",
    "current_likelihood": "Current likelihood", "current_impact": "Current impact",
    "target_likelihood": "Target likelihood", "target_impact": "Target impact", "review_by": "Next review",
    "merged_into_id": "Merged into",
}
CHOICES = {"status": dict(Status.choices), "proximity": dict(Proximity.choices), "response": dict(Response.choices)}
NAMED = {"category_id": "category", "owner_id": "owner"}  # shown by the name the state kept
NONE = "(none)"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    version: object
    changes: list = field(default_factory=list)


def shown(name, value, state, matrix):
    """One field's value as the timeline writes it."""
    if name in NAMED:
        return state.get(NAMED[name]) or (NONE if value is None else f"#{value}")
    if value in (None, ""):
        return NONE
    if name in CHOICES:
        return str(CHOICES[name].get(value, value))
    if name.endswith("_likelihood") and isinstance(value, int):
        label = matrix.likelihood_label(value)
        return f"{value} ({label})" if label else str(value)
    if name.endswith("_impact") and name != "impact" and isinstance(value, int):
        label = matrix.impact_label(value)
        return f"{value} ({label})" if label else str(value)
    if name == "review_by":
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def differences(before, after, matrix):
    """[Change, ...] for each field whose value differs between two states."""
    changes = []
    for name, label in LABELS.items():
        old, new = before.get(name), after.get(name)
        if old == new:  # the category's and owner's ids: a category renamed meanwhile is no change of the risk
            continue
        changes.append(Change(label, shown(name, old, before, matrix), shown(name, new, after, matrix)))
    return changes


def entries(versions, matrix, before=None):
    """The timeline of `versions` (oldest first), each with its changes since the one before."""
    result, previous = [], before
    for version in versions:
        state = version.state or {}
        changes = differences(previous.state or {}, state, matrix) if previous is not None else []
        result.append(Entry(version, changes))
        previous = version
    return result
