"""Declaring a bound: the :func:`bound` decorator and the registry of every declared bound.

A paper module writes each bound once, as a formula over an evaluation kit ``F``
(:mod:`._kits`), and declares it with :func:`bound`::

    @bound(kind="upper", hypotheses=(H_BETA,), trivial=trivial_2m, form="corrected",
           latex=r"\\lVert T(x)-\\xi_\\mu\\rVert\\le 2m(M-1)e^{-\\beta\\tilde\\Delta_\\mu(x)}",
           source="Ramsauer et al. 2021, Theorem 5")
    def retrieval_error_bound(F, m, M, beta, query_sep):
        r\"\"\"Retrieval error after one update. ...\"\"\"
        return 2 * m * (M - 1) * F.exp(-beta * query_sep)

The declaration reads the bound's name and parameters from the signature (everything after
``F``), its documentation from the docstring (the bound's own, shown by ``help()``, with the
formula, hypotheses, kind and source added as sections) and registers it; the module-level name
is then the :class:`~hoptheory.bounds.Bound`, callable with its parameters by position or name.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Callable, Iterable, Mapping

from ._core import Bound, Hypothesis

__all__ = ["bound", "declared_bounds", "glossary", "with_parameters"]

#: Every declared bound, keyed by ``"<module>.<name>"`` in declaration order.
_REGISTRY: dict[str, Bound] = {}

_KINDS = {"upper": "upper bound", "lower": "lower bound", "value": "value (a threshold or constant)"}
_FORMS = ("published", "corrected", "derived", "as quoted", "cited")


def bound(*, latex: str, source: str, kind: str = "upper", hypotheses: Iterable[Hypothesis] = (),
          trivial: Callable[..., Any] | None = None, trivial_latex: str = "", form: str = "published",
          symbols: Mapping[str, Mapping[str, bool]] | None = None, name: str | None = None,
          example: Mapping[str, Any], parameters: Mapping[str, tuple[str, str]] | None = None,
          assumptions: Mapping[str, Mapping[str, bool]] | None = None):
    r"""Declare the decorated formula ``formula(F, p1, p2, …)`` as a :class:`~hoptheory.bounds.Bound`.

    Parameters
    ----------
    latex : str
        The bound as printed (LaTeX, without ``$``).
    source : str
        Paper, version, label (and the claim ID it serves).
    kind : {"upper", "lower", "value"}
        Upper bound (vacuous when ≥ trivial), lower bound (vacuous when ≤ trivial) or a value.
    hypotheses : iterable of Hypothesis
        Predicates on the parameters under which the bound is stated.
    trivial : callable, optional
        ``trivial(F, **params)``: the trivial bound the result competes with.
    trivial_latex : str
        The trivial bound in LaTeX (for the documentation).
    form : str
        ``"published"``, ``"corrected"``, ``"derived"``, ``"as quoted"`` or ``"cited"``.
    symbols : mapping, optional
        SymPy assumptions per parameter (default: positive real).
    name : str, optional
        The public name, when one formula serves several bounds (default: the function's name).
    example : mapping
        A point (parameter → exact number: int, ``Fraction`` or a float) where every hypothesis
        holds and the formula is well-defined; the tests evaluate every kit there.
    parameters : mapping, optional
        A glossary (``glossary`` of this module): name → (numpydoc type, meaning).  When given,
        the ``Parameters`` section of the documentation is written from it (``with_parameters``)
        instead of by hand in the formula's docstring.
    assumptions : mapping, optional
        SymPy assumptions by parameter name, for the parameters that ``symbols`` does not give
        (a paper whose names keep one meaning states them once).

    Returns
    -------
    callable
        A decorator turning the formula into a registered :class:`~hoptheory.bounds.Bound`.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {sorted(_KINDS)}; got {kind!r}")
    if form not in _FORMS:
        raise ValueError(f"form must be one of {_FORMS}; got {form!r}")
    hyps = tuple(hypotheses)

    def declare(formula: Callable[..., Any]) -> Bound:
        params = _parameters(formula)
        if parameters is not None:
            with_parameters(formula, parameters)
        bname = name or formula.__name__
        if sorted(example) != sorted(params):
            raise TypeError(f"{bname}: the example must give exactly the parameters {params}; got {sorted(example)}")
        module = formula.__module__
        by_name = {p: assumptions[p] for p in params if assumptions and p in assumptions}
        b = Bound(name=bname, parameters=params, formula=formula, hypotheses=hyps, kind=kind, trivial=trivial,
                  latex=latex, source=source, symbols={**by_name, **(symbols or {})}, trivial_latex=trivial_latex,
                  form=form,
                  example=dict(example))
        doc = _document(formula.__doc__, bname, params, latex, hyps, kind, trivial, trivial_latex, form, source)
        # the bound's own documentation and call signature (what help() and inspect show)
        object.__setattr__(b, "__doc__", doc)
        object.__setattr__(b, "__signature__", _signature(params))
        object.__setattr__(b, "__module__", module)
        # a module executed again (importlib.reload) declares its bounds anew
        _REGISTRY[f"{module}.{bname}"] = b
        # doctest collects only functions and classes, so the bound's examples are handed to it
        # through the module's __test__ mapping
        formula.__globals__.setdefault("__test__", {})[bname] = doc
        return b

    return declare


def declared_bounds(module: str | None = None) -> dict[str, Bound]:
    """The declared bounds (of one module when ``module`` is its ``__name__``), name → bound."""
    if module is None:
        return dict(_REGISTRY)
    return {b.name: b for key, b in _REGISTRY.items() if key.rsplit(".", 1)[0] == module}


def glossary(text: str) -> dict[str, tuple[str, str]]:
    """Read numpydoc entries (``name : type``, then the indented meaning) into name → (type, meaning).

    A meaning may run over several lines; its words are joined by single spaces.

    Examples
    --------
    >>> glossary('''
    ...     d : int
    ...         Number of neurons,
    ...         at least 2.
    ... ''')
    {'d': ('int', 'Number of neurons, at least 2.')}
    """
    out: dict[str, tuple[str, str]] = {}
    for entry in re.split(r"\n(?=\S)", inspect.cleandoc(text)):
        head, _, body = entry.partition("\n")
        name, _, kind = head.partition(" : ")
        out[name] = (kind, " ".join(body.split()))
    return out


def with_parameters(f: Callable, table: Mapping[str, tuple[str, str]]) -> Callable:
    """Write the ``Parameters`` section of ``f``'s docstring from the glossary ``table``.

    ``f`` is a bound formula (its kit ``F`` is skipped) or a function on data (a parameter with a
    default is marked optional).  The section goes before the first other section (``Returns``,
    ``Notes``, ``Examples``, ...) or at the end; a parameter missing from ``table`` raises
    ``KeyError``.  Returns ``f`` (its ``__doc__`` rewritten).

    Examples
    --------
    >>> def f(F, d):
    ...     '''The number d.
    ...
    ...     Notes
    ...     -----
    ...     A dimension.
    ...     '''
    >>> print(with_parameters(f, {"d": ("int", "Dimension.")}).__doc__)
    The number d.
    <BLANKLINE>
    Parameters
    ----------
    d : int
        Dimension.
    <BLANKLINE>
    Notes
    -----
    A dimension.
    """
    ps = [p for p in inspect.signature(f).parameters.values() if p.name != "F"]
    entries = [(p.name, table[p.name][0] + ("" if p.default is p.empty else ", optional"), table[p.name][1])
               for p in ps]
    block = "Parameters\n----------\n" + "".join(f"{n} : {t}\n    {d}\n" for n, t, d in entries)
    lines = inspect.cleandoc(f.__doc__ or "").split("\n")
    at = next((i for i in range(1, len(lines) - 1) if lines[i + 1].startswith("---") and lines[i].strip()), len(lines))
    head, tail = "\n".join(lines[:at]).rstrip(), "\n".join(lines[at:])
    f.__doc__ = head + "\n\n" + block + ("\n" + tail if tail else "")
    return f


def _parameters(formula: Callable[..., Any]) -> tuple[str, ...]:
    sig = inspect.signature(formula)
    ps = list(sig.parameters.values())
    if not ps or ps[0].name != "F":
        raise TypeError(f"{formula.__name__}: a bound formula takes the kit F first")
    bad = [p.name for p in ps[1:] if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
           or p.default is not p.empty]
    if bad:
        raise TypeError(f"{formula.__name__}: bound parameters must be plain names without defaults; got {bad}")
    return tuple(p.name for p in ps[1:])


def _signature(params: tuple[str, ...]) -> inspect.Signature:
    P = inspect.Parameter
    return inspect.Signature(
        [P(p, P.POSITIONAL_OR_KEYWORD) for p in params]
        + [P("strict", P.KEYWORD_ONLY, default=False), P("xp", P.KEYWORD_ONLY, default=None)]
    )


def _document(doc: str | None, name: str, params: tuple[str, ...], latex: str, hyps: tuple[Hypothesis, ...],
              kind: str, trivial, trivial_latex: str, form: str, source: str) -> str:
    """The bound's docstring: its own text, then the formula, hypotheses, kind and source."""
    own = inspect.cleandoc(doc) if doc else f"The bound {name}."
    lines = [own, "", f"Form: {form}.", "", ".. math::", "", f"    {latex}", ""]
    if hyps:
        lines += ["Hypotheses", "----------"]
        lines += [f"* :math:`{h.latex}` (``{h.name}``)" for h in hyps]
        lines.append("")
    what = _KINDS[kind]
    if trivial is not None:
        what += f"; the trivial bound it competes with is :math:`{trivial_latex}`" if trivial_latex else \
            "; it competes with a trivial bound"
    lines += [f"Kind: {what}.", "", f"Call: ``{name}({', '.join(params)}, *, strict=False, xp=None)`` "
              "with scalars or broadcastable arrays, by position or by name; ``.sympy()``, ``.mp()`` and "
              "``.certified()`` evaluate the same formula symbolically, at high precision and in "
              "interval arithmetic.", "", f"Source: {source}."]
    return "\n".join(lines)
