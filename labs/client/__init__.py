"""The Python side of the browser client: what a lab page's worker runs to make a lab and link it to the
page (``boot.py``), and every private Panel, Bokeh and param call the course makes (``internals.py``)."""
