"""Lab 05's operator budget view as a pure function (labs/lab05_nn_compute/model.py): plain CPython, no Panel."""

from __future__ import annotations

import itertools

import pytest

from labs.lab05_nn_compute import model as m
from pycore.lighthouse import BACKBONES, Operator

TRACKS = ("cloud", "edge", "mobile", "tiny")


@pytest.mark.parametrize("track", TRACKS)
def test_each_failed_check_has_one_banner_and_the_goal_shows_only_when_none_failed(track):
    designs = [BACKBONES[track].start, *itertools.islice(itertools.product(list(Operator), repeat=4), 0, None, 37)]
    for ops in designs:
        for width in (m.WIDTHS[0], 1.0, m.WIDTHS[-1]):
            view = m.budget_view(tuple(Operator(o) for o in ops), track, width)
            r = view.result
            assert {k for k, why in view.failures.items() if why} == {k for k in m.FAILURES if getattr(r, k)}
            assert (view.goal is not None) == r.meets == (not any(view.failures.values()))
            bindings = [binding for _text, binding in view.cards]
            assert bindings == [False, r.under_intensity, r.too_slow, r.over_power, r.too_narrow]


def test_the_cards_state_the_budget_result_figures():
    view = m.budget_view(tuple(BACKBONES["edge"].start), "edge", 1.0)
    assert f"{view.result.receptive_field_px} × {view.result.receptive_field_px}" in view.cards[4][0]
    assert m.sig(view.result.cost.intensity) in view.cards[1][0]
