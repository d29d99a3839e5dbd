#!/usr/bin/env bash
# Long reliability runs (see stress.py --help). About 13 minutes with the default 10-minute mixed phase.
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec python3 "$(dirname "$0")/stress.py" "$@"
