"""The claims registry: every figure from the plans, evaluated by pycore."""

import math

import pytest

from pycore.claims import CLAIMS, Claim, Compare, Status, claim


@pytest.mark.parametrize("c", CLAIMS, ids=lambda c: c.key)
def test_every_claim_is_reproduced_or_corrected(c):
    value = c.evaluate()
    assert math.isfinite(value) and value > 0
    if c.status is Status.CHECKED:
        assert c.holds(value), f"{c.key}: plan says {c.stated} {c.unit}, pycore computes {value:.6g}"
    else:
        # A correction must be real (pycore disagrees) and explained.
        assert not c.holds(value), f"{c.key} is marked corrected but pycore agrees with the plan"
        assert len(c.why) > 20


def test_keys_are_unique_and_sources_named():
    keys = [c.key for c in CLAIMS]
    assert len(keys) == len(set(keys))
    for c in CLAIMS:
        assert c.where and c.unit and c.statement


def test_the_issue_examples_are_in_the_registry():
    # Each figure the issue names is registered, with the verdict it asks for.
    expected = {
        "kws_eager_utilisation": Status.CHECKED, "resnet_break_even": Status.CHECKED,
        "a100_ridge_fp16": Status.CHECKED, "a100_ridge_fp32": Status.CORRECTED,
        "fusion_hbm_traffic": Status.CHECKED, "h100_mcu_compute_gap": Status.CHECKED,
        "h100_resnet_memory_vs_compute": Status.CORRECTED,  # issue 19: one precision, 2 FLOP per MAC
        "resnet50_flops": Status.CORRECTED, "resnet_mcu_oversubscription": Status.CORRECTED,
    }
    for key, status in expected.items():
        assert claim(key).status is status


def test_corrected_values_are_the_right_ones():
    assert claim("a100_ridge_fp32").evaluate() == pytest.approx(19.5e12 / 2039e9)
    assert claim("fusion_intensity_gain").evaluate() == pytest.approx(3.0)
    assert claim("fusion_wall_clock").evaluate() <= 3.0
    assert claim("gpt2_eager_utilisation").evaluate() == pytest.approx(10_000 / 10_200)
    assert claim("resnet50_flops").evaluate() == pytest.approx(2 * claim("resnet50_macs").evaluate())
    assert claim("h100_resnet_memory_vs_compute").evaluate() == pytest.approx(3.89, rel=1e-2)


@pytest.mark.parametrize(
    "compare, stated, tolerance, inside, outside",
    [(Compare.APPROX, 100, 0.01, 100.9, 101.2), (Compare.AT_LEAST, 60, 0, 60, 59.9),
     (Compare.AT_MOST, 1, 0, 1, 1.01), (Compare.ORDER, 1e5, 0.5, 3.1e5, 3.0e4)],
)
def test_comparisons(compare, stated, tolerance, inside, outside):
    c = Claim(key="k", statement="s", where="w", stated=stated, unit="x", expression="1", compare=compare,
              tolerance=tolerance)
    assert c.holds(inside) and not c.holds(outside)


def test_unknown_claim_names_the_key():
    with pytest.raises(ValueError, match="^key:"):
        claim("warp_drive")
