/* template.c - XLSForm questionnaire templates: reading the sheets (CSV sets, pyxform's one-file
 * layout), checking the whole template before anything is stored, keeping it as a versioned synced
 * record (the normalised definition as JSON, read back with SQLite's json_each), and building a
 * fieldset + form model from it in one language. See template.h. */
#include "config.h"
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "template.h"
#include "sheet.h"
#include "record.h"
#include "hlc.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

/* ---- what a template holds ------------------------------------------------------------ */

enum qtype {
	Q_TEXT, Q_INTEGER, Q_DECIMAL, Q_DATE, Q_TIME, Q_DATETIME, Q_SELECT_ONE, Q_SELECT_MULTIPLE,
	Q_NOTE, Q_CALCULATE, Q_ACKNOWLEDGE, Q_PHONE,
	Q_BEGIN_GROUP, Q_END_GROUP, Q_BEGIN_REPEAT, Q_END_REPEAT, Q_NTYPES
};

/* The normalised names, as stored in the definition and given to results and export. */
static const char *const qtype_names[Q_NTYPES] = {
	"text", "integer", "decimal", "date", "time", "dateTime", "select_one", "select_multiple",
	"note", "calculate", "acknowledge", "phone",
	"begin_group", "end_group", "begin_repeat", "end_repeat"
};

/* Texts with language variants: one per language, index 0 the plain column. */
enum { TX_LABEL, TX_HINT, TX_REQMSG, TX_CONMSG, TX_N };

typedef struct titem {
	long row;
	enum qtype type;
	char *name, *list;
	char **tx[TX_N];
	bool required, readonly, personal;
	char *relevant, *constraint, *calculation, *choice_filter, *dflt, *circle, *repeat_count;
	char *required_expr, *readonly_expr;   /* required / readonly written as an expression ("" when yes/no) */
	/* headers as written, for messages (survey sheet only, not stored) */
} titem;

typedef struct tchoice {
	long row;
	char *list, *name;
	char **label;
	size_t nextra;
	char **extra_name, **extra_value;
} tchoice;

struct template {
	char *form_id, *version, *id, *hash, *title, *default_language, *source;
	size_t nlang;            /* languages written, plus 1 for the plain column (index 0) */
	char **lang;
	titem *items;
	size_t nitems;
	tchoice *choices;
	size_t nchoices;
	template_skip *skips;
	size_t nskips;
};

static void
texts_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
template_free(template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nitems; i++) {
		titem *q = &t->items[i];
		free(q->name); free(q->list);
		for (int k = 0; k < TX_N; k++)
			texts_free(q->tx[k], t->nlang);
		free(q->relevant); free(q->constraint); free(q->calculation); free(q->choice_filter);
		free(q->dflt); free(q->circle); free(q->repeat_count);
		free(q->required_expr); free(q->readonly_expr);
	}
	free(t->items);
	for (size_t i = 0; i < t->nchoices; i++) {
		tchoice *c = &t->choices[i];
		free(c->list); free(c->name);
		texts_free(c->label, t->nlang);
		texts_free(c->extra_name, c->nextra);
		texts_free(c->extra_value, c->nextra);
	}
	free(t->choices);
	for (size_t i = 0; i < t->nskips; i++) {
		free(t->skips[i].name); free(t->skips[i].type); free(t->skips[i].reason);
	}
	free(t->skips);
	texts_free(t->lang, t->nlang);
	free(t->form_id); free(t->version); free(t->id); free(t->hash); free(t->title);
	free(t->default_language); free(t->source);
	free(t);
}

/* ---- small text helpers ---------------------------------------------------------------- */

static bool
eq_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* Fresh copy of s with ASCII blanks, U+3000 and a BOM trimmed at both ends. */
static char *
trim_dup(const char *s)
{
	const char *e;

	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3) || !strncmp(s, "\xef\xbb\xbf", 3))
			s += 3;
		else
			break;
	}
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		else if (e - s >= 3 && !strncmp(e - 3, "\xe3\x80\x80", 3))
			e -= 3;
		else
			break;
	}
	return xstrndup(s, (size_t)(e - s));
}

/* Fresh lower-case copy of s with runs of blanks and underscores as written, spaces made '_'. */
static char *
key_dup(const char *s)
{
	char *k = trim_dup(s), *w = k;

	for (char *r = k; *r; r++) {
		char c = (char)tolower((unsigned char)*r);
		if (c == ' ' || c == '\t') {
			if (w > k && w[-1] == '_')
				continue;
			c = '_';
		}
		*w++ = c;
	}
	*w = '\0';
	return k;
}

typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

static void
sb_putn(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_puts(sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_puts(b, s);
	free(s);
}

/* s as a JSON string (UTF-8 kept, quotes, backslashes and control characters escaped). */
static void
sb_json(sbuf *b, const char *s)
{
	sb_putn(b, "\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			sb_putn(b, e, 2);
		} else if (c < 0x20) {
			sb_printf(b, "\\u%04x", c);
		} else {
			sb_putn(b, s, 1);
		}
	}
	sb_putn(b, "\"", 1);
}

/* FNV-1a over bytes, continued from h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* ---- problems ---------------------------------------------------------------------------- */

typedef struct problems {
	template_problem *v;
	size_t n;
} problems;

static void __attribute__((format(printf, 6, 7)))
problem(problems *ps, const char *file, const char *sheet, long row, const char *column, const char *fmt, ...)
{
	va_list ap;
	template_problem *p;

	ps->v = xrealloc(ps->v, (ps->n + 1) * sizeof *ps->v);
	p = &ps->v[ps->n++];
	p->file = xstrdup(file ? file : "");
	p->sheet = xstrdup(sheet ? sheet : "");
	p->column = xstrdup(column ? column : "");
	p->row = row;
	va_start(ap, fmt);
	p->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void
template_problems_free(template_problem *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++) {
		free(p[i].file); free(p[i].sheet); free(p[i].column); free(p[i].message);
	}
	free(p);
}

char *
template_problem_text(const template_problem *p)
{
	if (p->row > 0 && p->column[0])
		return xasprintf(_("%s: sheet %s, row %ld, column %s: %s"), p->file, p->sheet, p->row, p->column, p->message);
	if (p->row > 0)
		return xasprintf(_("%s: sheet %s, row %ld: %s"), p->file, p->sheet, p->row, p->message);
	/* the reader's own messages already name the file and line */
	if (p->row == 0 && *p->file && !strncmp(p->message, p->file, strlen(p->file)))
		return xstrdup(p->message);
	if (p->sheet[0])
		return xasprintf(_("%s: sheet %s: %s"), p->file, p->sheet, p->message);
	return xasprintf("%s: %s", p->file, p->message);
}

/* ---- sheets as read ------------------------------------------------------------------------ */

typedef struct srow {
	long line;
	size_t n;
	char **cells;
} srow;

typedef struct rsheet {
	char *name;     /* survey, choices, settings (lower case) */
	char *file;
	srow *rows;
	size_t nrows;
} rsheet;

typedef struct sheets {
	rsheet *v;
	size_t n;
} sheets;

static void
sheets_free(sheets *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (size_t r = 0; r < s->v[i].nrows; r++)
			texts_free(s->v[i].rows[r].cells, s->v[i].rows[r].n);
		free(s->v[i].rows);
		free(s->v[i].name);
		free(s->v[i].file);
	}
	free(s->v);
}

static rsheet *
sheet_add(sheets *s, const char *name, const char *file)
{
	rsheet *r;

	s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	r = &s->v[s->n++];
	r->name = key_dup(name);
	r->file = xstrdup(file);
	r->rows = NULL;
	r->nrows = 0;
	return r;
}

