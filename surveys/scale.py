"""The surveys' part of the reference data (`manage.py seed_scale`, workspaces.scale): one survey
in the flagship with 20 questions of every kind and `survey_responses` responses (4M answers at
size L), v2 published half-way (one question added), about a tenth of them partial. Rows go in
by COPY on PostgreSQL (ctx.insert_rows), then the result tallies are rebuilt and the counters set."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from workspaces.kit.models import Access

from . import services, tallies
from .models import Answer, Option, Page, Participation, Question, Response, Survey

TITLE = "Travel to work survey"
TEXTS = ["More cycle lanes, please.", "The buses are late every morning.", "Parking is too expensive.",
         "<script>alert('x')</script> safer junctions", "=1+1 is not an answer", "Lighting on the canal path.",
         "I walk; the pavements are broken.", "Showers at work would help a lot."]
SCALE = ["Very poor", "Poor", "Fair", "Good", "Very good"]
# (code, kind, text, options, rows); page breaks after Q5, Q10 and Q15. Q20 is added in v2.
QUESTIONS = [
    ("Q1", "single", "Do you cycle to work?", ["Yes", "No"], []),
    ("Q2", "number", "How many miles is your journey?", [], []),
    ("Q3", "scale", "How safe do you feel on the roads?", SCALE, []),
    ("Q4", "multiple", "Which would help?", ["Cycle lanes", "Parking", "Showers", "Lockers"], []),
    ("Q5", "matrix", "Rate each", SCALE[:3], ["Lighting", "Surfaces", "Signs"]),
    ("Q6", "long_text", "Anything else?", [], []),
    ("Q7", "dropdown", "Which region?", ["North", "South", "East", "West", "Wales", "Scotland"], []),
    ("Q8", "ranking", "Rank these", ["Cost", "Time", "Safety"], []),
    ("Q9", "date", "When did you start this job?", [], []),
    ("Q10", "short_text", "Your job title", [], []),
    ("Q11", "single", "Do you drive?", ["Yes", "No"], []),
    ("Q12", "scale", "How is the bus service?", SCALE, []),
    ("Q13", "number", "Minutes door to door", [], []),
    ("Q14", "multiple", "Which days do you travel?", ["Mon", "Tue", "Wed", "Thu", "Fri"], []),
    ("Q15", "email", "An address for a follow-up (optional)", [], []),
    ("Q16", "single", "Would you car-share?", ["Yes", "No", "Maybe"], []),
    ("Q17", "scale", "How happy are you with your commute?", SCALE, []),
    ("Q18", "dropdown", "How old are you?", ["Under 25", "25-44", "45-64", "65 or over"], []),
    ("Q19", "long_text", "What one change would help most?", [], []),
]
ADDED_IN_V2 = ("Q20", "single", "Do you work from home some days?", ["Yes", "No"], [])
ANSWER_FIELDS = ["response_id", "survey_id", "question_id", "code", "row", "choice", "text", "number", "date"]
RESPONSE_FIELDS = ["survey_id", "version_id", "status", "respondent_id", "channel", "entered_by_id", "source",
                   "started_at", "updated_at", "submitted_at", "last_page", "resume_hash", "revision", "client_key"]
SOURCES = ["", "", "newsletter", "email", "intranet"]
FIRST_DAY = date(2018, 1, 1)


def seed_scale(ctx):
    total = getattr(ctx.size, "survey_responses", 0)
    if total:
        seed_survey(ctx, total)


def _add_questions(version, specs, start_page=0):
    pages = {}
    for n, (code, kind, text, options, rows) in enumerate(specs):
        index = start_page + n // 5
        if index not in pages:
            pages[index] = Page.objects.filter(version=version, position=index).first() or \
                Page.objects.create(version=version, position=index, title=f"Part {index + 1}")
        question = Question.objects.create(version=version, page=pages[index], position=n % 5, code=code, kind=kind,
                                           text=text, allow_other=code == "Q4")
        if code == "Q2":
            question.show_if_code, question.show_if_operator, question.show_if_value = "Q1", "is", "o1"
            question.save()
        role = Option.Role.COLUMN if kind == "matrix" else Option.Role.OPTION
        prefix = "c" if kind == "matrix" else "o"
        Option.objects.bulk_create(
            [Option(question=question, code=f"{prefix}{i}", label=label, role=role, position=i,
                    value=i if kind in ("scale", "matrix") else None) for i, label in enumerate(options, 1)]
            + [Option(question=question, code=f"r{i}", label=label, role=Option.Role.ROW, position=i)
               for i, label in enumerate(rows, 1)])


def seed_survey(ctx, total):
    rng, workspace = ctx.rng, ctx.workspace
    author = ctx.demo.get("manager@example.org") or \
        Survey._meta.get_field("created_by").related_model.objects.get(pk=ctx.staff_ids[0])
    people = ctx.stakeholder_ids
    survey = services.survey_create(actor=author, workspace=workspace, title=TITLE,
                                    description="How people get to work, and what would help.",
                                    view_access=Access.MEMBERS, allow_multiple=total > len(people))
    _add_questions(survey.draft_version, QUESTIONS)
    v1 = services.publish(actor=author, survey=survey)
    survey.refresh_from_db()
    _add_questions(survey.draft_version, [ADDED_IN_V2], start_page=4)
    v2 = services.publish(actor=author, survey=survey)
    questions = {version.pk: list(Question.objects.filter(version=version).prefetch_related("options"))
                 for version in (v1, v2)}

    half = total // 2
    started = ctx.now - timedelta(days=60)
    step = timedelta(days=59) / max(total, 1)
    statuses = ["submitted" if rng.random() < 0.9 else "in_progress" for _ in range(total)]

    def response_rows():
        for n in range(total):
            at = started + step * n
            done = statuses[n] == "submitted"
            who = people[n % len(people)] if people else None
            yield (survey.pk, (v1 if n < half else v2).pk, statuses[n], who, "web", None, rng.choice(SOURCES), at,
                   at + timedelta(minutes=6), at + timedelta(minutes=6) if done else None, 4 if done else 1, "", 1, "")

    ctx.insert_rows(Response, RESPONSE_FIELDS, response_rows())
    ids = list(Response.objects.filter(survey=survey).order_by("id").values_list("id", "version_id", "status"))
    ctx.insert_rows(Answer, ANSWER_FIELDS, _answer_rows(rng, survey.pk, ids, questions))
    if people:
        seen = set()
        rows = []
        for n, (_, _, status) in enumerate(ids):
            who = people[n % len(people)]
            if who in seen:
                continue
            seen.add(who)
            at = started + step * n
            rows.append((survey.pk, who, at, at if status == "submitted" else None, 4 if status == "submitted" else 1,
                         0, "", None, None))
        ctx.insert_rows(Participation, ["survey_id", "user_id", "started_at", "completed_at", "last_page",
                                        "reminders_sent", "invitation_hash", "invited_at", "last_reminded_at"], rows)
    submitted = sum(1 for _, _, status in ids if status == "submitted")
    Survey.objects.filter(pk=survey.pk).update(submitted_count=submitted, in_progress_count=len(ids) - submitted)
    tallies.rebuild(Survey.objects.get(pk=survey.pk))
    ctx.add_activity("surveys.survey_opened", survey, count=1)
    return survey


def _answer_rows(rng, survey_id, ids, questions):
    """Every answer of every response, per the storage contract; partial responses stop part-way."""
    random, choice, randrange = rng.random, rng.choice, rng.randrange
    for response_id, version_id, status in ids:
        asked = questions[version_id]
        stop = len(asked) if status == "submitted" else randrange(1, 8)
        cycles = False
        for question in asked[:stop]:
            kind, code, qid = question.kind, question.code, question.pk
            options = [o for o in question.options.all() if o.role != Option.Role.ROW]
            if code == "Q1":
                picked = choice(options)
                cycles = picked.code == "o1"
                yield (response_id, survey_id, qid, code, "", picked.code, "", None, None)
            elif code == "Q2":
                if cycles:
                    yield (response_id, survey_id, qid, code, "", "", "", Decimal(randrange(1, 30)), None)
            elif kind in ("single", "dropdown"):
                yield (response_id, survey_id, qid, code, "", choice(options).code, "", None, None)
            elif kind == "scale":
                picked = choice(options)
                yield (response_id, survey_id, qid, code, "", picked.code, "", Decimal(picked.value), None)
            elif kind == "multiple":
                for option in options:
                    if random() < 0.4:
                        yield (response_id, survey_id, qid, code, "", option.code, "", None, None)
                if question.allow_other and random() < 0.05:
                    yield (response_id, survey_id, qid, code, "", "other", "A bus pass", None, None)
            elif kind == "matrix":
                for row in (o for o in question.options.all() if o.role == Option.Role.ROW):
                    picked = choice(options)
                    yield (response_id, survey_id, qid, code, row.code, picked.code, "", Decimal(picked.value), None)
            elif kind == "ranking":
                ranks = list(range(1, len(options) + 1))
                rng.shuffle(ranks)
                for option, rank in zip(options, ranks, strict=True):
                    yield (response_id, survey_id, qid, code, option.code, "", "", Decimal(rank), None)
            elif kind == "number":
                yield (response_id, survey_id, qid, code, "", "", "", Decimal(randrange(5, 120)), None)
            elif kind == "date":
                yield (response_id, survey_id, qid, code, "", "", "", None, FIRST_DAY + timedelta(days=randrange(3000)))
            elif kind == "email":
                if random() < 0.3:
                    yield (response_id, survey_id, qid, code, "", "", f"person{response_id}@scale.example.org",
                           None, None)
            elif random() < 0.6:  # text: most answer
                yield (response_id, survey_id, qid, code, "", "", choice(TEXTS), None, None)


def bench_pages(workspace):
    """The survey's pages for bench/load.py: its page, the results, the responses, a text
    question's answers and its tagging page."""
    survey = Survey.objects.filter(workspace=workspace, title=TITLE, is_deleted=False).order_by("pk").first()
    if survey is None:
        return []
    ws = workspace.slug
    wanted = [("survey page", "surveys:survey", {}), ("survey results", "surveys:results", {}),
              ("survey responses", "surveys:responses", {}),
              ("survey text answers", "surveys:text_answers", {"code": "Q6"}),
              ("survey tagging", "surveys:tag_answers", {"code": "Q6"})]
    pages = []
    for name, url_name, extra in wanted:
        try:
            pages.append((name, reverse(url_name, kwargs={"workspace": ws, "pk": survey.pk, **extra})))
        except NoReverseMatch:
            continue  # not built yet (another part of the tool)
    return pages
