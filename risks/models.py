"""Risk registers: a register (an item of the workspace, with its matrix and its categories'
appetite), its risks (Cause → Event → Impact, three scores), their controls, actions and
formal acceptances, and every change kept as a snapshot (RiskVersion), from which the timeline
and the "as at" view are rebuilt.

Scores are likelihood × impact on the register's one matrix (risks.matrix.Matrix). Each score's
product is stored beside its two parts (`current_score`...), kept in step by save(), so the
table sorts and filters, and the heat map counts, in SQL."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from workspaces.kit.models import SoftDeletable, Versioned, WorkspaceItem

from .matrix import IMPACT_LABELS, LIKELIHOOD_LABELS, LOW_MAX, MEDIUM_MAX, Matrix

MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 4000
MAX_REASON_LENGTH = 2000
MAX_CATEGORIES = 40


def default_likelihood_labels():
    return list(LIKELIHOOD_LABELS)


def default_impact_labels():
    return list(IMPACT_LABELS)


class Register(SoftDeletable, Versioned, WorkspaceItem):
    """A risk register. Item access says who sees it (and so its risks); whoever may change it
    (item change access) keeps it: adds and edits risks, triages suggestions, imports. The
    matrix (size, labels, band thresholds) and the categories are the managers'."""

    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    description = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    description_html = models.TextField(blank=True, editable=False)
    size = models.PositiveSmallIntegerField("matrix size", default=5)
    likelihood_labels = models.JSONField(default=default_likelihood_labels)
    impact_labels = models.JSONField(default=default_impact_labels)
    low_max = models.PositiveSmallIntegerField("highest low score", default=LOW_MAX)
    medium_max = models.PositiveSmallIntegerField("highest medium score", default=MEDIUM_MAX)
    review_days = models.PositiveSmallIntegerField("review every (days)", default=90)
    next_number = models.PositiveIntegerField(default=1, editable=False)  # ...: read under the row lock

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["workspace", "is_deleted"], name="risk_register_ws_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from workspaces.lib.markdown import render_markdown

        update_fields = kwargs.get("update_fields")
        if update_fields is None or "description" in update_fields:
            self.description_html = render_markdown(self.description)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "description_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("risks:register", kwargs={"workspace": self.workspace.slug, "pk": self.pk})

    def matrix(self):
        return Matrix(size=self.size, likelihood_labels=tuple(self.likelihood_labels),
                      impact_labels=tuple(self.impact_labels), low_max=self.low_max, medium_max=self.medium_max)


class Appetite(models.TextChoices):
    """The Orange Book's appetite scale; each level has a default maximum acceptable score
    (Category.max_score, editable)."""

    AVERSE = "averse", "Averse"
    MINIMAL = "minimal", "Minimal"
    CAUTIOUS = "cautious", "Cautious"
    OPEN = "open", "Open"
    EAGER = "eager", "Eager"


APPETITE_MAX = {Appetite.AVERSE: 4, Appetite.MINIMAL: 6, Appetite.CAUTIOUS: 9, Appetite.OPEN: 15, Appetite.EAGER: 20}
# The Orange Book's example categories of principal risk: a new register starts with these.
DEFAULT_CATEGORIES = [
    ("Strategy", Appetite.OPEN), ("Governance", Appetite.MINIMAL), ("Operations", Appetite.CAUTIOUS),
    ("Legal", Appetite.AVERSE), ("Property", Appetite.CAUTIOUS), ("Financial", Appetite.CAUTIOUS),
    ("Commercial", Appetite.CAUTIOUS), ("People", Appetite.CAUTIOUS), ("Technology", Appetite.OPEN),
    ("Information", Appetite.MINIMAL), ("Security", Appetite.AVERSE), ("Project/Programme", Appetite.OPEN),
    ("Reputational", Appetite.CAUTIOUS),
]


class Category(models.Model):
    """A category of risk with the appetite set for it: a risk whose current score is above
    `max_score` is "outside appetite" (risks.matrix.outside_appetite) everywhere it shows."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=80)
    appetite = models.CharField(max_length=10, choices=Appetite.choices, default=Appetite.CAUTIOUS)
    max_score = models.PositiveSmallIntegerField("highest acceptable score")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["register", "name"], name="risk_category_name")]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"  # suggested by a member, waiting for triage
    OPEN = "open", "Open"
    MITIGATING = "mitigating", "Mitigating"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"  # a suggestion turned down, with a reason
    MERGED = "merged", "Merged"  # a suggestion folded into another risk (merged_into)


LIVE_STATUSES = (Status.OPEN, Status.MITIGATING)  # on the heat map and in "reviews due"
TRIAGED_AWAY = (Status.DECLINED, Status.MERGED)


class Proximity(models.TextChoices):
    """When the risk could happen."""

    IMMINENT = "imminent", "Imminent (within a month)"
    NEAR = "near", "Within 6 months"
    MEDIUM = "medium", "Within a year"
    DISTANT = "distant", "More than a year away"


class Response(models.TextChoices):
    """The Orange Book's four Ts."""

    TOLERATE = "tolerate", "Tolerate"
    TREAT = "treat", "Treat"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


SCORES = ("inherent", "current", "target")  # each: <name>_likelihood, <name>_impact, <name>_score


