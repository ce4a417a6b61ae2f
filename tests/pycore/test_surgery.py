"""Graph surgery: what each fix does to segments, kernels, overhead and MFU."""

import pytest

import pycore as pc
from pycore.surgery import HOST_SYNC_S, MFU_GAIN_REQUIRED, SHAPES, Surgery, execute, graph, mfu_gain

CLOUD = SHAPES["cloud"]


def test_the_break_splits_the_graph_and_costs_a_sync():
    before = execute(CLOUD, pc.H100_SXM5)
    assert before.segments == 2 and before.syncs == 1
    assert before.sync_s == HOST_SYNC_S
    assert before.kernels == 2 + 2  # two fused segments, the branch and its arm eagerly


@pytest.mark.parametrize("fix", [Surgery.MASK, Surgery.COND])
def test_removing_the_break_leaves_one_graph_and_cuts_overhead(fix):
    before, after = execute(CLOUD, pc.H100_SXM5), execute(CLOUD, pc.H100_SXM5, fix)
    assert after.segments == 1 and after.syncs == 0
    assert after.overhead_s < before.overhead_s
    assert after.compute_s >= before.compute_s  # the same work, or more: both arms run
    assert after.useful_flops == before.useful_flops


def test_the_software_leads_bar_on_the_cloud_track():
    assert mfu_gain(CLOUD, pc.H100_SXM5, Surgery.MASK) > MFU_GAIN_REQUIRED
    for fails in (Surgery.SYMBOLIC, Surgery.NO_GRAD):
        assert mfu_gain(CLOUD, pc.H100_SXM5, fails) == pytest.approx(1.0)
    assert mfu_gain(CLOUD, pc.H100_SXM5, Surgery.ITEM) < 1  # a second sync makes it worse


def test_on_slow_hardware_the_right_fix_is_not_worth_a_rewrite():
    tiny = pc.track("tiny")
    gain = mfu_gain(SHAPES["tiny"], tiny.device, Surgery.MASK)
    assert 1 < gain < MFU_GAIN_REQUIRED


@pytest.mark.parametrize("key", list(SHAPES))
def test_mfu_is_a_fraction_and_the_graph_has_one_branch(key):
    device = pc.track(key).device
    for fix in Surgery:
        assert 0 < execute(SHAPES[key], device, fix).mfu < 1
    assert sum(node.branch for node in graph(SHAPES[key])) == 1
