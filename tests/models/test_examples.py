"""The Examples sections of hoptheory.maps and hoptheory.models run as doctests.

Each example compares a public function or class with its formula written out in NumPy;
running them here keeps them true in the ordinary test suite (``--doctest-modules`` runs
the same examples).
"""

import doctest
import importlib
import inspect
import pkgutil

import pytest

import hoptheory.maps
import hoptheory.models

MODULES = sorted(
    f"{pkg.__name__}.{info.name}"
    for pkg in (hoptheory.maps, hoptheory.models)
    for info in pkgutil.iter_modules(pkg.__path__)
) + ["hoptheory.maps", "hoptheory.models"]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"


def test_every_public_name_has_an_example():
    for package in (hoptheory.maps, hoptheory.models):
        for name in package.__all__:
            obj = getattr(package, name)
            if isinstance(obj, hoptheory.maps.Family):  # SHANNON, GINI: the module's examples
                continue
            assert "Examples\n--------" in (inspect.getdoc(obj) or ""), f"{package.__name__}.{name} has no example"
