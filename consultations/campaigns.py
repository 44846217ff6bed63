"""Campaigns: responses with the same or nearly the same text, found by a background run
(GroupingRun, tasks.group_campaigns) and kept or undone by analysts.

    text = response_text(response)          # what the grouping compares
    run = tasks.find_campaigns(actor=user, consultation=consultation)   # one at a time, in the background
    group(consultation, run)                # the job itself (the task calls it)
    confirm(actor=..., campaign=...), split_out(actor=..., campaign=..., response=...),
    ungroup(actor=..., campaign=...)

The text of a response is its comments' bodies and suggested wordings in document order, then
its free-text answers in question order. Its exact key (Response.text_hash) is the sha256 of
the normalised text; near-duplicates are found with workspaces.lib.similarity (shingles,
bottom-k MinHash buckets, checked by Jaccard similarity), never by comparing every pair.

A re-run keeps analysts' decisions: a confirmed campaign keeps its responses (new responses of
the same text join it); a response split out of a campaign, or whose campaign was ungrouped
(Response.campaign_excluded), stays individual. Unconfirmed campaigns are found afresh.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Min, Sum
from django.utils import timezone

from workspaces.kit.services import audit, locked_row
from workspaces.lib import similarity

from .models import Answer, Campaign, Comment, GroupingRun, Response, ResponseStatus

BATCH = 1000  # responses read (and progress saved) at a time
WRITE_BATCH = 1000  # responses assigned per UPDATE
STALE_AFTER = timedelta(hours=2)  # a run not finished by then is taken for lost (its worker died)
ALREADY_RUNNING = "Campaigns are already being found for this consultation. Wait for that run to finish."
NOT_A_MEMBER = "That response is not in this campaign."
ACTIVE = (GroupingRun.State.QUEUED, GroupingRun.State.RUNNING)


def normalised(text):
    """NFKC, casefolded, punctuation and whitespace collapsed (workspaces.lib.similarity)."""
    return similarity.normalised(text)


def _comment_rows(response_ids):
    return (Comment.objects.filter(response_id__in=response_ids)
            .order_by("response_id", "section__position", F("paragraph__number").asc(nulls_first=True), "kind", "id")
            .values_list("response_id", "body", "suggested_text"))


def _answer_rows(response_ids):
    return (Answer.objects.filter(response_id__in=response_ids).exclude(text="")
            .order_by("response_id", "question__position", "question_id", "id")
            .values_list("response_id", "text"))


def texts_of(response_ids):
    """{response id: its text} for many responses, in two queries."""
    parts = {pk: [] for pk in response_ids}
    for response_id, body, suggested in _comment_rows(response_ids):
        parts[response_id] += [text for text in (body, suggested) if text]
    for response_id, text in _answer_rows(response_ids):
        parts[response_id].append(text)
    return {pk: "\n\n".join(chunks) for pk, chunks in parts.items()}


def response_text(response):
    """The text the hash and the similarity are computed on (see the module docstring)."""
    return texts_of([response.pk])[response.pk]


# --- The run ------------------------------------------------------------------------------------


def active_run(consultation, now=None):
    """The run waiting or running for the consultation, if any (a lost one does not count)."""
    since = (now or timezone.now()) - STALE_AFTER
    return (GroupingRun.objects.filter(consultation=consultation, state__in=ACTIVE, created_at__gte=since)
            .order_by("-created_at", "-id").first())


def latest_run(consultation):
    return GroupingRun.objects.filter(consultation=consultation).order_by("-created_at", "-id").first()


@transaction.atomic
def start_grouping(*, actor, consultation):
    """Queue a run (refused while one is under way). tasks.find_campaigns calls this and starts
    the task once it has committed."""
    current = locked_row(consultation, "workspace")
    if active_run(current) is not None:
        raise ValidationError(ALREADY_RUNNING)
    GroupingRun.objects.filter(consultation=current, state__in=ACTIVE).update(
        state=GroupingRun.State.FAILED, error="Stopped without finishing.", finished_at=timezone.now())
    run = GroupingRun.objects.create(consultation=current, requested_by=actor)
    audit(actor=actor, action="consultation.campaigns_grouping_started", workspace=current.workspace,
          target=current, after={"run": run.pk})
    return run


def run_grouping(run_id):
    """The task's body: run `group` for a queued run, recording how it ended."""
    run = GroupingRun.objects.select_related("consultation").filter(pk=run_id, state=GroupingRun.State.QUEUED).first()
    if run is None:
        return None
    GroupingRun.objects.filter(pk=run.pk).update(state=GroupingRun.State.RUNNING, started_at=timezone.now())
    try:
        found = group(run.consultation, run)
    except Exception as error:
        GroupingRun.objects.filter(pk=run.pk).update(state=GroupingRun.State.FAILED, finished_at=timezone.now(),
                                                     error=str(error)[:300] or type(error).__name__)
        raise
    GroupingRun.objects.filter(pk=run.pk).update(state=GroupingRun.State.DONE, finished_at=timezone.now(),
                                                 campaigns_found=found)
    return found


