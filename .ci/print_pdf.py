"""Print edition: the built HTML book as one PDF (A4), printed by Debian's Chromium.

Usage: python .ci/print_pdf.py [HTML_DIR] [-o PDF]     (defaults: _build/html, _build/pdf/book.pdf)

Run it after ``jupyter-book build .``: it reuses the executed pages of that build (nothing is
executed again) and prints what the HTML reader sees. The pages of the table of contents are read
from the built HTML (the sidebar of the root page gives their order and the part captions), each
page's article is taken out of its theme frame and the articles are put one after the other into a
single document, with

- a title page (title, authors, date, ionlib version, the git commit the PDF was built from) and a
  table of contents with page numbers;
- ids prefixed per page, so that every cross-reference, citation and "Figure A5.1" link points into
  the PDF; links to downloads (JSON/CSV, notebooks) become plain text;
- code inputs folded in the HTML (``hide-input``) left out, as are the theme's buttons and "#" links;
- the claims ledger's folded "why" of each row printed in a full-width row under it;
- every Explore panel printed as its default figure and one line saying where it is interactive;
- equations typeset by the book's own offline MathJax (the same configuration as the HTML), wide
  equations and tables scaled down to the page width.

Chromium is /usr/bin/chromium (Debian), started with the offline flags of the browser check and a
fresh profile; the pages are served from 127.0.0.1 and any request to another host is refused. The
PDF is printed twice: the first print finds the page of each chapter and section heading
(invisible markers read back with pypdf), the second fills in the page numbers of the table of
contents; pypdf then adds the bookmarks (parts > chapters > sections) and the metadata (the commit
in the subject). The bibliography's TeX in titles (K$^+$) is typeset by MathJax, not printed raw
(the HTML edition shows it raw). The PDF is also copied
to ``HTML_DIR/book.pdf``, which the intro page links to ("Download PDF"). A summary of the chapters
(title, first and last page) is written next to the PDF as ``book.json`` for .ci/pdf_check.py.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import http.server
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml
from bs4 import BeautifulSoup, NavigableString
from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter

logging.getLogger("pypdf").setLevel(logging.ERROR)   # Chromium's trailer sizes are off by a few

REPO = Path(__file__).resolve().parents[1]
CSS = Path(__file__).with_name("print_pdf.css")
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: A4 with these margins; the layout is computed at the printable width (CSS px at 96 dpi).
PAGE = {"format": "A4", "margin": {"top": "14mm", "bottom": "16mm", "left": "16mm", "right": "16mm"}}
CONTENT_WIDTH_PX = round((210 - 32) / 25.4 * 96)
PAGE_HEIGHT_PX = round((297 - 30) / 25.4 * 96)
MARKER = "@@print-mark-{:04d}@@"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


# --------------------------------------------------------------------------- the book's pages
def root_page(html_dir: Path) -> str:
    """The book's first page (index.html redirects to it)."""
    index = (html_dir / "index.html").read_text(errors="replace")
    match = re.search(r'url=([^"\'>]+)', index)
    return match.group(1) if match else "index.html"


def book_order(html_dir: Path) -> list[dict]:
    """Pages in the order of the table of contents: ``{rel, title, level, part}`` (``part``: the
    caption of the part the page opens, if it opens one), read from the root page's sidebar."""
    root = root_page(html_dir)
    soup = BeautifulSoup((html_dir / root).read_text(), "html.parser")
    nav = soup.select_one("nav.bd-docs-nav")
    if nav is None:
        raise SystemExit(f"no sidebar navigation in {html_dir / root}: is this a Jupyter Book build?")
    pages, part, seen = [], None, set()
    for el in nav.find_all(["p", "a"]):
        if el.name == "p" and "caption" in el.get("class", []):
            part = el.get_text(" ", strip=True)
            continue
        if el.name != "a" or "reference" not in el.get("class", []):
            continue
        href = el.get("href", "")
        if urlparse(href).scheme or href.startswith("#") and href != "#":
            continue
        path = href.split("#")[0]
        rel = urljoin(root, path) if path else root
        if rel in seen:
            continue
        seen.add(rel)
        li = el.find_parent("li")
        level = int(re.search(r"toctree-l(\d)", " ".join(li.get("class", []))).group(1)) if li else 1
        pages.append({"rel": rel, "title": el.get_text(" ", strip=True), "level": level,
                      "part": part})
        part = None
    return pages


