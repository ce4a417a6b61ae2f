"""Lab 02, the Physics of Deployment: the Iron Law term by term, the Amdahl wall, and batch and precision
under a latency target.

- ``plan.py``: the lesson as data (questions, messages, record fields, presets), no Panel;
- ``model.py``: every number the lab shows, as pure functions of pycore and the track, no Panel;
- ``app.py``: the Panel wiring (``create``);
- ``main.py``: ``panel serve labs/lab02_ml_systems`` serves it alone.
"""

from labs.kit.package import lab_getattr

__getattr__ = lab_getattr(__name__)
