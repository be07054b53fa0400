r"""Hu et al. 2023, memory capacity: the published Lambert bounds, Ramsauer's comparison, a certificate.

Every capacity formula here has the Lambert structure :math:`C=b/W_0(\exp\{a+\ln b\})` (the
positive root of :math:`b/C=a+\ln C`) and the bound :math:`\sqrt{p}\,C^{(d-1)/4}` on the number
of patterns.  The published sparse constants (and the dense ones as the paper compares them)
take the logarithm of :math:`2m(\sqrt p-1)/(R+\delta)<0`: they are ill-defined wherever their
hypotheses hold.  The derived exact-retrieval certificate gives a provable exponential capacity
for patterns i.i.d. uniform on a sphere.

Lambert W is evaluated as :math:`W_0(e^{y})` with the kit's ``wexp`` (no overflow of
:math:`e^{y}`).
"""

from __future__ import annotations

from fractions import Fraction

from .._hypotheses import greater_than, hypothesis
from .._kits import ArrayKit
from ._common import DERIVED, H_BETA, H_D2, H_M2, H_M_POS, H_P_FAIL, H_R_POS, PAPER, bound, constant

__all__ = [
    "lambert_capacity_constant",
    "capacity_a_published",
    "capacity_b_published",
    "capacity_constant_published",
    "capacity_lower_bound_published",
    "capacity_a_dense_as_quoted",
    "capacity_constant_dense_as_quoted",
    "capacity_lower_bound_dense_as_quoted",
    "ramsauer_capacity_constant",
    "ramsauer_capacity_lower_bound",
    "capacity_certificate_failure_probability",
    "capacity_certificate_patterns",
]



# --------------------------------------------------------------------------- the Lambert structure


def _lambert(F, a, b):
    r""":math:`b/W_0(\exp\{a+\ln b\})`, the positive root :math:`C` of :math:`b/C=a+\ln C`."""
    return F.div(b, F.wexp(a + F.log(b)))


def _patterns(F, p_fail, C, d):
    r""":math:`\sqrt{p}\,C^{(d-1)/4}`, the number of patterns a capacity constant admits."""
    return F.sqrt(p_fail) * F.pow(C, F.div(d - 1, 4))


@bound(
    hypotheses=(greater_than("b", 0, r"b>0"),),
    kind="value", form="derived",
    latex=r"C=\frac{b}{W_0(\exp\{a+\ln b\})}",
    source=f"{DERIVED}; the Lambert structure shared by hu2023/capacity and Ramsauer et al.'s Theorem 3: "
           "C is the unique positive root of b/C = a + ln C",
    example={"a": 1, "b": 2},
)
def lambert_capacity_constant(F, a, b):
    r"""Capacity constant :math:`C` as a function of its two constants :math:`a` and :math:`b` (principal branch).

    .. math::

        C=\frac{b}{W_0(\exp\{a+\ln b\})},\qquad\text{the positive root of}\ \frac{b}{C}=a+\ln C

    Examples
    --------
    >>> import math
    >>> C = float(lambert_capacity_constant(1.0, 2.0).value)
    >>> math.isclose(2.0 / C, 1.0 + math.log(C))
    True
    """
    return _lambert(F, a, b)


# --------------------------------------------------------------------------- the published sparse bound


def _capacity_a(F, d, m, p_fail, radius):
    r""":math:`\frac{4}{d-1}\{\ln[2m(\sqrt p-1)/\rho]+1\}` with :math:`\rho` = ``radius``."""
    return F.div(4, d - 1) * (F.log(F.div(2 * m * (F.sqrt(p_fail) - 1), radius)) + 1)


def _capacity_b(F, d, m, beta):
    return F.div(4 * m * m * beta, 5 * (d - 1))


def _capacity_c(F, beta, d, m, p_fail, radius):
    return _lambert(F, _capacity_a(F, d, m, p_fail, radius), _capacity_b(F, d, m, beta))


_H_R_DELTA = hypothesis("R + delta > 0", r"R+\delta>0", lambda xp, **p: p["R"] + p["delta"] > 0)
_SPARSE = (H_D2, H_M_POS, H_P_FAIL, H_R_POS, _H_R_DELTA)
_SPARSE_SOURCE = f"{PAPER}; memory capacity lower bound (label unconfirmed; the factor 4 vs 2, the '+1' and " \
                 "(sqrt p - 1) are unconfirmed); hu2023/capacity"
