"""Consultations: a Consultation (the workspace item) holds a document of Sections and numbered
Paragraphs, optional Questions (kit.questions), Attachments (supporting documents, other
formats) and FormatRequests. A Response holds Comments (on a paragraph or a section; a
comment or a suggested wording) and Answers; staff decide per part what is published
(Redaction for spans taken out). Analysts code with Themes (Tag) and Notes, and group
near-identical responses into Campaigns (GroupingRun)."""

from .analysis import Campaign, GroupingRun, Note, Tag, Theme  # noqa: F401
from .consultation import (  # noqa: F401
    ALTERNATIVE_FORMATS,
    MAX_PARAGRAPHS,
    MAX_SECTIONS,
    Attachment,
    AttachmentKind,
    Consultation,
    FormatRequest,
    Moderation,
    Option,
    Paragraph,
    Question,
    Section,
    Stage,
    Status,
)
from .responses import (  # noqa: F401
    OFFLINE_CHANNELS,
    Answer,
    Channel,
    Comment,
    CommentKind,
    Consent,
    OrganisationType,
    PublishState,
    Redaction,
    RespondentType,
    Response,
    ResponseStatus,
    SuggestionState,
)
