"""A static file server for the built site, mounted under a sub-path as GitHub Pages does."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/mlsys-course/"


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

    def send_head(self):
        if not self.path.startswith(PREFIX):  # a root-relative URL in the site would land here
            self.send_error(404, f"outside {PREFIX}")
            return None
        self.path = "/" + self.path[len(PREFIX):]
        return super().send_head()

    def log_message(self, *args):
        pass


class StaticSite:
    """Serve ``root`` at http://127.0.0.1:<port>/mlsys-course/ in a background thread."""

    def __init__(self, root: Path):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{PREFIX}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StaticSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":  # python -m tests.static_server SITE_DIR [PORT]
    import sys

    root = Path(sys.argv[1])
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(root)))
    print(f"Serving {root} at http://127.0.0.1:{port}{PREFIX}", flush=True)
    server.serve_forever()
