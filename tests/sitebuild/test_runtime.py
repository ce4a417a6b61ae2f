"""The build's checks: wrong hashes fail naming the file; missing wheels are reported, not fatal."""

import gzip
import json
import zipfile

import pytest

from sitebuild import config, runtime
from sitebuild.runtime import BuildError


@pytest.fixture(scope="module")
def lock(tmp_path_factory):
    return runtime.install_core(tmp_path_factory.mktemp("core"))


def test_lock_closure_includes_dependencies(lock):
    names = {entry["name"].lower() for entry in runtime.lock_closure(lock, ("jinja2",))}
    assert names == {"jinja2", "markupsafe"}


def test_wheel_with_wrong_hash_fails_naming_the_file(lock, tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    numpy = next(e for e in runtime.lock_closure(lock, config.LOCK_PACKAGES) if e["name"] == "numpy")
    (house / numpy["file_name"]).write_bytes(b"not the real numpy")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BuildError, match=rf"^{numpy['file_name']}: sha256 .* does not match"):
        runtime.install_lock_wheels(lock, out, house, allow_cdn=False)
    assert not (out / numpy["file_name"]).exists()


def test_missing_wheels_are_listed(lock, tmp_path):
    missing = runtime.install_lock_wheels(lock, tmp_path, tmp_path / "empty", allow_cdn=False)
    expected = {e["file_name"] for e in runtime.lock_closure(lock, config.LOCK_PACKAGES)}
    assert set(missing) == expected


def test_pyodide_lock_is_the_pinned_release(lock):
    assert lock["info"]["python"].startswith("3.13")
    assert json.dumps(lock).count("numpy-2.2.5") >= 1


def test_pack_gzips_each_archive_whole_in_its_place(tmp_path):
    """The worker asks for NAME and unpacks NAME.gz (client/packed.js): same bytes, same every build."""
    archive = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for i in range(40):  # many small modules that share most of their bytes, as bytecode does
            z.writestr(f"demo/m{i}.pyc", b"import panel\nfrom bokeh.models import ColumnDataSource\n" * 20)
    original = archive.read_bytes()
    runtime.pack([archive])
    packed = tmp_path / "demo-1.0-py3-none-any.whl.gz"
    assert not archive.exists() and gzip.decompress(packed.read_bytes()) == original
    first = packed.read_bytes()
    archive.write_bytes(original)
    runtime.pack([archive])
    assert packed.read_bytes() == first  # no timestamp: an unchanged runtime keeps its build version
    assert len(first) < len(original) / 20
