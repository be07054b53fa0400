"""Check the built book in a headless browser: math rendered, figures present, one screenshot.

Usage: ``python book/check_html.py [book/_build/html]``.  Exits non-zero on a failure.

For every chapter page, headless Chromium loads the page from disk, runs MathJax (a
virtual-time budget) and dumps the DOM.  The checks on that DOM:

* every math element Sphinx wrote (``span.math`` / ``div.math`` and notebook math outputs)
  holds an ``mjx-container``, i.e. MathJax rendered it; pages with math have at least one;
* no raw ``$$`` is left in the text outside code;
* every ``<img>`` points to a file that exists in the build;
* no rendered formula is wider than the text column: a copy of the page with a small
  measuring script (run after MathJax typeset it, at a 1280-pixel window) records every
  typeset formula (``mjx-math``) that passes an edge of the article column.  A formula
  printed by a code cell (the derivations, the checks) fails the check; one in the text
  (statements written by hand) and wide text outputs (``pre``) are reported without failing.

One screenshot (``_build/screenshots/<page>.png``) is taken of the first page that has both
math and a figure, to be looked at.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

PAGES = ("00-intro", "01-dense", "02-sparse", "03-entmax", "04-nonparametric", "05-related",
         "06-errata", "07-api")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")
SKIP_TEXT = {"script", "style", "pre", "code", "mjx-container", "textarea"}


def find_browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(browser: str, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="hopbook-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def dump_dom(browser: str, page: Path, budget_ms: int = 10000) -> str:
    res = _run(browser, [f"--virtual-time-budget={budget_ms}", "--window-size=1280,3000", "--dump-dom",
                         page.resolve().as_uri()])
    if res.returncode != 0 or "<html" not in res.stdout:
        raise RuntimeError(f"chromium failed on {page} (rc {res.returncode}): {res.stderr[-2000:]}")
    return res.stdout


#: Runs in the page after MathJax has typeset it (or after ~5 s without MathJax) and writes
#: the overflowing formulas and text outputs to ``body[data-hop-overflow]`` as JSON.
MEASURE_JS = """
<script>
(function () {
  function label(el) { return (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').slice(0, 100); }
  function measure() {
    var col = document.querySelector('article.bd-article') || document.querySelector('article') ||
              document.querySelector('main') || document.body;
    var cr = col.getBoundingClientRect();
    var math = [], text = [];
    document.querySelectorAll('mjx-container').forEach(function (el) {
      // the typeset formula itself (a display container is as wide as the column; its
      // mjx-math child is as wide as the formula, and scrolls or spills when wider)
      var inner = el.querySelector('mjx-math') || el;
      var r = inner.getBoundingClientRect();
      if (r.width === 0) { return; }
      if (r.right > cr.right + 1 || r.left < cr.left - 1) {
        math.push({width: Math.round(r.width), column: Math.round(cr.width), text: label(el),
                   output: !!el.closest('.cell_output, .output')});
      }
    });
    document.querySelectorAll('pre').forEach(function (el) {
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        text.push({width: el.scrollWidth, column: el.clientWidth, text: label(el).slice(0, 60)});
      }
    });
    document.body.setAttribute('data-hop-overflow', JSON.stringify({math: math, text: text}));
  }
  var tries = 0;
  function go() {
    tries += 1;
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(function () { setTimeout(measure, 50); });
    } else if (tries < 50) { setTimeout(go, 100); } else { measure(); }
  }
  window.addEventListener('load', go);
})();
</script>
"""


def measure_overflow(browser: str, page: Path, budget_ms: int = 10000) -> dict:
    """{"math": [...], "text": [...]}: formulas and text outputs wider than the column."""
    src = page.read_text(encoding="utf-8")
    probe = page.with_name(f"_hopcheck_{page.name}")
    body_end = src.rfind("</body>")
    probe.write_text((src[:body_end] + MEASURE_JS + src[body_end:]) if body_end >= 0 else src + MEASURE_JS,
                     encoding="utf-8")
    try:
        dom = dump_dom(browser, probe, budget_ms)
    finally:
        probe.unlink(missing_ok=True)
    return parse_overflow(dom)


def parse_overflow(dom: str) -> dict:
    """Read ``data-hop-overflow`` from a dumped DOM (missing: the measurement did not run)."""
    m = re.search(r'data-hop-overflow="([^"]*)"', dom)
    if m is None:
        return {"math": None, "text": None}
    return json.loads(html.unescape(m.group(1)))


def screenshot(browser: str, page: Path, png: Path, budget_ms: int = 10000) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    res = _run(browser, [f"--virtual-time-budget={budget_ms}", f"--screenshot={png.resolve()}",
                         "--window-size=1280,3000", page.resolve().as_uri()])
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot of {page}: {res.stderr[-2000:]}")
    return png


@dataclass
class PageStats:
    math: int = 0                # math elements written by Sphinx / myst-nb
    math_rendered: int = 0       # of those, how many contain an mjx-container
    mjx: int = 0                 # mjx-container elements in the page
    raw_dollars: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


class _DomScan(HTMLParser):
    """Counts math elements and whether MathJax rendered them; collects text and images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stats = PageStats()
        self.stack: list[tuple[str, bool]] = []   # (tag, is_math)
        self.math_open: list[list[bool]] = []      # per open math element: rendered?
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        is_math = tag in ("span", "div") and ("math" in classes or "math-wrapper" in classes)
        if is_math and "math-wrapper" in classes:
            is_math = False  # the wrapper of a div.math; the inner element is counted
        if tag == "img" and a.get("src"):
            self.stats.images.append(a["src"])
        if tag in ("img", "br", "hr", "meta", "link", "input", "source", "col", "area", "base", "wbr"):
            return
        if tag == "mjx-container":
            self.stats.mjx += 1
            for m in self.math_open:
                m[0] = True
        if is_math:
            self.stats.math += 1
            self.math_open.append([False])
        if tag in SKIP_TEXT:
            self.skip += 1
        self.stack.append((tag, is_math))

    def handle_endtag(self, tag):
        # pop to the matching tag (HTML is well formed here: it is a serialised DOM)
        while self.stack:
            t, is_math = self.stack.pop()
            if t in SKIP_TEXT:
                self.skip -= 1
            if is_math:
                rendered = self.math_open.pop()[0]
                self.stats.math_rendered += int(rendered)
            if t == tag:
                break

    def handle_data(self, data):
        if self.skip == 0 and "$$" in data:
            self.stats.raw_dollars.append(data.strip()[:120])


