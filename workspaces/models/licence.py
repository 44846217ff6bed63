"""Per-user licences: an organisation's seat pools, the people holding a seat, and its admins.

A seat is taken by an unreleased Licence. `LicencePool.seats_used` counts them (kept in the same
transaction as every assignment and release) and the database refuses `seats_used > seats`, so
no race can put more licences in use than a pool has seats. See workspaces.licences.services.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class OrganisationMembership(models.Model):
    """Someone who belongs to an organisation; `is_admin` makes them an organisation admin, who
    manages its licences without being Django staff. Site admins appoint them."""

    organisation = models.ForeignKey("workspaces.Organisation", on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="organisation_memberships")
    is_admin = models.BooleanField("organisation admin", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_organisation_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation}{' (admin)' if self.is_admin else ''}"


class LicencePool(models.Model):
    """A number of seats an organisation may give to people, valid from one date to another."""

    organisation = models.ForeignKey(
        "workspaces.Organisation", on_delete=models.PROTECT, related_name="licence_pools"
    )
    label = models.CharField(max_length=200, help_text="For example “e-Conveyancing stakeholders 2027”.")
    seats = models.PositiveIntegerField()
    seats_used = models.PositiveIntegerField(default=0, editable=False)
    valid_from = models.DateField()
    valid_until = models.DateField(help_text="The last day on which its licences give access.")
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-valid_until", "label", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_used__lte=F("seats")), name="pool_seats_used_within_seats",
                violation_error_message="A pool cannot have fewer seats than are in use. Release people first.",
            ),
            models.CheckConstraint(condition=Q(seats_used__gte=0), name="pool_seats_used_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="pool_ends_after_it_starts",
                violation_error_message="A pool must end on or after the day it starts.",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def seats_free(self):
        return max(self.seats - self.seats_used, 0)

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.valid_from <= today <= self.valid_until


class Licence(models.Model):
    """One seat of a pool held by one person in the pool's organisation.

    Assigned to an email address; `user` is set at once when that address has an account, or
    when its owner first signs in or accepts an invitation (until then the seat is reserved for
    them). At most one unreleased licence per person (or pending address) per organisation, so
    assigning twice changes nothing. Released licences stay as history.
    """

    # The pool and user foreign keys are indexed by the composite indexes below.
    pool = models.ForeignKey(LicencePool, on_delete=models.PROTECT, related_name="licences", db_index=False)
    organisation = models.ForeignKey("workspaces.Organisation", on_delete=models.PROTECT, related_name="licences")
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="licences", db_index=False
    )
    email = models.EmailField(max_length=254, help_text="The address it was assigned to.")
    name = models.CharField(max_length=150, blank=True, help_text="The name given when it was assigned.")
    assigned_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(released_at__isnull=True, user__isnull=False),
                name="one_active_licence_per_person",
            ),
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(released_at__isnull=True, user__isnull=True),
                name="one_pending_licence_per_address",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-assigned_at", "-id"], name="licence_org_recent_idx",
                         condition=Q(released_at__isnull=True)),
            models.Index(fields=["pool", "released_at"], name="licence_pool_idx"),
            models.Index(fields=["user", "organisation"], name="licence_user_org_idx"),
            models.Index(fields=["email"], name="licence_pending_email_idx", condition=Q(user__isnull=True)),
        ]

    def __str__(self):
        return f"{self.email} in {self.pool_id}"

    @property
    def is_active(self):
        return self.released_at is None
