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
