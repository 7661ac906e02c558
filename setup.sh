#!/bin/sh
# setup.sh - on a fresh Debian/Ubuntu machine: install what is missing, build, install, and start
# lifecircle on its default database. Safe to run again; it only installs missing packages.
set -eu
cd "$(dirname "$0")"

# One list for setup.sh and CI: build-aux/debian-packages (compilers, ncursesw, sqlite3, utf8proc, libzip,
# expat,
# cairo/pango, the zh_CN locale, fonts-noto-cjk, and the test tools tmux, sqlite3, util-linux, poppler-utils).
PACKAGES=$(sed 's/#.*//' build-aux/debian-packages)

if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi

missing=
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "Installing:$missing"
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
fi
# The Chinese interface needs the zh_CN.UTF-8 locale; a fresh Debian machine does not have it.
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
	$SUDO localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"
$SUDO make install
# Chinese if the user has no preference of their own.
: "${LANG:=zh_CN.UTF-8}"
export LANG
exec lifecircle "$@"