def _save_hashes(pairs):
    """Set text_hash for many responses in one UPDATE per WRITE_BATCH: (id, hash) pairs joined
    as a VALUES list (bulk_update's CASE of a thousand branches, and its model instances, cost
    ten times as much)."""
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), WRITE_BATCH):
            batch = pairs[start:start + WRITE_BATCH]
            values = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(f"UPDATE {table} SET text_hash = v.column2 FROM (VALUES {values}) AS v "  # noqa: S608
                           f"WHERE {table}.id = v.column1", [value for pair in batch for value in pair])


def _read(consultation, run, finder, facts, by_digest):
    """Read every submitted response a batch at a time: hash its text, feed the finder, note
    what the grouping needs (facts[id] = (submitted_at, id, signatures, campaign, excluded))."""
    base = (Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED).order_by("id")
            .values_list("id", "submitted_at", "signature_count", "campaign_id", "campaign_excluded", "text_hash"))
    total = base.count()
    if run is not None:
        GroupingRun.objects.filter(pk=run.pk).update(total=total, done=0)
    done, after = 0, 0
    while True:
        rows = list(base.filter(id__gt=after)[:BATCH])
        if not rows:
            break
        texts = texts_of([row[0] for row in rows])
        changed = []
        for pk, submitted_at, signatures, campaign_id, excluded, old_hash in rows:
            norm = similarity.normalised(texts[pk])
            digest = similarity.exact_key(norm) if norm else ""
            if digest != old_hash:
                changed.append((pk, digest))
            facts[pk] = (submitted_at or timezone.now(), pk, signatures, campaign_id, excluded)
            if excluded or not digest:
                continue
            if digest not in by_digest:
                by_digest[digest] = []
                finder.add(digest, norm)
            by_digest[digest].append(pk)
        if changed:
            _save_hashes(changed)
        done += len(rows)
        after = rows[-1][0]
        if run is not None:
            GroupingRun.objects.filter(pk=run.pk).update(done=done)
    return total


def group(consultation, run=None):
    """Group the consultation's submitted responses into campaigns (see the module docstring).
    Returns how many campaigns it has now."""
    finder = similarity.NearDuplicates()
    facts, by_digest = {}, {}
    _read(consultation, run, finder, facts, by_digest)
    clusters, near = [], set()
    for digests in finder.groups():
        near.update(digests)
        clusters.append(([pk for digest in digests for pk in by_digest[digest]], False))
    clusters += [(ids, True) for digest, ids in by_digest.items() if digest not in near and len(ids) > 1]
    with transaction.atomic():
        locked_row(consultation)
        confirmed = set(Campaign.objects.filter(consultation=consultation, confirmed=True).values_list("pk", flat=True))
        # Decisions taken while the run read: excluded now, or moved into a confirmed campaign.
        now_excluded = set(Response.objects.filter(consultation=consultation, campaign_excluded=True)
                           .values_list("pk", flat=True))
        in_confirmed = dict(Response.objects.filter(consultation=consultation, campaign__in=confirmed)
                            .values_list("pk", "campaign_id"))
        Response.objects.filter(consultation=consultation, campaign__isnull=False, campaign__confirmed=False).update(
            campaign=None)
        Campaign.objects.filter(consultation=consultation, confirmed=False).delete()
        touched = set()
        for ids, exact in clusters:
            ids = [pk for pk in ids if pk not in now_excluded]
            joined = sorted({in_confirmed[pk] for pk in ids if pk in in_confirmed})
            free = sorted((pk for pk in ids if pk not in in_confirmed), key=lambda pk: facts[pk][:2])
            if joined:
                target = joined[0]
                touched.add(target)
            elif len(free) >= 2:
                target = Campaign.objects.create(
                    consultation=consultation, representative_id=free[0], size=len(free),
                    signatures=sum(facts[pk][2] for pk in free), exact=exact).pk
            else:
                continue
            for start in range(0, len(free), WRITE_BATCH):
                Response.objects.filter(pk__in=free[start:start + WRITE_BATCH]).update(campaign_id=target)
        for campaign in Campaign.objects.filter(pk__in=touched):
            refresh(campaign)
        return Campaign.objects.filter(consultation=consultation, size__gte=2).count()


