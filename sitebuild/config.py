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
BOKEH_JS = ("bokeh", "bokeh-widgets", "bokeh-tables")  # no MathJax (math is MathML), no WebGL (no lab draws with it)
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
    # A second copy of the provider list, for installs into sys.prefix; the package reads its own.
    "xyzservices": ("xyzservices-*.data/*",),
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
        "zipapp", "http.server",
        # Measured unused by every lab (the site tests load each one): config files and logging
        # setups, cookies, option parsers, time zones, TOML, Windows' event loops, statistics, and
        # the parts of email that write or parse headers in full (importlib.metadata reads with less).
        "asyncio.proactor_events", "asyncio.windows_events", "asyncio.windows_utils", "configparser",
        "ctypes.macholib", "ctypes.wintypes", "ctypes._aix", "email._header_value_parser",
        "email.contentmanager", "email.headerregistry", "email.mime", "email.policy", "filecmp", "fileinput",
        "fractions", "getopt", "graphlib", "http.cookiejar", "http.cookies", "json.tool", "logging.config",
        "logging.handlers", "optparse", "sched", "statistics", "timeit", "tomllib", "urllib.robotparser",
        "zoneinfo"),
    # Bokeh's server, command line and Sphinx extension run outside the browser.
    "bokeh": ("bokeh.server.auth_provider", "bokeh.server.callbacks", "bokeh.server.connection",
              "bokeh.server.contexts", "bokeh.server.protocol_handler", "bokeh.server.server",
              "bokeh.server.session", "bokeh.server.tornado", "bokeh.server.urls", "bokeh.server.util",
              "bokeh.server.views", "bokeh.sphinxext", "bokeh.command", "bokeh.client", "bokeh.sampledata",
              # Its application handlers serve files and notebooks; the labs draw with bokeh.models,
              # never through bokeh.plotting's figure (which imports pandas).
              "bokeh.application.handlers", "bokeh.driving", "bokeh.io.webdriver", "bokeh.layouts", "bokeh.plotting",
              "bokeh.util.tornado"),
    # Panel's server, command line, authentication, Jupyter hooks and its ESM compiler, likewise.
    "panel": ("panel.command", "panel.auth", "panel.compiler", "panel.io.server", "panel.io.handlers",
              "panel.io.convert", "panel.io.jupyter_server_extension", "panel.io.admin", "panel.io.compile",
              "panel.io.jupyter_executor", "panel.io.application",
              # Chat, templates, pipelines, and panes and widgets for other libraries' objects, speech,
              # terminals and code editors: LAZY_IMPORTS keeps them from loading, and no lab asks.
              "panel.chat", "panel.template", "panel.pipeline", "panel.io.django", "panel.io.fastapi",
              "panel.io.ipywidget", "panel.io.rest", "panel.pane.deckgl", "panel.pane.echarts",
              "panel.pane.equation", "panel.pane.holoviews", "panel.pane.media", "panel.pane.perspective",
              "panel.pane.plotly", "panel.pane.streamz", "panel.pane.textual", "panel.pane._textual",
              "panel.pane.vega", "panel.pane.vizzu", "panel.pane.vtk", "panel.widgets.codeeditor",
              "panel.widgets.debugger", "panel.widgets.player", "panel.widgets.speech_to_text",
              "panel.widgets.terminal", "panel.widgets.text_to_speech", "panel.widgets.texteditor",
              "panel.models.deckgl", "panel.models.echarts", "panel.models.perspective", "panel.models.plotly",
              "panel.models.speech_to_text", "panel.models.terminal", "panel.models.text_to_speech",
              "panel.models.vega", "panel.models.vizzu", "panel.models.vtk"),
    # Markdown's extensions and the markdown-it plugins Panel's Markdown pane does not load.
    "markdown": ("markdown.extensions.abbr", "markdown.extensions.admonition", "markdown.extensions.attr_list",
                 "markdown.extensions.codehilite", "markdown.extensions.def_list", "markdown.extensions.extra",
                 "markdown.extensions.fenced_code", "markdown.extensions.footnotes",
                 "markdown.extensions.legacy_attrs", "markdown.extensions.legacy_em",
                 "markdown.extensions.md_in_html", "markdown.extensions.meta", "markdown.extensions.nl2br",
                 "markdown.extensions.sane_lists", "markdown.extensions.smarty", "markdown.extensions.tables",
                 "markdown.extensions.toc", "markdown.extensions.wikilinks", "markdown.test_tools",
                 "markdown.__main__"),
    "mdit_py_plugins": ("mdit_py_plugins.admon", "mdit_py_plugins.amsmath", "mdit_py_plugins.attrs",
                        "mdit_py_plugins.colon_fence", "mdit_py_plugins.container", "mdit_py_plugins.dollarmath",
                        "mdit_py_plugins.field_list", "mdit_py_plugins.front_matter", "mdit_py_plugins.gfm_autolink",
                        "mdit_py_plugins.myst_blocks", "mdit_py_plugins.myst_role", "mdit_py_plugins.section_ref",
                        "mdit_py_plugins.substitution", "mdit_py_plugins.subscript", "mdit_py_plugins.superscript",
                        "mdit_py_plugins.texmath", "mdit_py_plugins.wordcount"),
    # Bokeh reads packaging.version only; the rest parses wheels' tags, requirements and licences.
    "packaging": ("packaging.licenses", "packaging.metadata", "packaging.requirements", "packaging.tags",
                  "packaging._manylinux", "packaging._musllinux", "packaging._elffile"),
    "jinja2": ("jinja2.ext", "jinja2.sandbox", "jinja2.nativetypes", "jinja2.meta"),
    "param": ("numbergen", "param.ipython", "param.mypy_plugin"),
    # libyaml's C speed-ups (a 0.26 MB WebAssembly library compiled at every start): Bokeh reads YAML
    # only from theme and settings files, which no lab has, and yaml uses its pure-Python parser.
    "pyyaml": ("yaml._yaml", "_yaml"),
    # Random numbers, FFTs, polynomials and the test helpers: 0.7 MB that no lab calls. (numpy.ma
    # stays: Bokeh checks arrays against numpy.ma.MaskedArray when it serialises them.)
    "numpy": ("numpy.random", "numpy.fft", "numpy.polynomial", "numpy.testing", "numpy.linalg.lapack_lite",
              "numpy.lib.recfunctions", "numpy.ctypeslib", "numpy.conftest", "numpy.matlib", "numpy.ma.mrecords",
              "numpy.ma.testutils", "numpy.ma.timer_comparison", "numpy.typing.mypy_plugin", "numpy._pyinstaller"),
}
# Modules left out that another module imports as it loads but calls only later: numpy imports its
# linear algebra core (0.42 MB of LAPACK) at start-up, and no lab solves, inverts or decomposes a
# matrix. Each becomes a stub that imports, and raises LEFT_OUT's ImportError when a name is used.
LEFT_OUT_BUT_IMPORTED = {
    "numpy": ("numpy.linalg._umath_linalg",),
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
# Modules that compile Jinja templates as they are imported (21 as `import panel` runs, about a sixth
# of its time): each is compiled when first used instead (repack.py's lazy_templates). The labs use
# none in the browser; Panel's and Bokeh's HTML export would, on first use.
LAZY_TEMPLATES = {
    "bokeh": ("bokeh/core/templates.py",),
    "panel": ("panel/io/resources.py", "panel/io/notebook.py"),
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
