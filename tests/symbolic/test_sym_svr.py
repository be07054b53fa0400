"""epsilon-SVR (hu2024): symbolic derivation checked, and numeric strong duality / representer form."""

import numpy as np
import pytest
from scipy.optimize import minimize

from hoptheory.symbolic import array_function, svr_dual, svr_kkt, svr_lagrangian, svr_primal, svr_representer

M, D = 3, 2  # M != D


def test_symbolic_checks():
    for build in (svr_dual, svr_kkt, svr_representer):
        res = build(M, D).check()
        assert res.holds, res.detail
    primal = svr_primal(M, D)
    assert len(primal.constraints) == 4 * M
    assert r"\text{s.t.}" in primal.latex()
    assert svr_lagrangian(M, D).expr.has(primal.symbols["alpha"][0])
    with pytest.raises(ValueError):
        svr_primal(0, 2)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_strong_duality_and_representer(seed):
    rng = np.random.default_rng(seed)
    Phi = rng.standard_normal((M, D))
    y = rng.standard_normal(M)
    C, eps = 0.8, 0.1
    dual = svr_dual(M, D)
    s = dual.symbols
    args = list(s["alpha"]) + list(s["alphat"]) + list(s["Phi"]) + list(s["y"]) + [s["C"], s["epsilon"]]
    f = array_function(dual.expr, args)
    consts = [np.asarray(v) for v in list(Phi.ravel()) + list(y) + [C, eps]]

    def neg_dual(v):
        return -float(f(*[np.asarray(a) for a in v], *consts))

    r = minimize(neg_dual, np.zeros(2 * M), method="L-BFGS-B", bounds=[(0, C)] * (2 * M),
                 options={"ftol": 1e-15, "gtol": 1e-12})
    a, at = r.x[:M], r.x[M:]
    dual_val = -r.fun
    # independent primal solve over (w, eta, etat)
    def primal_obj(v):
        w, eta, etat = v[:D], v[D:D + M], v[D + M:]
        return 0.5 * w @ w + C * np.sum(eta + etat)

    cons = [{"type": "ineq", "fun": lambda v: eps + v[D:D + M] - y + Phi @ v[:D]},
            {"type": "ineq", "fun": lambda v: eps + v[D + M:] + y - Phi @ v[:D]}]
    rp = minimize(primal_obj, np.concatenate([np.zeros(D), np.abs(y) + 1, np.abs(y) + 1]), method="SLSQP",
                  bounds=[(None, None)] * D + [(0, None)] * (2 * M), constraints=cons,
                  options={"ftol": 1e-14, "maxiter": 1000})
    assert abs(rp.fun - dual_val) < 1e-6  # strong duality (solver tolerance)
    w_star = (a - at) @ Phi  # from svr_dual's extra["w_star"] formula
    w_sym = dual.extra["w_star"]
    sub = {**{s["alpha"][m]: a[m] for m in range(M)}, **{s["alphat"][m]: at[m] for m in range(M)},
           **{s["Phi"][m, k]: Phi[m, k] for m in range(M) for k in range(D)}}
    assert np.allclose([float(e.xreplace(sub)) for e in w_sym], w_star, atol=1e-12)
    assert np.allclose(w_star, rp.x[:D], atol=1e-4)
    # KKT at the dual solution: |r| < eps  =>  alpha = alphat = 0
    resid = y - Phi @ w_star
    inside = np.abs(resid) < eps - 1e-6
    assert np.all(a[inside] < 1e-6) and np.all(at[inside] < 1e-6)
    # representer: <w*, psi> equals the kernel sum
    rep = svr_representer(M, D)
    psi = rng.standard_normal(D)
    sub2 = dict(sub)
    sub2.update({rep.symbols["psi"][k]: psi[k] for k in range(D)})
    assert abs(float(rep.expr.xreplace(sub2)) - w_star @ psi) < 1e-12
