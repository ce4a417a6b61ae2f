"""Hardware catalog: the four deployment tiers, each with sourced constants.

Units are SI and appear in every field name: operations per second, bytes,
bytes per second, watts, seconds. Decimal prefixes throughout (1 GB = 1e9 bytes).
Every peak rate names its precision and whether it assumes structured sparsity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from types import MappingProxyType

from . import _checks
from .sources import Source, assumption, datasheet, derived


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
SOURCED_FIELDS = ("mem_bw_bytes_per_s", "mem_capacity_bytes", "tdp_W", "dispatch_overhead_s", "kernel_launch_s",
                  "host_sync_s")


@dataclass(frozen=True, kw_only=True)
class HardwareSpec:
    """One device. Construct with keywords only; bad values raise ValueError naming the field.

    ``dispatch_overhead_s`` is the fixed overhead L of one inference call in the Iron Law
    (the runtime's dispatch, with the inference launched as one captured graph), or None where
    no defensible figure exists. ``kernel_launch_s`` is what each further kernel (operator)
    launched one by one adds, and ``host_sync_s`` what one round trip to the host costs (a
    graph break); lab 07 builds eager execution and graph breaks from them.
    ``bandwidth_kind`` names the memory the bandwidth figure is for, where that is not the
    memory ``mem_capacity_bytes`` counts (a microcontroller streams weights from flash).
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
    kernel_launch_s: float | None = None
    host_sync_s: float | None = None
    bandwidth_kind: str = ""
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.peaks:
            raise ValueError(f"peaks: {self.key} needs at least one peak rate")
        _checks.positive("mem_bw_bytes_per_s", self.mem_bw_bytes_per_s)
        _checks.positive("mem_capacity_bytes", self.mem_capacity_bytes)
        _checks.positive("tdp_W", self.tdp_W)
        for name in ("dispatch_overhead_s", "kernel_launch_s", "host_sync_s"):
            if getattr(self, name) is not None:
                _checks.non_negative(name, getattr(self, name))
        if not self.bandwidth_kind:
            object.__setattr__(self, "bandwidth_kind", self.memory_kind)
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
        PeakRate(
            precision=Precision.FP16,
            ops_per_s=989e12,
            sparse=False,
            source=datasheet(*_H100_DS, note="Tensor Core FP16: 1,979 TFLOP/s with 2:4 sparsity; dense is half"),
        ),
        PeakRate(precision=Precision.FP16, ops_per_s=1979e12, sparse=True, source=datasheet(*_H100_DS)),
        PeakRate(
            precision=Precision.BF16,
            ops_per_s=989e12,
            sparse=False,
            source=datasheet(*_H100_DS, note="Tensor Core BF16: 1,979 TFLOP/s with sparsity; dense is half"),
        ),
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=1979e12,
            sparse=False,
            source=datasheet(*_H100_DS, note="Tensor Core INT8: 3,958 TOPS with sparsity; dense is half"),
        ),
        PeakRate(precision=Precision.INT8, ops_per_s=3958e12, sparse=True, source=datasheet(*_H100_DS)),
        PeakRate(
            precision=Precision.FP32,
            ops_per_s=67e12,
            sparse=False,
            source=datasheet(*_H100_DS, note="FP32 on CUDA cores, no Tensor Core"),
        ),
    ),
    headline_precision=Precision.FP16,
    headline_sparse=False,
    mem_bw_bytes_per_s=3.35e12,
    mem_capacity_bytes=80e9,
    memory_kind="HBM3",
    tdp_W=700.0,
    dispatch_overhead_s=10e-6,
    kernel_launch_s=1e-05,
    host_sync_s=5e-05,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "the frameworks chapter's 5-20 us per CUDA kernel launch; the middle, 10 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "a stream synchronise, a device-to-host copy of the predicate and Python re-entry: tens of microseconds; "
            "the course uses 50 us",
        ),
        "mem_bw_bytes_per_s": datasheet(*_H100_DS, note="GPU memory bandwidth 3.35 TB/s (HBM3)"),
        "mem_capacity_bytes": datasheet(*_H100_DS, note="80 GB HBM3"),
        "tdp_W": datasheet(*_H100_DS, note="max thermal design power up to 700 W (configurable)"),
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
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=100e12,
            sparse=True,
            source=datasheet(*_ORIN_DS, note="'100 TOPS' AI performance: INT8 with sparsity, GPU + DLA"),
        ),
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=50e12,
            sparse=False,
            source=derived("dense INT8 = 100 TOPS sparse / 2 (2:4 structured sparsity doubles the quoted rate)"),
        ),
        PeakRate(
            precision=Precision.FP16,
            ops_per_s=8 * 2048 * 918e6,
            sparse=False,
            source=derived(
                "GPU Tensor Cores only: 8 Ampere SMs (1,024 CUDA cores / 128) x 2,048 dense FP16 "
                "FLOP per SM per clock (A100 whitepaper rate) x 918 MHz = 15.0 TFLOP/s"
            ),
        ),
        PeakRate(
            precision=Precision.FP32,
            ops_per_s=1024 * 2 * 918e6,
            sparse=False,
            source=derived("1,024 CUDA cores x 2 FLOP (fused multiply-add) x 918 MHz = 1.88 TFLOP/s"),
        ),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=True,
    mem_bw_bytes_per_s=102.4e9,
    mem_capacity_bytes=16e9,
    memory_kind="LPDDR5",
    tdp_W=25.0,
    dispatch_overhead_s=200e-6,
    kernel_launch_s=2e-05,
    host_sync_s=0.0001,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "the same CUDA launch path driven by a slower Arm host: twice the datacenter figure, 20 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "synchronising the integrated GPU with its Arm host and re-entering Python: twice the datacenter figure, "
            "100 us",
        ),
        "mem_bw_bytes_per_s": datasheet(*_ORIN_DS, note="128-bit LPDDR5, 102.4 GB/s"),
        "mem_capacity_bytes": datasheet(*_ORIN_DS, note="16 GB LPDDR5"),
        "tdp_W": datasheet(*_ORIN_DS, note="power modes 10 W to 25 W; the top mode is used"),
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
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=35e12,
            sparse=False,
            source=datasheet(
                *_A17_PR,
                note="'35 trillion operations per second'; Apple does not state the "
                "precision, which the course takes to be INT8",
            ),
        ),
        PeakRate(
            precision=Precision.FP16,
            ops_per_s=17.5e12,
            sparse=False,
            source=assumption(
                "Course model of the A17 Pro Neural Engine at FP16",
                "half the INT8 rate, as for 8-bit vs 16-bit MAC arrays; the A16's "
                "published 17 TOPS matches this FP16 class",
            ),
        ),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=False,
    mem_bw_bytes_per_s=8533e6 * 64 / 8,
    mem_capacity_bytes=8e9,
    memory_kind="LPDDR5X-class DRAM",
    tdp_W=5.0,
    dispatch_overhead_s=0.5e-3,
    kernel_launch_s=1e-05,
    host_sync_s=0.0003,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "operators inside one Neural Engine submission cost little; handing one more operator across costs of "
            "order 10 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "a graph break falls back to the CPU and resubmits to the NPU: a few hundred microseconds, 0.3 ms",
        ),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference dispatch through a phone ML runtime (Core ML / NNAPI class)",
            "handing a request to the NPU driver, synchronising and returning costs a few hundred "
            "microseconds; the course uses 0.5 ms",
        ),
        "mem_bw_bytes_per_s": assumption(
            "Course model of an A17 Pro-class phone's memory bandwidth",
            "8,533 MT/s (an LPDDR5X transfer rate; Apple publishes none) x 64-bit bus / 8 = 68.3 GB/s. "
            "iPhone 15 Pro teardowns report LPDDR5, whose 6,400 MT/s would give 51.2 GB/s",
        ),
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
        PeakRate(
            precision=Precision.FP32,
            ops_per_s=1e9,
            sparse=False,
            source=derived(
                "480 MHz x 2 FLOP/cycle (single-precision fused multiply-add) = 0.96 GFLOP/s, "
                "rounded to 1 GFLOP/s; clock from STM32H743 datasheet DS12110"
            ),
        ),
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=480e6 * 2 * 2,
            sparse=False,
            source=derived(
                "480 MHz x 2 MAC/cycle (SMLAD dual 16-bit multiply-accumulate, used by CMSIS-NN "
                "for INT8) x 2 OP/MAC = 1.92 GOP/s"
            ),
        ),
    ),
    headline_precision=Precision.FP32,
    headline_sparse=False,
    mem_bw_bytes_per_s=0.05e9,
    mem_capacity_bytes=512e3,
    memory_kind="SRAM",
    bandwidth_kind="external QSPI flash",
    tdp_W=0.1,
    dispatch_overhead_s=2e-3,
    kernel_launch_s=5e-06,
    host_sync_s=2e-06,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "an interpreter's per-operator dispatch (TFLite Micro class) at 480 MHz: a few microseconds, 5 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "there is no separate host: reading a value and branching is a few hundred instructions, 2 us",
        ),
        "mem_bw_bytes_per_s": assumption(
            "Course model of the STM32H7's external QSPI flash, where weights too big for on-chip memory stream from",
            "4 bits x 100 MHz / 8 = 50 MB/s. The 100 MHz clock is assumed: the STM32H7 allows up to 133 MHz and "
            "boards differ",
        ),
        "mem_capacity_bytes": datasheet(
            *_STM32H7_DS, note="512 KB AXI SRAM, the largest contiguous block of its 1 MB of RAM"
        ),
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

