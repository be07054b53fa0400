"""Tests of the spherical codes of hoptheory.sampling: known codes, minimal angle, optimiser.

Oracles are independent of the implementation: exact inner products of the known codes
(closed forms), the published Tammes angles (Conway & Sloane; Robinson for the snub cube), the
snub cube rebuilt in mpmath at 50 digits, and explicit double loops in mpmath for minimal angles,
separations and the uniformity loss.
"""

from __future__ import annotations

import doctest
import itertools
import math

import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hoptheory.sampling._codes as codes_module
from hoptheory.backend import get_namespace, to_numpy
from hoptheory.sampling import TAMMES_ANGLES_DEGREES, icosahedron_code, min_separation_unit, minimal_angle
from hoptheory.sampling import optimise_code, orthoplex_code, simplex_code, sphere, tammes_code, uniformity_loss

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                      max_examples=25)

# published optima (Conway & Sloane 1999, ch. 1 §2.3; Robinson 1961), degrees
GOLDEN_DEGREES = {4: 109.4712206, 5: 90.0, 6: 90.0, 12: 63.4349488, 24: 43.6907671}


def _gram(U) -> np.ndarray:
    A = to_numpy(U).astype(np.float64)
    return A.T @ A


def _angle_loop(U) -> mpmath.mpf:
    """min over pairs of the angle between the columns, at 40 digits (double loop)."""
    A = to_numpy(U).astype(np.float64)
    d, M = A.shape
    best = mpmath.inf
    with mpmath.workdps(40):
        cols = [[mpmath.mpf(float(A[k, i])) for k in range(d)] for i in range(M)]
        for i in range(M):
            for j in range(M):
                if i == j:
                    continue
                a, b = cols[i], cols[j]
                dot = mpmath.fsum(x * y for x, y in zip(a, b))
                na = mpmath.sqrt(mpmath.fsum(x * x for x in a))
                nb = mpmath.sqrt(mpmath.fsum(y * y for y in b))
                cross = mpmath.sqrt(max(na * na * nb * nb - dot * dot, mpmath.mpf(0)))
                best = min(best, mpmath.atan2(cross, dot))
    return best


# --------------------------------------------------------------------------- known codes


@pytest.mark.parametrize("d", [1, 2, 3, 4, 7, 12])
def test_simplex_inner_products(xp, d):
    U = simplex_code(d, xp=xp)
    assert get_namespace(U) is xp and tuple(U.shape) == (d, d + 1) and U.dtype == xp.float64
    G = _gram(U)
    expected = np.full((d + 1, d + 1), -1.0 / d)
    np.fill_diagonal(expected, 1.0)
    np.testing.assert_allclose(G, expected, atol=4e-16 * d, rtol=0)
    np.testing.assert_allclose(to_numpy(U).sum(axis=1), 0.0, atol=1e-15 * d)


@pytest.mark.parametrize("d", [1, 2, 3, 5, 9])
def test_orthoplex_inner_products(xp, d):
    U = orthoplex_code(d, xp=xp)
    assert tuple(U.shape) == (d, 2 * d)
    G = _gram(U)
    for i, j in itertools.product(range(2 * d), repeat=2):
        want = 1.0 if i == j else (-1.0 if abs(i - j) == d else 0.0)
        assert G[i, j] == want  # exact: the entries are 0 and ±1


def test_icosahedron_inner_products(xp):
    U = icosahedron_code(xp=xp)
    assert tuple(U.shape) == (3, 12)
    G = _gram(U)
    off = G[~np.eye(12, dtype=bool)]
    targets = np.array([1 / math.sqrt(5), -1 / math.sqrt(5), -1.0])
    assert np.all(np.min(np.abs(off[:, None] - targets[None, :]), axis=1) < 1e-15)
    # each vertex has 5 neighbours at the minimal angle and one antipode
    assert all(int(np.sum(np.abs(G[i] - 1 / math.sqrt(5)) < 1e-12)) == 5 for i in range(12))
    assert math.degrees(minimal_angle(U)) == pytest.approx(63.4349488, abs=5e-8)
    assert minimal_angle(U) == pytest.approx(math.acos(1 / math.sqrt(5)), abs=1e-15)


@pytest.mark.parametrize("M", sorted(GOLDEN_DEGREES))
def test_tammes_codes_reach_the_published_angles(xp, M):
    U = tammes_code(M, xp=xp)
    assert tuple(U.shape) == (3, M)
    np.testing.assert_allclose(np.linalg.norm(to_numpy(U), axis=0), 1.0, rtol=4e-16)
    assert math.degrees(minimal_angle(U)) == pytest.approx(GOLDEN_DEGREES[M], abs=5e-8)
    assert TAMMES_ANGLES_DEGREES == GOLDEN_DEGREES


