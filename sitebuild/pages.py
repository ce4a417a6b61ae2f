"""HTML for the static pages: a page per lab, the index, and the ledger page.

Every URL is relative to the page, so the site works under any sub-path (GitHub Pages
serves it under /<repo>/). Text from lessons is escaped before it reaches HTML.
"""

from __future__ import annotations

import json
from html import escape
from string import Template

from . import config

# The Content Security Policy of every page, as a meta tag (GitHub Pages sets no headers): this site only,
# and each exception for a reason.
#
# es-module-shims (Panel's copy, for its ESM components) writes inline scripts of its own: a test of what the
# browser supports, in a hidden frame, and an import map naming fresh blob: URLs, so no hash can name them.
# It marks each with the nonce its options give it. A static site cannot make a nonce per response, so this
# one is public: it still keeps out every inline event handler and javascript: URL, and any script without it.
SHIMS_NONCE = "es-module-shims"
CSP = "; ".join((
    "default-src 'self'",
    # 'wasm-unsafe-eval': the page compiles Pyodide's WebAssembly (boot.js). blob: Panel's ESM components
    # (the ledger bridge) and es-module-shims run their module code from blob: URLs. Without the nonce,
    # es-module-shims never finishes starting and the lab waits forever (tests/site/test_csp.py).
    f"script-src 'self' 'wasm-unsafe-eval' blob: 'nonce-{SHIMS_NONCE}'",
    # Bokeh and Panel write <style> elements and style attributes into the lab's shadow roots as they draw.
    "style-src 'self' 'unsafe-inline'",
    # data: the empty favicon, and the icons Panel's and Bokeh's stylesheets embed.
    "img-src 'self' data:",
    "font-src 'self' data:",
    # blob: es-module-shims reads the module code it runs back from its blob: URLs.
    "connect-src 'self' blob:",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))

_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${runtime}site.css">
<script src="${runtime}scheme.js"></script>
<script src="${runtime}frame.js"></script>
"""

_HEAD = _HEAD.replace("${csp}", CSP)

# boot.js is an async module: it starts the lab's Python worker (which fetches the runtime itself:
# a preload here would be the page's, not the worker's, and come down twice) while the deferred Bokeh
# and Panel scripts are still being run, and waits for them only to draw.
ESMS_OPTIONS = f'<script type="esms-options">{json.dumps({"shimMode": True, "nonce": SHIMS_NONCE})}</script>\n'
# The opening lock's module and its one import, asked for before the deferred Bokeh scripts: found at
# the end of the page, they waited behind those, and the lock took answers at 0.4-0.5 s instead of
# 0.2-0.3 s from a cold start (nox -s bench).
OPENING_PRELOADS = ('<link rel="modulepreload" href="${runtime}opening.js">\n'
                    '<link rel="modulepreload" href="${runtime}ledger.js">\n')
LAB_PAGE = Template(_HEAD + OPENING_PRELOADS + ESMS_OPTIONS + """\
<script defer src="${runtime}panel/bundled/reactiveesm/es-module-shims@%5E1.10.0/dist/es-module-shims.min.js"></script>
$bokeh_scripts
<script defer src="${runtime}panel/panel.min.js"></script>
</head>
<body data-runtime="$runtime" data-lab-module="$module" data-lab-state="loading"
 data-build="$build">
