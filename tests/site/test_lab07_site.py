"""Lab 07 on the built site, in Pyodide: the three parts, and a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import percent, times
from pycore.surgery import SHAPES, Surgery
from tests.labs.lab_page import Lab07
from tests.labs.test_lab07_ui import ACT1, ACT2, PART3, PLAN_FIELDS
from tests.site.test_static_site import open_lab, wait_booted

pytestmark = pytest.mark.site


def test_lab07_runs_fully_in_pyodide(page, site_url, needs_wheelhouse, guard):
    lab = open_lab(page, site_url + "labs/lab07.html", Lab07)
    lab.predict(1, ACT1[2])
    expect(lab.reveal(1)).to_contain_text(percent(pc.dispatch.run(pc.dispatch.KWS_PROFILE).utilisation))
    lab.predict(2, ACT2[2])
    lab.act(2).get_by_role("button", name="On", exact=True).click()
    expect(lab.card(2, "Kernels and traffic")).to_contain_text("1 kernel(s)")
    lab.predict(3, PART3[1])
    lab.act(3).get_by_label(Surgery.MASK.value).check()
    gain = pc.surgery.mfu_gain(SHAPES["cloud"], pc.H100_SXM5, Surgery.MASK)
    expect(lab.card(3, "MFU gain")).to_contain_text(times(gain))
    lab.wait_for_record("surgery", "mask")

    page.reload()
    wait_booted(page)
    lab.wait_ready()
    expect(lab.act(3).get_by_label(Surgery.MASK.value)).to_be_checked()
    record = lab.chapter_record()
    assert all(field in record for field in PLAN_FIELDS)
    assert record["fusion_enabled"] is True and record["surgery_accepted"] is True
