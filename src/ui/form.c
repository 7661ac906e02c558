/* form.c - the form engine. Text fields are edited by our own line editor (characters and
 * display columns, not bytes), so double-width text and input-method commits work; choice fields
 * are radio/check groups. A field's value goes to the draft as soon as the user leaves it. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "form.h"
#include "dialog.h"
#include "draft.h"
#include "lineedit.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

#define MULTILINE_ROWS 4
#define KEY_CTRL(c) ((c) & 0x1f)

typedef struct fstate {
	lineedit le;      /* text kinds */
	char *value;      /* choice kinds: the stored value */
	char *initial;    /* value as loaded: dirty means different from this */
	char *drafted;    /* value last written to the draft */
	char *error;      /* message shown under the field */
	size_t choice;    /* choice kinds: highlighted choice */
} fstate;

struct form {
	const fieldset *fs;
	fstate *st;
	size_t focus;
	char *draft_key;
	int scroll;       /* first content row shown */
	int multi_w;      /* width of multi-line boxes at the last draw */
	char *hints;
};

static bool
is_text(field_kind k)
{
	return k != FIELD_CHOICE && k != FIELD_MULTI && k != FIELD_YESNO;
}

static size_t
default_max_chars(const field_def *d)
{
	if (d->max_chars)
		return d->max_chars;
	switch (d->kind) {
	case FIELD_MULTILINE: return 2000;
	case FIELD_DATE: return 10;
	case FIELD_PHONE: return 24;
	case FIELD_INTEGER: case FIELD_DECIMAL: return 20;
	default: return 200;
	}
}

static const field_def *
def(const form *f, size_t i)
{
	return &f->fs->fields[i];
}

static char *
value_of(const form *f, size_t i)
{
	if (is_text(def(f, i)->kind))
		return lineedit_get_utf8(&f->st[i].le);
	return xstrdup(f->st[i].value ? f->st[i].value : "");
}

static void
set_value(form *f, size_t i, const char *v)
{
	fstate *s = &f->st[i];

	if (is_text(def(f, i)->kind)) {
		lineedit_set_utf8(&s->le, v ? v : "");
		s->le.first = 0;
		s->le.top_row = 0;
	} else {
		free(s->value);
		s->value = xstrdup(v ? v : "");
	}
}

form *
form_new(const fieldset *fs, const char *draft_key)
{
	form *f = xcalloc(1, sizeof *f);

	f->fs = fs;
	f->st = xcalloc(fs->n ? fs->n : 1, sizeof *f->st);
	f->draft_key = xstrdup(draft_key);
	for (size_t i = 0; i < fs->n; i++) {
		lineedit_init(&f->st[i].le, default_max_chars(&fs->fields[i]), fs->fields[i].kind == FIELD_MULTILINE);
		f->st[i].value = xstrdup("");
		f->st[i].initial = xstrdup("");
	}
	return f;
}

void
form_free(form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->fs->n; i++) {
		lineedit_free(&f->st[i].le);
		free(f->st[i].value);
		free(f->st[i].initial);
		free(f->st[i].drafted);
		free(f->st[i].error);
	}
	free(f->st);
	free(f->draft_key);
	free(f->hints);
	free(f);
}

void
form_set_value(form *f, const char *name, const char *value)
{
	int i = fieldset_find(f->fs, name);

	if (i < 0)
		return;
	set_value(f, (size_t)i, value);
	free(f->st[i].initial);
	f->st[i].initial = value_of(f, (size_t)i);
}

char *
form_get_value(const form *f, const char *name)
{
	int i = fieldset_find(f->fs, name);
	return i < 0 ? NULL : value_of(f, (size_t)i);
}

int
form_restore_draft(form *f)
{
	int n = 0;

	if (!f->draft_key)
		return 0;
	for (size_t i = 0; i < f->fs->n; i++) {
		char *v = draft_get(ui_db(), f->draft_key, def(f, i)->name);
		if (v) {
			set_value(f, i, v);
			free(f->st[i].drafted);
			f->st[i].drafted = v;
			n++;
		}
	}
	return n;
}

void
form_clear_draft(form *f)
{
	if (f->draft_key)
		draft_clear(ui_db(), f->draft_key);
	for (size_t i = 0; i < f->fs->n; i++) {
		free(f->st[i].drafted);
		f->st[i].drafted = NULL;
	}
}

