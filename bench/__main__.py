"""Measure the built site in headless Chromium on localhost, in one run, and print each figure
with its ratio to bare Pyodide (the floor our stack adds to). Writes the numbers as JSON.

    python -m bench [SITE] [--runs N] [--out FILE]

- bare: boot Pyodide from the site's runtime folder and run 1+1 (median of N runs), with no
  service worker;
- cold: each lab's time to interactive from an empty cache: its first lock answered on the page
  (sitebuild/opening.py) and a key press on the first act's first control has moved its drawing
  (sitebuild/preview.py), or the live lab is drawn, whichever comes first. Also the time until the
  opening lock takes an answer, and until Python has drawn the whole live lab, with the lab's own
  account of each start-up step;
- warm: the same lab again, once the page says the site is saved offline: served by the service
  worker's cache;
- slider: keyboard step -> redrawn cards painted, timed in the page, p50 and p95 over 50 moves
  (lab 02, part 1);
- bytes: counted at the server (gzip where GitHub Pages uses it), for the first lab and for
  each further lab after it in the same browser profile.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from sitebuild.config import LABS
from tests.site.test_static_site import UNPACK_ARCHIVES
from tests.static_server import StaticSite

# Issue 23's targets: ratios to bare Pyodide, the slider in seconds, the bytes in MB over the wire.
TARGETS = {"opening_cold": 0.5, "live_cold": 2.0, "live_warm": 1.2, "slider_p50_s": 0.040, "slider_p95_s": 0.060,
           "first_lab_MB": 10.0, "further_lab_MB": 0.5}


def verdict(value: float, target: float, unit: str = "") -> str:
    return f"target <= {target:g}{unit}: {'met' if value <= target else 'NOT met'}"


def chromium() -> str | None:
    return os.environ.get("CHROMIUM_EXECUTABLE") or shutil.which("chromium")


def bare_boot(browser, url: str) -> float:
    context = browser.new_context(service_workers="block")  # the index page's worker would compete for the CPU
    page = context.new_page()
    page.goto(url + "index.html")
    start = time.monotonic()
    page.add_script_tag(url="runtime/pyodide/pyodide.js")
    page.evaluate("""async () => {""" + UNPACK_ARCHIVES + """  // the standard library is packed too
        const py = await loadPyodide({indexURL: new URL('runtime/pyodide/', location.href).href});
        return py.runPython('1+1');
    }""")
    elapsed = time.monotonic() - start
    context.close()
    return elapsed


def time_to_ready(page, url: str) -> tuple[float, float, float]:
    """Seconds from navigation until the page's opening lock takes an answer; until, that answered,
    the first act's first control has moved its drawing (a key press, the drawing's state changed:
    sitebuild/preview.py), or the live lab's time if it took over first; and until the live lab is drawn
    (Python has started it: its own lock and all its instruments work)."""
    start = time.monotonic()
    page.goto(url, wait_until="commit")  # not the load event: the opening lock is usable before it
    page.wait_for_function("() => ['open', 'locked'].includes(document.getElementById('opening-lock')?.dataset.state)",
                           timeout=300_000)
    opening = time.monotonic() - start
    if page.evaluate("document.getElementById('opening-lock').dataset.state") == "open":
        page.locator("#opening-lock input[type=radio]").first.check()
        page.locator("#opening-lock-button").click()
    interactive = None
    page.wait_for_function("() => document.getElementById('lab-preview-area')?.dataset.state === 'ready' || "
                           "['ready', 'error'].includes(document.body.dataset.labState)", timeout=300_000)
    if page.evaluate("document.getElementById('lab-preview-area')?.dataset.state") == "ready":
        before = page.evaluate("document.getElementById('lab-preview-area').dataset.previewState")
        area = page.locator("#lab-preview-app")
        # The one control that works: a slider (a step), a menu (its next option) or a button group
        # (another of its buttons). The others are drawn inside disabled elements.
        candidates = [(area.get_by_role("slider"), "ArrowRight" if before == "0" else "ArrowLeft"),
                      (area.get_by_role("combobox"), "ArrowDown"),
                      (area.locator("button.bk-btn:not(.bk-active)"), "Enter")]
        try:
            working = [(found.nth(i), key) for found, key in candidates for i, works in
                       enumerate(found.evaluate_all("els => els.map((el) => el.closest('[disabled]') === null)"))
                       if works]
            if working:
                working[0][0].press(working[0][1], timeout=5_000)
            elif page.evaluate("document.getElementById('lab-preview-area')?.dataset.state === 'ready'"):
                raise RuntimeError(f"{url}: the page's first instrument has no control that works")
        except PlaywrightError:  # the lab closed the page's instrument, or took its place, first
            pass
        page.wait_for_function("(b) => (document.getElementById('lab-preview-area')?.dataset.previewState ?? b) !== b "
                               "|| document.body.dataset.labState === 'ready'", arg=before, timeout=300_000)
        if page.evaluate("document.body.dataset.labState") != "ready":
            interactive = time.monotonic() - start
    page.wait_for_function("() => ['ready', 'error'].includes(document.body.dataset.labState)", timeout=300_000)
    if page.evaluate("document.body.dataset.labState") != "ready":
        raise RuntimeError(f"{url} did not start: {page.locator('#lab-error').inner_text()}")
    page.locator(".kit-lock").get_by_role("button").first.wait_for(state="attached", timeout=60_000)
    live = time.monotonic() - start
    return opening, live if interactive is None else interactive, live


# Timed in the page, from the keydown of a real key press to the first frame painted after Python
# has redrawn part 1's figure cards (seen by a MutationObserver on each card's shadow root). Timing it
# from the test driver would add its own round trips, and polling a walk of every shadow root each
# frame, to what a student sees.
WATCH_REDRAWS = """() => {
    const cards = [];
    const walk = (root) => root.querySelectorAll('*').forEach((el) => {
        const card = el.classList.contains('kit-card') || el.classList.contains('kit-card-binding');
        if (card) cards.push(el.shadowRoot || el);
        if (el.shadowRoot) walk(el.shadowRoot);
    });
    walk(document);
    const text = () => cards.map((card) => card.textContent).join('|');
    const state = { samples: [], pressed: null, before: '' };
    document.addEventListener('keydown', (event) => {
        state.pressed = event.timeStamp;
        state.before = text();
    }, { capture: true });
    const changed = () => {
        if (state.pressed === null || text() === state.before) return;
        const pressed = state.pressed;
        state.pressed = null;
        requestAnimationFrame(() => state.samples.push(performance.now() - pressed));
    };
    cards.forEach((card) => new MutationObserver(changed).observe(card, { subtree: true, childList: true,
                                                                         characterData: true }));
    window.__redraws = state.samples;
    return cards.length;
}"""


def slider_latency(browser, url: str, moves: int = 50) -> list[float]:
    """Seconds from each keyboard step of part 1's batch-size slider to the redrawn cards on screen."""
    context = browser.new_context()
    page = context.new_page()
    time_to_ready(page, url + "labs/lab02.html")
    wait_offline(page)  # a student's steady state, not the worker still saving the runtime
    act = page.locator(".kit-act-1")  # its lock was answered on the page, so its instruments are open
    handle = act.get_by_role("slider", name="Batch size")
    handle.wait_for()
    if page.evaluate(WATCH_REDRAWS) == 0:
        raise RuntimeError("no figure cards found in lab 02's part 1")
    for i in range(moves):
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function("(n) => window.__redraws.length >= n", arg=i + 1)
    samples = page.evaluate("window.__redraws")
    context.close()
    return [ms / 1000 for ms in samples]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def wait_offline(page) -> None:
    """Until the page says the site is saved for offline use (the worker has kept the runtime)."""
    page.wait_for_function("() => document.getElementById('offline-status')?.dataset.offline === 'ready'",
                           timeout=120_000)