def page_key(rel: str) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9_]+", "-", rel.removesuffix(".html"))


# --------------------------------------------------------------------------- one page's article
def _panel_note(panel, rel: str, section: str | None) -> str:
    """One line for an Explore panel: where it is interactive, and the settings printed."""
    settings = []
    for row in panel.select(".ip-row"):
        label = row.select_one(".ip-label")
        name = label.get_text(" ", strip=True) if label else "?"
        if row.select_one("select"):
            opt = row.select_one("select option[selected]") or row.select_one("select option")
            value = opt.get_text(strip=True)
        elif row.select_one(".ip-toggle"):
            checked = row.select_one(".ip-toggle input[checked]")
            value = checked.find_next_sibling("span").get_text(strip=True) if checked else "?"
        elif row.select_one("output"):
            value = row.select_one("output").get_text(strip=True)
        else:
            box = row.select_one("input[type=checkbox]")
            value = "on" if box is not None and box.has_attr("checked") else "off"
        settings.append(f"{name} = {value}")
    where = rel + (f", section “{section}”" if section else "")
    return (f"Interactive in the HTML edition ({where}): its controls swap precomputed figures; "
            f"printed here at the default settings" + (": " + "; ".join(settings) if settings else "")
            + ".")


def _plain_title(heading) -> str:
    """A heading's text for the PDF outline (TeX delimiters and commands stripped)."""
    text = heading.get_text(" ", strip=True).replace("\\(", "").replace("\\)", "")
    text = re.sub(r"\\[A-Za-z]+", "", text).replace("{", "").replace("}", "")
    return " ".join(text.split())


