"""Energy per operation and per byte, per inference, and power against a budget.

Figures are Horowitz's 45 nm, 0.9 V estimates: old silicon, so absolute joules run
high for modern chips, but the ratios are what the labs teach: one byte from DRAM
(244 pJ, a 64-bit access shared by 8 bytes) costs about a thousand INT8
multiply-accumulates (0.23 pJ each) and about eight thousand INT8 adds (0.03 pJ).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from . import _checks
from .hardware import HardwareSpec, Precision
from .sources import paper

HOROWITZ_2014 = paper(
    "M. Horowitz, 'Computing's energy problem (and what we can do about it)', ISSCC 2014, 45 nm figures",
    "https://doi.org/10.1109/ISSCC.2014.6757323",
    note="add/multiply: INT8 0.03/0.2 pJ, FP16 0.4/1.1 pJ, FP32 0.9/3.7 pJ; 64-bit SRAM read: 8 KB 10 pJ, "
    "32 KB 20 pJ, 1 MB 100 pJ; DRAM 1.3-2.6 nJ per 64 bits",
)

PJ = 1e-12

# One multiply plus one add, in joules; BF16 is taken to cost what FP16 does.
J_PER_MAC: Mapping[Precision, float] = MappingProxyType(
    {
        Precision.INT8: (0.2 + 0.03) * PJ,
        Precision.FP16: (1.1 + 0.4) * PJ,
        Precision.BF16: (1.1 + 0.4) * PJ,
        Precision.FP32: (3.7 + 0.9) * PJ,
    }
)


class MemoryLevel(str, Enum):
    """Where a byte is read from, by cost."""

    SRAM_8KB = "sram_8kb"
    SRAM_32KB = "sram_32kb"
    SRAM_1MB = "sram_1mb"
    DRAM = "dram"

    @property
    def label(self) -> str:
        return {"sram_8kb": "8 KB SRAM", "sram_32kb": "32 KB SRAM", "sram_1mb": "1 MB SRAM", "dram": "DRAM"}[self.value]


# Per 64-bit access divided by 8 bytes; DRAM takes the middle of 1.3-2.6 nJ.
J_PER_BYTE: Mapping[MemoryLevel, float] = MappingProxyType(
    {
        MemoryLevel.SRAM_8KB: 10 * PJ / 8,
        MemoryLevel.SRAM_32KB: 20 * PJ / 8,
        MemoryLevel.SRAM_1MB: 100 * PJ / 8,
        MemoryLevel.DRAM: (1300 + 2600) / 2 * PJ / 8,
    }
)


def dram_byte_in_int8_macs() -> float:
    """How many INT8 multiply-accumulates cost as much energy as one byte read from DRAM (dimensionless)."""
    return J_PER_BYTE[MemoryLevel.DRAM] / J_PER_MAC[Precision.INT8]


def j_per_op(precision: Precision) -> float:
    """Energy of one operation (half a MAC) at ``precision``, in joules."""
    return J_PER_MAC[Precision(precision)] / 2


@dataclass(frozen=True, kw_only=True)
class EnergyBreakdown:
    """Energy of one inference (or batch), in joules."""

    compute_J: float
    memory_J: float

    @property
    def total_J(self) -> float:
        return self.compute_J + self.memory_J

    @property
    def memory_share(self) -> float:
        """Fraction of the energy spent moving data (0..1)."""
        return self.memory_J / self.total_J


def energy(
    *, ops: float, precision: Precision, bytes_moved: float, level: MemoryLevel = MemoryLevel.DRAM
) -> EnergyBreakdown:
    """Energy of ``ops`` operations at ``precision`` and ``bytes_moved`` bytes from memory ``level``."""
    _checks.non_negative("ops", ops)
    _checks.non_negative("bytes_moved", bytes_moved)
    return EnergyBreakdown(compute_J=ops * j_per_op(precision), memory_J=bytes_moved * J_PER_BYTE[MemoryLevel(level)])


def power_W(*, energy_J: float, rate_per_s: float) -> float:
    """Average power of ``rate_per_s`` inferences per second at ``energy_J`` each, in watts."""
    return _checks.non_negative("energy_J", energy_J) * _checks.non_negative("rate_per_s", rate_per_s)


def budget_ratio(power: float, device: HardwareSpec) -> float:
    """Power over the device's TDP (dimensionless; above 1 means over budget)."""
    return _checks.non_negative("power", power) / device.tdp_W
