"""Shared pytest configuration: Hypothesis profiles and the array-backend fixture.

Profiles (select with ``HYPOTHESIS_PROFILE``; ``CI=true`` selects ``ci``):

* ``dev``: 60 examples, random, with the example database;
* ``ci``: 60 examples, derandomised, no deadline, no database (reproducible runs);
* ``thorough``: 1000 examples, no deadline.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from hoptheory.backend import cupy_available, get_backend

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, **_common)
settings.register_profile("ci", max_examples=60, derandomize=True, database=None, print_blob=True, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
_default = "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))

_BACKENDS = ["numpy", "array_api_strict"] + (["cupy"] if cupy_available() else [])


@pytest.fixture(params=_BACKENDS)
def xp(request):
    """The array namespace under test: NumPy, array-api-strict, and CuPy where a GPU works."""
    return get_backend(request.param)


def pytest_collection_modifyitems(config, items):
    if cupy_available():
        return
    skip = pytest.mark.skip(reason="no usable CUDA device (cupy_available() is False)")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)
