"""Thai interpretation bands of a 1-5 mean and the way scores are rounded and printed: plain
Python, so the live dashboard reads bands without loading pandas or SciPy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP
from decimal import Decimal

from analysis.questionnaire.model import Question

_CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Bands:
    """Interpretation bands: a mean at or above `lower[i]` (at 2 decimals) reads `labels[i]`."""

    lower: tuple[float, ...]
    labels: tuple[str, ...]
    scale: tuple[int, int] = (1, 5)

    def __post_init__(self) -> None:
        if len(self.lower) != len(self.labels) or list(self.lower) != sorted(self.lower)[::-1]:
            raise ValueError("Bands need one label per lower bound, bounds from highest down")

    def interpret(self, mean: float) -> str | None:
        """Return the band label for a mean, read at 2 decimals as Thai reports print it."""
        if mean is None or math.isnan(mean):
            return None
        shown = round_score(mean)
        for lower, label in zip(self.lower, self.labels, strict=True):
            if shown >= Decimal(str(lower)):
                return label
        return None

    def fits(self, question: Question) -> bool:
        """Return True when the bands were made for this question's scale."""
        return (question.scale_min, question.scale_max) == self.scale


_LEVELS_TH = ("มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด")
# The interval width (5 - 1) / 5 = 0.8 most Thai agencies use.
DEFAULT_BANDS = Bands((4.21, 3.41, 2.61, 1.81, 1.00), _LEVELS_TH)
# The "real limits" some agencies use instead: 4.50-5.00, 3.50-4.49, ...
HALF_POINT_BANDS = Bands((4.50, 3.50, 2.50, 1.50, 1.00), _LEVELS_TH)


def round_score(value: float) -> Decimal:
    """Return a score rounded half-up to 2 decimals, the way it is printed and read."""
    return Decimal(repr(float(value))).quantize(_CENTS, rounding=ROUND_HALF_UP)


def format_score(value: float) -> str:
    """Return a score as printed in a report: 2 decimals, or a dash when there is none."""
    if value is None or math.isnan(value):
        return "-"
    return f"{round_score(value):.2f}"
