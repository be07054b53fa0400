"""The hu2024 check code: the query placements of a draw, the symmetric triple, the count decider."""

import numpy as np
import pytest

from proofs_checks import PROFILES, Context
from proofs_checks._oracles import mp_structured_error
from proofs_checks.hu2024 import _common as C
from proofs_checks.hu2024 import retrieval as R
from proofs_checks.hu2024 import variants as V


def _draw(q, rf=0.5, sigma=0.3, seed=7):
    return dict(d=4, M=6, k=3, beta=2.0, family="sphere", mu=2, seed=seed, sigma=sigma, masktype="random",
                variant="V1", q=q, rf=rf)


@pytest.mark.parametrize("q", ["ball", "toward", "perp", "gauss"])
def test_query_of_a_draw_is_at_its_distance_from_xi_mu(q):
    p = _draw(q)
    Xi = C._patterns(p)
    x, R_ = C._query(p, Xi)
    D = np.linalg.norm(Xi[:, :, None] - Xi[:, None, :], axis=0) + 1e300 * np.eye(6)
    assert R_ == pytest.approx(0.5 * D.min())
    dist = float(np.linalg.norm(x - Xi[:, 2]))
    if q == "gauss":
        assert dist > 0
    else:
        assert dist == pytest.approx(0.5 * R_, rel=1e-12)


def test_mask_of_a_draw_contains_mu_when_forced():
    for seed in range(20):
        p = _draw("gauss", seed=seed)
        Xi, x, _ = C._near_pattern(p, 1)
        assert C._maskv(p, Xi, x)[2]
        assert C._maskv(p, Xi, x, force_mu=False).sum() == 3


@pytest.mark.parametrize("variant", ["V1", "V2"])
def test_symmetric_triple_makes_the_masked_error_exceed_the_dense_one(variant):
    """hu2024/sparse-vs-dense-pointwise: dropping one of the symmetric pair removes the cancellation."""
    rng = np.random.default_rng(11)
    for _ in range(4):
        p = dict(d=int(rng.integers(2, 6)), seed=int(rng.integers(2**31)), delta=float(rng.uniform(0.02, 0.15)),
                 c=float(rng.uniform(0.4, 1.0)), eps=float(rng.uniform(0.0, 0.02)))
        Xi, x = R._triple(p)
        beta = float(10 ** rng.uniform(0, 0.7))
        sparse = float(mp_structured_error(Xi, x, 0, beta, np.array([True, True, False]), variant))
        dense = float(mp_structured_error(Xi, x, 0, beta, None, "V1"))
        assert sparse > dense


def test_count_check_refutes_a_wrong_count_and_a_wrong_output():
    ctx = Context(profile=PROFILES["quick"], claim_id="hu2024/variant-random-mask")
    ok = V._count_check(ctx, [("n@1", 6, 6.0)], "diff", 0.0, 1e-12)
    assert ok.verdict == "confirmed" and ok.evidence["diff"] == 0.0
    assert V._count_check(ctx, [("n@1", 7, 6.0)], "diff", 0.0, 1e-12).verdict == "refuted"
    wrong = V._count_check(ctx, [("n@1", 6, 6.0)], "diff", 1e-6, 1e-12)
    assert wrong.verdict == "refuted" and wrong.counterexample == {"diff": 1e-6}
