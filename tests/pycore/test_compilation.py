"""Compilation break-even and return on investment."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore.compilation import (
    break_even_inferences,
    compile_roi,
    compiled_throughput,
    cumulative_net_saving_s,
)

rates = st.floats(min_value=1, max_value=1e6)


def test_resnet_by_hand():
    n = break_even_inferences(compile_s=30, eager_per_s=1450, compiled_per_s=2150)
    assert n == pytest.approx(30 / (1 / 1450 - 1 / 2150))
    assert cumulative_net_saving_s(compile_s=30, eager_per_s=1450, compiled_per_s=2150, inferences=n) == \
        pytest.approx(0, abs=1e-9)


@given(t1=st.floats(0, 1e4), extra=st.floats(1e-3, 1e4), eager=rates, gain=st.floats(0.01, 10))
def test_break_even_grows_with_compile_time(t1, extra, eager, gain):
    compiled = compiled_throughput(eager, gain)
    a = break_even_inferences(compile_s=t1, eager_per_s=eager, compiled_per_s=compiled)
    b = break_even_inferences(compile_s=t1 + extra, eager_per_s=eager, compiled_per_s=compiled)
    assert b > a


def test_roi_turns_positive_after_the_break_even_day():
    kw = dict(compile_s=30, eager_per_s=1450, compiled_per_s=2150)
    roi = compile_roi(**kw, inferences_per_day=10_000, days=365)
    assert roi.positive and roi.break_even_days == pytest.approx(13.36, rel=1e-3)
    early = compile_roi(**kw, inferences_per_day=10_000, days=roi.break_even_days * 0.99)
    late = compile_roi(**kw, inferences_per_day=10_000, days=roi.break_even_days * 1.01)
    assert not early.positive and late.positive


def test_no_gain_is_named():
    with pytest.raises(ValueError, match="^compiled_per_s:"):
        break_even_inferences(compile_s=30, eager_per_s=1450, compiled_per_s=1450)
    with pytest.raises(ValueError, match="^compile_s:"):
        break_even_inferences(compile_s=-1, eager_per_s=1, compiled_per_s=2)
    with pytest.raises(ValueError, match="^days:"):
        compile_roi(compile_s=1, eager_per_s=1, compiled_per_s=2, inferences_per_day=1, days=float("nan"))
