#!/usr/bin/env bash
# Side-by-side benchmark against the C reference (see compare.py --help). Takes about 15 minutes with defaults.
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec python3 "$(dirname "$0")/compare.py" "$@"
