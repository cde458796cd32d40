"""Browser check of the static Explore panels (ionlib.figures.panel) in the built book.

Every page holding a ``.ionlib-panel`` is opened from ``file://`` with every request that is not
``file:``/``data:``/localhost aborted (and counted as a failure). In every panel each control is
moved to each of its other values, by keyboard for sliders (arrow keys): the control must reach
every value, the image must keep its size, and the figure must change (the displayed frame
differs; values on a plateau of the physics may repeat a picture, which is printed as a note); the panel's bytes must stay within the page
budget, and the page weight (the HTML plus every file it loads) is reported. Screenshots of one
panel before and after a move, and in the dark theme, are saved.

Used by browser_check.py: ``failures = panel_check.check(browser, root, shots)``; standalone:
``python .ci/panel_check.py [_build/html]``.
"""
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

PANEL_BUDGET_BYTES = 1_500_000          # bytes a page's panels may add
SHOT_PAGE = "book/paper_a/fig_a2_wavepackets.html"   # the panel photographed (time slider moved)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
_NOTES = []   # informational, printed under the page's status line

STATE_JS = """
root => ({frame: root.querySelector('.ip-figure img').getAttribute('data-frame'),
          src: root.querySelector('.ip-figure img').getAttribute('src').length + ':' +
               root.querySelector('.ip-figure img').getAttribute('src').slice(-64),
          w: root.querySelector('.ip-figure img').getBoundingClientRect().width,
          h: root.querySelector('.ip-figure img').getBoundingClientRect().height,
          readouts: [...root.querySelectorAll('output')].map(o => o.textContent),
          controls: JSON.parse(root.querySelector('script.ip-data').textContent).controls
                    .map(c => ({kind: c.kind, n: c.readouts.length, def: c['default'],
                                crossed: c.crossed}))})
"""


def _is_local(url: str) -> bool:
    if url.startswith(LOCAL_SCHEMES):
        return True
    return urlparse(url).hostname in ("127.0.0.1", "localhost")


def panel_pages(root: Path):
    for path in sorted(root.rglob("*.html")):
        if "_static" in path.parts or "_sources" in path.parts:
            continue
        if 'class="ionlib-panel"' in path.read_text(errors="replace"):
            yield path


def _move(page, root_sel, i, kind, k, current):
    """Set control ``i`` of the panel to value index ``k`` the way a reader would."""
    el = page.locator(f"{root_sel} [data-ip='{i}']").first
    if kind == "slider":
        el.focus()
        key = "ArrowRight" if k > current else "ArrowLeft"
        for _ in range(abs(k - current)):
            page.keyboard.press(key)
    elif kind == "select":
        el.select_option(str(k))
    elif kind == "checkbox":
        el.focus()
        page.keyboard.press("Space")
    else:
        page.locator(f"{root_sel} [data-ip='{i}'] label").nth(k).click()


def _frame(state, i):
    return int(state["frame"].split(",")[i])


def _sweep(page, root_sel, i, c, size0):
    """Move control ``i`` through all its other values and back; returns (moves, problems).
    The figure must change on at least one move (a plateau, e.g. a stationary state reached
    at late times, may leave some neighbouring values with the same picture)."""
    panel, problems, moves, changed, same = page.locator(root_sel), [], 0, 0, []
    for k in [j for j in range(c["n"]) if j != c["def"]] + [c["def"]]:
        before = panel.evaluate(STATE_JS)
        if k == _frame(before, i):
            continue
        _move(page, root_sel, i, c["kind"], k, _frame(before, i))
        after = panel.evaluate(STATE_JS)
        moves += 1
        if _frame(after, i) != k:
            problems.append(f"control {i} did not reach value {k} (frame {after['frame']})")
        elif after["src"] == before["src"]:
            same.append(k)
        else:
            changed += 1
        if (after["w"], after["h"]) != size0:
            problems.append(f"image size changed {size0} -> {(after['w'], after['h'])}")
    if moves and not changed:
        problems.append(f"control {i}: the figure never changes (values {same})")
    elif same:
        _NOTES.append(f"note: control {i}, values {same}: same figure as the previous value")
    return moves, problems


