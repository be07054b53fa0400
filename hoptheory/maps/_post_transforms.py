r"""Post-transforms of a Hopfield–Fenchel–Young update: gradients :math:`\nabla\Upsilon^\star` of convex
:math:`\Upsilon` (the CCCP step :math:`x_{t+1}=\nabla\Upsilon^\star(\Xi\hat y_\Omega(\beta\Xi^\top x_t))`)."""

from __future__ import annotations

from typing import Any

from ..backend import as_float_array, get_namespace

__all__ = ["ball_post_transform", "layer_norm_post_transform"]


def ball_post_transform(v: Any, rho: float):
    r"""Gradient of the conjugate of :math:`\Upsilon=\tfrac12\lVert\cdot\rVert^2+\iota_{\{\lVert y\rVert\le\rho\}}`.

    .. math::

        \nabla\Upsilon^\star(v)=\operatorname*{arg\,min}_{\lVert y\rVert\le\rho}\tfrac12\lVert y\rVert^2-\langle y,v\rangle
        =v\,\min\bigl(1,\rho/\lVert v\rVert\bigr)

    Parameters
    ----------
    v : array, shape (d,) or (d, N)
        One vector, or N vectors as columns.
    rho : float
        Radius :math:`\rho>0`.

    Returns
    -------
    y : array, shape of ``v``
        The projection of ``v`` onto the ball of radius ``rho`` (an :math:`\ell_2`-normalising step).

    References
    ----------
    .. [1] S. Santos et al., "Hopfield–Fenchel–Young Networks", arXiv:2411.08590.

    Examples
    --------
    >>> import numpy as np
    >>> ball_post_transform(np.array([3.0, 4.0]), 1.0)
    array([0.6, 0.8])
    """
    if not rho > 0:
        raise ValueError(f"rho must be > 0; got {rho!r}")
    xp = get_namespace(v)
    v = as_float_array(v, "v", xp=xp)
    n = xp.sqrt(xp.sum(v * v, axis=0))
    scale = xp.where(n > rho, rho / xp.where(n > 0, n, 1.0), 1.0)
    return v * scale


def layer_norm_post_transform(v: Any):
    r"""Gradient of the conjugate of :math:`\Upsilon=\iota_C`, :math:`C=\{y:\mathbf 1^\top y=0,\ \lVert y\rVert\le\sqrt d\}`.

    .. math::

        \nabla\Upsilon^\star(v)=\operatorname*{arg\,max}_{y\in C}\langle y,v\rangle
        =\sqrt d\,\frac{v-\bar v\mathbf 1}{\lVert v-\bar v\mathbf 1\rVert}

    (layer normalisation without affine parameters).

    Parameters
    ----------
    v : array, shape (d,) or (d, N)
        Non-constant vector(s), as columns.

    Returns
    -------
    y : array, shape of ``v``

    Raises
    ------
    ValueError
        If a column of ``v`` is constant (the maximiser is then not unique).

    References
    ----------
    .. [1] S. Santos et al., "Hopfield–Fenchel–Young Networks", arXiv:2411.08590: layer
       normalisation as a post-transformation.

    Examples
    --------
    >>> import numpy as np
    >>> layer_norm_post_transform(np.array([1.0, 3.0]))
    array([-1.,  1.])
    """
    xp = get_namespace(v)
    v = as_float_array(v, "v", xp=xp)
    d = v.shape[0]
    c = v - xp.mean(v, axis=0)
    n = xp.sqrt(xp.sum(c * c, axis=0))
    if bool(xp.any(n == 0)):
        raise ValueError("layer_norm_post_transform needs non-constant columns")
    return (float(d) ** 0.5) * c / n
