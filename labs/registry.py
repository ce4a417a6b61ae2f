"""The course's labs, found once: the build, the book's checks, the shortcode (through a generated file), the
ledger page and the tests read them from here.

A lab is a package ``labs/labNN_<topic>/`` whose ``plan.py`` declares its ``LESSON`` and ``CHAPTER_PAGE``:
adding the folder (and its chapter) adds the lab. Its number is its chapter in the course (the numbering
of *Machine Learning Systems*, which the labs follow), and the Design Ledger keys its record by that
chapter; the book's chapter pages carry the same number in their titles.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LAB_FOLDER = re.compile(r"^lab\d\d_[a-z0-9_]+$")


@dataclass(frozen=True)
class LabEntry:
    """One lab: where its code lives, what it is called, and the book chapter that embeds it."""

    number: int
    slug: str  # the page name, "lab05"
    module: str  # the Python package, "labs.lab05_nn_compute"
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


PLAN_FILES = ("plan.py", "plan.pyc")


def discover(folder: Path = Path(__file__).parent, package: str = "labs") -> tuple[LabEntry, ...]:
    """Every lab package in ``folder`` (importable as ``package.<name>``), by number; ValueError on a clash."""
    found = sorted(_entries(folder, package), key=lambda lab: lab.number)
    for a, b in zip(found, found[1:]):
        if a.number == b.number:
            raise ValueError(f"number: {a.module} and {b.module} are both lab {a.number:02d}")
    return tuple(found)


def _entries(folder: Path, package: str) -> Iterator[LabEntry]:
    for sub in sorted(folder.iterdir()):
        # plan.pyc alone in the site's Pyodide wheel, whose modules are shipped as bytecode only.
        if sub.is_dir() and LAB_FOLDER.match(sub.name) and any((sub / name).is_file() for name in PLAN_FILES):
            module = f"{package}.{sub.name}"
            plan = importlib.import_module(f"{module}.plan")
            lesson = plan.LESSON
            if lesson.slug != f"lab{lesson.number:02d}" or not sub.name.startswith(lesson.slug):
                raise ValueError(f"slug: {module} declares lab {lesson.number:02d} as {lesson.slug!r}")
            yield LabEntry(number=lesson.number, slug=lesson.slug, module=module, title=lesson.title,
                           chapter_title=lesson.chapter_title, chapter_page=plan.CHAPTER_PAGE)


LABS: tuple[LabEntry, ...] = discover()


def entry(slug: str) -> LabEntry:
    """The lab called ``slug`` ("lab05"); ValueError naming it if there is none."""
    for lab in LABS:
        if lab.slug == slug:
            return lab
    raise ValueError(f"slug: no lab {slug!r}; known: {', '.join(lab.slug for lab in LABS)}")


__all__ = ["LABS", "LabEntry", "discover", "entry"]
