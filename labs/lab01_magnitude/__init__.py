"""Lab 01, the Magnitude Gap: how far apart the deployment tiers are, and the Iron Law on ResNet-50.

- ``plan.py``: the lesson as data (questions, messages, record fields, presets), no Panel;
- ``model.py``: every number the lab shows, as pure functions of pycore, no Panel;
- ``app.py``: the Panel wiring (``create``);
- ``main.py``: ``panel serve labs/lab01_magnitude`` serves it alone.

Names are looked up in the plan, then the model, then the app, and only the app imports Panel:
``from labs.lab01_magnitude import act2_terms`` stays Panel-free, ``create`` does not.
"""

from labs.kit.package import lab_getattr

__getattr__ = lab_getattr(__name__)
