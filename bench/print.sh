#!/bin/sh
# print.sh - build bench_print from the sources (no autotools needed) and run it: the feedback form
# to PDF, one and a batch of 100, time and size per page, as name,value,unit lines.
# Needs libcairo2-dev, libpango1.0-dev and fonts-noto-cjk. CC and CFLAGS may be set; LC_CONFIG_DIR
# may name a directory holding config.h.
set -eu

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"

# CFLAGS and pkg-config's output are lists of options: split them on purpose.
# shellcheck disable=SC2086,SC2046
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$confdir" -I"$top/include" $(pkg-config --cflags pangocairo fontconfig) \
	"$top/bench/bench_print.c" "$top/src/core/printform.c" "$top/src/io/pdf.c" "$top/src/util/utf8.c" \
	"$top/src/util/util.c" -o "$work/bench_print" $(pkg-config --libs pangocairo fontconfig)
"$work/bench_print"
