"""Lab 07, ML Frameworks: the dispatch tax, fusion and the compilation break-even, and graph surgery.

- ``plan.py``: the lesson as data (questions, messages, record fields, presets), no Panel;
- ``model.py``: every number the lab shows, as pure functions of pycore and the track, no Panel;
- ``app.py``: the Panel wiring (``create``);
- ``main.py``: ``panel serve labs/lab07_frameworks`` serves it alone.
"""

from labs.kit.package import lab_getattr

__getattr__ = lab_getattr(__name__)
