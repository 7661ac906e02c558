#!/bin/sh
# print.sh - build bench_print from the sources (no autotools needed) and run it: the feedback form
# to PDF, one and a batch of 100, time and size per page, as name,value,unit lines.
# Needs libcairo2-dev, libpango1.0-dev and fonts-noto-cjk. CC and CFLAGS may be set; LC_CONFIG_DIR
# may name a directory holding config.h.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-build-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

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

# CFLAGS and pkg-config's output are lists of options: split them on purpose.
# shellcheck disable=SC2086,SC2046
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$confdir" -I"$top/include" $(pkg-config --cflags pangocairo fontconfig) \
	"$top/bench/bench_print.c" "$top/src/core/printform.c" "$top/src/io/pdf.c" "$top/src/util/utf8.c" \
	"$top/src/util/util.c" -o "$work/bench_print" $(pkg-config --libs pangocairo fontconfig)
"$work/bench_print"
