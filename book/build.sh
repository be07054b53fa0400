#!/usr/bin/env bash
# Build the book strictly and check it in a headless browser.
#   book/build.sh            (from anywhere; uses the python on PATH, or $PYTHON)
# (--all: every page is read and executed again, not only the changed ones.)
# Steps: install chromium if missing (skipped with a message where it cannot be installed,
# an error with HOPTHEORY_REQUIRE_BROWSER=1), write the claim chapters from the registry,
# build with Jupyter Book 1 (warnings are errors, nitpicky references; every code cell
# executes and a cell that raises fails the build), then check the HTML in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python}"
start=$(date +%s)

have_browser() {
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
        || command -v google-chrome >/dev/null 2>&1
}
# The last step checks the rendered pages in headless Chromium.  Where it is missing it is
# installed with apt-get (Debian, as root or with sudo).  Where it cannot be installed the
# browser check is skipped with one message, unless HOPTHEORY_REQUIRE_BROWSER=1 (CI sets it).
browser=1
if ! have_browser; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; fi
    if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
        echo "build.sh: installing chromium (Debian package) for the browser check of the pages"
        $SUDO apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null || true
    fi
    if ! have_browser; then
        if [ "${HOPTHEORY_REQUIRE_BROWSER:-0}" = "1" ]; then
            echo "build.sh: error: no Chromium and it could not be installed (apt-get as root or with sudo)" >&2
            exit 1
        fi
        echo "build.sh: no Chromium here and no way to install it (needs apt-get as root or with sudo);" \
             "building the book without the browser check of the rendered pages (CI runs it)" >&2
        browser=0
    fi
fi

"$PY" book/generate.py
"$PY" -c "import sys; from jupyter_book.cli.main import main; sys.exit(main())" \
    build book/ --all -W -n --keep-going
built=$(date +%s)
if [ "$browser" = 1 ]; then
    "$PY" book/check_html.py book/_build/html
    echo "build.sh: book built in $((built - start)) s, checked in $(( $(date +%s) - built )) s;" \
         "open book/_build/html/index.html"
else
    echo "build.sh: book built in $((built - start)) s (browser check skipped); open book/_build/html/index.html"
fi
