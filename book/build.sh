#!/usr/bin/env bash
# Build the book strictly and check it in a headless browser.
#   book/build.sh            (from anywhere; uses the python on PATH, or $PYTHON)
# (--all: every page is read and executed again, not only the changed ones.)
# Steps: install chromium if missing, write the claim chapters from the registry,
# build with Jupyter Book 1 (warnings are errors, nitpicky references; every code cell
# executes and a cell that raises fails the build), then check the HTML in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python}"
start=$(date +%s)

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "build.sh: installing chromium (Debian package)"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

"$PY" book/generate.py
"$PY" -c "import sys; from jupyter_book.cli.main import main; sys.exit(main())" \
    build book/ --all -W -n --keep-going
built=$(date +%s)
"$PY" book/check_html.py book/_build/html
echo "build.sh: book built in $((built - start)) s, checked in $(( $(date +%s) - built )) s;" \
     "open book/_build/html/index.html"
