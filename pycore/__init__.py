"""pycore: the physics core of the ML Systems course.

Standard library only, so it runs the same in CPython and Pyodide. Every number a
lab or chapter shows is computed here; see README.md for the unit and source rules.
"""

from . import (
    amdahl,
    claims,
    compilation,
    dispatch,
    efficiency,
    energy,
    fusion,
    layers,
    lighthouse,
    models,
    roofline,
    surgery,
)
from .compare import Metric, metric_value, nearest_power_of_ten, orders_of_magnitude, orders_off, ratio
from .hardware import (
    A17_PRO_NPU,
    A100_40GB,
    A100_80GB,
    CORTEX_M7_MCU,
    DEVICES,
    ESP32_S3,
    GLASSES_SOC,
    H100_SXM5,
    HEARABLE_MCU,
    JETSON_ORIN_NX_16GB,
    TIERS,
    HardwareSpec,
    PeakRate,
    Precision,
    Tier,
    device,
    tier_device,
)
from .ironlaw import (
    Bottleneck,
    IronLawTerms,
    Term,
    bottleneck,
    fits_in_memory,
    iron_law,
    iron_law_for,
    oversubscription,
)
from .layers import LayerCost
from .models import GPT2_SMALL, LLAMA3_70B, TransformerShape
from .sources import Source, SourceKind
from .tracks import CLOUD_TITAN, EDGE_GUARDIAN, MOBILE_NOMAD, TINY_PIONEER, TRACKS, Track, track
from .workloads import GPT2_LAYER, KWS_DSCNN, LLAMA3_70B_DECODE, MOBILENET_V2, RESNET50, WORKLOADS, Workload, workload

__version__ = "0.2.0"

__all__ = [
    "A100_40GB", "A100_80GB", "A17_PRO_NPU", "CLOUD_TITAN", "CORTEX_M7_MCU", "DEVICES", "EDGE_GUARDIAN", "ESP32_S3",
    "GLASSES_SOC", "GPT2_LAYER", "GPT2_SMALL", "H100_SXM5", "HEARABLE_MCU", "JETSON_ORIN_NX_16GB", "KWS_DSCNN",
    "LLAMA3_70B", "LLAMA3_70B_DECODE", "MOBILENET_V2", "MOBILE_NOMAD", "RESNET50", "TIERS", "TINY_PIONEER",
    "TRACKS", "WORKLOADS", "Bottleneck", "HardwareSpec", "IronLawTerms", "LayerCost", "Metric", "PeakRate",
    "Precision", "Source", "SourceKind", "Term", "Tier", "Track", "TransformerShape", "Workload", "amdahl",
    "bottleneck", "claims", "compilation", "device", "dispatch", "efficiency", "energy", "fits_in_memory",
    "fusion", "iron_law", "iron_law_for", "layers", "lighthouse", "metric_value", "models", "nearest_power_of_ten",
    "orders_of_magnitude", "orders_off", "oversubscription", "ratio", "roofline", "surgery", "tier_device", "track",
    "workload",
]
