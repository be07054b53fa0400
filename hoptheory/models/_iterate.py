r"""The fixed-point iteration :math:`x_{t+1}=T(x_t)` shared by every model.

One loop (:func:`iterate_map`) with one stopping rule and one result record
(:class:`Iteration`).  The Hopfield models of a negentropy pass their energy as a trace
(evaluated once on the whole trajectory: it does not steer the iteration, and the CCCP makes
it descend); the nonparametric models, whose maps are in general not gradient fields, pass
the energy of the few that have one (evaluated at every iterate) or none.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from hoptheory.backend import tolerance
from hoptheory.models._queries import check_query

__all__ = ["Iteration", "iterate_map"]


@dataclass(frozen=True)
class Iteration:
    r"""Result of the fixed-point iteration :math:`x_{t+1}=T(x_t)` (``model.iterate``).

    .. math::

        x_{t+1}=T(x_t),\qquad r_t=\lVert T(x_t)-x_t\rVert,\qquad t=0,\dots,\mathrm{steps}.

    Attributes
    ----------
    trajectory : array, shape (steps + 1, d)
        :math:`x_0,\dots,x_{\rm steps}` as rows.
    energies : array, shape (steps + 1,)
        :math:`H_\beta(x_t)` for a model with an energy; NaN (explicitly "not defined")
        for a map that is not a gradient field.
    residuals : array, shape (steps + 1,)
        :math:`r_t`; for a Hopfield model the gradient norm :math:`\lVert\nabla H_\beta(x_t)\rVert`.
    reason : str
        ``"fixed_point_exact"`` (:math:`T(x_t)=x_t` bit for bit), ``"converged"``
        (residual :math:`\le` ``tol``), ``"max_steps"`` (budget exhausted) or ``"non_finite"``
        (an iterate or energy was not finite; never expected for valid input).
    converged : bool
        True for ``"fixed_point_exact"`` and ``"converged"``.
    steps : int
        Number of updates applied.
    tol : float
        The residual tolerance used.

    Examples
    --------
    >>> import numpy as np
    >>> from hoptheory.backend import get_backend
    >>> halve = lambda x: 0.5 * x  # T(x) = x / 2: x_t = 4 / 2^t, r_t = 2 / 2^t
    >>> run = iterate_map(halve, np.array([4.0]), d=1, xp=get_backend("numpy"), scale=1.0, max_steps=3)
    >>> run.reason, run.steps, run.final.tolist(), run.residuals.tolist()
    ('max_steps', 3, [0.5], [2.0, 1.0, 0.5, 0.25])
    """

    trajectory: Any
    energies: Any
    residuals: Any
    reason: str
    converged: bool
    steps: int
    tol: float

    @property
    def final(self):
        """The last iterate :math:`x_{\\rm steps}`, shape (d,)."""
        return self.trajectory[-1, :]


def _tolerance(xp, dtype, scale: float, tol) -> float:
    """``tol`` validated, or the default ``tolerance(dtype).atol * max(scale, 1)``."""
    if tol is None:
        return tolerance(np.dtype(f"float{xp.finfo(dtype).bits}")).atol * max(float(scale), 1.0)
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real):
        raise TypeError(f"tol must be a real number > 0; got {tol!r}")
    tol = float(tol)
    if not (math.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be finite and > 0; got {tol}")
    return tol


def iterate_map(
    step: Callable,
    x0,
    *,
    d: int,
    xp,
    scale: float,
    energy: Callable | None = None,
    energy_trace: Callable | None = None,
    max_steps: int = 100,
    tol: float | None = None,
    xi_shape=None,
) -> Iteration:
    r"""Fixed-point iteration :math:`x_{t+1}=T(x_t)` until a fixed point, the tolerance or the budget.

    .. math::

        \text{stop at the first } t \text{ with } T(x_t)=x_t
        \ \text{ or }\ \lVert T(x_t)-x_t\rVert\le\mathrm{tol}
        \ \text{ or }\ t=\mathrm{max\_steps}.

    The reasons are ``"fixed_point_exact"``, ``"converged"``, ``"max_steps"``, or
    ``"non_finite"`` at a non-finite residual or energy.  No descent is implied: only a
    model whose :math:`T` is the CCCP step of an energy descends.

    Parameters
    ----------
    step : callable
        :math:`T`, ``(d,) -> (d,)``.
    x0 : float array, shape ``(d,)``
        The initial state (a single query).
    d : int
    xp : namespace
        The namespace of the model; ``x0`` must belong to it.
    scale : float
        Scale of the iterates (the default tolerance is
        ``tolerance(dtype).atol * max(scale, 1)``).
    energy : callable, optional
        :math:`E`, ``(d,) -> ()``, evaluated at every iterate (a non-finite value stops).
    energy_trace : callable, optional
        :math:`E` on the trajectory as columns, ``(d, steps + 1) -> (steps + 1,)``, evaluated
        once after the loop (for an energy that does not steer the iteration).  At most one
        of ``energy`` and ``energy_trace``; without either, ``energies`` is NaN.
    max_steps : int
        :math:`\ge0`.
    tol : float, optional
        :math:`>0`.
    xi_shape : tuple, optional
        Shape of the memories, quoted in error messages.

    Returns
    -------
    Iteration

    Examples
    --------
    >>> import numpy as np
    >>> from hoptheory.backend import get_namespace
    >>> a = np.array([1.0, -2.0])
    >>> T = lambda x: 0.5 * (x + a)  # a contraction with the fixed point x = a
    >>> run = iterate_map(T, np.zeros(2), d=2, xp=get_namespace(a), scale=2.0, tol=1e-6)
    >>> run.reason, bool(np.allclose(run.final, a, atol=1e-5))
    ('converged', True)
    """
    x = check_query(xp, x0, d, (d, "M") if xi_shape is None else xi_shape)
    if x.ndim != 1:
        raise ValueError(f"iterate takes a single query of shape ({d},); got shape {tuple(x.shape)}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, numbers.Integral) or max_steps < 0:
        raise ValueError(f"max_steps must be a non-negative integer; got {max_steps!r}")
    if energy is not None and energy_trace is not None:
        raise ValueError("give at most one of energy (per iterate) and energy_trace (after the loop)")
    tol = _tolerance(xp, x.dtype, scale, tol)
    traj, energies, residuals = [], [], []
    t = 0
    while True:
        y = step(x)
        res = float(xp.linalg.vector_norm(y - x))
        traj.append(x)
        residuals.append(res)
        finite = math.isfinite(res)
        if energy is not None:
            en = energy(x)
            energies.append(en)
            finite = finite and math.isfinite(float(en))
        if not finite:
            reason = "non_finite"
            break
        if bool(xp.all(y == x)):
            reason = "fixed_point_exact"
            break
        if res <= tol:
            reason = "converged"
            break
        if t >= max_steps:
            reason = "max_steps"
            break
        x = y
        t += 1
    trajectory = xp.stack(traj, axis=0)  # (steps + 1, d)
    if energy is not None:
        energies = xp.stack(energies, axis=0)
    elif energy_trace is not None:
        energies = energy_trace(xp.matrix_transpose(trajectory))
        if reason != "non_finite" and not bool(xp.all(xp.isfinite(energies))):
            reason = "non_finite"
    else:
        energies = xp.full((len(traj),), math.nan, dtype=trajectory.dtype)
    return Iteration(
        trajectory=trajectory,
        energies=energies,
        residuals=xp.asarray(residuals, dtype=trajectory.dtype),
        reason=reason,
        converged=reason in ("converged", "fixed_point_exact"),
        steps=t,
        tol=tol,
    )
