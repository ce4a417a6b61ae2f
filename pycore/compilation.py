"""Compilation break-even: when a one-off compile pays for itself.

    N = t_compile / (1/thr_eager - 1/thr_compiled)

with throughputs in inferences per second and N in inferences.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _checks

SECONDS_PER_DAY = 86_400.0

RESNET50_COMPILE_S = 30.0
"""torch.compile time for ResNet-50, in seconds (frameworks chapter; see dispatch.FRAMEWORKS_CHAPTER)."""
RESNET50_EAGER_PER_S = 1450.0
"""ResNet-50 eager throughput, images/s (frameworks chapter)."""
RESNET50_COMPILED_PER_S = 2150.0
"""ResNet-50 throughput after torch.compile, images/s (frameworks chapter)."""

KWS_COMPILE_S = 10.0
"""Compile time of the keyword spotter in lab 07's scaling challenge, in seconds (lab 07 plan)."""
KWS_COMPILE_GAIN = 0.40
"""Throughput gain compiling gives the keyword spotter in that challenge (lab 07 plan; the chapter's 1.3-2x
range for dispatch-bound models)."""
KWS_REQUESTS_PER_HOUR = 100
"""The challenge's traffic: requests per hour to an edge keyword spotter (lab 07 plan)."""


def saving_per_inference_s(eager_per_s: float, compiled_per_s: float) -> float:
    """Seconds saved by each compiled inference: 1/thr_eager - 1/thr_compiled."""
    _checks.positive("eager_per_s", eager_per_s)
    _checks.positive("compiled_per_s", compiled_per_s)
    if compiled_per_s <= eager_per_s:
        raise ValueError(f"compiled_per_s: must exceed eager_per_s={eager_per_s} for compiling to pay back, "
                         f"got {compiled_per_s}")
    return 1 / eager_per_s - 1 / compiled_per_s


def break_even_inferences(*, compile_s: float, eager_per_s: float, compiled_per_s: float) -> float:
    """Inferences after which the compile time is recovered (dimensionless count)."""
    _checks.non_negative("compile_s", compile_s)
    return compile_s / saving_per_inference_s(eager_per_s, compiled_per_s)


def compiled_throughput(eager_per_s: float, gain: float) -> float:
    """Throughput after a relative ``gain`` (0.48 = 48% faster), in inferences/s."""
    _checks.positive("eager_per_s", eager_per_s)
    _checks.positive("gain", gain)
    return eager_per_s * (1 + gain)


@dataclass(frozen=True, kw_only=True)
class CompileROI:
    """The payoff of compiling for a deployment of a given volume and length."""

    break_even: float  # inferences
    inferences: float  # over the whole deployment
    net_saving_s: float  # time saved minus compile time, seconds (negative: compiling lost)
    break_even_days: float  # days of this traffic until compiling pays off

    @property
    def positive(self) -> bool:
        return self.net_saving_s > 0


def compile_roi(*, compile_s: float, eager_per_s: float, compiled_per_s: float, inferences_per_day: float,
                days: float) -> CompileROI:
    """Net time saved by compiling once for ``days`` of ``inferences_per_day`` traffic."""
    _checks.positive("inferences_per_day", inferences_per_day)
    _checks.positive("days", days)
    n_even = break_even_inferences(compile_s=compile_s, eager_per_s=eager_per_s, compiled_per_s=compiled_per_s)
    volume = inferences_per_day * days
    saved = volume * saving_per_inference_s(eager_per_s, compiled_per_s)
    return CompileROI(break_even=n_even, inferences=volume, net_saving_s=saved - compile_s,
                      break_even_days=n_even / inferences_per_day)


def cumulative_net_saving_s(*, compile_s: float, eager_per_s: float, compiled_per_s: float,
                            inferences: float) -> float:
    """Time saved after ``inferences`` compiled runs, minus the compile, in seconds (the break-even timeline)."""
    _checks.non_negative("inferences", inferences)
    return inferences * saving_per_inference_s(eager_per_s, compiled_per_s) - _checks.non_negative(
        "compile_s", compile_s)
