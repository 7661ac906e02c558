/* refdata.c - load the reference data files (circles, complete-community standard, indicators)
 * from data/ into their tables on first open, and replace them when data/VERSION is newer than
 * the version the database holds (refdata_sync).
 *
 * File format: text as textin reads it (UTF-8 with or without BOM, UTF-16 with BOM, GB18030),
 * regular files only, at most REFDATA_MAX_FILE_BYTES, lines at most REFDATA_MAX_LINE_BYTES.
 * Lines starting with '#' are comments, the first other line is a header naming the columns
 * exactly, then one tab-separated row per line.
 * Parsing is strict because these files travel from the district office by USB stick and chat
 * apps, and a silently wrong standard is worse than a refusal that names the line.
 *
 * Metric vocabulary of standard_checks.tsv (documented in the file's comments too):
 * floor_area, land_area, use_area, classes, store_count, store_floor_area, slot_ratio,
 * spaces_per_household, charging_percent, walk_minutes, sports_share_percent,
 * permille_of_floor_area. The loader does not restrict it: a new metric only needs new data. */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "refdata.h"
#include "template.h"
#include "db.h"
#include "settings.h"
#include "textin.h"
#include "util.h"
#include "i18n.h"

#ifndef PKGDATADIR
# error "PKGDATADIR must be defined by the build (the installed data directory)"
#endif

#define MAX_COLS 16
/* Sane limits: the files are a few kilobytes and their longest line about 1000 bytes. A file or
 * line past these is damaged or not ours, and is refused with a message, not read into memory. */
#define REFDATA_MAX_FILE_BYTES (1024 * 1024)
#define REFDATA_MAX_LINE_BYTES 16384
/* The file naming the version of the data set, and the settings key of the version loaded. */
#define VERSION_FILE "VERSION"
#define VERSION_KEY "refdata_version"

enum col_type { COL_INT, COL_REAL, COL_TEXT };

struct column {
	const char *name;
	enum col_type type;
	bool optional;			/* may be empty: TEXT binds '', numbers bind NULL */
	const char *const *allowed;	/* NULL-terminated set of allowed values, or NULL for any */
};

enum table_id { T_CIRCLE, T_GOAL, T_ITEM, T_CHECK, T_INDICATOR, T_ROLE, T_BUSINESS };

struct table {
	enum table_id id;
	const char *file;
	const struct column *cols;
	int ncols;
	const char *insert_sql;
	const char *count_sql;
	int expect;			/* rows the plan has; 0 when not fixed */
	/* Cross-column rule; returns a translated reason or NULL. */
	const char *(*row_rule)(char *const *fields);
};

/* A whole data file decoded to UTF-8 in memory, walked line by line (lines are cut in place). */
struct reader {
	const char *path;
	textin text;
	char *pos;		/* start of the next line; NULL at the end */
	char *line;		/* the current line, without its line end */
	int lineno;
};

static const char *const check_ops[] = { ">=", "<=", "~", "range", NULL };
static const char *const check_applies[] = { "all", "new", "existing", NULL };
static const char *const indicator_ops[] = { "=", ">=", NULL };
static const char *const indicator_kinds[] = { "binding", "expected", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };

static const struct column circle_cols[] = {
	{ "no", COL_INT, false, NULL },
	{ "code", COL_TEXT, false, NULL },
	{ "name", COL_TEXT, false, NULL },
	{ "description", COL_TEXT, false, NULL },
};

static const struct column goal_cols[] = {
	{ "no", COL_INT, false, NULL },
	{ "name", COL_TEXT, false, NULL },
};

static const struct column item_cols[] = {
	{ "no", COL_INT, false, NULL },
	{ "goal_no", COL_INT, false, NULL },
	{ "name", COL_TEXT, false, NULL },
	{ "name_en", COL_TEXT, false, NULL },
	{ "requirement", COL_TEXT, false, NULL },
};

