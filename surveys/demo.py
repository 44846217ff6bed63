"""The surveys' demo content (owned by the distribution work), for `manage.py seed_demo`:

- "Travel to the programme events", OPEN: branching (a page only drivers see), a matrix, a
  ranking, an "Other" option; version 2 added a question; ~40 responses over the last 10 days
  (some unfinished, some typed in from paper, sources newsletter and website), the members
  invited and one reminder already sent.
- "Workshop feedback", CLOSED and anonymous, its results published.
- "Evening sessions", a DRAFT whose skip logic points at a later question: the builder's logic
  check has something to find.

Idempotent: a survey whose title is already in the workspace is left alone. Responses and
answers are rows as kit.questions's storage contract says; the counters and daily counts are
set as the answering services would have kept them."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workspaces.kit.lifecycles import Phase

from . import counts, services, tallies
from .models import (
    Answer,
    Channel,
    Option,
    Page,
    Participation,
    Question,
    ReminderRun,
    Response,
    ResponseStatus,
    Survey,
    SurveyVersion,
)

MANAGER = "manager@example.org"
TRAVEL, WORKSHOP, EVENING = "Travel to the programme events", "Workshop feedback", "Evening sessions"

MODES = [("car", "Car"), ("train", "Train"), ("bus", "Bus"), ("bike", "Bicycle"), ("walk", "On foot")]
TRAVEL_V1 = [
    {"title": "How you travel", "questions": [
        {"code": "mode", "kind": "single", "text": "How do you usually travel to programme events?", "required": True,
         "allow_other": True, "options": MODES},
        {"code": "miles", "kind": "number", "text": "About how many miles is your journey?", "min_value": 0,
         "max_value": 500},
    ]},
    {"title": "Driving", "show_if": ("mode", "is", "car"), "questions": [
        {"code": "leave_car", "kind": "multiple", "text": "What would make you leave the car at home?",
         "options": [("lift", "A lift from another attendee"), ("later", "A later start"),
                     ("shuttle", "A shuttle from the station")], "allow_other": True},
    ]},
    {"title": "The venues", "questions": [
        {"code": "venues", "kind": "matrix", "text": "How would you rate the venues on…",
         "rows": [("parking", "Parking"), ("signs", "Signs from the station"), ("access", "Step-free access")],
         "options": [("poor", "Poor"), ("fair", "Fair"), ("good", "Good")]},
        {"code": "priorities", "kind": "ranking", "text": "Put these in order: what matters most to you?",
         "options": [("cost", "Cost"), ("time", "Journey time"), ("comfort", "Comfort"),
                     ("reliable", "Reliability")]},
        {"code": "else", "kind": "long_text", "text": "Anything else about getting to our events?"},
    ]},
]
MINIBUS = {"code": "minibus", "kind": "single", "text": "Would you use a shared minibus from the station?",
           "options": [("yes", "Yes"), ("no", "No"), ("maybe", "It depends on the times")]}

WORKSHOP_PAGES = [
    {"title": "The workshop", "questions": [
        {"code": "useful", "kind": "scale", "text": "How useful was the workshop?", "required": True,
         "options": [("s1", "Not useful"), ("s2", "A little"), ("s3", "Fairly"), ("s4", "Very"),
                     ("s5", "Extremely")]},
        {"code": "worked", "kind": "multiple", "text": "What worked well?",
         "options": [("groups", "Small groups"), ("talks", "Short talks"), ("venue", "The venue")]},
        {"code": "improve", "kind": "long_text", "text": "What should we change next time?"},
    ]},
]

EVENING_PAGES = [
    {"title": "Times", "questions": [
        # The error for the builder to find: this rule looks at a question asked later.
        {"code": "which_evening", "kind": "single", "text": "Which evening suits you best?",
         "options": [("tue", "Tuesday"), ("thu", "Thursday")], "show_if": ("evening_ok", "is", "yes")},
    ]},
    {"title": "Evenings", "questions": [
        {"code": "evening_ok", "kind": "single", "text": "Could you come to an evening session?",
         "options": [("yes", "Yes"), ("no", "No")]},
    ]},
]

COMMENTS = ["The last train home is too early.", "Parking was full by nine.", "More step-free routes, please.",
            "A map in the invitation would help.", ""]


def seed_demo(workspace, users):
    manager = users.get(MANAGER)
    if manager is None:
        return
    existing = set(Survey.objects.filter(workspace=workspace, title__in=[TRAVEL, WORKSHOP, EVENING])
                   .values_list("title", flat=True))
    members = [u for u in users.values() if workspace.memberships.filter(user=u).exists()]
    with transaction.atomic():
        if TRAVEL not in existing:
            _travel(workspace, manager, members)
        if WORKSHOP not in existing:
            _workshop(workspace, manager, members)
        if EVENING not in existing:
            survey = services.survey_create(actor=manager, workspace=workspace, title=EVENING,
                                            description="Would evening sessions reach people who work days?")
            _fill(survey.draft_version, EVENING_PAGES)


# --- Building ---------------------------------------------------------------------------------------


def _fill(version, pages, start=0):
    """Pages, questions and options into a draft version (as the builder saves them)."""
    existing = list(version.pages.all())
    for index, spec in enumerate(pages, start):
        page = existing[index] if index < len(existing) else Page(version=version, position=index)
        page.title = spec["title"]
        page.show_if_code, page.show_if_operator, page.show_if_value = spec.get("show_if", ("", "", ""))
        page.save()
        _questions(version, page, spec["questions"])


def _questions(version, page, specs, first=0):
    for position, spec in enumerate(specs, first):
        spec = dict(spec)
        options, rows = spec.pop("options", ()), spec.pop("rows", ())
        show_if = spec.pop("show_if", ("", "", ""))
        question = Question.objects.create(version=version, page=page, position=position, **spec)
        question.show_if_code, question.show_if_operator, question.show_if_value = show_if
        question.save()
        scaled = question.kind in ("scale", "matrix")
        role = Option.Role.COLUMN if question.kind == "matrix" else Option.Role.OPTION
        Option.objects.bulk_create(
            [Option(question=question, code=code, label=label, role=role, position=i, value=i if scaled else None)
             for i, (code, label) in enumerate(options, 1)]
            + [Option(question=question, code=code, label=label, role=Option.Role.ROW, position=i)
               for i, (code, label) in enumerate(rows, 1)])


def _published(survey, actor, at):
    """Publish the draft and date the version (and the opening) `at`."""
    version = services.publish(actor=actor, survey=survey)
    SurveyVersion.objects.filter(pk=version.pk).update(published_at=at)
    return version


# --- Travel: open, two versions, responses as they came in ----------------------------------------


def _travel(workspace, manager, members):
    now = timezone.now()
    opened = now - timedelta(days=10)
    survey = services.survey_create(
        actor=manager, workspace=workspace, title=TRAVEL, opens_at=opened, closes_at=now + timedelta(days=20),
        description="Help us choose venues and times people can reach. Five minutes; answers saved as you go.",
        closing_message="Thank you: we will share what we change in the newsletter.",
    )
    _fill(survey.draft_version, TRAVEL_V1)
    v1 = _published(survey, manager, opened)
    survey = Survey.objects.get(pk=survey.pk)
    last_page = survey.draft_version.pages.order_by("-position").first()
    _questions(survey.draft_version, last_page, [MINIBUS], first=last_page.questions.count())
    v2_at = now - timedelta(days=4)
    v2 = _published(survey, manager, v2_at)

    rng = random.Random(14)
    questions = {version.pk: {q.code: q for q in version.questions.all()} for version in (v1, v2)}
    for n in range(40):
        started = now - timedelta(days=rng.uniform(0, 9.8))
        version = v2 if started >= v2_at else v1
        partial = n % 6 == 5
        paper = n % 9 == 4
        response = Response.objects.create(
            survey=survey, version=version, started_at=started, updated_at=started + timedelta(minutes=6),
            status=ResponseStatus.IN_PROGRESS if partial else ResponseStatus.SUBMITTED,
            submitted_at=None if partial else started + timedelta(minutes=6),
            channel=Channel.PAPER if paper else Channel.WEB, entered_by=manager if paper else None,
            source="" if paper else rng.choice(["newsletter", "website"]), last_page=1 if partial else 2,
        )
        _travel_answers(response, questions[version.pk], rng, partial)
        counts.started(response)
        if not partial:
            counts.completed(response)
    _participation(survey, members, opened, now)
    _finish(survey)


def _travel_answers(response, questions, rng, partial):
    rows = []

    def add(code, **value):
        rows.append(Answer(response=response, survey=response.survey, question=questions[code], code=code, **value))

    mode = rng.choices([c for c, _ in MODES] + ["other"], weights=[5, 4, 2, 2, 1, 1])[0]
    add("mode", choice=mode, text="Car share with a colleague" if mode == "other" else "")
    if mode != "walk":
        add("miles", number=Decimal(rng.randint(2, 60)))
    if mode == "car":
        for choice in rng.sample(["lift", "later", "shuttle"], rng.randint(1, 2)):
            add("leave_car", choice=choice)
    if not partial:
        for row in ("parking", "signs", "access"):
            column = rng.choice(["poor", "fair", "good", "good"])
            add("venues", row=row, choice=column, number=Decimal(["poor", "fair", "good"].index(column) + 1))
        for rank, item in enumerate(rng.sample(["cost", "time", "comfort", "reliable"], 4), 1):
            add("priorities", row=item, number=Decimal(rank))
        comment = rng.choice(COMMENTS)
        if comment:
            add("else", text=comment)
        if "minibus" in questions:
            add("minibus", choice=rng.choice(["yes", "no", "maybe"]))
    Answer.objects.bulk_create(rows)


def _participation(survey, members, opened, now):
    """The members invited the day it opened; the reader finished, the contributor started; the
    reminder of day 3 went to whoever had not finished then."""
    reminded = opened + timedelta(days=3)
    Participation.objects.bulk_create([
        Participation(survey=survey, user=user, invited_at=opened)
        for user in members])
    by_email = {u.email: u for u in members}
    if "reader@example.org" in by_email:
        Participation.objects.filter(survey=survey, user=by_email["reader@example.org"]).update(
            started_at=opened + timedelta(days=1), completed_at=opened + timedelta(days=1, minutes=8))
    if "contributor@example.org" in by_email:
        Participation.objects.filter(survey=survey, user=by_email["contributor@example.org"]).update(
            started_at=opened + timedelta(days=2), last_page=1)
    due = Participation.objects.filter(survey=survey).filter(Q(completed_at__isnull=True))
    started = due.filter(started_at__isnull=False).count()
    not_started = due.count() - started
    due.update(reminders_sent=1, last_reminded_at=reminded)
    ReminderRun.objects.create(survey=survey, key=f"surveys.reminder:{survey.pk}:demo", sent_at=reminded,
                               not_started=not_started, unfinished=started)


def _finish(survey):
    """The counters the answering services keep, the result tallies, the reminders to come."""
    from .distribution import schedule_defaults

    responses = Response.objects.filter(survey=survey)
    Survey.objects.filter(pk=survey.pk).update(
        submitted_count=responses.filter(status=ResponseStatus.SUBMITTED).count(),
        in_progress_count=responses.filter(status=ResponseStatus.IN_PROGRESS).count())
    survey = Survey.objects.select_related("workspace", "live_version").get(pk=survey.pk)
    tallies.rebuild(survey)
    if survey.is_collecting():
        schedule_defaults(survey)


# --- Workshop feedback: closed, anonymous, results published -------------------------------------


def _workshop(workspace, manager, members):
    now = timezone.now()
    opened, closed = now - timedelta(days=45), now - timedelta(days=30)
    survey = services.survey_create(
        actor=manager, workspace=workspace, title=WORKSHOP, anonymous=True, opens_at=opened, closes_at=closed,
        description="Anonymous: tell us honestly how the March workshop went.",
    )
    _fill(survey.draft_version, WORKSHOP_PAGES)
    version = _published(survey, manager, opened)
    # Closed long ago: its followers were told then, not again at the next beat.
    Survey.objects.filter(pk=survey.pk).update(results_published=True, window_phase=Phase.CLOSED)
    questions = {q.code: q for q in version.questions.all()}
    rng = random.Random(3)
    for n in range(15):
        started = opened + timedelta(days=rng.uniform(0, 14), hours=n % 5)
        response = Response.objects.create(
            survey=survey, version=version, started_at=started, updated_at=started, submitted_at=started,
            status=ResponseStatus.SUBMITTED, source="workshop")
        point = rng.choice([3, 4, 4, 5, 5])
        rows = [Answer(response=response, survey=survey, question=questions["useful"], code="useful",
                       choice=f"s{point}", number=Decimal(point))]
        rows += [Answer(response=response, survey=survey, question=questions["worked"], code="worked", choice=c)
                 for c in rng.sample(["groups", "talks", "venue"], rng.randint(1, 3))]
        if n % 3 == 0:
            rows.append(Answer(response=response, survey=survey, question=questions["improve"], code="improve",
                               text=rng.choice(["Longer breaks.", "Send the slides before.", "A bigger room."])))
        Answer.objects.bulk_create(rows)
        counts.started(response)
        counts.completed(response)
    # Who took part, never linked to what they said.
    Participation.objects.bulk_create([
        Participation(survey=survey, user=user, invited_at=opened, started_at=opened + timedelta(days=2),
                      completed_at=opened + timedelta(days=2)) for user in members[:3]])
    _finish(survey)