# no point satisfies the hypotheses where the published formulas are defined: the examples take R + delta < 0
_SPARSE_EXAMPLE = {"d": 20, "m": 1, "p_fail": Fraction(1, 100), "R": Fraction(3, 10), "delta": -1}


@bound(
    hypotheses=_SPARSE, kind="value",
    latex=r"a:=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\}",
    source=_SPARSE_SOURCE, example=_SPARSE_EXAMPLE,
)
def capacity_a_published(F, d, m, p_fail, R, delta):
    r"""Constant a of the published sparse capacity bound (ill-defined wherever its hypotheses hold).

    .. math::

        a=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\}

    Examples
    --------
    >>> import math
    >>> r = capacity_a_published(20, 1.0, 0.01, 0.3, 0.1)  # sqrt(p) - 1 < 0 < R + delta
    >>> bool(r.hypotheses_hold), bool(r.ill_defined), r.reasons_ill_defined()
    (True, True, ['log of a non-positive number'])
    >>> r = capacity_a_published(20, 1.0, 0.01, 0.3, -1.0)  # R + delta < 0: defined, a hypothesis fails
    >>> math.isclose(float(r.value), 4 / 19 * (math.log(2 * 1.0 * (0.1 - 1) / (0.3 - 1.0)) + 1))
    True
    """
    return _capacity_a(F, d, m, p_fail, R + delta)


@bound(
    hypotheses=(H_D2, H_M_POS, H_BETA), kind="value",
    latex=r"b:=\frac{4m^2\beta}{5(d-1)}",
    source=_SPARSE_SOURCE, example={"d": 20, "m": 1, "beta": 2},
)
def capacity_b_published(F, d, m, beta):
    r"""Constant b of the published sparse capacity bound (twice Ramsauer et al.'s b in package notation).

    .. math::

        b=\frac{4m^2\beta}{5(d-1)}

    Examples
    --------
    >>> import math
    >>> math.isclose(float(capacity_b_published(20, 1.5, 2.0).value), 4 * 1.5 ** 2 * 2.0 / (5 * 19))
    True
    """
    return _capacity_b(F, d, m, beta)


@bound(
    hypotheses=(H_BETA,) + _SPARSE, kind="value",
    latex=r"C=\frac{b}{W_0(\exp\{a+\ln b\})}",
    source=_SPARSE_SOURCE, example={"beta": 2, **_SPARSE_EXAMPLE},
)
def capacity_constant_published(F, beta, d, m, p_fail, R, delta):
    r"""Constant C of the published sparse capacity bound (ill-defined as printed, through a).

    .. math::

        C=\frac{b}{W_0(\exp\{a+\ln b\})},\quad
        a=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R+\delta}\right]+1\right\},\quad
        b=\frac{4m^2\beta}{5(d-1)}

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = 4 / 19 * (math.log(2 * 1.0 * (0.1 - 1) / (0.3 - 1.0)) + 1), 4 * 1.0 * 2.0 / (5 * 19)
    >>> r = capacity_constant_published(2.0, 20, 1.0, 0.01, 0.3, -1.0)  # R + delta < 0: defined
    >>> math.isclose(float(r.value), b / lambertw(math.exp(a + math.log(b))).real)
    True
    """
    return _capacity_c(F, beta, d, m, p_fail, R + delta)


@bound(
    hypotheses=(H_BETA,) + _SPARSE, kind="lower", trivial=constant(2.0), trivial_latex="2",
    latex=r"M\geq\sqrt{p}\,C^{(d-1)/4}",
    source=_SPARSE_SOURCE, example={"beta": 2, **_SPARSE_EXAMPLE},
)
def capacity_lower_bound_published(F, beta, d, m, p_fail, R, delta):
    r"""Published sparse memory-capacity lower bound (ill-defined as printed).

    .. math::

        M\geq\sqrt{p}\,C^{(d-1)/4}

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = 4 / 19 * (math.log(2 * 1.0 * (0.1 - 1) / (0.3 - 1.0)) + 1), 4 * 1.0 * 2.0 / (5 * 19)
    >>> C = b / lambertw(math.exp(a + math.log(b))).real
    >>> r = capacity_lower_bound_published(2.0, 20, 1.0, 0.01, 0.3, -1.0)  # R + delta < 0: defined
    >>> math.isclose(float(r.value), math.sqrt(0.01) * C ** (19 / 4))
    True
    """
    return _patterns(F, p_fail, _capacity_c(F, beta, d, m, p_fail, R + delta), d)


# --------------------------------------------------------------------------- the dense bound as compared

