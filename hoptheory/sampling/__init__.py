"""Seeded pattern and query generators on any array backend (conventions §7).

Patterns are columns of a ``(d, M)`` array; queries are ``(d,)`` or ``(d, n)``.

* :func:`sphere`: i.i.d. uniform on the sphere of radius ``m``.
* :func:`gaussian`: i.i.d. Gaussian entries.
* :func:`binary`: i.i.d. ±1 entries.
* :func:`separated`: on the sphere with prescribed minimal separation Δ_min ≥ δ;
  :func:`separation_upper_bound` is the necessary condition it checks.
* :func:`ball`: uniform in the closed ball S_μ(r) around a pattern (default r = R).
* :func:`add_noise`: additive Gaussian noise.
* Spherical codes (unit columns): :func:`simplex_code`, :func:`orthoplex_code`,
  :func:`icosahedron_code`, :func:`tammes_code` (published angles :data:`TAMMES_ANGLES_DEGREES`),
  :func:`optimise_code`; :func:`minimal_angle`, :func:`min_separation_unit`,
  :func:`uniformity_loss`.

On NumPy and ``array-api-strict`` one seed gives the same numbers (drawn with
``numpy.random.default_rng`` on the host); on CuPy they are drawn on the device.
"""

from hoptheory.sampling._generators import (
    add_noise,
    ball,
    binary,
    gaussian,
    separated,
    separation_upper_bound,
    sphere,
)
from hoptheory.sampling._codes import (
    TAMMES_ANGLES_DEGREES,
    icosahedron_code,
    min_separation_unit,
    minimal_angle,
    optimise_code,
    orthoplex_code,
    simplex_code,
    tammes_code,
    uniformity_loss,
)

__all__ = [
    "add_noise",
    "ball",
    "binary",
    "gaussian",
    "icosahedron_code",
    "min_separation_unit",
    "minimal_angle",
    "optimise_code",
    "orthoplex_code",
    "separated",
    "separation_upper_bound",
    "simplex_code",
    "sphere",
    "TAMMES_ANGLES_DEGREES",
    "tammes_code",
    "uniformity_loss",
]
