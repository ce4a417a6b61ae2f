"""Make the rendered book work offline. Quarto runs this after every render (``post-render`` in
_quarto.yml); it can also be run by hand:

    python -m sitebuild.book_offline [OUTPUT_DIR]      # default: $QUARTO_PROJECT_OUTPUT_DIR or _site

It writes ``sw.js`` at the book's root, which keeps every rendered file outside ``labs-site/`` (the
labs site has its own worker, scoped to its own folder, which keeps the Pyodide runtime), and adds
to every page the offline indicator and the script that registers the worker. Run again, it
rewrites the worker and leaves pages it has already marked alone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .build import cache_url, content_version, service_worker

LABS_DIR = "labs-site"
MARK = "<!-- mlsys-offline -->"
# The book's pages register their worker through the labs site's own offline module.
LOADER = "offline-book.js"
LOADER_JS = f"""// Written by sitebuild.book_offline: the book's pages keep themselves with the book's worker.
import {{ keepOffline }} from "./{LABS_DIR}/runtime/offline.js";

keepOffline(new URL("sw.js", import.meta.url));
"""


def mark_page(html: str, to_root: str) -> str:
    """``html`` with the offline indicator and the worker's loader, unless it has them already.
    ``to_root`` is the relative path from the page to the book's root ("" or "../")."""
    if MARK in html:
        return html
    snippet = (f'{MARK}\n<p id="offline-status" class="offline-status small text-muted" role="status"></p>\n'
               f'<script type="module" src="{to_root}{LOADER}"></script>\n')
    for anchor in ("</main>", "</body>"):
        at = html.rfind(anchor)
        if at != -1:
            return html[:at] + snippet + html[at:]
    return html + snippet


def make_offline(site: Path) -> str:
    """Mark every book page in ``site`` and write its worker. Returns the book's build version."""
    site = Path(site)
    if not (site / LABS_DIR / "runtime" / "offline.js").is_file():
        raise FileNotFoundError(f"{site / LABS_DIR}: no built labs site here (python -m sitebuild {LABS_DIR})")
    (site / LOADER).write_text(LOADER_JS, encoding="utf-8")
    for page in site.rglob("*.html"):
        relative = page.relative_to(site)
        if relative.parts[0] == LABS_DIR:
            continue
        to_root = "../" * (len(relative.parts) - 1)
        page.write_text(mark_page(page.read_text(encoding="utf-8"), to_root), encoding="utf-8")

    files = sorted(p for p in site.rglob("*")
                   if p.is_file() and p.relative_to(site).parts[0] != LABS_DIR and p.name != "sw.js")
    build = content_version(site, files)
    precache = [cache_url(p.relative_to(site).as_posix()) for p in files]
    precache.append(f"{LABS_DIR}/runtime/offline.js")
    worker = service_worker(build, "mlsys-book-", precache, passed=(f"{LABS_DIR}/",))
    (site / "sw.js").write_text(worker, encoding="utf-8")
    return build


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_site"))
    try:
        build = make_offline(site)
    except FileNotFoundError as err:
        print(f"book_offline: {err}", file=sys.stderr)
        return 1
    print(f"book_offline: {site}/sw.js written (build {build})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
