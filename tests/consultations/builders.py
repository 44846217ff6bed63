"""Builders for consultation tests: consultations made the way the services make them.

    consultation = make_consultation(workspace, manager)              # open now, closes in 8 weeks
    consultation = make_consultation(workspace, manager, stage="draft"|"scheduled"|"open"|"closed"
                                     |"analysing"|"published", sections=SAMPLE_SECTIONS)
    response = make_response(consultation, reader, comments=[("2", 4, "Too vague")],
                             suggestions=[("2", 5, "New wording")], consent="named")

Sections are SectionSpec trees (consultations.document); SAMPLE_SECTIONS has sections 1–3
(section 2 with 5 paragraphs and a sub-section 2.1)."""

import itertools
from datetime import timedelta

from django.utils import timezone

from consultations import services
from consultations.document import SectionSpec
from consultations.models import (
    Comment,
    CommentKind,
    Consultation,
    Paragraph,
    Response,
    ResponseStatus,
    Section,
    Status,
)
from workspaces.lib.markdown import render_markdown

_n = itertools.count(1)

SAMPLE_SECTIONS = [
    SectionSpec("Introduction", "We propose new rules for river bathing sites.\n\nThis draft sets out why."),
    SectionSpec(
        "The proposals",
        "Sites will be tested weekly.\n\nResults will be published online.\n\nSigns will be put up at each site."
        "\n\nTesting runs from May to September.\n\nCouncils may add sites at any time.",
        children=[SectionSpec("Costs", "Testing costs £2,000 per site per year.\n\nThe Government pays half.")],
    ),
    SectionSpec("Next steps", "We will publish our response within 12 weeks of the close."),
]


def when(stage, now=None):
    """(opens_at, closes_at, status) for a stage."""
    now = now or timezone.now()
    week = timedelta(weeks=1)
    return {
        "draft": (now - week, now + 8 * week, Status.DRAFT),
        "scheduled": (now + week, now + 9 * week, Status.LIVE),
        "open": (now - week, now + 8 * week, Status.LIVE),
        "closed": (now - 9 * week, now - week, Status.LIVE),
        "analysing": (now - 9 * week, now - week, Status.ANALYSING),
        "published": (now - 12 * week, now - 4 * week, Status.OUTCOME),
    }[stage]


def make_consultation(workspace, author, *, stage="open", sections=None, title=None, **extra):
    opens_at, closes_at, status = when(stage)
    consultation = services.consultation_create(
        actor=author, workspace=workspace, title=title or f"Consultation {next(_n)}", opens_at=opens_at,
        closes_at=closes_at, **extra)
    services.save_document(actor=author, consultation=consultation,
                           sections=SAMPLE_SECTIONS if sections is None else sections)
    if status != Status.DRAFT:
        Consultation.objects.filter(pk=consultation.pk).update(
            status=status, published_at=opens_at, window_phase="open" if stage == "open" else
            ("not_yet_open" if stage == "scheduled" else "closed"),
            response_due_on=consultation.due_from(closes_at),
            outcome_published_at=timezone.now() if status == Status.OUTCOME else None,
        )
    return Consultation.objects.get(pk=consultation.pk)


def section(consultation, number):
    return Section.objects.get(consultation=consultation, number=number)


def paragraph(consultation, number, n):
    return Paragraph.objects.get(section__consultation=consultation, section__number=number, number=n)


def make_response(consultation, respondent, *, comments=(), suggestions=(), submitted=True, consent="anonymous",
                  **extra):
    """A response with comments [(section number, paragraph number or None, body)] and
    suggestions [(section number, paragraph number, new wording)]."""
    now = timezone.now()
    response = Response.objects.create(
        consultation=consultation, respondent=respondent, consent=consent,
        status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.IN_PROGRESS,
        submitted_at=now if submitted else None,
        display_name=(respondent.display_name if respondent else ""), **extra)
    for kind, entries in ((CommentKind.COMMENT, comments), (CommentKind.SUGGESTION, suggestions)):
        for number, n, text in entries:
            where = section(consultation, number)
            para = paragraph(consultation, number, n) if n else None
            Comment.objects.create(
                workspace=consultation.workspace, consultation=consultation, response=response, section=where,
                paragraph=para, author=respondent, kind=kind, submitted=submitted,
                body=text if kind == CommentKind.COMMENT else "",
                body_html=render_markdown(text) if kind == CommentKind.COMMENT else "",
                suggested_text=text if kind == CommentKind.SUGGESTION else "")
    if submitted:
        Consultation.objects.filter(pk=consultation.pk).update(
            response_count=Response.objects.filter(consultation=consultation, status="submitted").count(),
            comment_count=Comment.objects.filter(consultation=consultation, submitted=True).count())
    return response
