r"""Bounds, thresholds and capacity formulas of Hu et al. 2023, published and corrected.

J. Y.-C. Hu, D. Yang, D. Wu, C. Xu, B.-Y. Chen, H. Liu, *On Sparse Modern Hopfield Model*,
NeurIPS 2023, arXiv:2309.12673 (v2 is the camera-ready version).  Claim IDs ``hu2023/<slug>``.

Every formula is a :class:`~hoptheory.bounds.Bound`: it is written once and evaluated
vectorised on any array-API backend (``bound(*params)`` returns a
:class:`~hoptheory.bounds.BoundResult`), as a SymPy twin (``bound.sympy()``), at high
precision (``bound.mp(dps=50, **params)``) and certified (``bound.certified(prec=80, **params)``).
Each bound carries its own documentation (``help(bound)``).  The bounds stated on memories and
a query also have a function ``<name>_at(Xi, x, mu, beta, …)`` (:mod:`.on_data`) that computes
their parameters from the data and returns the bound's ``BoundResult``.

One module per section of the paper: :mod:`.dense` (dense background as restated),
:mod:`.energy` (sparse energy and dynamics), :mod:`.retrieval` (retrieval error and noise),
:mod:`.separation` (well-separation and exact retrieval), :mod:`.capacity` (memory capacity) and
:mod:`.auxiliary`.

**Forms.** *published*: the formula as printed (paper's scaling, package notation);
*corrected*: the provable replacement of a published formula; *derived*: a formula that is
not in the paper and that the checks of the claims use.

**Symbols** (conventions §1, §2, §8; the paper's name in brackets where it differs):

* ``d``: pattern dimension; ``M``: number of stored patterns;
  ``m``: :math:`\max_\mu\Vert\xi_\mu\Vert`; ``beta``: inverse temperature :math:`\beta>0`.
* ``score``: :math:`z_\mu=\langle\xi_\mu,x\rangle`; ``max_overlap``:
  :math:`\max_\nu\langle\xi_\mu,\xi_\nu\rangle` (range of :math:`\nu` unconfirmed in the paper).
* ``query_sep``: :math:`\tilde\Delta_\mu(x)=z_\mu-\max_{\nu\ne\mu}z_\nu`; ``Delta``:
  :math:`\Delta_\mu=\min_{\nu\ne\mu}\langle\xi_\mu,\xi_\mu-\xi_\nu\rangle`.
* ``dist``: :math:`\Vert x-\xi_\mu\Vert`; ``R``: radius of :math:`S_\mu` (default half the
  minimum distance); ``r``: a radius used in place of :math:`R`; ``max_dist``:
  :math:`\max_{\nu\ne\mu}\Vert\xi_\mu-\xi_\nu\Vert`.
* ``p_mu``: the weight :math:`p^\star_\mu` of :math:`\xi_\mu`; ``kappa``: sparsemax support
  size :math:`\kappa(\beta z)`; ``gap``: :math:`z_{(1)}-z_{(\kappa)}` [paper:
  :math:`\max_\nu\langle\xi_\nu,x\rangle-[\Xi^\top x]_{(\kappa)}`]; ``gap_sum``:
  :math:`\sum_{j\le\kappa}(z_{(1)}-z_{(j)})`.
* ``delta``: :math:`\delta(x)=\Vert T_{\rm dense}(x)-\xi_\mu\Vert-\Vert T_{\rm sparse}(x)-\xi_\mu\Vert`
  [:math:`\delta`]; ``delta_inf``: :math:`\delta_\mu=\inf_{x\in S_\mu}\delta(x)`.
* ``p_fail``: failure probability :math:`p_{\rm f}` [:math:`p`]; ``K``: Ramsauer's radius
  parameter, :math:`m=K\sqrt{d-1}`; ``a``, ``b``: the constants of a Lambert capacity formula.
* ``spectral_norm``: :math:`\Vert\Xi\Vert_2`; ``eta_norm``: :math:`\Vert\eta\Vert`;
  ``energy``, ``energy0``: energy values :math:`H_\beta(x)`, :math:`H_\beta(x_0)`;
  ``step``: :math:`\Vert T(x)-x\Vert`; ``x_norm``: :math:`\Vert x\Vert`; ``alpha``: an angle.

**Numerical notes.**

* Lambert W is evaluated as :math:`W_0(e^{y})` with the kit's ``wexp`` (no overflow of
  :math:`e^{y}`); its argument :math:`e^{y}>0` is always in the principal branch's range.
* Exponential bounds whose value exceeds the float64 range (a huge, vacuous upper bound,
  e.g. :math:`\beta=10^8` with a negative exponent gap) are reported by the array kit as
  non-finite (``ill_defined`` with reason "non-finite value"); evaluate them with
  ``bound.mp`` for the exact magnitude.
* Divisions by parameters go through ``F.div`` so a zero denominator is reported, never
  silently infinite.

**Bounds** (generated from each bound's documentation):

"""

from __future__ import annotations

from .._core import Bound
from .._declare import declared_bounds
from . import auxiliary, capacity, dense, energy, on_data, retrieval, separation
from .auxiliary import *  # noqa: F403
from .capacity import *  # noqa: F403
from .dense import *  # noqa: F403
from .energy import *  # noqa: F403
from .on_data import *  # noqa: F403
from .retrieval import *  # noqa: F403
from .separation import *  # noqa: F403

_SECTIONS = (dense, energy, retrieval, separation, capacity, auxiliary)

#: Every bound of the paper, name → bound, in the order of the paper's sections.
BOUNDS: dict[str, Bound] = {name: b for mod in _SECTIONS for name, b in declared_bounds(mod.__name__).items()}

__doc__ += "\n".join(
    f"* ``{name}({', '.join(b.parameters)})``: {b.__doc__.splitlines()[0]}" for name, b in BOUNDS.items()
)

__all__ = [*BOUNDS, "BOUNDS", *on_data.__all__]
