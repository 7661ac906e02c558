# shellcheck shell=sh
# build.sh - sourced by the scripts that build one bench against a configured tree (double_entry.sh,
# facilities.sh, gaps.sh; POSIX sh): sets top (the source tree), build (BUILD, default the source
# tree) and work (a temporary folder removed on exit), and defines bench_build NAME [PKG...]: make the
# tree's liblccore.a, then link bench/NAME.c against it into "$work/NAME" (PKG: more pkg-config
# packages the bench needs besides the core library's). The caller sets -eu.

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top}
work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench-build-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

bench_build() {
	name=$1
	shift
	[ -f "$build/config.h" ] || { echo "$(basename "$0"): configure first (no $build/config.h)" >&2; exit 1; }
	make -C "$build" -s liblccore.a
	# CFLAGS and pkg-config's answer are lists of options: split them on purpose.
	# shellcheck disable=SC2086,SC2046
	${CC:-gcc} -std=gnu11 ${CFLAGS:--O2 -g} -I"$build" -I"$top/include" "$top/bench/$name.c" \
		"$build/liblccore.a" -o "$work/$name" $(pkg-config --libs sqlite3 libutf8proc libzip expat "$@") -lm
}
