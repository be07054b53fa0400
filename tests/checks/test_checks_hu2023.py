"""The hu2023 search families do what their docstrings say: each is a place where a claim fails or is tight."""

import numpy as np
import pytest

from hoptheory import models
from hoptheory.bounds import hu2023 as B
from proofs_checks import PROFILES, Context
from proofs_checks._oracles import mp_error, mp_grad
from proofs_checks.hu2023 import _common as C
from proofs_checks.hu2023 import capacity as K
from proofs_checks.hu2023 import sparse_dynamics as S


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fan_family_puts_the_sparse_error_above_the_dense_one(seed):
    """hu2023/retrieval-error-vs-dense: on the fan the sparse error exceeds the dense one by a factor >= 1.18."""
    for f in C._fan_family(np.random.default_rng(seed), 6):
        R = models.separation_radius(f.Xi)
        assert C._in_ball(f.Xi, f.x, f.mu, R)
        sparse = float(mp_error(f.Xi, f.x, f.beta, f.mu, "sparsemax"))
        dense = float(mp_error(f.Xi, f.x, f.beta, f.mu, "softmax"))
        assert sparse >= 1.18 * dense, (sparse, dense)


@pytest.mark.parametrize("seed", [1, 2])
def test_overshoot_family_raises_the_printed_energy(seed):
    """hu2023/sparse-dynamics-monotone: H_pub(T x) - H_pub(x) = |xi_mu|^2 (c - 1)(beta - (c + 1)/2) > 0."""
    members = C._overshoot_family(np.random.default_rng(seed), 5)
    assert members
    for f in members:
        model = models.SparseHopfield(f.Xi, f.beta)
        rise = float(model.energy_published(model.retrieve(f.x))) - float(model.energy_published(f.x))
        c = float(f.x @ f.Xi[:, f.mu]) / float(f.Xi[:, f.mu] @ f.Xi[:, f.mu])
        predicted = float(f.Xi[:, f.mu] @ f.Xi[:, f.mu]) * (c - 1) * (f.beta - (c + 1) / 2)
        assert rise > 0 and rise == pytest.approx(predicted, rel=1e-9)


def test_fixed_point_family_ends_where_the_printed_energy_is_not_stationary():
    """hu2023/sparse-energy: at the fixed point reached, grad H_pub = (1 - beta) x* != 0."""
    ctx = Context(profile=PROFILES["quick"], seed=1, claim_id="hu2023/sparse-energy")
    for inst, lsc in S._fixed_point_family(ctx.rng("fixed-point"), 4):
        built = C._gaussian_setup((inst, lsc), np, 5)
        o = S._fixed_point_obs(np, "test", *built)
        assert o.applicable and o.lhs > o.rhs
        g = mp_grad(o.inputs["Xi"], o.inputs["x"], inst.beta, "sparsemax", published=True)
        np.testing.assert_allclose(g, (1 - inst.beta) * o.inputs["x"], atol=1e-6 * (1 + np.linalg.norm(g)))


def test_antipodal_threshold_family_satisfies_condition_2_with_an_error_above_half_the_radius():
    """hu2023/well-separation: (2) with delta(x) holds and the error is in (r/2, r]."""
    for f in K._antipodal_threshold_family(np.random.default_rng(4), 6):
        delta = B.retrieval_error_delta_at(f.Xi, f.x, f.mu, f.beta)
        m = models.max_norm(f.Xi)
        thr = float(B.well_separation_threshold_corrected(beta=f.beta, M=2.0, m=m, R=f.r, delta_inf=delta).value)
        Delta = float(np.asarray(models.pattern_separation(f.Xi))[f.mu])
        err = float(models.SparseHopfield(f.Xi, f.beta).error(f.x, f.mu))
        assert Delta >= thr
        assert f.r / 2 < err <= f.r


def test_given_marks_draws_that_cannot_be_built_as_not_applicable():
    obs = C._given(lambda draw: None if draw < 0 else (draw, 2 * draw))(lambda a, b: C.Observation(a, b))
    assert not obs(-1).applicable
    o = obs(3)
    assert o.applicable and (o.lhs, o.rhs) == (3, 6)
