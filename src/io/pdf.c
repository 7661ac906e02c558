/* pdf.c - A4 pages over cairo's PDF surface with text set by Pango. User space stays in points
 * (Pango rounds glyph positions to whole user units unless told otherwise; points keep that
 * harmless) and every public coordinate is in millimetres. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include "pdf.h"
#include "i18n.h"
#include "util.h"

#define PT_PER_MM (72.0 / 25.4)
#define SHRINK_STEP_PT 0.5

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	char *path;
	int pages;
};

static double
mm(double v)
{
	return v * PT_PER_MM;
}

static double
pu_to_mm(int pango_units)
{
	return (double)pango_units / PANGO_SCALE / PT_PER_MM;
}

/* A Pango context that measures as the PDF prints: no hinting, no rounding to whole points. */
static void
context_setup(PangoContext *ctx)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx, pango_language_from_string("zh-cn"));
}

bool
pdf_font_covers(const char *family, const char *sample)
{
	PangoFontMap *fm = pango_cairo_font_map_get_default();
	PangoContext *ctx = pango_font_map_create_context(fm);
	PangoFontDescription *desc = pango_font_description_new();
	PangoLanguage *lang = pango_language_from_string("zh-cn");
	PangoFontset *fs;
	bool covers = true;
	const char *p;

	context_setup(ctx);
	pango_font_description_set_family(desc, family);
	pango_font_description_set_absolute_size(desc, 12 * PANGO_SCALE);
	fs = pango_font_map_load_fontset(fm, ctx, desc, lang);
	for (p = sample; covers && *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		PangoFont *f = fs ? pango_fontset_get_font(fs, ch) : NULL;

		/* With no font at all Pango hands back a stand-in that has no glyphs: has_char says so. */
		covers = f && pango_font_has_char(f, ch);
		if (f)
			g_object_unref(f);
	}
	if (fs)
		g_object_unref(fs);
	pango_font_description_free(desc);
	g_object_unref(ctx);
	return covers;
}

pdf_doc *
pdf_open(const char *path, const char *family, char **err)
{
	pdf_doc *d;
	cairo_status_t st;

	if (!pdf_font_covers(family, "中文")) {
		*err = xasprintf(_("No installed font can print Chinese (looked for \"%s\"). Install the package %s (apt-get install %s) and print again."),
		                 family, PDF_CJK_FONT_PACKAGE, PDF_CJK_FONT_PACKAGE);
		return NULL;
	}
	d = xcalloc(1, sizeof *d);
	d->surface = cairo_pdf_surface_create(path, mm(PDF_A4_WIDTH_MM), mm(PDF_A4_HEIGHT_MM));
	st = cairo_surface_status(d->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf(_("Cannot write the PDF file %s: %s"), path,
		                 st == CAIRO_STATUS_WRITE_ERROR ? strerror(errno ? errno : EIO) : cairo_status_to_string(st));
		cairo_surface_destroy(d->surface);
		free(d);
		return NULL;
	}
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "lifecircle");
	d->cr = cairo_create(d->surface);
	d->layout = pango_cairo_create_layout(d->cr);
	context_setup(pango_layout_get_context(d->layout));
	pango_layout_context_changed(d->layout);
	d->path = xstrdup(path);
	return d;
}

void
pdf_page_new(pdf_doc *d)
{
	if (d->pages > 0)
		cairo_show_page(d->cr);
	d->pages++;
}

int
pdf_page_count(const pdf_doc *d)
{
	return d->pages;
}

int
pdf_close(pdf_doc *d, char **err)
{
	cairo_status_t st;
	int rc = 0;

	if (d->pages > 0)
		cairo_show_page(d->cr);
	g_object_unref(d->layout);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	st = cairo_surface_status(d->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf(_("Cannot write the PDF file %s: %s"), d->path, cairo_status_to_string(st));
		rc = -1;
	}
	cairo_surface_destroy(d->surface);
	free(d->path);
	free(d);
	return rc;
}

