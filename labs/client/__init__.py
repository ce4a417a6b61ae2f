"""The Python side of the browser client: what a lab page's worker runs around a lab (``boot.py`` imports
from here), and every private Panel, Bokeh and param call the course makes, in ``internals.py``."""
