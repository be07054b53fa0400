r"""Modern Hopfield models: dense (softmax), sparse (sparsemax) and :math:`\alpha`-entmax.

Symbol table (conventions §1, §4):

=====================  ==========================  ==========================================
symbol                 code                        shape / space
=====================  ==========================  ==========================================
:math:`\Xi`            ``model.Xi``                ``(d, M)``, patterns as columns
:math:`\beta`          ``model.beta``              float, :math:`\beta>0`
:math:`m`              ``model.m``                 float, :math:`\max_\mu\lVert\xi_\mu\rVert`
:math:`x`              ``x``                       ``(d,)``, or a batch ``(d, N)`` of columns
:math:`z=\Xi^\top x`   ``model.scores(x)``         ``(M,)`` or ``(M, N)``
:math:`p^\star`        ``model.weights(x)``        ``(M,)`` or ``(M, N)``, on :math:`\Delta^M`
:math:`T(x)`           ``model.retrieve(x)``       ``(d,)`` or ``(d, N)``
:math:`H_\beta(x)`     ``model.energy(x)``         ``()`` or ``(N,)``
:math:`J_T(x)`         ``model.jacobian(x)``       ``(d, d)`` or ``(N, d, d)``
=====================  ==========================  ==========================================

Every model is :math:`H_\beta(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\tfrac12\lVert x\rVert^2`
with :math:`\nabla H_\beta=x-T(x)` and :math:`T(x)=\Xi\,\hat y_\Omega(\beta\Xi^\top x)`; the maps
and conjugates come from :mod:`hoptheory.maps`.

Numerical choice for the energy: by the shift identity
:math:`\Omega^\star(\theta+c\mathbf 1)=\Omega^\star(\theta)+c`,

.. math::

    \beta^{-1}\Omega^\star(\beta z)=z_{\max}+\beta^{-1}\Omega^\star\big(\beta(z-z_{\max}\mathbf 1)\big),

so the large part :math:`z_{\max}` is never multiplied by :math:`\beta` and divided again, and
the conjugate only sees non-positive arguments with maximum 0 (no overflow for
:math:`\beta=10^8`; for :math:`\beta=10^{-8}` the remainder is
:math:`\beta^{-1}\Omega^\star(\approx0)`, e.g. :math:`\beta^{-1}\log M` for the dense model,
which is the true value, large and finite).
"""

from __future__ import annotations

import math

import numpy as np

from hoptheory import maps
from hoptheory.backend import as_float_array, check_alpha, check_beta, get_namespace
from hoptheory.maps import _retrieval
from hoptheory.models._iterate import Iteration, iterate_map
from hoptheory.models._quantities import max_norm
from hoptheory.models._queries import check_index, check_query

__all__ = [
    "DenseHopfield",
    "EntmaxHopfield",
    "HopfieldModel",
    "Iteration",
    "SparseHopfield",
]


