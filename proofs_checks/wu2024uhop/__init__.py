"""Check of the kernelised separation claim of Wu, Hu, Hsiao, Liu, *Uniform Memory Retrieval with
Larger Capacity for Modern Hopfield Models* (U-Hop; ICML 2024): section G of the related results.

:mod:`.kernel`: the derived gradient identity and CCCP decrease for a linear feature map, and
the separation before and after the first stage (reported); :mod:`.stage`: the first stage
(the uniformity loss, its gradient and projected gradient descent), also run by the U-Hop+
check of ``hu2024khm``.
"""

from . import kernel, stage  # noqa: F401  (importing registers the check)

__all__ = ["kernel", "stage"]