def test_snub_cube_against_a_50_digit_construction():
    """The snub cube rebuilt in mpmath from the tribonacci root: same points, same minimal angle."""
    with mpmath.workdps(50):
        t = mpmath.findroot(lambda x: x**3 - x**2 - x - 1, 1.8)
        base = [mpmath.mpf(1), 1 / t, t]
        pts = []
        for signs in itertools.product((1, -1), repeat=3):
            plus = sum(s > 0 for s in signs)
            perms = [(0, 1, 2), (1, 2, 0), (2, 0, 1)] if plus % 2 == 0 else [(0, 2, 1), (2, 1, 0), (1, 0, 2)]
            for p in perms:
                v = [s * base[k] for s, k in zip(signs, p)]
                n = mpmath.sqrt(mpmath.fsum(x * x for x in v))
                pts.append([x / n for x in v])
        cos_max = max(mpmath.fsum(a * b for a, b in zip(pts[i], pts[j]))
                      for i in range(24) for j in range(24) if i != j)
        angle = mpmath.acos(cos_max)
    U = to_numpy(tammes_code(24))
    np.testing.assert_allclose(U, np.array([[float(x) for x in p] for p in pts]).T, atol=2e-16)
    assert abs(minimal_angle(U) - float(angle)) < 1e-14
    assert abs(float(mpmath.degrees(angle)) - 43.6907671) < 5e-8
    G = U.T @ U
    np.fill_diagonal(G, -2)
    assert all(int(np.sum(G[i] > float(cos_max) - 1e-12)) == 5 for i in range(24))  # degree 5


def test_known_codes_dtype_and_bad_sizes(xp):
    assert simplex_code(3, xp=xp, dtype=xp.float32).dtype == xp.float32
    with pytest.raises(ValueError, match="proven optima"):
        tammes_code(7)
    with pytest.raises(TypeError):
        simplex_code(3.0)
    with pytest.raises(ValueError):
        orthoplex_code(0)


# --------------------------------------------------------------------------- minimal angle


@fixture_ok
@given(d=st.integers(1, 6), M=st.integers(2, 12), seed=st.integers(0, 2**32 - 1),
       scale=st.floats(1e-3, 1e3), near=st.booleans())
def test_minimal_angle_matches_a_double_loop(xp, d, M, seed, scale, near):
    U = np.array(to_numpy(sphere(d, M, seed=seed)))
    if near:  # a near-duplicate direction, where arccos of the inner product loses digits
        U[:, 1] = U[:, 0] + 1e-9 * np.roll(U[:, 0], 1)
    U = U * scale * (1.0 + np.arange(M))  # columns of any norm: only directions count
    Ux = xp.asarray(U)
    oracle = _angle_loop(U)
    assert minimal_angle(Ux) == pytest.approx(float(oracle), rel=1e-12, abs=1e-15)
    assert min_separation_unit(Ux) == pytest.approx(float(1 - mpmath.cos(oracle)), rel=1e-10, abs=1e-17)


def test_blocks_and_the_candidate_cap_do_not_change_the_result(xp, monkeypatch):
    U = xp.asarray(to_numpy(sphere(5, 60, seed=3)))
    full = (minimal_angle(U), min_separation_unit(U))
    O = orthoplex_code(4, xp=xp)  # 8 points: every non-antipodal pair ties at 90 degrees
    monkeypatch.setattr(codes_module, "_BLOCK_ELEMENTS", 7)  # 1-row blocks, at most 1 candidate each
    assert (minimal_angle(U), min_separation_unit(U)) == pytest.approx(full, rel=1e-14)
    assert minimal_angle(O) == math.pi / 2 and min_separation_unit(O) == 1.0
    assert minimal_angle(U) == pytest.approx(float(_angle_loop(U)), rel=1e-12)


