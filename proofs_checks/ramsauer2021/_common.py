r"""Small shared pieces of the ramsauer2021 checks: host conversions, identity parts, facts, quadrature.

The mean-value Jacobian

.. math::

   J^{\mathrm m}(a, b) = \int_0^1 J\bigl(a + \lambda (b - a)\bigr)\,d\lambda

is computed from the package's analytic Jacobian by Gauss-Legendre quadrature (one rule with
``n`` and ``2n`` nodes, or a composite rule on panels); it is the observed side of the
contraction and retrieval claims, not an oracle.
"""

from __future__ import annotations

import functools

import numpy as np

from hoptheory.backend import to_numpy

from .._framework import CheckResult, Context, Observation, examples_per_search, reproduce_text
from ._oracles import at_dps


def host(a) -> np.ndarray:
    """A float64 NumPy copy of an array of any namespace."""
    return np.asarray(to_numpy(a), dtype=np.float64)


def as_float(a) -> float:
    """A Python float from a 0-d array of any namespace."""
    return float(np.asarray(to_numpy(a), dtype=np.float64))


def value_of(res) -> float:
    """The float value of a scalar BoundResult (NaN where ill-defined)."""
    return as_float(res.value)


def n_examples(ctx, k):
    """Examples per part when a check runs ``k`` searches."""
    return examples_per_search(ctx, k)


def identity_part(o_lhs, tol, inputs, note=""):
    """An identity part as an upper-bound observation: the error ``o_lhs`` against ``tol``."""
    return Observation(float(o_lhs), float(tol), inputs=inputs, note=note)


def redo(observe):
    """Re-evaluation of an identity part: the same observation with 60-digit oracles."""
    def re(o):
        r = at_dps(lambda: observe(o.inputs["_draw"]))
        return r.lhs, r.rhs
    return re


def bound_reproducer(bound: str, lhs: str, *, model: str = "DenseHopfield", arrays=("Xi", "x"), scalars=("beta",),
                     lines=()) -> str:
    """The ``reproduce`` text of a bound of :mod:`hoptheory.bounds.ramsauer2021` against a model quantity.

    ``bound`` is the call of the bound (``"name(args)"``), ``lhs`` the expression of the
    observed side using ``model`` from :mod:`hoptheory.models`; the saved inputs ``arrays`` and
    ``scalars`` are loaded first, then ``lines``.
    """
    imports = {"hoptheory.models": model, "hoptheory.bounds.ramsauer2021": bound.split("(")[0]}
    return reproduce_text(imports, arrays=arrays, scalars=scalars, lines=lines, lhs=lhs, rhs=f"float({bound}.value)")


#: An instance outside the hypotheses (or one that could not be built).
NA = Observation(0.0, 1.0, applicable=False)


def on_instance(build, *args, missing=NA, **kwargs):
    """Decorator: ``fn(draw, *instance)`` as an ``observe``, with ``instance = build(draw, *args, **kwargs)``.

    Where ``build`` gives None (the draw has no instance: coinciding patterns, no convergence,
    beta out of range) the observation is ``missing`` (not applicable).
    """
    def deco(fn):
        @functools.wraps(fn)
        def observe(draw):
            s = build(draw, *args, **kwargs)
            return missing if s is None else fn(draw, *s)
        return observe
    return deco


def fact_part(ctx: Context, name: str, ok: bool, detail: dict) -> CheckResult:
    """A deterministic fact (reproduced constant, identity, certificate) as a part of ``ctx``'s claim."""
    ev = {"instances": 1, "applicable_instances": 1, **detail}
    if ok:
        return ctx.result("confirmed", ev)
    return ctx.result("refuted", ev, counterexample={"part": name, "inputs": detail, "kind": "upper"},
                      notes=f"{name} failed")


def gauss_legendre01(n):
    """Nodes and weights of the ``n``-point Gauss-Legendre rule on [0, 1]."""
    t, w = np.polynomial.legendre.leggauss(n)
    return (t + 1) / 2, w / 2


def mean_jacobian(model, xp, x, y, n=16):
    """J^m = int_0^1 J(y + s(x - y)) ds by Gauss-Legendre; returns (J^m with n nodes, with 2n nodes)."""
    out = []
    for k in (n, 2 * n):
        s, w = gauss_legendre01(k)
        P = y[:, None] + (x - y)[:, None] * s[None, :]
        J = host(model.jacobian(xp.asarray(P)))
        out.append(np.tensordot(w, J, axes=1))
    return out


def mean_jacobian_panels(model, a, b, panels, xp, nodes=16):
    r"""Composite Gauss-Legendre value of :math:`\int_0^1 J(a+\lambda(b-a))\,d\lambda` (NumPy result)."""
    t, w = np.polynomial.legendre.leggauss(nodes)
    edges = np.linspace(0.0, 1.0, panels + 1)
    lam = (edges[:-1, None] + (t[None, :] + 1) / 2 * np.diff(edges)[:, None]).ravel()
    wts = (w[None, :] / 2 * np.diff(edges)[:, None]).ravel()
    P = a[:, None] + lam[None, :] * (b - a)[:, None]
    J = host(model.jacobian(xp.asarray(P)))
    return np.tensordot(wts, J, axes=(0, 0))
