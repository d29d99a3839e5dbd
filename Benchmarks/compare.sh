#!/usr/bin/env bash
# Side-by-side benchmark against the C reference, interleaved in rounds (see compare.py --help). Takes about 15
# minutes with defaults; `--rounds 3 --duration 3 --skip "hold 10,000" --flood 0` takes about 7.
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec python3 "$(dirname "$0")/compare.py" "$@"