def test_minimal_angle_edge_cases(xp):
    assert minimal_angle(xp.asarray([[1.0], [0.0]])) == math.inf
    assert min_separation_unit(xp.asarray([[1.0], [0.0]])) == math.inf
    assert minimal_angle(xp.asarray([[1.0, -2.0], [0.0, 0.0]])) == math.pi  # antipodal
    assert minimal_angle(xp.asarray([[1.0, 3.0], [0.0, 0.0]])) == 0.0  # same direction
    assert minimal_angle(xp.asarray([[1.0, 3.0], [1.0, 3.0]])) <= 4 * np.finfo(np.float64).eps  # to rounding
    with pytest.raises(ValueError, match="zero column"):
        minimal_angle(xp.asarray([[1.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(TypeError):
        minimal_angle(np.array([[1, 0], [0, 1]]))
    with pytest.raises(ValueError):
        minimal_angle(xp.asarray([1.0, 0.0]))


# --------------------------------------------------------------------------- uniformity loss


@fixture_ok
@given(d=st.integers(2, 5), M=st.integers(2, 9), seed=st.integers(0, 2**32 - 1), t=st.floats(0.1, 50.0))
def test_uniformity_loss_matches_a_loop(xp, d, M, seed, t):
    U = to_numpy(sphere(d, M, seed=seed))
    with mpmath.workdps(30):
        terms = [mpmath.exp(-t * mpmath.fsum((mpmath.mpf(float(a)) - float(b)) ** 2 for a, b in zip(U[:, i], U[:, j])))
                 for i in range(M) for j in range(i + 1, M)]
        oracle = mpmath.log(mpmath.fsum(terms) / len(terms))
    L = uniformity_loss(xp.asarray(U), t)
    assert L == pytest.approx(float(oracle), rel=1e-12, abs=1e-12)
    Dmin = 2 * min_separation_unit(xp.asarray(U))
    assert -t * Dmin - math.log(M * (M - 1) / 2) - 1e-12 <= L <= -t * Dmin + 1e-12


def test_uniformity_loss_blocked(monkeypatch):
    U = sphere(4, 30, seed=5)
    full = uniformity_loss(U, 3.0)
    monkeypatch.setattr(codes_module, "_BLOCK_ELEMENTS", 45)
    assert uniformity_loss(U, 3.0) == pytest.approx(full, rel=1e-14)
    with pytest.raises(ValueError, match="M >= 2"):
        uniformity_loss(U[:, :1])


# --------------------------------------------------------------------------- optimiser


def test_optimise_code_is_reproducible_by_seed(xp):
    a = optimise_code(3, 7, seed=11, steps=300, xp=xp)
    b = optimise_code(3, 7, seed=11, steps=300, xp=xp)
    c = optimise_code(3, 7, seed=12, steps=300, xp=xp)
    assert get_namespace(a) is xp and tuple(a.shape) == (3, 7)
    np.testing.assert_array_equal(to_numpy(a), to_numpy(b))
    assert not np.allclose(to_numpy(a), to_numpy(c))
    np.testing.assert_allclose(np.linalg.norm(to_numpy(a), axis=0), 1.0, rtol=1e-15)
    # steps=0 returns the seeded start
    np.testing.assert_array_equal(to_numpy(optimise_code(3, 7, seed=11, steps=0, xp=xp)),
                                  to_numpy(sphere(3, 7, seed=11, xp=xp)))
    assert optimise_code(3, 7, seed=11, steps=5, xp=xp, dtype=xp.float32).dtype == xp.float32


def test_optimise_code_increases_the_minimal_angle_and_lowers_the_loss():
    start, end = sphere(4, 15, seed=2), optimise_code(4, 15, seed=2, steps=400)
    assert minimal_angle(end) > minimal_angle(start)
    assert uniformity_loss(end, 2.0) < uniformity_loss(start, 2.0)


_TARGETS = [(3, M, math.radians(GOLDEN_DEGREES[M])) for M in (4, 5, 6, 12, 24)] + [
    (d, d + 1, math.acos(-1.0 / d)) for d in (4, 5)] + [(d, 2 * d, math.pi / 2) for d in (4, 5)]


@pytest.mark.parametrize("d, M, optimum", _TARGETS, ids=[f"d{d}-M{M}" for d, M, _ in _TARGETS])
def test_optimise_code_reaches_the_known_optima(xp, d, M, optimum):
    angle = minimal_angle(optimise_code(d, M, seed=0, xp=xp))
    assert 0.99 * optimum <= angle <= optimum * (1 + 1e-12)


def test_optimise_code_bad_input():
    with pytest.raises(ValueError, match="steps"):
        optimise_code(3, 4, seed=0, steps=-1)
    with pytest.raises(TypeError):
        optimise_code(3, 4, seed=-0.5)
    with pytest.raises(ValueError):
        optimise_code(3, 4, seed=0, t_end=0.0)
    assert tuple(optimise_code(3, 1, seed=0).shape) == (3, 1)


def test_docstring_examples():
    assert doctest.testmod(codes_module).failed == 0
