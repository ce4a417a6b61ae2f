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
from .models import GPT2_SMALL, LLAMA3_70B, RESNET50_PAPER, ds_cnn_kws, mobilenet_v2, resnet50
from .sources import Source, derived

SOURCED_FIELDS = (
    "flops_per_inference",
    "param_count",
    "weight_read_bytes",
    "activation_bytes_per_sample",
    "live_bytes_per_sample",
)


@dataclass(frozen=True, kw_only=True)
class Workload:
    """One model's cost per sample, with byte counts stated at ``precision`` (its native one).

    Three byte counts, each with one meaning wherever the course uses it:

    - ``param_count``: every parameter, all resident while the model runs;
    - ``weight_read_bytes``: the parameters a forward pass reads, once per batch (a language
      model's embedding table is resident but only one row of it is read per token);
    - ``activation_bytes_per_sample``: activation traffic each sample adds to the data D (every
      feature map written to memory and read back, KV caches read);
    - ``live_bytes_per_sample``: activation memory each sample keeps resident at the peak
      (the largest layer's input and output buffers, a KV cache).

    Every method that gives bytes takes the precision to count them at: the course never
    mixes one precision's bytes with another's peak rate.
    """

    key: str
    name: str
    flops_per_inference: float
    param_count: int
    weight_read_bytes: float
    activation_bytes_per_sample: float
    live_bytes_per_sample: float
    precision: Precision
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in SOURCED_FIELDS:
            _checks.positive(name, getattr(self, name))
            if name not in self.sources:
                raise ValueError(f"sources: {self.key}.{name} has no source")
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def _scale(self, precision: Precision) -> float:
        return Precision(precision).bytes_per_element / self.precision.bytes_per_element

    @property
    def bytes_moved_per_inference(self) -> float:
        """D of one sample at batch 1 at the native precision, in bytes: weights plus its activations."""
        return self.weight_read_bytes + self.activation_bytes_per_sample

    @property
    def footprint_bytes(self) -> float:
        """Bytes resident to run one sample at the native precision: every parameter plus its live activations."""
        return self.footprint(1, precision=self.precision)

    def flops(self, batch: int = 1) -> float:
        """Operations for a batch of ``batch`` samples, in FLOP (or integer OP)."""
        return _checks.count("batch", batch) * self.flops_per_inference

    def data_bytes(self, batch: int = 1, *, precision: Precision) -> float:
        """D for one batch, in bytes at ``precision``: weights once per batch, activations per sample."""
        _checks.count("batch", batch)
        return self._scale(precision) * (self.weight_read_bytes + batch * self.activation_bytes_per_sample)

    def footprint(self, batch: int = 1, *, precision: Precision) -> float:
        """Bytes resident to run a batch of ``batch`` at ``precision``: weights plus every sample's live
        activations (one model of live memory, at batch 1 and at any batch)."""
        _checks.count("batch", batch)
        return self.weight_bytes(precision) + self._scale(precision) * batch * self.live_bytes_per_sample

    def intensity(self, batch: int = 1, *, precision: Precision) -> float:
        """Arithmetic intensity of one batch at ``precision``, in FLOP per byte."""
        return self.flops(batch) / self.data_bytes(batch, precision=precision)

    def intensity_limit(self, *, precision: Precision) -> float:
        """The intensity batching tends to as the batch grows (weights amortised away), in FLOP per byte."""
        return self.flops_per_inference / (self._scale(precision) * self.activation_bytes_per_sample)

    def scaled(self, factor: float) -> Workload:
        """The same model ``factor`` times larger: operations, bytes, parameters and footprint all scale."""
        _checks.positive("factor", factor)
        if factor == 1:
            return self
        how = derived(f"{self.name} with every size multiplied by {factor:g}")
        return replace(
            self, key=f"{self.key}_x{factor:g}", name=f"{self.name} x{factor:g}",
            flops_per_inference=self.flops_per_inference * factor,
            param_count=max(1, round(self.param_count * factor)),
            weight_read_bytes=self.weight_read_bytes * factor,
            activation_bytes_per_sample=self.activation_bytes_per_sample * factor,
            live_bytes_per_sample=self.live_bytes_per_sample * factor,
            sources={name: how for name in SOURCED_FIELDS},
        )

    @property
    def macs_per_inference(self) -> float:
        """Multiply-accumulates per inference (FLOP / 2)."""
        return self.flops_per_inference / 2

    def weight_bytes(self, precision: Precision) -> float:
        """Bytes to store every parameter at ``precision``."""
        return self.param_count * precision.bytes_per_element


