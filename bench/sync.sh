#!/bin/sh
# sync.sh - build bench_sync against the core library of a configured build tree and run it: file
# exchange at district scale (export, import of a community's file, the same file again, and the raw
# INSERT ... SELECT copy side by side). The databases go in a temporary folder (TMPDIR), removed after.
# Usage: bench/sync.sh [responses [communities [file_rows]]]   (default 1000000 100 10000)
# BUILD names the build directory (default: the source tree itself).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-sync-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/config.h" ] || { echo "sync.sh: configure first (no $build/config.h)" >&2; exit 1; }
make -C "$build" -s liblccore.a
# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$build" -I"$top/include" "$top/bench/bench_sync.c" \
	"$build/liblccore.a" -o "$work/bench_sync" $(pkg-config --libs sqlite3 libutf8proc libsodium)
LIFECIRCLE_DATADIR=${LIFECIRCLE_DATADIR:-$top/data} "$work/bench_sync" "$work" "$@"
