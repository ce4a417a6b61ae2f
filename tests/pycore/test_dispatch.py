"""The dispatch tax: utilisation, compilation and faster GPUs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore.dispatch import (
    GPT2_LAYER_PROFILE,
    KWS_PROFILE,
    Launch,
    compile_speedup,
    dispatch_tax,
    fused_kernel_count,
    profile,
    run,
)

times = st.floats(min_value=0, max_value=1.0, allow_nan=False)


@given(n=st.integers(1, 100_000), c=times, launch=times, mem=times)
def test_utilisation_is_a_fraction(n, c, launch, mem):
    if c == launch == mem == 0:
        return
    b = dispatch_tax(kernels=n, compute_per_kernel_s=c, launch_s=launch, memory_s=mem)
    assert 0 <= b.utilisation <= 1
    assert b.total_s == pytest.approx(n * (c + launch) + mem)


def test_kws_by_hand():
    b = run(KWS_PROFILE)
    assert b.total_s == pytest.approx(15e-3) and b.utilisation == pytest.approx(1 / 3)


def test_asynchronous_launches_overlap_compute():
    """Queued launches hide under compute: T = N max(t_compute, t_launch), so KWS is busy 5/10 of the time."""
    b = run(KWS_PROFILE, launch=Launch.ASYNC)
    assert b.total_s == pytest.approx(1000 * 10e-6) and b.utilisation == pytest.approx(0.5)
    assert run(GPT2_LAYER_PROFILE, launch=Launch.ASYNC).utilisation == pytest.approx(1.0)  # launches fully hidden


@given(n=st.integers(1, 10_000), c=times, launch=times)
def test_overlap_never_slows_a_pass(n, c, launch):
    if c == launch == 0:
        return
    serial = dispatch_tax(kernels=n, compute_per_kernel_s=c, launch_s=launch)
    overlapped = dispatch_tax(kernels=n, compute_per_kernel_s=c, launch_s=launch, launch=Launch.ASYNC)
    assert overlapped.total_s <= serial.total_s + 1e-12
    assert overlapped.total_s == pytest.approx(n * max(c, launch))


@given(speedup=st.floats(min_value=1, max_value=1e4))
def test_a_faster_gpu_never_raises_utilisation(speedup):
    assert run(KWS_PROFILE, gpu_speedup=speedup).utilisation <= run(KWS_PROFILE).utilisation + 1e-12


def test_compilation_helps_small_kernels_more_than_big_ones():
    assert compile_speedup(KWS_PROFILE) > 1.3
    assert compile_speedup(GPT2_LAYER_PROFILE) < 1.02
    compiled = run(KWS_PROFILE, compiled=True)
    assert compiled.kernels == 250 and compiled.compute_s == pytest.approx(KWS_PROFILE.compute_s)


def test_more_kernels_for_the_same_work_adds_only_launch_time():
    few, many = run(KWS_PROFILE, kernels=10), run(KWS_PROFILE, kernels=10_000)
    assert few.compute_s == pytest.approx(many.compute_s)
    assert many.launch_s == pytest.approx(1000 * few.launch_s)


def test_fusion_keeps_at_least_one_kernel():
    assert fused_kernel_count(3, 1.0) == 1
    assert fused_kernel_count(1000, 0.0) == 1000


@pytest.mark.parametrize(
    "call, arg",
    [(lambda: dispatch_tax(kernels=0, compute_per_kernel_s=1e-6), "kernels"),
     (lambda: dispatch_tax(kernels=1, compute_per_kernel_s=-1), "compute_per_kernel_s"),
     (lambda: fused_kernel_count(10, 1.5), "fusion_fraction"),
     (lambda: run(KWS_PROFILE, gpu_speedup=0), "gpu_speedup"),
     (lambda: profile("bert"), "key")],
)
def test_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError, match=f"^{arg}:"):
        call()