/* Append row's cells from cell `from` on to sh; false (with a problem) over the row cap. */
static bool
row_add(rsheet *sh, const sheet_row *row, size_t from, problems *ps)
{
	srow *r;

	if (sh->nrows >= TEMPLATE_MAX_ROWS) {
		problem(ps, sh->file, sh->name, row->line, "", _("more than %d rows: not read further"), TEMPLATE_MAX_ROWS);
		return false;
	}
	sh->rows = xrealloc(sh->rows, (sh->nrows + 1) * sizeof *sh->rows);
	r = &sh->rows[sh->nrows++];
	r->line = row->line;
	r->n = row->n > from ? row->n - from : 0;
	r->cells = xcalloc(r->n ? r->n : 1, sizeof *r->cells);
	for (size_t i = 0; i < r->n; i++)
		r->cells[i] = xstrdup(row->cells[from + i]);
	return true;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The part a file of a set is (survey, choices, settings), from NAME.PART.csv; NULL when none. */
static const char *
file_part(const char *path, size_t *stem_len)
{
	static const char *const parts[] = { "survey", "choices", "settings" };
	const char *b = base_name(path);
	size_t n = strlen(b);

	for (size_t i = 0; i < 3; i++) {
		char suffix[32];
		size_t m = (size_t)snprintf(suffix, sizeof suffix, ".%s.csv", parts[i]);
		if (n > m && eq_ci(b + n - m, suffix)) {
			*stem_len = n - m;
			return parts[i];
		}
	}
	return NULL;
}

/* Fresh stem of path: the base name without .PART.csv, or without its last extension. */
static char *
file_stem(const char *path)
{
	const char *b = base_name(path), *dot;
	size_t n;

	if (file_part(path, &n))
		return xstrndup(b, n);
	dot = strrchr(b, '.');
	return xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/* Copy the rows of one sheet into sh (from: cells skipped at the start of each row); a problem stops it. */
static void
read_rows(sheet_reader *r, rsheet *sh, problems *ps, size_t from)
{
	sheet_row row;
	char *err = NULL;
	int rc;

	while ((rc = sheet_next(r, &row, &err)) == 1)
		if (!row_add(sh, &row, from, ps))
			break;
	if (rc < 0) {
		problem(ps, sh->file, sh->name, 0, "", "%s", err ? err : "?");
		free(err);
	}
}

/* Read the survey, choices and settings sheets of an .xlsx workbook, by name, through the one
 * sheet reader the inventory import uses. */
static void
read_workbook(sheets *out, const char *path, problems *ps)
{
	static const char *const names[] = { "survey", "choices", "settings" };
	sheet_limits lim = SHEET_LIMITS_DEFAULT;

	for (size_t i = 0; i < 3; i++) {
		sheet_reader *r;
		char *err = NULL;
		int has = sheet_has_sheet(path, names[i], &lim, &err);

		if (has == 0)
			continue;       /* a missing survey sheet is reported by the caller */
		if (has < 0 || !(r = sheet_open_sheet(path, names[i], &lim, &err))) {
			problem(ps, path, has < 0 ? "" : names[i], 0, "", "%s", err ? err : "?");
			free(err);
			if (has < 0)
				return;
			continue;
		}
		read_rows(r, sheet_add(out, names[i], path), ps, 0);
		sheet_close(r);
	}
}

/* Read one file into sheets: a set's part, pyxform's one-file layout (a row naming each sheet in
 * the first column, its rows shifted one column right), or a survey sheet alone. */
static void
read_file(sheets *out, const char *path, problems *ps)
{
	sheet_limits lim = SHEET_LIMITS_DEFAULT;
	sheet_reader *r;
	sheet_row row;
	char *err = NULL;
	const char *part;
	size_t stem_len;
	rsheet *cur = NULL;
	int rc, first = 1, onefile = 0;

	if (sheet_is_workbook(path)) {
		read_workbook(out, path, ps);
		return;
	}
	lim.max_file_bytes = (size_t)16 << 20;
	if (!(r = sheet_open(path, &lim, &err))) {
		problem(ps, path, "", 0, "", "%s", err ? err : "?");
		free(err);
		return;
	}
	part = file_part(path, &stem_len);
	while ((rc = sheet_next(r, &row, &err)) == 1) {
		const char *c0 = sheet_cell(&row, 0);
		if (first) {
			/* one file: its first row names a sheet in the first cell and has nothing else */
			bool alone = true;
			for (size_t i = 1; i < row.n; i++)
				if (!str_is_blank(row.cells[i]))
					alone = false;
			char *k = key_dup(c0);
			onefile = !part && alone && *k && strcmp(k, "type") != 0;
			free(k);
			if (!onefile)
				cur = sheet_add(out, part ? part : "survey", path);
			first = 0;
		}
		if (onefile && !str_is_blank(c0)) {
			cur = sheet_add(out, c0, path);
			continue;
		}
		if (!row_add(cur, &row, onefile ? 1 : 0, ps))
			break;
	}
	if (rc < 0) {
		problem(ps, path, cur ? cur->name : "", 0, "", "%s", err ? err : "?");
		free(err);
	}
	sheet_close(r);
}

/* ---- headers -------------------------------------------------------------------------- */

enum col {
	C_OTHER, C_TYPE, C_NAME, C_LABEL, C_HINT, C_REQUIRED, C_REQMSG, C_CONSTRAINT, C_CONMSG,
	C_RELEVANT, C_DEFAULT, C_READONLY, C_CALCULATION, C_CHOICE_FILTER, C_REPEAT_COUNT, C_CIRCLE,
	C_PERSONAL, C_LIST_NAME, C_FORM_ID, C_FORM_TITLE, C_VERSION, C_DEFAULT_LANGUAGE, C_NCOLS
};

static const struct { const char *name; enum col col; } col_aliases[] = {
	{ "type", C_TYPE }, { "name", C_NAME }, { "label", C_LABEL }, { "text", C_LABEL },
	{ "caption", C_LABEL }, { "hint", C_HINT }, { "required", C_REQUIRED },
	{ "required_message", C_REQMSG }, { "jr:requiredmsg", C_REQMSG },
	{ "constraint", C_CONSTRAINT }, { "constraint_message", C_CONMSG },
	{ "jr:constraintmsg", C_CONMSG }, { "relevant", C_RELEVANT }, { "relevance", C_RELEVANT },
	{ "default", C_DEFAULT }, { "readonly", C_READONLY }, { "read_only", C_READONLY },
	{ "calculation", C_CALCULATION }, { "calculate", C_CALCULATION },
	{ "choice_filter", C_CHOICE_FILTER }, { "repeat_count", C_REPEAT_COUNT },
	{ "jr:count", C_REPEAT_COUNT }, { "circle", C_CIRCLE }, { "personal", C_PERSONAL },
	{ "list_name", C_LIST_NAME }, { "form_id", C_FORM_ID }, { "id_string", C_FORM_ID },
	{ "form_title", C_FORM_TITLE }, { "title", C_FORM_TITLE }, { "version", C_VERSION },
	{ "default_language", C_DEFAULT_LANGUAGE },
};

static enum col
col_lookup(const char *key)
{
	for (size_t i = 0; i < sizeof col_aliases / sizeof col_aliases[0]; i++)
		if (strcmp(col_aliases[i].name, key) == 0)
			return col_aliases[i].col;
	return C_OTHER;
}

static bool
col_translatable(enum col c)
{
	return c == C_LABEL || c == C_HINT || c == C_REQMSG || c == C_CONMSG;
}

typedef struct hcol {
	enum col col;
	size_t lang;     /* 0: plain */
	char *header;    /* as written, trimmed */
} hcol;

/* Index of language name in t (adding it); 0 for "". */
static size_t
lang_index(template *t, const char *name, bool add)
{
	if (!*name)
		return 0;
	for (size_t i = 1; i < t->nlang; i++)
		if (eq_ci(t->lang[i], name))
			return i;
	if (!add)
		return SIZE_MAX;
	t->lang = xrealloc(t->lang, (t->nlang + 1) * sizeof *t->lang);
	t->lang[t->nlang] = xstrdup(name);
	return t->nlang++;
}

/* Read a header cell: "bind:" dropped, aliases and case folded, "label::中文 (zh)",
 * "label:English (en)" and "text:english" split into column and language. */
static hcol
header_parse(template *t, const char *cell, problems *ps, const rsheet *sh, long line)
{
	hcol h = { C_OTHER, 0, trim_dup(cell) };
	char *key = key_dup(cell), *k = key, *sep;

	if (strncmp(k, "bind:", 5) == 0)
		k += 5;
	h.col = col_lookup(k);
	if (h.col == C_OTHER && ((sep = strstr(k, "::")) || (sep = strchr(k, ':')))) {
		size_t skip = sep[1] == ':' ? 2 : 1;
		*sep = '\0';
		enum col c = col_lookup(k);
		if (col_translatable(c)) {
			/* the language as written (not folded): the same separator in the original header */
			const char *orig = h.header, *osep;
			if (strncasecmp(orig, "bind:", 5) == 0)
				orig += 5;
			osep = skip == 2 ? strstr(orig, "::") : strchr(orig, ':');
			orig = osep ? osep + skip : "";
			char *lang = trim_dup(orig);
			if (t->nlang - 1 >= TEMPLATE_MAX_LANGS && lang_index(t, lang, false) == SIZE_MAX) {
				problem(ps, sh->file, sh->name, line, h.header, _("more than %d languages"), TEMPLATE_MAX_LANGS);
			} else {
				h.col = c;
				h.lang = lang_index(t, lang, true);
			}
			free(lang);
		}
	}
	free(key);
	return h;
}

typedef struct header {
	hcol *c;
	size_t n;
	int at[C_NCOLS];         /* the plain (or only) column of each kind, -1 when none */
} header;

static void
header_free(header *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->c[i].header);
	free(h->c);
}

static void
header_read(template *t, const rsheet *sh, header *h, problems *ps)
{
	const srow *r = &sh->rows[0];

	h->n = r->n;
	h->c = xcalloc(r->n ? r->n : 1, sizeof *h->c);
	for (int k = 0; k < C_NCOLS; k++)
		h->at[k] = -1;
	for (size_t i = 0; i < r->n; i++) {
		h->c[i] = header_parse(t, r->cells[i], ps, sh, r->line);
		if (h->c[i].col == C_OTHER)
			continue;
		for (size_t j = 0; j < i; j++)
			if (h->c[j].col == h->c[i].col && h->c[j].lang == h->c[i].lang) {
				problem(ps, sh->file, sh->name, r->line, h->c[i].header, _("the column is given twice"));
				h->c[i].col = C_OTHER;
				break;
			}
		if (h->c[i].col != C_OTHER && h->c[i].lang == 0)
			h->at[h->c[i].col] = (int)i;
	}
}

static const char *
cell(const srow *r, int i)
{
	return i >= 0 && (size_t)i < r->n ? r->cells[i] : "";
}

static char *
cell_dup(const srow *r, int i)
{
	return trim_dup(cell(r, i));
}

/* The header text of column kind c (for messages), or the kind's usual name. */
static const char *
col_header(const header *h, enum col c, const char *dflt)
{
	return h->at[c] >= 0 ? h->c[h->at[c]].header : dflt;
}

/* The texts of kind tx in row r: one per language (index 0 plain). */
static char **
row_texts(const template *t, const header *h, const srow *r, enum col c)
{
	char **v = xcalloc(t->nlang, sizeof *v);

	for (size_t i = 0; i < h->n; i++)
		if (h->c[i].col == c && h->c[i].lang < t->nlang && !v[h->c[i].lang])
			v[h->c[i].lang] = cell_dup(r, (int)i);
	for (size_t i = 0; i < t->nlang; i++)
		if (!v[i])
			v[i] = xstrdup("");
	return v;
}

/* yes/no cells: 1, 0, or -1 when neither. */
static int
parse_yesno(const char *s)
{
	char *k = key_dup(s);
	int v = -1;

	if (!*k || !strcmp(k, "no") || !strcmp(k, "false") || !strcmp(k, "false()") || !strcmp(k, "0") || !strcmp(k, "否"))
		v = 0;
	else if (!strcmp(k, "yes") || !strcmp(k, "true") || !strcmp(k, "true()") || !strcmp(k, "1") || !strcmp(k, "是"))
		v = 1;
	free(k);
	return v;
}

/* ---- types ---------------------------------------------------------------------------- */

static const struct { const char *name; enum qtype type; } type_aliases[] = {
	{ "text", Q_TEXT }, { "string", Q_TEXT }, { "integer", Q_INTEGER }, { "int", Q_INTEGER },
	{ "decimal", Q_DECIMAL }, { "date", Q_DATE }, { "time", Q_TIME }, { "datetime", Q_DATETIME },
	{ "note", Q_NOTE }, { "calculate", Q_CALCULATE }, { "acknowledge", Q_ACKNOWLEDGE },
	{ "trigger", Q_ACKNOWLEDGE }, { "phone_number", Q_PHONE },
	{ "begin_group", Q_BEGIN_GROUP }, { "end_group", Q_END_GROUP },
	{ "begin_repeat", Q_BEGIN_REPEAT }, { "end_repeat", Q_END_REPEAT },
};

/* Types other XLSForm tools know that a terminal cannot ask, with why. */
static const struct { const char *name; const char *reason; } type_skipped[] = {
	{ "geopoint", N_("needs a location") }, { "geotrace", N_("needs a location") },
	{ "geoshape", N_("needs a location") }, { "start-geopoint", N_("needs a location") },
	{ "image", N_("needs a camera or a file") }, { "photo", N_("needs a camera or a file") },
	{ "audio", N_("needs a microphone") }, { "background-audio", N_("needs a microphone") },
	{ "video", N_("needs a camera or a file") }, { "file", N_("needs a camera or a file") },
	{ "signature", N_("needs a drawing pad") }, { "barcode", N_("needs a scanner") },
	{ "osm", N_("needs a map") }, { "range", N_("needs a slider") }, { "rank", N_("needs dragging") },
	{ "select_one_external", N_("takes its choices from an external file") },
	{ "select_one_from_file", N_("takes its choices from an external file") },
	{ "select_multiple_from_file", N_("takes its choices from an external file") },
	{ "xml-external", N_("takes its data from an external file") },
	{ "csv-external", N_("takes its data from an external file") },
	{ "hidden", N_("has no question to ask") },
	{ "start", N_("metadata a terminal does not record") }, { "end", N_("metadata a terminal does not record") },
	{ "today", N_("metadata a terminal does not record") }, { "deviceid", N_("metadata a terminal does not record") },
	{ "subscriberid", N_("metadata a terminal does not record") }, { "simserial", N_("metadata a terminal does not record") },
	{ "phonenumber", N_("metadata a terminal does not record") }, { "username", N_("metadata a terminal does not record") },
	{ "email", N_("metadata a terminal does not record") }, { "audit", N_("metadata a terminal does not record") },
};

/* Read a type cell: 0 with *type (and *list for selects, fresh), 1 when skipped (*reason static,
 * untranslated), -1 when unknown. */
static int
type_parse(const char *cell, enum qtype *type, char **list, const char **reason)
{
	char *k = key_dup(cell), *orig = trim_dup(cell);
	static const struct { const char *prefix; enum qtype type; } selects[] = {
		{ "select_one_", Q_SELECT_ONE }, { "select_multiple_", Q_SELECT_MULTIPLE },
		{ "select_one_from_", Q_SELECT_ONE }, { "select_all_that_apply_from_", Q_SELECT_MULTIPLE },
		{ "select1_", Q_SELECT_ONE },
	};
	int rc = -1;
	size_t klen = strlen(k);

	*list = NULL;
	for (size_t i = 0; i < sizeof type_skipped / sizeof type_skipped[0]; i++) {
		size_t n = strlen(type_skipped[i].name);
		/* the ones that name a list (select_one_external x, osm x, rank x) have a word after */
		bool takes_list = !strncmp(k, "select", 6) || !strcmp(type_skipped[i].name, "osm") || !strcmp(type_skipped[i].name, "rank");
		if (strncmp(k, type_skipped[i].name, n) == 0 && (k[n] == '\0' || (takes_list && k[n] == '_'))) {
			*reason = type_skipped[i].reason;
			rc = 1;
			goto out;
		}
	}
	for (size_t i = 0; i < sizeof type_aliases / sizeof type_aliases[0]; i++)
		if (strcmp(k, type_aliases[i].name) == 0) {
			*type = type_aliases[i].type;
			rc = 0;
			goto out;
		}
	/* the longest matching select prefix wins ("select_one_from_" over "select_one_") */
	for (size_t i = sizeof selects / sizeof selects[0]; i-- > 0;) {
		size_t n = strlen(selects[i].prefix);
		if (klen > n && strncmp(k, selects[i].prefix, n) == 0) {
			/* the list name as written: the last word (case kept; list names are case-sensitive) */
			const char *s = orig + strlen(orig);
			while (s > orig && s[-1] != ' ' && s[-1] != '\t')
				s--;
			char *l = trim_dup(s);
			if (eq_ci(l, "or_other")) {
				/* "select_one x or_other": the list is the word before */
				free(l);
				const char *e = s;
				while (e > orig && (e[-1] == ' ' || e[-1] == '\t'))
					e--;
				s = e;
				while (s > orig && s[-1] != ' ' && s[-1] != '\t')
					s--;
				l = xstrndup(s, (size_t)(e - s));
			}
			*list = l;
			*type = selects[i].type;
			rc = 0;
			goto out;
		}
	}
	if (strcmp(k, "phone_number") == 0) {
		*type = Q_PHONE;
		rc = 0;
	}
out:
	free(k);
	free(orig);
	return rc;
}

/* True for a name XLSForm accepts: a letter or '_' first, then letters, digits, '_', '-', '.'. */
static bool
name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || !(isalpha(*p) || *p == '_' || *p >= 0x80))
		return false;
	for (; *p; p++)
		if (!(isalnum(*p) || *p == '_' || *p == '-' || *p == '.' || *p >= 0x80))
			return false;
	return true;
}