static void
set_error(form *f, size_t i, char *msg)
{
	free(f->st[i].error);
	f->st[i].error = msg;
}

void
form_set_error(form *f, const char *name, const char *msg)
{
	int i = fieldset_find(f->fs, name);

	if (i < 0)
		return;
	set_error(f, (size_t)i, xstrdup(msg));
	f->focus = (size_t)i;
}

/* Write field i to the draft when it changed since the last write. */
static void
save_draft(form *f, size_t i)
{
	char *v;

	if (!f->draft_key)
		return;
	v = value_of(f, i);
	if (!f->st[i].drafted || strcmp(v, f->st[i].drafted) != 0) {
		draft_put(ui_db(), f->draft_key, def(f, i)->name, v);
		free(f->st[i].drafted);
		f->st[i].drafted = v;
	} else {
		free(v);
	}
}

/* Leaving field i: normalise (full-width digits from an input method), validate, keep a draft. */
static void
commit(form *f, size_t i)
{
	const field_def *d = def(f, i);
	char *v = value_of(f, i);

	if (is_text(d->kind) && d->kind != FIELD_MULTILINE && d->kind != FIELD_TEXT) {
		char *n = field_normalize(d, v);
		if (strcmp(n, v) != 0)
			lineedit_set_utf8(&f->st[i].le, n);
		free(v);
		v = n;
	}
	set_error(f, i, field_validate(d, v));
	free(v);
	save_draft(f, i);
}

void
form_flush(form *f)
{
	if (f->fs->n)
		save_draft(f, f->focus);
}

bool
form_dirty(const form *f)
{
	for (size_t i = 0; i < f->fs->n; i++) {
		char *v = value_of(f, i);
		bool differs = strcmp(v, f->st[i].initial) != 0;
		free(v);
		if (differs)
			return true;
	}
	return false;
}

static void
move_focus(form *f, int dir)
{
	size_t n = f->fs->n;

	if (n == 0)
		return;
	commit(f, f->focus);
	f->focus = (f->focus + n + (size_t)(dir < 0 ? n - 1 : 1)) % n;
	if (is_text(def(f, f->focus)->kind))
		lineedit_end(&f->st[f->focus].le);
}

/* Validate everything; focus the first bad field. True when all are fine. */
static bool
validate_all(form *f)
{
	bool ok = true;

	commit(f, f->focus);
	for (size_t i = 0; i < f->fs->n; i++) {
		char *v = value_of(f, i);
		set_error(f, i, field_validate(def(f, i), v));
		free(v);
		if (f->st[i].error && ok) {
			ok = false;
			f->focus = i;
		}
	}
	return ok;
}

static form_result
cancel(form *f)
{
	if (form_dirty(f) &&
	    !dialog_confirm(_("Discard changes?"), _("This form has changes that are not saved. Throw them away?")))
		return FORM_NONE;
	form_clear_draft(f);
	return FORM_CANCEL;
}

static form_result
save(form *f)
{
	if (validate_all(f))
		return FORM_SAVE;
	ui_flash(_("Some fields need attention: see the messages under them."));
	return FORM_NONE;
}

