"""Sphinx extension of the book: module docstrings rendered as numpydoc renders the others.

numpydoc turns the sections of a function's or class's docstring (``Notes``, ``References``, …)
into rubrics and cites each reference once inside ``.. only:: latex``, but it leaves a module's
docstring as written (it only renames the references).  The API reference has one page per
module, so the section titles of the module docstrings would become sections of the same name
on many pages (``duplicate label notes``) and a reference the text does not cite would be an
unreferenced citation; both are warnings, hence errors in the strict build.  This hook, run
after numpydoc's, gives module docstrings the same treatment: each section title underlined
with ``-`` becomes a rubric, and the references are cited in a LaTeX-only block.
"""

from __future__ import annotations

import re

_UNDERLINE = re.compile(r"^\s*-{3,}\s*$")
_CITATION = re.compile(r"^\s*\.\. \[([A-Za-z0-9._-]+)\]")


def numpydoc_module_lines(lines: list[str]) -> list[str]:
    """The lines of a module docstring with its ``-``-underlined section titles as rubrics and its
    citations referenced from a ``.. only:: latex`` block (as numpydoc writes a References section).

    >>> numpydoc_module_lines(["Text.", "", "Notes", "-----", "x", "", "References", "----------",
    ...                        ".. [R1-1] A paper."])  # doctest: +NORMALIZE_WHITESPACE
    ['Text.', '', '.. rubric:: Notes', '', 'x', '', '.. rubric:: References', '', '.. [R1-1] A paper.',
     '', '.. only:: latex', '', '   [R1-1]_', '']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        title = lines[i].strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if title and not lines[i].startswith(" ") and _UNDERLINE.match(nxt) and len(nxt.strip()) >= len(title):
            out += [f".. rubric:: {title}", ""]
            i += 2
            continue
        out.append(lines[i])
        i += 1
    labels = [m.group(1) for m in map(_CITATION.match, lines) if m]
    if labels:
        out += ["", ".. only:: latex", "", "   " + ", ".join(f"[{lab}]_" for lab in labels), ""]
    return out


def _module_docstring(app, what, name, obj, options, lines) -> None:
    if what == "module":
        lines[:] = numpydoc_module_lines(lines)


def setup(app):
    # numpydoc's own handler (default priority 500) renames the references first
    app.connect("autodoc-process-docstring", _module_docstring, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