def scan(dom: str) -> PageStats:
    p = _DomScan()
    p.feed(dom)
    p.close()
    return p.stats


def check_page(html_dir: Path, page: str, dom: str) -> tuple[PageStats, list[str]]:
    s = scan(dom)
    problems = []
    if s.math and s.mjx == 0:
        problems.append(f"{page}: {s.math} math elements but no mjx-container (MathJax did not run)")
    if s.math_rendered < s.math:
        problems.append(f"{page}: {s.math - s.math_rendered} of {s.math} math elements not rendered by MathJax")
    if s.raw_dollars:
        problems.append(f"{page}: raw $$ in the text: {s.raw_dollars[:3]}")
    base = (html_dir / f"{page}.html").parent
    for src in s.images:
        u = urlparse(src)
        if u.scheme in ("http", "https"):
            problems.append(f"{page}: image from the network: {src}")
            continue
        if u.scheme == "data":
            continue
        path = Path(unquote(u.path)) if u.scheme == "file" else base / unquote(u.path)
        if not path.is_file() or path.stat().st_size == 0:
            problems.append(f"{page}: image {src} missing ({path})")
    return s, problems


def overflow_problems(page: str, over: dict) -> list[str]:
    """Failures: a formula printed by a code cell (derivations, checks) that passes the column."""
    if over.get("math") is None:
        return [f"{page}: the width measurement did not run"]
    return [f"{page}: a formula is wider than the column ({m['width']} px > {m['column']} px): {m['text']!r}"
            for m in over["math"] if m.get("output", True)]


def main(argv: list[str]) -> int:
    html_dir = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent / "_build" / "html")
    browser = find_browser()
    if browser is None:
        print("check_html: no chromium found (apt-get install -y chromium)", file=sys.stderr)
        return 2
    problems = []
    shot_page = None
    seen: dict[str, PageStats] = {}
    for page in PAGES:
        path = html_dir / f"{page}.html"
        if not path.is_file():
            problems.append(f"{page}.html missing in {html_dir}")
            continue
        s, probs = check_page(html_dir, page, dump_dom(browser, path))
        problems += probs
        over = measure_overflow(browser, path)
        problems += overflow_problems(page, over)
        for m in over.get("math") or []:
            if not m.get("output", True):
                print(f"check_html: {page}: note: a formula in the text passes the column: {m['text'][:60]!r}")
        for t in over.get("text") or []:
            print(f"check_html: {page}: note: a text output is wider than its box "
                  f"({t['width']} > {t['column']} px): {t['text']!r}")
        seen[page] = s
        print(f"check_html: {page}: {s.math} math ({s.math_rendered} rendered, {s.mjx} mjx-container), "
              f"{len(s.images)} images")
        if shot_page is None and s.mjx and s.images:
            shot_page = page
    if "00-intro" in seen and not seen["00-intro"].images:
        problems.append("00-intro: its figure is missing")
    if shot_page:
        png = screenshot(browser, html_dir / f"{shot_page}.html",
                         html_dir.parent / "screenshots" / f"{shot_page}.png")
        print(f"check_html: screenshot {png}")
    for p in problems:
        print("check_html: FAIL", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    os.environ.setdefault("LANG", "C.UTF-8")
    raise SystemExit(main(sys.argv))