class HopfieldModel:
    r"""Modern Hopfield model of a negentropy :math:`\Omega` with :math:`\Upsilon=\tfrac12\lVert\cdot\rVert^2`.

    .. math::

        H_\beta(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\tfrac12\lVert x\rVert^2,\qquad
        T(x)=\Xi\,\hat y_\Omega(\beta\Xi^\top x)=x-\nabla H_\beta(x).

    The family of :math:`\Omega` supplies the map, its Jacobian and the conjugate; the
    subclasses fix it and add the energy printed in their source paper.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Memories, patterns as columns; real floating, finite, :math:`d\ge1`, :math:`M\ge1`.
    beta : float
        Inverse temperature, finite, :math:`\beta>0`.
    family : Family or str
        The negentropy :math:`\Omega`: a :class:`hoptheory.maps.Family` or a name resolved by
        :func:`hoptheory.maps.family` (``"softmax"``, ``"sparsemax"``, ``"entmax"`` with
        ``alpha``).
    alpha : float, optional
        The Tsallis index for ``family="entmax"``.

    Attributes
    ----------
    Xi : array, shape (d, M)
    beta : float
    family : Family
    d, M : int
    m : float
        :math:`\max_\mu\lVert\xi_\mu\rVert`.
    xp : namespace
        The array namespace of ``Xi``; queries must use the same one.

    Notes
    -----
    Reference: conventions §4; Ramsauer et al. 2021 (dense), Hu et al. 2023 (sparse),
    Wu et al. 2024 / Santos et al. 2024 (:math:`\alpha`-entmax and Fenchel–Young families).

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[1.0, 0.0, 0.6], [0.0, 1.0, 0.8]])
    >>> x = np.array([0.9, 0.2])
    >>> model = HopfieldModel(Xi, 1.5, "entmax", alpha=1.5)
    >>> p = model.weights(x)
    >>> omega = ((p ** 1.5).sum() - 1) / 0.75  # Tsallis negentropy at alpha = 1.5
    >>> H = -(p @ (1.5 * Xi.T @ x) - omega) / 1.5 + 0.5 * x @ x  # Omega* by Fenchel-Young
    >>> bool(np.isclose(model.energy(x), H)), bool(np.allclose(model.retrieve(x), Xi @ p))
    (True, True)
    """

    def __init__(self, Xi, beta: float, family: maps.Family | str, alpha: float | None = None):
        Xi = as_float_array(Xi, "Xi", ndim=2)
        self.xp = get_namespace(Xi)
        self.Xi = Xi
        self.beta = check_beta(beta)
        self.family = maps.family(family, alpha)
        self.d, self.M = (int(s) for s in Xi.shape)
        self.m = max_norm(Xi)

    @property
    def map_name(self) -> str:
        """Name of the map of the family (``"softmax"``, ``"sparsemax"``, ``"entmax"``)."""
        return self.family.name

    # ---------------------------------------------------------------- internals

    def _check(self, x):
        return check_query(self.xp, x, self.d, self.Xi.shape)

    def _z(self, x):
        """Scores of a checked query block; overflows are reported in terms of beta, Xi and x.

        Besides z = Xi^T x, the maps and the energy form beta z and beta (z - max z); all three
        must be finite.
        """
        xp = self.xp
        with np.errstate(over="ignore", invalid="ignore"):
            z = xp.matmul(xp.matrix_transpose(self.Xi), x)
            if not bool(xp.all(xp.isfinite(z))):
                raise ValueError(
                    "the scores Xi^T x overflow floating point: Xi has entries up to "
                    f"{float(xp.max(xp.abs(self.Xi))):.3g} and x up to {float(xp.max(xp.abs(x))):.3g}; "
                    "rescale Xi and x (and beta accordingly)"
                )
            top = self.beta * xp.max(xp.abs(z))
            spread = self.beta * (xp.max(z) - xp.min(z))
            if not (bool(xp.isfinite(top)) and bool(xp.isfinite(spread))):
                raise ValueError(
                    f"beta * Xi^T x overflows floating point: beta = {self.beta:.3g} and the scores Xi^T x "
                    f"reach {float(xp.max(xp.abs(z))):.3g}; rescale Xi and x or lower beta"
                )
        return z

    def _theta(self, x):
        """beta * Xi^T x for a query (checked, see ``_z``)."""
        return self.beta * self.scores(x)

    def _scaled_conjugate(self, z):
        r""":math:`\beta^{-1}\Omega^\star(\beta z)` along axis 0, with the max shift."""
        xp = self.xp
        zmax = xp.max(z, axis=0, keepdims=True)
        rest = self.family.conjugate(self.beta * (z - zmax), axis=0)
        return xp.squeeze(zmax, axis=0) + rest / self.beta

    @staticmethod
    def _half_sq_norm(xp, x):
        return 0.5 * xp.sum(x * x, axis=0)

    # ---------------------------------------------------------------- the model

    def scores(self, x):
        r"""Scores :math:`z=\Xi^\top x`: shape ``(M,)`` or ``(M, N)`` for ``x`` of shape ``(d,)`` or ``(d, N)``.

        An overflow of :math:`z` or :math:`\beta z` raises ``ValueError`` in terms of
        :math:`\beta`, :math:`\Xi` and :math:`x`.
        """
        return self._z(self._check(x))

    def weights(self, x):
        r"""Weights :math:`p^\star=\hat y_\Omega(\beta\Xi^\top x)\in\Delta^M` (map along axis 0).

        Parameters
        ----------
        x : array, shape (d,) or (d, N)

        Returns
        -------
        p : array, shape (M,) or (M, N)
        """
        return self.family.map(self._theta(x), axis=0)

    def retrieve(self, x):
        r"""One retrieval step :math:`T(x)=\Xi\,\hat y_\Omega(\beta\Xi^\top x)`.

        Parameters
        ----------
        x : array, shape (d,) or (d, N)
            A query, or N queries as columns.

        Returns
        -------
        Tx : array, shape (d,) or (d, N)
            In :math:`\mathrm{conv}\{\xi_\mu\}`.

        Notes
        -----
        Computed with one row per query (scores of shape ``(N, M)``); for the sparse maps on
        NumPy the product with :math:`\Xi` gathers only the columns in the support
        (``hoptheory.maps._retrieval``), on CuPy with a GPU fused kernels run.
        """
        x = self._check(x)
        X = x if x.ndim == 2 else x[:, None]
        xp = self.xp
        # |beta xi^T x| <= beta max|xi| max|x| d: where that bound may overflow, check the scores
        # themselves first so the error speaks of beta, Xi and x (the fused step would not see it)
        reach = self.beta * float(xp.max(xp.abs(self.Xi))) * float(xp.max(xp.abs(X))) * self.d
        if not reach < 1e300:
            self._z(X)
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                T = _retrieval.retrieve_rows(self.Xi, X, self.beta, self.family)
        except ValueError:
            # the fused step checks its internal scores; an overflow is said in terms of the inputs
            self._z(X)
            raise
        if not bool(self.xp.all(self.xp.isfinite(T))):
            self._z(X)  # raises with the overflow said in terms of beta, Xi and x
            raise FloatingPointError("the retrieval step produced non-finite values from finite inputs")
        return T if x.ndim == 2 else T[:, 0]

    def energy(self, x):
        r"""Energy :math:`H_\beta(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\tfrac12\lVert x\rVert^2`.

        ``x`` is one query ``(d,)`` or ``N`` queries ``(d, N)`` as columns; the result has
        shape ``()`` or ``(N,)``.  :math:`\nabla H_\beta(x)=x-T(x)`; no additive constants
        (conventions §4).
        """
        x = self._check(x)
        z = self._z(x)
        return -self._scaled_conjugate(z) + self._half_sq_norm(self.xp, x)

    def energy_published(self, x):
        r"""The energy as printed in the model's source paper (see the subclass)."""
        raise NotImplementedError

    def jacobian(self, x):
        r"""Jacobian of the retrieval map :math:`J_T(x)=\beta\,\Xi\,J_{\hat y}(\beta\Xi^\top x)\,\Xi^\top`.

        Parameters
        ----------
        x : array, shape (d,) or (d, N)

        Returns
        -------
        J : array, shape (d, d) or (N, d, d)
            For a batch, ``J[n]`` is the Jacobian at column ``x[:, n]``.

        Notes
        -----
        Where the map is not differentiable (sparsemax/entmax scores exactly at the support
        boundary) this is the one-sided Jacobian returned by :mod:`hoptheory.maps`.
        """
        # with J_y = diag(g) - g g^T / total:  J_T = beta (Xi diag(g) Xi^T - (Xi g)(Xi g)^T / total),
        # O(d^2 M) work and O(d M) memory per query; the M x M matrix J_y is never formed
        xp = self.xp
        theta = self._theta(x)
        single = theta.ndim == 1
        th = xp.reshape(theta, (1, -1)) if single else xp.matrix_transpose(theta)  # (N, M)
        g, total = self.family.jacobian_factors(th)
        Xi = self.Xi
        XiT = xp.matrix_transpose(Xi)
        N, (d, M) = th.shape[0], Xi.shape
        A = xp.matmul(xp.reshape(Xi, (1, d, M)) * xp.reshape(g, (N, 1, M)), XiT)  # (N, d, d)
        v = xp.matmul(g, XiT)  # (N, d)
        outer = xp.reshape(v, (N, d, 1)) * xp.reshape(v, (N, 1, d))
        if total is not None:
            outer = outer / xp.reshape(total, (N, 1, 1))
        J = self.beta * (A - outer)
        return J[0, ...] if single else J

    def support_size(self, x):
        r"""Support size :math:`\kappa(x)=\lVert\hat y_\Omega(\beta\Xi^\top x)\rVert_0`.

        Parameters
        ----------
        x : array, shape (d,) or (d, N)

        Returns
        -------
        kappa : integer array, shape () or (N,)
            For softmax the mathematical support size :math:`M`, even where
            :math:`\mathrm{softmax}(\beta z)` underflows to exact zeros (large :math:`\beta`).
        """
        return self.family.support_size(self._theta(x), axis=0)

    def error(self, x, mu: int):
        r"""One-step retrieval error :math:`\mathrm{err}_\mu(x)=\lVert T(x)-\xi_\mu\rVert`.

        Parameters
        ----------
        x : array, shape (d,) or (d, N)
        mu : int
            Pattern index, :math:`0\le\mu<M`.

        Returns
        -------
        err : array, shape () or (N,)
            At most :math:`2m` (the trivial bound, conventions §5).
        """
        xp = self.xp
        mu = check_index(mu, self.M, self.Xi.shape)
        Tx = self.retrieve(x)
        target = self.Xi[:, mu] if Tx.ndim == 1 else self.Xi[:, mu : mu + 1]
        return xp.linalg.vector_norm(Tx - target, axis=0)

    def iterate(self, x0, max_steps: int = 100, tol: float | None = None) -> Iteration:
        r"""Fixed-point iteration :math:`x_{t+1}=T(x_t)` (the CCCP of :math:`H_\beta`).

        Stops at the first :math:`t` with :math:`\lVert T(x_t)-x_t\rVert\le` ``tol`` (or
        :math:`T(x_t)=x_t` exactly), or after ``max_steps`` updates.  Each step satisfies
        :math:`H_\beta(x_{t+1})\le H_\beta(x_t)-\tfrac12\lVert x_{t+1}-x_t\rVert^2`.

        Parameters
        ----------
        x0 : array, shape (d,)
            Initial state (a single query; iterate a batch column by column).
        max_steps : int
            Maximal number of updates, :math:`\ge0`.
        tol : float, optional
            Residual tolerance :math:`>0`.  Default: ``tolerance(dtype).atol * max(m, 1)``,
            about :math:`1.8\cdot10^{-12}\max(m,1)` in float64 (:math:`T(x)` has norm
            :math:`\le m`, so this is relative to the scale of the iterates).

        Returns
        -------
        Iteration
        """
        # the energies do not steer the iteration: evaluated once, as a batch of columns
        return iterate_map(
            self.retrieve, x0, d=self.d, xp=self.xp, scale=self.m, energy_trace=self.energy,
            max_steps=max_steps, tol=tol, xi_shape=tuple(self.Xi.shape),
        )

    def __repr__(self) -> str:
        extra = f", alpha={self.alpha}" if hasattr(self, "alpha") else ""
        if type(self) is HopfieldModel:
            extra = f", family={self.family.name!r}" + (f", alpha={self.family.alpha}" if self.family.sparse else "")
        return f"{type(self).__name__}(d={self.d}, M={self.M}, beta={self.beta}{extra})"