def transform_article(html_dir: Path, rel: str, keys: dict[str, str], mark) -> tuple[str, dict]:
    """The article of one built page as a chapter of the print: returns (HTML, facts), facts being
    what the HTML reader sees that the check compares with the PDF (figures, images, panels).
    ``mark(title)`` returns the invisible marker that finds the page of a section heading."""
    soup = BeautifulSoup((html_dir / rel).read_text(), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise SystemExit(f"{rel}: no <article class='bd-article'>")
    key = keys[rel]
    # What the reader of the HTML sees: scripts, the theme's "#" links and folded code stay out.
    for el in article.select("script.ip-data, script[type='text/x-thebe-config'], "
                             "a.headerlink, details.above-input, details.below-input, button, "
                             ".pdf-edition"):   # the intro's "Download PDF"
        el.decompose()
    for el in article.find_all("script"):
        if el.get("type") == WIDGET_MIME:   # a live ipywidget: nothing in the HTML either
            note = soup.new_tag("p", attrs={"class": "print-note"})
            note.string = (f"A live widget here runs only in Jupyter: open "
                           f"{rel.removesuffix('.html')}.md as a notebook (see the README).")
            el.replace_with(note)
        else:
            el.decompose()
    facts = {"figures": len(article.select("figure")),
             "figure_images": len(article.select("figure img")),
             "panels": len(article.select(".ionlib-panel")),
             "images": len(article.select("img"))}
    # Explore panels: the default figure, and one line instead of the controls.
    for panel in article.select(".ionlib-panel"):
        heading = panel.find_previous(["h2", "h3"])
        section = heading.get_text(" ", strip=True) if heading else None
        note = soup.new_tag("p", attrs={"class": "print-panel-note"})
        note.string = _panel_note(panel, rel, section)
        for el in panel.select(".ip-row, .ip-note"):
            el.decompose()
        panel.append(note)
    # Claims ledger: each group's heading (badge, paper, count) as the caption of its table, so
    # that it never stays behind at the foot of a page; each row's folded "why" printed in a
    # full-width row under it.
    for table in article.select("table.ledger-table"):
        box = table.find_parent("div", class_="pst-scrollable-table-container") or table
        rubric = box.find_previous_sibling()
        if rubric is not None and rubric.name == "p" and "rubric" in rubric.get("class", []):
            caption = soup.new_tag("caption", attrs={"class": "print-rubric"})
            if rubric.get("id"):
                caption["id"] = rubric["id"]
            for child in list(rubric.children):
                caption.append(child.extract())
            rubric.decompose()
            table.insert(0, caption)
        ncol = len(table.select("thead th")) or 4
        for tr in table.select("tbody tr"):
            details = tr.select("details")
            if not details:
                continue
            why_tr = soup.new_tag("tr", attrs={"class": "print-why"})
            td = soup.new_tag("td", attrs={"colspan": str(ncol)})
            label = soup.new_tag("span", attrs={"class": "print-why-label"})
            label.string = "Why: "
            td.append(label)
            for det in details:
                for summary in det.select("summary"):
                    summary.decompose()
                for child in list(det.children):
                    td.append(child.extract())
                det.decompose()
            why_tr.append(td)
            tr["class"] = tr.get("class", []) + ["print-has-why"]
            tr.insert_after(why_tr)
    for det in article.select("details"):
        det["open"] = ""
    # Bibliography entries: TeX maths in a title (K$^+$) typeset like the rest.
    for entry in article.select("div.citation p"):
        for text in entry.find_all(string=re.compile(r"\$[^$]+\$")):
            parts = re.split(r"\$([^$]+)\$", str(text))
            new = []
            for i, part in enumerate(parts):
                if i % 2:
                    span = soup.new_tag("span", attrs={"class": "math notranslate nohighlight"})
                    span.string = f"\\({part}\\)"
                    new.append(span)
                elif part:
                    new.append(NavigableString(part))
            text.replace_with(*new)
    for h2 in article.find_all("h2"):
        h2.insert(0, BeautifulSoup(mark(_plain_title(h2)), "html.parser"))
    # Ids prefixed per page; links resolved against the page, then pointed into the print.
    for el in article.find_all(id=True):
        el["id"] = f"{key}--{el['id']}"
    for el in article.find_all(attrs={"for": True}):
        el["for"] = f"{key}--{el['for']}"
    for a in article.find_all("a", href=True):
        href = a["href"]
        if urlparse(href).scheme in ("http", "https", "mailto"):
            continue
        target, _, frag = urljoin(rel, href).partition("#")
        target = target or rel
        if target in keys:
            a["href"] = f"#{keys[target]}--{frag}" if frag else f"#{keys[target]}"
        else:   # downloads, the index, sources: no target in a PDF
            a.unwrap()
    for el in article.find_all(src=True):
        if not el["src"].startswith("data:"):
            el["src"] = "/" + urljoin(rel, el["src"])
    return article.decode_contents(), facts


# --------------------------------------------------------------------------- the whole print
def build_facts() -> dict:
    """Title, authors, date, ionlib version and the git commit of the working tree."""
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    try:
        from importlib.metadata import version
        ionlib_version = version("ionlib")
    except Exception:   # not installed: read the package
        ionlib_version = re.search(r'__version__ = "([^"]+)"',
                                   (REPO / "ionlib" / "__init__.py").read_text()).group(1)

    def git(*args):
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=False).stdout.strip()
    commit = git("rev-parse", "HEAD") or "unknown (not a git checkout)"
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    return {"title": config.get("title", "Book"), "author": config.get("author", ""),
            "copyright": str(config.get("copyright", "")),
            "date": dt.date.today().isoformat(), "ionlib": ionlib_version, "commit": commit,
            "commit_date": git("show", "-s", "--format=%cs", "HEAD"), "dirty": dirty}