<main>
<nav class="lab-nav" aria-label="Course">$nav</nav>
<section id="lab-preview" class="lab-preview" aria-label="Lab introduction">
<h1>$heading</h1>
<p class="meta">$meta</p>
<p>$intro</p>
$opening$preview<div class="lab-progress" role="status" aria-live="polite">
<progress id="lab-progress-bar" max="2" value="0" aria-label="Lab loading progress"></progress>
<span id="lab-stage">Preparing the lab (step 0 of 2)…</span>
</div>
<div id="lab-error" class="lab-error" role="alert" hidden>
<strong>This lab could not start.</strong> <span class="lab-error-detail"></span>
Your Design Ledger is untouched. <button type="button" id="lab-reload">Reload the page</button>
</div>
<noscript>This lab runs Python in your browser and needs JavaScript.</noscript>
</section>
<div id="lab-notice" class="lab-notice" role="status" hidden></div>
<p id="offline-status" class="offline-status" role="status"></p>
<div id="lab-app"></div>
</main>
<script type="application/json" id="lab-params">$params_json</script>
<script type="application/json" id="lab-opening">$opening_json</script>
<script type="module" async src="${runtime}opening.js"></script>
<script type="module" async src="${runtime}preview.js"></script>
<script type="module" async src="${runtime}boot.js"></script>
<script src="${runtime}watchdog.js"></script>
<script type="application/json" id="lab-preview-data">$preview_json</script>
</body>
</html>
""")

INDEX_PAGE = Template(_HEAD + """</head>
<body>
<main>
<h1>ML Systems labs</h1>
<p>Each lab runs Python in your browser; nothing is installed and nothing leaves this site.</p>
<ul>
$items
</ul>
<p><a href="ledger.html">Your Design Ledger</a> · <a href="instructors.html">For instructors</a></p>
<p id="offline-status" class="offline-status" role="status"></p>
</main>
<script type="module" src="runtime/offline-page.js"></script>
</body>
</html>
""")

def _course_tail(script: str) -> str:
    """The end of a page that reads the ledger in the browser: the course's labs as JSON, then its script."""
    return ("</main>\n<script type=\"application/json\" id=\"course-labs\">$labs_json</script>\n"
            "<script type=\"module\" src=\"runtime/offline-page.js\"></script>\n"
            f"<script type=\"module\" src=\"runtime/{script}\"></script>\n</body>\n</html>\n")


LEDGER_PAGE = Template(_HEAD + """</head>
<body>
<main>
<h1 class="page-heading">Your Design Ledger</h1>
<p>What you predicted and chose in each lab, as stored in this browser. Browsers may clear stored data
(Safari does after seven days without a visit): export your ledger to keep a copy, and import it on any
browser to pick up where you left off.</p>
<section class="ledger-tools" aria-label="Ledger tools">
<p><label for="ledger-track">Your track</label>
<select id="ledger-track"><option value="">(not chosen yet)</option>$track_options</select></p>
<p><label for="ledger-student">Your name (optional: it goes into your exports and reports)</label>
<input type="text" id="ledger-student" maxlength="100" autocomplete="name"></p>
<p><button type="button" id="ledger-export">Export my ledger (JSON)</button>
<label for="ledger-import">Import a ledger file</label>
<input type="file" id="ledger-import" accept="application/json,.json"></p>
<div id="ledger-message" role="status" aria-live="polite"></div>
</section>
<section id="ledger-summary" aria-label="Prediction accuracy by lab"></section>
<div id="ledger" aria-live="polite"></div>
<section id="ledger-backups" aria-label="Backups of your ledger"></section>
<p><a href="report.html">Printable reports for every lab you have started</a> · <a href="index.html">All labs</a></p>
<p id="offline-status" class="offline-status" role="status"></p>
""" + _course_tail("ledger-page.js"))


REPORT_PAGE = Template(_HEAD + """</head>
<body class="report-page">
<main>
<h1 id="report-heading">Your lab report</h1>
<p class="report-tools"><button type="button" id="report-print">Print or save as PDF</button>
<button type="button" id="report-markdown">Download as Markdown</button>
<a href="ledger.html">Back to your Design Ledger</a></p>
<div id="report" aria-live="polite"></div>
""" + _course_tail("report-page.js"))


