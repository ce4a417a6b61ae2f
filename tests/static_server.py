"""A static file server for the built site, mounted under a sub-path as GitHub Pages does."""

from __future__ import annotations

import email.utils
import functools
import gzip
import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/mlsys-course/"
# What GitHub Pages compresses on the fly (text and wasm; wheels and zips are compressed already).
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/wasm", "image/svg+xml")


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json"}

    def send_head(self):
        if not self.path.startswith(PREFIX):  # a root-relative URL in the site would land here
            self.send_error(404, f"outside {PREFIX}")
            return None
        self.path = "/" + self.path[len(PREFIX):]
        page = self.server.pages.get(self.path.split("?")[0].lstrip("/"))
        if page is not None:  # a test's own page, served beside the site and never written into it
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        if (not self.server.gzip or not os.path.isfile(path) or not ctype.startswith(GZIP_TYPES)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        modified = os.stat(path).st_mtime
        since = self.headers.get("If-Modified-Since")
        if since and not self._changed_since(since, modified):
            self.send_response(304)
            self.end_headers()
            return None
        key = (path, os.stat(path).st_mtime_ns)
        if key not in self.server.gzipped:  # compress each file once: the wasm takes a while
            with open(path, "rb") as fh:
                self.server.gzipped[key] = gzip.compress(fh.read(), compresslevel=6)
        body = self.server.gzipped[key]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(modified)))
        self.end_headers()
        return io.BytesIO(body)

    @staticmethod
    def _changed_since(header: str, modified: float) -> bool:
        try:
            return int(modified) > email.utils.parsedate_to_datetime(header).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return True

    def send_response(self, code, message=None):
        super().send_response(code, message)
        if code in (200, 304):
            self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages sends

    def copyfile(self, source, outputfile):
        served = source.seek(0, os.SEEK_END)  # the body's size, without reading it
        source.seek(0)
        with self.server.count_lock:
            self.server.bytes_served += served
            self.server.files_served.append((self.path, served))
        super().copyfile(source, outputfile)

    def log_message(self, *args):
        pass


def _serve(root: Path, port: int, gzip: bool) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(root)))
    server.gzip, server.gzipped, server.pages = gzip, {}, {}
    server.count_lock = threading.Lock()
    server.bytes_served = 0
    server.files_served = []
    return server


class StaticSite:
    """Serve ``root`` at http://127.0.0.1:<port>/mlsys-course/ in a background thread.

    ``bytes_served`` counts every response body sent, whoever asked (a page or its service
    worker): what a student's network would carry. ``files_served`` lists (path, bytes). With
    ``gzip``, text, scripts and wasm are sent compressed, as GitHub Pages sends them."""

    def __init__(self, root: Path, port: int = 0, *, gzip: bool = False):
        self.server = _serve(root, port, gzip)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{PREFIX}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add_page(self, name: str, html: str) -> str:
        """Serve ``html`` at ``name`` beside the site (a test's host page), leaving the site's folder as built;
        returns its URL."""
        self.server.pages[name] = html
        return self.url + name

    def take_served(self) -> tuple[int, list[tuple[str, int]]]:
        """The bytes and files served since the last call, and start counting again."""
        with self.server.count_lock:
            taken = (self.server.bytes_served, self.server.files_served)
            self.server.bytes_served, self.server.files_served = 0, []
        return taken

    def __enter__(self) -> StaticSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":  # python -m tests.static_server SITE_DIR [PORT]
    import sys

    site = StaticSite(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"Serving {sys.argv[1]} at {site.url}", flush=True)
    site.server.serve_forever()