def title_page(meta: dict) -> str:
    e = html.escape
    commit = e(meta["commit"]) + (" (with uncommitted changes)" if meta["dirty"] else "")
    committed = f", committed {e(meta['commit_date'])}" if meta["commit_date"] else ""
    return f"""
<section class="print-title" id="print-title">
  <p class="print-kicker">Print edition</p>
  <h1 class="print-book-title">{e(meta['title'])}</h1>
  <p class="print-authors">{e(meta['author'])}</p>
  <dl class="print-facts">
    <dt>Printed</dt><dd>{e(meta['date'])}</dd>
    <dt>ionlib</dt><dd>version {e(meta['ionlib'])}</dd>
    <dt>Commit</dt><dd><code class="print-commit">{commit}</code>{committed}</dd>
  </dl>
  <p class="print-about">This PDF is printed from the HTML edition of the book built from the
  commit above: the same executed notebooks, figures, numbers and verdicts. Code is hidden as in
  the HTML; each interactive Explore panel is printed at its default settings, with a line saying
  where it is interactive. Figures are numbered per page (Figure A5.1 is the first figure of the
  page on Fig. 5 of paper A), equations as in the HTML.</p>
  <p class="print-copyright">© {e(meta['copyright'])} {e(meta['author'])}</p>
</section>"""


def toc_html(pages: list[dict]) -> str:
    rows = []
    for i, p in enumerate(pages):
        if p["part"]:
            rows.append(f'<li class="print-toc-part">{html.escape(p["part"])}</li>')
        rows.append(f'<li class="print-toc-l{p["level"]}"><a href="#{p["key"]}">'
                    f'<span class="print-toc-title">{html.escape(p["title"])}</span>'
                    f'<span class="print-toc-dots"></span>'
                    f'<span class="print-toc-page" data-chapter="{i}">000</span></a></li>')
    return ('<section class="print-toc" id="print-toc"><h1>Contents</h1><ul>'
            + "".join(rows) + "</ul></section>")


def head_html(html_dir: Path, rel: str, title: str) -> str:
    """Stylesheets and the MathJax set-up of a built page (URLs from the site root), and ours."""
    head = BeautifulSoup((html_dir / rel).read_text(), "html.parser").head
    parts = ['<meta charset="utf-8">', f"<title>{html.escape(title)}</title>"]
    for link in head.select('link[rel="stylesheet"]'):
        parts.append(f'<link rel="stylesheet" href="/{urljoin(rel, link["href"])}">')
    for script in head.find_all("script"):
        if script.get("src") and "mathjax" in script["src"]:
            parts.append(f'<script defer src="/{urljoin(rel, script["src"])}"></script>')
        elif not script.get("src") and "MathJax" in (script.string or ""):
            parts.append(f"<script>{script.string}</script>")
    parts.append(f"<style>{CSS.read_text()}</style>")
    return "\n".join(parts)


def assemble(html_dir: Path, pages: list[dict], meta: dict) -> tuple[str, list[dict]]:
    """The print document, and its marks: one per chapter and per section heading
    (``{chapter, title, kind}``), each an invisible marker in the first print."""
    keys = {p["rel"]: page_key(p["rel"]) for p in pages}
    chapters, marks = [], []

    def mark(chapter: int, title: str, kind: str) -> str:
        marks.append({"chapter": chapter, "title": title, "kind": kind})
        return f'<span class="print-marker">{MARKER.format(len(marks) - 1)}</span>'
    for i, p in enumerate(pages):
        p["key"] = keys[p["rel"]]
        first = mark(i, p["title"], "chapter")
        body, p["facts"] = transform_article(html_dir, p["rel"], keys,
                                             functools.partial(mark, i, kind="section"))
        part = (f'<p class="print-part">{html.escape(p["part"])}</p>' if p["part"] else "")
        chapters.append(f'<section class="print-chapter print-l{p["level"]}" id="{p["key"]}">'
                        f'{first}{part}{body}</section>')
    doc = (f'<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head>'
           f'{head_html(html_dir, pages[0]["rel"], meta["title"])}</head>'
           f'<body class="print-book"><div class="bd-article-container"><article class="bd-article">'
           f'{title_page(meta)}{toc_html(pages)}{"".join(chapters)}'
           f"</article></div></body></html>")
    return doc, marks


