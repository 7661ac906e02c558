#!/bin/sh
# survey.sh - the survey storage benchmark (bench_survey.c) and the CSV export against sqlite3 -csv.
# Usage: bench/survey.sh [N]   (default 1,000,000 responses; about 15-25 minutes on 2 shared cores)
#        BENCH_EXPORT_ONLY=FILE bench/survey.sh   (only the export, on a file bench_survey kept)
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
db=${BENCH_EXPORT_ONLY:-$work/survey.db}
[ -n "${BENCH_EXPORT_ONLY:-}" ] || "$work/bench_survey" "$n" "$db"

# The export: lifecircle's CSV (one column per question, 0/1 columns per choice) against sqlite3 -csv
# printing the same rows (the record's columns and the raw JSON). Wall seconds, CPU seconds (user +
# system: on a machine shared with other builds the wall clock measures the load as much as the
# program), and the peak memory. BENCH_EXPORT_ONLY=FILE times only the export, on a kept file.
export_times() {	# DB
	/usr/bin/time -f '%e %U %S %M' -o "$work/t.lc" "$build/lifecircle" --db "$1" export survey --template needs2026 \
		-o "$work/export.csv" 2>/dev/null
	/usr/bin/time -f '%e %U %S %M' -o "$work/t.sq" sqlite3 -csv "$1" "SELECT id, template, template_version, community,
		estate, surveyed_on, status, operator, answers FROM survey_response WHERE deleted = 0 AND template = 'needs2026'" \
		>"$work/sqlite.csv"
	rows=$(($(wc -l <"$work/export.csv") - 1))
	read -r lw lu ls lm <"$work/t.lc"
	read -r sw su ss sm <"$work/t.sq"
	echo "export.rows $rows"
	echo "export.lifecircle_csv.seconds $lw (cpu $(echo "$lu + $ls" | bc))"
	echo "export.lifecircle_csv.rows_per_s $(echo "$rows / $lw" | bc) (per cpu second $(echo "$rows / ($lu + $ls)" | bc))"
	echo "export.lifecircle_csv.peak_rss $lm kB"
	echo "export.lifecircle_csv.bytes $(wc -c <"$work/export.csv")"
	echo "export.sqlite3_csv.seconds $sw (cpu $(echo "$su + $ss" | bc))"
	echo "export.sqlite3_csv.rows_per_s $(echo "$rows / $sw" | bc) (per cpu second $(echo "$rows / ($su + $ss)" | bc))"
	echo "export.sqlite3_csv.bytes $(wc -c <"$work/sqlite.csv")"
	echo "export.speed_vs_sqlite3 wall $(echo "scale=2; $sw / $lw" | bc), cpu $(echo "scale=2; ($su + $ss) / ($lu + $ls)" | bc)"
}
export_times "$db"