_A100_DS = (
    "NVIDIA A100 Tensor Core GPU datasheet (A100 80GB SXM column)",
    "https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-"
    "nvidia-1758950-r4-web.pdf",
)
_ESP32S3_DS = (
    "Espressif ESP32-S3 Series datasheet v1.9",
    "https://www.espressif.com/sites/default/files/documentation/esp32-s3_datasheet_en.pdf",
)
_AR1_PB = (
    "Qualcomm Snapdragon AR1 Gen 1 platform product page",
    "https://www.qualcomm.com/products/mobile/snapdragon/xr-vr-ar/snapdragon-ar1-gen-1-platform",
)

A100_80GB = HardwareSpec(
    key="a100",
    name="NVIDIA A100 80GB SXM",
    tier=Tier.CLOUD,
    peaks=(
        PeakRate(
            precision=Precision.FP16,
            ops_per_s=312e12,
            sparse=False,
            source=datasheet(*_A100_DS, note="FP16 Tensor Core 312 TFLOPS (624 with sparsity)"),
        ),
        PeakRate(precision=Precision.FP16, ops_per_s=624e12, sparse=True, source=datasheet(*_A100_DS)),
        PeakRate(
            precision=Precision.BF16,
            ops_per_s=312e12,
            sparse=False,
            source=datasheet(*_A100_DS, note="BF16 Tensor Core 312 TFLOPS (624 with sparsity)"),
        ),
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=624e12,
            sparse=False,
            source=datasheet(*_A100_DS, note="INT8 Tensor Core 624 TOPS (1,248 with sparsity)"),
        ),
        PeakRate(precision=Precision.INT8, ops_per_s=1248e12, sparse=True, source=datasheet(*_A100_DS)),
        PeakRate(
            precision=Precision.FP32,
            ops_per_s=19.5e12,
            sparse=False,
            source=datasheet(*_A100_DS, note="FP32 19.5 TFLOPS on CUDA cores (TF32 Tensor Core is 156)"),
        ),
    ),
    headline_precision=Precision.FP16,
    headline_sparse=False,
    mem_bw_bytes_per_s=2039e9,
    mem_capacity_bytes=80e9,
    memory_kind="HBM2e",
    tdp_W=400.0,
    dispatch_overhead_s=10e-6,
    kernel_launch_s=1e-05,
    host_sync_s=5e-05,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "the frameworks chapter's 5-20 us per CUDA kernel launch; the middle, 10 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "as for the H100: 50 us",
        ),
        "mem_bw_bytes_per_s": datasheet(*_A100_DS, note="GPU memory bandwidth 2,039 GB/s (80GB SXM, HBM2e)"),
        "mem_capacity_bytes": datasheet(*_A100_DS, note="80 GB HBM2e"),
        "tdp_W": datasheet(*_A100_DS, note="max TDP 400 W (SXM)"),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference dispatch on a datacenter GPU",
            "the same host-side launch path as the H100: of order 10 us for one small inference",
        ),
    },
)

