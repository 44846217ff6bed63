"""A question's options as a builder's form takes them: one per line, "label" or "code | label".
Shared by every tool that builds questions (surveys, consultations)."""

from django.core.exceptions import ValidationError

from .models import MAX_CODE_LENGTH, MAX_OPTION_LENGTH, code_validator

MAX_OPTIONS = 100  # per question


def parse_choices(text, *, prefix="o", what="option", limit=MAX_OPTIONS):
    """Lines "code | label" or just "label" -> [(code, label)]; codes generated (prefix + n)
    for the lines without one. ValidationError saying which line is wrong."""
    lines = [line.strip() for line in (text or "").replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) > limit:
        raise ValidationError(f"At most {limit} {what}s: this has {len(lines)}.")
    parsed, given = [], set()
    for number, line in enumerate(lines, 1):
        code, bar, label = line.partition("|")
        code, label = (code.strip(), label.strip()) if bar else ("", line)
        if not label:
            raise ValidationError(f"Line {number} has a code but no label: write “code | label” or just the label.")
        if len(label) > MAX_OPTION_LENGTH:
            raise ValidationError(f"Line {number} is longer than {MAX_OPTION_LENGTH} characters.")
        if code:
            if len(code) > MAX_CODE_LENGTH:
                raise ValidationError(f"Line {number}: a code has at most {MAX_CODE_LENGTH} characters.")
            try:
                code_validator(code)
            except ValidationError:
                raise ValidationError(f"Line {number}: {code_validator.message}") from None
            if code in given or code == "other":
                raise ValidationError(f"Line {number}: the code {code} is used twice (or is the reserved “other”).")
            given.add(code)
        parsed.append([code, label])
    counter = 1
    for item in parsed:
        if not item[0]:
            while f"{prefix}{counter}" in given:
                counter += 1
            item[0] = f"{prefix}{counter}"
            given.add(item[0])
    return [tuple(item) for item in parsed]


def choices_text(options):
    """Options as the form shows them again: "code | label" lines."""
    return "\n".join(f"{o.code} | {o.label}" for o in options)
