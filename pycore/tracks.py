"""The four course tracks: a persona, a device, a lighthouse model and a mission target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .hardware import GLASSES_SOC, H100_SXM5, HEARABLE_MCU, JETSON_ORIN_NX_16GB, HardwareSpec
from .sources import Source, assumption, derived
from .workloads import KWS_DSCNN, LLAMA3_70B_DECODE, MOBILENET_V2, RESNET50, Workload


@dataclass(frozen=True, kw_only=True)
class Track:
    """One persona's fixed mission, shared by every lab."""

    key: str
    persona: str
    role: str
    device: HardwareSpec
    workload: Workload
    mission: str
    wall: str  # the constraint this track keeps hitting
    target_latency_s: float
    power_budget_W: float
    target_source: Source
    baseline_s: float  # the mission's pipeline with no accelerator (serial and parallel parts together)
    baseline_source: Source
    arrival_interval_s: float  # time between requests reaching the device (what a batch waits to fill)
    arrival_source: Source


CLOUD_TITAN = Track(
    key="cloud", persona="Cloud Titan", role="LLM architect", device=H100_SXM5, workload=LLAMA3_70B_DECODE,
    mission="Serve Llama-3-70B from a single H100", wall="memory bandwidth (HBM)",
    target_latency_s=50e-3, power_budget_W=H100_SXM5.tdp_W,
    target_source=assumption("Course target for interactive LLM serving",
                             "50 ms per generated token (20 tokens/s) keeps ahead of a human reader"),
    baseline_s=1.5,
    baseline_source=assumption("Course model of CPU-only Llama-3-70B decode",
                               "each token streams 70 GB of INT8 weights from host DRAM at about 50 GB/s: 1.4 s, "
                               "and the course rounds up for the rest of the step to 1.5 s"),
    arrival_interval_s=1e-3,
    arrival_source=assumption("Course model of a shared LLM endpoint",
                              "many users' decode requests queue at the server: one arrives about every millisecond"),
)
EDGE_GUARDIAN = Track(
    key="edge", persona="Edge Guardian", role="AV systems lead", device=JETSON_ORIN_NX_16GB, workload=RESNET50,
    mission="Close a deterministic 10 ms safety loop on a Jetson Orin", wall="determinism (jitter)",
    target_latency_s=10e-3, power_budget_W=JETSON_ORIN_NX_16GB.tdp_W,
    target_source=assumption("Lab plans' Edge Guardian mission", "a 10 ms perception-to-actuation safety loop"),
    baseline_s=50e-3,
    baseline_source=assumption("Course model of ResNet-50 on the Orin's Arm CPU cores alone",
                               "ResNet-50's 8.2 GFLOP at about 160 GFLOP/s, 60% of the FP32 NEON peak of 8 "
                               "Cortex-A78AE cores (8 x 2 GHz x 16 FLOP/cycle), is about 50 ms"),
    arrival_interval_s=10e-3,
    arrival_source=assumption("The Edge Guardian's single camera",
                              "one camera feeds the 10 ms loop one frame every 10 ms (100 frames per second): a "
                              "batch of B frames waits (B - 1) x 10 ms for its last frame"),
)
MOBILE_NOMAD = Track(
    key="mobile", persona="Mobile Nomad", role="AR glasses developer", device=GLASSES_SOC, workload=MOBILENET_V2,
    mission="Translate text in AR at 60 FPS on Ray-Ban-class glasses", wall="power (thermals)",
    target_latency_s=1 / 60, power_budget_W=GLASSES_SOC.tdp_W,
    target_source=derived("60 frames per second: one frame every 1/60 s = 16.7 ms"),
    baseline_s=100e-3,
    baseline_source=assumption("Course model of the AR translation pipeline on the glasses' CPU alone",
                               "detection, MobileNetV2-class recognition and rendering on small Arm cores take "
                               "about 100 ms a frame: 10 FPS"),
    arrival_interval_s=1 / 60,
    arrival_source=derived("one camera at 60 frames per second hands over a frame every 16.7 ms"),
)
TINY_PIONEER = Track(
    key="tiny", persona="Tiny Pioneer", role="hearable lead", device=HEARABLE_MCU, workload=KWS_DSCNN,
    mission="Isolate a voice in under 10 ms on under 1 mW", wall="capacity (SRAM)",
    target_latency_s=10e-3, power_budget_W=1e-3,
    target_source=assumption("Lab plans' Tiny Pioneer mission", "neural isolation in < 10 ms under 1 mW"),
    baseline_s=60e-3,
    baseline_source=assumption("Course model of voice isolation on a plain MCU core without its NPU",
                               "a few million operations at about 100 MOP/s, plus filtering: about 60 ms"),
    arrival_interval_s=10e-3,
    arrival_source=assumption("The Tiny Pioneer's microphone stream",
                              "a new 10 ms hop of audio arrives every 10 ms: one keyword-spotting window per hop"),
)

TRACKS: Mapping[str, Track] = MappingProxyType(
    {t.key: t for t in (CLOUD_TITAN, EDGE_GUARDIAN, MOBILE_NOMAD, TINY_PIONEER)}
)


def track(key: str) -> Track:
    """Look a track up by key ('cloud', 'edge', 'mobile', 'tiny'); ValueError naming the key if unknown."""
    try:
        return TRACKS[key]
    except (KeyError, TypeError):
        raise ValueError(f"track: no track {key!r}; known: {', '.join(TRACKS)}") from None