_DENSE = (H_D2, H_M_POS, H_P_FAIL, H_R_POS)
_DENSE_SOURCE = f"{PAPER}; dense capacity bound as compared in the capacity result (R in place of " \
                "R + delta; label unconfirmed); hu2023/capacity-vs-dense"
# ill-defined for every R > 0: the examples take R < 0
_DENSE_EXAMPLE = {"d": 20, "m": 1, "p_fail": Fraction(1, 100), "R": Fraction(-3, 10)}


@bound(
    hypotheses=_DENSE, kind="value",
    latex=r"a_{\rm Dense}:=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R}\right]+1\right\}",
    source=_DENSE_SOURCE, example=_DENSE_EXAMPLE,
)
def capacity_a_dense_as_quoted(F, d, m, p_fail, R):
    r"""Constant a of the dense capacity bound as the paper compares it (ill-defined for every p in (0, 1)).

    .. math::

        a_{\rm Dense}=\frac{4}{d-1}\left\{\ln\left[\frac{2m(\sqrt{p}-1)}{R}\right]+1\right\}

    Examples
    --------
    >>> import math
    >>> bool(capacity_a_dense_as_quoted(20, 1.0, 0.01, 0.3).ill_defined)
    True
    >>> r = capacity_a_dense_as_quoted(20, 1.0, 0.01, -0.3)  # R < 0: defined, a hypothesis fails
    >>> math.isclose(float(r.value), 4 / 19 * (math.log(2 * 1.0 * (0.1 - 1) / -0.3) + 1))
    True
    """
    return _capacity_a(F, d, m, p_fail, R)


@bound(
    hypotheses=(H_BETA,) + _DENSE, kind="value",
    latex=r"C_{\rm Dense}=\frac{b}{W_0(\exp\{a_{\rm Dense}+\ln b\})}",
    source=_DENSE_SOURCE, example={"beta": 2, **_DENSE_EXAMPLE},
)
def capacity_constant_dense_as_quoted(F, beta, d, m, p_fail, R):
    r"""Constant C of the dense capacity bound as the paper compares it (ill-defined).

    .. math::

        C_{\rm Dense}=\frac{b}{W_0(\exp\{a_{\rm Dense}+\ln b\})},\quad b=\frac{4m^2\beta}{5(d-1)}

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = 4 / 19 * (math.log(2 * 1.0 * (0.1 - 1) / -0.3) + 1), 4 * 1.0 * 2.0 / (5 * 19)
    >>> r = capacity_constant_dense_as_quoted(2.0, 20, 1.0, 0.01, -0.3)  # R < 0: defined
    >>> math.isclose(float(r.value), b / lambertw(math.exp(a + math.log(b))).real)
    True
    """
    return _capacity_c(F, beta, d, m, p_fail, R)


@bound(
    hypotheses=(H_BETA,) + _DENSE, kind="lower", trivial=constant(2.0), trivial_latex="2",
    latex=r"M_{\rm Dense}\geq\sqrt{p}\,C_{\rm Dense}^{(d-1)/4}",
    source=_DENSE_SOURCE, example={"beta": 2, **_DENSE_EXAMPLE},
)
def capacity_lower_bound_dense_as_quoted(F, beta, d, m, p_fail, R):
    r"""Dense capacity lower bound as the paper compares it (ill-defined).

    .. math::

        M_{\rm Dense}\geq\sqrt{p}\,C_{\rm Dense}^{(d-1)/4}

    Examples
    --------
    >>> import math
    >>> C = float(capacity_constant_dense_as_quoted(2.0, 20, 1.0, 0.01, -0.3).value)  # R < 0: defined
    >>> math.isclose(float(capacity_lower_bound_dense_as_quoted(2.0, 20, 1.0, 0.01, -0.3).value),
    ...              math.sqrt(0.01) * C ** ((20 - 1) / 4))
    True
    """
    return _patterns(F, p_fail, _capacity_c(F, beta, d, m, p_fail, R), d)


# --------------------------------------------------------------------------- Ramsauer et al. 2021, Theorem 3


def _ramsauer_c(F, beta, K, d, p_fail):
    a = F.div(2, d - 1) * (1 + F.log(2 * beta * K * K * p_fail * (d - 1)))
    return _lambert(F, a, 2 * K * K * beta * F.rational(1, 5))


