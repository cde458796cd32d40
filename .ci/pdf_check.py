"""Check the print edition (.ci/print_pdf.py) against the HTML book it was printed from.

Usage: python .ci/pdf_check.py [HTML_DIR] [PDF]     (defaults: _build/html, _build/pdf/book.pdf)

Reads the PDF with poppler-utils (pdfinfo, pdffonts, pdftotext, pdfimages; Debian package
poppler-utils) and fails on anything a reader of the PDF would miss or see broken:

- page count outside a sane range, pages that are not A4, fonts that are not embedded;
- raw TeX or unresolved references in the text (``$``, ``\\(``, ``\\[``, ``\\frac``…, ``??``), the
  replacement character U+FFFD, folded code ("Show code cell source");
- text reaching into the right margin (a wide table or equation cut at the paper's edge);
- a title page without the git commit of the checkout (and the ionlib version);
- per chapter (page ranges from ``book.json`` next to the PDF, each confirmed by the chapter's title
  on its first page): fewer images than the HTML page shows (its figures and Explore panels), a
  figure number of the HTML ("Figure A5.1") or an equation number missing, an Explore panel
  without its line saying where it is interactive;
- a claim id of the ledger (``ionlib.ledger.registry.all_claims``) missing from the ledger pages;
- an empty bibliography.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

PAGES_RANGE = (40, 300)          # the book prints to ~90 pages
A4_PT = (595.3, 841.9)
RIGHT_MARGIN_PT = 16 / 25.4 * 72  # .ci/print_pdf.py: 16 mm
FORBIDDEN = {"$": "a dollar sign (raw TeX maths)", "\\(": "raw TeX \\(", "\\)": "raw TeX \\)",
             "\\[": "raw TeX \\[", "\\]": "raw TeX \\]", "??": "an unresolved reference (??)",
             "\ufffd": "the replacement character U+FFFD", "Show code cell": "folded code"}
TEX_COMMAND = re.compile(r"\\(?:frac|mathrm|text|left|right|sqrt|partial|hbar|alpha|beta|gamma"
                         r"|mathcal|begin|end|cdot|int|sum)\b")
PANEL_LINE = "Interactive in the HTML edition"


def run(*cmd) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def norm(text: str) -> str:
    """Text without any whitespace (lines wrap differently in the PDF)."""
    return re.sub(r"\s+", "", text)


def html_facts(html_dir: Path, rel: str) -> dict:
    """What the HTML reader sees on a page: images of figures and panels (not in folded code),
    figure numbers, equation numbers, Explore panels."""
    article = BeautifulSoup((html_dir / rel).read_text(), "html.parser").select_one("article")
    for folded in article.select("details.above-input, details.below-input"):
        folded.decompose()
    return {"images": len(article.select("figure img, .ionlib-panel .ip-figure img")),
            "captions": [c.get_text(" ", strip=True)
                         for c in article.select("figure figcaption .caption-number")],
            "equations": [re.sub(r"[^()\d.]", "", e.get_text()) for e in article.select(".eqno")],
            "panels": len(article.select(".ionlib-panel"))}


def check(html_dir: Path, pdf: Path) -> list[str]:
    problems = []
    info = run("pdfinfo", str(pdf))
    n_pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if not PAGES_RANGE[0] <= n_pages <= PAGES_RANGE[1]:
        problems.append(f"{n_pages} pages, outside {PAGES_RANGE}")
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    if abs(w - A4_PT[0]) > 2 or abs(h - A4_PT[1]) > 2:
        problems.append(f"page size {w:.0f} x {h:.0f} pt is not A4")
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    unembedded = [f for f in fonts if f.split()[-5] != "yes"]
    if unembedded:
        problems.append(f"fonts not embedded: {unembedded}")

    pages = run("pdftotext", "-enc", "UTF-8", str(pdf), "-").split("\f")[:n_pages]
    for i, text in enumerate(pages, start=1):
        for s, what in FORBIDDEN.items():
            if s in text:
                k = text.index(s)
                problems.append(f"page {i}: {what}: …{text[max(0, k - 40):k + 40]!r}…")
        for m in TEX_COMMAND.finditer(text):
            problems.append(f"page {i}: raw TeX {m.group(0)!r}")
    # Text in the right margin: cut off at the paper's edge (or about to be).
    bbox = run("pdftotext", "-bbox", str(pdf), "-")
    limit = w - RIGHT_MARGIN_PT + 3
    for i, page in enumerate(bbox.split("<page ")[1:], start=1):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                           page)
        over = [t for y, x, t in words if float(x) > limit and float(y) < h - 40]
        if over:
            problems.append(f"page {i}: text in the right margin: {over[:6]}")

    # Title page: the commit of this checkout and the ionlib version.
    head = subprocess.run(["git", "-C", str(Path(__file__).resolve().parents[1]), "rev-parse",
                           "HEAD"], capture_output=True, text=True).stdout.strip()
    title = norm(pages[0])
    if head and head not in title:
        problems.append(f"title page: commit {head} missing")
    elif not re.search(r"[0-9a-f]{40}", title):
        problems.append("title page: no commit hash")
    if "ionlib" not in title:
        problems.append("title page: no ionlib version")

    # Chapters: page ranges from the printer, confirmed by each chapter's title.
    summary = json.loads(pdf.with_suffix(".json").read_text())
    images = Counter(int(line.split()[0]) for line in run("pdfimages", "-list", str(pdf))
                     .splitlines()[2:] if line.split()[2] == "image")
    n_images = sum(images.values())
    expected_images = 0
    for ch in summary["chapters"]:
        rel, first, last = ch["rel"], ch["first_page"], ch["last_page"]
        text = "\n".join(pages[first - 1:last])
        flat = norm(text)
        if norm(ch["title"])[:40] not in norm(pages[first - 1]):
            problems.append(f"{rel}: title {ch['title']!r} not on its first page {first}")
        facts = html_facts(html_dir, rel)
        expected_images += facts["images"]
        got = sum(images[p] for p in range(first, last + 1))
        if got < facts["images"]:
            problems.append(f"{rel}: {got} images on pages {first}–{last}, the HTML shows "
                            f"{facts['images']}")
        for caption in facts["captions"]:
            if norm(caption) not in flat:
                problems.append(f"{rel}: {caption} missing on pages {first}–{last}")
        for eq in facts["equations"]:
            if eq not in flat:
                problems.append(f"{rel}: equation {eq} missing on pages {first}–{last}")
        if flat.count(norm(PANEL_LINE)) != facts["panels"]:
            problems.append(f"{rel}: {flat.count(norm(PANEL_LINE))} panel lines for "
                            f"{facts['panels']} Explore panels")
        if rel.endswith("ledger.html"):
            sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
            from ionlib.ledger.registry import all_claims
            ids = [c.id for c in all_claims()]
            missing = [i for i in ids if norm(i) not in flat]
            if missing:
                problems.append(f"ledger: claim ids missing from pages {first}–{last}: {missing}")
            print(f"ledger: {len(ids) - len(missing)} of {len(ids)} claim ids on pages {first}–{last}")
        if rel.endswith("bibliography.html") and text.count("doi:") < 5:
            problems.append(f"bibliography (pages {first}–{last}) has {text.count('doi:')} DOIs")
    print(f"{pdf}: {n_pages} pages, {pdf.stat().st_size / 1e6:.1f} MB, {len(summary['chapters'])} "
          f"chapters, {n_images} images (the HTML shows {expected_images} figures and panels), "
          f"{len(fonts)} fonts embedded")
    return problems


def main(argv) -> int:
    html_dir = Path(argv[1] if len(argv) > 1 else "_build/html")
    pdf = Path(argv[2] if len(argv) > 2 else html_dir.parent / "pdf" / "book.pdf")
    problems = check(html_dir, pdf)
    for p in problems:
        print(f"FAIL {p}")
    print(f"pdf check: {'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
