"""Layer-by-layer shapes of the course's lighthouse models.

Each function builds a model from ``layers`` at a chosen batch, size and precision,
so MACs, parameter bytes and activation bytes follow from the published architecture
rather than being typed in. Batch normalisation, biases and pooling are left out:
they add under 1% of the MACs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import _checks
from .hardware import Precision
from .layers import LayerCost, attention, attention_decode, conv2d, depthwise_conv2d, depthwise_separable, ffn, linear
from .sources import Source, paper

MOBILENET_V2_PAPER = paper(
    "Sandler et al., 'MobileNetV2: Inverted Residuals and Linear Bottlenecks', CVPR 2018, Table 2",
    "https://arxiv.org/abs/1801.04381",
    note="the (t, c, n, s) architecture table; 300 M multiply-adds and 3.4 M parameters at 224 x 224, width 1.0",
)
DS_CNN_PAPER = paper(
    "Zhang, Suda, Lai, Chandra, 'Hello Edge: Keyword Spotting on Microcontrollers', 2017, DS-CNN (S)",
    "https://arxiv.org/abs/1711.07128",
    note="49 x 10 MFCC input; a 10 x 4 stride-2 conv to 64 channels, then 4 depthwise-separable 3 x 3 "
    "layers of 64 channels, average pool and a 12-way classifier; the paper lists 5.4 M ops per inference",
)
GPT2_PAPER = paper(
    "Radford et al., 'Language Models are Unsupervised Multitask Learners' (GPT-2), 2019, "
    "smallest model: 12 layers, d_model 768",
    "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf",
    note="12 heads, feed-forward width 4 x 768 = 3,072, context 1,024, vocabulary 50,257. The paper's Table 2 "
    "lists this model as 117 M parameters; the released weights (and this course's count, with tied embeddings "
    "and 1,024 learned positions) have 124 M",
)
LLAMA3_PAPER = paper(
    "Llama Team, 'The Llama 3 Herd of Models', 2024, Table 3 (70B column)",
    "https://arxiv.org/abs/2407.21783",
    note="80 layers, d_model 8,192, FFN 28,672 (SwiGLU), 64 query heads, 8 key/value heads. The vocabulary, "
    "128,256 tokens, is the released configuration's (Hugging Face meta-llama/Meta-Llama-3-70B config.json, "
    "vocab_size), which the course uses; the paper's Table 3 gives 128,000",
)


# MobileNetV2 bottleneck stages: expansion t, output channels c, repeats n, first stride s.
MOBILENET_V2_STAGES = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)


def mobilenet_v2(*, batch: int = 1, resolution: int = 224, precision: Precision = Precision.INT8) -> list[LayerCost]:
    """MobileNetV2 (width 1.0) at ``resolution`` x ``resolution``: one LayerCost per layer."""
    _checks.count("resolution", resolution, minimum=32)
    p = precision
    size = (resolution + 1) // 2
    out = [
        conv2d(
            batch=batch,
            height=resolution,
            width=resolution,
            c_in=3,
            c_out=32,
            kernel=3,
            stride=2,
            precision=p,
            name="stem conv 3x3",
        )
    ]
    c = 32
    for block, (t, c_out, n, s) in enumerate(MOBILENET_V2_STAGES, start=1):
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = c * t
            if t != 1:
                out.append(
                    conv2d(
                        batch=batch,
                        height=size,
                        width=size,
                        c_in=c,
                        c_out=hidden,
                        kernel=1,
                        precision=p,
                        name=f"stage {block}.{i + 1} expand 1x1",
                    )
                )
            out.append(
                depthwise_conv2d(
                    batch=batch,
                    height=size,
                    width=size,
                    channels=hidden,
                    kernel=3,
                    stride=stride,
                    precision=p,
                    name=f"stage {block}.{i + 1} depthwise 3x3",
                )
            )
            size = -(-size // stride)
            out.append(
                conv2d(
                    batch=batch,
                    height=size,
                    width=size,
                    c_in=hidden,
                    c_out=c_out,
                    kernel=1,
                    precision=p,
                    name=f"stage {block}.{i + 1} project 1x1",
                )
            )
            c = c_out
    out.append(
        conv2d(batch=batch, height=size, width=size, c_in=c, c_out=1280, kernel=1, precision=p, name="head conv 1x1")
    )
    out.append(linear(tokens=batch, d_in=1280, d_out=1000, precision=p, name="classifier"))
    return out


def ds_cnn_kws(*, batch: int = 1, precision: Precision = Precision.INT8) -> list[LayerCost]:
    """DS-CNN (small) keyword spotter on a 49 x 10 MFCC input: one LayerCost per layer."""
    p = precision
    out = [
        conv2d(
            batch=batch,
            height=49,
            width=10,
            c_in=1,
            c_out=64,
            kernel=10,
            kernel_w=4,
            stride=2,
            precision=p,
            name="conv 10x4",
        )
    ]
    for i in range(4):
        out.append(
            depthwise_separable(
                batch=batch, height=25, width=5, c_in=64, c_out=64, kernel=3, precision=p, name=f"DS block {i + 1}"
            )
        )
    out.append(linear(tokens=batch, d_in=64, d_out=12, precision=p, name="classifier"))
    return out


RESNET50_PAPER = paper(
    "He, Zhang, Ren, Sun, 'Deep Residual Learning for Image Recognition', CVPR 2016, Table 1 (50-layer column)",
    "https://arxiv.org/abs/1512.03385",
    note="the stage table: a 7 x 7 stem, then 3, 4, 6 and 3 bottleneck blocks of widths 64 to 512; the paper "
    "gives 3.8 x 10^9 'FLOPs', which are multiply-adds. The course follows torchvision's v1.5 (stride 2 in the "
    "3 x 3 conv of each stage's first block): 4.1 G multiply-adds, so 8.2 GFLOP at 2 FLOP per multiply-add",
)
# ResNet-50 stages: bottleneck width, output channels, blocks, stride of the first block.
RESNET50_STAGES = ((64, 256, 3, 1), (128, 512, 4, 2), (256, 1024, 6, 2), (512, 2048, 3, 2))


def resnet50(*, batch: int = 1, resolution: int = 224, precision: Precision = Precision.FP32) -> list[LayerCost]:
    """ResNet-50 (torchvision v1.5) at ``resolution`` x ``resolution``: one LayerCost per layer.

    Batch norm and ReLU are folded into the convolutions, as inference engines do. Every
    layer reads its input from memory and writes its output back: at a batch of images the
    feature maps do not fit on chip. Each residual add reads the block's shortcut once more
    (charged to the block's last 1 x 1 conv, whose epilogue does the add).
    """
    _checks.count("resolution", resolution, minimum=32)
    p, b = precision, precision.bytes_per_element
    out = [resnet_stem(batch=batch, resolution=resolution, precision=p).renamed("stem conv 7x7")]
    size = (resolution + 1) // 2
    pooled = (size + 1) // 2
    out.append(LayerCost(name="max pool 3x3", macs=0, weight_bytes=0, input_bytes=batch * size * size * 64 * b,
                         output_bytes=batch * pooled * pooled * 64 * b, extra_flops=batch * pooled * pooled * 64 * 8))
    size, c_in = pooled, 64
    for stage, (width, c_out, blocks, stride) in enumerate(RESNET50_STAGES, start=1):
        for block in range(1, blocks + 1):
            s = stride if block == 1 else 1
            name = f"stage {stage}.{block}"
            reduce = conv2d(batch=batch, height=size, width=size, c_in=c_in, c_out=width, kernel=1, precision=p,
                            name=f"{name} reduce 1x1")
            conv = conv2d(batch=batch, height=size, width=size, c_in=width, c_out=width, kernel=3, stride=s,
                          precision=p, name=f"{name} conv 3x3")
            size_out = (size + s - 1) // s
            expand = conv2d(batch=batch, height=size_out, width=size_out, c_in=width, c_out=c_out, kernel=1,
                            precision=p, name=f"{name} expand 1x1")
            layers = [reduce, conv]
            if block == 1:  # the projection shortcut: a strided 1 x 1 conv to the new width
                layers.append(conv2d(batch=batch, height=size, width=size, c_in=c_in, c_out=c_out, kernel=1,
                                     stride=s, precision=p, name=f"{name} shortcut 1x1"))
            shortcut_read = batch * size_out * size_out * c_out * b
            layers.append(replace(expand, input_bytes=expand.input_bytes + shortcut_read))
            out.extend(layers)
            size, c_in = size_out, c_out
    out.append(LayerCost(name="global average pool", macs=0, weight_bytes=0,
                         input_bytes=batch * size * size * c_in * b, output_bytes=batch * c_in * b,
                         extra_flops=batch * size * size * c_in))
    out.append(linear(tokens=batch, d_in=c_in, d_out=1000, precision=p, name="classifier"))
    return out


def resnet_stem(*, batch: int = 1, resolution: int = 224, precision: Precision = Precision.INT8) -> LayerCost:
    """ResNet-50's first layer, a 7 x 7 stride-2 convolution to 64 channels, at ``resolution`` (square)."""
    return conv2d(
        batch=batch,
        height=resolution,
        width=resolution,
        c_in=3,
        c_out=64,
        kernel=7,
        stride=2,
        precision=precision,
        name="ResNet-50 stem conv 7x7",
    )


@dataclass(frozen=True, kw_only=True)
class TransformerShape:
    """A decoder-only transformer's dimensions (a published configuration)."""

    key: str
    name: str
    n_layers: int
    d_model: int
    n_heads: int
    n_kv_heads: int
    d_ff: int
    vocab: int
    gated_ffn: bool
    source: Source
    tied_embeddings: bool = False  # input embedding shared with the output head (GPT-2)
    positions: int = 0  # learned position embeddings (GPT-2); 0 for rotary models

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads

    @property
    def param_count(self) -> int:
        """Parameters of every block's attention and FFN, the embeddings and the output head.

        Biases and norms are omitted (under 0.1% of the total).
        """
        kv = self.n_kv_heads * self.head_dim
        attn = self.d_model * (self.d_model + 2 * kv) + self.d_model * self.d_model
        mlp = (3 if self.gated_ffn else 2) * self.d_model * self.d_ff
        head = self.vocab * self.d_model
        return self.n_layers * (attn + mlp) + head * (1 if self.tied_embeddings else 2) + self.positions * self.d_model

    def weight_bytes(self, precision: Precision) -> float:
        """Bytes to store every parameter at ``precision``."""
        return self.param_count * precision.bytes_per_element

    def kv_cache_bytes(self, *, batch: int, context: int, precision: Precision) -> float:
        """Bytes of K and V cached for ``batch`` sequences of ``context`` tokens: 2*L*kv_heads*head_dim*B*S*b."""
        _checks.count("batch", batch)
        _checks.count("context", context)
        return 2 * self.n_layers * self.n_kv_heads * self.head_dim * batch * context * precision.bytes_per_element

    def _projections(self, tokens: int, precision: Precision) -> list[LayerCost]:
        kv = self.n_kv_heads * self.head_dim
        return [
            linear(
                tokens=tokens,
                d_in=self.d_model,
                d_out=self.d_model + 2 * kv,
                precision=precision,
                name="QKV projection",
            ),
            linear(tokens=tokens, d_in=self.d_model, d_out=self.d_model, precision=precision, name="output projection"),
        ]

    def block_prefill(self, *, batch: int, seq: int, precision: Precision, flash: bool = False) -> list[LayerCost]:
        """One transformer block over ``batch`` x ``seq`` tokens: projections, attention and FFN."""
        qkv, out = self._projections(batch * seq, precision)
        attn = attention(
            batch=batch, seq=seq, d_model=self.d_model, heads=self.n_heads, precision=precision, flash=flash
        )
        mlp = ffn(tokens=batch * seq, d_model=self.d_model, d_ff=self.d_ff, precision=precision, gated=self.gated_ffn)
        return [qkv, attn, out, mlp]

    def block_decode(self, *, batch: int, context: int, precision: Precision) -> list[LayerCost]:
        """One block generating one token per sequence, attending to ``context`` cached tokens."""
        qkv, out = self._projections(batch, precision)
        attn = attention_decode(
            batch=batch,
            context=context,
            d_model=self.d_model,
            heads=self.n_heads,
            kv_heads=self.n_kv_heads,
            precision=precision,
        )
        mlp = ffn(tokens=batch, d_model=self.d_model, d_ff=self.d_ff, precision=precision, gated=self.gated_ffn)
        return [qkv, attn, out, mlp]

    def decode_step(self, *, batch: int, context: int, precision: Precision) -> LayerCost:
        """Every block plus the output head, for one generated token per sequence."""
        block = self.block_decode(batch=batch, context=context, precision=precision)
        one = block[0]
        for layer in block[1:]:
            one = one + layer
        head = linear(tokens=batch, d_in=self.d_model, d_out=self.vocab, precision=precision, name="LM head")
        return (one.repeated(self.n_layers) + head).renamed(f"{self.name} decode step")


GPT2_SMALL = TransformerShape(
    key="gpt2",
    name="GPT-2 (124M)",
    n_layers=12,
    d_model=768,
    n_heads=12,
    n_kv_heads=12,
    d_ff=3072,
    vocab=50257,
    gated_ffn=False,
    source=GPT2_PAPER,
    tied_embeddings=True,
    positions=1024,
)
LLAMA3_70B = TransformerShape(
    key="llama3_70b",
    name="Llama-3-70B",
    n_layers=80,
    d_model=8192,
    n_heads=64,
    n_kv_heads=8,
    d_ff=28672,
    vocab=128256,
    gated_ffn=True,
    source=LLAMA3_PAPER,
)