INSTRUCTORS_PAGE = Template(_HEAD + """</head>
<body>
<main>
<h1>For instructors</h1>
<p>Every lab is a static page: embed it anywhere, open it at any act, with a track or a preset chosen.
The book's instructor guide says more, including how to collect students' ledgers and add a lab.</p>
<h2>Build an embed</h2>
<form id="embed-form" class="embed-form" aria-label="Embed builder">
<p><label for="embed-lab">Lab</label> <select id="embed-lab"></select></p>
<p><label for="embed-track">Track</label> <select id="embed-track"></select></p>
<p><label for="embed-act">Opens at act</label> <select id="embed-act"></select></p>
<p><label for="embed-preset">Preset</label> <select id="embed-preset"></select></p>
<p><label for="embed-height">Height in pixels (200 to 5,000)</label>
<input type="number" id="embed-height" min="200" max="5000" step="50" value="1100"></p>
</form>
<h3 id="shortcode-label">In a chapter of the book</h3>
<pre aria-labelledby="shortcode-label"><code id="embed-shortcode"></code></pre>
<p><button type="button" data-copy="embed-shortcode" data-label="Copy the shortcode">Copy the shortcode</button></p>
<h3 id="iframe-label">In any other page (an LMS, a course site)</h3>
<pre aria-labelledby="iframe-label"><code id="embed-iframe"></code></pre>
<p><button type="button" data-copy="embed-iframe" data-label="Copy the iframe">Copy the iframe</button></p>
<h3>How it opens</h3>
<iframe id="embed-preview" class="embed-preview" title="Preview" loading="lazy"></iframe>
<h2>Each lab's acts and presets</h2>
<div id="lab-settings"></div>
<p><a href="index.html">All labs</a> · <a href="ledger.html">The Design Ledger</a></p>
<script type="application/json" id="course-tracks">$tracks_json</script>
""" + _course_tail("instructors.js"))


def _script_json(value) -> str:
    """JSON safe inside a <script> element: no text in it can close the element."""
    return json.dumps(value).replace("<", "\\u003c")


# The opening lock (sitebuild/opening.py) in plain HTML. opening.js enables it; until then, and
# without JavaScript, the button stays disabled, and it is a plain button so it never submits a form.
OPENING_LOCK = Template("""<form id="opening-lock" class="opening-lock" data-state="waiting" \
aria-labelledby="opening-act">
<h2 id="opening-act">$act</h2>
<fieldset>
<legend>Predict first: $question</legend>
$options
</fieldset>
<p><button type="button" id="opening-lock-button" disabled>Lock in my prediction</button></p>
<p id="opening-lock-status" class="opening-lock-status" role="status">You can answer now, while the lab starts. Your
prediction goes into your Design Ledger, and the lab opens its instruments once it is running.</p>
</form>
""")


# The first act's instruments (sitebuild/preview.py), drawn here by preview.js once the opening lock
# is answered and Bokeh's scripts have run.
PREVIEW = """<section id="lab-preview-area" class="lab-preview-area" aria-labelledby="lab-preview-title" hidden>
<h3 id="lab-preview-title">Try the first instrument now</h3>
<p id="lab-preview-note" class="lab-preview-note" role="status">Its first control works already; the others
start with the lab.</p>
<div id="lab-preview-app"></div>
</section>
"""


def opening_lock_html(spec: dict | None) -> str:
    """The opening lock's form (``spec`` from sitebuild.opening), or nothing when the lab has none."""
    if spec is None:
        return ""
    options = "\n".join(
        f'<label><input type="radio" name="opening-choice" value="{escape(o["key"])}"> {escape(o["label"])}</label>'
        for o in spec["options"])
    return OPENING_LOCK.substitute(act=escape(spec["act"]), question=escape(spec["question"]), options=options)