def _from_layers(*, key: str, name: str, layers: list[LayerCost], precision: Precision, model: str,
                 params_note: str, sources: Mapping[str, Source] | None = None,
                 live_extra_bytes: float = 0.0) -> Workload:
    """A workload summed from one sample's layers, all at ``precision``."""
    cost = total(layers, name)
    how = derived(f"summed layer by layer by pycore.models.{model} at {precision.name}")
    return Workload(
        key=key,
        name=name,
        flops_per_inference=cost.flops,
        param_count=int(cost.weight_bytes // precision.bytes_per_element),
        precision=precision,
        weight_read_bytes=cost.weight_bytes,
        activation_bytes_per_sample=cost.activation_bytes,
        live_bytes_per_sample=largest_io_bytes(layers) + live_extra_bytes,
        sources={
            "flops_per_inference": how,
            "weight_read_bytes": how,
            "activation_bytes_per_sample": derived(
                f"every layer of pycore.models.{model} reads its input and writes its output through memory"),
            "param_count": derived(f"weights of the layers in pycore.models.{model}; {params_note}"),
            "live_bytes_per_sample": derived("the largest layer's input and output buffers, per sample"),
            **(sources or {}),
        },
    )


RESNET50 = _from_layers(
    key="resnet50", name="ResNet-50", layers=resnet50(precision=Precision.FP32), precision=Precision.FP32,
    model="resnet50", params_note="batch-norm parameters and the classifier's bias omitted; torchvision "
    "reports 25,557,032",
    sources={"flops_per_inference": RESNET50_PAPER},
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
    live_extra_bytes=_GPT2_LAYERS[1].spill_bytes / 4,  # one S x S score matrix, written once and read back
)

LLAMA_CONTEXT = 8192
_LLAMA_STEP = LLAMA3_70B.decode_step(batch=1, context=LLAMA_CONTEXT, precision=Precision.BF16)
_KV_CACHE_BYTES = LLAMA3_70B.kv_cache_bytes(batch=1, context=LLAMA_CONTEXT, precision=Precision.BF16)
LLAMA3_70B_DECODE = Workload(
    key="llama3_70b_decode",
    name=f"Llama-3-70B decode (1 token, {LLAMA_CONTEXT}-token KV cache)",
    flops_per_inference=_LLAMA_STEP.flops,
    param_count=LLAMA3_70B.param_count,
    precision=Precision.BF16,
    weight_read_bytes=_LLAMA_STEP.weight_bytes,
    activation_bytes_per_sample=_LLAMA_STEP.activation_bytes,
    live_bytes_per_sample=_KV_CACHE_BYTES + largest_io_bytes(
        LLAMA3_70B.block_decode(batch=1, context=LLAMA_CONTEXT, precision=Precision.BF16)),
    sources={
        "flops_per_inference": derived("pycore.models.LLAMA3_70B.decode_step: every block plus the LM head"),
        "weight_read_bytes": derived("every BF16 weight of the blocks and the output head, read once per decode "
                                     "step (one row of the embedding table, which the course neglects)"),
        "param_count": derived("from the Table 3 shape in pycore.models.LLAMA3_70B: 70.55 B (Meta reports 70.6 B)"),
        "activation_bytes_per_sample": derived("the KV cache each sequence reads, plus its activations"),
        "live_bytes_per_sample": derived(
            "each sequence's KV cache, 2 x 80 layers x 8 KV heads x 128 x 8,192 tokens x 2 B, and the largest "
            "layer's input and output buffers"
        ),
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