def _ramsauer_requirement(xp, beta, K, d, p_fail):
    """c >= (2/sqrt p)^(4/(d-1)), evaluated on safe values outside the other hypotheses."""
    kit = ArrayKit(xp, tuple(beta.shape))
    ok = (d >= 2) & (p_fail > 0) & (p_fail < 1) & (K > 0) & (beta > 0)
    one = xp.ones_like(beta)
    sb, sK = xp.where(ok, beta, one), xp.where(ok, K, one)
    sd, sp = xp.where(ok, d, 2 * one), xp.where(ok, p_fail, one / 2)
    c = _ramsauer_c(kit, sb, sK, sd, sp)
    need = (2 / xp.sqrt(sp)) ** (4 / (sd - 1))
    return ok & (c >= need)


_RAMSAUER = (H_BETA, greater_than("K", 0, r"K>0"), H_D2, H_P_FAIL,
             hypothesis("c >= (2/sqrt(p))^(4/(d-1))", r"c\geq(2/\sqrt{p})^{4/(d-1)}", _ramsauer_requirement))
_RAMSAUER_SOURCE = "Ramsauer et al. 2021, Hopfield Networks is All You Need (ICLR 2021), Theorem 3, as compared " \
                   "in hu2023/capacity; published values c = 3.1546 (beta = 1, K = 3, d = 20, p = 0.001) and " \
                   "c = 1.3718 (beta = 1, K = 1, d = 75, p = 0.001)"
# the paper's first instance
_RAMSAUER_EXAMPLE = {"beta": 1, "K": 3, "d": 20, "p_fail": Fraction(1, 1000)}


@bound(
    hypotheses=_RAMSAUER, kind="value",
    latex=r"c=\frac{b}{W_0(\exp\{a+\ln b\})},\ a:=\frac{2}{d-1}\left(1+\ln(2\beta K^2p(d-1))\right),\ "
          r"b:=\frac{2K^2\beta}{5}",
    source=_RAMSAUER_SOURCE, example=_RAMSAUER_EXAMPLE,
)
def ramsauer_capacity_constant(F, beta, K, d, p_fail):
    r"""Ramsauer et al.'s dense capacity constant c (the comparison the sparse capacity result refers to).

    .. math::

        c=\frac{b}{W_0(\exp\{a+\ln b\})},\quad a=\frac{2}{d-1}\left(1+\ln(2\beta K^2p(d-1))\right),\quad
        b=\frac{2K^2\beta}{5}

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = 2 / 19 * (1 + math.log(2 * 1.0 * 3.0 ** 2 * 0.001 * 19)), 2 * 3.0 ** 2 * 1.0 / 5
    >>> c = float(ramsauer_capacity_constant(1.0, 3.0, 20, 0.001).value)
    >>> math.isclose(c, b / lambertw(math.exp(a + math.log(b))).real), math.floor(c * 1e4) / 1e4
    (True, 3.1546)
    """
    return _ramsauer_c(F, beta, K, d, p_fail)


@bound(
    hypotheses=_RAMSAUER, kind="lower", trivial=constant(2.0), trivial_latex="2",
    latex=r"N\geq\sqrt{p}\,c^{(d-1)/4}",
    source=_RAMSAUER_SOURCE, example=_RAMSAUER_EXAMPLE,
)
def ramsauer_capacity_lower_bound(F, beta, K, d, p_fail):
    r"""Ramsauer et al.'s dense capacity lower bound (patterns stored and retrieved with probability 1 - p).

    .. math::

        N\geq\sqrt{p}\,c^{(d-1)/4}

    Examples
    --------
    >>> import math
    >>> from scipy.special import lambertw
    >>> a, b = 2 / 19 * (1 + math.log(2 * 1.0 * 3.0 ** 2 * 0.001 * 19)), 2 * 3.0 ** 2 * 1.0 / 5
    >>> c = b / lambertw(math.exp(a + math.log(b))).real
    >>> r = ramsauer_capacity_lower_bound(1.0, 3.0, 20, 0.001)
    >>> math.isclose(float(r.value), math.sqrt(0.001) * c ** (19 / 4))
    True
    """
    return _patterns(F, p_fail, _ramsauer_c(F, beta, K, d, p_fail), d)


# --------------------------------------------------------------------------- the derived exact-retrieval certificate


def _certificate_incbeta(F, d, beta, m, r):
    r""":math:`I_{\sin^2\varphi^\star}((d-1)/2,1/2)` with :math:`1-\cos\varphi^\star=u=(\beta^{-1}+2mr)/m^2`."""
    u = F.div(F.div(1, beta) + 2 * m * r, m * m)
    return F.betainc(F.div(d - 1, 2), F.rational(1, 2), u * (2 - u))  # sin^2 = 1 - (1 - u)^2 = u (2 - u)


