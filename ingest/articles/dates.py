"""Date mentions in a sentence, resolved against the article's publication date.

Absolute forms: ``April 10, 2023``, ``10 April 2023``, ``2023-04-10``, ``April 2023``,
``in 2023``. A month and day without a year (``April 10``) is the last such day up to the
publication date, or the next one from it when the sentence speaks of the future ("will",
"is expected to", ...); wire reports mostly tell what happened. Relative forms, against the publication date ``P``:

==================================  =============================================  =========
text                                resolves to                                    precision
==================================  =============================================  =========
``today`` / ``yesterday``           ``P`` / ``P - 1 day``                          day
``on Monday``, ``Monday``           the Monday on or before ``P``                  day
``last Monday`` / ``next Monday``   the Monday before ``P`` / after ``P``          day
``in April`` (no year)              the last April up to ``P`` (the next one in a  month
                                    sentence about the future: "will", "expected")
``last April`` / ``next April``     the April before / after ``P``'s month         month
``this month`` / ``last month``     ``P``'s month / the month before               month
``next month``                      the month after ``P``'s                        month
``this year`` / ``last year``       ``P``'s year / the year before                 year
``next year``, ``two years ago``    ``P.year + 1``, ``P.year - 2``                 year
==================================  =============================================  =========

Example:
    >>> from datetime import date
    >>> [(d.value.iso, d.value.precision) for d in find_dates("He met her last year.", date(2024, 4, 15))]
    [('2023', 'year')]
    >>> find_dates("OpenAI opened the office on Monday.", date(2024, 4, 17))[0].value.iso
    '2024-04-15'
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

__all__ = ["DateMention", "DateValue", "Precision", "find_dates"]

logger = logging.getLogger(__name__)

Precision = Literal["day", "month", "year"]
_RANK: Final[dict[str, int]] = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True, slots=True, order=True)
class DateValue:
    """A date with a precision: ``2023`` (year), ``2023-04`` (month) or ``2023-04-10`` (day).

    Example:
        >>> DateValue(date(2023, 4, 10), "month").iso
        '2023-04'
        >>> DateValue(date(2023, 1, 1), "year").contains(DateValue(date(2023, 4, 10), "day"))
        True
    """

    day: date
    precision: Precision

    def __post_init__(self) -> None:
        # Normalise so equal values compare equal: a month keeps day 1, a year keeps Jan 1.
        d = self.day
        if self.precision == "month" and d.day != 1:
            object.__setattr__(self, "day", d.replace(day=1))
        elif self.precision == "year" and (d.month, d.day) != (1, 1):
            object.__setattr__(self, "day", d.replace(month=1, day=1))

    @property
    def iso(self) -> str:
        """The value as the curated files write it (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()

    @property
    def first(self) -> date:
        """The first day the value covers."""
        return self.day

    @property
    def last(self) -> date:
        """The last day the value covers."""
        d = self.day
        if self.precision == "year":
            return date(d.year, 12, 31)
        if self.precision == "month":
            return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return d

    def is_finer_than(self, other: DateValue) -> bool:
        """True when this value has a finer precision than ``other``."""
        return _RANK[self.precision] > _RANK[other.precision]

    def contains(self, other: DateValue) -> bool:
        """True when every day of ``other`` lies within this value."""
        return self.first <= other.first and other.last <= self.last

    def agrees_with(self, other: DateValue) -> bool:
        """True when the two values agree at the coarser of their two precisions."""
        return self.contains(other) or other.contains(self)

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises:
            ValueError: if ``text`` is none of these.
        """
        parts = text.strip().split("-")
        if len(parts) == 1 and len(parts[0]) == 4:
            return cls(date(int(parts[0]), 1, 1), "year")
        if len(parts) == 2:
            return cls(date(int(parts[0]), int(parts[1]), 1), "month")
        if len(parts) == 3:
            return cls(date(int(parts[0]), int(parts[1]), int(parts[2][:2])), "day")
        raise ValueError(f"not a date: {text!r}")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in a sentence: where it is, what it says, what it resolves to."""

    start: int
    end: int
    text: str
    value: DateValue
    relative: bool


_MONTHS: Final[dict[str, int]] = {
    name.lower(): i for i, name in enumerate(calendar.month_name) if name
} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS: Final[dict[str, int]] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBERS: Final[dict[str, int]] = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}

