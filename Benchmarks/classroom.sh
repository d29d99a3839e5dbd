#!/usr/bin/env bash
# A class of thirty on a real network (see classroom.py --help): network namespaces, 5 % loss on every link, one
# `shout server` with its screen live in tmux. Needs root. About 6 minutes with the default 5-minute run.
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec python3 "$(dirname "$0")/classroom.py" "$@"