def lab_nav(lesson, chapter_page: str) -> str:
    """Links out of a lab opened in its own tab (an embedded lab hides them: its chapter is around it).
    The labs site sits in the book's ``labs-site/``, so the book is two folders up from a lab page."""
    chapter = escape(chapter_page.removesuffix(".qmd") + ".html")
    links = [(f"../../{chapter}", f"Chapter {lesson.chapter}: {lesson.chapter_title}"),
             ("../../index.html", "The book"), ("../ledger.html", "Your Design Ledger"), ("../index.html", "All labs")]
    return " · ".join(f'<a href="{href}">{escape(text)}</a>' for href, text in links)


def lab_page(lesson, module: str, params: dict | None = None, runtime: str = "../runtime/", build: str = "",
             opening: dict | None = None, preview: dict | None = None, chapter_page: str = "index.qmd") -> str:
    """The static page for one lab: its text and its opening lock at once, then the live lab once
    Python has booted.

    ``params`` lists what a link may ask for (tracks, act titles, preset descriptions); the page's
    script checks every query value against it before anything reaches Python. ``opening`` is the
    opening lock (sitebuild.opening), or None; ``preview`` the first act's instruments
    (sitebuild.preview), or None.
    """
    scripts = "\n".join(f'<script defer src="{runtime}bokeh/{name}.min.js"></script>' for name in config.BOKEH_JS)
    heading = f"Lab {lesson.number:02d}: {lesson.title}"
    return LAB_PAGE.substitute(nav=lab_nav(lesson, chapter_page),
        title=escape(f"{heading} · ML Systems"), runtime=runtime, module=escape(module), heading=escape(heading),
        meta=escape(f"Chapter {lesson.chapter}, {lesson.chapter_title} · about {lesson.minutes} minutes"),
        intro=escape(lesson.intro), bokeh_scripts=scripts,
        params_json=_script_json(params or {"tracks": {}, "acts": [], "presets": {}}), build=escape(build),
        opening=opening_lock_html(opening), preview=PREVIEW if preview else "", preview_json=_script_json(preview),
        opening_json=_script_json(opening and {"chapter": opening["chapter"], "fields": opening["fields"],
                                               "labels": {o["key"]: o["label"] for o in opening["options"]}}),
    )


def index_page(lessons: list[tuple[object, str]]) -> str:
    items = "\n".join(
        f'<li><a href="labs/{slug}.html">Lab {lesson.number:02d}: {escape(lesson.title)}</a></li>'
        for lesson, slug in lessons
    )
    return INDEX_PAGE.substitute(title="ML Systems labs", runtime="runtime/", items=items)


def course_labs(plans) -> list[dict]:
    """Each lab's description (labs.kit.report.describe_lab), linked from a page at the site's root."""
    from labs.kit.report import describe_lab

    return [describe_lab(plan, f"labs/{plan.LESSON.slug}.html") for plan in plans]


def ledger_page(plans, tracks: dict[str, str]) -> str:
    """The ledger page; the course's labs go in as JSON (escaped so that no text can close the script)."""
    options = "".join(f'<option value="{escape(key)}">{escape(name)}</option>' for key, name in tracks.items())
    return LEDGER_PAGE.substitute(title="Your Design Ledger · ML Systems", runtime="runtime/",
                                  labs_json=_script_json(course_labs(plans)), track_options=options)


def instructors_page(plans, tracks: dict[str, str]) -> str:
    """The instructors' page: each lab's acts and presets, and the embed builder (client/instructors.js)."""
    labs = [{**lab, "acts": [a.title for a in plan.ACTS],
             "presets": {name: p.description for name, p in plan.PRESETS.items()}}
            for lab, plan in zip(course_labs(plans), plans)]
    return INSTRUCTORS_PAGE.substitute(title="For instructors · ML Systems", runtime="runtime/",
                                       labs_json=_script_json(labs), tracks_json=_script_json(tracks))


def report_page(plans) -> str:
    """The printable report page (``report.html?chapter=N``), which reads the ledger in the browser."""
    return REPORT_PAGE.substitute(title="Your lab report · ML Systems", runtime="runtime/",
                                  labs_json=_script_json(course_labs(plans)))