def boot_times(page) -> dict[str, int]:
    """The lab's own account of where its start-up went, in ms (boot.js and labs/client/boot.py record it)."""
    return json.loads(page.evaluate("document.body.dataset.bootTimes || '{}'"))


def median_times(samples: list[dict[str, int]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def lab_timings(browser, url: str, runs: int) -> dict:
    """Cold (empty cache) and warm (same context again: the service worker serves it), median of ``runs``."""
    cold, warm, cold_steps, warm_steps = [], [], [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        cold.append(time_to_ready(page, url))
        cold_steps.append(boot_times(page))
        wait_offline(page)
        warm.append(time_to_ready(page, url))
        warm_steps.append(boot_times(page))
        context.close()
    return {"cold_s": statistics.median(t for _, t, _ in cold), "warm_s": statistics.median(t for _, t, _ in warm),
            "opening_cold_s": statistics.median(t for t, _, _ in cold),
            "opening_warm_s": statistics.median(t for t, _, _ in warm),
            "live_cold_s": statistics.median(t for _, _, t in cold),
            "live_warm_s": statistics.median(t for _, _, t in warm),
            "cold_steps_ms": median_times(cold_steps), "warm_steps_ms": median_times(warm_steps)}


def wire_bytes(browser, server: StaticSite, slugs: list[str]) -> dict[str, dict]:
    """One student, one browser profile: the first lab from nothing, then each further lab. Counted at the
    server, so the service worker's own fetches (its precache among them) are included."""
    context = browser.new_context()
    result = {}
    server.take_served()
    for slug in slugs:
        page = context.new_page()
        time_to_ready(page, server.url + f"labs/{slug}.html")
        wait_offline(page)  # the worker keeps the runtime after the lab has started: count that too
        page.close()
        total, files = server.take_served()
        result[slug] = {"MB": total / 1e6, "largest": sorted(files, key=lambda f: -f[1])[:5]}
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_build/site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("_build/bench.json"))
    args = parser.parse_args()
    slugs = [slug for _, slug in LABS]
    with StaticSite(args.site, gzip=True) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        bare = statistics.median(bare_boot(browser, server.url) for _ in range(args.runs))
        labs = {slug: lab_timings(browser, server.url + f"labs/{slug}.html", args.runs) for slug in slugs}
        wire = wire_bytes(browser, server, slugs)
        slider = slider_latency(browser, server.url)
        browser.close()
    for i, slug in enumerate(slugs):
        labs[slug].update(wire_MB=wire[slug]["MB"], largest_files=wire[slug]["largest"], after_first=i > 0)
    result = {"bare_s": bare, "labs": labs, "slider_p50_s": percentile(slider, 0.5),
              "slider_p95_s": percentile(slider, 0.95), "targets": TARGETS}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(f"bare Pyodide boot + 1+1: {bare:.2f} s (median of {args.runs})")
    for slug, r in labs.items():
        mb_target = TARGETS["further_lab_MB" if r["after_first"] else "first_lab_MB"]
        print(f"{slug}:")
        opening = r["opening_cold_s"] / bare
        print(f"    first prediction answerable on the page: cold {r['opening_cold_s']:.2f} s ({opening:.2f}x bare, "
              f"{verdict(opening, TARGETS['opening_cold'], 'x')}), warm {r['opening_warm_s']:.2f} s "
              f"({r['opening_warm_s'] / bare:.2f}x)")
        print(f"    first instrument works (the page's, or the live lab's): cold {r['cold_s']:.2f} s "
              f"({r['cold_s'] / bare:.2f}x), warm {r['warm_s']:.2f} s ({r['warm_s'] / bare:.2f}x)")
        print(f"    whole live lab drawn by Python: cold {r['live_cold_s']:.2f} s ({r['live_cold_s'] / bare:.2f}x, "
              f"{verdict(r['live_cold_s'] / bare, TARGETS['live_cold'], 'x')}), warm {r['live_warm_s']:.2f} s "
              f"({r['live_warm_s'] / bare:.2f}x, {verdict(r['live_warm_s'] / bare, TARGETS['live_warm'], 'x')})")
        print(f"    over the wire: {r['wire_MB']:.2f} MB ({'a further lab' if r['after_first'] else 'the first lab'}, "
              f"{verdict(r['wire_MB'], mb_target, ' MB')})")
        for kind in ("cold", "warm"):
            steps = ", ".join(f"{k} {v / 1000:.2f}" for k, v in r[f"{kind}_steps_ms"].items())
            print(f"    {kind} steps (s): {steps}")
    p50, p95 = result["slider_p50_s"] * 1000, result["slider_p95_s"] * 1000
    print(f"slider -> redraw (lab 02, part 1): p50 {p50:.0f} ms "
          f"({verdict(p50, TARGETS['slider_p50_s'] * 1000, ' ms')}), "
          f"p95 {p95:.0f} ms ({verdict(p95, TARGETS['slider_p95_s'] * 1000, ' ms')})")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
