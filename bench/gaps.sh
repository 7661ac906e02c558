#!/bin/sh
# gaps.sh - build bench_gaps against the core library of a configured build tree and run it.
# Usage: bench/gaps.sh [communities [facilities]]   (default 100 100000)
# Run from anywhere; BUILD names the build directory (default: the source tree itself).
set -eu

# shellcheck source=bench/build.sh
. "$(dirname "$0")/build.sh"
bench_build bench_gaps
LIFECIRCLE_DATADIR=${LIFECIRCLE_DATADIR:-$top/data} "$work/bench_gaps" "$@"
