"""Bad input: a clear error, never a silent number."""

import math

import numpy as np
import pytest

from hoptheory import maps
from hoptheory.maps import (
    entmax,
    entmax_jacobian,
    entmax_threshold,
    margin,
    masked_softmax,
    sparsemax,
    support_size,
    topk_softmax,
    tsallis_conjugate,
    tsallis_negentropy,
)

SCORE_FUNCS = [
    lambda z: maps.softmax(z),
    lambda z: maps.sparsemax(z),
    lambda z: maps.sparsemax_threshold(z),
    lambda z: maps.entmax(z, 1.5),
    lambda z: maps.entmax(z, 1.3),
    lambda z: maps.entmax_threshold(z, 1.7),
    lambda z: maps.support_size(z),
    lambda z: maps.softmax_jacobian(z),
    lambda z: maps.sparsemax_jacobian(z),
    lambda z: maps.entmax_jacobian(z, 1.5),
    lambda z: maps.shannon_conjugate(z),
    lambda z: maps.gini_conjugate(z),
    lambda z: maps.tsallis_conjugate(z, 1.5),
    lambda z: maps.topk_softmax(z, 1),
]


@pytest.mark.parametrize("f", SCORE_FUNCS)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_scores_raise(xp, f, bad):
    z = np.array([[0.1, 0.2, 0.3], [0.0, 1.0, 2.0]])
    z[1, 1] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        f(xp.asarray(z))


@pytest.mark.parametrize("f", SCORE_FUNCS)
def test_integer_bool_and_empty_scores_raise(xp, f):
    with pytest.raises(TypeError, match="floating"):
        f(xp.asarray([[1, 2, 3]]))
    with pytest.raises(TypeError, match="floating"):
        f(xp.asarray([[True, False]]))
    with pytest.raises(ValueError, match=r"\(2, 0\)"):
        f(xp.zeros((2, 0)))
    with pytest.raises(ValueError, match="at least one dimension"):
        f(xp.asarray(1.0))


def test_complex_raises():
    with pytest.raises(TypeError, match="floating"):
        sparsemax(np.array([1.0 + 1j, 2.0]))


def test_mixed_namespaces_raise():
    import array_api_strict

    z = array_api_strict.asarray([[0.1, 0.2]])
    with pytest.raises(TypeError):
        masked_softmax(z, np.array([[True, False]]))


@pytest.mark.parametrize("alpha", [0.5, 0.999, -1.0, 0.0, math.nan, math.inf])
def test_alpha_out_of_range(xp, alpha):
    z = xp.asarray([0.3, 0.1, 0.0])
    for f in (
        lambda: entmax(z, alpha),
        lambda: entmax_threshold(z, alpha),
        lambda: entmax_jacobian(z, alpha),
        lambda: support_size(z, alpha),
        lambda: tsallis_conjugate(z, alpha),
        lambda: tsallis_negentropy(xp.asarray([0.5, 0.5]), alpha),
        lambda: margin(alpha),
    ):
        with pytest.raises(ValueError, match="alpha"):
            f()


def test_bad_method_and_axis(xp):
    z = xp.asarray([[0.3, 0.1, 0.0]])
    with pytest.raises(ValueError, match="method"):
        entmax(z, 1.5, method="newton")
    with pytest.raises(ValueError, match="closed form"):
        entmax(z, 1.7, method="sort")
    with pytest.raises(ValueError, match="out of range"):
        sparsemax(z, axis=2)
    with pytest.raises(TypeError, match="axis"):
        sparsemax(z, axis=0.5)


def test_masked_softmax_errors(xp):
    z = xp.asarray([[0.3, 0.1, 0.0], [1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="no entry"):
        masked_softmax(z, xp.asarray([[True, False, False], [False, False, False]]))
    with pytest.raises(TypeError, match="boolean"):
        masked_softmax(z, xp.asarray([[1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]))
    with pytest.raises(ValueError, match="broadcast"):
        masked_softmax(z, xp.asarray([True, False]))


def test_topk_errors(xp):
    z = xp.asarray([[0.3, 0.1, 0.0]])
    for k in (0, 4, -1):
        with pytest.raises(ValueError, match="k must satisfy"):
            topk_softmax(z, k)
    for k in (1.0, True, "2"):
        with pytest.raises(TypeError, match="integer"):
            topk_softmax(z, k)


@pytest.mark.parametrize(
    "f",
    [
        lambda p: maps.shannon_negentropy(p),
        lambda p: maps.gini_negentropy(p),
        lambda p: maps.tsallis_negentropy(p, 1.5),
    ],
)
def test_negentropy_errors(xp, f):
    with pytest.raises(ValueError, match="non-negative"):
        f(xp.asarray([0.5, 0.7, -0.2]))
    with pytest.raises(ValueError, match="NaN or infinite"):
        f(xp.asarray([0.5, math.nan]))
    with pytest.raises(TypeError, match="floating"):
        f(xp.asarray([1, 0]))