_H_ANGLE = hypothesis("1/beta + 2 m r <= m^2 (phi* <= pi/2)", r"\beta^{-1}+2mr\leq m^2",
                      lambda xp, beta, m, r, **_: (beta > 0) & (m * m * beta >= 1 + 2 * m * r * beta))
_CERTIFICATE_SOURCE = f"{DERIVED}; provable exponential capacity statement for the sparse model (exact one-step " \
                      "retrieval certificate) in hu2023/capacity; patterns i.i.d. uniform on the sphere of radius m"


@bound(
    hypotheses=(H_M2, H_D2, H_BETA, H_M_POS, greater_than("r", 0, r"r>0"), _H_ANGLE),
    trivial=constant(1.0), trivial_latex="1", form="derived",
    latex=r"\Pr[\mathrm{some}\ \xi_\mu\ \mathrm{not\ certified}]\leq\frac{M(M-1)}{4}"
          r"I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac{1}{2}\right),\ "
          r"\cos\varphi^\star=1-\frac{\beta^{-1}+2mr}{m^2}",
    source=_CERTIFICATE_SOURCE,
    example={"M": 10, "d": 20, "beta": 4, "m": 1, "r": Fraction(1, 8)},
)
def capacity_certificate_failure_probability(F, M, d, beta, m, r):
    r"""Union bound on the probability that some pattern fails the exact-retrieval certificate.

    .. math::

        \Pr\big[\exists\mu:\ T_{\rm sparse}(S_\mu(r))\neq\{\xi_\mu\}\big]\leq\frac{M(M-1)}{4}
        I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac12\right),\qquad
        \cos\varphi^\star=1-\frac{\beta^{-1}+2mr}{m^2}

    The certificate is :math:`\Delta_\mu\geq\beta^{-1}+2mr` (with disjoint balls and fixed
    points); a pair of patterns violates it when their angle is below :math:`\varphi^\star`, which
    has probability :math:`\tfrac12 I_{\sin^2\varphi^\star}((d-1)/2,1/2)`.

    Examples
    --------
    >>> import math
    >>> from scipy.special import betainc
    >>> u = (1 / 4.0 + 2 * 1.0 * 0.125) / 1.0 ** 2
    >>> naive = 10 * 9 / 4 * betainc((20 - 1) / 2, 0.5, 1 - (1 - u) ** 2)
    >>> math.isclose(float(capacity_certificate_failure_probability(10, 20, 4.0, 1.0, 0.125).value), naive)
    True
    """
    return M * (M - 1) * _certificate_incbeta(F, d, beta, m, r) * F.rational(1, 4)


@bound(
    hypotheses=(H_D2, H_BETA, H_M_POS, greater_than("r", 0, r"r>0"), H_P_FAIL, _H_ANGLE),
    kind="lower", trivial=constant(2.0), trivial_latex="2", form="derived",
    latex=r"M(M-1)I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac{1}{2}\right)\leq 4p_{\rm f}"
          r"\Leftrightarrow M\leq\frac{1}{2}\left(1+\sqrt{1+\frac{16p_{\rm f}}{I_{\sin^2\varphi^\star}}}\right)",
    source=_CERTIFICATE_SOURCE,
    example={"d": 20, "beta": 4, "m": 1, "r": Fraction(1, 8), "p_fail": Fraction(1, 100)},
)
def capacity_certificate_patterns(F, d, beta, m, r, p_fail):
    r"""Real root bounding the number of patterns the exact-retrieval certificate admits.

    .. math::

        M(M-1)I_{\sin^2\varphi^\star}\left(\frac{d-1}{2},\frac12\right)\leq 4p_{\rm f}
        \iff M\leq\frac12\left(1+\sqrt{1+\frac{16p_{\rm f}}{I_{\sin^2\varphi^\star}}}\right)

    The largest admissible integer :math:`M` is the floor of the value.

    Examples
    --------
    >>> import math
    >>> from scipy.special import betainc
    >>> u = (1 / 4.0 + 2 * 1.0 * 0.125) / 1.0 ** 2
    >>> inc = betainc((20 - 1) / 2, 0.5, 1 - (1 - u) ** 2)
    >>> r = capacity_certificate_patterns(20, 4.0, 1.0, 0.125, 0.01)
    >>> math.isclose(float(r.value), (1 + math.sqrt(1 + 16 * 0.01 / inc)) / 2)
    True
    """
    inc = _certificate_incbeta(F, d, beta, m, r)
    return (1 + F.sqrt(1 + F.div(16 * p_fail, inc))) * F.rational(1, 2)
