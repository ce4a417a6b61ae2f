"""Tier-to-tier comparison: ratios and orders of magnitude between devices."""

from __future__ import annotations

import math
from enum import Enum

from . import _checks
from .hardware import HardwareSpec


class Metric(str, Enum):
    """A headline property compared across devices, with its SI unit."""

    PEAK_COMPUTE = "peak_compute"
    MEM_BW = "mem_bw"
    MEM_CAPACITY = "mem_capacity"
    POWER = "power"

    @property
    def label(self) -> str:
        return {
            "peak_compute": "Peak compute",
            "mem_bw": "Memory bandwidth",
            "mem_capacity": "Memory capacity",
            "power": "Power",
        }[self.value]

    @property
    def unit(self) -> str:
        return {"peak_compute": "ops/s", "mem_bw": "B/s", "mem_capacity": "B", "power": "W"}[self.value]


def metric_value(device: HardwareSpec, metric: Metric) -> float:
    """The device's value of ``metric`` in SI units (peak compute uses the headline rate)."""
    return {
        Metric.PEAK_COMPUTE: device.headline.ops_per_s,
        Metric.MEM_BW: device.mem_bw_bytes_per_s,
        Metric.MEM_CAPACITY: device.mem_capacity_bytes,
        Metric.POWER: device.tdp_W,
    }[Metric(metric)]


def ratio(a: HardwareSpec, b: HardwareSpec, metric: Metric) -> float:
    """How many times ``a`` exceeds ``b`` in ``metric`` (dimensionless)."""
    return metric_value(a, metric) / metric_value(b, metric)


def orders_of_magnitude(value: float) -> float:
    """log10 of a positive ratio: 1e6 -> 6.0."""
    return math.log10(_checks.positive("value", value))


def nearest_power_of_ten(value: float) -> int:
    """The exponent of the power of ten nearest ``value`` on a log scale: 989,000 -> 6."""
    return round(orders_of_magnitude(value))


def orders_off(predicted: float, actual: float) -> float:
    """How many orders of magnitude ``predicted`` is from ``actual`` (signed: + means too high)."""
    return orders_of_magnitude(_checks.positive("predicted", predicted)) - orders_of_magnitude(
        _checks.positive("actual", actual)
    )
