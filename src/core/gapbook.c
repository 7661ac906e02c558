/* gapbook.c - the gap report laid out as a workbook: what gaps_write_sheet gives CSV as one flat
 * table is here a summary sheet and a sheet per community, so a district file opens on its summary. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gapbook.h"
#include "util.h"
#include "i18n.h"

/* "CODE NAME": the community's sheet (sheetout makes it a name Excel takes). */
static char *
community_sheet(const gap_report *r)
{
	return xasprintf("%s %s", r->code, r->name);
}

char *
gapbook_first_sheet(const gap_report *r, size_t n)
{
	return n == 1 ? community_sheet(r) : xstrdup(_("Summary"));
}

static void
write_summary(sheetout *so, const gap_report *r, size_t n)
{
	const char *head[9] = { _("Code"), _("Community"), _("met"), _("below the standard"), _("missing"),
	    _("not checkable"), _("m² per 100 households"), _("service facility"), _("elderly care") };
	gap_summary s;

	sheetout_header(so, head, 9);
	for (size_t i = 0; i < n; i++) {
		const gap_indicator *g = gaps_find_indicator(&r[i], GAPS_IND_AREA_PER_100);
		sheetout_text(so, r[i].code);
		sheetout_text(so, r[i].name);
		for (int k = 0; k < 4; k++)
			sheetout_number(so, r[i].n_status[k]);
		if (g && g->known)
			sheetout_number(so, g->value);
		else
			sheetout_text(so, "");
		sheetout_text(so, r[i].has_service ? _("yes") : _("no"));
		sheetout_text(so, r[i].has_elderly ? _("yes") : _("no"));
		sheetout_end_row(so);
	}
	gaps_summarize(r, n, &s);
	sheetout_end_row(so);
	sheetout_text(so, _("Communities with a community service facility"));
	sheetout_number(so, (double)s.with_service);
	sheetout_number(so, (double)n);
	sheetout_end_row(so);
	sheetout_text(so, _("Communities with an elderly-care facility"));
	sheetout_number(so, (double)s.with_elderly);
	sheetout_number(so, (double)n);
	sheetout_end_row(so);
}

static void
write_community(sheetout *so, const gap_report *r)
{
	const char *head[5] = { _("No."), _("Name"), _("Verdict"), _("Operating"), _("Details") };
	const char *ihead[7] = { _("No."), _("Indicator"), _("Verdict"), _("Value"), _("Target"), _("Unit"), _("Details") };

	sheetout_header(so, head, 5);
	for (size_t k = 0; k < r->n_items; k++) {
		const gap_item *it = &r->items[k];
		char *d = *it->pending ? xasprintf("%s%s%s", it->detail, _("; "), it->pending) : xstrdup(it->detail);
		sheetout_number(so, it->no);
		sheetout_text(so, it->name);
		sheetout_text(so, gaps_status_label(it->status));
		sheetout_number(so, it->operating);
		sheetout_text(so, d);
		sheetout_end_row(so);
		free(d);
	}
	sheetout_end_row(so);
	for (size_t i = 0; i < 7; i++)
		sheetout_text(so, ihead[i]);
	sheetout_end_row(so);
	for (size_t k = 0; k < r->n_indicators; k++) {
		const gap_indicator *g = &r->indicators[k];
		char *t = gaps_target_text(g);
		sheetout_number(so, g->no);
		sheetout_text(so, g->name);
		sheetout_text(so, gaps_indicator_verdict(g));
		if (g->known)
			sheetout_number(so, g->value);
		else
			sheetout_text(so, "");
		sheetout_text(so, t);
		sheetout_text(so, g->unit);
		sheetout_text(so, g->detail);
		sheetout_end_row(so);
		free(t);
	}
}

int
gapbook_write(sheetout *so, const gap_report *r, size_t n)
{
	if (n > 1)
		write_summary(so, r, n);
	for (size_t i = 0; i < n; i++) {
		if (n > 1) {
			char *name = community_sheet(&r[i]);
			sheetout_sheet(so, name);
			free(name);
		}
		write_community(so, &r[i]);
	}
	return sheetout_error(so) ? -1 : 0;
}
