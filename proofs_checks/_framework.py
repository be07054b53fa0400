"""The machinery of a claim check: contexts, observations, verdicts and the searches.

A check is a function ``check(ctx) -> CheckResult`` registered for one claim ID with
:func:`check`.  It draws instances (small parameters with Hypothesis, arrays from a seed with
:mod:`hoptheory.sampling` on ``ctx.xp``), evaluates the claim and lets one of the deciders
below turn the evidence into a verdict:

* :func:`inequality_check`: a claimed inequality ``lhs <= rhs`` (upper bound) or
  ``lhs >= rhs`` (lower bound), searched with Hypothesis and ``hypothesis.target`` pushing the
  ratio towards violation; a violation is shrunk by Hypothesis, optionally refined by a local
  optimiser, and re-evaluated independently (``reevaluate``) before ``refuted`` is reported.
  Without violations the verdict is ``confirmed`` (or ``vacuous`` when the bound never beats
  its trivial bound), ``ill-defined`` when the formula cannot be evaluated where the
  hypotheses hold, ``not-applicable`` when no drawn instance satisfied the hypotheses.
* :func:`statistical_check`: a probabilistic claim tested with an exact one-sided
  Clopper–Pearson bound at a stated confidence, trials fixed in advance.
* :func:`symbolic_result`: a symbolic identity decided by SymPy.

The parts of one claim usually share a strategy, a budget and pinned cases:
:func:`shared_search` states them once (:func:`examples_per_search` splits the budget), and
:func:`reproduce_text` writes the re-evaluation snippet that a refuted verdict carries.

Every compared quantity goes through :meth:`Context.side`, which is where the mutation test
halves a bound or drops one of its terms to show that the check can fail.

The claim ID is written once, in :func:`check`, and reaches the check as ``ctx.claim_id``;
every decider takes the context first.  The pieces live in :mod:`._context` (contexts,
results, registry, :func:`combine`), :mod:`._statistics` and :mod:`._search`; this module is
the one place checks import them from.
"""

from __future__ import annotations

from ._context import (
    AGREES,
    PROFILES,
    SEVERITY,
    SUITE_ALPHA,
    UNDECIDED,
    VERDICTS,
    CheckResult,
    Context,
    Observation,
    Profile,
    check,
    check_meta,
    combine,
    derive_seed,
    dumps,
    jsonable,
    part_summary,
    registered,
    symbolic_result,
    unverifiable,
)
from ._search import examples_per_search, inequality_check, reproduce_text, shared_search
from ._statistics import binomial_check, clopper_pearson, declared_stat_parts, mean_check, part_alpha, statistical_check

__all__ = [
    "AGREES",
    "PROFILES",
    "SEVERITY",
    "SUITE_ALPHA",
    "UNDECIDED",
    "VERDICTS",
    "CheckResult",
    "Context",
    "Observation",
    "Profile",
    "binomial_check",
    "check",
    "check_meta",
    "clopper_pearson",
    "combine",
    "declared_stat_parts",
    "derive_seed",
    "dumps",
    "examples_per_search",
    "inequality_check",
    "jsonable",
    "mean_check",
    "part_alpha",
    "part_summary",
    "registered",
    "reproduce_text",
    "shared_search",
    "statistical_check",
    "symbolic_result",
    "unverifiable",
]
