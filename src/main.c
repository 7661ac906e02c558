/* main.c - locale and translations, then the command line. */
#include "config.h"
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "i18n.h"

/* True when the character locale in use is the plain C one (LANG unset, C or POSIX). */
static bool
is_plain_c(void)
{
	const char *ctype = setlocale(LC_CTYPE, NULL);
	return ctype && (strcmp(ctype, "C") == 0 || strcmp(ctype, "POSIX") == 0);
}

int
main(int argc, char **argv)
{
	bool locale_ok = setlocale(LC_ALL, "") != NULL;

	/* No language asked for (LANG unset, C or POSIX): English, in UTF-8 so names still show. */
	if (locale_ok && is_plain_c())
		locale_ok = setlocale(LC_ALL, "C.UTF-8") != NULL;
	/* The screens draw UTF-8 only; a non-UTF-8 locale is treated like a missing one. */
	if (locale_ok && strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		locale_ok = false;
#if ENABLE_NLS
	{
		/* Tests and uninstalled builds point at their own compiled catalogue. */
		const char *dir = getenv("LIFECIRCLE_LOCALEDIR");
		bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
		bind_textdomain_codeset(PACKAGE, "UTF-8");
		textdomain(PACKAGE);
	}
#endif
	return cli_main(argc, argv, locale_ok);
}
