/* template.c - `lifecircle template import|list|show`: questionnaire templates from XLSForm files. */
#include "config.h"
#include "cli_int.h"

int
cmd_template(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx; (void)argc; (void)argv;
	return 2;
}
