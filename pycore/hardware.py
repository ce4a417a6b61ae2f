"""Hardware catalog: the four deployment tiers, each with sourced constants.

Units are SI and appear in every field name: operations per second, bytes,
bytes per second, watts, seconds. Decimal prefixes throughout (1 GB = 1e9 bytes).
Every peak rate names its precision and whether it assumes structured sparsity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from . import _checks
from .sources import Source, SourceKind, assumption, derived


class Precision(str, Enum):
    """Numeric precision of a peak rate or a tensor."""

    FP32 = "fp32"
    FP16 = "fp16"
    BF16 = "bf16"
    INT8 = "int8"

    @property
    def bytes_per_element(self) -> int:
        """Storage size of one element, in bytes."""
        return {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1}[self.value]

    @property
    def is_float(self) -> bool:
        return self is not Precision.INT8


class Tier(str, Enum):
    """Deployment tier, from the datacenter down to the microcontroller."""

    CLOUD = "cloud"
    EDGE = "edge"
    MOBILE = "mobile"
    TINY = "tiny"

    @property
    def label(self) -> str:
        return {"cloud": "Cloud", "edge": "Edge", "mobile": "Mobile", "tiny": "TinyML"}[self.value]


@dataclass(frozen=True, kw_only=True)
class PeakRate:
    """A peak arithmetic rate at one precision.

    ``ops_per_s`` counts floating-point operations for float precisions and integer
    operations for INT8 (one multiply-accumulate = 2 operations).
    """

    precision: Precision
    ops_per_s: float
    sparse: bool
    source: Source

    def __post_init__(self) -> None:
        _checks.positive("ops_per_s", self.ops_per_s)

    @property
    def unit(self) -> str:
        """'FLOP/s' for float precisions, 'OP/s' for integer ones."""
        return "FLOP/s" if self.precision.is_float else "OP/s"

    @property
    def label(self) -> str:
        """Precision and sparsity, for example 'FP16 dense' or 'INT8 sparse'."""
        return f"{self.precision.name} {'sparse' if self.sparse else 'dense'}"


# Fields of HardwareSpec that must each carry a Source.
SOURCED_FIELDS = ("mem_bw_bytes_per_s", "mem_capacity_bytes", "tdp_W", "dispatch_overhead_s")


@dataclass(frozen=True, kw_only=True)
class HardwareSpec:
    """One device. Construct with keywords only; bad values raise ValueError naming the field.

    ``dispatch_overhead_s`` is the fixed per-inference overhead L of the Iron Law
    (kernel launch and framework dispatch), or None where no defensible figure exists.
    """

    key: str
    name: str
    tier: Tier
    peaks: tuple[PeakRate, ...]
    headline_precision: Precision
    headline_sparse: bool
    mem_bw_bytes_per_s: float
    mem_capacity_bytes: float
    memory_kind: str
    tdp_W: float
    dispatch_overhead_s: float | None
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.peaks:
            raise ValueError(f"peaks: {self.key} needs at least one peak rate")
        _checks.positive("mem_bw_bytes_per_s", self.mem_bw_bytes_per_s)
        _checks.positive("mem_capacity_bytes", self.mem_capacity_bytes)
        _checks.positive("tdp_W", self.tdp_W)
        if self.dispatch_overhead_s is not None:
            _checks.non_negative("dispatch_overhead_s", self.dispatch_overhead_s)
        for name in SOURCED_FIELDS:
            if getattr(self, name) is not None and name not in self.sources:
                raise ValueError(f"sources: {self.key}.{name} has no source")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        self.peak(self.headline_precision, sparse=self.headline_sparse)

    def peak(self, precision: Precision, *, sparse: bool = False) -> PeakRate:
        """The peak rate at ``precision``; ValueError naming it if the device has none."""
        for rate in self.peaks:
            if rate.precision is precision and rate.sparse == sparse:
                return rate
        kind = "sparse" if sparse else "dense"
        raise ValueError(f"precision: {self.name} has no published {kind} {precision.name} peak")

    @property
    def headline(self) -> PeakRate:
        """The peak rate the vendor headlines (its precision and sparsity are in the label)."""
        return self.peak(self.headline_precision, sparse=self.headline_sparse)

    def ridge_point(self, precision: Precision | None = None, *, sparse: bool = False) -> float:
        """Arithmetic intensity at which compute and memory time are equal, in ops/byte."""
        rate = self.headline if precision is None else self.peak(precision, sparse=sparse)
        return rate.ops_per_s / self.mem_bw_bytes_per_s


_ACCESSED = "2026-11-22"


def _datasheet(citation: str, url: str, note: str = "") -> Source:
    return Source(kind=SourceKind.DATASHEET, citation=citation, url=url, accessed=_ACCESSED, note=note)


_H100_DS = (
    "NVIDIA H100 Tensor Core GPU datasheet (SXM5 column)",
    "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
)
_ORIN_DS = (
    "NVIDIA Jetson Orin NX 16GB module specifications",
    "https://developer.nvidia.com/embedded/jetson-modules",
)
_A17_PR = (
    "Apple Newsroom, 'Apple unveils iPhone 15 Pro and iPhone 15 Pro Max' (A17 Pro), 2023-09-12",
    "https://www.apple.com/newsroom/2023/09/apple-unveils-iphone-15-pro-and-iphone-15-pro-max/",
)
_STM32H7_DS = (
    "STMicroelectronics STM32H743/753 product page and datasheet DS12110",
    "https://www.st.com/en/microcontrollers-microprocessors/stm32h743-753.html",
)

H100_SXM5 = HardwareSpec(
    key="h100",
    name="NVIDIA H100 SXM5",
    tier=Tier.CLOUD,
    peaks=(
        PeakRate(precision=Precision.FP16, ops_per_s=989e12, sparse=False,
                 source=_datasheet(*_H100_DS, note="Tensor Core FP16: 1,979 TFLOP/s with 2:4 sparsity; dense is half")),
        PeakRate(precision=Precision.FP16, ops_per_s=1979e12, sparse=True, source=_datasheet(*_H100_DS)),
        PeakRate(precision=Precision.BF16, ops_per_s=989e12, sparse=False,
                 source=_datasheet(*_H100_DS, note="Tensor Core BF16: 1,979 TFLOP/s with sparsity; dense is half")),
        PeakRate(precision=Precision.INT8, ops_per_s=1979e12, sparse=False,
                 source=_datasheet(*_H100_DS, note="Tensor Core INT8: 3,958 TOPS with sparsity; dense is half")),
        PeakRate(precision=Precision.FP32, ops_per_s=67e12, sparse=False,
                 source=_datasheet(*_H100_DS, note="FP32 on CUDA cores, no Tensor Core")),
    ),
    headline_precision=Precision.FP16,
    headline_sparse=False,
    mem_bw_bytes_per_s=3.35e12,
    mem_capacity_bytes=80e9,
    memory_kind="HBM3",
    tdp_W=700.0,
    dispatch_overhead_s=10e-6,
    sources={
        "mem_bw_bytes_per_s": _datasheet(*_H100_DS, note="GPU memory bandwidth 3.35 TB/s (HBM3)"),
        "mem_capacity_bytes": _datasheet(*_H100_DS, note="80 GB HBM3"),
        "tdp_W": _datasheet(*_H100_DS, note="max thermal design power up to 700 W (configurable)"),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference dispatch on a datacenter GPU",
            "a CUDA kernel launch costs a few microseconds; with framework dispatch the fixed "
            "cost of one small inference is of order 10 us",
        ),
    },
)

JETSON_ORIN_NX_16GB = HardwareSpec(
    key="orin_nx",
    name="NVIDIA Jetson Orin NX 16GB",
    tier=Tier.EDGE,
    peaks=(
        PeakRate(precision=Precision.INT8, ops_per_s=100e12, sparse=True,
                 source=_datasheet(*_ORIN_DS, note="'100 TOPS' AI performance: INT8 with sparsity, GPU + DLA")),
        PeakRate(precision=Precision.INT8, ops_per_s=50e12, sparse=False,
                 source=derived("dense INT8 = 100 TOPS sparse / 2 (2:4 structured sparsity doubles the quoted rate)")),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=True,
    mem_bw_bytes_per_s=102.4e9,
    mem_capacity_bytes=16e9,
    memory_kind="LPDDR5",
    tdp_W=25.0,
    dispatch_overhead_s=200e-6,
    sources={
        "mem_bw_bytes_per_s": _datasheet(*_ORIN_DS, note="128-bit LPDDR5, 102.4 GB/s"),
        "mem_capacity_bytes": _datasheet(*_ORIN_DS, note="16 GB LPDDR5"),
        "tdp_W": _datasheet(*_ORIN_DS, note="power modes 10 W to 25 W; the top mode is used"),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference dispatch on an embedded GPU",
            "an ARM host CPU and a shared-memory GPU make launches and synchronisation "
            "costlier than on a datacenter host; the course uses 0.2 ms",
        ),
    },
)

A17_PRO_NPU = HardwareSpec(
    key="a17_npu",
    name="Smartphone NPU (Apple A17 Pro class)",
    tier=Tier.MOBILE,
    peaks=(
        PeakRate(precision=Precision.INT8, ops_per_s=35e12, sparse=False,
                 source=_datasheet(*_A17_PR, note="'35 trillion operations per second'; Apple does not state the "
                                   "precision, which the course takes to be INT8")),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=False,
    mem_bw_bytes_per_s=8533e6 * 64 / 8,
    mem_capacity_bytes=8e9,
    memory_kind="LPDDR5",
    tdp_W=5.0,
    dispatch_overhead_s=None,
    sources={
        "mem_bw_bytes_per_s": derived("8,533 MT/s x 64-bit bus / 8 bits per byte = 68.3 GB/s (LPDDR5X-class phone memory)"),
        "mem_capacity_bytes": assumption(
            "Course figure for an A17 Pro-class phone's DRAM",
            "Apple does not publish RAM sizes; iPhone 15 Pro teardowns report 8 GB of LPDDR5",
        ),
        "tdp_W": assumption(
            "Course model of a phone's sustained power budget",
            "a handheld device sheds about 5 W before it throttles; peaks run higher briefly",
        ),
    },
)

CORTEX_M7_MCU = HardwareSpec(
    key="cortex_m7",
    name="Arm Cortex-M7 MCU (STM32H7 class)",
    tier=Tier.TINY,
    peaks=(
        PeakRate(precision=Precision.FP32, ops_per_s=1e9, sparse=False,
                 source=derived("480 MHz x 2 FLOP/cycle (single-precision fused multiply-add) = 0.96 GFLOP/s, "
                                "rounded to 1 GFLOP/s; clock from STM32H743 datasheet DS12110")),
    ),
    headline_precision=Precision.FP32,
    headline_sparse=False,
    mem_bw_bytes_per_s=0.05e9,
    mem_capacity_bytes=512e3,
    memory_kind="SRAM",
    tdp_W=0.1,
    dispatch_overhead_s=2e-3,
    sources={
        "mem_bw_bytes_per_s": derived("quad-SPI external flash: 4 bits x 100 MHz / 8 = 50 MB/s, where weights "
                                      "too big for on-chip memory must stream from"),
        "mem_capacity_bytes": _datasheet(*_STM32H7_DS, note="512 KB AXI SRAM, the largest contiguous block of "
                                         "its 1 MB of RAM"),
        "tdp_W": assumption(
            "Course model of a microcontroller's power budget",
            "an STM32H7 at full clock draws on the order of 0.1 W; coin-cell designs draw far less",
        ),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference overhead on a microcontroller runtime",
            "an interpreter-style runtime (TFLite Micro class) spends milliseconds on setup and "
            "operator dispatch per inference; the course uses 2 ms",
        ),
    },
)

DEVICES: Mapping[str, HardwareSpec] = MappingProxyType(
    {d.key: d for d in (H100_SXM5, JETSON_ORIN_NX_16GB, A17_PRO_NPU, CORTEX_M7_MCU)}
)
TIERS: Mapping[Tier, HardwareSpec] = MappingProxyType({d.tier: d for d in DEVICES.values()})


def device(key: str) -> HardwareSpec:
    """Look a device up by key; ValueError naming the key if it is not in the catalog."""
    try:
        return DEVICES[key]
    except KeyError:
        raise ValueError(f"key: no device {key!r}; known: {', '.join(DEVICES)}") from None


def tier_device(tier: Tier | str) -> HardwareSpec:
    """The reference device of a deployment tier (accepts a Tier or its value)."""
    try:
        return TIERS[Tier(tier)]
    except ValueError:
        raise ValueError(f"tier: no tier {tier!r}; known: {', '.join(t.value for t in Tier)}") from None
