"""Workload catalog: whole models at batch 1, with sourced sizes, scaled by batch and precision.

Operation counts are in FLOP (one multiply-accumulate = 2 FLOP); sizes in bytes.
The per-layer models behind most entries are in ``models.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from . import _checks
from .hardware import Precision
from .layers import LayerCost, largest_io_bytes, total
from .models import GPT2_SMALL, LLAMA3_70B, ds_cnn_kws, mobilenet_v2
from .sources import Source, datasheet, derived, paper

SOURCED_FIELDS = (
    "flops_per_inference",
    "bytes_moved_per_inference",
    "param_count",
    "footprint_bytes",
    "activation_bytes_per_sample",
)


@dataclass(frozen=True, kw_only=True)
class Workload:
    """One model's cost at batch 1, at the precision it was measured in.

    ``bytes_moved_per_inference`` is the data D of the Iron Law (weights plus activations
    read and written once); ``footprint_bytes`` is what must be resident in memory to run;
    ``activation_bytes_per_sample`` is the part of D that every extra sample in a batch
    adds (weights are read once per batch, activations once per sample).
    """

    key: str
    name: str
    flops_per_inference: float
    bytes_moved_per_inference: float
    param_count: int
    footprint_bytes: float
    precision: Precision
    activation_bytes_per_sample: float
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in SOURCED_FIELDS:
            _checks.positive(name, getattr(self, name))
            if name not in self.sources:
                raise ValueError(f"sources: {self.key}.{name} has no source")
        if self.activation_bytes_per_sample > self.bytes_moved_per_inference:
            raise ValueError(f"activation_bytes_per_sample: {self.key} moves more activation bytes than its total D")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def _scale(self, precision: Precision | None) -> float:
        p = self.precision if precision is None else Precision(precision)
        return p.bytes_per_element / self.precision.bytes_per_element

    def flops(self, batch: int = 1) -> float:
        """Operations for a batch of ``batch`` samples, in FLOP (or integer OP)."""
        return _checks.count("batch", batch) * self.flops_per_inference

    def data_bytes(self, batch: int = 1, precision: Precision | None = None) -> float:
        """D for one batch, in bytes: weights once per batch plus activations per sample, at ``precision``."""
        _checks.count("batch", batch)
        weights = self.bytes_moved_per_inference - self.activation_bytes_per_sample
        return self._scale(precision) * (weights + batch * self.activation_bytes_per_sample)

    def footprint(self, batch: int = 1, precision: Precision | None = None) -> float:
        """Bytes that must be resident to run a batch of ``batch`` at ``precision``."""
        _checks.count("batch", batch)
        return self._scale(precision) * (self.footprint_bytes + (batch - 1) * self.activation_bytes_per_sample)

    def intensity(self, batch: int = 1, precision: Precision | None = None) -> float:
        """Arithmetic intensity of one batch, in FLOP per byte."""
        return self.flops(batch) / self.data_bytes(batch, precision)

    def scaled(self, factor: float) -> Workload:
        """The same model ``factor`` times larger: operations, bytes, parameters and footprint all scale."""
        _checks.positive("factor", factor)
        if factor == 1:
            return self
        how = derived(f"{self.name} with every size multiplied by {factor:g}")
        return replace(
            self, key=f"{self.key}_x{factor:g}", name=f"{self.name} x{factor:g}",
            flops_per_inference=self.flops_per_inference * factor,
            bytes_moved_per_inference=self.bytes_moved_per_inference * factor,
            param_count=max(1, round(self.param_count * factor)), footprint_bytes=self.footprint_bytes * factor,
            activation_bytes_per_sample=self.activation_bytes_per_sample * factor,
            sources={name: how for name in SOURCED_FIELDS},
        )

    @property
    def macs_per_inference(self) -> float:
        """Multiply-accumulates per inference (FLOP / 2)."""
        return self.flops_per_inference / 2

    def weight_bytes(self, precision: Precision) -> float:
        """Bytes to store every parameter at ``precision``."""
        return self.param_count * precision.bytes_per_element


_RESNET_PAPER = paper(
    "He, Zhang, Ren, Sun, 'Deep Residual Learning for Image Recognition', CVPR 2016, Table 1",
    "https://arxiv.org/abs/1512.03385",
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
    activation_bytes_per_sample=224 * 224 * 3 * 4 + 1000 * 4,
    sources={
        "activation_bytes_per_sample": derived(
            "the input image (224 x 224 x 3 x 4 B) read and 1,000 FP32 logits written; the course assumes "
            "intermediate feature maps stay in on-chip cache at these sizes"
        ),
        "flops_per_inference": _RESNET_PAPER,
        "bytes_moved_per_inference": derived(
            "25.6 M FP32 weights x 4 B = 102 MB, plus activations, less on-chip reuse: about 100 MB"
        ),
        "param_count": datasheet(
            "torchvision ResNet50_Weights.IMAGENET1K_V1 model card (num_params)",
            "https://pytorch.org/vision/stable/models/generated/torchvision.models.resnet50.html",
        ),
        "footprint_bytes": derived("FP32 weights plus working activations, about 100 MB"),
    },
)


def _from_layers(*, key: str, name: str, layers: list[LayerCost], precision: Precision, model: str,
                 params_note: str, resident_spill_bytes: float = 0.0) -> Workload:
    """A batch-1 workload summed from one sample's layers, all at ``precision``."""
    cost = total(layers, name)
    how = derived(f"summed layer by layer by pycore.models.{model} at {precision.name}")
    peak = largest_io_bytes(layers)
    return Workload(
        key=key,
        name=name,
        flops_per_inference=cost.flops,
        bytes_moved_per_inference=cost.bytes_moved,
        param_count=int(cost.weight_bytes // precision.bytes_per_element),
        precision=precision,
        footprint_bytes=cost.weight_bytes + peak + resident_spill_bytes,
        activation_bytes_per_sample=cost.activation_bytes,
        sources={
            "flops_per_inference": how,
            "bytes_moved_per_inference": how,
            "activation_bytes_per_sample": how,
            "param_count": derived(f"weights of the layers in pycore.models.{model}; {params_note}"),
            "footprint_bytes": derived("weights plus the largest layer's input and output buffers"),
        },
    )


KWS_DSCNN = _from_layers(
    key="kws", name="Keyword spotting (DS-CNN small)", layers=ds_cnn_kws(precision=Precision.INT8),
    precision=Precision.INT8, model="ds_cnn_kws", params_note="biases and batch norm omitted",
)
MOBILENET_V2 = _from_layers(
    key="mobilenet_v2", name="MobileNetV2 (224, width 1.0)", layers=mobilenet_v2(precision=Precision.INT8),
    precision=Precision.INT8, model="mobilenet_v2", params_note="the paper reports 3.4 M",
)
GPT2_CONTEXT = 1024
_GPT2_LAYERS = GPT2_SMALL.block_prefill(batch=1, seq=GPT2_CONTEXT, precision=Precision.FP16)
GPT2_LAYER = _from_layers(
    key="gpt2_layer", name=f"GPT-2 layer (one block, {GPT2_CONTEXT} tokens)", layers=_GPT2_LAYERS,
    precision=Precision.FP16, model="GPT2_SMALL.block_prefill", params_note="12 x 768^2 = 7.08 M",
    resident_spill_bytes=_GPT2_LAYERS[1].spill_bytes / 4,  # one S x S score matrix
)

LLAMA_CONTEXT = 8192
_LLAMA_STEP = LLAMA3_70B.decode_step(batch=1, context=LLAMA_CONTEXT, precision=Precision.BF16)
LLAMA3_70B_DECODE = Workload(
    key="llama3_70b_decode",
    name=f"Llama-3-70B decode (1 token, {LLAMA_CONTEXT}-token KV cache)",
    flops_per_inference=_LLAMA_STEP.flops,
    bytes_moved_per_inference=_LLAMA_STEP.bytes_moved,
    param_count=LLAMA3_70B.param_count,
    precision=Precision.BF16,
    footprint_bytes=LLAMA3_70B.weight_bytes(Precision.BF16)
    + LLAMA3_70B.kv_cache_bytes(batch=1, context=LLAMA_CONTEXT, precision=Precision.BF16),
    activation_bytes_per_sample=_LLAMA_STEP.activation_bytes,
    sources={
        "flops_per_inference": derived("pycore.models.LLAMA3_70B.decode_step: every block plus the LM head"),
        "bytes_moved_per_inference": derived("every BF16 weight read once plus each sequence's KV cache"),
        "param_count": derived("from the Table 3 shape in pycore.models.LLAMA3_70B: 70.55 B (Meta reports 70.6 B)"),
        "footprint_bytes": derived(
            "BF16 weights plus the KV cache: 2 x 80 layers x 8 KV heads x 128 x 8,192 tokens x 2 B"
        ),
        "activation_bytes_per_sample": derived("the KV cache each sequence reads, plus its activations"),
    },
)

WORKLOADS: Mapping[str, Workload] = MappingProxyType(
    {w.key: w for w in (RESNET50, KWS_DSCNN, MOBILENET_V2, GPT2_LAYER, LLAMA3_70B_DECODE)}
)


def workload(key: str) -> Workload:
    """Look a workload up by key; ValueError naming the key if it is not in the catalog."""
    try:
        return WORKLOADS[key]
    except (KeyError, TypeError):
        raise ValueError(f"key: no workload {key!r}; known: {', '.join(WORKLOADS)}") from None
