"""Energies and dynamics: symbolic identities and numeric twins against hoptheory.models."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from hoptheory.backend import backend_name, get_namespace, to_numpy, tolerance
from hoptheory.symbolic import (
    Gini,
    Shannon,
    Tsallis,
    cccp_step,
    energy,
    one_step_attention,
    published_energy,
    retrieval_map,
)

models = pytest.importorskip("hoptheory.models")

FAMILIES = {
    "dense": (Shannon(), lambda Xi, b: models.DenseHopfield(Xi, b)),
    "sparse": (Gini(), lambda Xi, b: models.SparseHopfield(Xi, b)),
    "entmax-3/2": (Tsallis("3/2"), lambda Xi, b: models.EntmaxHopfield(Xi, b, 1.5)),
}
SIZES = [(3, 2), (2, 3)]  # d != M


def _derivations(fam, d, M, _cache={}):
    key = (fam, d, M)
    if key not in _cache:
        om = FAMILIES[fam][0]
        _cache[key] = (energy(om, d, M), retrieval_map(om, d, M), published_energy(om, d, M))
    return _cache[key]


@pytest.mark.parametrize("fam", list(FAMILIES))
@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), size=st.sampled_from(SIZES), logbeta=st.floats(-2, 2), N=st.integers(1, 4))
def test_numeric_twins_match_models(fam, seed, size, logbeta, N):
    d, M = size
    if fam != "sparse":
        d, M = SIZES[0]  # keep the symbolic builds few; the sparse family covers both sizes
    rng = np.random.default_rng(seed)
    Xi = rng.standard_normal((d, M))
    x = rng.standard_normal((d, N))
    beta = 10.0**logbeta
    E, T, Hp = _derivations(fam, d, M)
    model = FAMILIES[fam][1](Xi, beta)
    tol = tolerance(np.float64, "default")
    assert np.allclose(E.numeric(Xi, x, beta), to_numpy(model.energy(x)), rtol=1e-10, atol=1e-10)
    assert np.allclose(T.numeric(Xi, x, beta), to_numpy(model.retrieve(x)), rtol=1e-9, atol=1e-10)
    if fam != "dense":  # the dense model's published energy is Ramsauer's (with constants)
        assert np.allclose(Hp.numeric(Xi, x, beta), to_numpy(model.energy_published(x)), rtol=1e-10, atol=1e-9)
    # H_pub = beta H_beta + (1 - beta) |x|^2 / 2
    rel = beta * E.numeric(Xi, x, beta) + 0.5 * (1 - beta) * np.sum(x * x, axis=0)
    assert np.allclose(Hp.numeric(Xi, x, beta), rel, rtol=1e-10, atol=1e-9)
    # gradients by central differences: grad H = x - T(x), grad H_pub = x - beta T(x)
    h = 1e-5
    fd = tolerance(np.float64, "fd")
    x0 = x[:, 0]
    gH = np.array([(E.numeric(Xi, x0 + h * e, beta) - E.numeric(Xi, x0 - h * e, beta)) / (2 * h) for e in np.eye(d)])
    gP = np.array([(Hp.numeric(Xi, x0 + h * e, beta) - Hp.numeric(Xi, x0 - h * e, beta)) / (2 * h) for e in np.eye(d)])
    Tx = T.numeric(Xi, x0, beta)
    assert np.allclose(gH, x0 - Tx, atol=fd.atol * (1 + beta), rtol=fd.rtol)
    assert np.allclose(gP, x0 - beta * Tx, atol=fd.atol * (1 + beta) ** 2, rtol=fd.rtol)
    del tol


def test_backends_and_shapes(xp):
    rng = np.random.default_rng(1)
    Xi = xp.asarray(rng.standard_normal((3, 2)))
    x = xp.asarray(rng.standard_normal((3, 5)))
    E, T, _ = _derivations("sparse", 3, 2)
    H = E.numeric(Xi, x, 0.7)
    Tx = T.numeric(Xi, x, 0.7)
    assert backend_name(get_namespace(H)) == backend_name(xp) and tuple(H.shape) == (5,)
    assert backend_name(get_namespace(Tx)) == backend_name(xp) and tuple(Tx.shape) == (3, 5)
    assert tuple(T.numeric(Xi, x[:, 0], 0.7).shape) == (3,)
    with pytest.raises(ValueError, match="shape"):
        E.numeric(Xi, xp.asarray(rng.standard_normal((2,))), 1.0)
    with pytest.raises(ValueError):
        E.numeric(Xi, x, -1.0)


@pytest.mark.parametrize("om", [Gini(), Shannon(), Tsallis("3/2")], ids=["gini", "shannon", "tsallis32"])
def test_symbolic_energy_identities(om):
    assert energy(om, 3, 2).check().holds
    res = published_energy(om, 3, 2).check()
    assert res.holds, res.detail
    assert "beta" in published_energy(om, 3, 2).extra["reason"]
    c = cccp_step(om, 3, 2)
    assert c.check().holds
    att = one_step_attention(om, 1, 2, 3, 4)  # L, M, d, d_v pairwise distinct
    assert att.check().holds
    assert tuple(att.expr.shape) == (1, 4)


def test_symbolic_energy_equals_numeric():
    E, T, Hp = _derivations("sparse", 3, 2)
    rng = np.random.default_rng(5)
    Xi = rng.standard_normal((3, 2))
    x = rng.standard_normal(3)
    beta = 1.3
    sub = {E.symbols["beta"]: sp.Float(beta, 30)}
    sub.update({E.symbols["Xi"][i, m]: sp.Float(Xi[i, m], 30) for i in range(3) for m in range(2)})
    sub.update({E.symbols["x"][i]: sp.Float(x[i], 30) for i in range(3)})
    assert abs(float(E.expr.xreplace(sub)) - float(E.numeric(Xi, x, beta))) < 1e-12
    Tv = np.array([float(e.xreplace(sub)) for e in T.expr])
    assert np.allclose(Tv, T.numeric(Xi, x, beta), atol=1e-12)
    assert abs(float(Hp.expr.xreplace(sub)) - float(Hp.numeric(Xi, x, beta))) < 1e-12
    assert "beta" in E.latex() or "\\beta" in E.latex()


def test_published_energy_is_not_stationary_at_fixed_points():
    """hu2023/sparse-energy: at a fixed point x* of T with beta != 1, grad H_pub = (1 - beta) x* != 0."""
    rng = np.random.default_rng(2)
    Xi = rng.standard_normal((3, 2))
    beta = 3.0
    E, T, Hp = _derivations("sparse", 3, 2)
    x = Xi[:, 0] + 0.01
    for _ in range(50):
        x = T.numeric(Xi, x, beta)
    assert np.linalg.norm(T.numeric(Xi, x, beta) - x) < 1e-12
    grad_pub = x - beta * T.numeric(Xi, x, beta)
    assert np.allclose(grad_pub, (1 - beta) * x, atol=1e-12)
    assert np.linalg.norm(grad_pub) > 0.1


@pytest.mark.parametrize("d,M", [(2, 2), (2, 3), (3, 3)])
def test_tsallis_energy_identities_exact_for_small_M(d, M):
    """Tsallis 3/2: grad H = x - T(x) on every region of the 'all' chamber, proved exactly."""
    res = energy(Tsallis("3/2"), d, M).check()
    assert res.holds and res.method == "symbolic", res.detail
    assert len(res.per_piece) == 2**M - 1 and all(res.per_piece.values())
    assert published_energy(Tsallis("3/2"), d, M).check().holds


def test_energy_identity_check_can_fail():
    import copy

    from hoptheory.symbolic._conjugate import Piece
    from hoptheory.symbolic._energy import _check_energy_gradient, _hopfield_symbols

    conj = copy.copy(energy(Tsallis("3/2"), 2, 2).conjugate)
    S = (1, 2)
    pc = conj.pieces[S]
    conj.pieces = dict(conj.pieces)
    conj.pieces[S] = Piece(pc.expression + conj.variables[0] ** 2 / 1000, pc.region, pc.tau)
    Xi, x, beta = _hopfield_symbols(2, 2)
    res = _check_energy_gradient(conj, Xi, x, beta, 1 / beta, sp.Integer(1))
    assert not res.holds and not res.per_piece[S] and res.per_piece[(1,)]