_MONTH_RE: Final = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY_RE: Final = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE: Final = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY_RE: Final = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Ordered: earlier patterns win where spans overlap (most specific first).
_PATTERNS: Final[list[tuple[str, re.Pattern[str]]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b")),
    ("dmy", re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE},?\s+{_YEAR_RE}\b")),
    ("weekday_md", re.compile(rf"\b{_WEEKDAY_RE},?\s+{_MONTH_RE}\s+{_DAY_RE}\b(?!,?\s+\d)")),
    ("md", re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?!,?\s*\d)")),
    ("dm", re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE}\b(?!,?\s*\d)")),
    ("month_year", re.compile(rf"\b{_MONTH_RE}(?:\s+of)?,?\s+{_YEAR_RE}\b")),
    ("rel_month", re.compile(rf"\b(?P<rel>last|next|this|earlier this|later this)\s+{_MONTH_RE}", re.I)),
    ("in_month", re.compile(rf"\b(?P<prep>in|since|during|from|until|by|early|late|mid|mid-)\s*{_MONTH_RE}(?!\s*\d)")),
    ("rel_weekday", re.compile(rf"\b(?P<rel>last|next|this)\s+{_WEEKDAY_RE}\b", re.I)),
    ("weekday", re.compile(rf"\b{_WEEKDAY_RE}\b")),
    ("rel_unit", re.compile(
        r"\b(?P<rel>last|next|this|earlier this|later this|the previous|the following)\s+"
        r"(?P<unit>year|month|week)\b", re.I)),
    ("ago", re.compile(
        r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
        r"(?P<unit>years?|months?|days?)\s+ago\b", re.I)),
    ("day_word", re.compile(r"\b(?P<word>today|yesterday|tomorrow)\b", re.I)),
    ("year", re.compile(
        rf"\b(?P<prep>in|since|during|of|by|from|until|early|late|mid|mid-|end of|start of)\s*"
        rf"(?:the\s+)?{_YEAR_RE}\b(?!-\d)", re.I)),
]


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


_FUTURE: Final = re.compile(
    r"\b(?:will|would|shall|plans? to|planning to|expected to|is set to|are set to|is due to|scheduled|"
    r"upcoming|next)\b", re.I)


def _occurrence(month: int, day: int, published: date, *, future: bool) -> date:
    """The last month/day up to ``published``, or the next from it when ``future``."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # February 29
            continue
    if future:
        ahead = [c for c in candidates if c >= published]
        if ahead:
            return ahead[0]
    behind = [c for c in candidates if c <= published]
    if not behind:
        raise ValueError(f"no valid date for month {month} day {day}")
    return behind[-1]


def _resolve(kind: str, m: re.Match[str], published: date, future: bool) -> tuple[DateValue, bool] | None:
    g = m.groupdict()
    month = _MONTHS.get((g.get("month") or "").lower().rstrip("."))
    if kind == "iso":
        return DateValue(date(int(g["year"]), int(g["month"]), int(g["day"])), "day"), False
    if kind in ("mdy", "dmy") and month:
        return DateValue(date(int(g["year"]), month, int(g["day"])), "day"), False
    if kind in ("md", "dm", "weekday_md") and month:
        return DateValue(_occurrence(month, int(g["day"]), published, future=future), "day"), True
    if kind == "month_year" and month:
        return DateValue(date(int(g["year"]), month, 1), "month"), False
    if kind == "year":
        return DateValue(date(int(g["year"]), 1, 1), "year"), False
    if kind in ("rel_month", "in_month") and month:
        rel = (g.get("rel") or "").lower()
        this_year = date(published.year, month, 1)
        if rel == "last":
            value = this_year if month < published.month else date(published.year - 1, month, 1)
        elif rel == "next":
            value = this_year if month > published.month else date(published.year + 1, month, 1)
        elif rel.startswith(("this", "earlier", "later")):
            value = this_year
        else:  # "in April", "since April": the last April begun, or the next in a future sentence
            since = (g.get("prep") or "").lower() == "since"
            value = _occurrence(month, 1, published.replace(day=1), future=future and not since)
        return DateValue(value, "month"), True
    if kind in ("weekday", "rel_weekday"):
        weekday = _WEEKDAYS[g["weekday"].lower()]
        back = (published.weekday() - weekday) % 7
        rel = (g.get("rel") or "").lower()
        if rel == "next":
            ahead = (weekday - published.weekday()) % 7 or 7
            return DateValue(published + timedelta(days=ahead), "day"), True
        if rel == "last":
            back = back or 7
        return DateValue(published - timedelta(days=back), "day"), True
    if kind == "rel_unit":
        rel = g["rel"].lower()
        unit = g["unit"].lower()
        step = -1 if rel in ("last", "the previous") else 1 if rel in ("next", "the following") else 0
        if unit == "year":
            return DateValue(date(published.year + step, 1, 1), "year"), True
        if unit == "month":
            return DateValue(_add_months(published, step), "month"), True
        return None  # a week is no precision of ours
    if kind == "ago":
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = g["unit"].lower().rstrip("s")
        if unit == "year":
            return DateValue(date(published.year - n, 1, 1), "year"), True
        if unit == "month":
            return DateValue(_add_months(published, -n), "month"), True
        return DateValue(published - timedelta(days=n), "day"), True
    if kind == "day_word":
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
        return DateValue(published + timedelta(days=offset), "day"), True
    return None


def find_dates(text: str, published: date) -> list[DateMention]:
    """Find and resolve the date mentions of ``text``.

    Args:
        text: one sentence.
        published: the article's publication date, the anchor of relative dates.

    Returns:
        Non-overlapping mentions in text order (the most specific pattern wins an overlap).

    Example:
        >>> [m.value.iso for m in find_dates("On 10 April 2023 and in April 2022.", date(2024, 1, 1))]
        ['2023-04-10', '2022-04']
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    future = _FUTURE.search(text) is not None
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            try:
                resolved = _resolve(kind, m, published, future)
            except ValueError:  # "February 30"
                logger.debug("ignoring impossible date %r", m.group(0))
                continue
            if resolved is None:
                continue
            value, relative = resolved
            # The preposition is not part of the date, but "last"/"next" are.
            if kind in ("in_month", "year") and m.group("prep"):
                lead = m.group(0)
                skip = len(m.group("prep"))
                start += skip + (len(lead) - skip - len(lead[skip:].lstrip()))
                if lead[skip:].lstrip().lower().startswith("the "):
                    start += 4
            taken.append((start, end))
            found.append(DateMention(start, end, text[start:end], value, relative))
    found.sort(key=lambda d: d.start)
    return found