/* ---- parsing --------------------------------------------------------------------------- */

typedef struct pctx {
	sqlite3 *db;
	template *t;
	problems ps;
	uint64_t h1, h2;
	const rsheet *survey;
	header sh;           /* the survey sheet's header */
} pctx;

static void
hash_sheets(pctx *c, const sheets *s)
{
	static const char *const order[] = { "survey", "choices", "settings" };

	c->h1 = 0xcbf29ce484222325ULL;
	c->h2 = 0x84222325cbf29ce4ULL;
	for (size_t o = 0; o < 3; o++)
		for (size_t i = 0; i < s->n; i++) {
			if (strcmp(s->v[i].name, order[o]) != 0)
				continue;
			c->h1 = fnv(c->h1, order[o], strlen(order[o]) + 1);
			c->h2 = fnv(c->h2, order[o], strlen(order[o]) + 1);
			for (size_t r = 0; r < s->v[i].nrows; r++) {
				for (size_t k = 0; k < s->v[i].rows[r].n; k++) {
					const char *x = s->v[i].rows[r].cells[k];
					c->h1 = fnv(c->h1, x, strlen(x) + 1);
					c->h2 = fnv(c->h2 ^ 0x5bd1e995, x, strlen(x) + 1);
				}
				c->h1 = fnv(c->h1, "\n", 1);
				c->h2 = fnv(c->h2, "\n", 1);
			}
		}
}

static bool
circle_known(sqlite3 *db, const char *code)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM circle WHERE code = ?1");
	bool ok;

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	ok = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return ok;
}

