"""Lab 05's lighthouse layers, scaling layers and operator budget: every track's puzzle is well posed."""

import itertools
from itertools import product

import pytest

import pycore as pc
from pycore.lighthouse import (
    BACKBONES,
    MIN_INTENSITY,
    MIN_RECEPTIVE_FIELD_PX,
    SCALING,
    Operator,
    audit_layers,
    operator_budget,
    receptive_field,
)

MIXES = list(itertools.product(list(Operator), repeat=4))


@pytest.mark.parametrize("key", list(pc.TRACKS))
def test_every_track_budget_puzzle_has_a_start_that_fails_and_a_fix(key):
    track = pc.track(key)
    start = operator_budget(BACKBONES[key].start, track)
    assert start.too_slow and not start.meets  # every track's lead hands over a mix that misses its target
    fixes = [m for m in MIXES if operator_budget(m, track).meets]
    assert fixes, f"{key}: no operator mix meets the budget"
    assert all(not operator_budget(m, track).too_narrow for m in fixes)
    # Narrow enough, a reuse-poor mix falls under the floor on every track.
    narrow = operator_budget([Operator.DW_CONV] * 4, track, width_factor=1 / 16)
    assert narrow.cost.intensity < MIN_INTENSITY


def test_the_hearable_runs_out_of_sram_with_wide_convolutions():
    tiny = pc.track("tiny")
    assert not operator_budget([Operator.CONV2D] * 4, tiny).oom
    assert operator_budget([Operator.CONV2D] * 4, tiny, width_factor=8.0).oom


def test_power_is_energy_at_the_rate_the_device_can_sustain():
    track = pc.track("edge")
    r = operator_budget([Operator.LINEAR] * 4, track)
    assert not r.too_slow
    assert r.power_W == pytest.approx(r.energy.total_J / track.target_latency_s)
    assert r.terms.total_s == pytest.approx(r.terms.memory_s + r.terms.compute_s + r.terms.overhead_s)
    late = operator_budget([Operator.CONV2D] * 4, track, width_factor=8.0)
    assert late.too_slow and late.power_W == pytest.approx(late.energy.total_J / late.terms.total_s)


def test_budget_met_means_every_constraint_the_part_names():
    """Issue 19: 'Budget met' once ignored the latency target, and a backbone of 1 x 1 mixes passed."""
    tiny = pc.track("tiny")
    for mix, width in product(MIXES, (1 / 16, 1 / 4, 1.0, 4.0)):
        r = operator_budget(mix, tiny, width_factor=width)
        if r.meets:
            assert r.terms.total_s <= tiny.target_latency_s and r.receptive_field_px >= MIN_RECEPTIVE_FIELD_PX
    assert operator_budget([Operator.LINEAR] * 4, tiny).too_narrow
    assert receptive_field([Operator.CONV2D, Operator.DW_CONV], 32) == MIN_RECEPTIVE_FIELD_PX
    assert receptive_field([Operator.LINEAR, Operator.FLASH_ATTENTION], 32) == 32


@pytest.mark.parametrize("key", list(pc.TRACKS))
def test_scaling_layers_rise_monotonically_and_cross_their_ridge(key):
    sc = SCALING[key]
    ridge = pc.track(key).device.ridge_point(sc.precision)
    values = [sc.cost(batch=1, n=n).intensity for n in range(sc.values[0], sc.values[-1] + 1)]
    assert all(a <= b * (1 + 1e-12) for a, b in zip(values, values[1:]))
    exact = sc.crossover(batch=1, ridge=ridge)
    stop = sc.first_compute_bound_stop(batch=1, ridge=ridge)
    assert exact is not None and stop is not None and exact <= stop
    assert sc.cost(batch=1, n=exact).intensity >= ridge > sc.cost(batch=1, n=exact - 1).intensity \
        if exact > sc.values[0] else True
    # Batching moves the crossover down (or keeps it).
    assert sc.crossover(batch=8, ridge=ridge) <= exact


def test_decode_attention_is_the_sink():
    layers = {layer.name: layer for layer in audit_layers("cloud")}
    attn = next(v for k, v in layers.items() if "Attention" in k)
    assert attn.weight_bytes == 0 and attn.intensity < 10
    assert all(layer.intensity < pc.H100_SXM5.ridge_point(pc.Precision.BF16) for layer in layers.values())


def test_early_convolutions_at_4k_are_the_high_resolution_tax():
    stem, _, conv3, _, fc = audit_layers("edge")
    assert stem.flops > 1000 * fc.flops  # 39 GOP for one 4K frame's first layer
    assert conv3.intensity > pc.JETSON_ORIN_NX_16GB.ridge_point(pc.Precision.INT8) > fc.intensity


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="^track_key:"):
        audit_layers("orbital")
    with pytest.raises(ValueError, match="^ops:"):
        operator_budget([], pc.track("tiny"))
    with pytest.raises(ValueError, match="^width_factor:"):
        operator_budget([Operator.LINEAR], pc.track("tiny"), width_factor=0)