class Risk(Versioned):
    """One risk of a register, seen by whoever sees the register (risks.policies.RiskPolicy);
    a proposed, declined or merged one only by who suggested it and the register's keepers.
    Never deleted: closed, declined or merged, and its history kept. Every change goes through
    risks.services, which writes a RiskVersion in the same transaction."""

    workspace = models.ForeignKey("workspaces.Workspace", on_delete=models.CASCADE, related_name="+")
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveIntegerField(editable=False)  # "R-12", unique in its register
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    cause = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    event = models.TextField(blank=True, max_length=MAX_TEXT_LENGTH)
    impact = models.TextField("effect", blank=True, max_length=MAX_TEXT_LENGTH)
    trigger = models.CharField(max_length=500, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    owner = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proximity = models.CharField(max_length=10, choices=Proximity.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    current_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    current_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    current_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    target_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    review_by = models.DateField(null=True, blank=True)  # the next review
    reviewed_at = models.DateTimeField(null=True, blank=True)  # the last review
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.TextField(blank=True, max_length=MAX_REASON_LENGTH)  # declined, merged, reopened
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["register", "number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="risk_number_in_register"),
            *[models.CheckConstraint(condition=Q(**{f"{name}_{part}__isnull": True})
                                     | Q(**{f"{name}_{part}__gte": 1, f"{name}_{part}__lte": 6}),
                                     name=f"risk_{name}_{part}_range")
              for name in SCORES for part in ("likelihood", "impact")],
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="risk_merged_names_its_risk"),
        ]
        indexes = [
            models.Index(fields=["register", "status", "-current_score"], name="risk_register_score_idx"),
            models.Index(fields=["workspace", "review_by"], condition=Q(status__in=["open", "mitigating"]),
                         name="risk_review_due_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def reference(self):
        return f"R-{self.number}"

    def save(self, *args, **kwargs):
        for name in SCORES:
            likelihood, impact = getattr(self, f"{name}_likelihood"), getattr(self, f"{name}_impact")
            setattr(self, f"{name}_score", likelihood * impact if likelihood and impact else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *(f"{name}_score" for name in SCORES)}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("risks:risk", kwargs={"workspace": self.workspace.slug, "register": self.register_id,
                                             "number": self.number})

    @property
    def is_live(self):
        return self.status in LIVE_STATUSES

    @property
    def appetite_max(self):
        return self.category.max_score if self.category_id and self.category else None

    @property
    def outside_appetite(self):
        from .matrix import outside_appetite

        return outside_appetite(self.current_score, self.appetite_max)


class ControlType(models.TextChoices):
    PREVENTIVE = "preventive", "Preventive"
    DETECTIVE = "detective", "Detective"
    CORRECTIVE = "corrective", "Corrective"
    DIRECTIVE = "directive", "Directive"


class Control(models.Model):
    """A control in place that the current score relies on."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.CharField(max_length=500)
    kind = models.CharField(max_length=10, choices=ControlType.choices, default=ControlType.PREVENTIVE)
    owner = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.description


class Action(models.Model):
    """A mitigation action, tagged with one of the four Ts; its owner is reminded before it is due."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.TREAT)
    owner = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["due_on"], condition=Q(done_at__isnull=True), name="risk_action_due_idx")]

    def __str__(self):
        return self.description


class Acceptance(models.Model):
    """A formal decision to tolerate a risk: who approved it (a manager), why, and until when.
    Refused without a justification or a review-by date (services.accept). One live acceptance
    per risk (`ended_at` null); an ended one is kept."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="acceptances")
    approver = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    justification = models.TextField(max_length=MAX_REASON_LENGTH)
    review_by = models.DateField()
    accepted_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-accepted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["risk"], condition=Q(ended_at__isnull=True),
                                               name="risk_one_live_acceptance")]
        indexes = [models.Index(fields=["review_by"], condition=Q(ended_at__isnull=True),
                                name="risk_acceptance_review_idx")]

    def __str__(self):
        return f"Acceptance of {self.risk_id} until {self.review_by}"


class VersionKind(models.TextChoices):
    CREATED = "created", "Added"
    PROPOSED = "proposed", "Suggested"
    CHANGED = "changed", "Changed"
    STATUS = "status", "Status changed"
    REVIEWED = "reviewed", "Reviewed"
    ACCEPTED = "accepted", "Accepted (tolerated)"
    TRIAGED = "triaged", "Triaged"
    IMPORTED = "imported", "Imported"


# What a version keeps of its risk: enough to rebuild the register, the heat map and the
# exports "as at" any date, and to say "before → after" for each change.
SNAPSHOT_FIELDS = ("title", "cause", "event", "impact", "trigger", "category_id", "owner_id", "proximity", "status",
                   "response", "inherent_likelihood", "inherent_impact", "current_likelihood", "current_impact",
                   "target_likelihood", "target_impact", "review_by", "merged_into_id")


class RiskVersion(models.Model):
    """The state of a risk after one change (who, when, what kind, a note), never changed once
    written. The timeline compares each with the one before; "as at" a date takes each risk's
    last version at or before it (risks.history)."""

    id = models.BigAutoField(primary_key=True)
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="versions")
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()  # 1, 2, ... per risk
    at = models.DateTimeField()
    by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=VersionKind.choices)
    note = models.TextField(blank=True, max_length=MAX_REASON_LENGTH)
    state = models.JSONField()  # SNAPSHOT_FIELDS -> value (dates as ISO text), plus "category", "owner" names

    class Meta:
        ordering = ["risk", "number"]
        constraints = [models.UniqueConstraint(fields=["risk", "number"], name="risk_version_number")]
        indexes = [models.Index(fields=["register", "at"], name="risk_version_asat_idx")]

    def __str__(self):
        return f"{self.risk_id} v{self.number}"