/* Prepare the shared layout for text at size_pt, wrapped to w mm; no height limit, no ellipsis. */
static void
layout_set(pdf_doc *d, const char *text, const pdf_style *st, double size_pt, double w)
{
	PangoFontDescription *desc = pango_font_description_new();
	PangoAlignment al = st->align == PDF_ALIGN_CENTER ? PANGO_ALIGN_CENTER
	                  : st->align == PDF_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;

	pango_font_description_set_family(desc, st->family);
	pango_font_description_set_weight(desc, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(desc, size_pt * PANGO_SCALE);
	pango_layout_set_font_description(d->layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_width(d->layout, (int)(mm(w) * PANGO_SCALE));
	pango_layout_set_height(d->layout, -1);
	pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(d->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(d->layout, al);
	pango_layout_set_indent(d->layout, 0);
	pango_layout_set_spacing(d->layout, (int)(st->line_gap_pt * PANGO_SCALE));
	pango_layout_set_text(d->layout, text, -1);
}

static double
layout_height_mm(pdf_doc *d)
{
	int w, h;

	pango_layout_get_size(d->layout, &w, &h);
	return pu_to_mm(h);
}

double
pdf_text_height(pdf_doc *d, double w, const char *text, const pdf_style *st)
{
	layout_set(d, text, st, st->size_pt, w);
	return layout_height_mm(d);
}

/* Too tall at the smallest size: keep the lines that fit and end the last of them with "…". The
 * text is cut, not clipped, so nothing hidden stays in the file for a text extractor to find. */
static double
cut_to_fit(pdf_doc *d, const char *text, const pdf_style *st, double size, double w, double h)
{
	PangoLayoutIter *it = pango_layout_get_iter(d->layout);
	int fit = 0, limit = (int)(mm(h) * PANGO_SCALE);
	size_t cut;
	char *s;
	double used;

	do {
		PangoRectangle logical;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		if (logical.y + logical.height > limit)
			break;
		fit++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	if (pango_layout_get_line_count(d->layout) < 2)
		return layout_height_mm(d); /* one line taller than the box: the clip cuts it */
	cut = (size_t)pango_layout_get_line_readonly(d->layout, fit > 0 ? fit : 1)->start_index;
	for (;;) {
		while (cut > 0 && (text[cut - 1] == '\n' || text[cut - 1] == ' '))
			cut--;
		s = xasprintf("%.*s\xE2\x80\xA6", (int)cut, text);
		layout_set(d, s, st, size, w);
		free(s);
		used = layout_height_mm(d);
		if (used <= h || cut == 0)
			return used;
		cut = (size_t)(g_utf8_find_prev_char(text, text + cut) - text);
	}
}

double
pdf_text_box(pdf_doc *d, double x, double y, double w, double h, const char *text, const pdf_style *st, double *shrunk_pt)
{
	double size = st->size_pt, min = st->min_size_pt > 0 ? st->min_size_pt : st->size_pt;
	double used, top = y;

	layout_set(d, text, st, size, w);
	while ((used = layout_height_mm(d)) > h && size - SHRINK_STEP_PT >= min - 1e-9) {
		size -= SHRINK_STEP_PT;
		layout_set(d, text, st, size, w);
	}
	if (used > h)
		used = cut_to_fit(d, text, st, size, w, h);
	if (st->vcenter && used < h)
		top = y + (h - used) / 2;
	cairo_save(d->cr);
	/* A single line taller than the box is the only thing the clip ever cuts. */
	cairo_rectangle(d->cr, mm(x), mm(y), mm(w), mm(h));
	cairo_clip(d->cr);
	cairo_move_to(d->cr, mm(x), mm(top));
	pango_cairo_update_layout(d->cr, d->layout);
	pango_cairo_show_layout(d->cr, d->layout);
	cairo_restore(d->cr);
	if (shrunk_pt)
		*shrunk_pt = size;
	return used < h ? used : h;
}

void
pdf_text_flow(pdf_doc *d, double x, double *y, double w, double top, double bottom, double indent_mm, const char *text, const pdf_style *st)
{
	PangoLayoutIter *it;
	double cur = *y;

	layout_set(d, text, st, st->size_pt, w);
	pango_layout_set_indent(d->layout, (int)(mm(indent_mm) * PANGO_SCALE));
	pango_cairo_update_layout(d->cr, d->layout);
	it = pango_layout_get_iter(d->layout);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		double lh, base;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		lh = pu_to_mm(logical.height);
		base = pu_to_mm(pango_layout_iter_get_baseline(it) - logical.y);
		if (cur + lh > bottom && cur > top) {
			pdf_page_new(d);
			cur = top;
		}
		cairo_move_to(d->cr, mm(x) + (double)logical.x / PANGO_SCALE, mm(cur + base));
		pango_cairo_show_layout_line(d->cr, line);
		cur += lh + st->line_gap_pt / PT_PER_MM;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*y = cur;
}

void
pdf_line(pdf_doc *d, double x1, double y1, double x2, double y2, double width_mm)
{
	cairo_set_line_width(d->cr, mm(width_mm));
	cairo_move_to(d->cr, mm(x1), mm(y1));
	cairo_line_to(d->cr, mm(x2), mm(y2));
	cairo_stroke(d->cr);
}

void
pdf_rect(pdf_doc *d, double x, double y, double w, double h, double width_mm)
{
	cairo_set_line_width(d->cr, mm(width_mm));
	cairo_rectangle(d->cr, mm(x), mm(y), mm(w), mm(h));
	cairo_stroke(d->cr);
}

void
pdf_check_mark(pdf_doc *d, double x, double y, double w, double h, double size_pt, const char *family)
{
	pdf_style st = { .family = family, .size_pt = size_pt, .align = PDF_ALIGN_CENTER, .vcenter = true };

	pdf_text_box(d, x, y, w, h, "\xE2\x9C\x93", &st, NULL);
}

void
pdf_shutdown(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
