# common.sh - sourced by bench/run.sh and bench/print.sh (POSIX sh): sets top (the source tree),
# work (a temporary build directory removed on exit) and confdir (where config.h is: LC_CONFIG_DIR,
# else the build's, else a stand-in with just what the bench sources use, written into work).
# The caller sets -eu and finds this file through "$(dirname "$0")".

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
