"""Derivation steps: Lagrangian, KKT, threshold, closed form, each verified, printable."""

from __future__ import annotations

import pytest
import sympy as sp

from hoptheory.symbolic import Gini, Separable, Shannon, Tsallis, derive_conjugate
from hoptheory.symbolic._steps import ConjugateDerivation


@pytest.mark.parametrize("om,n", [(Gini(), 2), (Gini(), 3), (Tsallis("3/2"), 2), (Tsallis("3/2"), 3),
                                  (Shannon(), 2), (Tsallis(3), 3)])
def test_every_step_verified(om, n):
    d = derive_conjugate(om, n)
    titles = [s.title for s in d.steps]
    assert titles[:2] == ["Lagrangian", "KKT"]
    supports = list(d.conjugate.pieces)
    assert titles[2:] == [f"{kind} S={S}" for S in supports for kind in ("threshold", "closed form")]
    assert d.holds, d.pretty()
    assert all(v.holds for v in d.verify().values())


def test_gini_derivation_reads_as_a_short_proof():
    tex = derive_conjugate(Gini(), 2).latex()
    assert tex.startswith(r"\begin{aligned}") and tex.endswith(r"\end{aligned}")
    assert r"L(p,t,\mu)" in tex
    assert r"p_i = (g')^{-1}(z_i - t) = z_i - \tau" in tex
    assert r"S=\{1,2\}:\ z_1 - z_2 < 1" in tex
    assert r"\tau_S = \frac{z_1 + z_2}{2} - \frac{1}{2}" in tex
    assert r"\Omega^* = \frac{z_1 + z_2}{2} + \frac{(z_1 - z_2)^{2}}{4} + \frac{1}{4}" in tex
    for line in tex.split(r"\\"):
        assert len(line) < 160


def test_tsallis_threshold_defined_once_per_support():
    tex = derive_conjugate(Tsallis("3/2"), 2).latex()
    assert tex.count(r"\tau_S =") == 2
    assert r"\tau_S = \frac{z_1 + z_2}{4} - \frac{\sqrt{8 - (z_1 - z_2)^{2}}}{4}" in tex


def test_a_wrong_closed_form_fails_its_step():
    d = derive_conjugate(Gini(), 2)
    c = d.conjugate
    pc = c.paper().pieces[(1, 2)]
    import dataclasses

    c.paper().pieces[(1, 2)] = dataclasses.replace(pc, expression=pc.expression + sp.Rational(1, 7))
    try:
        bad = ConjugateDerivation(c)
        assert not bad.holds
        assert "FAILED" in bad.pretty() and "closed form S=(1, 2)" in bad.pretty()
    finally:
        c._paper = None


def test_custom_separable_from_text():
    om = Separable.from_string("p**2 - p")
    d = derive_conjugate(om, 2)
    assert d.holds
