"""Workload catalog: the models the labs run, with sourced sizes.

Operation counts are in FLOP (one multiply-accumulate = 2 FLOP); sizes in bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from . import _checks
from .hardware import Precision
from .sources import Source, SourceKind, assumption, derived

SOURCED_FIELDS = ("flops_per_inference", "bytes_moved_per_inference", "param_count", "footprint_bytes")


@dataclass(frozen=True, kw_only=True)
class Workload:
    """One model's cost at batch 1, at the precision it was measured in.

    ``bytes_moved_per_inference`` is the data D of the Iron Law (weights plus activations
    read and written once); ``footprint_bytes`` is what must be resident in memory to run.
    """

    key: str
    name: str
    flops_per_inference: float
    bytes_moved_per_inference: float
    param_count: int
    footprint_bytes: float
    precision: Precision
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in SOURCED_FIELDS:
            _checks.positive(name, getattr(self, name))
            if name not in self.sources:
                raise ValueError(f"sources: {self.key}.{name} has no source")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    @property
    def macs_per_inference(self) -> float:
        """Multiply-accumulates per inference (FLOP / 2)."""
        return self.flops_per_inference / 2

    def weight_bytes(self, precision: Precision) -> float:
        """Bytes to store every parameter at ``precision``."""
        return self.param_count * precision.bytes_per_element


_RESNET_PAPER = Source(
    kind=SourceKind.PAPER,
    citation="He, Zhang, Ren, Sun, 'Deep Residual Learning for Image Recognition', CVPR 2016, Table 1",
    url="https://arxiv.org/abs/1512.03385",
    accessed="2026-11-22",
    note="3.8e9 FLOPs at 224x224, which the course rounds to 4 GFLOP. The paper counts "
    "multiply-adds, so at 2 FLOP per MAC the count would be about twice this",
)

RESNET50 = Workload(
    key="resnet50",
    name="ResNet-50",
    flops_per_inference=4e9,
    bytes_moved_per_inference=100e6,
    param_count=25_557_032,
    footprint_bytes=100e6,
    precision=Precision.FP32,
    sources={
        "flops_per_inference": _RESNET_PAPER,
        "bytes_moved_per_inference": derived(
            "25.6 M FP32 weights x 4 B = 102 MB, plus activations, less on-chip reuse: about 100 MB"
        ),
        "param_count": Source(
            kind=SourceKind.DATASHEET,
            citation="torchvision ResNet50_Weights.IMAGENET1K_V1 model card (num_params)",
            url="https://pytorch.org/vision/stable/models/generated/torchvision.models.resnet50.html",
            accessed="2026-11-22",
        ),
        "footprint_bytes": derived("FP32 weights plus working activations, about 100 MB"),
    },
)

WORKLOADS: Mapping[str, Workload] = MappingProxyType({w.key: w for w in (RESNET50,)})


def workload(key: str) -> Workload:
    """Look a workload up by key; ValueError naming the key if it is not in the catalog."""
    try:
        return WORKLOADS[key]
    except KeyError:
        raise ValueError(f"key: no workload {key!r}; known: {', '.join(WORKLOADS)}") from None
