"""The consultations' share of the reference data (`manage.py seed_scale`, workspaces.scale): one
consultation in the flagship, closed and being analysed, with 40 sections of 5 paragraphs and
`consultation_comments` responses of one comment or suggested wording each (50,000 at size L).
About a fifth of the responses come from three organised campaigns (the same text, some with a
word changed), so that finding campaigns has something to find. Rows go in by COPY on
PostgreSQL (ctx.insert_rows); the counters are set as the services keep them."""

from datetime import timedelta
from html import escape

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from workspaces.kit.models import Access

from . import services
from .document import SectionSpec
from .models import Comment, Consultation, Paragraph, Response, Section, Status
from .models.responses import new_public_id, new_receipt_id

TITLE = "Bathing water: draft rules"
SECTIONS = 40
PARAGRAPHS = 5
CAMPAIGNS = [
    "We call on the council to test every river bathing site each week from May to September and to publish the "
    "results online the same day, so that families know when it is safe to swim.",
    "Bathing sites must have clear signs in plain English and Welsh, with the latest test results and a phone "
    "number to report pollution, at every entrance to the water.",
    "Water companies that pollute bathing sites should pay the full cost of testing and cleaning, not council "
    "tax payers, and the fines should fund new sites in poorer areas.",
]
WORDS = ("river", "testing", "weekly", "signs", "results", "council", "swimmers", "summer", "pollution", "sewage",
         "children", "safety", "costs", "online", "notice", "families", "clean", "water", "sites", "beach")
COMMENT_FIELDS = ["workspace_id", "consultation_id", "response_id", "section_id", "paragraph_id", "author_id", "kind",
                  "body", "body_html", "suggested_text", "confidential", "submitted", "created_at", "updated_at",
                  "publish_state", "published_body", "published_suggestion", "suggestion_state", "suggestion_note",
                  "decided_by_id", "decided_at", "quoted", "status", "hidden_reason", "moderated_by_id", "moderated_at"]
RESPONSE_FIELDS = ["consultation_id", "respondent_id", "status", "respondent_type", "display_name",
                   "organisation_name", "organisation_type", "consent", "answers_confidential", "channel",
                   "entered_by_id", "signature_count", "receipt_id", "public_id", "created_at", "updated_at",
                   "submitted_at", "revision", "client_key", "receipt_sent_at", "notify_outcome", "text_hash",
                   "campaign_id", "campaign_excluded"]
CONSENTS = ("named", "anonymous", "anonymous", "private")


def seed_scale(ctx):
    total = getattr(ctx.size, "consultation_comments", 0)
    if total:
        seed_consultation(ctx, total)


def _document():
    return [SectionSpec(f"Part {n}", "\n\n".join(f"Rule {n}.{p}: bathing sites are tested and the results published."
                                                 for p in range(1, PARAGRAPHS + 1)))
            for n in range(1, SECTIONS + 1)]


def _text(rng, n):
    """A campaign's text (now and then with one word changed) for about a fifth; otherwise a text of its own."""
    if n % 5 == 0:
        text = CAMPAIGNS[(n // 5) % len(CAMPAIGNS)]
        if rng.random() < 0.2:
            words = text.split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            text = " ".join(words)
        return text
    return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 60))).capitalize() + "."


def seed_consultation(ctx, total):
    rng, workspace = ctx.rng, ctx.workspace
    author = ctx.demo.get("manager@example.org") or \
        Consultation._meta.get_field("created_by").related_model.objects.get(pk=ctx.staff_ids[0])
    opens_at, closes_at = ctx.now - timedelta(weeks=14), ctx.now - timedelta(weeks=2)
    consultation = services.consultation_create(
        actor=author, workspace=workspace, title=TITLE, opens_at=opens_at, closes_at=closes_at,
        summary="New rules for river bathing sites: testing, signs and who pays.", view_access=Access.MEMBERS)
    services.save_document(actor=author, consultation=consultation, sections=_document())
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Status.ANALYSING, published_at=opens_at, window_phase="closed",
        response_due_on=consultation.due_from(closes_at))
    paragraphs = list(Paragraph.objects.filter(consultation=consultation).values_list("id", "section_id"))
    people = ctx.stakeholder_ids
    step = (closes_at - opens_at - timedelta(hours=1)) / max(total, 1)

    def response_rows():
        for n in range(total):
            at = opens_at + step * n
            online = n < len(people)
            organisation = n % 11 == 0
            yield (consultation.pk, people[n] if online else None, "submitted",
                   "organisation" if organisation else "individual", "" if online else f"Respondent {n}",
                   f"Organisation {n % 300}" if organisation else "", "charity" if organisation else "",
                   CONSENTS[n % len(CONSENTS)], False, "web" if online else "email",
                   None if online else author.pk, 1 + (n % 97 == 0) * 249, new_receipt_id(), new_public_id(), at, at,
                   at, 1, "", at, True, "", None, False)

    ctx.insert_rows(Response, RESPONSE_FIELDS, response_rows())
    ids = list(Response.objects.filter(consultation=consultation).order_by("id").values_list("id", "respondent_id",
                                                                                           "submitted_at"))

    def comment_rows():
        for n, (response_id, respondent_id, at) in enumerate(ids):
            paragraph_id, section_id = paragraphs[rng.randrange(len(paragraphs))]
            text = _text(rng, n)
            suggestion = n % 7 == 3
            yield (workspace.pk, consultation.pk, response_id, section_id, paragraph_id, respondent_id,
                   "suggestion" if suggestion else "comment", "" if suggestion else text,
                   "" if suggestion else f"<p>{escape(text)}</p>", text if suggestion else "", n % 50 == 0, True, at,
                   at, "pending", "", "", "open", "", None, None, False, "published", "", None, None)

    ctx.insert_rows(Comment, COMMENT_FIELDS, comment_rows())
    for section_id, count in (Comment.objects.filter(consultation=consultation).values_list("section_id")
                              .annotate(n=Count("id")).order_by()):
        Section.objects.filter(pk=section_id).update(comment_count=count)
    Consultation.objects.filter(pk=consultation.pk).update(response_count=len(ids), comment_count=len(ids))
    ctx.add_activity("consultations.consultation_closed", consultation, count=1)
    return consultation


def bench_pages(workspace):
    """The consultation's pages for bench/load.py: its page, a section, the analysis, the responses."""
    consultation = (Consultation.objects.filter(workspace=workspace, title=TITLE, is_deleted=False)
                    .order_by("pk").first())
    if consultation is None:
        return []
    section = Section.objects.filter(consultation=consultation).order_by("position").first()
    key = {"workspace": workspace.slug, "pk": consultation.pk}
    wanted = [("consultation page", "consultations:consultation", {}),
              ("consultation section", "consultations:section", {"section": section.pk if section else 0}),
              ("consultation analysis", "consultations:analysis", {}),
              ("consultation responses", "consultations:responses", {})]
    pages = []
    for name, url_name, extra in wanted:
        try:
            pages.append((name, reverse(url_name, kwargs={**key, **extra})))
        except NoReverseMatch:
            continue  # not built yet (another part of the tool)
    return pages
