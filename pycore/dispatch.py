"""The dispatch tax: a fixed host-side cost for every kernel launched one by one.

Two ways a host can feed a GPU kernels, and what each costs for N kernels that compute for
t_compute each and cost t_launch each to launch (all times in seconds):

- **synchronising host** (eager mode where each step waits on the last: a Python loop that reads
  a result, a profiler that synchronises): T = N x (t_compute + t_launch);
- **asynchronous launches** (the host queues kernels ahead while the GPU runs): launch and
  compute overlap, so T = N x max(t_compute, t_launch).

Utilisation = N t_compute / T in both. Compilation fuses kernels, so N falls while the work
stays the same; a faster GPU shrinks t_compute but not t_launch, so its utilisation falls.

The per-kernel launch is ``HardwareSpec.kernel_launch_s``; the Iron Law's L is the overhead of
a whole inference call. The kernel profiles here are the frameworks chapter's illustrations (a
stream of many short kernels, a stream of few long ones), not the course's layer-by-layer
workload models, and are named as such wherever they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from . import _checks
from .sources import Source, assumption, paper

FRAMEWORKS_CHAPTER = paper(
    "Janapa Reddi et al., Machine Learning Systems, chapter 'AI Frameworks' (kernel launch overhead "
    "and torch.compile figures)",
    "https://mlsysbook.ai/contents/core/frameworks/frameworks.html",
    note="'Each kernel launch incurs 5-20 us of CPU-side overhead'; torch.compile on ResNet-50: about 30 s "
    "to compile, 1,450 -> 2,150 img/s",
)

KERNEL_LAUNCH_S = 10e-6
"""CPU-side cost of one eager kernel launch on a datacenter GPU, in seconds (middle of 5-20 us)."""
KERNEL_LAUNCH_RANGE_S = (5e-6, 20e-6)
"""The chapter's range for one kernel launch, in seconds."""

COMPILED_FUSION_FRACTION = 0.75
"""Fraction of kernels a graph compiler fuses away (dimensionless)."""
COMPILED_FUSION_SOURCE = assumption(
    "Course model of graph compilation",
    "the lab 07 plan says fusion removes 30-80% of kernels; 75% reproduces its 60-70% compiled KWS utilisation",
)


class Launch(str, Enum):
    """How the host feeds the GPU its kernels."""

    SYNCHRONISING = "synchronising"  # the host waits for each kernel before launching the next
    ASYNC = "async"  # the host queues launches ahead; launch and compute overlap

    @property
    def label(self) -> str:
        return {"synchronising": "Host waits for each kernel", "async": "Host queues launches ahead"}[self.value]


@dataclass(frozen=True, kw_only=True)
class KernelProfile:
    """A model seen as a stream of kernels: how many, and how long each computes."""

    key: str
    name: str
    kernels: int
    compute_per_kernel_s: float
    source: Source

    def __post_init__(self) -> None:
        _checks.count("kernels", self.kernels)
        _checks.positive("compute_per_kernel_s", self.compute_per_kernel_s)

    @property
    def compute_s(self) -> float:
        """Total arithmetic time of one forward pass, in seconds."""
        return self.kernels * self.compute_per_kernel_s


_PROFILE_SOURCE = assumption(
    "The frameworks chapter's illustrative kernel streams (lab 07 plan, model comparison table)",
    "typical kernel counts and per-kernel compute times on a datacenter GPU, chosen to illustrate the dispatch "
    "tax; they are not derived from the course's layer-by-layer models",
)
KWS_PROFILE = KernelProfile(
    key="kws", name="Many small kernels (the chapter's keyword spotter)", kernels=1000, compute_per_kernel_s=5e-6,
    source=_PROFILE_SOURCE,
)
GPT2_LAYER_PROFILE = KernelProfile(
    key="gpt2_layer", name="Few large kernels (the chapter's GPT-2 layer)", kernels=20, compute_per_kernel_s=500e-6,
    source=_PROFILE_SOURCE,
)
PROFILES: Mapping[str, KernelProfile] = MappingProxyType({p.key: p for p in (KWS_PROFILE, GPT2_LAYER_PROFILE)})


