r"""Check of Ramsauer et al. (2021): results cited from other papers.

Claim ``ramsauer2021/demircigil-binary`` (Theorem A10, after Demircigil et al., 2017): an
asymptotic statement, reported as ``unverified`` with the exponent threshold it names.
"""

from __future__ import annotations

import math

from hoptheory.bounds import ramsauer2021 as B

from .._framework import check, unverifiable
from ._common import value_of
from ._instances import TOL_SAME_FORMULA

__all__: list[str] = []


@check("ramsauer2021/demircigil-binary")
def check_demircigil_binary(ctx):
    r"""Theorem A10 (cited from Demircigil et al., 2017): binary exponential-interaction capacity.

    Asymptotic in d, so ``unverified``; the exponent threshold I(1 - 2 rho)/2 is reported for a
    few rho, with its value ln 2 / 2 at rho = 0.  No instances are searched and no oracle is needed.
    """
    res = unverifiable(ctx, "asymptotic statement (d -> infinity) on binary states, cited from Demircigil et al. "
                       "(2017); finite sampling can neither confirm nor refute a limit")
    rhos = [0.0, 0.1, 0.2, 0.3, 0.4]
    res.evidence["exponent_threshold_I(1-2rho)/2"] = {
        str(r): value_of(B.demircigil_exponent_threshold(rho=r)) for r in rhos}
    res.evidence["ln2_over_2"] = math.log(2) / 2
    res.evidence["threshold_at_rho_0_equals_ln2_over_2"] = abs(
        value_of(B.demircigil_exponent_threshold(rho=0.0)) - math.log(2) / 2) < TOL_SAME_FORMULA
    return res
