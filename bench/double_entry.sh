#!/bin/sh
# double_entry.sh - build bench_double_entry against the core library of a configured build tree and run it.
# Usage: bench/double_entry.sh [forms]   (default 100000)
# Run from anywhere; BUILD names the build directory (default: the source tree itself).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-de-build-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/config.h" ] || { echo "double_entry.sh: configure first (no $build/config.h)" >&2; exit 1; }
make -C "$build" -s liblccore.a
# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086,SC2046 # and the libraries pkg-config names
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$build" -I"$top/include" "$top/bench/bench_double_entry.c" \
	"$build/liblccore.a" -o "$work/bench_double_entry" $(pkg-config --libs sqlite3 libutf8proc)
"$work/bench_double_entry" "$@"