A100_40GB = replace(
    A100_80GB,
    key="a100_40gb",
    name="NVIDIA A100 40GB SXM",
    mem_bw_bytes_per_s=1555e9,
    mem_capacity_bytes=40e9,
    memory_kind="HBM2",
    sources={
        **A100_80GB.sources,
        "mem_bw_bytes_per_s": datasheet(*_A100_DS, note="A100 40GB: 1,555 GB/s of HBM2 (the 80GB has 2,039 GB/s "
                                        "of HBM2e)"),
        "mem_capacity_bytes": datasheet(*_A100_DS, note="40 GB HBM2"),
    },
)

ESP32_S3 = HardwareSpec(
    key="esp32_s3",
    name="Espressif ESP32-S3",
    tier=Tier.TINY,
    peaks=(
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=2 * 240e6 * 16 * 2,
            sparse=False,
            source=derived(
                "2 Xtensa LX7 cores x 240 MHz (datasheet) x 16 INT8 MAC/cycle (128-bit SIMD "
                "'AI' instructions) x 2 OP/MAC = 15.4 GOP/s"
            ),
        ),
        PeakRate(
            precision=Precision.FP32,
            ops_per_s=2 * 240e6 * 2,
            sparse=False,
            source=derived("2 cores x 240 MHz x 2 FLOP/cycle (one single-precision multiply-add) = 0.96 GFLOP/s"),
        ),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=False,
    mem_bw_bytes_per_s=8 * 160e6 / 8,
    mem_capacity_bytes=512e3,
    memory_kind="SRAM",
    bandwidth_kind="external octal-SPI PSRAM",
    tdp_W=0.25,
    dispatch_overhead_s=2e-3,
    kernel_launch_s=5e-06,
    host_sync_s=2e-06,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "an interpreter's per-operator dispatch (ESP-DL / TFLite Micro class) at 240 MHz: 5 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "no separate host: a branch is ordinary code on the same core, 2 us",
        ),
        "mem_bw_bytes_per_s": derived(
            "octal-SPI PSRAM: 8 bits x 80 MHz double data rate (160 MT/s) / 8 = 160 MB/s, "
            "where weights too big for on-chip SRAM must stream from"
        ),
        "mem_capacity_bytes": datasheet(*_ESP32S3_DS, note="512 KB on-chip SRAM"),
        "tdp_W": assumption(
            "Course model of the ESP32-S3's power budget with radios idle",
            "both cores at 240 MHz draw roughly 60-80 mA at 3.3 V (datasheet current tables), about 0.25 W",
        ),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference overhead on a microcontroller runtime",
            "TFLite Micro / ESP-DL style interpreters spend milliseconds per inference; the course uses 2 ms",
        ),
    },
)

