#!/bin/sh
# facilities.sh - build bench_facilities against the core library of a configured build tree and run it.
# Usage: bench/facilities.sh [communities [facilities]]   (default 1 100000)
# Run from anywhere; BUILD names the build directory (default: the source tree itself).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-fac-build-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/config.h" ] || { echo "facilities.sh: configure first (no $build/config.h)" >&2; exit 1; }
make -C "$build" -s liblccore.a
# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$build" -I"$top/include" "$top/bench/bench_facilities.c" \
	"$build/liblccore.a" -o "$work/bench_facilities" $(pkg-config --libs sqlite3 libutf8proc)
LIFECIRCLE_DATADIR=${LIFECIRCLE_DATADIR:-$top/data} "$work/bench_facilities" "$@"
