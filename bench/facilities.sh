#!/bin/sh
# facilities.sh - build bench_facilities against the core library of a configured build tree and run it.
# Usage: bench/facilities.sh [communities [facilities]]   (default 1 100000)
# Run from anywhere; BUILD names the build directory (default: the source tree itself).
set -eu

# shellcheck source=bench/build.sh
. "$(dirname "$0")/build.sh"
bench_build bench_facilities
LIFECIRCLE_DATADIR=${LIFECIRCLE_DATADIR:-$top/data} "$work/bench_facilities" "$@"
