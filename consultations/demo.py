"""The consultations' demo content (manage.py seed_demo; the lifecycle part owns it):

- "Bathing water sites: draft rules", OPEN: four sections with sub-sections, three questions,
  comments and a wording suggestion by several demo people; reader@example.org has a draft
  response.
- "Community energy grants", CLOSED and being analysed: a theme codebook (one theme under
  another), tags, a campaign of near-identical emailed responses, a letter typed in by staff.
- "Library opening hours", its OUTCOME published: responses with a mix of consent, parts
  approved for publication, a redaction, quotes, our response and what changed per section,
  final wording that differs from the draft, and the days it took.

Idempotent: a consultation whose title is already in the workspace is left alone. Documents go
through the contract's services (consultation_create, save_document); what the other parts'
services do (responses, analysis, publishing) is written as rows, with the counters set as
those services keep them."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from workspaces.lib.markdown import render_markdown

from . import services
from .document import SectionSpec
from .models import (
    Answer,
    Campaign,
    Channel,
    Comment,
    CommentKind,
    Consent,
    Consultation,
    Option,
    Paragraph,
    PublishState,
    Question,
    Redaction,
    RespondentType,
    Response,
    ResponseStatus,
    Section,
    Status,
    SuggestionState,
    Tag,
    Theme,
)

MANAGER, CONTRIBUTOR, READER = "manager@example.org", "contributor@example.org", "reader@example.org"
BATHING, ENERGY, LIBRARY = "Bathing water sites: draft rules", "Community energy grants", "Library opening hours"

BATHING_SECTIONS = [
    SectionSpec("Introduction", "We propose new rules for river and lake bathing sites.\n\n"
                                "This draft sets out what would change and why."),
    SectionSpec("Designating sites", "A site may be designated when at least 100 people bathe there on a "
                                     "summer day.\n\nCouncils propose sites; the agency decides.",
                children=[SectionSpec("Evidence of use", "Counts are taken on four days between May and "
                                                         "September.\n\nVolunteers may take the counts.")]),
    SectionSpec("Testing the water", "Sites will be tested weekly.\n\nResults will be published online within "
                                     "two days.\n\nSigns will be put up at each site.",
                children=[SectionSpec("Costs", "Testing costs £2,000 per site per year.\n\nThe Government pays "
                                               "half.")]),
    SectionSpec("Next steps", "We will publish our response within 12 weeks of the close."),
]
ENERGY_SECTIONS = [
    SectionSpec("The fund", "A £5 million fund for community-owned solar, wind and heat schemes.\n\n"
                            "Grants of up to £250,000 each."),
    SectionSpec("Who may apply", "Community benefit societies and co-operatives.\n\nParish and town councils "
                                 "in partnership with a community group."),
    SectionSpec("Assessment", "Applications are scored on carbon saved, local benefit and deliverability."),
]
LIBRARY_SECTIONS = [
    SectionSpec("Why change the hours", "Visits before 10am have halved since 2019.\n\n"
                                        "Evening visits have grown."),
    SectionSpec("The proposal", "Branches open 10am to 7pm on weekdays.\n\nSaturday opening stays 9am to "
                                "1pm."),
    SectionSpec("Equalities", "We have assessed the effect on older people and families."),
]

NEAR_IDENTICAL = [
    "Keep the fund open to small village schemes. Scoring on carbon alone shuts out rural communities.",
    "Keep the fund open to small village schemes. Scoring on carbon alone shuts out rural communities.",
    "Keep the fund open to small village schemes. Scoring on carbon alone shuts out rural communities.",
    "Keep the fund open to small village schemes. Scoring on carbon alone shuts out our communities.",
    "Keep the fund open to small village schemes! Scoring on carbon alone shuts out rural communities.",
]


def seed_demo(workspace, users):
    manager = users.get(MANAGER)
    if manager is None:
        return
    existing = set(Consultation.objects.filter(workspace=workspace, title__in=(BATHING, ENERGY, LIBRARY))
                   .values_list("title", flat=True))
    people = [users[e] for e in (MANAGER, CONTRIBUTOR, READER) if e in users]
    with transaction.atomic():
        if BATHING not in existing:
            _bathing(workspace, manager, people, users.get(READER))
        if ENERGY not in existing:
            _energy(workspace, manager, people)
        if LIBRARY not in existing:
            _library(workspace, manager, people)


def _made(workspace, manager, title, summary, sections, *, opens, closes, status, **extra):
    consultation = services.consultation_create(actor=manager, workspace=workspace, title=title, summary=summary,
                                                opens_at=opens, closes_at=closes)
    services.save_document(actor=manager, consultation=consultation, sections=sections)
    phase = "open" if opens <= timezone.now() < closes else ("closed" if closes <= timezone.now() else "not_yet_open")
    Consultation.objects.filter(pk=consultation.pk).update(
        status=status, published_at=opens, window_phase=phase,
        response_due_on=consultation.due_from(closes), **extra)
    return Consultation.objects.get(pk=consultation.pk)


def _place(consultation, number, n=None):
    section = Section.objects.get(consultation=consultation, number=number)
    paragraph = Paragraph.objects.get(section=section, number=n) if n else None
    return section, paragraph


def _response(consultation, person, *, submitted=True, consent=Consent.ANONYMOUS, channel=Channel.WEB,
              entered_by=None, at=None, **extra):
    at = at or timezone.now()
    name = extra.pop("display_name", "") or getattr(person, "display_name", "")
    return Response.objects.create(
        consultation=consultation, respondent=person, channel=channel, entered_by=entered_by, consent=consent,
        status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.IN_PROGRESS,
        submitted_at=at if submitted else None, created_at=at, updated_at=at,
        display_name=name, **extra)


def _comment(response, number, n, body="", *, suggestion="", **extra):
    section, paragraph = _place(response.consultation, number, n)
    return Comment.objects.create(
        workspace=response.consultation.workspace, consultation=response.consultation, response=response,
        section=section, paragraph=paragraph, author=response.respondent,
        kind=CommentKind.SUGGESTION if suggestion else CommentKind.COMMENT, body=body,
        body_html=render_markdown(body) if body else "", suggested_text=suggestion,
        submitted=response.status == ResponseStatus.SUBMITTED, **extra)


def _counted(consultation):
    """The counters the responding services keep."""
    submitted = Comment.objects.filter(consultation=consultation, submitted=True)
    Consultation.objects.filter(pk=consultation.pk).update(
        response_count=Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED).count(),
        comment_count=submitted.count())
    for section in Section.objects.filter(consultation=consultation):
        Section.objects.filter(pk=section.pk).update(comment_count=submitted.filter(section=section).count())


def _bathing(workspace, manager, people, reader):
    now = timezone.now()
    consultation = _made(workspace, manager, BATHING, "How river and lake bathing sites are chosen and tested.",
                         BATHING_SECTIONS, opens=now - timedelta(days=10), closes=now + timedelta(weeks=8),
                         status=Status.LIVE)
    questions = [
        ("support", "single", "Do you support designating more bathing sites?", None),
        ("weekly", "single", "Is weekly testing often enough?", "3"),
        ("else", "long_text", "Anything else we should consider?", None),
    ]
    for position, (code, kind, text, number) in enumerate(questions):
        question = Question.objects.create(
            consultation=consultation, code=code, kind=kind, text=text, position=position,
            section=Section.objects.get(consultation=consultation, number=number) if number else None)
        if kind == "single":
            for i, (option, label) in enumerate((("yes", "Yes"), ("no", "No"), ("unsure", "Not sure"))):
                Option.objects.create(question=question, code=option, label=label, position=i)
    respondents = [p for p in people if p != reader] or [manager]
    for i, person in enumerate(respondents):
        response = _response(consultation, person, consent=Consent.NAMED if i == 0 else Consent.ANONYMOUS,
                             at=now - timedelta(days=5 - i))
        _comment(response, "3", 1, "Weekly is too rare in a hot spell: test twice a week in July and August.")
        _comment(response, "2.1", 2, "Volunteers need training, or the counts will not be trusted.")
        Answer.objects.create(response=response, consultation=consultation,
                              question=Question.objects.get(consultation=consultation, code="support"),
                              code="support", choice="yes")
        if i == 0:
            _comment(response, "3", 2, "Two days is slow when people decide where to swim today.",
                     suggestion="Results will be published online the day they are known.")
    if reader is not None:
        draft = _response(consultation, reader, submitted=False)
        _comment(draft, "2", 1, "A hundred people is a lot for a small lake.")
    _counted(consultation)


def _energy(workspace, manager, people):
    now = timezone.now()
    consultation = _made(workspace, manager, ENERGY, "How the community energy fund should be shared.",
                         ENERGY_SECTIONS, opens=now - timedelta(weeks=14), closes=now - timedelta(weeks=2),
                         status=Status.ANALYSING)
    concerns = Theme.objects.create(consultation=consultation, name="Concerns", position=0,
                                    definition="Worries about how the fund would work.")
    rural = Theme.objects.create(consultation=consultation, parent=concerns, name="Rural access", position=1,
                                 definition="Small or village schemes being shut out.")
    support = Theme.objects.create(consultation=consultation, name="Support", position=2,
                                   definition="Agrees with the proposal as drafted.")
    campaign = Campaign.objects.create(consultation=consultation, exact=False, confirmed=True, confirmed_by=manager)
    members = []
    for i, text in enumerate(NEAR_IDENTICAL):
        response = _response(consultation, None, channel=Channel.EMAIL, entered_by=manager, campaign=campaign,
                             display_name=f"Emailed response {i + 1}", at=now - timedelta(weeks=3, days=i))
        comment = _comment(response, "3", 1, text)
        Tag.objects.create(consultation=consultation, theme=rural, response=response, comment=comment,
                           section=comment.section, created_by=manager)
        members.append(response)
    Campaign.objects.filter(pk=campaign.pk).update(representative=members[0], size=len(members),
                                                   signatures=len(members))
    letter = _response(consultation, None, channel=Channel.LETTER, entered_by=manager,
                       respondent_type=RespondentType.ORGANISATION, organisation_name="Valley Energy Co-op",
                       consent=Consent.NAMED, at=now - timedelta(weeks=2, days=1))
    comment = _comment(letter, "2", 2, "Councils should be able to apply alone where no group exists yet.")
    Tag.objects.create(consultation=consultation, theme=concerns, response=letter, comment=comment,
                       section=comment.section, created_by=manager)
    for person in people[1:]:
        response = _response(consultation, person, at=now - timedelta(weeks=4))
        comment = _comment(response, "1", 2, "A sensible cap: it spreads the fund further.")
        Tag.objects.create(consultation=consultation, theme=support, response=response, comment=comment,
                           section=comment.section, created_by=manager)
    _counted(consultation)


def _library(workspace, manager, people):
    # Closed at 17:00 and answered at noon, local time, 61 days later: days counted in local dates
    # whatever the hour of seeding and whichever clock change lies between.
    closed_on = timezone.localdate() - timedelta(weeks=12)
    zone = timezone.get_current_timezone()
    closes = datetime.combine(closed_on, time(17), tzinfo=zone)
    answered = datetime.combine(closed_on + timedelta(days=61), time(12), tzinfo=zone)
    consultation = _made(workspace, manager, LIBRARY, "When the town's libraries open.", LIBRARY_SECTIONS,
                         opens=closes - timedelta(weeks=8), closes=closes, status=Status.OUTCOME,
                         responses_published=True, outcome_published_at=answered,
                         outcome_summary="We will open at 9:30am, not 10am, and keep Saturday mornings.",
                         outcome_summary_html=render_markdown(
                             "We will open at 9:30am, not 10am, and keep Saturday mornings."))
    consents = [Consent.NAMED, Consent.ANONYMOUS, Consent.PRIVATE]
    respondents = (people * 2)[:3] if people else [manager] * 3
    comments = []
    for i, (person, consent) in enumerate(zip(respondents, consents, strict=True)):
        response = _response(consultation, person if i < len(people) else None, consent=consent,
                             channel=Channel.WEB if i < len(people) else Channel.LETTER,
                             entered_by=None if i < len(people) else manager, at=closes - timedelta(weeks=2, days=i))
        comments.append(_comment(response, "2", 1, [
            "10am is too late for parents after the school run: 9:30am would work.",
            "Evening opening helps shift workers. My number is 07700 900123 if you want to talk.",
            "Please do not cut the Saturday morning hours.",
        ][i]))
    named, anonymous, private = comments
    Comment.objects.filter(pk=named.pk).update(publish_state=PublishState.APPROVED, quoted=True,
                                               published_body=named.body)
    redacted = anonymous.body.replace("07700 900123", "[redacted]")
    Comment.objects.filter(pk=anonymous.pk).update(publish_state=PublishState.APPROVED, published_body=redacted)
    start = anonymous.body.index("07700 900123")
    Redaction.objects.create(consultation=consultation, comment=anonymous, start=start, end=start + 12,
                             reason="A personal phone number", created_by=manager)
    Comment.objects.filter(pk=private.pk).update(publish_state=PublishState.REJECTED)
    suggestion = _comment(Response.objects.get(pk=named.response_id), "2", 1,
                          suggestion="Branches open 9:30am to 7pm on weekdays.")
    Comment.objects.filter(pk=suggestion.pk).update(
        suggestion_state=SuggestionState.ACCEPTED, decided_by=manager, decided_at=closes + timedelta(days=30),
        suggestion_note="Most parents asked for this.", publish_state=PublishState.APPROVED,
        published_body="")
    _, first = _place(consultation, "2", 1)
    Paragraph.objects.filter(pk=first.pk).update(final_text="Branches open 9:30am to 7pm on weekdays.")
    answers = {
        "1": ("We agree the early hours are quiet.", "No change."),
        "2": ("Parents asked for an earlier start; shift workers welcomed the evenings.",
              "Weekday opening moves to 9:30am."),
        "3": ("No one raised a new equalities effect.", "No change."),
    }
    for number, (response_text, changes_text) in answers.items():
        section = Section.objects.get(consultation=consultation, number=number)
        Section.objects.filter(pk=section.pk).update(
            response_text=response_text, response_html=render_markdown(response_text),
            changes_text=changes_text, changes_html=render_markdown(changes_text),
            final_text=("Branches open 9:30am to 7pm on weekdays.\n\nSaturday opening stays 9am to 1pm."
                        if number == "2" else ""))
    _counted(consultation)
