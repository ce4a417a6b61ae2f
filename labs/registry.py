"""The course's labs, listed once: the build, the book, the shortcode, the ledger page and the tests read
them from here (or from files generated from here, which say so).

A lab's number is its chapter in the course (the numbering of *Machine Learning Systems*, which the
labs follow), and the Design Ledger keys each lab's record by that chapter. The book's chapter pages
carry the same numbers in their titles.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabEntry:
    """One lab: where its code lives, what it is called, and the book chapter that embeds it."""

    number: int
    slug: str  # the page name, "lab05"
    module: str  # the Python module, "labs.lab05_nn_compute"
    title: str
    chapter_title: str
    chapter_page: str  # the book page that embeds it, relative to the repository root

    @property
    def chapter(self) -> int:
        """The course chapter: the lab's number, and its record's key in the Design Ledger."""
        return self.number

    @property
    def heading(self) -> str:
        """The chapter page's title, numbered as the course numbers it."""
        return f"Chapter {self.chapter}: {self.chapter_title}"


LABS: tuple[LabEntry, ...] = (
    LabEntry(number=1, slug="lab01", module="labs.lab01_magnitude", title="The Magnitude Gap",
             chapter_title="Introduction to ML Systems", chapter_page="book/intro.qmd"),
    LabEntry(number=2, slug="lab02", module="labs.lab02_ml_systems", title="The Physics of Deployment",
             chapter_title="ML Systems", chapter_page="book/ml_systems.qmd"),
    LabEntry(number=5, slug="lab05", module="labs.lab05_nn_compute", title="Neural Computation",
             chapter_title="Neural Computation", chapter_page="book/nn_compute.qmd"),
    LabEntry(number=7, slug="lab07", module="labs.lab07_frameworks", title="ML Frameworks",
             chapter_title="ML Frameworks", chapter_page="book/frameworks.qmd"),
)


def entry(slug: str) -> LabEntry:
    """The lab called ``slug`` ("lab05"); ValueError naming it if there is none."""
    for lab in LABS:
        if lab.slug == slug:
            return lab
    raise ValueError(f"slug: no lab {slug!r}; known: {', '.join(lab.slug for lab in LABS)}")


__all__ = ["LABS", "LabEntry", "entry"]
