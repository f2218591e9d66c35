"""Money amounts in text: ``$10 billion``, ``10 billion dollars``, ``€15 million``, ``$1.5bn``.

Example:
    >>> [(m.amount, m.currency) for m in find_money("It put in $10 billion, then €15 million.")]
    [(10000000000, 'USD'), (15000000, 'EUR')]
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = ["MoneyMention", "find_money"]

logger = logging.getLogger(__name__)

_SCALES: Final[dict[str, int]] = {
    "trillion": 10**12, "tn": 10**12, "t": 10**12,
    "billion": 10**9, "bn": 10**9, "b": 10**9,
    "million": 10**6, "mn": 10**6, "m": 10**6, "mln": 10**6,
    "thousand": 10**3, "k": 10**3,
}
_SYMBOLS: Final[dict[str, str]] = {
    "us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY", "c$": "CAD", "cad": "CAD", "a$": "AUD", "hk$": "HKD", "s$": "SGD",
    "₩": "KRW", "krw": "KRW", "₹": "INR", "inr": "INR", "cny": "CNY", "rmb": "CNY", "chf": "CHF",
}
_WORDS: Final[dict[str, str]] = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "pounds sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "won": "KRW", "rupees": "INR", "swiss francs": "CHF",
}
_NUMBER: Final = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE: Final = r"(?:\s*(?P<scale>trillion|billion|million|thousand|bn|mn|mln|tn)\b|(?P<short>[bmkBM])\b)?"
_PREFIX: Final = re.compile(
    r"(?P<cur>US\$|HK\$|C\$|A\$|S\$|\$|€|£|¥|₩|₹|\b(?:USD|EUR|GBP|JPY|CAD|KRW|INR|CNY|RMB|CHF)\s?)"
    rf"\s?{_NUMBER}{_SCALE}"
)
_SUFFIX: Final = re.compile(
    rf"\b{_NUMBER}\s*(?P<scale>trillion|billion|million|thousand|bn|mn)?\s+"
    r"(?P<word>US dollars|dollars?|euros?|pounds(?: sterling)?|yen|yuan|renminbi|won|rupees|swiss francs)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """An amount of money found in a sentence."""

    start: int
    end: int
    text: str
    amount: int | float
    currency: str


def _amount(num: str, scale: str | None) -> int | float:
    value = Decimal(num.replace(",", "")) * _SCALES.get((scale or "").lower(), 1)
    return int(value) if value == value.to_integral_value() else float(value)


def find_money(text: str) -> list[MoneyMention]:
    """Find the amounts of money in ``text``, in order.

    Example:
        >>> [(m.text, m.amount) for m in find_money("a 1.2 billion euro deal and 10 billion dollars")]
        [('1.2 billion euro', 1200000000), ('10 billion dollars', 10000000000)]
    """
    found: list[MoneyMention] = []
    for m in _PREFIX.finditer(text):
        scale = m.group("scale") or m.group("short")
        currency = _SYMBOLS[m.group("cur").strip().lower()]
        found.append(MoneyMention(m.start(), m.end(), m.group(0), _amount(m.group("num"), scale), currency))
    for m in _SUFFIX.finditer(text):
        if any(m.start() < f.end and f.start < m.end() for f in found):
            continue
        word = m.group("word").lower()
        currency = _WORDS.get(word) or _WORDS.get(word.rstrip("s")) or _WORDS[word + "s"]
        found.append(MoneyMention(m.start(), m.end(), m.group(0), _amount(m.group("num"), m.group("scale")), currency))
    found.sort(key=lambda f: f.start)
    return found
