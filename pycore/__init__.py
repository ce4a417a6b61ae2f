"""pycore: the physics core of the ML Systems course.

Standard library only, so it runs the same in CPython and Pyodide. Every number a
lab or chapter shows is computed here; see README.md for the unit and source rules.
"""

from .compare import Metric, metric_value, nearest_power_of_ten, orders_of_magnitude, orders_off, ratio
from .hardware import (
    A17_PRO_NPU,
    CORTEX_M7_MCU,
    DEVICES,
    H100_SXM5,
    JETSON_ORIN_NX_16GB,
    TIERS,
    HardwareSpec,
    PeakRate,
    Precision,
    Tier,
    device,
    tier_device,
)
from .ironlaw import Bottleneck, IronLawTerms, Term, bottleneck, fits_in_memory, iron_law, iron_law_for, oversubscription
from .sources import Source, SourceKind
from .workloads import RESNET50, WORKLOADS, Workload, workload

__version__ = "0.1.0"

__all__ = [
    "A17_PRO_NPU", "CORTEX_M7_MCU", "DEVICES", "H100_SXM5", "JETSON_ORIN_NX_16GB", "RESNET50", "TIERS",
    "WORKLOADS", "Bottleneck", "HardwareSpec", "IronLawTerms", "Metric", "PeakRate", "Precision", "Source",
    "SourceKind", "Term", "Tier", "Workload", "bottleneck", "device", "fits_in_memory", "iron_law",
    "iron_law_for", "metric_value", "nearest_power_of_ten", "orders_of_magnitude", "orders_off",
    "oversubscription", "ratio", "tier_device", "workload",
]
