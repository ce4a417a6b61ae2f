"""Every catalog constant carries a source, and every source says where it comes from."""

import pytest

from pycore import DEVICES, WORKLOADS
from pycore.hardware import SOURCED_FIELDS as HW_FIELDS
from pycore.sources import Source, SourceKind
from pycore.workloads import SOURCED_FIELDS as WL_FIELDS


def _complete(source: Source) -> bool:
    if source.kind in (SourceKind.DATASHEET, SourceKind.PAPER):
        return source.url.startswith("https://") and len(source.accessed) == 10
    return bool(source.note.strip())


@pytest.mark.parametrize("spec", DEVICES.values(), ids=lambda d: d.key)
def test_every_hardware_constant_is_sourced(spec):
    for name in HW_FIELDS:
        if getattr(spec, name) is None:
            continue
        assert name in spec.sources, f"{spec.key}.{name} has no source"
        assert _complete(spec.sources[name]), f"{spec.key}.{name}: incomplete source"
    for rate in spec.peaks:
        assert _complete(rate.source), f"{spec.key} {rate.label}: incomplete source"


@pytest.mark.parametrize("wl", WORKLOADS.values(), ids=lambda w: w.key)
def test_every_workload_constant_is_sourced(wl):
    for name in WL_FIELDS:
        assert _complete(wl.sources[name]), f"{wl.key}.{name}: incomplete source"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(kind=SourceKind.DATASHEET, citation="x", url="http://insecure", accessed="2026-01-01"), "url"),
        (dict(kind=SourceKind.PAPER, citation="x", url="https://a.b", accessed=""), "accessed"),
        (dict(kind=SourceKind.DERIVED, citation="derived", note=" "), "note"),
        (dict(kind=SourceKind.ASSUMPTION, citation=" ", note="why"), "citation"),
    ],
)
def test_incomplete_sources_are_rejected(kwargs, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        Source(**kwargs)


def _sources_in_catalog():
    """Every Source reachable from a pycore module's top-level names."""
    import importlib
    import pkgutil

    import pycore

    for info in pkgutil.iter_modules(pycore.__path__):
        module = importlib.import_module(f"pycore.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Source):
                yield f"{info.name}.{name}", value
            for attr in ("source", "target_source"):
                if isinstance(getattr(value, attr, None), Source):
                    yield f"{info.name}.{name}.{attr}", getattr(value, attr)


def test_every_source_in_every_module_is_complete():
    found = dict(_sources_in_catalog())
    # The walk reaches tracks, kernel profiles, models, energy and interconnect figures.
    for expected in ("tracks.TINY_PIONEER.target_source", "dispatch.KWS_PROFILE.source", "energy.HOROWITZ_2014",
                     "models.LLAMA3_70B.source", "hardware.PCIE4_X16_SOURCE"):
        assert expected in found
    for where, source in found.items():
        assert _complete(source), f"{where}: incomplete source"


def test_figures_no_vendor_publishes_are_labelled_assumptions():
    """Issue 19: the A17's transfer rate, the glasses' memory, the M7's QSPI clock and the hearable's datapath."""
    from pycore import A17_PRO_NPU, CORTEX_M7_MCU, GLASSES_SOC, HEARABLE_MCU
    from pycore.sources import SourceKind

    for device in (A17_PRO_NPU, GLASSES_SOC, CORTEX_M7_MCU, HEARABLE_MCU):
        assert device.sources["mem_bw_bytes_per_s"].kind is SourceKind.ASSUMPTION, device.name
    assert CORTEX_M7_MCU.bandwidth_kind == "external QSPI flash" and CORTEX_M7_MCU.memory_kind == "SRAM"
