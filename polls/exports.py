"""The vote times of a poll, for spotting a burst of votes: one row per vote (participation),
in the order they came; what anyone chose is never in it (an anonymous poll's choices are in
rows that name nobody; a named poll's are shown on its "Who chose what" page)."""

from .models import Participation

HEADER = ("Voted at (UTC)", "Verified member", "Network (first 8 characters of its key)")
ADDRESS_PREFIX = 8


def vote_times(poll):
    yield HEADER
    rows = (Participation.objects.filter(poll=poll).order_by("created_at", "id")
            .values_list("created_at", "unverified", "address_key").iterator(chunk_size=2000))
    for created_at, unverified, address_key in rows:
        yield created_at, not unverified, address_key[:ADDRESS_PREFIX]
