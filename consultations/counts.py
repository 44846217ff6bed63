"""The totals every page, export and published page states the same way: "6 responses,
including 5 in 1 campaign" (ACUS, GAO-19-483: say how many were campaign responses)."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import Response, ResponseStatus


@dataclass(frozen=True)
class Totals:
    responses: int  # submitted responses (each organiser's campaign response counts once)
    in_campaigns: int  # of them, those in a campaign
    campaigns: int  # how many campaigns (groups of two or more)
    signatures: int  # responses plus the extra signatures organisers declared

    @property
    def phrase(self):
        said = f"{self.responses:,} response{'' if self.responses == 1 else 's'}"
        if self.campaigns:
            said += (f", including {self.in_campaigns:,} in {self.campaigns:,} "
                     f"campaign{'' if self.campaigns == 1 else 's'}")
        if self.signatures > self.responses:
            said += f" ({self.signatures:,} signatures in all)"
        return said

    def __str__(self):
        return self.phrase


def totals(consultation):
    """One query: the consultation's submitted responses, how many are in campaigns and in how
    many campaigns (a campaign counts once it holds two or more submitted responses)."""
    row = Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED).aggregate(
        responses=Count("pk"),
        in_campaigns=Count("pk", filter=Q(campaign__isnull=False, campaign__size__gte=2)),
        campaigns=Count("campaign", distinct=True, filter=Q(campaign__size__gte=2)),
        signatures=Sum("signature_count"),
    )
    return Totals(row["responses"], row["in_campaigns"], row["campaigns"], row["signatures"] or 0)
