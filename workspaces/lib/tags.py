"""Tags as people type them ("Open data, rivers"): normalised and checked in one place, for every
tool that tags its items (links, blog posts)."""

from django.core.exceptions import ValidationError

MAX_TAGS = 10
MAX_TAG_LENGTH = 40


def normalise_tag(text):
    """' Open   Data ' -> 'open data'."""
    return " ".join((text or "").split()).lower()


def parse_tags(value):
    """Comma-separated text (or a list) -> normalised, de-duplicated tags in the order given.

    Raises ValidationError with every problem found, so people can fix them all at once.
    """
    parts = value.split(",") if isinstance(value, str) else list(value or [])
    tags = []
    for part in parts:
        tag = normalise_tag(part)
        if tag and tag not in tags:
            tags.append(tag)
    errors = []
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            errors.append(
                ValidationError(
                    "The tag “%(tag)s…” is too long: keep each tag to %(max)d characters or fewer.",
                    code="tag_too_long",
                    params={"tag": tag[:MAX_TAG_LENGTH], "max": MAX_TAG_LENGTH},
                )
            )
    if len(tags) > MAX_TAGS:
        errors.append(
            ValidationError(
                "Use at most %(max)d tags (there are %(count)d). Separate tags with commas.",
                code="too_many_tags",
                params={"max": MAX_TAGS, "count": len(tags)},
            )
        )
    if errors:
        raise ValidationError(errors)
    return tags
