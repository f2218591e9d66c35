"""Partial dates: "2023", "2023-04" and "2023-04-10" with year, month and day precision.

A fact's time is stored in Neo4j as a DATE (the first day of the period) plus a
``*_precision`` property, so ``"2023-04"`` becomes ``date('2023-04-01')`` with precision
``month``. :class:`PartialDate` keeps both and knows the period it covers.

Example:
    >>> d = PartialDate.parse("2023-04")
    >>> d.value, d.precision, str(d)
    (datetime.date(2023, 4, 1), 'month', '2023-04')
    >>> PartialDate.parse("2023-04").contains(PartialDate.parse("2023-04-10"))
    True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["PartialDate", "Precision"]

Precision = Literal["day", "month", "year"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year.

    Attributes:
        value: the first day of the period.
        precision: ``day``, ``month`` or ``year``.
    """

    value: dt.date
    precision: Precision

    @classmethod
    def parse(cls, raw: object) -> PartialDate:
        """Parse ``"2023"``, ``"2023-04"``, ``"2023-04-10"``, an int year or a ``date``.

        Args:
            raw: the value as read from a file (YAML gives ``date`` or ``int`` for unquoted
                values, CSV and JSON give strings).

        Returns:
            The partial date.

        Raises:
            ValueError: if the value is not one of these shapes or not a real date.
        """
        if isinstance(raw, PartialDate):
            return raw
        if isinstance(raw, dt.datetime):
            return cls(raw.date(), "day")
        if isinstance(raw, dt.date):
            return cls(raw, "day")
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = f"{raw:04d}"
        if not isinstance(raw, str):
            raise ValueError(f"expected a date like 2023, 2023-04 or 2023-04-10, got {raw!r}")
        m = _PATTERN.match(raw.strip())
        if not m:
            raise ValueError(f"expected a date like 2023, 2023-04 or 2023-04-10, got {raw!r}")
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            if day is not None:
                return cls(dt.date(int(year), int(month), int(day)), "day")
            if month is not None:
                return cls(dt.date(int(year), int(month), 1), "month")
            return cls(dt.date(int(year), 1, 1), "year")
        except ValueError as e:
            raise ValueError(f"{raw!r} is not a real date ({e})") from None

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.precision == "day":
            return self.value
        if self.precision == "month":
            last = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last)
        return self.value.replace(month=12, day=31)

    def contains(self, other: PartialDate) -> bool:
        """True when ``other``'s period lies within this one."""
        return self.value <= other.value and other.end <= self.end

    def compatible(self, other: PartialDate) -> bool:
        """True when one period contains the other (they may describe the same day)."""
        return self.contains(other) or other.contains(self)

    def __str__(self) -> str:
        if self.precision == "day":
            return self.value.isoformat()
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )
