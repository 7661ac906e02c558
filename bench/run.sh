#!/bin/sh
# run.sh - build the benchmarks from the sources (no autotools needed) and run them. Prints one line
# per measure: name, value, unit (lines starting with # are notes: the page SQL and its plan).
# Usage: bench/run.sh [responses [facilities]]   (default 1000000 and 100000)
#   bench_lists: status counts, list open, search (both strategies), sort, counts after a save;
#   bench_list:  page cost by position (keyset pagination) over the responses.
# CC and CFLAGS may be set; LC_CONFIG_DIR may name a directory holding config.h.
set -eu

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
rows=${1:-1000000}
facilities=${2:-100000}

# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086
core="$top/src/core/pagesource.c $top/src/core/search.c $top/src/core/stats.c $top/src/db/migrate.c"
core="$core $top/src/util/util.c $top/src/util/utf8.c"
for b in bench_lists bench_list; do
	# shellcheck disable=SC2086
	${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$confdir" -I"$top/include" \
		"$top/bench/$b.c" $core -o "$work/$b" -lsqlite3
done
"$work/bench_lists" "$rows" "$facilities"
if [ "$rows" -ge 75000 ]; then
	"$work/bench_list" "$rows"
fi
