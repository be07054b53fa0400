"""Bad input across the public API and the command line: a table of cases.

Each case runs in a forked child under a time limit (a hang is a failure, not a wait) and must
end in one of two ways:

* ``error``: a ``ValueError`` or ``TypeError`` whose message names the argument (a regular
  expression per case) and leaks no internal name (no ``_private`` identifier, no internal
  array such as ``theta``, no traceback text);
* ``flag``: a returned result that says it is not to be trusted (a bound whose hypotheses
  fail or that is ill-defined), checked by a predicate per case.

The command-line cases must exit with code 2 and print exactly one line on stderr.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import re
import sys
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pytest
import sympy as sp

from hoptheory import maps, models, sampling, symbolic
from hoptheory.bounds import hu2023, hu2024, ramsauer2021
from hoptheory.cli import main as cli_main

#: Seconds a case may take before it counts as hanging (generous: the machine may be loaded).
LIMIT = 20.0

_RNG = np.random.default_rng(0)
XI = _RNG.standard_normal((4, 6))
X = _RNG.standard_normal(4)
Z = np.array([0.3, -1.2, 2.0, 0.7])

#: Names that must never appear in a message: private identifiers, internal arrays.
_LEAK = re.compile(r"(?<![\w.'])_[a-z]\w*|Traceback|sympify|\beval\(")
#: Internal array names: a leak unless the case's own argument has that name.
_INTERNAL = ("theta", "z")

CASES: list[tuple[str, object, tuple]] = []


def err(name: str):
    return ("error", name)


def flag(pred):
    return ("flag", pred)


def case(cid, thunk, expect, marks=()):
    CASES.append(pytest.param(thunk, expect, id=cid, marks=marks))


# ------------------------------------------------------------------------------- maps

_BAD_Z = {
    "str": ("abc", r"\bz\b"),
    "nan": (np.array([0.1, np.nan, 0.2]), r"\bz\b"),
    "inf": (np.array([0.1, np.inf, 0.2]), r"\bz\b"),
    "complex": (np.array([1 + 1j, 0.0]), r"\bz\b"),
    "empty": (np.zeros((2, 0)), r"\bz\b"),
    "none": (None, r"\bz\b"),
    "object": (np.array([1.0, "a"], dtype=object), r"\bz\b"),
}
_MAP_FUNCS = {
    "softmax": maps.softmax,
    "sparsemax": maps.sparsemax,
    "entmax15": lambda z: maps.entmax(z, 1.5),
    "sparsemax_threshold": maps.sparsemax_threshold,
    "softmax_jacobian": maps.softmax_jacobian,
    "sparsemax_jacobian": maps.sparsemax_jacobian,
    "gini_conjugate": maps.gini_conjugate,
    "shannon_conjugate": maps.shannon_conjugate,
    "support_size": lambda z: maps.support_size(z, alpha=2.0),
}
for fname, fn in _MAP_FUNCS.items():
    # the conjugates take scores named theta
    arg = r"\btheta\b" if fname.endswith("conjugate") else r"\bz\b"
    for kind, (value, _) in _BAD_Z.items():
        case(f"maps.{fname}-{arg[2:-2]}-{kind}", (lambda fn=fn, value=value: fn(value)), err(arg))

for kind, alpha in {"one-half": 0.5, "nan": math.nan, "inf": math.inf, "none": None,
                    "complex": 1.5 + 0j, "negative": -2.0}.items():
    case(f"maps.entmax-alpha-{kind}", (lambda alpha=alpha: maps.entmax(Z, alpha)), err(r"\balpha\b"))
case("maps.entmax-alpha-str", lambda: maps.entmax(Z, "1.5"), err(r"\balpha\b"))
case("maps.entmax-alpha-bool", lambda: maps.entmax(Z, True), err(r"\balpha\b"))
case("maps.entmax-method-bogus", lambda: maps.entmax(Z, 1.5, method="bogus"), err(r"\bmethod\b"))
for kind, axis in {"out-of-range": 3, "float": 0.5, "str": "0", "bool": True}.items():
    case(f"maps.softmax-axis-{kind}", (lambda axis=axis: maps.softmax(Z, axis=axis)), err(r"\baxis\b"))
for kind, k in {"zero": 0, "negative": -1, "too-large": 9, "float": 1.5, "bool": True}.items():
    case(f"maps.top_k_mask-k-{kind}", (lambda k=k: maps.top_k_mask(Z, k)), err(r"\bk\b"))
case("maps.masked_softmax-mask-shape", lambda: maps.masked_softmax(Z, np.ones(3, dtype=bool)), err(r"\bmask\b"))
case("maps.masked_softmax-mask-empty-row", lambda: maps.masked_softmax(Z, np.zeros(4, dtype=bool)),
     err(r"\bmask\b"))
case("maps.sliding_window_mask-w-negative", lambda: maps.sliding_window_mask(8, -1), err(r"\bw\b"))
case("maps.sliding_window_mask-L-zero", lambda: maps.sliding_window_mask(0, 2), err(r"\bL\b"))

# ------------------------------------------------------------------------------- models

_BAD_XI = {
    "vector": (np.ones(3), r"\bXi\b"),
    "3d": (np.ones((2, 3, 4)), r"\bXi\b"),
    "nan": (np.array([[1.0, np.nan], [0.0, 1.0]]), r"\bXi\b"),
    "str": ("abc", r"\bXi\b"),
    "complex": (np.ones((2, 3)) * (1 + 1j), r"\bXi\b"),
    "empty": (np.zeros((3, 0)), r"\bXi\b"),
}
for kind, (value, name) in _BAD_XI.items():
    case(f"models.DenseHopfield-Xi-{kind}", (lambda value=value: models.DenseHopfield(value, 1.0)), err(name))
    case(f"models.max_norm-Xi-{kind}", (lambda value=value: models.max_norm(value)), err(name))
    case(f"models.separation_radius-Xi-{kind}", (lambda value=value: models.separation_radius(value)), err(name))
    case(f"models.pattern_separation-Xi-{kind}", (lambda value=value: models.pattern_separation(value)), err(name))
_BAD_BETA = {"zero": 0.0, "negative": -1.0, "nan": math.nan, "inf": math.inf, "bool": True, "str": "2",
             "complex": 1j, "array": np.ones(2)}
for kind, beta in _BAD_BETA.items():
    for cls in (models.DenseHopfield, models.SparseHopfield):
        case(f"models.{cls.__name__}-beta-{kind}", (lambda cls=cls, beta=beta: cls(XI, beta)), err(r"\bbeta\b"))
for kind, alpha in {"one": 1.0, "below-one": 0.5, "nan": math.nan, "bool": True, "str": "1.5"}.items():
    case(f"models.EntmaxHopfield-alpha-{kind}", (lambda alpha=alpha: models.EntmaxHopfield(XI, 1.0, alpha)),
         err(r"\balpha\b"))
_BAD_X = {
    "wrong-d": (np.ones(3), r"\bx\b"),
    "nan": (np.array([1.0, np.nan, 0.0, 0.0]), r"\bx\b"),
    "3d": (np.ones((4, 2, 2)), r"\bx\b"),
    "str": ("abcd", r"\bx\b"),
    "none": (None, r"\bx\b"),
}
for kind, (value, name) in _BAD_X.items():
    for meth in ("retrieve", "energy", "jacobian", "weights"):
        case(f"models.DenseHopfield.{meth}-x-{kind}",
             (lambda value=value, meth=meth: getattr(models.DenseHopfield(XI, 2.0), meth)(value)), err(name))
for kind, mu in {"negative": -1, "too-large": 6, "float": 1.5, "bool": True, "str": "0"}.items():
    case(f"models.SparseHopfield.error-mu-{kind}",
         (lambda mu=mu: models.SparseHopfield(XI, 2.0).error(X, mu)), err(r"\bmu\b"))
    case(f"models.query_separation-mu-{kind}", (lambda mu=mu: models.query_separation(XI, X, mu)), err(r"\bmu\b"))
for kind, steps in {"negative": -3, "float": 2.5, "bool": True, "str": "3"}.items():
    case(f"models.DenseHopfield.iterate-max_steps-{kind}",
         (lambda steps=steps: models.DenseHopfield(XI, 2.0).iterate(X, max_steps=steps)), err(r"\bmax_steps\b"))
case("models.DenseHopfield.retrieve-overflow", lambda: models.DenseHopfield(XI * 1e200, 1.0).retrieve(X * 1e200),
     err(r"\bXi\b.*\bx\b"))
case("models.DenseHopfield.retrieve-beta-overflow", lambda: models.DenseHopfield(XI, 1e307).retrieve(X * 10),
     err(r"\bbeta\b"))

# ------------------------------------------------------------------------------- sampling

for kind, d in {"zero": 0, "negative": -2, "float": 2.5, "bool": True, "str": "3"}.items():
    case(f"sampling.sphere-d-{kind}", (lambda d=d: sampling.sphere(d, 5, seed=0)), err(r"\bd\b"))
    case(f"sampling.gaussian-M-{kind}", (lambda d=d: sampling.gaussian(3, d, seed=0)), err(r"\bM\b"))
for kind, seed in {"negative": -5, "float": 1.5, "str": "x", "bool": True}.items():
    case(f"sampling.binary-seed-{kind}", (lambda seed=seed: sampling.binary(4, 3, seed=seed)), err(r"\bseed\b"))
for kind, m in {"zero": 0.0, "negative": -1.0, "nan": math.nan, "inf": math.inf}.items():
    case(f"sampling.sphere-m-{kind}", (lambda m=m: sampling.sphere(3, 4, m, seed=0)), err(r"\bm\b"))
for kind, r in {"zero": 0.0, "negative": -0.1, "nan": math.nan, "inf": math.inf, "str": "0.1"}.items():
    case(f"sampling.ball-r-{kind}", (lambda r=r: sampling.ball(XI, 0, r, seed=0)), err(r"\br\b"))
case("sampling.ball-mu-out-of-range", lambda: sampling.ball(XI, 6, 0.1, seed=0), err(r"\bmu\b"))
case("sampling.ball-n-zero", lambda: sampling.ball(XI, 0, 0.1, 0, seed=0), err(r"\bn\b"))
case("sampling.ball-default-radius-duplicates", lambda: sampling.ball(np.ones((3, 4)), 0, seed=0),
     err(r"\br\b"))
for kind, sigma in {"negative": -1.0, "nan": math.nan, "inf": math.inf}.items():
    case(f"sampling.add_noise-sigma-{kind}", (lambda sigma=sigma: sampling.add_noise(X, sigma, seed=0)),
         err(r"\bsigma\b"))
case("sampling.separated-delta-impossible", lambda: sampling.separated(2, 50, 1.9, seed=0, max_tries=50),
     err(r"\bdelta\b"))

# ------------------------------------------------------------------------------- bounds

_CAP = dict(beta=1.0, K=3.0, d=20.0, p_fail=0.001)
for kind, v in {"bool": True, "nan": math.nan, "inf": math.inf, "str": "abc", "complex": 1j, "none": None}.items():
    for param in ("K", "p_fail"):
        case(f"bounds.capacity_constant-{param}-{kind}",
             (lambda param=param, v=v: ramsauer2021.capacity_constant(**dict(_CAP, **{param: v}))),
             err(rf"\b{param}\b"))
case("bounds.capacity_constant-missing", lambda: ramsauer2021.capacity_constant(beta=1.0, K=3.0, d=20.0),
     err(r"p_fail"))
case("bounds.capacity_constant-unknown", lambda: ramsauer2021.capacity_constant(**_CAP, q=1.0), err(r"\bq\b"))
case("bounds.capacity_constant-shapes", lambda: ramsauer2021.capacity_constant(**dict(_CAP, K=np.ones(2),
                                                                                        d=np.ones(3))),
     err(r"\bK\b.*\bd\b"))
case("bounds.capacity_constant-p_fail-2-flagged", lambda: ramsauer2021.capacity_constant(**dict(_CAP, p_fail=2.0)),
     flag(lambda r: not bool(r.hypotheses_hold) and "p_fail" in " ".join(r.failed_hypotheses())))
case("bounds.capacity_a_published-ill-defined",
     lambda: hu2023.capacity_a_published(d=20.0, m=1.0, p_fail=0.01, R=0.3, delta=0.1),
     flag(lambda r: bool(r.ill_defined) and r.reasons_ill_defined()))
case("bounds.capacity_constant.mp-dps-negative", lambda: ramsauer2021.capacity_constant.mp(dps=-5, **_CAP),
     err(r"\bdps\b"))
case("bounds.capacity_constant.mp-dps-bool", lambda: ramsauer2021.capacity_constant.mp(dps=True, **_CAP),
     err(r"\bdps\b"))
case("bounds.capacity_constant.certified-p_fail-2",
     lambda: ramsauer2021.capacity_constant.certified(**dict(_CAP, p_fail=2.0)), err(r"p_fail"))
case("bounds.capacity_constant.certified-K-bool",
     lambda: ramsauer2021.capacity_constant.certified(**dict(_CAP, K=True)), err(r"\bK\b"))
case("bounds.capacity_constant.certified-prec-zero",
     lambda: ramsauer2021.capacity_constant.certified(prec=0, **_CAP), err(r"\bprec\b"))
case("bounds.capacity_constant.sympy-code", lambda: ramsauer2021.capacity_constant.sympy(
    beta="__import__('os').system('true')"), err(r"\bbeta\b"))
case("bounds.capacity_constant.sympy-syntax", lambda: ramsauer2021.capacity_constant.sympy(beta="1+"),
     err(r"\bbeta\b"))
case("bounds.hu2023.sparse_lipschitz_bound_at-eta-scalar", lambda: hu2023.sparse_lipschitz_bound_at(XI, 1.0, -1.0),
     err(r"^eta\b"))
case("bounds.hu2023.dense_lipschitz_bound_at-eta-shape",
     lambda: hu2023.dense_lipschitz_bound_at(XI, 1.0, np.ones(3)), err(r"^eta\b"))
case("bounds.hu2023.sparse_lipschitz_bound_at-beta-negative",
     lambda: hu2023.sparse_lipschitz_bound_at(XI, -1.0, X), err(r"\bbeta\b"))
case("bounds.hu2024.well_separation_threshold_at-Xi-vector",
     lambda: hu2024.well_separation_threshold_at(np.ones(3), 1.0, X, 0), err(r"\bXi\b"))

# ------------------------------------------------------------------------------- symbolic

_BAD_TEXT = {
    "code": "__import__('os').system('true')",
    "attribute": "p.__class__",
    "lambda": "lambda p: p",
    "unknown-function": "sin(p)",
    "wrong-variable": "x*log(x)",
    "unbalanced": "(p",
    "empty": "",
    "huge-decimal-exponent": "1e99999999*p^2",
    "tiny-decimal-exponent": "1e-99999999",
    "tower-of-numbers": "((((((2^64)^64)^64)^64)^64)^64)*p^2",
    "tower-of-powers": "(((p^64)^64)^64)^64",
    "deep-nesting": "(" * 61 + "p" + ")" * 61,
    "long-literal": "1" * 41 + "*p",
}
for kind, text in _BAD_TEXT.items():
    case(f"symbolic.Separable.from_string-{kind}", (lambda text=text: symbolic.Separable.from_string(text)),
         err(r"g\(p\)|cannot parse"))
case("symbolic.Separable.from_string-not-str", lambda: symbolic.Separable.from_string(3), err(r"\bg\b"))
case("symbolic.Separable.from_string-variable", lambda: symbolic.Separable.from_string("p", variable="log"),
     err(r"\bvariable\b"))
case("symbolic.Separable.from_string-overflow", lambda: symbolic.Separable.from_string("exp(exp(exp(exp(p))))"),
     err(r"g\(1/7\)|g\(1\)|overflows"))
case("symbolic.Separable.from_string-concave", lambda: symbolic.Separable.from_string("-p^2"), err(r"convex"))
case("symbolic.Separable-undefined-function",
     lambda: symbolic.Separable(sp.Function("f")(sp.Symbol("p")), sp.Symbol("p")), err(r"\bg\b"))
case("symbolic.Separable-text", lambda: symbolic.Separable("p^2", sp.Symbol("p")), err(r"\bg\b"))
case("symbolic.Separable-p-not-symbol", lambda: symbolic.Separable(sp.Symbol("p") ** 2, "p"), err(r"\bp\b"))
case("symbolic.Separable-two-variables",
     lambda: symbolic.Separable(sp.Symbol("p") * sp.Symbol("q"), sp.Symbol("p")), err(r"separable"))
for kind, alpha in {"huge-exponent": "1e1000000000", "code": "__import__('os')", "one": 1, "below-one": "1/2",
                    "zero-denominator": "3/0", "bool": True, "inexact-float": 1.1, "nan": math.nan,
                    "negative-symbol": sp.Symbol("a")}.items():
    case(f"symbolic.Tsallis-alpha-{kind}", (lambda alpha=alpha: symbolic.Tsallis(alpha)), err(r"\balpha\b"))
for kind, n in {"zero": 0, "negative": -1, "float": 1.5, "bool": True, "str": "2"}.items():
    case(f"symbolic.conjugate-n-{kind}", (lambda n=n: symbolic.conjugate(symbolic.Gini(), n)), err(r"\bn\b"))
case("symbolic.conjugate-Omega-str", lambda: symbolic.conjugate("gini", 2), err(r"\bOmega\b"))
case("symbolic.conjugate-chamber", lambda: symbolic.conjugate(symbolic.Gini(), 2, chamber="bogus"),
     err(r"\bchamber\b"))
for kind, d in {"zero": 0, "float": 1.5, "bool": True}.items():
    case(f"symbolic.energy-d-{kind}", (lambda d=d: symbolic.energy(symbolic.Gini(), d, 2)), err(r"\bd\b"))

# ------------------------------------------------------------------------------- command line

_CLI = [
    ["demo", "--M", "1"], ["demo", "--d", "0"], ["demo", "--beta", "-1"], ["demo", "--beta", "nan"],
    ["demo", "--beta", "inf"], ["demo", "--seed", "-5"], ["demo", "--d", "1", "--M", "5"],
    ["check", "--seed", "-5"], ["check", "--profile", "huge"], ["check", "--scheduler", "bogus"],
    ["check", "--paper", "bogus"], ["check", "--claim", "bogus/claim"],
    ["check", "--paper", "hu2024", "--claim", "hu2023/capacity"], ["check", "--json", "/proc/no/r.json"],
    ["claims", "--paper", "bogus"], ["frobnicate"], ["check", "--backend", "tpu"],
    ["check", "--claim", "ramsauer2021/kappa-bounds", "--out", "/proc/no-such-folder"],
]
for argv in _CLI:
    case("cli " + " ".join(argv), (lambda argv=argv: argv), ("cli", None))


# ------------------------------------------------------------------------------- runner


def _child(conn, thunk, expect):  # pragma: no cover - runs in the forked child
    kind, spec = expect
    try:
        if kind == "cli":
            err = io.StringIO()
            with redirect_stderr(err), redirect_stdout(io.StringIO()):
                try:
                    argv = thunk()
                    if argv[0] == "check":
                        argv = argv + ["--no-progress"] + ([] if "--out" in argv else ["--out", "/proc/none"])
                    rc = cli_main(argv)
                except SystemExit as exc:
                    rc = exc.code
            conn.send(("cli", rc, err.getvalue()))
            return
        out = thunk()
    except (ValueError, TypeError) as exc:
        conn.send(("raised", type(exc).__name__, str(exc)))
    except BaseException as exc:  # noqa: BLE001
        conn.send(("other", type(exc).__name__, str(exc)[:500]))
    else:
        ok = False
        if kind == "flag":
            try:
                ok = bool(spec(out))
            except Exception:  # noqa: BLE001
                ok = False
        conn.send(("returned", ok, repr(out)[:300]))
    finally:
        conn.close()


def _run_limited(thunk, expect):
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    # not a daemon: some cases (SymPy solves) fork a child of their own
    proc = ctx.Process(target=_child, args=(send, thunk, expect))
    proc.start()
    send.close()
    try:
        if not recv.poll(LIMIT):
            return ("hang",)
        try:
            return recv.recv()
        except EOFError:
            return ("crashed", proc.exitcode)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        recv.close()


def test_the_table_is_large_enough():
    assert len(CASES) >= 150


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork")
@pytest.mark.parametrize("thunk, expect", CASES)
def test_bad_input(thunk, expect):
    got = _run_limited(thunk, expect)
    assert got[0] != "hang", f"no answer within {LIMIT} s"
    kind, spec = expect
    if kind == "cli":
        assert got[0] == "cli", got
        _, rc, err = got
        lines = err.strip().splitlines()
        assert rc == 2 and len(lines) == 1 and "error" in lines[0], (rc, err)
        return
    if kind == "flag":
        assert got[0] == "returned" and got[1], got
        return
    assert got[0] == "raised", f"expected a ValueError or TypeError naming {spec!r}; got {got}"
    _, etype, msg = got
    assert re.search(spec, msg), f"{etype}: {msg!r} does not name {spec!r}"
    leak = _LEAK.search(msg)
    assert leak is None, f"{etype}: {msg!r} leaks the internal name {leak.group()!r}"
    for name in _INTERNAL:
        if not re.search(spec, name):
            assert not re.search(rf"^{name}\b|\b{name} (contains|must)", msg), f"{msg!r} speaks of {name!r}"
