"""A consultation's data as tables, for analysts (CSV or XLSX, streamed by workspaces.lib.exports):

    responses   one row per submitted response (never its receipt id, nor a person's name or email)
    comments    one row per comment or suggested wording of a submitted response
    answers     one row per stored answer value of a submitted response
    codebook    one row per theme: its definition, parent and how often it was used

Each table is a generator: a header, then its rows, read a chunk at a time (keyset on id, one
query for the chunk and one for its themes), so memory stays flat whatever the size.

    rows = TABLES["comments"](consultation)
"""

from django.db.models import Count, Q

from workspaces.kit.moderation import ModerationStatus

from .models import (
    Answer,
    Channel,
    Comment,
    CommentKind,
    Consent,
    OrganisationType,
    PublishState,
    RespondentType,
    Response,
    ResponseStatus,
    Tag,
    Theme,
)

CHUNK = 2000
THEME_SEPARATOR = "; "

RESPONSE_HEADER = ("response", "type", "organisation", "organisation type", "channel", "consent", "started",
                   "submitted", "signatures", "campaign", "themes")
COMMENT_HEADER = ("comment", "response", "section", "paragraph", "kind", "text", "suggested text", "confidential",
                  "moderation", "publish state", "themes")
ANSWER_HEADER = ("response", "question", "question text", "row", "choice", "text", "number", "date", "publish state")
CODEBOOK_HEADER = ("theme", "definition", "parent", "responses", "comments")


def _labels(choices):
    return dict(choices.choices)


def _chunks(queryset, chunk):
    """The rows of a values_list queryset whose first column is the id, `chunk` at a time."""
    after = 0
    while True:
        rows = list(queryset.filter(id__gt=after).order_by("id")[:chunk])
        if not rows:
            return
        yield rows
        if len(rows) < chunk:
            return
        after = rows[-1][0]


def _response_themes(ids):
    """{response id: "Cost; Safety"}: the themes of the response and of its comments."""
    found = {}
    rows = (Tag.objects.filter(response_id__in=ids).order_by("response_id", "theme__position", "theme__name")
            .values_list("response_id", "theme__name").distinct())
    for response_id, name in rows:
        names = found.setdefault(response_id, [])
        if name not in names:
            names.append(name)
    return {pk: THEME_SEPARATOR.join(names) for pk, names in found.items()}


def _comment_themes(ids):
    found = {}
    rows = (Tag.objects.filter(comment_id__in=ids).order_by("comment_id", "theme__position", "theme__name")
            .values_list("comment_id", "theme__name"))
    for comment_id, name in rows:
        found.setdefault(comment_id, []).append(name)
    return {pk: THEME_SEPARATOR.join(names) for pk, names in found.items()}


def response_rows(consultation, *, chunk=CHUNK):
    types, organisations = _labels(RespondentType), _labels(OrganisationType)
    channels, consents = _labels(Channel), _labels(Consent)
    yield RESPONSE_HEADER
    base = (Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)
            .values_list("id", "public_id", "respondent_type", "organisation_name", "organisation_type", "channel",
                         "consent", "created_at", "submitted_at", "signature_count", "campaign_id"))
    for rows in _chunks(base, chunk):
        themes = _response_themes([row[0] for row in rows])
        for (pk, public_id, kind, organisation, organisation_type, channel, consent, created, submitted, signatures,
             campaign) in rows:
            yield (public_id, types.get(kind, kind), organisation or None,
                   organisations.get(organisation_type) if organisation_type else None, channels.get(channel, channel),
                   consents.get(consent, consent), created, submitted, signatures, campaign, themes.get(pk))


def comment_rows(consultation, *, chunk=CHUNK):
    kinds, moderation, states = _labels(CommentKind), _labels(ModerationStatus), _labels(PublishState)
    yield COMMENT_HEADER
    base = (Comment.objects.filter(consultation=consultation, submitted=True)
            .values_list("id", "response__public_id", "section__number", "section__heading", "paragraph__number",
                         "kind", "body", "suggested_text", "confidential", "status", "publish_state"))
    for rows in _chunks(base, chunk):
        themes = _comment_themes([row[0] for row in rows])
        for (pk, public_id, number, heading, paragraph, kind, body, suggested, confidential, status,
             publish_state) in rows:
            yield (pk, public_id, f"{number} {heading}".strip(), paragraph, kinds.get(kind, kind), body or None,
                   suggested or None, confidential, moderation.get(status, status), states.get(publish_state),
                   themes.get(pk))


def answer_rows(consultation, *, chunk=CHUNK):
    states = _labels(PublishState)
    yield ANSWER_HEADER
    base = (Answer.objects.filter(consultation=consultation, response__status=ResponseStatus.SUBMITTED)
            .values_list("id", "response__public_id", "code", "question__text", "row", "choice", "text", "number",
                         "date", "publish_state"))
    for rows in _chunks(base, chunk):
        for _, public_id, code, question, row, choice, text, number, day, publish_state in rows:
            if number is not None and number == number.to_integral_value():
                number = int(number)
            yield (public_id, code, question, row or None, choice or None, text or None, number, day,
                   states.get(publish_state) if text else None)


def codebook_rows(consultation):
    """One row per theme, parents before their children as the codebook orders them; the
    counts in one query."""
    yield CODEBOOK_HEADER
    themes = (Theme.objects.filter(consultation=consultation)
              .annotate(responses=Count("tags__response", distinct=True),
                        comments=Count("tags", filter=Q(tags__comment__isnull=False)))
              .order_by("position", "name", "id").values_list("name", "definition", "parent__name", "responses",
                                                              "comments"))
    yield from themes


TABLES = {"responses": response_rows, "comments": comment_rows, "answers": answer_rows, "codebook": codebook_rows}
TITLES = {"responses": "Responses", "comments": "Comments", "answers": "Answers", "codebook": "Codebook"}
FORMATS = ("csv", "xlsx")
