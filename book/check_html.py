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

Then the static HTML of the claim pages is read as a referee reads it
(:func:`referee_problems`): no value cut with "…", no raw dict/JSON outside collapsed
details, no placeholder, a verdict paragraph and a link in every claim section, a
counterexample table and a figure for every refuted claim, no empty or duplicate figure,
no words typeset as math.  Screenshots of the results, the sparse chapter and the errata
(``_build/screenshots/<page>.png``) are taken, to be looked at.
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

PAGES = ("00-intro", "00-results", "01-dense", "02-sparse", "03-entmax", "04-nonparametric", "05-related",
         "06-errata", "07-api", "08-bibliography")
#: Pages every build has (the others exist when the table of contents lists them).
REQUIRED = ("00-intro", "00-results", "06-errata", "07-api", "08-bibliography")
#: The pages photographed after a build, to be looked at.
SHOTS = ("00-results", "02-sparse", "06-errata")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")
SKIP_TEXT = {"script", "style", "pre", "code", "mjx-container", "textarea"}
#: Elements without an end tag (never pushed on a parser's stack).
VOID = {"img", "br", "hr", "meta", "link", "input", "source", "col", "area", "base", "wbr"}


def _parsed(parser: HTMLParser, html: str) -> HTMLParser:
    """``parser`` after reading all of ``html``."""
    parser.feed(html)
    parser.close()
    return parser


def _snippet(data: str) -> str:
    """The first 120 characters of a text node, stripped: what a problem report quotes."""
    return data.strip()[:120]


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
        if tag in VOID:
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
            self.stats.raw_dollars.append(_snippet(data))


def scan(dom: str) -> PageStats:
    return _parsed(_DomScan(), dom).stats


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
    seen: dict[str, PageStats] = {}
    pages = [p for p in PAGES if p in REQUIRED or (html_dir / f"{p}.html").is_file()]
    pages += sorted(f"api/{p.stem}" for p in (html_dir / "api").glob("*.html"))
    for page in pages:
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
    if "00-intro" in seen and not seen["00-intro"].images:
        problems.append("00-intro: its figure is missing")
    read, counts = referee_problems(html_dir)
    problems += read
    print(f"check_html: {counts['sections']} claim sections ({counts['refuted']} refuted), "
          f"{counts['images']} figures read; {len(list(html_dir.rglob('*.html')))} HTML pages")
    for page in SHOTS:
        if (html_dir / f"{page}.html").is_file():
            png = screenshot(browser, html_dir / f"{page}.html", html_dir.parent / "screenshots" / f"{page}.png")
            print(f"check_html: screenshot {png}")
    for p in problems:
        print("check_html: FAIL", p, file=sys.stderr)
    return 1 if problems else 0




# --------------------------------------------------------------------------- what a referee reads

#: Pages whose claim sections are checked by :func:`referee_problems`.
CLAIM_PAGES = ("00-results", "01-dense", "02-sparse", "03-entmax", "04-nonparametric", "05-related",
               "06-errata")
_MATH_WRAPPERS = re.compile(r"\\(?:text|mathrm|operatorname|mathbf|mathcal|mathbb|mathsf|mathit|textrm|rm|"
                            r"label|tag|begin|end)\s*\{[^{}]*\}")
_JSONISH = re.compile(r"""\{\s*["'][^"'\n]{1,80}["']\s*:""")


@dataclass
class ClaimSection:
    """One claim section of a built page: what the referee test asserts about it."""

    anchor: str
    verdict_paragraphs: int = 0
    refuted: bool = False
    links: int = 0
    counterexample_tables: int = 0
    images: list[str] = field(default_factory=list)


@dataclass
class ReadStats:
    """What :class:`_ReadScan` found in one page's static HTML."""

    sections: list[ClaimSection] = field(default_factory=list)
    cut_values: list[str] = field(default_factory=list)      # text with "…"
    raw_json: list[str] = field(default_factory=list)        # dict/JSON text outside <details>
    placeholders: list[str] = field(default_factory=list)    # "no representative value"
    math_tex: list[str] = field(default_factory=list)        # TeX of the math elements
    images: list[str] = field(default_factory=list)