static const struct column check_cols[] = {
	{ "item_no", COL_INT, false, NULL },
	{ "seq", COL_INT, false, NULL },
	{ "metric", COL_TEXT, false, NULL },
	{ "op", COL_TEXT, false, check_ops },
	{ "value", COL_REAL, false, NULL },
	{ "value_max", COL_REAL, true, NULL },
	{ "unit", COL_TEXT, false, NULL },
	{ "applies", COL_TEXT, false, check_applies },
	{ "note", COL_TEXT, true, NULL },
	{ "kind", COL_TEXT, true, NULL },
};

static const struct column indicator_cols[] = {
	{ "no", COL_INT, false, NULL },
	{ "name", COL_TEXT, false, NULL },
	{ "name_en", COL_TEXT, false, NULL },
	{ "unit", COL_TEXT, false, NULL },
	{ "op", COL_TEXT, false, indicator_ops },
	{ "target", COL_REAL, false, NULL },
	{ "kind", COL_TEXT, false, indicator_kinds },
};

static const struct column role_cols[] = {
	{ "item_no", COL_INT, false, NULL },
	{ "facility", COL_TEXT, false, yes_no },
	{ "service_facility", COL_TEXT, false, yes_no },
	{ "elderly_care", COL_TEXT, false, yes_no },
	{ "capacity_units", COL_TEXT, true, NULL },
};

static const struct column business_cols[] = {
	{ "code", COL_TEXT, false, NULL },
	{ "name", COL_TEXT, false, NULL },
	{ "name_en", COL_TEXT, false, NULL },
	{ "circle", COL_TEXT, false, NULL },
	{ "std_item", COL_INT, true, NULL },
	{ "service_facility", COL_TEXT, false, yes_no },
	{ "elderly_care", COL_TEXT, false, yes_no },
	{ "chain_countable", COL_TEXT, false, yes_no },
	{ "capacity_units", COL_TEXT, true, NULL },
};

static const char *check_row_rule(char *const *fields);

