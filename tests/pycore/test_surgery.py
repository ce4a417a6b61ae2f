"""Graph surgery: what each fix does to segments, kernels, overhead and MFU."""

import pytest

import pycore as pc
from pycore.surgery import MFU_GAIN_REQUIRED, SHAPES, Surgery, execute, graph, mfu_gain

CLOUD = SHAPES["cloud"]


def test_the_break_splits_the_graph_and_costs_a_sync():
    before = execute(CLOUD, pc.H100_SXM5)
    assert before.segments == 2 and before.syncs == 1
    assert before.sync_s == pc.H100_SXM5.host_sync_s
    assert before.kernels == 2 + 2  # two fused segments, the branch and its arm eagerly
    assert before.launch_s == before.kernels * pc.H100_SXM5.kernel_launch_s


@pytest.mark.parametrize("key", list(SHAPES))
def test_each_device_pays_its_own_launch_and_sync(key):
    """A microcontroller has no CUDA driver and no separate host: its graph break costs what its own runtime does."""
    device = pc.track(key).device
    run = execute(SHAPES[key], device)
    assert run.launch_s == pytest.approx(run.kernels * device.kernel_launch_s)
    assert run.sync_s == pytest.approx(run.syncs * device.host_sync_s)
    if device.tier is pc.Tier.TINY:
        assert device.host_sync_s < pc.H100_SXM5.host_sync_s / 10


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


def test_where_a_break_costs_little_the_right_fix_is_not_worth_a_rewrite():
    tiny = pc.track("tiny")
    gain = mfu_gain(SHAPES["tiny"], tiny.device, Surgery.MASK)
    assert gain < 1  # a branch on the MCU's own core costs less than computing both arms


@pytest.mark.parametrize("key", list(SHAPES))
def test_mfu_is_a_fraction_and_the_graph_has_one_branch(key):
    device = pc.track(key).device
    for fix in Surgery:
        assert 0 < execute(SHAPES[key], device, fix).mfu < 1
    assert sum(node.branch for node in graph(SHAPES[key])) == 1