static int
find_item(const template *t, const char *name)
{
	for (size_t i = 0; i < t->nitems; i++)
		if (t->items[i].name && strcmp(t->items[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool
list_has_choices(const template *t, const char *list)
{
	for (size_t i = 0; i < t->nchoices; i++)
		if (strcmp(t->choices[i].list, list) == 0)
			return true;
	return false;
}

static void
parse_survey(pctx *c, const rsheet *sh)
{
	template *t = c->t;
	header *h = &c->sh;
	struct { enum qtype type; long row; } stack[64];
	size_t depth = 0, repeats = 0;

	if (h->at[C_TYPE] < 0)
		problem(&c->ps, sh->file, sh->name, sh->rows[0].line, "", _("there is no type column"));
	if (h->at[C_NAME] < 0)
		problem(&c->ps, sh->file, sh->name, sh->rows[0].line, "", _("there is no name column"));
	if (h->at[C_TYPE] < 0 || h->at[C_NAME] < 0)
		return;
	for (size_t ri = 1; ri < sh->nrows; ri++) {
		const srow *r = &sh->rows[ri];
		const char *tcol = col_header(h, C_TYPE, "type"), *ncol = col_header(h, C_NAME, "name");
		enum qtype type;
		char *list = NULL, *name = cell_dup(r, h->at[C_NAME]);
		const char *reason = NULL;
		int rc;

		if (str_is_blank(cell(r, h->at[C_TYPE]))) {
			free(name);
			continue;       /* a row without a type is a comment or spacer, as pyxform takes it */
		}
		rc = type_parse(cell(r, h->at[C_TYPE]), &type, &list, &reason);
		if (rc < 0) {
			char *tt = trim_dup(cell(r, h->at[C_TYPE]));
			problem(&c->ps, sh->file, sh->name, r->line, tcol, _("unknown question type \"%s\""), tt);
			free(tt);
			free(name);
			continue;
		}
		if (rc > 0) {
			t->skips = xrealloc(t->skips, (t->nskips + 1) * sizeof *t->skips);
			t->skips[t->nskips].row = r->line;
			t->skips[t->nskips].name = name;
			t->skips[t->nskips].type = trim_dup(cell(r, h->at[C_TYPE]));
			t->skips[t->nskips].reason = xstrdup(reason);
			t->nskips++;
			continue;
		}
		if (type == Q_END_GROUP || type == Q_END_REPEAT) {
			enum qtype want = type == Q_END_GROUP ? Q_BEGIN_GROUP : Q_BEGIN_REPEAT;
			if (depth == 0)
				problem(&c->ps, sh->file, sh->name, r->line, tcol, _("%s without a group or repeat begun"), qtype_names[type]);
			else if (stack[depth - 1].type != want)
				problem(&c->ps, sh->file, sh->name, r->line, tcol, _("%s closes the %s begun on row %ld"),
				    qtype_names[type], qtype_names[stack[depth - 1].type], stack[depth - 1].row);
			if (depth > 0) {
				if (stack[depth - 1].type == Q_BEGIN_REPEAT)
					repeats--;
				depth--;
			}
			free(name);
			free(list);
		} else {
			if (!*name) {
				problem(&c->ps, sh->file, sh->name, r->line, ncol, _("the question has no name"));
			} else if (!name_ok(name)) {
				problem(&c->ps, sh->file, sh->name, r->line, ncol, _("\"%s\" is not a valid name (a letter or _ first, then letters, digits, _ - .)"), name);
			} else {
				int other = find_item(t, name);
				if (other >= 0)
					problem(&c->ps, sh->file, sh->name, r->line, ncol, _("the name \"%s\" is used twice (also on row %ld)"), name, t->items[other].row);
			}
			if (type == Q_BEGIN_GROUP || type == Q_BEGIN_REPEAT) {
				if (depth >= sizeof stack / sizeof stack[0]) {
					problem(&c->ps, sh->file, sh->name, r->line, tcol, _("groups nested too deep"));
				} else {
					if (type == Q_BEGIN_REPEAT && repeats > 0)
						problem(&c->ps, sh->file, sh->name, r->line, tcol, _("a repeat inside a repeat is not supported"));
					stack[depth].type = type;
					stack[depth++].row = r->line;
					repeats += type == Q_BEGIN_REPEAT;
				}
			}
		}
		titem q = { 0 };
		q.row = r->line;
		q.type = type;
		q.name = (type == Q_END_GROUP || type == Q_END_REPEAT) ? xstrdup("") : name;
		q.list = list ? list : xstrdup("");
		q.tx[TX_LABEL] = row_texts(t, h, r, C_LABEL);
		q.tx[TX_HINT] = row_texts(t, h, r, C_HINT);
		q.tx[TX_REQMSG] = row_texts(t, h, r, C_REQMSG);
		q.tx[TX_CONMSG] = row_texts(t, h, r, C_CONMSG);
		struct { enum col col; bool *out; } flags[] = {
			{ C_REQUIRED, &q.required }, { C_READONLY, &q.readonly }, { C_PERSONAL, &q.personal } };
		for (size_t f = 0; f < 3; f++) {
			const char *v = cell(r, h->at[flags[f].col]);
			int b = parse_yesno(v);
			/* XLSForm allows an expression in required and readonly (required = ${age} > 60): checked below */
			if (b < 0 && flags[f].col != C_PERSONAL) {
				*(flags[f].col == C_REQUIRED ? &q.required_expr : &q.readonly_expr) = trim_dup(v);
				b = 0;
			}
			if (b < 0)
				problem(&c->ps, sh->file, sh->name, r->line, col_header(h, flags[f].col, ""), _("\"%s\" is neither yes nor no"), v);
			*flags[f].out = b > 0;
		}
		q.relevant = cell_dup(r, h->at[C_RELEVANT]);
		q.constraint = cell_dup(r, h->at[C_CONSTRAINT]);
		q.calculation = cell_dup(r, h->at[C_CALCULATION]);
		q.choice_filter = cell_dup(r, h->at[C_CHOICE_FILTER]);
		q.dflt = cell_dup(r, h->at[C_DEFAULT]);
		q.circle = cell_dup(r, h->at[C_CIRCLE]);
		q.repeat_count = cell_dup(r, h->at[C_REPEAT_COUNT]);
		if (!q.required_expr)
			q.required_expr = xstrdup("");
		if (!q.readonly_expr)
			q.readonly_expr = xstrdup("");
		if (*q.circle && c->db && !circle_known(c->db, q.circle)) {
			char *codes = db_query_text(c->db, "SELECT group_concat(code, ', ') FROM (SELECT code FROM circle ORDER BY no)", 0, NULL);
			problem(&c->ps, sh->file, sh->name, r->line, col_header(h, C_CIRCLE, "circle"),
			    _("\"%s\" is not a circle code (%s)"), q.circle, codes ? codes : "");
			free(codes);
		}
		if (type == Q_CALCULATE && !*q.calculation)
			problem(&c->ps, sh->file, sh->name, r->line, col_header(h, C_CALCULATION, "calculation"), _("a calculate question needs a calculation"));
		t->items = xrealloc(t->items, (t->nitems + 1) * sizeof *t->items);
		t->items[t->nitems++] = q;
	}
	while (depth > 0) {
		depth--;
		problem(&c->ps, sh->file, sh->name, stack[depth].row, col_header(h, C_TYPE, "type"),
		    _("the %s begun here is never ended"), qtype_names[stack[depth].type]);
	}
}

static void
parse_choices(pctx *c, const rsheet *sh)
{
	template *t = c->t;
	header h;

	header_read(t, sh, &h, &c->ps);
	if (h.at[C_LIST_NAME] < 0 || h.at[C_NAME] < 0) {
		problem(&c->ps, sh->file, sh->name, sh->rows[0].line, "", _("the choices need a list_name and a name column"));
		header_free(&h);
		return;
	}
	for (size_t ri = 1; ri < sh->nrows; ri++) {
		const srow *r = &sh->rows[ri];
		tchoice ch = { 0 };

		ch.row = r->line;
		ch.list = cell_dup(r, h.at[C_LIST_NAME]);
		ch.name = cell_dup(r, h.at[C_NAME]);
		if (!*ch.list && !*ch.name) {
			free(ch.list);
			free(ch.name);
			continue;
		}
		if (!*ch.list)
			problem(&c->ps, sh->file, sh->name, r->line, col_header(&h, C_LIST_NAME, "list_name"), _("the choice has no list name"));
		if (!*ch.name)
			problem(&c->ps, sh->file, sh->name, r->line, col_header(&h, C_NAME, "name"), _("the choice has no name"));
		for (size_t i = 0; *ch.name && i < t->nchoices; i++)
			if (!strcmp(t->choices[i].list, ch.list) && !strcmp(t->choices[i].name, ch.name)) {
				problem(&c->ps, sh->file, sh->name, r->line, col_header(&h, C_NAME, "name"),
				    _("the list %s has the choice \"%s\" twice (also on row %ld)"), ch.list, ch.name, t->choices[i].row);
				break;
			}
		ch.label = row_texts(t, &h, r, C_LABEL);
		/* other columns stay with the choice: choice_filter expressions read them */
		for (size_t i = 0; i < h.n; i++) {
			if (h.c[i].col != C_OTHER || !*h.c[i].header)
				continue;
			ch.extra_name = xrealloc(ch.extra_name, (ch.nextra + 1) * sizeof *ch.extra_name);
			ch.extra_value = xrealloc(ch.extra_value, (ch.nextra + 1) * sizeof *ch.extra_value);
			ch.extra_name[ch.nextra] = xstrdup(h.c[i].header);
			ch.extra_value[ch.nextra++] = cell_dup(r, (int)i);
		}
		t->choices = xrealloc(t->choices, (t->nchoices + 1) * sizeof *t->choices);
		t->choices[t->nchoices++] = ch;
	}
	header_free(&h);
}

static void
parse_settings(pctx *c, const rsheet *sh)
{
	template *t = c->t;
	header h;

	header_read(t, sh, &h, &c->ps);
	if (sh->nrows > 1) {
		const srow *r = &sh->rows[1];
		char *v;
		if (*(v = cell_dup(r, h.at[C_FORM_ID])))
			t->form_id = v;
		else
			free(v);
		if (*(v = cell_dup(r, h.at[C_VERSION])))
			t->version = v;
		else
			free(v);
		if (*(v = cell_dup(r, h.at[C_FORM_TITLE])))
			t->title = v;
		else
			free(v);
		if (*(v = cell_dup(r, h.at[C_DEFAULT_LANGUAGE])))
			t->default_language = v;
		else
			free(v);
		if (t->form_id && !name_ok(t->form_id))
			problem(&c->ps, sh->file, sh->name, r->line, col_header(&h, C_FORM_ID, "form_id"),
			    _("\"%s\" is not a valid form id (a letter or _ first, then letters, digits, _ - .)"), t->form_id);
	}
	header_free(&h);
}

/* ---- checking expressions ----------------------------------------------------------------- */

static bool
known_name(const char *name, void *ud)
{
	return find_item(ud, name) >= 0;
}

/* Compile expr of item q (column c) to check it; the compiled expression for the caller, or NULL
 * after a problem (or when expr is empty). */
static xlsexpr *
check_expr(pctx *c, const titem *q, const char *expr, enum col col, const char *dflt_header, int flags)
{
	char *err = NULL;
	xlsexpr *e;

	if (!*expr)
		return NULL;
	e = xlsexpr_compile(expr, flags, known_name, c->t, &err, NULL);
	if (!e) {
		problem(&c->ps, c->survey->file, c->survey->name, q->row, col_header(&c->sh, col, dflt_header), "%s", err ? err : "?");
		free(err);
	}
	return e;
}

/* required and readonly take yes/no or an expression: a value that is neither says both. */
static void
check_flag_expr(pctx *c, const titem *q, const char *expr, enum col col, const char *dflt_header)
{
	char *err = NULL;
	xlsexpr *e;

	if (!*expr)
		return;
	if ((e = xlsexpr_compile(expr, 0, known_name, c->t, &err, NULL)))
		xlsexpr_free(e);
	else if (strpbrk(expr, "$(=<>/"))   /* meant as an expression: what is wrong with it */
		problem(&c->ps, c->survey->file, c->survey->name, q->row, col_header(&c->sh, col, dflt_header), "%s", err ? err : "?");
	else
		problem(&c->ps, c->survey->file, c->survey->name, q->row, col_header(&c->sh, col, dflt_header),
		    _("\"%s\" is neither yes nor no, nor an expression (%s)"), expr, err ? err : "?");
	free(err);
}

/* Every ${name} in a label must name a question. */
static void
check_label_refs(pctx *c, const titem *q)
{
	template *t = c->t;

	for (size_t l = 0; l < t->nlang; l++) {
		const char *s = q->tx[TX_LABEL][l];
		while ((s = strstr(s, "${"))) {
			const char *e = strchr(s + 2, '}');
			if (!e)
				break;
			char *n = xstrndup(s + 2, (size_t)(e - s - 2));
			if (find_item(t, n) < 0) {
				const char *col = "label";
				for (size_t i = 0; i < c->sh.n; i++)
					if (c->sh.c[i].col == C_LABEL && c->sh.c[i].lang == l)
						col = c->sh.c[i].header;
				problem(&c->ps, c->survey->file, c->survey->name, q->row, col, _("unknown field ${%s}"), n);
			}
			free(n);
			s = e + 1;
		}
	}
}

/* Calculations that depend on each other in a ring can never be computed. deps[i] lists the
 * items calculation i reads. */
static void
check_cycles(pctx *c, size_t **deps, size_t *ndeps)
{
	template *t = c->t;
	unsigned char *state = xcalloc(t->nitems ? t->nitems : 1, 1);   /* 0 new, 1 on path, 2 done */
	size_t *path = xcalloc(t->nitems + 1, sizeof *path), *edge = xcalloc(t->nitems + 1, sizeof *edge);

	for (size_t s = 0; s < t->nitems; s++) {
		size_t top = 0;
		if (state[s])
			continue;
		path[0] = s;
		edge[0] = 0;
		state[s] = 1;
		while (top != SIZE_MAX) {
			size_t v = path[top];
			if (edge[top] < ndeps[v]) {
				size_t w = deps[v][edge[top]++];
				if (state[w] == 1) {
					sbuf b = { 0 };
					size_t from = 0;
					while (path[from] != w)
						from++;
					for (size_t k = from; k <= top; k++)
						sb_printf(&b, "%s → ", t->items[path[k]].name);
					sb_puts(&b, t->items[w].name);
					problem(&c->ps, c->survey->file, c->survey->name, t->items[w].row,
					    col_header(&c->sh, C_CALCULATION, "calculation"), _("circular reference: %s"), b.p);
					free(b.p);
				} else if (state[w] == 0) {
					state[w] = 1;
					top++;
					path[top] = w;
					edge[top] = 0;
				}
			} else {
				state[v] = 2;
				top = top == 0 ? SIZE_MAX : top - 1;
			}
		}
	}
	free(state);
	free(path);
	free(edge);
}

/* True when some choice of list has a column called name (name and label always do). */
static bool
list_has_column(const template *t, const char *list, const char *name)
{
	if (eq_ci(name, "name") || eq_ci(name, "label"))
		return true;
	for (size_t i = 0; i < t->nchoices; i++)
		if (!strcmp(t->choices[i].list, list))
			for (size_t k = 0; k < t->choices[i].nextra; k++)
				if (eq_ci(t->choices[i].extra_name[k], name))
					return true;
	return false;
}

/* A choice_filter's bare names are columns of the question's choices (XLSForm writes `county=${county}`
 * for the choices' county column): one the list lacks would hide every choice, so it is a problem. */
static void
check_choice_filter(pctx *c, const titem *q)
{
	xlsexpr *e = check_expr(c, q, q->choice_filter, C_CHOICE_FILTER, "choice_filter", XLSEXPR_COLUMNS);

	for (size_t p = 0; e && p < xlsexpr_param_count(e); p++) {
		const xlsexpr_param *pa = xlsexpr_param_at(e, p);
		if (pa->kind == XLSEXPR_COLUMN && !list_has_column(c->t, q->list, pa->text))
			problem(&c->ps, c->survey->file, c->survey->name, q->row, col_header(&c->sh, C_CHOICE_FILTER, "choice_filter"),
			    _("the choices of list \"%s\" have no column \"%s\""), q->list, pa->text);
	}
	xlsexpr_free(e);
}

static void
check_template(pctx *c)
{
	template *t = c->t;
	size_t **deps = xcalloc(t->nitems ? t->nitems : 1, sizeof *deps);
	size_t *ndeps = xcalloc(t->nitems ? t->nitems : 1, sizeof *ndeps);

	for (size_t i = 0; i < t->nitems; i++) {
		titem *q = &t->items[i];
		xlsexpr *e;

		if ((q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE) && !list_has_choices(t, q->list))
			problem(&c->ps, c->survey->file, c->survey->name, q->row, col_header(&c->sh, C_TYPE, "type"),
			    _("the list \"%s\" has no choices"), q->list);
		xlsexpr_free(check_expr(c, q, q->relevant, C_RELEVANT, "relevant", 0));
		xlsexpr_free(check_expr(c, q, q->constraint, C_CONSTRAINT, "constraint", 0));
		check_choice_filter(c, q);
		xlsexpr_free(check_expr(c, q, q->repeat_count, C_REPEAT_COUNT, "repeat_count", 0));
		check_flag_expr(c, q, q->required_expr, C_REQUIRED, "required");
		check_flag_expr(c, q, q->readonly_expr, C_READONLY, "readonly");
		if ((e = check_expr(c, q, q->calculation, C_CALCULATION, "calculation", 0))) {
			for (size_t p = 0; p < xlsexpr_param_count(e); p++) {
				const xlsexpr_param *pa = xlsexpr_param_at(e, p);
				int w;
				if ((pa->kind == XLSEXPR_REF || pa->kind == XLSEXPR_SUM) && (w = find_item(t, pa->text)) >= 0
				    && t->items[w].type == Q_CALCULATE) {
					deps[i] = xrealloc(deps[i], (ndeps[i] + 1) * sizeof **deps);
					deps[i][ndeps[i]++] = (size_t)w;
				}
			}
			xlsexpr_free(e);
		}
		check_label_refs(c, q);
	}
	check_cycles(c, deps, ndeps);
	for (size_t i = 0; i < t->nitems; i++)
		free(deps[i]);
	free(deps);
	free(ndeps);
}

/* The record id: a UUID-shaped name (version 8) of form_id, version and the content hash, the
 * same in every office that imports the same file. */
static char *
derive_id(const char *form_id, const char *version, const char *hash)
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x6c62272e07bb0142ULL;
	const char *parts[] = { form_id, version, hash };

	for (size_t i = 0; i < 3; i++) {
		a = fnv(a, parts[i], strlen(parts[i]) + 1);
		b = fnv(b ^ 0x9e3779b97f4a7c15ULL, parts[i], strlen(parts[i]) + 1);
	}
	return xasprintf("%08x-%04x-8%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
	    (unsigned)a & 0xfff, (unsigned)(0x8000 | ((b >> 48) & 0x3fff)), (unsigned long long)(b & 0xffffffffffffULL));
}

template *
template_parse(sqlite3 *db, const char *const *files, size_t nfiles, template_problem **problems_out, size_t *nproblems)
{
	pctx c = { 0 };
	sheets s = { 0 };
	const rsheet *sv = NULL, *ch = NULL, *st = NULL;
	template *t = xcalloc(1, sizeof *t);

	c.db = db;
	c.t = t;
	t->nlang = 1;
	t->lang = xcalloc(1, sizeof *t->lang);
	t->lang[0] = xstrdup("");
	for (size_t i = 0; i < nfiles; i++)
		read_file(&s, files[i], &c.ps);
	for (size_t i = 0; i < s.n; i++) {
		const rsheet **slot = !strcmp(s.v[i].name, "survey") ? &sv : !strcmp(s.v[i].name, "choices") ? &ch
		    : !strcmp(s.v[i].name, "settings") ? &st : NULL;
		if (!slot)
			continue;       /* external_choices, entities, osm ...: other tools' sheets */
		if (*slot && (*slot)->nrows && s.v[i].nrows)
			problem(&c.ps, s.v[i].file, s.v[i].name, 0, "", _("a second %s sheet (the first is in %s)"), s.v[i].name, (*slot)->file);
		else if (!*slot || !(*slot)->nrows)
			*slot = &s.v[i];
	}
	if (!c.ps.n && (!sv || sv->nrows == 0))
		problem(&c.ps, nfiles ? files[0] : "", "survey", 0, "", _("there is no survey sheet"));
	if (!c.ps.n) {
		/* all headers first: languages are known before any row is read */
		c.survey = sv;
		header_read(t, sv, &c.sh, &c.ps);
		if (ch && ch->nrows)
			parse_choices(&c, ch);
		if (st && st->nrows)
			parse_settings(&c, st);
		parse_survey(&c, sv);
		check_template(&c);
		header_free(&c.sh);
	}
	hash_sheets(&c, &s);
	sheets_free(&s);
	if (!c.ps.n) {
		char *stem = file_stem(files[0]);
		t->hash = xasprintf("%016llx%016llx", (unsigned long long)c.h1, (unsigned long long)c.h2);
		if (!t->form_id)
			t->form_id = stem;
		else
			free(stem);
		if (!t->version)
			t->version = xstrndup(t->hash, 16);
		t->source = xstrdup(base_name(files[0]));
		t->id = derive_id(t->form_id, t->version, t->hash);
	}
	/* in the order of the file, as a reader goes through it (stable: same row keeps its order) */
	for (size_t i = 1; i < c.ps.n; i++)
		for (size_t j = i; j > 0 && strcmp(c.ps.v[j - 1].file, c.ps.v[j].file) == 0 && c.ps.v[j - 1].row > c.ps.v[j].row; j--) {
			template_problem tmp = c.ps.v[j];
			c.ps.v[j] = c.ps.v[j - 1];
			c.ps.v[j - 1] = tmp;
		}
	*problems_out = c.ps.v;
	*nproblems = c.ps.n;
	if (c.ps.n) {
		template_free(t);
		return NULL;
	}
	return t;
}

void
template_group_files(const char *const *paths, size_t n, size_t ***groups, size_t *ngroups)
{
	size_t **g = NULL, ng = 0;
	bool *used = xcalloc(n ? n : 1, sizeof *used);

	for (size_t i = 0; i < n; i++) {
		size_t len, k = 0, *grp;
		const char *part;
		if (used[i])
			continue;
		grp = xcalloc(n + 1, sizeof *grp);
		grp[k++] = i;
		used[i] = true;
		if ((part = file_part(paths[i], &len))) {
			/* partners: same folder and stem, another part */
			size_t dirlen = (size_t)(base_name(paths[i]) - paths[i]);
			for (size_t j = i + 1; j < n; j++) {
				size_t len2;
				if (used[j] || !file_part(paths[j], &len2) || len2 != len
				    || (size_t)(base_name(paths[j]) - paths[j]) != dirlen
				    || strncmp(paths[i], paths[j], dirlen + len) != 0)
					continue;
				grp[k++] = j;
				used[j] = true;
			}
			/* the survey part first: its stem names the form when settings do not */
			for (size_t a = 0; a < k; a++)
				if (!strcmp(file_part(paths[grp[a]], &len), "survey")) {
					size_t tmp = grp[0];
					grp[0] = grp[a];
					grp[a] = tmp;
				}
		}
		grp[k] = SIZE_MAX;
		g = xrealloc(g, (ng + 1) * sizeof *g);
		g[ng++] = grp;
	}
	free(used);
	*groups = g;
	*ngroups = ng;
}

void
template_groups_free(size_t **groups, size_t ngroups)
{
	for (size_t i = 0; i < ngroups; i++)
		free(groups[i]);
	free(groups);
}

/* ---- what a template says about itself ------------------------------------------------------ */

const char *template_form_id(const template *t) { return t->form_id; }
const char *template_version(const template *t) { return t->version; }
const char *template_record_id(const template *t) { return t->id; }
size_t template_language_count(const template *t) { return t->nlang - 1; }
size_t template_skip_count(const template *t) { return t->nskips; }
size_t template_question_count(const template *t) { return t->nitems; }

const char *
template_language_at(const template *t, size_t i)
{
	return i + 1 < t->nlang ? t->lang[i + 1] : NULL;
}

const template_skip *
template_skip_at(const template *t, size_t i)
{
	return i < t->nskips ? &t->skips[i] : NULL;
}

const char *
template_title(const template *t, const char *lang)
{
	(void)lang;     /* form_title has no language variants in XLSForm */
	return t->title && *t->title ? t->title : t->form_id;
}

/* ---- languages ------------------------------------------------------------------------------ */

/* The code in "Name (code)", or NULL. */
static char *
lang_code(const char *s)
{
	const char *o = strrchr(s, '('), *e = o ? strchr(o, ')') : NULL;
	char *in, *code;

	if (!o || !e)
		return NULL;
	in = xstrndup(o + 1, (size_t)(e - o - 1));
	code = trim_dup(in);
	free(in);
	return code;
}

/* Common names of a few codes, so "text:english" answers to "en". */
static const struct { const char *code, *name; } lang_names[] = {
	{ "en", "english" }, { "zh", "chinese" }, { "zh", "中文" }, { "zh", "汉语" }, { "zh", "简体中文" },
	{ "fr", "french" }, { "es", "spanish" }, { "ar", "arabic" }, { "ru", "russian" },
};

/* True when the template's language written as l answers to want (a code or a name). */
static bool
lang_matches(const char *l, const char *want)
{
	char *code = lang_code(l), *name;
	bool ok = false;

	if (eq_ci(l, want) || (code && eq_ci(code, want)))
		ok = true;
	/* the name before the parentheses */
	name = trim_dup(l);
	if (strchr(name, '('))
		*strchr(name, '(') = '\0';
	char *n2 = trim_dup(name);
	if (!ok && *n2 && eq_ci(n2, want))
		ok = true;
	for (size_t i = 0; !ok && i < sizeof lang_names / sizeof lang_names[0]; i++)
		if (eq_ci(lang_names[i].code, want) && (eq_ci(n2, lang_names[i].name) || (code && eq_ci(code, lang_names[i].code))))
			ok = true;
		else if (eq_ci(lang_names[i].name, want) && (eq_ci(n2, lang_names[i].code) || (code && eq_ci(code, lang_names[i].code))))
			ok = true;
	free(code);
	free(name);
	free(n2);
	return ok;
}

static int
lang_find(const template *t, const char *want)
{
	char *w, *p;
	int found = -1;

	if (!want || !*want)
		return -1;
	/* a locale: zh_CN.UTF-8 -> zh */
	w = xstrdup(want);
	if ((p = strpbrk(w, "_.@")) && p != w && strlen(w) > 2 && w[2] == *p)
		*p = '\0';
	for (size_t i = 1; i < t->nlang && found < 0; i++)
		if (lang_matches(t->lang[i], w) || lang_matches(t->lang[i], want))
			found = (int)i;
	free(w);
	return found;
}

int
template_pick_language(const template *t, const char *want)
{
	int i = lang_find(t, want);

	if (i < 0 && t->default_language)
		i = lang_find(t, t->default_language);
	return i < 0 ? -1 : i - 1;
}

/* The text in language index li (into t->lang), else the default language, the plain column,
 * then the first language that has one. */
static const char *
pick_text(const template *t, char **v, int li)
{
	int d = t->default_language ? lang_find(t, t->default_language) : -1;

	if (!v)
		return "";
	if (li > 0 && (size_t)li < t->nlang && *v[li])
		return v[li];
	if (d > 0 && *v[d])
		return v[d];
	for (size_t i = 0; i < t->nlang; i++)
		if (*v[i])
			return v[i];
	return "";
}

/* Language index into t->lang for want (0 when none matches: then pick_text falls back). */
static int
lang_slot(const template *t, const char *lang)
{
	int i = template_pick_language(t, lang);
	if (i >= 0)
		return i + 1;
	/* no plain column: the first language */
	for (size_t q = 0; q < t->nitems; q++)
		if (*t->items[q].tx[TX_LABEL][0])
			return 0;
	return t->nlang > 1 ? 1 : 0;
}

/* ---- storage: the definition as JSON ---------------------------------------------------------- */

static void
json_texts(sbuf *b, const char *key, char **v, size_t n)
{
	sb_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(b, ",");
		sb_json(b, v[i]);
	}
	sb_puts(b, "]");
}

static void
json_field(sbuf *b, const char *key, const char *v)
{
	sb_printf(b, ",\"%s\":", key);
	sb_json(b, v);
}

static char *
definition_json(const template *t)
{
	sbuf b = { 0 };
	static const char *const txnames[TX_N] = { "label", "hint", "required_message", "constraint_message" };

	sb_puts(&b, "{\"format\":1");
	json_field(&b, "form_id", t->form_id);
	json_field(&b, "version", t->version);
	json_field(&b, "title", t->title ? t->title : "");
	json_field(&b, "default_language", t->default_language ? t->default_language : "");
	json_field(&b, "source", t->source ? t->source : "");
	json_texts(&b, "languages", t->lang, t->nlang);
	sb_puts(&b, ",\"questions\":[");
	for (size_t i = 0; i < t->nitems; i++) {
		const titem *q = &t->items[i];
		sb_printf(&b, "%s{\"row\":%ld", i ? "," : "", q->row);
		json_field(&b, "type", qtype_names[q->type]);
		json_field(&b, "name", q->name);
		json_field(&b, "list", q->list);
		for (int k = 0; k < TX_N; k++)
			json_texts(&b, txnames[k], q->tx[k], t->nlang);
		sb_printf(&b, ",\"required\":%d,\"readonly\":%d,\"personal\":%d", q->required, q->readonly, q->personal);
		json_field(&b, "relevant", q->relevant);
		json_field(&b, "constraint", q->constraint);
		json_field(&b, "calculation", q->calculation);
		json_field(&b, "choice_filter", q->choice_filter);
		json_field(&b, "default", q->dflt);
		json_field(&b, "circle", q->circle);
		json_field(&b, "repeat_count", q->repeat_count);
		/* only when written as expressions: a definition without them stays byte for byte as before */
		if (*q->required_expr)
			json_field(&b, "required_if", q->required_expr);
		if (*q->readonly_expr)
			json_field(&b, "readonly_if", q->readonly_expr);
		sb_puts(&b, "}");
	}
	sb_puts(&b, "],\"choices\":[");
	for (size_t i = 0; i < t->nchoices; i++) {
		const tchoice *ch = &t->choices[i];
		sb_printf(&b, "%s{\"row\":%ld", i ? "," : "", ch->row);
		json_field(&b, "list", ch->list);
		json_field(&b, "name", ch->name);
		json_texts(&b, "label", ch->label, t->nlang);
		json_texts(&b, "column_names", ch->extra_name, ch->nextra);
		json_texts(&b, "column_values", ch->extra_value, ch->nextra);
		sb_puts(&b, "}");
	}
	sb_puts(&b, "],\"skipped\":[");
	for (size_t i = 0; i < t->nskips; i++) {
		sb_printf(&b, "%s{\"row\":%ld", i ? "," : "", t->skips[i].row);
		json_field(&b, "name", t->skips[i].name);
		json_field(&b, "type", t->skips[i].type);
		json_field(&b, "reason", t->skips[i].reason);
		sb_puts(&b, "}");
	}
	sb_puts(&b, "]}");
	return b.p;
}

static char *
languages_json(const template *t)
{
	sbuf b = { 0 };

	sb_puts(&b, "[");
	for (size_t i = 1; i < t->nlang; i++) {
		if (i > 1)
			sb_puts(&b, ",");
		sb_json(&b, t->lang[i]);
	}
	sb_puts(&b, "]");
	return b.p;
}

typedef struct store_rec {
	const template *t;
	char *definition, *languages;
} store_rec;

static int
bind_template(sqlite3_stmt *st, int first, const void *rec)
{
	const store_rec *r = rec;
	const template *t = r->t;
	int rc = SQLITE_OK;

	if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, first, t->form_id, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, first + 1, t->version, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, first + 2, template_title(t, NULL), -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, first + 3, r->languages, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, first + 4, t->hash, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, first + 5, r->definition, -1, SQLITE_TRANSIENT);
	return rc;
}

/* A shipped template (data/templates) is the same record in every office: its id comes from its
 * content, and so do its record fields (zero clock, fixed times, origin "shipped"). A file exchange
 * never carries it, since each office loads it from its own data/; were one to arrive anyway it
 * would be known, not a second concurrent version in conflict. created_at is fixed and old, so a
 * template the district sends out counts as newer. */
static void
meta_shipped(record_meta *meta)
{
	snprintf(meta->origin, sizeof meta->origin, "%s", RECORD_ORIGIN_SHIPPED);
	snprintf(meta->created_at, sizeof meta->created_at, "%s", "2000-01-01T00:00:00.000Z");
	snprintf(meta->updated_at, sizeof meta->updated_at, "%s", meta->created_at);
	hlc_format((hlc){ 0, 0 }, meta->hlc);
	meta->operator_name[0] = '\0';
	meta->base[0] = '\0';
}

static int
store_locked(sqlite3 *db, const template *t, bool shipped, char **err)
{
	sqlite3_stmt *st;
	store_rec r = { t, NULL, NULL };
	record_meta meta;
	int rc, found = 0;

	/* the same content has the same id: already here (or deleted here on purpose: not brought back) */
	st = db_prepare(db, "SELECT 1 FROM survey_template WHERE id = ?1");
	if (st) {
		sqlite3_bind_text(st, 1, t->id, -1, SQLITE_TRANSIENT);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (found)
			return 1;
	}
	st = db_prepare(db, "SELECT content_hash FROM survey_template WHERE form_id = ?1 AND version = ?2 AND deleted = 0");
	if (!st) {
		*err = xasprintf(_("cannot read the templates: %s"), sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, t->form_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, t->version, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		found = strcmp((const char *)sqlite3_column_text(st, 0), t->hash) == 0 ? 1 : found ? found : 2;
	sqlite3_finalize(st);
	if (found == 1)
		return 1;
	if (found == 2) {
		*err = xasprintf(_("version %s of the template %s is already stored with other content; give the new one another version in its settings"),
		    t->version, t->form_id);
		return -1;
	}
	r.definition = definition_json(t);
	r.languages = languages_json(t);
	/* the id is derived from the content, not fresh: the same file imported in two offices is one record */
	rc = record_meta_new(db, &meta);
	if (rc == 0) {
		snprintf(meta.id, sizeof meta.id, "%s", t->id);
		if (shipped)
			meta_shipped(&meta);
		st = db_prepare(db, "INSERT INTO survey_template (" RECORD_META_NAMES ", form_id, version, title, languages, content_hash, definition)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
		rc = -1;
		if (st && record_bind_meta(st, 1, &meta) == SQLITE_OK && bind_template(st, RECORD_META_COUNT + 1, &r) == SQLITE_OK)
			rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	free(r.definition);
	free(r.languages);
	if (rc != 0) {
		const char *why = record_error_message(rc);
		*err = xasprintf(_("cannot store the template: %s"), why ? why : sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
template_store_locked(sqlite3 *db, const template *t, char **err)
{
	return store_locked(db, t, false, err);
}

int
template_store(sqlite3 *db, const template *t, char **err)
{
	int rc;

	*err = NULL;
	if (db_begin(db) != 0) {
		*err = xasprintf(_("cannot store the template: %s"), sqlite3_errmsg(db));
		return -1;
	}
	rc = template_store_locked(db, t, err);
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0) {
		*err = xasprintf(_("cannot store the template: %s"), sqlite3_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return rc;
}

static bool
file_exists(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f)
		fclose(f);
	return f != NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
template_load_dir(sqlite3 *db, const char *dir, char **err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	*err = NULL;
	if (!d)
		return 0;       /* no templates folder: nothing shipped */
	while ((e = readdir(d))) {
		size_t len;
		const char *part = file_part(e->d_name, &len);
		if (part && !strcmp(part, "survey")) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrndup(e->d_name, len);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *files[3];
		size_t nf = 0, np;
		template_problem *probs;
		template *t;
		static const char *const parts[] = { "survey", "choices", "settings" };

		for (size_t p = 0; p < 3; p++) {
			char *path = xasprintf("%s/%s.%s.csv", dir, names[i], parts[p]);
			if (p == 0 || file_exists(path))
				files[nf++] = path;
			else
				free(path);
		}
		t = template_parse(db, (const char *const *)files, nf, &probs, &np);
		if (!t) {
			char *line = np ? template_problem_text(&probs[0]) : xstrdup(files[0]);
			*err = xasprintf(_("the shipped template is damaged: %s"), line);
			free(line);
			rc = -1;
		} else if (store_locked(db, t, true, err) < 0) {
			rc = -1;
		}
		template_problems_free(probs, np);
		template_free(t);
		for (size_t p = 0; p < nf; p++)
			free(files[p]);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- reading a stored definition back ------------------------------------------------------ */

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return xstrdup(s ? (const char *)s : "");
}

/* Run sql (?1 the definition, ?2 an optional text) and hand each row to fn. */
static int
json_rows(sqlite3 *db, const char *sql, const char *def, const char *arg,
    void (*fn)(template *t, sqlite3_stmt *st, void *ud), template *t, void *ud)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, def, -1, SQLITE_STATIC);
	if (arg)
		sqlite3_bind_text(st, 2, arg, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(t, st, ud);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static char **
empty_texts(size_t n)
{
	char **v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = xstrdup("");
	return v;
}

static void
row_lang(template *t, sqlite3_stmt *st, void *ud)
{
	(void)ud;
	t->lang = xrealloc(t->lang, (t->nlang + 1) * sizeof *t->lang);
	t->lang[t->nlang++] = col_dup(st, 1);
}

static enum qtype
qtype_from(const char *s)
{
	for (int i = 0; i < Q_NTYPES; i++)
		if (!strcmp(qtype_names[i], s))
			return (enum qtype)i;
	return Q_TEXT;
}

static void
row_question(template *t, sqlite3_stmt *st, void *ud)
{
	titem q = { 0 };
	char *type = col_dup(st, 2);

	(void)ud;
	q.row = (long)sqlite3_column_int64(st, 1);
	q.type = qtype_from(type);
	free(type);
	q.name = col_dup(st, 3);
	q.list = col_dup(st, 4);
	q.required = sqlite3_column_int(st, 5) != 0;
	q.readonly = sqlite3_column_int(st, 6) != 0;
	q.personal = sqlite3_column_int(st, 7) != 0;
	q.relevant = col_dup(st, 8);
	q.constraint = col_dup(st, 9);
	q.calculation = col_dup(st, 10);
	q.choice_filter = col_dup(st, 11);
	q.dflt = col_dup(st, 12);
	q.circle = col_dup(st, 13);
	q.repeat_count = col_dup(st, 14);
	q.required_expr = col_dup(st, 15);
	q.readonly_expr = col_dup(st, 16);
	for (int k = 0; k < TX_N; k++)
		q.tx[k] = empty_texts(t->nlang);
	t->items = xrealloc(t->items, (t->nitems + 1) * sizeof *t->items);
	t->items[t->nitems++] = q;
}

/* q.key, l.key, l.value: text l of question (or choice) q of the kind ud names. */
static void
row_qtext(template *t, sqlite3_stmt *st, void *ud)
{
	int k = *(int *)ud;
	sqlite3_int64 q = sqlite3_column_int64(st, 0), l = sqlite3_column_int64(st, 1);

	if (q < 0 || (size_t)q >= t->nitems || l < 0 || (size_t)l >= t->nlang)
		return;
	free(t->items[q].tx[k][l]);
	t->items[q].tx[k][l] = col_dup(st, 2);
}

static void
row_choice(template *t, sqlite3_stmt *st, void *ud)
{
	tchoice c = { 0 };

	(void)ud;
	c.row = (long)sqlite3_column_int64(st, 1);
	c.list = col_dup(st, 2);
	c.name = col_dup(st, 3);
	c.label = empty_texts(t->nlang);
	t->choices = xrealloc(t->choices, (t->nchoices + 1) * sizeof *t->choices);
	t->choices[t->nchoices++] = c;
}

static void
row_clabel(template *t, sqlite3_stmt *st, void *ud)
{
	sqlite3_int64 q = sqlite3_column_int64(st, 0), l = sqlite3_column_int64(st, 1);

	(void)ud;
	if (q < 0 || (size_t)q >= t->nchoices || l < 0 || (size_t)l >= t->nlang)
		return;
	free(t->choices[q].label[l]);
	t->choices[q].label[l] = col_dup(st, 2);
}

/* choice key, column name, column value (names and values are parallel arrays) */
static void
row_ccolumn(template *t, sqlite3_stmt *st, void *ud)
{
	sqlite3_int64 q = sqlite3_column_int64(st, 0);
	tchoice *c;

	(void)ud;
	if (q < 0 || (size_t)q >= t->nchoices)
		return;
	c = &t->choices[q];
	c->extra_name = xrealloc(c->extra_name, (c->nextra + 1) * sizeof *c->extra_name);
	c->extra_value = xrealloc(c->extra_value, (c->nextra + 1) * sizeof *c->extra_value);
	c->extra_name[c->nextra] = col_dup(st, 1);
	c->extra_value[c->nextra++] = col_dup(st, 2);
}

static void
row_skip(template *t, sqlite3_stmt *st, void *ud)
{
	(void)ud;
	t->skips = xrealloc(t->skips, (t->nskips + 1) * sizeof *t->skips);
	t->skips[t->nskips].row = (long)sqlite3_column_int64(st, 0);
	t->skips[t->nskips].name = col_dup(st, 1);
	t->skips[t->nskips].type = col_dup(st, 2);
	t->skips[t->nskips].reason = col_dup(st, 3);
	t->nskips++;
}

static template *
from_definition(sqlite3 *db, const char *id, const char *hash, const char *def)
{
	template *t = xcalloc(1, sizeof *t);
	sqlite3_stmt *st = db_prepare(db, "SELECT json_extract(?1, '$.form_id'), json_extract(?1, '$.version'),"
	    " json_extract(?1, '$.title'), json_extract(?1, '$.default_language'), json_extract(?1, '$.source')");
	static const char *const txnames[TX_N] = { "label", "hint", "required_message", "constraint_message" };
	int bad = 0;

	if (!st || (sqlite3_bind_text(st, 1, def, -1, SQLITE_STATIC), sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		free(t);
		return NULL;
	}
	t->form_id = col_dup(st, 0);
	t->version = col_dup(st, 1);
	t->title = col_dup(st, 2);
	t->default_language = col_dup(st, 3);
	t->source = col_dup(st, 4);
	sqlite3_finalize(st);
	if (!*t->default_language) {
		free(t->default_language);
		t->default_language = NULL;
	}
	t->id = xstrdup(id);
	t->hash = xstrdup(hash);
	bad |= json_rows(db, "SELECT key, value FROM json_each(?1, '$.languages') ORDER BY key", def, NULL, row_lang, t, NULL);
	if (t->nlang == 0) {
		t->lang = xcalloc(1, sizeof *t->lang);
		t->lang[t->nlang++] = xstrdup("");
	}
	bad |= json_rows(db, "SELECT key, json_extract(value, '$.row'), json_extract(value, '$.type'), json_extract(value, '$.name'),"
	    " json_extract(value, '$.list'), json_extract(value, '$.required'), json_extract(value, '$.readonly'),"
	    " json_extract(value, '$.personal'), json_extract(value, '$.relevant'), json_extract(value, '$.constraint'),"
	    " json_extract(value, '$.calculation'), json_extract(value, '$.choice_filter'), json_extract(value, '$.default'),"
	    " json_extract(value, '$.circle'), json_extract(value, '$.repeat_count'), json_extract(value, '$.required_if'),"
	    " json_extract(value, '$.readonly_if')"
	    " FROM json_each(?1, '$.questions') ORDER BY key", def, NULL, row_question, t, NULL);
	for (int k = 0; k < TX_N; k++) {
		char path[40];
		snprintf(path, sizeof path, "$.%s", txnames[k]);
		bad |= json_rows(db, "SELECT q.key, l.key, l.value FROM json_each(?1, '$.questions') q, json_each(q.value, ?2) l",
		    def, path, row_qtext, t, &k);
	}
	bad |= json_rows(db, "SELECT key, json_extract(value, '$.row'), json_extract(value, '$.list'), json_extract(value, '$.name')"
	    " FROM json_each(?1, '$.choices') ORDER BY key", def, NULL, row_choice, t, NULL);
	bad |= json_rows(db, "SELECT q.key, l.key, l.value FROM json_each(?1, '$.choices') q, json_each(q.value, '$.label') l",
	    def, NULL, row_clabel, t, NULL);
	bad |= json_rows(db, "SELECT q.key, n.value, json_extract(q.value, '$.column_values[' || n.key || ']')"
	    " FROM json_each(?1, '$.choices') q, json_each(q.value, '$.column_names') n ORDER BY q.key, n.key",
	    def, NULL, row_ccolumn, t, NULL);
	bad |= json_rows(db, "SELECT json_extract(value, '$.row'), json_extract(value, '$.name'), json_extract(value, '$.type'),"
	    " json_extract(value, '$.reason') FROM json_each(?1, '$.skipped') ORDER BY key", def, NULL, row_skip, t, NULL);
	if (bad || !*t->form_id) {
		template_free(t);
		return NULL;
	}
	return t;
}

template *
template_load(sqlite3 *db, const char *id_or_form, const char *version, char **err)
{
	sqlite3_stmt *st;
	template *t = NULL;

	*err = NULL;
	st = db_prepare(db, "SELECT id, content_hash, definition FROM survey_template WHERE deleted = 0"
	    " AND (id = ?1 OR (form_id = ?1 AND (?2 IS NULL OR version = ?2)))"
	    " ORDER BY id = ?1 DESC, created_at DESC, version DESC, hlc DESC LIMIT 1");
	if (!st) {
		*err = xasprintf(_("cannot read the templates: %s"), sqlite3_errmsg(db));
		return NULL;
	}
	sqlite3_bind_text(st, 1, id_or_form, -1, SQLITE_TRANSIENT);
	if (version)
		sqlite3_bind_text(st, 2, version, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		char *id = col_dup(st, 0), *hash = col_dup(st, 1), *def = col_dup(st, 2);
		sqlite3_finalize(st);
		st = NULL;
		t = from_definition(db, id, hash, def);
		if (!t)
			*err = xasprintf(_("the stored template %s is damaged"), id);
		free(id);
		free(hash);
		free(def);
	} else if (version) {
		*err = xasprintf(_("no template %s with version %s"), id_or_form, version);
	} else {
		*err = xasprintf(_("no template %s"), id_or_form);
	}
	sqlite3_finalize(st);
	return t;
}

/* ---- the question list ------------------------------------------------------------------- */

/* The question list, with the group rows kept when outline. */
static template_question *
questions_build(const template *t, const char *lang, size_t *n, bool outline)
{
	template_question *v = xcalloc(t->nitems ? t->nitems : 1, sizeof *v);
	int li = lang_slot(t, lang);
	const char *groups[64];
	bool reps[64];
	size_t depth = 0, k = 0;

	for (size_t i = 0; i < t->nitems; i++) {
		const titem *q = &t->items[i];
		bool begin = q->type == Q_BEGIN_GROUP || q->type == Q_BEGIN_REPEAT;
		bool end = q->type == Q_END_GROUP || q->type == Q_END_REPEAT;
		if (begin) {
			if (depth < 64) {
				groups[depth] = q->name;
				reps[depth] = q->type == Q_BEGIN_REPEAT || (depth && reps[depth - 1]);
			}
			depth++;
		} else if (end && depth) {
			depth--;
		}
		if ((begin || end) && !outline)
			continue;
		template_question *o = &v[k++];
		o->name = q->name;
		o->type = qtype_names[q->type];
		o->list = q->list;
		o->label = pick_text(t, q->tx[TX_LABEL], li);
		o->hint = pick_text(t, q->tx[TX_HINT], li);
		o->relevant = q->relevant ? q->relevant : "";
		o->required = q->required;
		o->required_if = q->required_expr ? q->required_expr : "";
		o->repeat_count = q->repeat_count ? q->repeat_count : "";
		o->constraint = q->constraint ? q->constraint : "";
		/* a begin row names the group it is in, not itself */
		size_t at = begin ? depth - 1 : depth;
		o->group = at && at <= 64 ? groups[at - 1] : "";
		o->repeat = at && at <= 64 && reps[at - 1];
		o->circle = q->circle;
		o->personal = q->personal;
		if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE) {
			template_choice_info *c = NULL;
			size_t nc = 0;
			for (size_t j = 0; j < t->nchoices; j++)
				if (!strcmp(t->choices[j].list, q->list)) {
					c = xrealloc(c, (nc + 1) * sizeof *c);
					c[nc].name = t->choices[j].name;
					c[nc++].label = pick_text(t, t->choices[j].label, li);
				}
			o->choices = c;
			o->nchoices = nc;
		}
	}
	*n = k;
	return v;
}

template_question *
template_questions(const template *t, const char *lang, size_t *n)
{
	return questions_build(t, lang, n, false);
}

template_question *
template_outline(const template *t, const char *lang, size_t *n)
{
	return questions_build(t, lang, n, true);
}

void
template_questions_free(template_question *q, size_t n)
{
	for (size_t i = 0; q && i < n; i++)
		free((void *)q[i].choices);
	free(q);
}

/* ---- the bridge to the form model ------------------------------------------------------------ */

enum { CHECK_NONE, CHECK_TIME, CHECK_DATETIME };

typedef struct tf_field {
	int check;
	enum qtype type;          /* the template's question type */
	const tchoice **choices;   /* the field's choices as the template has them (extra columns) */
	size_t nchoices;
} tf_field;

struct template_form {
	fieldset fs;
	formmodel *m;
	xlsexpr_form *xf;
	tf_field *info;
};

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* HH:MM or HH:MM:SS, 00:00..23:59:59; the length read in *len. */
static bool
time_ok(const char *s, size_t *len)
{
	if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2))
		return false;
	if (atoi(s) > 23 || atoi(s + 3) > 59)
		return false;
	*len = 5;
	if (s[5] == ':') {
		if (!digits(s + 6, 2) || atoi(s + 6) > 59)
			return false;
		*len = 8;
	}
	return true;
}

static char *
check_time(const field_def *f, const char *value, void *ud)
{
	const tf_field *info = ud;
	size_t len;

	(void)f;
	if (!*value)
		return NULL;
	if (info->check == CHECK_TIME)
		return time_ok(value, &len) && !value[len] ? NULL : xstrdup(_("Write a time as HH:MM, e.g. 09:30."));
	if (strlen(value) > 11 && (value[10] == ' ' || value[10] == 'T')) {
		char *d = xstrndup(value, 10);
		bool ok = field_is_date(d) && time_ok(value + 11, &len) && !value[11 + len];
		free(d);
		if (ok)
			return NULL;
	}
	return xstrdup(_("Write a date and time as YYYY-MM-DD HH:MM, e.g. 2024-05-01 09:30."));
}

static const char *
tf_column(size_t field, size_t choice, const char *column, void *ud)
{
	const template_form *tf = ud;
	const tf_field *info;

	if (field >= tf->fs.n)
		return NULL;
	info = &tf->info[field];
	if (choice >= info->nchoices)
		return NULL;
	for (size_t i = 0; i < info->choices[choice]->nextra; i++)
		if (eq_ci(info->choices[choice]->extra_name[i], column))
			return info->choices[choice]->extra_value[i];
	return NULL;
}

static field_kind
field_kind_of(enum qtype type)
{
	switch (type) {
	case Q_INTEGER: return FIELD_INTEGER;
	case Q_DECIMAL: return FIELD_DECIMAL;
	case Q_DATE: return FIELD_DATE;
	case Q_PHONE: return FIELD_PHONE;
	case Q_SELECT_ONE: case Q_ACKNOWLEDGE: return FIELD_CHOICE;
	case Q_SELECT_MULTIPLE: return FIELD_MULTI;
	case Q_NOTE: return FIELD_NOTE;
	default: return FIELD_TEXT;
	}
}

/* "(a) and (b)" of the non-empty ones (fresh; "" when none). */
static char *
and_join(char *const *parts, size_t n)
{
	sbuf b = { 0 };

	sb_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		sb_printf(&b, "%s(%s)", b.n ? " and " : "", parts[i]);
	}
	return b.p;
}

typedef struct gframe {
	const titem *q;
	size_t gid;      /* its fieldset group (0 inside a repeat: the repeat's) */
} gframe;

template_form *
template_form_new(const template *t, const char *lang, sqlite3 *db, const char *draft_key, char **err)
{
	template_form *tf = xcalloc(1, sizeof *tf);
	int li = lang_slot(t, lang);
	gframe stack[64];
	size_t depth = 0, cur = 0, repeat_gid = 0;
	const titem **src = xcalloc(t->nitems ? t->nitems : 1, sizeof *src);
	char **relevant = xcalloc(t->nitems ? t->nitems : 1, sizeof *relevant);
	const titem **counted = xcalloc(t->nitems + 1, sizeof *counted);   /* by group id: a repeat with repeat_count */

	*err = NULL;
	for (size_t i = 0; i < t->nitems; i++) {
		const titem *q = &t->items[i];
		const char *label = pick_text(t, q->tx[TX_LABEL], li);
		field_def *f;

		if (q->type == Q_BEGIN_GROUP || q->type == Q_BEGIN_REPEAT) {
			if (depth >= 64)
				continue;
			stack[depth].q = q;
			if (q->type == Q_BEGIN_REPEAT) {
				cur = repeat_gid = stack[depth].gid = fieldset_add_group(&tf->fs, q->name, *label ? label : q->name, true);
				if (*q->repeat_count && cur <= t->nitems)
					counted[cur] = q;
			}
			else if (!repeat_gid)
				cur = stack[depth].gid = fieldset_add_group(&tf->fs, q->name, *label ? label : q->name, false);
			else
				stack[depth].gid = repeat_gid;
			depth++;
			continue;
		}
		if (q->type == Q_END_GROUP || q->type == Q_END_REPEAT) {
			if (!depth)
				continue;
			depth--;
			if (stack[depth].q->type == Q_BEGIN_REPEAT)
				repeat_gid = 0;
			if (repeat_gid)
				cur = repeat_gid;
			else if (depth) {
				/* the rest of the outer group: a page of its own, with the outer group's title */
				const titem *o = stack[depth - 1].q;
				const char *ol = pick_text(t, o->tx[TX_LABEL], li);
				cur = stack[depth - 1].gid = fieldset_add_group(&tf->fs, o->name, *ol ? ol : o->name, false);
			} else {
				cur = 0;
			}
			continue;
		}
		f = fieldset_add(&tf->fs, q->name, *label ? label : q->name, field_kind_of(q->type));
		f->group = cur;
		const char *hint = pick_text(t, q->tx[TX_HINT], li);
		if (*hint)
			f->hint = xstrdup(hint);
		f->required = q->required;
		const char *rm = pick_text(t, q->tx[TX_REQMSG], li);
		if ((q->required || *q->required_expr) && *rm)
			f->required_message = xstrdup(rm);
		f->read_only = q->readonly || q->type == Q_CALCULATE;
		if (*q->dflt)
			f->default_value = xstrdup(q->dflt);
		if (q->type == Q_ACKNOWLEDGE)
			field_add_choice(f, "OK", _("OK"));
		if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE)
			for (size_t j = 0; j < t->nchoices; j++)
				if (!strcmp(t->choices[j].list, q->list)) {
					const char *cl = pick_text(t, t->choices[j].label, li);
					field_add_choice(f, t->choices[j].name, *cl ? cl : t->choices[j].name);
				}
		/* a field is shown when every group around it and its own condition say so */
		char *parts[65];
		size_t np = 0;
		for (size_t d = 0; d < depth; d++)
			parts[np++] = stack[d].q->relevant;
		parts[np++] = q->relevant;
		relevant[tf->fs.n - 1] = and_join(parts, np);
		src[tf->fs.n - 1] = q;
	}
	tf->info = xcalloc(tf->fs.n ? tf->fs.n : 1, sizeof *tf->info);
	tf->xf = xlsexpr_form_new(&tf->fs, db);
	if (!tf->xf)
		*err = xstrdup(_("cannot prepare the template's expressions"));
	else
		xlsexpr_form_columns(tf->xf, tf_column, tf);
	for (size_t i = 0; i < tf->fs.n && !*err; i++) {
		const titem *q = src[i];
		tf_field *info = &tf->info[i];
		field_def *f = &tf->fs.fields[i];
		char *e = NULL;

		info->type = q->type;

		if (q->type == Q_TIME || q->type == Q_DATETIME) {
			info->check = q->type == Q_TIME ? CHECK_TIME : CHECK_DATETIME;
			f->check = check_time;
			f->check_ud = info;
		}
		if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE)
			for (size_t j = 0; j < t->nchoices; j++)
				if (!strcmp(t->choices[j].list, q->list)) {
					info->choices = xrealloc(info->choices, (info->nchoices + 1) * sizeof *info->choices);
					info->choices[info->nchoices++] = &t->choices[j];
				}
		const char *cm = pick_text(t, q->tx[TX_CONMSG], li);
		if ((*relevant[i] && xlsexpr_form_relevant(tf->xf, i, relevant[i], &e) != 0)
		    || (*q->constraint && xlsexpr_form_constraint(tf->xf, i, q->constraint, *cm ? cm : NULL, &e) != 0)
		    || (*q->calculation && xlsexpr_form_calculate(tf->xf, i, q->calculation, &e) != 0)
		    || (*q->choice_filter && xlsexpr_form_choice_filter(tf->xf, i, q->choice_filter, &e) != 0)
		    || (*q->required_expr && xlsexpr_form_required(tf->xf, i, q->required_expr, &e) != 0)
		    || (*q->readonly_expr && xlsexpr_form_readonly(tf->xf, i, q->readonly_expr, &e) != 0)) {
			*err = xasprintf("%s: %s", q->name, e ? e : "?");
			free(e);
		}
	}
	for (size_t g = 1; g <= t->nitems && !*err; g++) {
		char *e = NULL;
		if (counted[g] && xlsexpr_form_repeat_count(tf->xf, g, counted[g]->repeat_count, &e) != 0) {
			*err = xasprintf("%s: %s", counted[g]->name, e ? e : "?");
			free(e);
		}
	}
	free(counted);
	for (size_t i = 0; i < t->nitems; i++)
		free(relevant[i]);
	free(relevant);
	free(src);
	if (!*err)
		tf->m = formmodel_new(&tf->fs, draft_key);
	if (*err) {
		template_form_free(tf);
		return NULL;
	}
	return tf;
}

void
template_form_free(template_form *tf)
{
	if (!tf)
		return;
	formmodel_free(tf->m);
	xlsexpr_form_free(tf->xf);
	for (size_t i = 0; tf->info && i < tf->fs.n; i++)
		free(tf->info[i].choices);
	free(tf->info);
	fieldset_free(&tf->fs);
	free(tf);
}

formmodel *
template_form_model(template_form *tf)
{
	return tf->m;
}

const fieldset *
template_form_fields(const template_form *tf)
{
	return &tf->fs;
}

char *
template_form_label(const template_form *tf, size_t field, size_t inst)
{
	return xlsexpr_form_label(tf->xf, tf->m, field, inst);
}

bool
template_form_choice_shown(const template_form *tf, size_t field, size_t inst, size_t choice)
{
	return xlsexpr_form_choice_shown(tf->xf, tf->m, field, inst, choice);
}

const char *
template_form_type(const template_form *tf, size_t field)
{
	return field < tf->fs.n ? qtype_names[tf->info[field].type] : NULL;
}

/* ---- personal questions ------------------------------------------------------------------ */

/* label as a list names its question: each ${name} (an answer the form fills in) left out, the
 * blanks around it squeezed; the question's name when nothing is left. Fresh. */
static char *
label_plain(const char *label, const char *name)
{
	char *out = xmalloc(strlen(label) + 1), *o = out;

	for (const char *p = label; *p;) {
		const char *close;
		if (p[0] == '$' && p[1] == '{' && (close = strchr(p, '}'))) {
			p = close + 1;
			continue;
		}
		if (*p == ' ' && (o == out || o[-1] == ' ')) {
			p++;
			continue;
		}
		*o++ = *p++;
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	if (!*out) {
		free(out);
		return xstrdup(name);
	}
	return out;
}

/* Add label to the distinct labels v (n of them, cap *cap) unless it is there; returns n after. */
static size_t
label_add_once(char ***v, size_t n, size_t *cap, const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp((*v)[i], label) == 0)
			return n;
	if (n == *cap)
		*v = xrealloc(*v, (*cap = *cap ? *cap * 2 : 8) * sizeof **v);
	(*v)[n] = xstrdup(label);
	return n + 1;
}

long
template_personal_labels(sqlite3 *db, const char *lang, size_t max, char ***labels, size_t *nlabels, char **err)
{
	sqlite3_stmt *st;
	char **all = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*labels = NULL;
	*nlabels = 0;
	*err = NULL;
	/* Templates are few (a handful of questionnaires and their versions): each is read whole. */
	if (!(st = db_prepare(db, "SELECT id FROM survey_template WHERE deleted = 0"
	    " ORDER BY form_id, created_at DESC, version DESC, id"))) {
		*err = xasprintf(_("cannot read the templates: %s"), sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *why = NULL;
		template *t = template_load(db, (const char *)sqlite3_column_text(st, 0), NULL, &why);
		template_question *q;
		size_t nq;

		if (!t) {
			free(why);   /* a damaged template has no questions to name; the export leaves its answers out all the same */
			continue;
		}
		q = template_questions(t, lang, &nq);
		for (size_t i = 0; i < nq; i++)
			if (q[i].personal) {
				char *label = label_plain(q[i].label, q[i].name);
				n = label_add_once(&all, n, &cap, label);
				free(label);
			}
		template_questions_free(q, nq);
		template_free(t);
	}
	if (rc != SQLITE_DONE)
		*err = xasprintf(_("cannot read the templates: %s"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (*err) {
		for (size_t i = 0; i < n; i++)
			free(all[i]);
		free(all);
		return -1;
	}
	for (size_t i = max; i < n; i++)
		free(all[i]);
	*nlabels = n < max ? n : max;
	if (*nlabels)
		*labels = all;
	else
		free(all);
	return (long)n;
}