#define NCOLS(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Parents before children: std_item refers to std_goal, std_check to std_item. */
static const struct table tables[] = {
	{ T_CIRCLE, "circles.tsv", circle_cols, NCOLS(circle_cols),
	  "INSERT INTO circle (no, code, name, description) VALUES (?1, ?2, ?3, ?4)",
	  "SELECT count(*) FROM circle", 8, NULL },
	{ T_GOAL, "standard_goals.tsv", goal_cols, NCOLS(goal_cols),
	  "INSERT INTO std_goal (no, name) VALUES (?1, ?2)",
	  "SELECT count(*) FROM std_goal", 6, NULL },
	{ T_ITEM, "standard_items.tsv", item_cols, NCOLS(item_cols),
	  "INSERT INTO std_item (no, goal_no, name, name_en, requirement) VALUES (?1, ?2, ?3, ?4, ?5)",
	  "SELECT count(*) FROM std_item", 20, NULL },
	{ T_CHECK, "standard_checks.tsv", check_cols, NCOLS(check_cols),
	  "INSERT INTO std_check (item_no, seq, metric, op, value, value_max, unit, applies, note, kind)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	  "SELECT count(*) FROM std_check", 0, check_row_rule },
	{ T_INDICATOR, "indicators.tsv", indicator_cols, NCOLS(indicator_cols),
	  "INSERT INTO indicator (no, name, name_en, unit, op, target, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	  "SELECT count(*) FROM indicator", 9, NULL },
	{ T_ROLE, "standard_item_roles.tsv", role_cols, NCOLS(role_cols),
	  "INSERT INTO std_item_role (item_no, facility, service_facility, elderly_care, capacity_units)"
	  " VALUES (?1, ?2, ?3, ?4, ?5)",
	  "SELECT count(*) FROM std_item_role", 20, NULL },
	/* Business types: a list offices may extend without a new program; the circle must be one of
	 * circles.tsv (a foreign key, so a wrong code is refused with its line). */
	{ T_BUSINESS, "business_types.tsv", business_cols, NCOLS(business_cols),
	  "INSERT INTO business_type (code, name, name_en, circle, std_item, service_facility, elderly_care,"
	  " chain_countable, capacity_units) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	  "SELECT count(*) FROM business_type", 0, NULL },
};

const char *
refdata_dir(void)
{
	const char *d = getenv("LIFECIRCLE_DATADIR");

	return d && *d ? d : PKGDATADIR;
}

/* "path:line: reason"; always returns -1 so callers can return it. */
static int __attribute__((format(printf, 3, 4)))
line_error(const struct reader *r, char **err, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	va_start(ap, fmt);
	reason = xvasprintf(fmt, ap);
	va_end(ap);
	*err = xasprintf("%s:%d: %s", r->path, r->lineno, reason);
	free(reason);
	return -1;
}

/* Read the next line that is neither a comment nor empty into r->line, without its line end.
 * textin has already decoded the file (UTF-8, UTF-8 with BOM, UTF-16 with BOM or GB18030),
 * refused NULs and bad bytes, dropped the BOM and turned CRLF into LF.
 * 1 when a line was read, 0 at end of file, -1 on error with *err set. */
static int
next_line(struct reader *r, char **err)
{
	while (r->pos) {
		char *s = r->pos, *nl = strchr(s, '\n');
		size_t len;

		r->lineno++;
		if (nl) {
			*nl = '\0';
			r->pos = nl + 1 < r->text.text + r->text.len ? nl + 1 : NULL;
		} else {
			r->pos = NULL;
		}
		len = strlen(s);
		if (len > REFDATA_MAX_LINE_BYTES)
			return line_error(r, err, _("the line is longer than %d bytes"), REFDATA_MAX_LINE_BYTES);
		/* A lone CR before the end (an old Mac or a mixed file) is not part of the value. */
		if (len > 0 && s[len - 1] == '\r')
			s[--len] = '\0';
		r->line = s;
		if (len > 0 && s[0] != '#')
			return 1;
	}
	return 0;
}

/* Split line in place at tabs; returns the number of fields found (may exceed max). */
static int
split_fields(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (n < max)
			fields[n] = p;
		n++;
		if (!tab)
			return n;
		*tab = '\0';
		p = tab + 1;
	}
}

static int
check_header(struct reader *r, const struct table *t, char **err)
{
	char *fields[MAX_COLS];
	int rc = next_line(r, err), n;
	bool same;

	if (rc < 0)
		return -1;
	if (rc == 0) {
		*err = xasprintf(_("%s: the header line is missing"), r->path);
		return -1;
	}
	n = split_fields(r->line, fields, MAX_COLS);
	same = n == t->ncols;
	for (int i = 0; same && i < n; i++)
		same = strcmp(fields[i], t->cols[i].name) == 0;
	if (!same) {
		char *want = xstrdup(t->cols[0].name);

		for (int i = 1; i < t->ncols; i++) {
			char *w = xasprintf("%s %s", want, t->cols[i].name);
			free(want);
			want = w;
		}
		line_error(r, err, _("the header must name exactly these tab-separated columns: %s"), want);
		free(want);
		return -1;
	}
	return 0;
}

/* Decimal digits only, at most 9 so the value fits an int. */
static bool
parse_int(const char *s, int *out)
{
	int v = 0, n = 0;

	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 9)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return n > 0;
}

/* Digits with an optional '.' and fraction. Parsed by hand because strtod() follows
 * LC_NUMERIC, and in some locales the decimal mark is ','; the files always use '.'.
 * At most 15 significant digits, so mantissa / 10^k is the correctly rounded double. */
static bool
parse_number(const char *s, double *out)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	    1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	unsigned long long mant = 0;
	int digits = 0, frac = -1;

	for (; *s; s++) {
		if (*s == '.' && frac < 0 && digits > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 15)
			return false;
		mant = mant * 10 + (unsigned)(*s - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (digits == 0 || frac == 0)
		return false;
	*out = (double)mant / pow10[frac < 0 ? 0 : frac];
	return true;
}

static bool
in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static char *
join_set(const char *const *set)
{
	char *s = xstrdup(*set);

	while (*++set) {
		char *n = xasprintf("%s, %s", s, *set);
		free(s);
		s = n;
	}
	return s;
}

/* Validate one field and bind it as parameter i+1. */
static int
bind_field(struct reader *r, sqlite3_stmt *st, const struct column *c, int i, const char *v, char **err)
{
	int iv;
	double dv;

	if (*v == '\0') {
		if (!c->optional)
			return line_error(r, err, _("column %s is empty"), c->name);
		if (c->type == COL_TEXT)
			sqlite3_bind_text(st, i + 1, "", 0, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 1);
		return 0;
	}
	switch (c->type) {
	case COL_INT:
		if (!parse_int(v, &iv))
			return line_error(r, err, _("column %s: \"%s\" is not a whole number"), c->name, v);
		sqlite3_bind_int(st, i + 1, iv);
		break;
	case COL_REAL:
		if (!parse_number(v, &dv))
			return line_error(r, err, _("column %s: \"%s\" is not a number"), c->name, v);
		sqlite3_bind_double(st, i + 1, dv);
		break;
	case COL_TEXT:
		if (c->allowed && !in_set(v, c->allowed)) {
			char *set = join_set(c->allowed);
			line_error(r, err, _("column %s: \"%s\" is not one of: %s"), c->name, v, set);
			free(set);
			return -1;
		}
		/* SQLITE_TRANSIENT: the line buffer is reused for the next row. */
		sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
		break;
	}
	return 0;
}

/* std_check: a range needs value_max >= value; the other operators take a single value. */
static const char *
check_row_rule(char *const *fields)
{
	const char *op = fields[3], *max = fields[5];
	double lo, hi;

	if (strcmp(op, "range") != 0)
		return *max ? _("value_max is only allowed when op is range") : NULL;
	if (!*max)
		return _("op range needs value_max");
	if (parse_number(fields[4], &lo) && parse_number(max, &hi) && hi < lo)
		return _("value_max is smaller than value");
	return NULL;
}

static int
insert_row(struct reader *r, const struct table *t, sqlite3 *db, sqlite3_stmt *st, char **err)
{
	char *fields[MAX_COLS];
	int n = split_fields(r->line, fields, MAX_COLS);
	const char *why;

	if (n != t->ncols)
		return line_error(r, err, _("expected %d tab-separated fields, found %d"), t->ncols, n);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (int i = 0; i < n; i++)
		if (bind_field(r, st, &t->cols[i], i, fields[i], err) < 0)
			return -1;
	if (t->row_rule && (why = t->row_rule(fields)) != NULL)
		return line_error(r, err, "%s", why);
	if (sqlite3_step(st) == SQLITE_DONE)
		return 0;
	if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY)
		return line_error(r, err, "%s", _("a value names something the other reference files do not have"
		    " (an unknown circle code, goal or item number)"));
	return line_error(r, err, _("cannot store the row: %s"), sqlite3_errmsg(db));
}

/* "not found" gets its own hint: it is what a missing install or a wrong LIFECIRCLE_DATADIR looks like. */
static char *
not_found(const char *path)
{
	return xasprintf(_("%s: reference data not found; install lifecircle's data files "
	    "or set LIFECIRCLE_DATADIR to the directory that holds them"), path);
}

static int
open_reader(struct reader *r, const char *path, char **err)
{
	struct stat sb;

	memset(r, 0, sizeof *r);
	r->path = path;
	if (stat(path, &sb) != 0 && errno == ENOENT) {
		*err = not_found(path);
		return -1;
	}
	/* Regular files only (a FIFO would block for ever holding the write lock), size-capped. */
	if (textin_read_regular(path, REFDATA_MAX_FILE_BYTES, &r->text, err) != 0)
		return -1;
	r->pos = r->text.len > 0 ? r->text.text : NULL;
	return 0;
}

static int
load_file(sqlite3 *db, const char *path, const struct table *t, char **err)
{
	struct reader r;
	sqlite3_stmt *st = NULL;
	int rc;

	if (open_reader(&r, path, err) < 0)
		return -1;
	rc = check_header(&r, t, err);
	if (rc == 0 && sqlite3_prepare_v2(db, t->insert_sql, -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("%s: %s", path, sqlite3_errmsg(db));
		rc = -1;
	}
	while (rc == 0 && (rc = next_line(&r, err)) == 1)
		rc = insert_row(&r, t, db, st, err);
	sqlite3_finalize(st);
	textin_free(&r.text);
	return rc;
}

/* Row count of t's table, or -1 with *err set. */
static int
count_rows(sqlite3 *db, const struct table *t, char **err)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(db, t->count_sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		*err = xasprintf("%s: %s", t->count_sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return n;
}

/* One literal format per table, so translators see whole sentences and gcc checks them. */
static char *
count_error(const struct table *t, int found)
{
	switch (t->id) {
	case T_CIRCLE:
		return xasprintf(_("expected %d circles, found %d"), t->expect, found);
	case T_GOAL:
		return xasprintf(_("expected %d standard goals, found %d"), t->expect, found);
	case T_ITEM:
		return xasprintf(_("expected %d standard items, found %d"), t->expect, found);
	case T_INDICATOR:
		return xasprintf(_("expected %d indicators, found %d"), t->expect, found);
	case T_ROLE:
		return xasprintf(_("expected %d standard item roles, found %d"), t->expect, found);
	case T_CHECK:
	case T_BUSINESS:
		break;
	}
	return xasprintf(_("expected %d rows, found %d"), t->expect, found);
}

static int
load_table(sqlite3 *db, const char *dir, const struct table *t, char **err)
{
	char *path = xasprintf("%s/%s", dir, t->file);
	int n = count_rows(db, t, err), rc = 0;

	if (n < 0)
		rc = -1;
	else if (n == 0)
		rc = load_file(db, path, t, err);
	/* Counted again even when nothing was loaded: a file cut short in transit must not pass. */
	if (rc == 0 && t->expect > 0 && (n = count_rows(db, t, err)) != t->expect) {
		if (n >= 0) {
			char *why = count_error(t, n);
			*err = xasprintf("%s: %s", path, why);
			free(why);
		}
		rc = -1;
	}
	free(path);
	return rc;
}

/* A check's kind (standard_checks.tsv) must be a business type that counts for the check's own
 * item, else the check could never be met: NULL, or why not (heap, translated). */
static char *
check_kinds(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT item_no, seq, kind FROM std_check c WHERE kind <> '' AND NOT EXISTS"
	    " (SELECT 1 FROM business_type b WHERE b.code = c.kind AND b.std_item = c.item_no) ORDER BY item_no, seq");
	char *why = NULL;

	if (!st)
		return xasprintf(_("cannot load the reference data: %s"), sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		why = xasprintf(_("standard_checks.tsv: the check %d.%d needs the kind \"%s\", which is not a business type of item %d in business_types.tsv"),
		    sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	return why;
}

int
refdata_load(sqlite3 *db, const char *dir, char **err)
{
	*err = NULL;
	/* A savepoint, not a transaction: it nests in the caller's, and a refused file leaves no
	 * half-loaded tables behind even if the caller goes on to commit its other work. */
	if (sqlite3_exec(db, "SAVEPOINT refdata_load", NULL, NULL, NULL) != SQLITE_OK) {
		*err = xasprintf(_("cannot load the reference data: %s"), sqlite3_errmsg(db));
		return -1;
	}
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (load_table(db, dir, &tables[i], err) < 0) {
			sqlite3_exec(db, "ROLLBACK TO refdata_load", NULL, NULL, NULL);
			sqlite3_exec(db, "RELEASE refdata_load", NULL, NULL, NULL);
			return -1;
		}
	}
	if ((*err = check_kinds(db)) != NULL) {
		sqlite3_exec(db, "ROLLBACK TO refdata_load", NULL, NULL, NULL);
		sqlite3_exec(db, "RELEASE refdata_load", NULL, NULL, NULL);
		return -1;
	}
	/* the questionnaires shipped in data/templates/ (a schema from before templates has no table for them) */
	if (db_query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'survey_template'", 0) == 1) {
		char *tdir = xasprintf("%s/templates", dir);
		int rc = template_load_dir(db, tdir, err);
		free(tdir);
		if (rc < 0) {
			sqlite3_exec(db, "ROLLBACK TO refdata_load", NULL, NULL, NULL);
			sqlite3_exec(db, "RELEASE refdata_load", NULL, NULL, NULL);
			return -1;
		}
	}
	if (sqlite3_exec(db, "RELEASE refdata_load", NULL, NULL, NULL) != SQLITE_OK) {
		*err = xasprintf(_("cannot load the reference data: %s"), sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
refdata_dir_version(const char *dir, int *version, char **err)
{
	char *path = xasprintf("%s/%s", dir, VERSION_FILE);
	struct reader r;
	struct stat sb;
	int rc;

	*err = NULL;
	*version = 0;
	/* Data folders from before versioning have no VERSION: they count as version 0, which is
	 * loaded into an empty database but never replaces anything. */
	if (stat(path, &sb) != 0 && errno == ENOENT) {
		free(path);
		return 0;
	}
	if (open_reader(&r, path, err) < 0) {
		free(path);
		return -1;
	}
	rc = next_line(&r, err);
	if (rc == 0)
		rc = line_error(&r, err, "%s", _("no version number in the file"));
	else if (rc == 1 && (!parse_int(r.line, version) || *version < 1))
		rc = line_error(&r, err, _("\"%s\" is not a version number (a whole number from 1)"), r.line);
	else if (rc == 1 && (rc = next_line(&r, err)) == 1)
		rc = line_error(&r, err, "%s", _("the version file holds one number only"));
	textin_free(&r.text);
	free(path);
	return rc < 0 ? -1 : 0;
}

int
refdata_db_version(sqlite3 *db)
{
	char *v = settings_get(db, VERSION_KEY);
	int n = 0;

	if (v && !parse_int(v, &n))
		n = 0;
	free(v);
	return n;
}

/* True when every reference table has rows. */
static bool
all_loaded(sqlite3 *db)
{
	return db_query_int(db, "SELECT EXISTS (SELECT 1 FROM circle) AND EXISTS (SELECT 1 FROM std_goal)"
	    " AND EXISTS (SELECT 1 FROM std_item) AND EXISTS (SELECT 1 FROM std_check)"
	    " AND EXISTS (SELECT 1 FROM indicator)"
	    " AND EXISTS (SELECT 1 FROM std_item_role) AND EXISTS (SELECT 1 FROM business_type)", 0) == 1;
}

/* Empty the reference tables, children first (std_check refers to std_item, std_item to std_goal).
 * Users' records only hold numbers of reference rows, never foreign keys, so they are untouched. */
static int
clear_reference(sqlite3 *db, char **err)
{
	static const char sql[] = "DELETE FROM business_type; DELETE FROM std_item_role; DELETE FROM std_check; DELETE FROM std_item; DELETE FROM std_goal;"
	    " DELETE FROM circle; DELETE FROM indicator;";

	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	*err = xasprintf(_("cannot update the reference data: %s"), sqlite3_errmsg(db));
	return -1;
}

/* Inside the write transaction: bring the tables to dir's data of version want. */
static int
sync_locked(sqlite3 *db, const char *dir, int want, char **err)
{
	int have = refdata_db_version(db);
	char num[16];

	/* Read again under the lock: another copy may have done it while we waited. */
	if (have >= want && all_loaded(db))
		return 0;
	if (have < want && clear_reference(db, err) != 0)
		return -1;
	if (refdata_load(db, dir, err) != 0)
		return -1;
	if (have >= want)
		return 0;
	snprintf(num, sizeof num, "%d", want);
	if (settings_set(db, VERSION_KEY, num) != 0) {
		*err = xasprintf(_("cannot update the reference data: %s"), sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
refdata_sync(sqlite3 *db, const char *dir, char **err)
{
	int want;

	*err = NULL;
	if (refdata_dir_version(dir, &want, err) != 0)
		return -1;
	/* Current (or the database holds newer data than installed): no write lock is taken. */
	if (refdata_db_version(db) >= want && all_loaded(db))
		return 0;
	if (db_begin(db) != 0) {
		*err = xasprintf(_("cannot start loading reference data: %s"), sqlite3_errmsg(db));
		return -1;
	}
	if (sync_locked(db, dir, want, err) != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0) {
		*err = xasprintf(_("cannot save reference data: %s"), sqlite3_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 0;
}

bool
refdata_lang_en(const char *lang)
{
	return lang && strcmp(lang, "en") == 0;
}