GLASSES_SOC = HardwareSpec(
    key="glasses_soc",
    name="Smart-glasses SoC (Snapdragon AR1 Gen 1 class)",
    tier=Tier.MOBILE,
    peaks=(
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=1e12,
            sparse=False,
            source=assumption(
                "Course model of a glasses-class NPU",
                "Qualcomm publishes no TOPS figure for AR1 Gen 1; glasses-class Hexagon NPUs "
                "are an order of magnitude below phone NPUs, so the course uses 1 TOPS INT8",
            ),
        ),
        PeakRate(
            precision=Precision.FP16,
            ops_per_s=0.5e12,
            sparse=False,
            source=derived("half the INT8 rate (16-bit MACs on the same array)"),
        ),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=False,
    mem_bw_bytes_per_s=4266e6 * 32 / 8,
    mem_capacity_bytes=2e9,
    memory_kind="LPDDR4X",
    tdp_W=1.0,
    dispatch_overhead_s=1e-3,
    kernel_launch_s=2e-05,
    host_sync_s=0.001,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "a slower host CPU than a phone's: twice the phone figure, 20 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "falling back from the NPU to the CPU and resubmitting: about 1 ms on a glasses-class host",
        ),
        "mem_bw_bytes_per_s": assumption(
            "Course model of a smart-glasses SoC's memory",
            "LPDDR4X at 4,266 MT/s on a 32-bit bus / 8 = 17.1 GB/s; neither the part nor the bus width is published",
        ),
        "mem_capacity_bytes": assumption(
            "Course figure for a smart-glasses device's DRAM",
            "Ray-Ban Meta class glasses ship with about 2 GB; the vendor does not publish it",
        ),
        "tdp_W": assumption(
            "Course model of a smart-glasses power budget (platform: " + _AR1_PB[1] + ")",
            "Qualcomm publishes no watt figure; a frame worn on the face must stay near 1 W sustained "
            "to stay comfortable, which the course uses",
        ),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference dispatch on a glasses-class NPU",
            "a slower host CPU than a phone's; the course uses 1 ms",
        ),
    },
)

