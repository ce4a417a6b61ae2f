"""Provenance records for catalog constants.

A constant without a source is a defect: ``tests/pycore/test_provenance.py`` checks
that every catalog field carries one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class SourceKind(str, Enum):
    """How a value was obtained."""

    DATASHEET = "datasheet"  # a vendor's published specification
    PAPER = "paper"  # a peer-reviewed or widely cited publication
    DERIVED = "derived"  # computed from other sourced values; `note` gives the formula
    ASSUMPTION = "assumption"  # a course modelling choice; `note` gives the rationale


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where one constant comes from.

    Datasheets and papers need a ``url`` and the ``accessed`` date (ISO 8601).
    Derived values and assumptions need a ``note``: the formula or the rationale.
    """

    kind: SourceKind
    citation: str
    url: str = ""
    accessed: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.citation.strip():
            raise ValueError("citation: a source needs a citation")
        if self.kind in (SourceKind.DATASHEET, SourceKind.PAPER):
            if not self.url.startswith("https://"):
                raise ValueError(f"url: {self.kind.value} source {self.citation!r} needs an https URL")
            if len(self.accessed) != 10:
                raise ValueError(f"accessed: {self.citation!r} needs an ISO date (YYYY-MM-DD)")
        elif not self.note.strip():
            raise ValueError(f"note: {self.kind.value} source {self.citation!r} needs a note")


# The day the course's data sheets and papers were last checked.
ACCESSED = "2026-11-22"


def paper(citation: str, url: str, note: str = "") -> Source:
    """A peer-reviewed or widely cited publication, read on ``ACCESSED``."""
    return Source(kind=SourceKind.PAPER, citation=citation, url=url, accessed=ACCESSED, note=note)


def datasheet(citation: str, url: str, note: str = "") -> Source:
    """A vendor's published specification, read on ``ACCESSED``."""
    return Source(kind=SourceKind.DATASHEET, citation=citation, url=url, accessed=ACCESSED, note=note)


def derived(formula: str) -> Source:
    """A source for a value computed from other catalog values by ``formula``."""
    return Source(kind=SourceKind.DERIVED, citation="derived", note=formula)


def assumption(citation: str, rationale: str) -> Source:
    """A source for a course modelling choice, with the reason it is reasonable."""
    return Source(kind=SourceKind.ASSUMPTION, citation=citation, note=rationale)