class DenseHopfield(HopfieldModel):
    r"""Dense (softmax) modern Hopfield model.

    .. math::

        H_\beta(x)=-\mathrm{lse}(\beta,\Xi^\top x)+\tfrac12\lVert x\rVert^2,\qquad
        \mathrm{lse}(\beta,z)=\beta^{-1}\log\sum_{\mu}e^{\beta z_\mu},\qquad
        T(x)=\Xi\,\mathrm{softmax}(\beta\Xi^\top x).

    :math:`\Omega(p)=\sum_\mu p_\mu\log p_\mu` (:data:`hoptheory.maps.SHANNON`),
    :math:`\Omega^\star=\log\sum\exp`.

    Parameters
    ----------
    Xi : array, shape (d, M)
        Patterns as columns.
    beta : float
        Inverse temperature :math:`\beta>0`.

    Notes
    -----
    Reference: Ramsauer et al. 2021, "Hopfield Networks is All You Need" (energy E, update
    :math:`\xi^{\rm new}=X\,\mathrm{softmax}(\beta X^\top\xi)`); conventions §4.

    Examples
    --------
    >>> import numpy as np
    >>> Xi, x, beta = np.array([[1.0, -0.5], [0.0, 1.0]]), np.array([0.4, 0.3]), 2.0
    >>> z = Xi.T @ x
    >>> lse = np.log(np.exp(beta * z).sum()) / beta
    >>> model = DenseHopfield(Xi, beta)
    >>> bool(np.isclose(model.energy(x), -lse + 0.5 * x @ x))
    True
    >>> bool(np.allclose(model.retrieve(x), Xi @ np.exp(beta * z - beta * lse)))  # Xi softmax(beta z)
    True
    """

    def __init__(self, Xi, beta: float):
        super().__init__(Xi, beta, maps.SHANNON)

    def energy(self, x, ramsauer_constant: bool = False):
        r"""Energy :math:`H_\beta(x)=-\mathrm{lse}(\beta,\Xi^\top x)+\tfrac12\lVert x\rVert^2`.

        Parameters
        ----------
        x : array, shape (d,) or (d, N)
        ramsauer_constant : bool
            Add Ramsauer's constant :math:`\beta^{-1}\log M+\tfrac12m^2` (never the default).

        Returns
        -------
        H : array, shape () or (N,)
        """
        H = super().energy(x)
        if ramsauer_constant:
            H = H + (math.log(self.M) / self.beta + 0.5 * self.m * self.m)
        return H

    def energy_published(self, x):
        r"""Ramsauer et al.'s energy, with its constant.

        .. math::

            E(x)=-\mathrm{lse}(\beta,\Xi^\top x)+\tfrac12\lVert x\rVert^2+\beta^{-1}\log M+\tfrac12m^2
            =H_\beta(x)+\beta^{-1}\log M+\tfrac12m^2 .

        Shapes as in :meth:`energy`.  Reference: Ramsauer et al. 2021, eq. for E (their
        :math:`M` is our :math:`m`).
        """
        return self.energy(x, ramsauer_constant=True)


