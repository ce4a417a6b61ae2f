"""Argument checks shared by pycore: bad input raises ValueError naming the argument."""

from __future__ import annotations

import math


def positive(name: str, value: float) -> float:
    """Return ``value`` if it is a finite number > 0, else raise ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name}: expected a number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite value > 0, got {value!r}")
    return value


def non_negative(name: str, value: float) -> float:
    """Return ``value`` if it is a finite number >= 0, else raise ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name}: expected a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}: expected a finite value >= 0, got {value!r}")
    return value


def fraction(name: str, value: float) -> float:
    """Return ``value`` if 0 < value <= 1, else raise ValueError naming ``name``."""
    positive(name, value)
    if value > 1:
        raise ValueError(f"{name}: expected a fraction in (0, 1], got {value!r}")
    return value


def count(name: str, value: int, *, minimum: int = 1) -> int:
    """Return ``value`` if it is an int >= ``minimum``, else raise ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}: expected a whole number >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name}: expected a whole number >= {minimum}, got {value!r}")
    return value


def in_range(name: str, value: float, low: float, high: float) -> float:
    """Return ``value`` if low <= value <= high, else raise ValueError naming ``name`` and the range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name}: expected a number in [{low}, {high}], got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name}: expected a number in [{low}, {high}], got {value!r}")
    return value
