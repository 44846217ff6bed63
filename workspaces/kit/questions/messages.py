"""Error messages in the GOV.UK style: say what to do, about this question ("Select whether you
cycle to work", "Enter how many miles your journey is"), never "This field is required".

The question's own words are reused when they take a common shape ("Do you …?", "Which …?",
"What is your …?"); otherwise the message names what to do without them ("Select an answer").
"""

import re
from decimal import Decimal

# "Are you over 18?" -> "whether you are over 18": the auxiliary moves after "you".
_YOU_QUESTION = re.compile(r"^(do|are|have|were|would|will|can|could|should)\s+you\s+(.+)$", re.IGNORECASE)
_WH_QUESTION = re.compile(r"^(which|how|when|where|who|why)\s+(.+)$", re.IGNORECASE)
_WHAT_IS_YOUR = re.compile(r"^what(?:\s+is|'s|’s)\s+(your\s+.+)$", re.IGNORECASE)
_AFTER_YOU = {"do": "", "are": "are ", "have": "have ", "were": "were ", "would": "would ", "will": "will ",
              "can": "can ", "could": "could ", "should": "should "}
_ONE_LINE = re.compile(r"\s+")
# After a wh- word, the subject comes before the verb in a statement: "which area do you live in"
# -> "which area you live in", "how long is your journey" -> "how long your journey is"; any other
# inversion ("when did you start") is not rewritten.
_DO_YOU = re.compile(r"\bdo you\b", re.IGNORECASE)
_COPULA = re.compile(r"^(.*?)\b(is|are|was|were)\s+((?:your|the|my|our|their|this|that|these|those)\b.*)$",
                     re.IGNORECASE)
_INVERTED = re.compile(r"\b(is|are|was|were|do|does|did|have|has|had|will|would|can|could|should)\s+"
                       r"(you|your|the|it|they|we|this|that|my|our|their|he|she|his|her)\b", re.IGNORECASE)


def _statement(words):
    """A wh- question's words in statement order, or "" when that cannot be done simply."""
    words = _DO_YOU.sub("you", words)
    if match := _COPULA.match(words):
        words = f"{match[1]}{match[3]} {match[2]}"
    return "" if _INVERTED.search(words) else words


def about(text, *, whether=True):
    """The question's words as the object of "Select …" / "Enter …", or "" when they do not fit:
    "Do you cycle to work?" -> "whether you cycle to work" (only `whether` kinds: a yes or no to
    select, not text to enter), "Which would help?" -> "which would help", "What is your
    postcode?" -> "your postcode"."""
    text = _ONE_LINE.sub(" ", (text or "").strip())
    if not text.endswith("?") or len(text) > 120 or "?" in text[:-1]:
        return ""
    text = text[:-1].rstrip()
    if whether and (match := _YOU_QUESTION.match(text)):
        return f"whether you {_AFTER_YOU[match[1].lower()]}{match[2]}"
    if match := _WHAT_IS_YOUR.match(text):
        return match[1]
    if (match := _WH_QUESTION.match(text)) and (rest := _statement(match[2])):
        return f"{match[1].lower()} {rest}"
    return ""


def missing(question, verb, fallback, *, whether=True):
    """The message for a required question left unanswered."""
    words = about(question.text, whether=whether)
    return f"{verb} {words}" if words else fallback


def number_words(value):
    """A limit as people write it: Decimal("200.000000") -> "200", Decimal("2.50") -> "2.5"."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"
