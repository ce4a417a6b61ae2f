"""The book's post-render step: every page marked once, with the right path to the book's root."""

import json
import re

import pytest

from sitebuild import book_offline


@pytest.fixture
def book(tmp_path):
    runtime = tmp_path / "labs-site" / "runtime"
    runtime.mkdir(parents=True)
    (runtime / "offline.js").write_text("export function keepOffline() {}")
    (tmp_path / "labs-site" / "labs").mkdir()
    (tmp_path / "labs-site" / "labs" / "lab02.html").write_text("<html><body>lab</body></html>")
    (tmp_path / "book").mkdir()
    (tmp_path / "index.html").write_text('<html><body><main class="content"><h1>Home</h1></main></body></html>')
    (tmp_path / "book" / "ml_systems.html").write_text("<html><body><h1>Chapter 2</h1></body></html>")
    (tmp_path / "site_libs").mkdir()
    (tmp_path / "site_libs" / "quarto.js").write_text("// quarto")
    return tmp_path


def test_pages_get_the_indicator_and_the_loader_once(book):
    book_offline.make_offline(book)
    book_offline.make_offline(book)  # a second render must not add a second copy
    index = (book / "index.html").read_text()
    chapter = (book / "book" / "ml_systems.html").read_text()
    assert index.count('id="offline-status"') == 1 and chapter.count('id="offline-status"') == 1
    assert '<script type="module" src="offline-book.js">' in index
    assert '<script type="module" src="../offline-book.js">' in chapter
    assert index.index("offline-status") < index.index("</main>")  # inside the page's content
    assert (book / "labs-site" / "labs" / "lab02.html").read_text() == "<html><body>lab</body></html>"
    assert '"./labs-site/runtime/offline.js"' in (book / "offline-book.js").read_text()


def test_the_worker_keeps_the_book_and_leaves_the_labs_to_theirs(book):
    build = book_offline.make_offline(book)
    worker = (book / "sw.js").read_text()
    assert worker.startswith(f'const BUILD = "{build}";\nconst PREFIX = "mlsys-book-";')
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker, re.S).group(1))
    assert set(precache) == {"index.html", "book/ml_systems.html", "site_libs/quarto.js", "offline-book.js",
                             "labs-site/runtime/offline.js"}
    assert 'const PASS = ["labs-site/"];' in worker


def test_a_changed_page_makes_a_new_build(book):
    first = book_offline.make_offline(book)
    (book / "book" / "ml_systems.html").write_text("<html><body><h1>Chapter 2, revised</h1></body></html>")
    assert book_offline.make_offline(book) != first


def test_without_a_labs_site_it_says_what_is_missing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["book_offline", str(tmp_path)])
    assert book_offline.main() == 1
    assert "no built labs site here" in capsys.readouterr().err
