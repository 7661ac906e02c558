#!/bin/sh
# survey.sh - the survey storage benchmark (bench_survey.c) and the CSV export against sqlite3 -csv.
# Usage: bench/survey.sh [N]   (default 1,000,000 responses; about 15-25 minutes on 2 shared cores)
# Run from anywhere after configure and make; BUILD names the build directory (default: the source
# tree itself). The database lives in a temporary directory removed on exit.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top}
n=${1:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-survey-sh-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

[ -f "$build/config.h" ] || { echo "survey.sh: configure first (no $build/config.h)" >&2; exit 1; }
make -C "$build" -s liblccore.a lifecircle
# CFLAGS is a list of options: split it on purpose.
# shellcheck disable=SC2086
${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$build" -I"$top/include" "$top/bench/bench_survey.c" \
	"$build/liblccore.a" -o "$work/bench_survey" $(pkg-config --libs sqlite3 libutf8proc libzip expat xlsxwriter) -lm
export LIFECIRCLE_DATADIR="${LIFECIRCLE_DATADIR:-$top/data}"
"$work/bench_survey" "$n" "$work/survey.db"

# The export: lifecircle's CSV (one column per question, 0/1 columns per choice) against sqlite3 -csv
# printing the same rows (the record's columns and the raw JSON). Seconds, and the peak memory.
now() { date +%s.%N; }
t0=$(now)
/usr/bin/time -f '%M' -o "$work/rss" "$build/lifecircle" --db "$work/survey.db" export survey --template needs2026 \
	-o "$work/export.csv"
t1=$(now)
sqlite3 -csv "$work/survey.db" "SELECT id, template, template_version, community, estate, surveyed_on, status,
	operator, answers FROM survey_response WHERE deleted = 0 AND template = 'needs2026'" >"$work/sqlite.csv"
t2=$(now)
rows=$(($(wc -l <"$work/export.csv") - 1))
echo "export.rows $rows"
echo "export.lifecircle_csv.seconds $(echo "$t1 - $t0" | bc)"
echo "export.lifecircle_csv.rows_per_s $(echo "$rows / ($t1 - $t0)" | bc)"
echo "export.lifecircle_csv.peak_rss $(cat "$work/rss") kB"
echo "export.lifecircle_csv.bytes $(wc -c <"$work/export.csv")"
echo "export.sqlite3_csv.seconds $(echo "$t2 - $t1" | bc)"
echo "export.sqlite3_csv.rows_per_s $(echo "$rows / ($t2 - $t1)" | bc)"
echo "export.sqlite3_csv.bytes $(wc -c <"$work/sqlite.csv")"
