# Sourced by the one-shot GPU scripts (from the repository root, with RESULTS set): installs
# the wheels in .whl/ (pure-Python packages an offline GPU machine may lack) into a temporary
# folder SITE and puts the checkout and SITE on PYTHONPATH.
mkdir -p "$RESULTS"
SITE="$(mktemp -d)"
if compgen -G ".whl/*.whl" > /dev/null; then
    python -m pip install --quiet --no-index --no-deps --target "$SITE" .whl/*.whl \
        > "$RESULTS/pip.log" 2>&1 || echo "wheel install failed (see pip.log)"
fi
export PYTHONPATH="$PWD:$SITE${PYTHONPATH:+:$PYTHONPATH}"
