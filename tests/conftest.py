"""Shared test configuration: repository paths, the Chromium to drive, and the off-host guard.

Browser tests never leave this machine: every request to a host other than the local
server is aborted and recorded, and the test fails on it, as it does on any console error.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def chromium_executable() -> str | None:
    """CHROMIUM_EXECUTABLE if set, else Debian's chromium if present, else Playwright's own browser."""
    named = os.environ.get("CHROMIUM_EXECUTABLE")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ]}
    executable = chromium_executable()
    if executable:
        args["executable_path"] = executable
    return args


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BrowserGuard:
    """Records off-host requests (and aborts them) and console errors for one page."""

    def __init__(self, page, allow_console: tuple[str, ...] = ()):
        self.offhost: list[str] = []
        self.console_errors: list[str] = []
        self._allow = allow_console
        page.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname not in LOCAL_HOSTS:
            self.offhost.append(url)
            route.abort()
        else:
            route.continue_()

    def _console(self, msg):
        if msg.type == "error" and not any(a in msg.text for a in self._allow):
            self.console_errors.append(msg.text)

    def check(self) -> None:
        assert not self.offhost, f"requests left localhost: {self.offhost}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def guard(page):
    """Attach the guard before any navigation; the test fails on off-host requests or console errors."""
    g = BrowserGuard(page)
    yield g
    g.check()