def profile(key: str) -> KernelProfile:
    """Look a kernel profile up by key; ValueError naming the key if unknown."""
    try:
        return PROFILES[key]
    except (KeyError, TypeError):
        raise ValueError(f"key: no kernel profile {key!r}; known: {', '.join(PROFILES)}") from None


@dataclass(frozen=True, kw_only=True)
class DispatchBreakdown:
    """One forward pass split into compute, exposed launch time and memory time, in seconds."""

    kernels: int
    compute_s: float
    launch_s: float  # launch time the GPU waits through (all of it when the host synchronises)
    memory_s: float
    launch: Launch = Launch.SYNCHRONISING

    @property
    def total_s(self) -> float:
        return self.compute_s + self.launch_s + self.memory_s

    @property
    def utilisation(self) -> float:
        """Fraction of wall time the GPU spends on arithmetic (0..1)."""
        return self.compute_s / self.total_s


def dispatch_tax(
    *, kernels: int, compute_per_kernel_s: float, launch_s: float = KERNEL_LAUNCH_S, memory_s: float = 0.0,
    launch: Launch = Launch.SYNCHRONISING,
) -> DispatchBreakdown:
    """``kernels`` launches of ``launch_s`` each, computing ``compute_per_kernel_s`` each, plus ``memory_s``.

    A synchronising host pays every launch in full: T = N (t_compute + t_launch) + t_memory.
    Asynchronous launches overlap with compute, so only the part of each launch longer than its
    kernel is exposed: T = N max(t_compute, t_launch) + t_memory.
    """
    _checks.count("kernels", kernels)
    _checks.non_negative("compute_per_kernel_s", compute_per_kernel_s)
    _checks.non_negative("launch_s", launch_s)
    _checks.non_negative("memory_s", memory_s)
    if compute_per_kernel_s == 0 and launch_s == 0 and memory_s == 0:
        raise ValueError("compute_per_kernel_s: a pass with no compute, launch or memory time takes no time")
    launch = Launch(launch)
    exposed = launch_s if launch is Launch.SYNCHRONISING else max(0.0, launch_s - compute_per_kernel_s)
    return DispatchBreakdown(kernels=kernels, compute_s=kernels * compute_per_kernel_s, launch_s=kernels * exposed,
                             memory_s=memory_s, launch=launch)


def fused_kernel_count(kernels: int, fusion_fraction: float) -> int:
    """Kernels left after fusion removes ``fusion_fraction`` (0..1) of them; at least one remains."""
    _checks.count("kernels", kernels)
    _checks.in_range("fusion_fraction", fusion_fraction, 0.0, 1.0)
    return max(1, round(kernels * (1 - fusion_fraction)))


def run(
    prof: KernelProfile,
    *,
    compiled: bool = False,
    fusion_fraction: float = COMPILED_FUSION_FRACTION,
    launch_s: float = KERNEL_LAUNCH_S,
    gpu_speedup: float = 1.0,
    kernels: int | None = None,
    launch: Launch = Launch.SYNCHRONISING,
) -> DispatchBreakdown:
    """One forward pass of ``prof``, eager or compiled, on a GPU ``gpu_speedup`` times faster at arithmetic.

    ``kernels`` overrides the profile's count while keeping its total compute (the same
    work split finer or coarser). Compiling fuses kernels; it does not change the work.
    """
    _checks.positive("gpu_speedup", gpu_speedup)
    n = prof.kernels if kernels is None else _checks.count("kernels", kernels)
    work_s = prof.compute_s / gpu_speedup
    launched = fused_kernel_count(n, fusion_fraction) if compiled else n
    return dispatch_tax(kernels=launched, compute_per_kernel_s=work_s / launched, launch_s=launch_s, launch=launch)


def compile_speedup(prof: KernelProfile, **kwargs) -> float:
    """Eager time over compiled time for one forward pass (dimensionless, >= 1)."""
    return run(prof, **kwargs).total_s / run(prof, compiled=True, **kwargs).total_s
