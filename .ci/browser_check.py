"""Open every page of the built book in headless Chromium and fail on anything a reader would see
broken: a script or stylesheet that failed to load, a JavaScript error, a broken image, maths that
MathJax did not typeset (or typeset as an error), a figure without its image.

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
        browser.close()
    server.shutdown()
    print(f"browser check: {checked} pages in {time.time() - t0:.1f} s, "
          f"{len({r for r, _ in failures})} with problems; screenshots in {shots}")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    html_root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    sys.exit(check(html_root, html_root.parent / "screenshots"))
