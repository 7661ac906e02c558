#!/bin/sh
# run.sh - build bench_list from the sources (no autotools needed) and run it.
# Usage: bench/run.sh [rows]   (default 1000000)
# CC and CFLAGS may be set; LC_CONFIG_DIR may name a directory holding config.h.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-build-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Prefer the build's config.h; else a stand-in with just what these sources use.
if [ -n "${LC_CONFIG_DIR:-}" ]; then
	confdir=$LC_CONFIG_DIR
elif [ -f "$top/config.h" ]; then
	confdir=$top
else
	confdir=$work
	cat >"$work/config.h" <<'CONF'
#define ENABLE_NLS 0
#define HAVE_GETRANDOM 1
#define HAVE_SYS_RANDOM_H 1
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
CONF
fi

# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$confdir" -I"$top/include" \
	"$top/bench/bench_list.c" "$top/src/core/pagesource.c" "$top/src/db/migrate.c" "$top/src/util/util.c" \
	-o "$work/bench_list" -lsqlite3
"$work/bench_list" "$rows"