# --------------------------------------------------------------------------- printing
FIT_JS = """
() => {
  // Display equations and tables wider than the printable width are scaled down to fit.
  let eqs = 0, tables = 0;
  for (const c of document.querySelectorAll('mjx-container[display="true"]')) {
    const box = c.parentElement.getBoundingClientRect().width;
    const eqno = c.parentElement.querySelector('.eqno');
    const avail = box - (eqno ? eqno.getBoundingClientRect().width + 8 : 0);
    const math = c.querySelector('mjx-math');
    const w = math ? math.getBoundingClientRect().width : c.scrollWidth;
    if (w > avail && w > 0) { c.style.fontSize = (100 * avail / w * 0.98).toFixed(1) + '%'; eqs++; }
  }
  for (const t of document.querySelectorAll('table')) {
    const box = (t.closest('.pst-scrollable-table-container') || t.parentElement);
    let size = 100;
    while (t.scrollWidth > box.clientWidth + 1 && size > 55) {
      size -= 5; t.style.fontSize = size + '%'; }
    if (size < 100) tables++;
  }
  return {eqs, tables};
}
"""

REPORT_JS = """
() => {
  const right = document.querySelector('article.bd-article').getBoundingClientRect().right;
  const describe = e => e.closest('.print-chapter').id + ': ' + e.tagName.toLowerCase() + '.' +
                        [...e.classList].join('.') + ' ' + (e.textContent || '').trim().slice(0, 40);
  return {
    mathErrors: document.querySelectorAll('mjx-merror').length,
    untypeset: [...document.querySelectorAll('.math')]
                 .filter(n => !n.querySelector('mjx-container')).length,
    broken: [...document.images].filter(im => !(im.complete && im.naturalWidth > 0))
                                .map(im => im.src.slice(0, 80)),
    // anything reaching past the printable width would be cut at the paper's edge
    // (MathJax's assistive MathML is a screen-reader copy, never drawn)
    cut: [...document.querySelectorAll('.print-chapter *')]
           .filter(e => !e.closest('mjx-assistive-mml') && e.getBoundingClientRect().width > 0 &&
                        e.getBoundingClientRect().right > right + 1)
           .map(describe),
  };
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    document = b""

    def do_GET(self):
        if self.path.split("?")[0] == "/__print__.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.document)))
            self.end_headers()
            self.wfile.write(self.document)
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass


def marker_pages(pdf: Path, n: int) -> list[int]:
    """1-based page on which each marker lies."""
    found = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        for m in re.finditer(r"@@print-mark-(\d{4})@@", page.extract_text() or ""):
            found.setdefault(int(m.group(1)), number)
    missing = [i for i in range(n) if i not in found]
    if missing:
        raise SystemExit(f"markers {missing} not found in the first print")
    return [found[i] for i in range(n)]


def add_outline(writer: PdfWriter, pages: list[dict], marks: list[dict], at: list[int]) -> None:
    """PDF bookmarks: title page, contents, parts > chapters (> their sub-chapters) > sections."""
    writer.add_outline_item(title="Title page", page_number=0)
    writer.add_outline_item(title="Contents", page_number=1)
    part = level1 = None
    items = {}
    for m, page in zip(marks, at):
        p = pages[m["chapter"]]
        if m["kind"] == "chapter":
            if p["part"]:
                part = writer.add_outline_item(title=p["part"], page_number=page - 1)
            parent = level1 if p["level"] > 1 and level1 is not None else part
            items[m["chapter"]] = writer.add_outline_item(title=m["title"], page_number=page - 1,
                                                          parent=parent)
            if p["level"] == 1:
                level1 = items[m["chapter"]]
        else:
            writer.add_outline_item(title=m["title"], page_number=page - 1,
                                    parent=items[m["chapter"]])
    writer.page_mode = "/UseOutlines"


def footer(meta: dict) -> str:
    short = html.escape(meta["title"].split(":")[0])
    return (f'<div style="font-size:7.5px;color:#555;width:100%;margin:0 16mm;display:flex;'
            f'justify-content:space-between;font-family:DejaVu Sans,sans-serif">'
            f'<span>{short} · print edition · commit {html.escape(meta["commit"][:12])}</span>'
            f'<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


def print_book(html_dir: Path, out: Path) -> dict:
    t0 = time.time()
    meta = build_facts()
    pages = book_order(html_dir)
    doc, marks = assemble(html_dir, pages, meta)
    handler = type("Handler", (_QuietHandler,), {"document": doc.encode()})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/__print__.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    external = []
    with tempfile.TemporaryDirectory(prefix="print-pdf-profile-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": CONTENT_WIDTH_PX, "height": PAGE_HEIGHT_PX})

        def route(r):
            if urlparse(r.request.url).hostname in ("127.0.0.1", None) or \
                    r.request.url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()
        context.route("**/*", route)
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(url, wait_until="load", timeout=120_000)
        page.evaluate("""async () => {
            if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
                await MathJax.startup.promise; }
            await document.fonts.ready; }""")
        fitted = page.evaluate(FIT_JS)
        report = page.evaluate(REPORT_JS)
        t_layout = time.time() - t0
        options = dict(PAGE, print_background=True, display_header_footer=True,
                       header_template="<span></span>", footer_template=footer(meta),
                       tagged=True)
        first = out.with_suffix(".pass1.pdf")
        page.pdf(path=str(first), **options)
        at = marker_pages(first, len(marks))
        starts = [page for m, page in zip(marks, at) if m["kind"] == "chapter"]
        first.unlink()
        page.evaluate("""starts => {
            document.querySelectorAll('.print-marker').forEach(m => m.remove());
            document.querySelectorAll('.print-toc-page').forEach(s => {
                s.textContent = String(starts[+s.dataset.chapter]); }); }""", starts)
        raw = out.with_suffix(".raw.pdf")
        page.pdf(path=str(raw), **options)
        context.close()
    server.shutdown()
    # Bookmarks, and the metadata (the commit in the subject).
    writer = PdfWriter(clone_from=PdfReader(raw))
    add_outline(writer, pages, marks, at)
    writer.add_metadata({"/Title": meta["title"], "/Author": meta["author"],
                         "/Subject": f"Print edition, ionlib {meta['ionlib']}, commit {meta['commit']}",
                         "/Creator": "ionlib .ci/print_pdf.py (Chromium page.pdf)"})
    with open(out, "wb") as fh:
        writer.write(fh)
    raw.unlink()
    n_pages = len(PdfReader(out).pages)
    for i, p in enumerate(pages):
        p["first_page"] = starts[i]
        p["last_page"] = (starts[i + 1] - 1) if i + 1 < len(pages) else n_pages
    summary = {"pdf": out.name, "pages": n_pages, "commit": meta["commit"], "ionlib": meta["ionlib"],
               "chapters": [{k: p[k] for k in ("rel", "title", "level", "first_page", "last_page",
                                                "facts")} for p in pages],
               "fitted": fitted, "report": report, "external_requests": external,
               "seconds": round(time.time() - t0, 1), "layout_seconds": round(t_layout, 1)}
    out.with_suffix(".json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    shutil.copy2(out, html_dir / "book.pdf")
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", default="_build/html", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="the PDF (default: HTML_DIR/../pdf/book.pdf)")
    args = parser.parse_args(argv)
    html_dir = args.html_dir.resolve()
    if not (html_dir / "index.html").exists():
        print(f"no built book in {html_dir}: run `jupyter-book build .` first", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing: install Debian's chromium (apt-get install chromium), "
              "or run .ci/print_pdf, which does", file=sys.stderr)
        return 2
    out = (args.output or html_dir.parent / "pdf" / "book.pdf").resolve()
    s = print_book(html_dir, out)
    problems = []
    if s["external_requests"]:
        problems.append(f"requests to other hosts refused: {s['external_requests'][:5]}")
    r = s["report"]
    if r["mathErrors"] or r["untypeset"]:
        problems.append(f"maths: {r['untypeset']} not typeset, {r['mathErrors']} MathJax errors")
    if r["cut"]:
        problems.append(f"{len(r['cut'])} elements reach past the printable width: {r['cut'][:5]}")
    if r["broken"]:
        problems.append(f"broken images: {r['broken'][:5]}")
    size = out.stat().st_size / 1e6
    print(f"print edition: {out} ({s['pages']} pages, {size:.1f} MB, {len(s['chapters'])} chapters; "
          f"{s['fitted']['eqs']} equations and {s['fitted']['tables']} tables scaled to the page) "
          f"in {s['seconds']:.1f} s")
    for p in problems:
        print(f"FAIL {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