static bool
is_enter(ui_key k)
{
	return (k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'));
}

/* Keys every field kind shares; returns true when handled (result in *r). */
static bool
common_key(form *f, ui_key k, form_result *r)
{
	*r = FORM_NONE;
	if ((k.is_key && k.code == KEY_F(2)) || (!k.is_key && k.code == KEY_CTRL('s')))
		*r = save(f);
	else if (!k.is_key && k.code == 27)
		*r = cancel(f);
	else if ((!k.is_key && k.code == '\t') || (k.is_key && k.code == KEY_DOWN))
		move_focus(f, 1);
	else if (k.is_key && (k.code == KEY_BTAB || k.code == KEY_UP))
		move_focus(f, -1);
	else
		return false;
	return true;
}

static void
insert_today(lineedit *le)
{
	char today[11];

	util_today(today);
	lineedit_set_utf8(le, today);
}

bool
form_edit_key(lineedit *le, ui_key k)
{
	if (k.is_key) {
		switch (k.code) {
		case KEY_LEFT: lineedit_left(le); return true;
		case KEY_RIGHT: lineedit_right(le); return true;
		case KEY_HOME: lineedit_home(le); return true;
		case KEY_END: lineedit_end(le); return true;
		case KEY_BACKSPACE: lineedit_backspace(le); return true;
		case KEY_DC: lineedit_delete(le); return true;
		default: return false;
		}
	}
	switch (k.code) {
	case 0x7f: case 0x08: lineedit_backspace(le); return true;
	case KEY_CTRL('a'): lineedit_home(le); return true;
	case KEY_CTRL('e'): lineedit_end(le); return true;
	case KEY_CTRL('k'): lineedit_kill_to_end(le); return true;
	case KEY_CTRL('u'): lineedit_kill_to_start(le); return true;
	default: return false;
	}
}

static form_result
text_key(form *f, ui_key k)
{
	const field_def *d = def(f, f->focus);
	lineedit *le = &f->st[f->focus].le;
	form_result r;

	if (d->kind == FIELD_MULTILINE && k.is_key && (k.code == KEY_UP || k.code == KEY_DOWN)) {
		if (lineedit_vertical(le, (size_t)(f->multi_w > 0 ? f->multi_w : 40), k.code == KEY_UP ? -1 : 1) == 0)
			return FORM_NONE;
	}
	if (d->kind == FIELD_MULTILINE && is_enter(k)) {
		lineedit_insert(le, L'\n');
		return FORM_NONE;
	}
	if (is_enter(k)) {
		move_focus(f, 1);
		return FORM_NONE;
	}
	if (common_key(f, k, &r))
		return r;
	if (form_edit_key(le, k) || k.is_key)
		return FORM_NONE;
	if (d->kind == FIELD_DATE && (k.code == 't' || k.code == 'T'))
		insert_today(le);
	else if (lineedit_insert(le, (wchar_t)k.code) != 0 && k.code >= 0x20)
		ui_flash(_("The field is full."));
	return FORM_NONE;
}

static size_t
choice_count(const field_def *d)
{
	return d->kind == FIELD_YESNO ? 2 : d->nchoices;
}

static const char *
choice_value(const field_def *d, size_t c)
{
	if (d->kind == FIELD_YESNO)
		return c == 0 ? "yes" : "no";
	return d->choices[c].value;
}

static const char *
choice_label(const field_def *d, size_t c)
{
	if (d->kind == FIELD_YESNO)
		return c == 0 ? _("Yes") : _("No");
	return d->choices[c].label;
}

static bool
choice_on(const form *f, size_t i, size_t c)
{
	const field_def *d = def(f, i);
	const char *v = f->st[i].value;

	if (d->kind == FIELD_MULTI)
		return field_multi_has(v, choice_value(d, c));
	return strcmp(v, choice_value(d, c)) == 0;
}

static void
pick(form *f, size_t c)
{
	const field_def *d = def(f, f->focus);
	fstate *s = &f->st[f->focus];
	char *nv;

	s->choice = c;
	if (d->kind == FIELD_MULTI)
		nv = field_multi_toggle(d, s->value, choice_value(d, c));
	else
		nv = xstrdup(choice_on(f, f->focus, c) && d->kind != FIELD_YESNO && !d->required ? "" : choice_value(d, c));
	free(s->value);
	s->value = nv;
	set_error(f, f->focus, NULL);
}

static form_result
choice_key(form *f, ui_key k)
{
	const field_def *d = def(f, f->focus);
	fstate *s = &f->st[f->focus];
	size_t n = choice_count(d);
	form_result r;

	if (is_enter(k)) {
		move_focus(f, 1);
		return FORM_NONE;
	}
	if (common_key(f, k, &r) || n == 0)
		return r;
	if (k.is_key && k.code == KEY_LEFT)
		s->choice = (s->choice + n - 1) % n;
	else if (k.is_key && k.code == KEY_RIGHT)
		s->choice = (s->choice + 1) % n;
	else if (!k.is_key && k.code == ' ')
		pick(f, s->choice);
	else if (!k.is_key && k.code >= '1' && k.code <= '9' && (size_t)(k.code - '1') < n)
		pick(f, (size_t)(k.code - '1'));
	else if (d->kind == FIELD_YESNO && !k.is_key && (k.code == 'y' || k.code == 'Y'))
		pick(f, 0);
	else if (d->kind == FIELD_YESNO && !k.is_key && (k.code == 'n' || k.code == 'N'))
		pick(f, 1);
	return FORM_NONE;
}

form_result
form_key(form *f, ui_key k)
{
	if (f->fs->n == 0)
		return (!k.is_key && k.code == 27) ? FORM_CANCEL : FORM_NONE;
	if (is_text(def(f, f->focus)->kind))
		return text_key(f, k);
	return choice_key(f, k);
}

/* ---- layout and drawing ---- */

typedef struct geom {
	int label_w;   /* columns for labels */
	int box_x;     /* first column of field boxes */
	int box_w;     /* widest box */
} geom;

static geom
layout(const form *f, int width)
{
	geom g = { 8, 0, 0 };

	for (size_t i = 0; i < f->fs->n; i++) {
		int w = (int)utf8_width_cols(def(f, i)->label) + 2;
		if (w > g.label_w)
			g.label_w = w;
	}
	if (g.label_w > width / 3)
		g.label_w = width / 3;
	g.box_x = 2 + g.label_w + 1;
	g.box_w = width - g.box_x - 3;
	if (g.box_w > 60)
		g.box_w = 60;
	return g;
}

static int
box_width(const field_def *d, const geom *g)
{
	int w = g->box_w;

	switch (d->kind) {
	case FIELD_DATE: w = 12; break;
	case FIELD_INTEGER: case FIELD_DECIMAL: w = 14; break;
	case FIELD_PHONE: w = 22; break;
	default: break;
	}
	return w < g->box_w ? w : g->box_w;
}

/* Width of a choice item "(•) label" in columns. */
static int
item_cols(const field_def *d, size_t c)
{
	return 4 + (int)utf8_width_cols(choice_label(d, c));
}

/* Rows field i needs with its error line. */
static int
field_rows(const form *f, size_t i, const geom *g)
{
	const field_def *d = def(f, i);
	int rows = 1;

	if (d->kind == FIELD_MULTILINE) {
		rows = MULTILINE_ROWS;
	} else if (!is_text(d->kind)) {
		int col = 0;
		for (size_t c = 0; c < choice_count(d); c++) {
			int w = item_cols(d, c) + 2;
			if (col > 0 && col + w > g->box_w) {
				rows++;
				col = 0;
			}
			col += w;
		}
	}
	return rows + (f->st[i].error ? 1 : 0);
}

static void
draw_single(form *f, size_t i, int y, const geom *g, bool focus)
{
	lineedit *le = &f->st[i].le;
	int w = box_width(def(f, i), g);
	size_t end;

	ui_fill(y, g->box_x, w, focus ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	if (!focus)
		le->first = 0;
	else
		lineedit_scroll_cols(le, (size_t)w);
	end = lineedit_visible_end(le, (size_t)w);
	ui_put_wcs(y, g->box_x, le->buf + le->first, end - le->first, focus ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	/* Arrows say there is more text than the box shows. */
	if (le->first > 0)
		ui_put_cols(y, g->box_x - 1, "<", 1, ROLE_DIM);
	if (end < le->len)
		ui_put_cols(y, g->box_x + w, ">", 1, ROLE_DIM);
	if (focus)
		ui_set_cursor(y, g->box_x + (int)lineedit_cursor_cols(le));
}

static void
draw_multi(form *f, size_t i, int y, const geom *g, bool focus, int max_rows)
{
	lineedit *le = &f->st[i].le;
	lineedit_row *rows;
	size_t n, cr, cc;
	int w = g->box_w;

	f->multi_w = w;
	lineedit_scroll_rows(le, (size_t)w, MULTILINE_ROWS);
	n = lineedit_layout(le, (size_t)w, &rows);
	for (int r = 0; r < MULTILINE_ROWS && r < max_rows; r++) {
		size_t row = le->top_row + (size_t)r;
		ui_fill(y + r, g->box_x, w, focus ? ROLE_FIELD_FOCUS : ROLE_FIELD);
		if (row < n) {
			size_t e = rows[row].end;
			if (e > rows[row].start && le->buf[e - 1] == L'\n')
				e--;
			ui_put_wcs(y + r, g->box_x, le->buf + rows[row].start, e - rows[row].start,
			    focus ? ROLE_FIELD_FOCUS : ROLE_FIELD);
		}
	}
	if (focus) {
		lineedit_cursor_rowcol(le, rows, n, &cr, &cc);
		if (cr >= le->top_row && cr < le->top_row + MULTILINE_ROWS && (int)(cr - le->top_row) < max_rows)
			ui_set_cursor(y + (int)(cr - le->top_row), g->box_x + (int)cc);
	}
	free(rows);
}

static void
draw_choices(form *f, size_t i, int y, const geom *g, bool focus, int max_rows)
{
	const field_def *d = def(f, i);
	int col = 0, row = 0;

	for (size_t c = 0; c < choice_count(d); c++) {
		int w = item_cols(d, c) + 2;
		bool on = choice_on(f, i, c);
		char *item;
		if (col > 0 && col + w > g->box_w) {
			row++;
			col = 0;
		}
		if (row >= max_rows)
			break;
		if (d->kind == FIELD_MULTI)
			item = xasprintf("[%s] %s", on ? "x" : " ", choice_label(d, c));
		else
			item = xasprintf("(%s) %s", on ? "*" : " ", choice_label(d, c));
		ui_put_cols(y + row, g->box_x + col, item, g->box_w - col,
		    focus && f->st[i].choice == c ? ROLE_FIELD_FOCUS : (on ? ROLE_HINT : ROLE_NORMAL));
		if (focus && f->st[i].choice == c)
			ui_set_cursor(y + row, g->box_x + col + 1);
		free(item);
		col += w;
	}
}

static void
draw_field(form *f, size_t i, int y, const geom *g, int max_rows, int width)
{
	const field_def *d = def(f, i);
	bool focus = i == f->focus;
	char *label = xasprintf("%s%s", d->label, d->required ? " *" : "");
	int rows = field_rows(f, i, g) - (f->st[i].error ? 1 : 0);

	ui_put_cols(y, 2, label, g->label_w, focus ? ROLE_HINT : ROLE_NORMAL);
	free(label);
	if (d->kind == FIELD_MULTILINE)
		draw_multi(f, i, y, g, focus, max_rows);
	else if (is_text(d->kind))
		draw_single(f, i, y, g, focus);
	else
		draw_choices(f, i, y, g, focus, max_rows);
	if (f->st[i].error && rows < max_rows)
		ui_put_cols(y + rows, g->box_x, f->st[i].error, width - g->box_x - 1, ROLE_ERROR);
}

void
form_draw(form *f, int top, int height, int width)
{
	geom g = layout(f, width);
	int view = height - 1;   /* the last row shows the focused field's hint */
	int y = 0, focus_y = 0, focus_h = 1;
	const char *hint;

	for (size_t i = 0; i < f->fs->n; i++) {
		int h = field_rows(f, i, &g);
		if (i == f->focus) {
			focus_y = y;
			focus_h = h;
		}
		y += h;
	}
	/* Scroll so the whole focused field is in view. */
	if (focus_y < f->scroll)
		f->scroll = focus_y;
	if (focus_y + focus_h > f->scroll + view)
		f->scroll = focus_y + focus_h - view;
	y = 0;
	for (size_t i = 0; i < f->fs->n; i++) {
		int h = field_rows(f, i, &g);
		if (y >= f->scroll && y + h <= f->scroll + view)
			draw_field(f, i, top + y - f->scroll, &g, f->scroll + view - y, width);
		y += h;
	}
	if (f->scroll > 0)
		ui_put_cols(top, width - 3, "^", 1, ROLE_DIM);
	if (y > f->scroll + view)
		ui_put_cols(top + view - 1, width - 3, "v", 1, ROLE_DIM);
	hint = f->fs->n ? def(f, f->focus)->hint : NULL;
	if (hint)
		ui_put_cols(top + height - 1, 2, hint, width - 4, ROLE_DIM);
}

const char *
form_hints(const form *f)
{
	const field_def *d = f->fs->n ? def(f, f->focus) : NULL;
	const char *extra = "";

	if (d && d->kind == FIELD_DATE)
		extra = _("t Today  ");
	else if (d && d->kind == FIELD_MULTILINE)
		extra = _("Enter New line  ");
	else if (d && !is_text(d->kind))
		extra = _("<-/-> Move  Space/1-9 Choose  ");
	free(((form *)f)->hints);
	((form *)f)->hints = xasprintf(_("%sTab Next  Shift-Tab Previous  F2 Save  Esc Cancel  F1 Help"), extra);
	return f->hints;
}