def refresh(campaign):
    """Set a campaign's size, signatures, representative (its earliest response) and exactness
    from its responses (three queries)."""
    members = Response.objects.filter(campaign=campaign)
    row = members.aggregate(size=Count("pk"), signatures=Sum("signature_count"),
                            hashes=Count("text_hash", distinct=True), first=Min("submitted_at"))
    earliest = members.order_by(F("submitted_at").asc(nulls_last=True), "id").values_list("pk", flat=True).first()
    Campaign.objects.filter(pk=campaign.pk).update(size=row["size"], signatures=row["signatures"] or 0,
                                                   exact=row["hashes"] <= 1, representative_id=earliest)
    campaign.refresh_from_db()
    return campaign


# --- Analysts' decisions ------------------------------------------------------------------------------


def _locked_campaign(campaign):
    locked_row(campaign.consultation)
    return Campaign.objects.select_related("consultation__workspace").get(pk=campaign.pk)


@transaction.atomic
def confirm(*, actor, campaign):
    """An analyst agrees these responses are one campaign: a re-run keeps it."""
    current = _locked_campaign(campaign)
    Campaign.objects.filter(pk=current.pk).update(confirmed=True, confirmed_by=actor)
    audit(actor=actor, action="consultation.campaign_confirmed", workspace=current.consultation.workspace,
          target=current.consultation, after={"campaign": current.pk, "size": current.size})
    current.refresh_from_db()
    return current


@transaction.atomic
def split_out(*, actor, campaign, response):
    """Take one response out of a campaign; it stays individual on a re-run. A campaign left
    with one response is no campaign: it is removed."""
    current = _locked_campaign(campaign)
    if not Response.objects.filter(pk=response.pk, campaign=current).exists():
        raise ValidationError(NOT_A_MEMBER)
    Response.objects.filter(pk=response.pk).update(campaign=None, campaign_excluded=True)
    refresh(current)
    audit(actor=actor, action="consultation.campaign_response_split", workspace=current.consultation.workspace,
          target=current.consultation, after={"campaign": current.pk, "response": response.public_id})
    if current.size < 2:
        Response.objects.filter(campaign=current).update(campaign=None)
        current.delete()
        return None
    return current


@transaction.atomic
def ungroup(*, actor, campaign):
    """Undo a campaign: its responses are individual again, and stay so on a re-run."""
    current = _locked_campaign(campaign)
    size = Response.objects.filter(campaign=current).update(campaign=None, campaign_excluded=True)
    audit(actor=actor, action="consultation.campaign_ungrouped", workspace=current.consultation.workspace,
          target=current.consultation, after={"campaign": current.pk, "size": size})
    current.delete()
    return size


def campaigns_of(consultation):
    """The consultation's campaigns (two or more responses), biggest first, with their
    representative's public id."""
    return (Campaign.objects.filter(consultation=consultation, size__gte=2)
            .select_related("representative").order_by("-size", "id"))


__all__ = ["active_run", "campaigns_of", "confirm", "group", "latest_run", "normalised", "refresh",
           "response_text", "split_out", "start_grouping", "texts_of", "ungroup"]
