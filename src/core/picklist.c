/* picklist.c - the pick list's state (see picklist.h); src/ui/dialog.c draws it. */
#include "config.h"
#include <stdlib.h>
#include <wctype.h>
#include "picklist.h"
#include "utf8.h"
#include "util.h"

/* Rebuild the shown rows from the filter; the highlight goes to the first. */
static void
refilter(picklist *p)
{
	p->nvis = 0;
	for (size_t i = 0; i < p->n; i++) {
		wchar_t *w = utf8_to_wcs(p->labels[i], NULL);
		for (wchar_t *c = w; *c; c++)
			*c = (wchar_t)towlower((wint_t)*c);
		if (p->flen == 0 || wcsstr(w, p->filter))
			p->vis[p->nvis++] = i;
		free(w);
	}
	p->sel = 0;
}

void
picklist_init(picklist *p, const char *const *labels, size_t n, size_t current)
{
	*p = (picklist){ .labels = labels, .n = n };
	p->vis = xcalloc(n ? n : 1, sizeof *p->vis);
	refilter(p);
	p->sel = current < n ? current : 0;
}

void
picklist_free(picklist *p)
{
	free(p->vis);
	p->vis = NULL;
}

bool
picklist_clear(picklist *p)
{
	if (!p->flen && !p->number)
		return false;
	p->flen = p->number = 0;
	p->filter[0] = L'\0';
	refilter(p);
	return true;
}

/* Digits pick by number in the whole list: 1 then 2 is 12 while there are 12 labels, else 2. */
static void
type_digit(picklist *p, size_t d)
{
	if (p->flen)
		picklist_clear(p);
	p->number = p->number * 10 + d;
	if (p->number == 0 || p->number > p->n)
		p->number = d;
	if (p->number >= 1 && p->number <= p->n)
		p->sel = p->number - 1;
}

void
picklist_type(picklist *p, wchar_t c)
{
	if (c >= L'0' && c <= L'9') {
		type_digit(p, (size_t)(c - L'0'));
		return;
	}
	if (c < 0x20 || p->flen >= PICKLIST_FILTER_MAX)
		return;
	p->number = 0;
	p->filter[p->flen++] = (wchar_t)towlower((wint_t)c);
	p->filter[p->flen] = L'\0';
	refilter(p);
}

void
picklist_backspace(picklist *p)
{
	if (p->number) {
		p->number /= 10;
		if (p->number >= 1)
			p->sel = p->number - 1;
	} else if (p->flen) {
		p->filter[--p->flen] = L'\0';
		refilter(p);
	}
}

void
picklist_move(picklist *p, long delta)
{
	long s = (long)p->sel + delta;

	if (s >= (long)p->nvis)
		s = (long)p->nvis - 1;
	if (s < 0)
		s = 0;
	p->sel = (size_t)s;
}

int
picklist_selected(const picklist *p)
{
	return p->nvis ? (int)p->vis[p->sel] : -1;
}