class _ReadScan(HTMLParser):
    """Static HTML of a chapter: claim sections, text outside collapsed details, math source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.s = ReadStats()
        self.stack: list[tuple[str, set]] = []
        self.sections: list[ClaimSection | None] = []   # one entry per open <section>
        self.details = 0
        self.skip = 0
        self.math = 0
        self.math_buf: list[str] = []
        self.table_buf: list[str] | None = None

    def _claim(self) -> ClaimSection | None:
        for sec in reversed(self.sections):
            if sec is not None:
                return sec
        return None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "img" and a.get("src"):
            self.s.images.append(a["src"])
            if self._claim() is not None:
                self._claim().images.append(a["src"])
        if tag in VOID:
            return
        if tag == "section":
            self.sections.append(None)
        if tag == "span" and (a.get("id") or "").startswith("claim-") and self.sections and self.sections[-1] is None:
            sec = ClaimSection(a["id"])
            self.sections[-1] = sec
            self.s.sections.append(sec)
        sec = self._claim()
        if sec is not None:
            if "verdict-paragraph" in classes:
                sec.verdict_paragraphs += 1
            if "verdict-refuted" in classes:
                sec.refuted = True
            if tag == "a" and "reference" in classes and "headerlink" not in classes:
                sec.links += 1
        if tag == "table":
            self.table_buf = []
        if tag == "details":
            self.details += 1
        if tag in ("script", "style"):
            self.skip += 1
        if tag in ("span", "div") and "math" in classes:
            self.math += 1
            self.math_buf = []
        self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        while self.stack:
            t, classes = self.stack.pop()
            if t == "section":
                self.sections.pop()
            if t == "details":
                self.details -= 1
            if t in ("script", "style"):
                self.skip -= 1
            if t in ("span", "div") and "math" in classes:
                self.math -= 1
                if self.math == 0:
                    self.s.math_tex.append("".join(self.math_buf))
            if t == "table" and self.table_buf is not None:
                txt = " ".join(self.table_buf)
                if ("left-hand side" in txt and "right-hand side" in txt) or ("trials" in txt and "successes" in txt):
                    if self._claim() is not None:
                        self._claim().counterexample_tables += 1
                self.table_buf = None
            if t == tag:
                break

    def handle_data(self, data):
        if self.skip:
            return
        if self.math:
            self.math_buf.append(data)
            return
        if self.table_buf is not None:
            self.table_buf.append(data)
        if "…" in data:
            self.s.cut_values.append(_snippet(data))
        if "no representative value" in data:
            self.s.placeholders.append(_snippet(data))
        if self.details == 0 and _JSONISH.search(data):
            self.s.raw_json.append(_snippet(data))


def read_scan(html: str) -> ReadStats:
    return _parsed(_ReadScan(), html).s


def prose_in_math(tex: str) -> str | None:
    """A run of seven or more letters in math outside text commands (words typeset as math)."""
    bare = _MATH_WRAPPERS.sub(" ", tex)
    bare = re.sub(r"\\[A-Za-z]+", " ", bare)
    m = re.search(r"[A-Za-z]{7,}", bare)
    return m.group(0) if m else None


def image_fingerprint(path: Path) -> tuple[str, float]:
    """(SHA-256 of the pixels, share of pixels that differ from the background colour)."""
    import hashlib  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415
    from matplotlib import image as mpimg  # noqa: PLC0415

    px = np.asarray(mpimg.imread(str(path)))
    if px.ndim == 3:
        px = px[..., :3]
    flat = px.reshape(-1, px.shape[-1]) if px.ndim == 3 else px.reshape(-1, 1)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    ink = float((np.abs(flat - background).sum(axis=1) > 0.05).mean())
    return hashlib.sha256(px.tobytes()).hexdigest(), ink


#: A figure whose non-background share is below this draws (almost) nothing beyond its frame.
MIN_INK = 0.03


def referee_problems(html_dir: Path, pages=CLAIM_PAGES) -> tuple[list[str], dict]:
    """The "done when" points of the referee's book over the built HTML; returns (problems, counts)."""
    problems: list[str] = []
    counts = {"sections": 0, "refuted": 0, "images": 0}
    seen: dict[str, str] = {}
    for page in pages:
        path = html_dir / f"{page}.html"
        if not path.is_file():
            continue
        s = read_scan(path.read_text(encoding="utf-8"))
        problems += [f"{page}: value cut with '…': {t!r}" for t in s.cut_values]
        problems += [f"{page}: raw dict/JSON outside a collapsed details block: {t!r}" for t in s.raw_json]
        problems += [f"{page}: placeholder text: {t!r}" for t in s.placeholders]
        for tex in s.math_tex:
            word = prose_in_math(tex)
            if word:
                problems.append(f"{page}: prose typeset as math ({word!r} in {tex.strip()[:80]!r})")
        for sec in s.sections:
            counts["sections"] += 1
            if sec.verdict_paragraphs == 0:
                problems.append(f"{page}#{sec.anchor}: no verdict paragraph")
            if sec.links == 0:
                problems.append(f"{page}#{sec.anchor}: no link")
            if sec.refuted:
                counts["refuted"] += 1
                if not sec.counterexample_tables:
                    problems.append(f"{page}#{sec.anchor}: refuted without a counterexample table")
                if not sec.images:
                    problems.append(f"{page}#{sec.anchor}: refuted without a figure")
        for src in s.images:
            if src.startswith("data:") or "://" in src:
                continue
            img = (path.parent / unquote(src)).resolve()
            if not img.is_file() or img.suffix.lower() != ".png":
                continue
            counts["images"] += 1
            digest, ink = image_fingerprint(img)
            if ink < MIN_INK:
                problems.append(f"{page}: figure {src} is (nearly) empty ({ink:.1%} ink)")
            key = f"{page}:{src}"
            if digest in seen and seen[digest] != key:
                problems.append(f"{page}: figure {src} duplicates {seen[digest]}")
            seen.setdefault(digest, key)
    return problems, counts


if __name__ == "__main__":
    os.environ.setdefault("LANG", "C.UTF-8")
    raise SystemExit(main(sys.argv))
