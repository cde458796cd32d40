"""Open every page of the built book in headless Chromium and fail on anything a reader would see
broken: a script or stylesheet that failed to load, a JavaScript error, a broken image, maths that
MathJax did not typeset (or typeset as an error), a figure without its image; on the claims ledger,
verdict badges pushed off-screen or summary counts that link nowhere (ledger_check).

Usage: python .ci/browser_check.py [_build/html]   (writes screenshots to _build/screenshots/)

Chromium is Debian's (/usr/bin/chromium), started with the flags that work offline; pages are
served from a local HTTP server on 127.0.0.1, and any request to another host counts as a failure.
"""
import functools
import http.server
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

import panel_check  # the static Explore panels (.ci/panel_check.py)

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SKIP_DIRS = {"_static", "_sources", "_images", "_sphinx_design_static"}

PAGE_REPORT_JS = """
() => {
  const broken = [...document.images].filter(im => !(im.complete && im.naturalWidth > 0))
                                     .map(im => im.getAttribute('src'));
  const mathNodes = [...document.querySelectorAll('.math, div.math, span.math')];
  const untypeset = mathNodes.filter(n => !n.querySelector('mjx-container') &&
                                          !n.closest('mjx-container')).length;
  const mathErrors = document.querySelectorAll('mjx-merror, merror').length;
  const emptyFigures = [...document.querySelectorAll('figure')]
      .filter(f => !f.querySelector('img, svg, object')).length;
  const unresolved = (document.body.innerText.match(/\\?\\?/g) || []).length;
  const downloads = [...document.querySelectorAll('a[href$=".ipynb"], a[href$=".json"], a[href$=".csv"]')]
      .map(a => a.href);
  return {downloads, broken, mathNodes: mathNodes.length, untypeset, mathErrors, emptyFigures,
          figures: document.querySelectorAll('figure img').length, unresolved};
}
"""


