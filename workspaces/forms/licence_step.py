"""The licence step of inviting someone into a workspace of an organisation that requires
licences: inviting and licensing are one journey.

Before an invitation goes to someone who holds no current licence there (no account and no
seat kept for the address, or an account without a seat), the inviter is told so and the form
comes back once, with the addresses named; sending it again sends it. An inviter who is also a
licence admin of the organisation may tick "Assign a licence seat now" in the same step: the
seat is taken through the licence services (reserved for an address without an account, which
claims it on accepting), so the invitee can join as soon as they accept.
"""

import hashlib
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from ..lib.forms import SpecificErrorsMixin
from ..licences import PoolChoiceField, addresses_without_licence, is_licence_admin, open_pools, organisation_admins

LISTED = 20  # addresses named in the warning; the rest are counted


@dataclass
class LicenceGap:
    """The addresses about to be invited that hold no licence in the workspace's organisation."""

    organisation: object
    missing: list
    can_assign: bool
    admins: list

    @property
    def key(self):
        """Names the warned-about addresses: the step counts as seen only for the same ones."""
        return hashlib.sha256("\n".join(sorted(self.missing)).encode()).hexdigest()[:24]

    @property
    def listed(self):
        return self.missing[:LISTED]

    @property
    def unlisted(self):
        return max(len(self.missing) - LISTED, 0)


def licence_gap(actor, workspace, emails):
    """The LicenceGap for inviting these addresses into the workspace, or None when nobody lacks one."""
    organisation = workspace.organisation
    if not organisation.licensing_enabled:
        return None
    missing = addresses_without_licence(organisation, emails)
    if not missing:
        return None
    return LicenceGap(organisation=organisation, missing=missing, can_assign=is_licence_admin(actor, organisation),
                      admins=list(organisation_admins(organisation)[:3]))


class LicenceStepForm(SpecificErrorsMixin, forms.Form):
    """The step's choices (for licence admins): assign seats now, and from which pool."""

    SEEN = "licence-seen"

    assign_seat = forms.BooleanField(label="Assign a licence seat now", required=False)
    pool = PoolChoiceField(label="From the pool", queryset=None, empty_label=None)

    def __init__(self, data=None, *, gap, **kwargs):
        super().__init__(data, prefix="licence", **kwargs)
        self.gap = gap
        pools = open_pools(gap.organisation) if gap.can_assign else None
        self.no_pools = pools is not None and not pools.exists()
        if pools is None or self.no_pools:
            self.fields.clear()
            return
        self.fields["pool"].queryset = pools
        # Asked for only with the box ticked (and shown without "optional", as the seat needs one).
        self.fields["pool"].required = not self.is_bound or bool(self.data.get(self.add_prefix("assign_seat")))
        if len(gap.missing) > 1:
            self.fields["assign_seat"].label = f"Assign each of them a licence seat now ({len(gap.missing)} seats)"
        self.fields["assign_seat"].help_text = (
            "Someone without an account yet gets the seat when they sign up with the invited address.")

    def seen(self):
        """Whether the inviter has already been shown this warning for these same addresses."""
        return self.is_bound and self.data.get(self.SEEN) == self.gap.key

    def clean(self):
        data = super().clean()
        if not data.get("assign_seat"):
            return data
        pool = data.get("pool")
        if pool is None:
            raise ValidationError({"pool": "Choose the pool the seats come from."})
        needed = len(self.gap.missing)
        if pool.seats_free < needed:
            raise ValidationError({"pool": (
                f"The pool “{pool.label}” has {pool.seats_free} free seat{'s' if pool.seats_free != 1 else ''}, "
                f"and {needed} {'are' if needed != 1 else 'is'} needed. Choose another pool, or enlarge this one.")})
        return data

    @property
    def assigning(self):
        return bool(self.fields and self.cleaned_data.get("assign_seat"))