def _check_panel(page, root_sel, problems):
    """Move every control of one panel; the figure must change for each control. A control that is
    inert at the default of a crossed control (e.g. a four-state ratio with three states) must
    work at some other value of it. Returns the number of moves."""
    state = page.locator(root_sel).evaluate(STATE_JS)
    size0 = (state["w"], state["h"])
    crossed = [j for j, c in enumerate(state["controls"]) if c["crossed"]]
    total = 0
    for i, c in enumerate(state["controls"]):
        moves, found = _sweep(page, root_sel, i, c, size0)
        total += moves
        for j in (j for j in crossed if j != i and found):
            cj = state["controls"][j]
            for v in (v for v in range(cj["n"]) if v != cj["def"] and found):
                _move(page, root_sel, j, cj["kind"], v, cj["def"])
                moves, retry = _sweep(page, root_sel, i, c, size0)
                total += moves + 2
                if not retry:
                    found = []
                _move(page, root_sel, j, cj["kind"], cj["def"], v)
        problems += found
    return total


def check(browser, root: Path, shots: Path) -> list:
    """Check every panel page; returns [(page, problem), ...]."""
    failures, t0 = [], time.time()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked = []

    def route(r):
        if _is_local(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    context.route("**/*", route)
    n_pages = 0
    for path in panel_pages(root):
        rel = path.relative_to(root).as_posix()
        problems, loaded = [], set()
        blocked.clear()
        page = context.new_page()
        page.on("pageerror", lambda exc, p=problems: p.append(f"JS error: {exc}"))
        page.on("request", lambda req, s=loaded: s.add(req.url))
        page.goto(path.resolve().as_uri(), wait_until="load")
        panels = page.locator(".ionlib-panel")
        n_panels, moves = panels.count(), 0
        panel_bytes = page.evaluate(
            "() => [...document.querySelectorAll('.ionlib-panel')]"
            ".reduce((s, p) => s + new Blob([p.outerHTML]).size, 0)")
        files = {Path(unquote(urlparse(u).path)) for u in loaded if u.startswith("file:")}
        weight = sum(f.stat().st_size for f in files | {path.resolve()} if f.is_file())
        if panel_bytes > PANEL_BUDGET_BYTES:
            problems.append(f"panels add {panel_bytes / 1e6:.2f} MB > {PANEL_BUDGET_BYTES / 1e6} MB")
        shoot = rel == SHOT_PAGE
        for j in range(n_panels):
            pid = panels.nth(j).get_attribute("id")
            if shoot and j == 0:
                _shots(page, f"#{pid}", shots)
            moves += _check_panel(page, f"#{pid}", problems)
        problems += [f"request left file://: {u}" for u in blocked]
        status = "FAIL" if problems else "ok"
        print(f"{status:4s} {rel}  (panels {n_panels}, moves {moves}, panel {panel_bytes / 1e6:.2f} MB, "
              f"page weight {weight / 1e6:.2f} MB, {len(files) + 1} files)")
        for note in _NOTES:
            print(f"       {note}")
        _NOTES.clear()
        for p in problems:
            print(f"       {p}")
            failures.append((rel, p))
        n_pages += 1
        page.close()
    context.close()
    if n_pages == 0:
        failures.append(("(panels)", "no page with a static Explore panel found"))
    print(f"panel check: {n_pages} pages in {time.time() - t0:.1f} s; screenshots "
          f"{shots}/panel_before.png, panel_after.png, panel_dark.png")
    return failures


def _shots(page, sel, shots: Path):
    """Screenshots of one panel: default, after moving its last slider (time), dark theme."""
    shots.mkdir(parents=True, exist_ok=True)
    panel = page.locator(sel)
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(shots / "panel_before.png"))
    sliders = page.locator(f"{sel} input[type=range]")
    last = sliders.nth(sliders.count() - 1)
    last.focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    panel.screenshot(path=str(shots / "panel_after.png"))
    page.evaluate("() => document.documentElement.setAttribute('data-theme', 'dark')")
    panel.screenshot(path=str(shots / "panel_dark.png"))
    page.evaluate("() => document.documentElement.setAttribute('data-theme', 'light')")
    for _ in range(2):
        page.keyboard.press("ArrowLeft")


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright
    sys.path.insert(0, str(Path(__file__).parent))
    from browser_check import CHROMIUM, FLAGS

    html_root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        fails = check(b, html_root, html_root.parent / "screenshots")
        b.close()
    sys.exit(1 if fails else 0)
