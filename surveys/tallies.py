"""Maintained result counters (surveys.models.results.Tally explains the keys).

    count_in(response)    when a response is submitted (inside the submit's transaction)
    count_out(response)   before a submitted response is changed or removed (then count_in again)
    rebuild(survey)       recount everything from the answers, in SQL (the demo, the scale seed)

Each is idempotent for one response: a CountedResponse row says it is counted, inserted with
ON CONFLICT DO NOTHING (count_in) or deleted (count_out) first, so a double submit racing
itself counts once: the second transaction waits on the first's row and then finds it there.
The counters move by upserts that add (INSERT ... ON CONFLICT DO UPDATE SET count = count +
excluded.count: the same SQL on SQLite and PostgreSQL), never read-modify-write, so no update is
lost; the keys are written in one sorted order, so two submits lock tally rows in the same
order and cannot deadlock."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Sum

from workspaces.kit.questions.results import value_key

from .models import Answer, CountedResponse, Response, ResponseStatus, Tally
from .models.results import ANSWERED

_KEY = ("survey_id", "version_id", "code", "row", "choice")


def response_deltas(response, answers):
    """{(code, row, choice): [count, number_count, number_sum]} that one response adds."""
    deltas = defaultdict(lambda: [0, 0, Decimal(0)])
    deltas[("", "", "")][0] = 1
    if response.source:
        deltas[("", response.source, "")][0] = 1
    answered = set()
    for answer in answers:
        answered.add((answer.code, ""))
        answered.add((answer.code, answer.row))
        if answer.choice:
            deltas[(answer.code, answer.row, answer.choice)][0] += 1
        elif answer.number is not None and not answer.row:  # a number question: its distribution
            deltas[(answer.code, "", value_key(answer.number))][0] += 1
        if answer.number is not None:
            numbers = deltas[(answer.code, answer.row, ANSWERED)]
            numbers[1] += 1
            numbers[2] += answer.number
    for code, row in answered:
        deltas[(code, row, ANSWERED)][0] = 1
    return deltas


def _upsert(survey_id, version_id, deltas, sign):
    if not deltas:
        return
    table = connection.ops.quote_name(Tally._meta.db_table)
    q = connection.ops.quote_name
    columns = [*_KEY, "count", "number_count", "number_sum"]
    rows = sorted(deltas.items())  # one lock order for every writer
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params = []
    for (code, row, choice), (count, number_count, number_sum) in rows:
        params += [survey_id, version_id, code, row, choice, sign * count, sign * number_count,
                   sign * number_sum]
    added = ", ".join(f"{q(name)} = {table}.{q(name)} + excluded.{q(name)}"
                      for name in ("count", "number_count", "number_sum"))
    sql = (f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) VALUES {values} "
           f"ON CONFLICT ({', '.join(q(c) for c in _KEY)}) DO UPDATE SET {added}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _mark(response):
    table = connection.ops.quote_name(CountedResponse._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (response_id, survey_id) VALUES (%s, %s) "
                       "ON CONFLICT (response_id) DO NOTHING", [response.pk, response.survey_id])
        return cursor.rowcount == 1


def _answers(response):
    return Answer.objects.filter(response=response).only("code", "row", "choice", "number")


@transaction.atomic
def count_in(response):
    """Add a submitted response's answers to the counters (once, however often it is called)."""
    if not _mark(response):
        return False
    _upsert(response.survey_id, response.version_id, response_deltas(response, _answers(response)), +1)
    return True


@transaction.atomic
def count_out(response):
    """Take a counted response's answers (as stored now) out of the counters; call it before
    the answers change or go."""
    removed, _ = CountedResponse.objects.filter(response_id=response.pk).delete()
    if not removed:
        return False
    _upsert(response.survey_id, response.version_id, response_deltas(response, _answers(response)), -1)
    return True


def _aggregated(answers, *keys, answered=False):
    """Tally rows aggregated in SQL, per version and `keys`."""
    if answered:
        aggregates = {"n": Count("response", distinct=True), "nc": Count("number"), "ns": Sum("number")}
    else:
        aggregates = {"n": Count("id")}
    return answers.values("response__version", *keys).annotate(**aggregates).order_by()


@transaction.atomic
def rebuild(survey):
    """Recount the survey's counters from its submitted responses' answers (SQL aggregates; the
    rows written are the aggregates, not the answers). For data loaded in bulk (the demo, the
    scale seed) or a repair: a submit counted while it runs may be missed, so run it while the
    survey is not collecting, or run it again."""
    Tally.objects.filter(survey=survey).delete()
    CountedResponse.objects.filter(survey=survey).delete()
    submitted = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    answers = Answer.objects.filter(survey=survey, response__status=ResponseStatus.SUBMITTED)
    tallies = defaultdict(lambda: [0, 0, Decimal(0)])

    def add(version, code, row, choice, n, nc=0, ns=None):
        tally = tallies[(version, code, row, choice)]
        tally[0] += n
        tally[1] += nc
        tally[2] += ns or 0

    for row in submitted.values("version", "source").annotate(n=Count("id")).order_by():
        add(row["version"], "", "", "", row["n"])
        if row["source"]:
            add(row["version"], "", row["source"], "", row["n"])
    for row in _aggregated(answers.exclude(choice=""), "code", "row", "choice"):
        add(row["response__version"], row["code"], row["row"], row["choice"], row["n"])
    numbers = answers.filter(row="", choice="", number__isnull=False)
    for row in _aggregated(numbers, "code", "number"):
        add(row["response__version"], row["code"], "", value_key(row["number"]), row["n"])
    # Answered: per question (with its numbers stored without a row), and per row.
    for row in _aggregated(answers.filter(row=""), "code", answered=True):
        add(row["response__version"], row["code"], "", ANSWERED, row["n"], row["nc"], row["ns"])
    rowed = answers.exclude(row="")
    for row in _aggregated(rowed, "code", answered=True):  # a matrix or ranking: any row answered
        add(row["response__version"], row["code"], "", ANSWERED, row["n"])
    for row in _aggregated(rowed, "code", "row", answered=True):
        add(row["response__version"], row["code"], row["row"], ANSWERED, row["n"], row["nc"], row["ns"])
    Tally.objects.bulk_create(
        [Tally(survey=survey, version_id=version, code=code, row=row, choice=choice, count=n, number_count=nc,
               number_sum=ns) for (version, code, row, choice), (n, nc, ns) in tallies.items()],
        batch_size=500)
    marks = connection.ops.quote_name(CountedResponse._meta.db_table)
    responses = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {marks} (response_id, survey_id) SELECT id, survey_id FROM {responses} "
                       "WHERE survey_id = %s AND status = %s ON CONFLICT (response_id) DO NOTHING",
                       [survey.pk, ResponseStatus.SUBMITTED])
