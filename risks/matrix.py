"""A register's scoring matrix: the one place that says what a likelihood × impact score means.

The register table, its filters, the heat map, the exports and the board view all read a
register's Matrix (Register.matrix()), never bands of their own: change a threshold and every
view changes the same way. Every cell and badge states its level in words ("20 (High)"), so
nothing depends on colour alone."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

MIN_SIZE, MAX_SIZE = 3, 6
LIKELIHOOD_LABELS = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
IMPACT_LABELS = ["Negligible", "Minor", "Moderate", "Major", "Severe"]
LOW_MAX, MEDIUM_MAX = 6, 19  # default bands: 1–6 low, 7–19 medium, 20–25 high
MAX_LABEL_LENGTH = 40


@dataclass(frozen=True)
class Band:
    key: str  # "low", "medium", "high": CSS classes and filters
    label: str  # "Low": what is written on every cell and badge


LOW, MEDIUM, HIGH = Band("low", "Low"), Band("medium", "Medium"), Band("high", "High")
BANDS = (LOW, MEDIUM, HIGH)


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    score: int
    band: Band

    @property
    def text(self):
        """"20 (High)": the cell's level in words."""
        return f"{self.score} ({self.band.label})"


@dataclass(frozen=True)
class Matrix:
    size: int = 5
    likelihood_labels: tuple = tuple(LIKELIHOOD_LABELS)
    impact_labels: tuple = tuple(IMPACT_LABELS)
    low_max: int = LOW_MAX
    medium_max: int = MEDIUM_MAX

    @property
    def max_score(self):
        return self.size * self.size

    @property
    def scale(self):
        """1..size, the values a likelihood or an impact may take."""
        return range(1, self.size + 1)

    def band(self, score):
        if score is None:
            return None
        if score <= self.low_max:
            return LOW
        if score <= self.medium_max:
            return MEDIUM
        return HIGH

    def band_range(self, band):
        """The scores of a band, as (lowest, highest): what a filter "High" asks for in SQL."""
        return {"low": (1, self.low_max), "medium": (self.low_max + 1, self.medium_max),
                "high": (self.medium_max + 1, self.max_score)}[band.key if isinstance(band, Band) else band]

    def cell(self, likelihood, impact):
        score = likelihood * impact
        return Cell(likelihood, impact, score, self.band(score))

    def rows(self):
        """The heat map's rows, highest likelihood first, each a list of cells by impact."""
        return [[self.cell(likelihood, impact) for impact in self.scale] for likelihood in reversed(self.scale)]

    def likelihood_label(self, value):
        return self.likelihood_labels[value - 1] if value in self.scale else ""

    def impact_label(self, value):
        return self.impact_labels[value - 1] if value in self.scale else ""

    def check_value(self, value, what):
        """A likelihood or an impact in range, or a ValidationError saying the range."""
        if value is None or not isinstance(value, int) or value not in self.scale:
            raise ValidationError(f"The {what} must be a whole number from 1 to {self.size}.")
        return value

    def validate(self):
        """Raise ValidationError (by field) unless this is a matrix the views can all draw."""
        errors = {}
        if not MIN_SIZE <= self.size <= MAX_SIZE:
            errors["size"] = f"The matrix must be from {MIN_SIZE}×{MIN_SIZE} to {MAX_SIZE}×{MAX_SIZE}."
        else:
            for name, labels in (("likelihood_labels", self.likelihood_labels), ("impact_labels", self.impact_labels)):
                if len(labels) != self.size or any(not str(label).strip() for label in labels):
                    errors[name] = f"Give {self.size} labels, one per line, none empty."
                elif any(len(str(label)) > MAX_LABEL_LENGTH for label in labels):
                    errors[name] = f"Each label may be at most {MAX_LABEL_LENGTH} characters."
            if not 1 <= self.low_max < self.medium_max < self.max_score:
                errors["medium_max"] = (f"The bands must rise: low up to a score below medium's top, and medium's "
                                        f"top below {self.max_score}.")
        if errors:
            raise ValidationError(errors)
        return self


def outside_appetite(score, appetite_max):
    """A score above its category's appetite (no category or no score: never outside)."""
    return score is not None and appetite_max is not None and score > appetite_max
