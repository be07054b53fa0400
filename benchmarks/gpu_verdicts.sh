#!/usr/bin/env bash
# One-shot verdict comparison on a GPU: the quick profile at suite seeds 1-3 on CuPy and on
# NumPy (the same machine), and the claims whose verdicts differ between the two backends.
#
#   bash benchmarks/gpu_verdicts.sh [RESULTS_DIR]      (default: $OUT, else gpu-verdicts)
#
# Run from the repository root on a machine with one CUDA GPU and CuPy; wheels of missing
# pure-Python packages are taken from .whl/ as in gpu_check.sh.  Budget: about 4 minutes on
# one H200 (CuPy quick profile ~1 min per seed; NumPy runs beside it on the CPU cores).
set -u
cd "$(dirname "$0")/.."
RESULTS="${1:-${OUT:-gpu-verdicts}}"
. benchmarks/_gpu_env.sh
WORK="$(mktemp -d)"
timeout 300 python -m proofs_checks.stability --profile quick --seeds 1-3 --jobs 3 --backend numpy \
    --out "$WORK/numpy" > "$RESULTS/numpy.txt" 2>&1 &
timeout 300 python -m proofs_checks.stability --profile quick --seeds 1-3 --jobs 1 --backend cupy \
    --out "$WORK/cupy" > "$RESULTS/cupy.txt" 2>&1
wait
python - "$WORK" "$RESULTS" <<'PY'
import json, sys
from pathlib import Path
work, res = Path(sys.argv[1]), Path(sys.argv[2])
try:
    a = json.loads((work / "numpy" / "stability.json").read_text())
    b = json.loads((work / "cupy" / "stability.json").read_text())
except OSError as exc:
    print(f"a run did not finish: {exc}")
    sys.exit(1)
diff = []
for cid, r in a["claims"].items():
    vb = b["claims"].get(cid, {}).get("verdicts", {})
    for s, v in r["verdicts"].items():
        if vb.get(s) != v:
            diff.append(f"{cid} seed {s}: numpy {v}, cupy {vb.get(s)}")
lines = [f"claims: {len(a['claims'])}; numpy unstable: {a['unstable']}; cupy unstable: {b['unstable']}",
         f"numpy/cupy differences: {len(diff)}"] + diff
(res / "cupy_vs_numpy.txt").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(1 if diff or b["errors"] else 0)
PY
status=$?
rm -rf "$SITE" "$WORK"
exit $status
