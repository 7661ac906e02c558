#!/bin/bash
# translations.sh - po/zh_CN.po carries every message the program can show: each source file
# that marks strings with _() or N_() is listed in po/POTFILES.in, and every msgid xgettext finds
# there has a translation (not fuzzy, not empty). msgfmt --statistics alone cannot see a message
# that was never added to the .po file.
. "$(dirname "$0")/lib.sh"

require_tool xgettext gettext
require_tool msgcmp gettext
top=$TESTS_SRCDIR/..

missing=""
for f in $(cd "$top" && grep -rlE '\bN?_\("' src); do
	grep -qx "$f" "$top/po/POTFILES.in" || missing="$missing $f"
done
is "$missing" "" "every source file with _() or N_() strings is listed in po/POTFILES.in"

pot="$_t_tmp/lifecircle.pot"
(cd "$top" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --language=C -o "$pot" \
	$(sed 's/#.*//' po/POTFILES.in))
ok $? "xgettext reads every file in po/POTFILES.in"
out=$(msgcmp "$top/po/zh_CN.po" "$pot" 2>&1); st=$?
is "$st" 0 "every message in the sources has a zh_CN translation"
[ "$st" -eq 0 ] || diag "$(printf '%s\n' "$out" | grep -v 'is not used' | head -20)"
stats=$(msgfmt -c --statistics -o /dev/null "$top/po/zh_CN.po" 2>&1)
lacks "$stats" "fuzzy" "no translation is fuzzy: $stats"
lacks "$stats" "untranslated" "none is left untranslated"
done_testing
