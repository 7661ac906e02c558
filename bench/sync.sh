#!/bin/sh
# sync.sh - build bench_sync against the core library of a configured build tree and run it: file
# exchange at district scale (export, import of a community's file, the same file again, and the raw
# INSERT ... SELECT copy side by side). The databases go in a temporary folder (TMPDIR), removed after.
# Usage: bench/sync.sh [responses [communities [file_rows]]]   (default 1000000 100 10000)
# BUILD names the build directory (default: the source tree itself).
set -eu

. "$(dirname "$0")/build.sh"
# The core library holds the exchange (libsodium) and the .xlsx writer (libxlsxwriter).
bench_build bench_sync libsodium xlsxwriter
LIFECIRCLE_DATADIR=${LIFECIRCLE_DATADIR:-$top/data} "$work/bench_sync" "$work" "$@"
