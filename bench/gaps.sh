#!/bin/sh
# gaps.sh - build bench_gaps against the core library of a configured build tree and run it.
# Usage: bench/gaps.sh [communities [facilities]]   (default 100 100000)
# Run from anywhere; BUILD names the build directory (default: the source tree itself).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-gaps-build-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/config.h" ] || { echo "gaps.sh: configure first (no $build/config.h)" >&2; exit 1; }
make -C "$build" -s liblccore.a
# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$build" -I"$top/include" "$top/bench/bench_gaps.c" \
	"$build/liblccore.a" -o "$work/bench_gaps" $(pkg-config --libs sqlite3 libutf8proc)
LIFECIRCLE_DATADIR=${LIFECIRCLE_DATADIR:-$top/data} "$work/bench_gaps" "$@"