class _Hu2023Model(HopfieldModel):
    """The models whose published energy is the one printed by Hu et al. 2023."""

    def energy_published(self, x):
        r"""Hu et al. 2023's printed energy (no :math:`\beta^{-1}`).

        .. math::

            H_{\rm pub}(x)=-\Omega^\star(\beta\Xi^\top x)+\tfrac12\lVert x\rVert^2
            =\beta H_\beta(x)+\tfrac12(1-\beta)\lVert x\rVert^2,

        so :math:`\nabla H_{\rm pub}(x)=x-\beta T(x)` and :math:`H_{\rm pub}=H_\beta` only at
        :math:`\beta=1`.

        Shapes as in :meth:`HopfieldModel.energy`.  Reference: Hu et al. 2023 (sparse energy
        :math:`\mathcal H`); conventions §4.
        """
        # H_pub = -Omega*(beta z) + 1/2 ||x||^2 = beta * (-(beta^{-1} Omega*(beta z))) + 1/2 ||x||^2
        x = self._check(x)
        z = self._z(x)
        return -self.beta * self._scaled_conjugate(z) + self._half_sq_norm(self.xp, x)


class SparseHopfield(_Hu2023Model):
    r"""Sparse (sparsemax) modern Hopfield model.

    .. math::

        H_\beta(x)=-\beta^{-1}\Omega^\star(\beta\Xi^\top x)+\tfrac12\lVert x\rVert^2,\qquad
        T(x)=\Xi\,\mathrm{sparsemax}(\beta\Xi^\top x),

    with the Gini negentropy :math:`\Omega(p)=\tfrac12(\lVert p\rVert^2-1)` on :math:`\Delta^M`
    (:data:`hoptheory.maps.GINI`) and
    :math:`\Omega^\star(\theta)=\tfrac12\lVert\theta\rVert^2-\tfrac12\lVert\mathrm{sparsemax}(\theta)-\theta\rVert^2+\tfrac12`.
    Takes the patterns ``Xi`` (``(d, M)``, columns) and :math:`\beta>0`, as :class:`HopfieldModel`.

    Notes
    -----
    Reference: Hu et al. 2023, "On Sparse Modern Hopfield Model" (NeurIPS 2023); conventions §3-§4.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.eye(3)
    >>> model = SparseHopfield(Xi, 1.0)
    >>> x = np.array([0.9, 0.5, -0.2])  # theta = x: support {0, 1}, tau = (0.9 + 0.5 - 1) / 2
    >>> model.retrieve(x).round(12).tolist(), int(model.support_size(x))
    ([0.7, 0.3, 0.0], 2)
    >>> p = np.array([0.7, 0.3, 0.0])  # the energy with the Gini conjugate written out
    >>> bool(np.isclose(model.energy(x), -(p @ x - 0.5 * (p @ p - 1)) + 0.5 * x @ x))
    True
    """

    def __init__(self, Xi, beta: float):
        super().__init__(Xi, beta, maps.GINI)


