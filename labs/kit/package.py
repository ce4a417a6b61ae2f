"""What a lab's package exports: its plan's, its model's and its app's names, each module imported only
when one of its names is first asked for, so that the plan and the model never pull Panel in."""

from __future__ import annotations

import importlib
from collections.abc import Callable

LAYERS = ("plan", "model", "app")


def lab_getattr(package: str) -> Callable[[str], object]:
    """A module ``__getattr__`` for the lab package ``package`` (PEP 562)."""

    def __getattr__(name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        for layer in LAYERS:
            module = importlib.import_module(f"{package}.{layer}")
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r} in its plan, model or app")

    return __getattr__


__all__ = ["LAYERS", "lab_getattr"]
