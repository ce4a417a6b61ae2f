"""Number formatting for what students read: SI prefixes, ratios and powers of ten.

Formatting only: every value formatted here was computed by pycore.
"""

from __future__ import annotations

import math

_PREFIXES = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""),
             (1e-3, "m"), (1e-6, "µ"), (1e-9, "n")]
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sig(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` significant figures, without exponent notation for common sizes."""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def si(value: float, unit: str, digits: int = 3) -> str:
    """``value`` in base units with an SI prefix: si(2.985e-5, 's') -> '29.9 µs'."""
    for scale, prefix in _PREFIXES:
        if abs(value) >= scale:
            return f"{sig(value / scale, digits)} {prefix}{unit}"
    return f"{value:.{digits}g} {unit}"


def times(value: float) -> str:
    """A ratio as a multiplier, rounded to 3 significant figures: 989000.0 -> '989,000×'."""
    return f"{sig(value, 3)}×"


def power_of_ten(exponent: int) -> str:
    """10 to an integer power in Unicode: 6 -> '10⁶'."""
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def percent(fraction: float) -> str:
    """A fraction as a percentage to 3 significant figures (at most one decimal): 0.3333 -> '33.3%'."""
    value = fraction * 100
    return f"{value:.1f}%" if abs(value) < 100 else f"{value:.0f}%"


def duration(seconds: float) -> str:
    """A time in the unit that reads best: 5e-3 -> '5 ms', 2.5e-5 -> '25 µs', 1.5 -> '1.5 s'."""
    return si(seconds, "s", 3).replace(".00 ", " ").replace(".0 ", " ")


def _plain(value: float) -> str:
    """Three significant figures without padding zeros: 1.5 -> '1.5', 146.0 -> '146'."""
    text = sig(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


_SPANS = ((365.25 * 86400, "year", 1.0), (86400, "day", 2.0), (3600, "hour", 2.0), (60, "minute", 1.0))


def span(seconds: float) -> str:
    """A time as a person says it: 12.6e6 -> '146 days', 5400 -> '90 minutes', 3e-3 -> '3 ms' (never
    '12.6 Ms'). Days from two days, hours from two hours, years from one year."""
    for scale, word, least in _SPANS:
        if seconds >= scale * least:
            value = seconds / scale
            return f"{_plain(value)} {word}{'' if _plain(value) == '1' else 's'}"
    return duration(seconds)


_COUNT_PREFIXES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def count(value: float) -> str:
    """A count as a person writes it: 1.26e7 -> '12.6 million', 4200 -> '4,200'."""
    for scale, word in _COUNT_PREFIXES:
        if abs(value) >= scale * 10 or (scale >= 1e6 and abs(value) >= scale):
            return f"{_plain(value / scale)} {word}"
    return f"{value:,.0f}" if float(value).is_integer() else _plain(value)


def rate(value: float, unit: str) -> str:
    """A large rate with an SI prefix set apart from a word unit: 1.979e15 ops/s -> '1.98 P ops/s'."""
    for scale, prefix in _PREFIXES:
        if abs(value) >= scale:
            return f"{sig(value / scale)} {prefix} {unit}".replace("  ", " ")
    return f"{value:.3g} {unit}"


def time_scale(seconds: float) -> tuple[float, str]:
    """The factor and unit an axis of times up to ``seconds`` reads best in: (1e3, 'ms') for 0.02 s."""
    if seconds >= 1:
        return 1.0, "s"
    return (1e3, "ms") if seconds >= 1e-3 else (1e6, "µs")