class EntmaxHopfield(_Hu2023Model):
    r""":math:`\alpha`-entmax modern Hopfield model.

    .. math::

        H_\beta(x)=-\beta^{-1}\Omega_\alpha^\star(\beta\Xi^\top x)+\tfrac12\lVert x\rVert^2,\qquad
        T(x)=\Xi\,\alpha\text{-entmax}(\beta\Xi^\top x),

    with the Tsallis negentropy :math:`\Omega_\alpha(p)=\frac{\sum_\mu p_\mu^\alpha-1}{\alpha(\alpha-1)}`
    on :math:`\Delta^M` (:func:`hoptheory.maps.tsallis`) and
    :math:`p^\star_\mu=[(\alpha-1)\theta_\mu-\tau]_+^{1/(\alpha-1)}`.

    Parameters
    ----------
    Xi, beta
        Patterns ``(d, M)`` as columns and the inverse temperature, as in :class:`HopfieldModel`.
    alpha : float
        Tsallis index, finite, :math:`\alpha>1`.  :math:`\alpha=2` is the sparse model (the
        family is :data:`hoptheory.maps.GINI`, exactly as :class:`SparseHopfield`).
        :math:`\alpha=1` is rejected: use :class:`DenseHopfield` (the Shannon limit).

    Notes
    -----
    Reference: Hu et al. 2023 (generalised sparse model, :math:`\alpha`-EntMax); Wu et al. 2024;
    Peters, Niculae & Martins 2019 (entmax); conventions §3-§4.

    Examples
    --------
    >>> import numpy as np
    >>> Xi = np.array([[0.8, 0.1, -0.3], [0.2, 0.9, 0.4]])
    >>> model, x = EntmaxHopfield(Xi, 3.0, 1.5), np.array([0.5, 0.1])
    >>> published = 3.0 * model.energy(x) + 0.5 * (1 - 3.0) * x @ x  # beta H + (1 - beta) |x|^2 / 2
    >>> bool(np.isclose(model.energy_published(x), published))
    True
    """

    def __init__(self, Xi, beta: float, alpha: float):
        if isinstance(alpha, (bool, np.bool_, str, bytes)):
            raise TypeError(f"alpha must be a real number > 1; got {type(alpha).__name__} {alpha!r}")
        try:
            alpha = check_alpha(alpha, allow_one=False)
        except ValueError as exc:
            if "alpha = 1" in str(exc):
                raise ValueError(
                    "EntmaxHopfield needs alpha > 1; alpha = 1 (softmax) is the dense model: "
                    "use DenseHopfield(Xi, beta)"
                ) from None
            raise
        super().__init__(Xi, beta, maps.tsallis(alpha))
        self.alpha = alpha
