#!/usr/bin/env bash
# One-shot GPU check: the CuPy tests, the GPU benchmark and the thorough CuPy check.
#
#   bash benchmarks/gpu_check.sh [RESULTS_DIR]      (default: $OUT, else gpu-results)
#
# Run from the repository root on a machine with one CUDA GPU, CuPy, PyTorch (CUDA), NumPy,
# SciPy, SymPy, mpmath, Hypothesis and pytest.  Wheels of the pure-Python packages such a
# machine may lack (array-api-compat, array-api-strict, entmax) are taken from .whl/ at the
# repository root when present (fill it with: pip download --no-deps -d .whl
# array-api-compat array-api-strict entmax).  Budget: under 8 minutes on one H200; each
# step has its own time limit so that the later ones still run.
set -u
cd "$(dirname "$0")/.."
RESULTS="${1:-${OUT:-gpu-results}}"
. benchmarks/_gpu_env.sh
export HYPOTHESIS_PROFILE=ci
{
    date -u
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1
    python -c "import cupy, numpy; print('cupy', cupy.__version__, 'numpy', numpy.__version__)"
    python -c "import torch; print('torch', torch.__version__, torch.cuda.is_available())"
    python -c "from hoptheory.backend import cupy_available; print('cupy_available', cupy_available())"
} > "$RESULTS/environment.txt" 2>&1
cat "$RESULTS/environment.txt"

status=0
echo "== 1/3 CuPy tests (pytest -k cupy)"
XDIST=""
python -c "import xdist" 2>/dev/null && XDIST="-n 4"
timeout 120 python -m pytest -q -p no:cacheprovider $XDIST -k cupy tests \
    --junitxml="$RESULTS/pytest_cupy.xml" > "$RESULTS/pytest_cupy.txt" 2>&1 || status=1
tail -n 15 "$RESULTS/pytest_cupy.txt"

echo "== 2/3 GPU benchmark"
timeout 120 python benchmarks/bench_gpu.py --out "$RESULTS" > "$RESULTS/bench_gpu.txt" 2>&1 || status=1
cat "$RESULTS/bench_gpu.txt"

echo "== 3/3 hoptheory check --profile thorough --backend cupy"
timeout -s INT -k 15 210 python -m hoptheory check --profile thorough --backend cupy \
    --out "$RESULTS/check-thorough-cupy" > "$RESULTS/check.txt" 2>&1 || status=1
tail -n 40 "$RESULTS/check.txt"
date -u >> "$RESULTS/environment.txt"
rm -rf "$SITE"
echo "results in $RESULTS (exit status $status)"
exit $status