LEDGER_PAGE = "book/ledger.html"
LEDGER_WIDTHS = (1280, 800)
LEDGER_REPORT_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const badges = [...document.querySelectorAll('table.ledger-table .verdict-badge')];
  // inside the viewport and inside the table's own scroll box (the theme lets wide tables scroll)
  const outside = badges.filter(b => {
    const r = b.getBoundingClientRect();
    const box = (b.closest('.pst-scrollable-table-container') || document.body).getBoundingClientRect();
    return r.width === 0 || r.left < Math.max(0, box.left) - 0.5 || r.right > Math.min(vw, box.right) + 0.5;
  }).length;
  const colours = {};
  for (const b of document.querySelectorAll('.verdict-badge')) {
    const kind = [...b.classList].find(c => c.startsWith('verdict-') && c !== 'verdict-badge');
    (colours[kind] = colours[kind] || new Set()).add(getComputedStyle(b).backgroundColor);
  }
  const links = [...document.querySelectorAll('a[href^="#ledger-"]')].map(a => a.getAttribute('href'));
  return {vw, scrollWidth: document.documentElement.scrollWidth, badges: badges.length, outside,
          colours: Object.fromEntries(Object.entries(colours).map(([k, v]) => [k, [...v]])),
          links, dangling: links.filter(h => !document.getElementById(h.slice(1)))};
}
"""


def ledger_check(browser, base: str, shots: Path) -> list:
    """The claims ledger at a wide and a narrow window, light and dark: every verdict badge in the
    table lies inside the viewport, the page does not scroll sideways, each verdict has one badge
    colour (four distinct ones), and every summary count links to an existing group of rows."""
    problems = []
    for width, scheme in [(w, "light") for w in LEDGER_WIDTHS] + [(LEDGER_WIDTHS[0], "dark")]:
        n_before = len(problems)
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(base + LEDGER_PAGE, wait_until="load")
        r = page.evaluate(LEDGER_REPORT_JS)
        where = f"{LEDGER_PAGE} at {width} px, {scheme}"
        if not r["badges"]:
            problems.append(f"{where}: no verdict badges in the ledger tables")
        if r["outside"]:
            problems.append(f"{where}: {r['outside']} of {r['badges']} badges outside the viewport "
                            "or cut off by their table's scroll box")
        if r["scrollWidth"] > r["vw"]:
            problems.append(f"{where}: page scrolls sideways ({r['scrollWidth']} > {r['vw']} px)")
        colours = [c for cs in r["colours"].values() for c in cs]
        if len(r["colours"]) != 4 or len(colours) != 4 or len(set(colours)) != 4:
            problems.append(f"{where}: verdict colours are not four distinct ones: {r['colours']}")
        if not r["links"] or r["dangling"]:
            problems.append(f"{where}: summary links {r['links']}, without a target {r['dangling']}")
        else:   # follow one count link: its group of rows scrolls into view
            page.click(f'a[href="{r["links"][0]}"]')
            page.wait_for_timeout(300)
            top = page.evaluate(f"document.getElementById('{r['links'][0][1:]}').getBoundingClientRect().top")
            if not 0 <= top < 900:
                problems.append(f"{where}: link {r['links'][0]} leaves its target at y = {top:.0f}")
        page.screenshot(path=str(shots / f"ledger_{width}_{scheme}.png"))
        print(f"{'FAIL' if len(problems) > n_before else 'ok':4s} {where}: {r['badges']} badges, "
              f"scrollWidth {r['scrollWidth']} / viewport {r['vw']} px, {len(r['links'])} count links")
        for p in problems[n_before:]:
            print(f"       {p}")
        context.close()
    return problems


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser may drop a connection mid-download (e.g. once a page has loaded); that is
        # not a problem of the page, so no traceback. Page failures are detected in the browser.
        pass


def _serve(root: Path):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pages(root: Path):
    for path in sorted(root.rglob("*.html")):
        if not SKIP_DIRS.intersection(path.relative_to(root).parts):
            yield path.relative_to(root).as_posix()


def check(root: Path, shots: Path) -> int:
    shots.mkdir(parents=True, exist_ok=True)
    server = _serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    failures, checked, t0 = [], 0, time.time()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        for rel in pages(root):
            text = (root / rel).read_text(errors="replace")
            if 'http-equiv="refresh"' in text.lower():
                target = text.split("url=", 1)[1].split('"', 1)[0].split("'", 1)[0]
                ok = (root / Path(rel).parent / target).exists()
                print(f"{'ok' if ok else 'FAIL':4s} {rel}  (redirect to {target})")
                if not ok:
                    failures.append((rel, f"redirect target {target} missing"))
                checked += 1
                continue
            page = context.new_page()
            problems = []
            page.on("pageerror", lambda exc, p=problems: p.append(f"JS error: {exc}"))
            page.on("requestfailed",
                    lambda req, p=problems: p.append(f"request failed: {req.url} ({req.failure})"))

            def on_response(resp, p=problems):
                if resp.status >= 400:
                    p.append(f"HTTP {resp.status}: {resp.url}")
            page.on("response", on_response)

            def on_request(req, p=problems):
                if urlparse(req.url).hostname not in ("127.0.0.1", None) and \
                        not req.url.startswith(("data:", "blob:")):
                    p.append(f"external request: {req.url}")
            page.on("request", on_request)

            page.goto(base + rel, wait_until="load")
            # wait for MathJax (if the page loads it) to finish typesetting
            page.evaluate("""async () => {
                if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
                    await MathJax.startup.promise; }}""")
            page.wait_for_timeout(200)
            report = page.evaluate(PAGE_REPORT_JS)
            for url in report["downloads"]:
                try:
                    urllib.request.urlopen(url, timeout=10).close()
                except OSError as exc:
                    problems.append(f"download link broken: {url} ({exc})")
            if report["broken"]:
                problems.append(f"broken images: {report['broken']}")
            if report["untypeset"]:
                problems.append(f"{report['untypeset']} of {report['mathNodes']} maths not typeset")
            if report["mathErrors"]:
                problems.append(f"{report['mathErrors']} MathJax errors")
            if report["emptyFigures"]:
                problems.append(f"{report['emptyFigures']} figures without an image")
            shot = shots / (rel.replace("/", "__").removesuffix(".html") + ".png")
            page.screenshot(path=str(shot), full_page=True)
            status = "FAIL" if problems else "ok"
            print(f"{status:4s} {rel}  (maths {report['mathNodes']}, figures {report['figures']}, "
                  f"downloads {len(report['downloads'])})")
            for p in problems:
                print(f"       {p}")
                failures.append((rel, p))
            checked += 1
            page.close()
        ledger = ledger_check(browser, base, shots) if (root / LEDGER_PAGE).exists() else ["missing"]
        failures += [(LEDGER_PAGE, p) for p in ledger]
        failures += panel_check.check(browser, root, shots)
        browser.close()
    server.shutdown()
    print(f"browser check: {checked} pages in {time.time() - t0:.1f} s, "
          f"{len({r for r, _ in failures})} with problems; screenshots in {shots}")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    html_root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    sys.exit(check(html_root, html_root.parent / "screenshots"))