HEARABLE_MCU = HardwareSpec(
    key="hearable_mcu",
    name="Hearable neural MCU (sub-milliwatt class)",
    tier=Tier.TINY,
    peaks=(
        PeakRate(
            precision=Precision.INT8,
            ops_per_s=4e9,
            sparse=False,
            source=assumption(
                "Course model of an always-on audio neural accelerator",
                "a 16-MAC INT8 array at about 125 MHz (2 GMAC/s), the scale of sub-milliwatt "
                "always-on audio NPUs (Syntiant NDP, Ambiq Apollo class)",
            ),
        ),
    ),
    headline_precision=Precision.INT8,
    headline_sparse=False,
    mem_bw_bytes_per_s=0.5e9,
    mem_capacity_bytes=256e3,
    memory_kind="SRAM",
    tdp_W=1e-3,
    dispatch_overhead_s=0.1e-3,
    kernel_launch_s=1e-06,
    host_sync_s=1e-06,
    sources={
        "kernel_launch_s": assumption(
            "Course model of one kernel launched on its own",
            "bare-metal operator sequencing: a few register writes, 1 us",
        ),
        "host_sync_s": assumption(
            "Course model of one graph break's host round trip",
            "no separate host: the MCU core reads the flag and branches, 1 us",
        ),
        "mem_bw_bytes_per_s": assumption(
            "Course model of a hearable MCU's datapath",
            "on-chip SRAM read 32 bits per cycle at 125 MHz: 0.5 GB/s; there is no external memory. No vendor "
            "publishes this figure",
        ),
        "mem_capacity_bytes": assumption(
            "Course figure for a hearable MCU's SRAM",
            "earbud-class neural MCUs carry 128 KB to 1 MB of SRAM; the course uses 256 KB",
        ),
        "tdp_W": assumption(
            "The Tiny Pioneer mission's power budget",
            "an earbud battery of ~50 mWh lasting days allows about 1 mW for always-on inference",
        ),
        "dispatch_overhead_s": assumption(
            "Course model of per-inference overhead on a bare-metal neural MCU",
            "no interpreter, a few register writes and an interrupt: the course uses 0.1 ms",
        ),
    },
)

PCIE4_X16_BYTES_PER_S = 31.5e9
"""Host-to-GPU bandwidth of PCIe 4.0 x16, one direction, in bytes/s (16 GT/s x 16 lanes x 128/130 / 8)."""
PCIE4_X16_SOURCE = datasheet(
    "PCI-SIG, PCI Express Base Specification Revision 4.0 (16 GT/s per lane, 128b/130b encoding)",
    "https://pcisig.com/specifications",
    note="16 GT/s x 16 lanes x 128/130 / 8 = 31.5 GB/s per direction",
)

DEVICES: Mapping[str, HardwareSpec] = MappingProxyType(
    {
        d.key: d
        for d in (
            H100_SXM5,
            A100_80GB,
            JETSON_ORIN_NX_16GB,
            A17_PRO_NPU,
            GLASSES_SOC,
            CORTEX_M7_MCU,
            ESP32_S3,
            HEARABLE_MCU,
        )
    }
)
# Lab 01's four reference machines, one per tier.
TIERS: Mapping[Tier, HardwareSpec] = MappingProxyType(
    {Tier.CLOUD: H100_SXM5, Tier.EDGE: JETSON_ORIN_NX_16GB, Tier.MOBILE: A17_PRO_NPU, Tier.TINY: CORTEX_M7_MCU}
)


def device(key: str) -> HardwareSpec:
    """Look a device up by key; ValueError naming the key if it is not in the catalog."""
    try:
        return DEVICES[key]
    except (KeyError, TypeError):
        raise ValueError(f"key: no device {key!r}; known: {', '.join(DEVICES)}") from None


def tier_device(tier: Tier | str) -> HardwareSpec:
    """The reference device of a deployment tier (accepts a Tier or its value)."""
    try:
        return TIERS[Tier(tier)]
    except ValueError:
        raise ValueError(f"tier: no tier {tier!r}; known: {', '.join(t.value for t in Tier)}") from None
