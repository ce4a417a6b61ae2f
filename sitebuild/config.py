"""What the static build pins: the Pyodide release, its npm tarball's integrity, and what labs load."""

from __future__ import annotations

import os
from pathlib import Path

from labs import registry

PYODIDE_VERSION = "0.28.0"
# `npm view pyodide@0.28.0 dist.integrity`: the tarball is checked against this before use.
PYODIDE_NPM_INTEGRITY = ("sha512-QML/Gh8eu50q5zZKLNpW6rgS0XUdK+94OSL54AUSKV8eJAxgwZrMebqj+CyM0EbF3EUX8JFJU3ryaxBViHam"
                         "mQ==")
# pyodide.mjs for lab pages (boot.js imports it), pyodide.js for scripts that add a plain <script>.
PYODIDE_CORE_FILES = ("pyodide.mjs", "pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                      "pyodide-lock.json")
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"

# Lock packages a Panel + Bokeh lab imports (measured; see shared notes). pyodide-http keeps
# panel.io.pyodide from importing pandas as a fallback.
LOCK_PACKAGES = ("numpy", "jinja2", "markupsafe", "packaging", "pyyaml", "xyzservices", "pyodide-http")

# Bokeh's JS bundles the pages load, and the parts of Panel's dist folder they request.
BOKEH_JS = ("bokeh", "bokeh-gl", "bokeh-widgets", "bokeh-tables")  # no MathJax: math is MathML
PANEL_DIST_PARTS = ("panel.min.js", "css/", "assets/", "bundled/theme/", "bundled/reactiveesm/")

# Files the browser never reads, by archive (globs; `*` crosses folders). The page loads Bokeh's and
# Panel's JS and CSS from runtime/bokeh and runtime/panel (extract_assets), so the wheels' own copies
# are dead weight: 28 of Panel's 29.5 MB and 5.6 of Bokeh's 6.9 MB. Numpy ships C headers, static
# libraries, type stubs and f2py (which needs a compiler) for building against it.
REPACK_DROP = {
    "panel": ("panel/dist/*", "panel/tests/*", "panel/models/*.ts", "panel/package-lock.json"),
    "bokeh": ("bokeh/server/static/*", "typings/*"),
    "numpy": ("numpy/_core/include/*", "numpy/_core/lib/*", "numpy/random/lib/*", "numpy/random/_examples/*",
              "numpy/f2py/*", "*.pyi", "*.pxd"),
    # Code pages for legacy and East Asian text: the labs read and write UTF-8 only. Asking for one
    # of these gives Python's own "LookupError: unknown encoding".
    "python_stdlib": tuple(f"encodings/{family}*" for family in (
        "big5", "cp0", "cp1", "cp2", "cp5", "cp7", "cp8", "cp9", "euc_", "gb", "hp_roman8", "hz", "iso2022_",
        "iso8859_", "johab", "koi8_", "kz1048", "mac_", "mbcs", "oem", "palmos", "ptcp154", "shift_jis",
        "tis_620")),
}

# Modules no lab imports, left out of the runtime so a first visit downloads less (install only what
# the labs import). Each is replaced by a stub whose import raises an ImportError naming this list, so
# a new lab that needs one fails with that message; take the module off the list to ship it again.
# Checked against every module the four labs load in the browser; the site tests run each lab.
LEFT_OUT = {
    # Processes, terminals, debuggers, profilers' reports, mail and network servers, packaging
    # tools: nothing a browser tab can use. (rlcompleter and code stay: Pyodide's console uses them.)
    "python_stdlib": (
        "_android_support", "_apple_support", "_ios_support", "_pydatetime", "_pyio", "_pyrepl", "antigravity",
        "bdb", "cmd", "compileall", "concurrent.futures.process", "doctest", "ftplib", "getpass", "imaplib",
        "mailbox", "modulefinder", "multiprocessing", "netrc", "pdb", "pickletools", "plistlib", "poplib",
        "pstats", "pty", "pyclbr", "pydoc", "shelve", "smtplib", "socketserver", "symtable", "tabnanny",
        "this", "trace", "tracemalloc", "tty", "wave", "wsgiref", "xml.dom", "xml.sax", "xmlrpc",
        "zipapp", "http.server"),
    # Bokeh's server, command line and Sphinx extension run outside the browser.
    "bokeh": ("bokeh.server.auth_provider", "bokeh.server.callbacks", "bokeh.server.connection",
              "bokeh.server.contexts", "bokeh.server.protocol_handler", "bokeh.server.server",
              "bokeh.server.session", "bokeh.server.tornado", "bokeh.server.urls", "bokeh.server.util",
              "bokeh.server.views", "bokeh.sphinxext", "bokeh.command", "bokeh.client", "bokeh.sampledata"),
    # Panel's server, command line, authentication, Jupyter hooks and its ESM compiler, likewise.
    "panel": ("panel.command", "panel.auth", "panel.compiler", "panel.io.server", "panel.io.handlers",
              "panel.io.convert", "panel.io.jupyter_server_extension", "panel.io.admin", "panel.io.compile",
              "panel.io.jupyter_executor", "panel.io.application"),
    # Random numbers, FFTs, polynomials and the test helpers: 0.7 MB that no lab calls. (numpy.ma
    # stays: Bokeh checks arrays against numpy.ma.MaskedArray when it serialises them.)
    "numpy": ("numpy.random", "numpy.fft", "numpy.polynomial", "numpy.testing", "numpy.linalg.lapack_lite",
              "numpy.lib.recfunctions"),
}
# Package __init__ files whose submodules are imported on first use, not with the package (repack.py's
# lazy_imports): `import panel` then skips Panel's chat and templates, and the widgets and panes no
# lab uses (most panes are for other libraries' objects: Vega, Plotly, VTK...). A lazy pane takes part
# in pn.panel()'s choice of pane only once imported; the labs name their panes (pn.pane.Markdown, ...).
LAZY_IMPORTS = {
    "panel": {
        "panel/__init__.py": ("chat", "custom", "pipeline", "template"),
        "panel/widgets/__init__.py": (
            "button", "codeeditor", "debugger", "file_selector", "icon", "indicators", "input", "misc", "player",
            "select", "slider", "speech_to_text", "tables", "terminal", "text_to_speech", "texteditor"),
        "panel/pane/__init__.py": (
            "alert", "deckgl", "echarts", "equation", "holoviews", "media", "perspective", "placeholder",
            "plotly", "streamz", "textual", "vega", "vizzu", "vtk"),
    },
}
# Bytecode is compiled as `python -OO` would (no docstrings or asserts: a seventh fewer bytes), and
# the interpreter runs with the same level (the manifest's python_env, which boot.js passes to
# Pyodide): numpy's add_docstring then skips the docstrings that are not there, as under -OO.
PYTHON_OPTIMIZE = 2

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = Path(__file__).with_name("pyodide-requirements.txt")
CACHE = Path(os.environ.get("MLSYS_BUILD_CACHE", Path.home() / ".cache" / "mlsys-course"))

# Each lab page: (module, output name), from the course's one list of labs. The build reads each
# module's LESSON for the page text.
LABS = tuple((lab.module, lab.slug) for lab in registry.LABS)


def wheelhouse() -> Path:
    """PYODIDE_WHEELHOUSE if set, else ~/.cache/pyodide-wheelhouse/<version>/."""
    named = os.environ.get("PYODIDE_WHEELHOUSE")
    return Path(named) if named else Path.home() / ".cache" / "pyodide-wheelhouse" / PYODIDE_VERSION
