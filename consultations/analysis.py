"""The analysts' services: the theme codebook, tags and internal notes on responses, decisions on
wording suggestions, offline responses typed in by staff (and the counters they keep), and the
counts per section, theme and respondent type — every count one aggregate query.

    theme_add / theme_change / theme_delete          the codebook (one level of parents)
    set_tags(actor=, response=, chosen={comment id or None: {theme id}})   the response's tags
    add_note(actor=, response=, text=, comment=None)  an internal note (never published)
    decide_suggestion(actor=, comment=, decision=, note=, replace=False)   accept / reject / note
    enter_offline(actor=, consultation=, ...)         a submitted Response with respondent None
    count_submitted(consultation, response)           the counters, as responding.submit keeps them
    comments_by_type(consultation) / tags_by_type(consultation) / section_theme(consultation)
    analysed(consultation)                            (tagged responses, all responses)
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.utils import timezone

from workspaces.kit.services import audit, locked_row, record
from workspaces.lib.markdown import render_markdown

from .models import (
    OFFLINE_CHANNELS,
    Comment,
    CommentKind,
    Consent,
    Consultation,
    Note,
    OrganisationType,
    Paragraph,
    RespondentType,
    Response,
    ResponseStatus,
    Section,
    SuggestionState,
    Tag,
    Theme,
)
from .models.analysis import MAX_NOTE_LENGTH

MAX_THEMES = 300
MAX_OFFLINE_COMMENTS = 50
NAME_TAKEN = "This consultation already has a theme called “{name}”."
TOO_MANY = f"A consultation can have at most {MAX_THEMES} themes."
PARENT_NESTED = "Choose a top-level theme as the parent: themes go one level deep."
PARENT_HAS_CHILDREN = "This theme has themes under it, so it cannot go under another."
PARENT_SELF = "A theme cannot be under itself."
PARENT_ELSEWHERE = "That parent theme was deleted meanwhile. Choose again."
TAGS_TAMPERED = "Some of these comments are not this response's. Nothing was saved."
THEME_GONE = "A theme was deleted meanwhile. Nothing was saved: choose again."
NOTE_EMPTY = "Write the note."
NOTE_TOO_LONG = f"Keep the note to {MAX_NOTE_LENGTH:,} characters or fewer."
NOT_A_SUGGESTION = "This is not a wording suggestion."
ALREADY_FINAL = ("The paragraph's final wording was already set by another accepted suggestion ({other}). "
                 "Accepting this one replaces it: confirm to go ahead.")
SUPERSEDED = "Replaced by suggestion {public_id}, accepted later."
DECISIONS = {"accept": SuggestionState.ACCEPTED, "reject": SuggestionState.REJECTED, "note": SuggestionState.NOTED}
NEEDS_COMMENT = "Add at least one comment: choose where it is about and type what was said."

# How the tables split respondents: individuals, then each organisation type.
TYPE_COLUMNS = [("individual", "Individuals"), *((value, label.split(" (")[0]) for value, label in
                                                  OrganisationType.choices)]


class NeedsConfirmation(ValidationError):
    """Accepting a suggestion would replace the final wording another accepted one set."""


def type_key(respondent_type, organisation_type):
    """The column a response counts in: "individual", or its organisation type ("other" if none)."""
    if respondent_type != RespondentType.ORGANISATION:
        return "individual"
    return organisation_type or OrganisationType.OTHER


# --- The codebook ---------------------------------------------------------------------------


def _name_taken(consultation, name, *, exclude=None):
    found = Theme.objects.filter(consultation=consultation).annotate(key=Lower("name")).filter(key=name.lower())
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.exists()


def _check_parent(consultation, parent, theme=None):
    if parent is None:
        return None
    if parent.consultation_id != consultation.pk or not Theme.objects.filter(pk=parent.pk).exists():
        raise ValidationError({"parent": PARENT_ELSEWHERE})
    if theme is not None and parent.pk == theme.pk:
        raise ValidationError({"parent": PARENT_SELF})
    if parent.parent_id is not None:
        raise ValidationError({"parent": PARENT_NESTED})
    if theme is not None and theme.children.exists():
        raise ValidationError({"parent": PARENT_HAS_CHILDREN})
    return parent


@transaction.atomic
def theme_add(*, actor, consultation, name, definition="", parent=None):
    if Theme.objects.filter(consultation=consultation).count() >= MAX_THEMES:
        raise ValidationError({"name": TOO_MANY})
    if _name_taken(consultation, name):
        raise ValidationError({"name": NAME_TAKEN.format(name=name)})
    _check_parent(consultation, parent)
    position = (Theme.objects.filter(consultation=consultation).aggregate(n=Max("position"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            theme = Theme.objects.create(consultation=consultation, name=name, definition=definition,
                                         parent=parent, position=position)
    except IntegrityError:  # the same name added at the same moment
        raise ValidationError({"name": NAME_TAKEN.format(name=name)}) from None
    audit(actor=actor, action="consultation.theme_added", workspace=consultation.workspace, target=consultation,
          after={"theme": name, "parent": parent.name if parent else None})
    return theme


@transaction.atomic
def theme_change(*, actor, theme, name, definition, parent=None):
    consultation = theme.consultation
    if _name_taken(consultation, name, exclude=theme):
        raise ValidationError({"name": NAME_TAKEN.format(name=name)})
    _check_parent(consultation, parent, theme)
    before = {"theme": theme.name, "parent": theme.parent.name if theme.parent_id else None}
    theme.name, theme.definition, theme.parent = name, definition, parent
    try:
        with transaction.atomic():
            theme.save(update_fields=["name", "definition", "parent"])
    except IntegrityError:
        raise ValidationError({"name": NAME_TAKEN.format(name=name)}) from None
    audit(actor=actor, action="consultation.theme_changed", workspace=consultation.workspace, target=consultation,
          before=before, after={"theme": name, "parent": parent.name if parent else None})
    return theme


@transaction.atomic
def theme_delete(*, actor, theme):
    """Delete the theme, the themes under it and their tags (the responses stay)."""
    consultation = theme.consultation
    audit(actor=actor, action="consultation.theme_deleted", workspace=consultation.workspace, target=consultation,
          before={"theme": theme.name, "tags": Tag.objects.filter(Q(theme=theme) | Q(theme__parent=theme)).count()})
    theme.delete()


def theme_tree(consultation):
    """[(theme, depth)] in codebook order, each parent followed by its children; each theme
    has `tagged` (its tags: one aggregate query)."""
    themes = list(Theme.objects.filter(consultation=consultation).annotate(tagged=Count("tags"))
                  .order_by("position", "name", "id"))
    children = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    tree = []
    for top in children.get(None, []):
        tree.append((top, 0))
        tree.extend((child, 1) for child in children.get(top.pk, []))
    return tree


# --- Tags and notes -------------------------------------------------------------------------


@transaction.atomic
def set_tags(*, actor, response, chosen):
    """Make the response's tags exactly `chosen`: {comment id (None: the response as a whole):
    {theme id}}; a key with an empty set loses its tags, a comment not named keeps them.
    Comments of another response and themes of another consultation are refused
    (ValidationError): nothing is stored then. Returns (added, removed)."""
    consultation_id = response.consultation_id
    comment_ids = {key for key in chosen if key is not None}
    sections = dict(Comment.objects.filter(response=response, pk__in=comment_ids).values_list("pk", "section_id"))
    if set(sections) != comment_ids:
        raise ValidationError(TAGS_TAMPERED)
    theme_ids = set().union(*chosen.values()) if chosen else set()
    if theme_ids - set(Theme.objects.filter(consultation_id=consultation_id, pk__in=theme_ids)
                       .values_list("pk", flat=True)):
        raise ValidationError(THEME_GONE)
    scope = Q(comment_id__in=comment_ids) | (Q(comment__isnull=True) if None in chosen else Q(pk__in=[]))
    existing = set(Tag.objects.filter(scope, response=response).values_list("comment_id", "theme_id"))
    wanted = {(comment, theme) for comment, themes in chosen.items() for theme in themes}
    gone = existing - wanted
    for comment, theme in gone:
        Tag.objects.filter(response=response, comment_id=comment, theme_id=theme).delete()
    Tag.objects.bulk_create(
        [Tag(consultation_id=consultation_id, response=response, comment_id=comment, theme_id=theme,
             section_id=sections.get(comment), created_by=actor)
         for comment, theme in sorted(wanted - existing, key=lambda pair: (pair[0] or 0, pair[1]))],
        ignore_conflicts=True,  # tagged by someone else at the same moment: one tag
    )
    return len(wanted - existing), len(gone)


@transaction.atomic
def add_note(*, actor, response, text, comment=None):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": NOTE_EMPTY})
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError({"text": NOTE_TOO_LONG})
    if comment is not None and comment.response_id != response.pk:
        raise ValidationError(TAGS_TAMPERED)
    return Note.objects.create(consultation_id=response.consultation_id, response=response, comment=comment,
                               author=actor, text=text)


# --- Suggestions ----------------------------------------------------------------------------


@transaction.atomic
def decide_suggestion(*, actor, comment, decision, note="", replace=False):
    """accept / reject / note a wording suggestion (its suggester is told by mail, see
    mail_analysis). Accepting sets the paragraph's final_text to the suggestion; if another
    accepted suggestion set it already, NeedsConfirmation unless `replace` (the other is then
    marked noted, replaced)."""
    state = DECISIONS.get(decision)
    if state is None:
        raise ValidationError({"decision": "Choose accept, reject or note."})
    comment = locked_row(comment, "paragraph", "response")
    if comment.kind != CommentKind.SUGGESTION or comment.paragraph_id is None:
        raise ValidationError(NOT_A_SUGGESTION)
    now = timezone.now()
    paragraph = Paragraph.objects.select_for_update().get(pk=comment.paragraph_id)
    if state == SuggestionState.ACCEPTED:
        others = list(Comment.objects.filter(paragraph=paragraph, kind=CommentKind.SUGGESTION,
                                             suggestion_state=SuggestionState.ACCEPTED)
                      .exclude(pk=comment.pk).select_related("response"))
        if others and not replace:
            raise NeedsConfirmation(ALREADY_FINAL.format(other=", ".join(o.response.public_id for o in others)))
        for other in others:
            other.suggestion_state = SuggestionState.NOTED
            other.suggestion_note = SUPERSEDED.format(public_id=comment.response.public_id)
            other.decided_by, other.decided_at = actor, now
            other.save(update_fields=["suggestion_state", "suggestion_note", "decided_by", "decided_at"])
        paragraph.final_text = comment.suggested_text
        paragraph.save(update_fields=["final_text"])
    elif comment.suggestion_state == SuggestionState.ACCEPTED and paragraph.final_text == comment.suggested_text:
        paragraph.final_text = ""  # no longer accepted: the paragraph's wording goes back to the draft's
        paragraph.save(update_fields=["final_text"])
    before = comment.suggestion_state
    comment.suggestion_state, comment.suggestion_note = state, (note or "").strip()[:2000]
    comment.decided_by, comment.decided_at = actor, now
    comment.save(update_fields=["suggestion_state", "suggestion_note", "decided_by", "decided_at"])
    audit(actor=actor, action="consultation.suggestion_decided", workspace=comment.workspace,
          target=comment.consultation, before={"comment": comment.pk, "state": before},
          after={"comment": comment.pk, "state": state})
    from . import mail_analysis

    mail_analysis.tell_suggester(comment)
    return comment


# --- Offline responses ----------------------------------------------------------------------


def count_submitted(consultation):
    """Recount the consultation's counters as responding.submit keeps them: its submitted
    responses, their comments, and each section's (a few aggregate queries and one update per
    section that changed)."""
    submitted = Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)
    comments = Comment.objects.filter(consultation=consultation, submitted=True)
    Consultation.objects.filter(pk=consultation.pk).update(response_count=submitted.count(),
                                                           comment_count=comments.count())
    per_section = dict(comments.values_list("section_id").annotate(n=Count("pk")).order_by())
    for section_id, count in Section.objects.filter(consultation=consultation).values_list("pk", "comment_count"):
        if per_section.get(section_id, 0) != count:
            Section.objects.filter(pk=section_id).update(comment_count=per_section.get(section_id, 0))


@dataclass
class OfflineComment:
    section: Section
    paragraph: Paragraph | None
    text: str


@transaction.atomic
def enter_offline(*, actor, consultation, channel, received_on, respondent_type, display_name="",
                  organisation_name="", organisation_type="", consent=Consent.PRIVATE, signature_count=1,
                  comments=()):
    """An offline response (a letter, an email, a meeting) typed in by staff: a submitted
    Response with no respondent, entered_by the actor, received_on as its submitted date; its
    comments (OfflineComment) submitted with it; the counters kept."""
    if channel not in OFFLINE_CHANNELS:
        raise ValidationError({"channel": "Choose how the response came in."})
    comments = list(comments)
    if not comments:
        raise ValidationError(NEEDS_COMMENT)
    if len(comments) > MAX_OFFLINE_COMMENTS:
        raise ValidationError(f"Enter at most {MAX_OFFLINE_COMMENTS} comments at a time.")
    current = locked_row(consultation, "workspace")
    received = timezone.make_aware(datetime.combine(received_on, time(12)))
    if respondent_type != RespondentType.ORGANISATION:
        organisation_name, organisation_type = "", ""
    response = Response.objects.create(
        consultation=current, respondent=None, status=ResponseStatus.SUBMITTED, respondent_type=respondent_type,
        display_name=display_name, organisation_name=organisation_name, organisation_type=organisation_type,
        consent=consent, channel=channel, entered_by=actor, signature_count=max(1, signature_count or 1),
        created_at=timezone.now(), submitted_at=received, updated_at=timezone.now(),
    )
    seen = set()
    rows = []
    for entry in comments:
        if entry.section.consultation_id != current.pk or (
                entry.paragraph is not None and entry.paragraph.section_id != entry.section.pk):
            raise ValidationError("A section or paragraph is not this consultation's. Nothing was saved.")
        place = (entry.section.pk, entry.paragraph.pk if entry.paragraph else None)
        if place in seen:
            raise ValidationError("Two comments are about the same place: put them in one comment.")
        seen.add(place)
        rows.append(Comment(
            workspace_id=current.workspace_id, consultation=current, response=response, section=entry.section,
            paragraph=entry.paragraph, author=None, kind=CommentKind.COMMENT, body=entry.text,
            body_html=render_markdown(entry.text), submitted=True, created_at=received, updated_at=received))
    Comment.objects.bulk_create(rows)
    count_submitted(current)
    how = response.get_channel_display()
    record(workspace=current.workspace, actor=actor, verb="consultations.response_entered", target=current,
           url=current.get_absolute_url(),
           summary=f"entered a response received {how.split(' (')[0].lower()}")
    return response


# --- Counts ---------------------------------------------------------------------------------


def _split(rows):
    """{key: {type column: n}} from (key, respondent_type, organisation_type, n) rows."""
    table = {}
    for key, respondent_type, organisation_type, n in rows:
        column = type_key(respondent_type, organisation_type)
        cell = table.setdefault(key, {})
        cell[column] = cell.get(column, 0) + n
    return table


def comments_by_type(consultation, section=None):
    """{section id: {type column: comments}}: the comments of submitted responses (one query)."""
    comments = Comment.objects.filter(consultation=consultation, submitted=True)
    if section is not None:
        comments = comments.filter(section=section)
    return _split(comments.values_list("section_id", "response__respondent_type", "response__organisation_type")
                  .annotate(n=Count("pk")).order_by())


def tags_by_type(consultation, section=None):
    """{theme id: {type column: tags}} (one query)."""
    tags = Tag.objects.filter(consultation=consultation, response__status=ResponseStatus.SUBMITTED)
    if section is not None:
        tags = tags.filter(section=section)
    return _split(tags.values_list("theme_id", "response__respondent_type", "response__organisation_type")
                  .annotate(n=Count("pk")).order_by())


def section_theme(consultation, section=None):
    """{(section id, theme id): tags on comments} (one query)."""
    tags = Tag.objects.filter(consultation=consultation, section__isnull=False,
                              response__status=ResponseStatus.SUBMITTED)
    if section is not None:
        tags = tags.filter(section=section)
    return {(s, t): n for s, t, n in tags.values_list("section_id", "theme_id").annotate(n=Count("pk")).order_by()}


def analysed(consultation):
    """(responses with at least one tag, submitted responses): one query."""
    row = Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED).aggregate(
        tagged=Count("pk", filter=Q(pk__in=Tag.objects.filter(consultation=consultation).values("response_id"))),
        total=Count("pk"))
    return row["tagged"], row["total"]

