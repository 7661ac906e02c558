#!/bin/sh
# double_entry.sh - build bench_double_entry against the core library of a configured build tree and run it.
# Usage: bench/double_entry.sh [forms]   (default 100000)
# Run from anywhere; BUILD names the build directory (default: the source tree itself).
set -eu

# shellcheck source=bench/build.sh
. "$(dirname "$0")/build.sh"
bench_build bench_double_entry
"$work/bench_double_entry" "$@"
