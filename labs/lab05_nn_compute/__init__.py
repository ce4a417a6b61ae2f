"""Lab 05, Neural Computation: arithmetic intensity layer by layer, a layer that scales past the ridge, and an
operator budget.

- ``plan.py``: the lesson as data (questions, messages, record fields, presets), no Panel;
- ``model.py``: every number the lab shows, as pure functions of pycore and the track, no Panel;
- ``app.py``: the Panel wiring (``create``);
- ``main.py``: ``panel serve labs/lab05_nn_compute`` serves it alone.
"""

from labs.kit.package import lab_getattr

__getattr__ = lab_getattr(__name__)
