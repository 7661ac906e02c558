/* i18n.h - gettext glue: _() marks and translates, N_() only marks. */
#ifndef LC_I18N_H
#define LC_I18N_H

#include "config.h"
#if ENABLE_NLS
# include <libintl.h>
# define _(s) gettext(s)
#else
# define _(s) (s)
# define ngettext(a, b, n) ((n) == 1 ? (a) : (b))
#endif
#define N_(s) (s)

#endif
