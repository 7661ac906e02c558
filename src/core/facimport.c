/* facimport.c - the import plan for communities and facilities: each row's cells handed to
 * community_set / facility_set (which parse and refuse), the record matched by its key and checked
 * by community_validate / facility_validate, repeated keys and the writing shared with the
 * proposal import through importplan.c. Nothing is written until facimport_apply. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "facimport.h"
#include "db.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* ---- the columns ------------------------------------------------------------------------ */

static const char *const c_code[] = { "代码", "code", "社区代码", NULL };
static const char *const c_name[] = { "名称", "name", "社区名称", NULL };
static const char *const c_sub[] = { "街道", "subdistrict", NULL };
static const char *const c_district[] = { "区", "district", NULL };
static const char *const c_households[] = { "户数", "households", NULL };
static const char *const c_residents[] = { "人口", "residents", "常住人口", NULL };
static const char *const c_new[] = { "新建", "new", NULL };
static const char *const c_land[] = { "用地面积", "land_area", "land area", NULL };
static const char *const c_old[] = { "老旧小区", "old_estate", "old estate", NULL };

static const sheet_column community_cols[] = {
	{ c_code, true }, { c_name, false }, { c_sub, false }, { c_district, false }, { c_households, false },
	{ c_residents, false }, { c_new, false }, { c_land, false }, { c_old, false },
};
/* The community_set field each column fills, in the order above. */
static const char *const community_fields[] = { "code", "name", "subdistrict", "district", "households",
    "residents", "development", "land_area", "old_estate" };
#define N_CCOLS (sizeof community_cols / sizeof community_cols[0])

static const char *const f_community[] = { "社区代码", "community", "社区", NULL };
static const char *const f_kind[] = { "类别", "kind", NULL };
static const char *const f_name[] = { "名称", "name", NULL };
static const char *const f_address[] = { "地址", "address", NULL };
static const char *const f_floor[] = { "建筑面积", "floor_area", "floor area", NULL };
static const char *const f_land[] = { "用地面积", "land_area", "land area", NULL };
static const char *const f_capacity[] = { "容量", "capacity", NULL };
static const char *const f_unit[] = { "容量单位", "capacity_unit", "capacity unit", NULL };
static const char *const f_status[] = { "状态", "status", NULL };
/* The rest of the record, headed as the facility form labels its fields. */
static const char *const f_circles[] = { "服务圈层", "circles", "服务圈", "circles served", NULL };
static const char *const f_estate[] = { "小区", "estate", "所在小区", NULL };
static const char *const f_hours[] = { "营业时间", "hours", "opening hours", "开放时间", NULL };
static const char *const f_run_by[] = { "运营方或产权方", "run_by", "operator or owner", "运营方", "产权方", NULL };
static const char *const f_chain[] = { "连锁门店", "chain", "连锁", "chain outlet", NULL };
static const char *const f_checked[] = { "最近核查日期", "checked_on", "date last checked", "核查日期", NULL };
static const char *const f_notes[] = { "备注", "notes", NULL };

static const sheet_column facility_cols[] = {
	{ f_community, true }, { f_kind, true }, { f_name, true }, { f_address, false }, { f_floor, false },
	{ f_land, false }, { f_capacity, false }, { f_unit, false }, { f_status, false },
	{ f_circles, false }, { f_estate, false }, { f_hours, false }, { f_run_by, false }, { f_chain, false },
	{ f_checked, false }, { f_notes, false },
};
/* The facility_set field each column fills; the first three are the key. */
static const char *const facility_fields[] = { "community", "kind", "name", "address", "floor_area", "land_area",
    "capacity", "capacity_unit", "status", "circles", "estate", "hours", "run_by", "chain", "checked_on", "notes" };
#define N_FCOLS (sizeof facility_cols / sizeof facility_cols[0])

const sheet_column *
facimport_columns(facimport_kind kind, size_t *n)
{
	*n = kind == FACIMPORT_COMMUNITIES ? N_CCOLS : N_FCOLS;
	return kind == FACIMPORT_COMMUNITIES ? community_cols : facility_cols;
}

/* ---- names of codes ----------------------------------------------------------------------- */

/* A code and the words a spreadsheet may use for it: its English label (the msgid) and Chinese words. */
typedef struct code_words {
	const char *code, *english, *chinese[4];
} code_words;

static const code_words status_words[] = {
	{ "operating", N_("operating"), { "运营中", "运营", "营业", "正常" } },
	{ "building", N_("under construction"), { "在建", "建设中", "施工中", NULL } },
	{ "planned", N_("planned"), { "规划中", "规划", "拟建", NULL } },
	{ "closed", N_("closed"), { "已关闭", "关闭", "停业", "已停用" } },
};

static const code_words unit_words[] = {
	{ "beds", N_("beds"), { "床位", "床", "张", NULL } },
	{ "nursery_places", N_("nursery places"), { "托位", NULL, NULL, NULL } },
	{ "classes", N_("classes"), { "班", "班级", "个班", NULL } },
	{ "locker_slots", N_("locker slots"), { "格口", "个格口", NULL, NULL } },
	{ "parking_spaces", N_("parking spaces"), { "车位", "停车位", "个车位", NULL } },
	{ "chargers", N_("chargers"), { "充电桩", "个充电桩", "桩", NULL } },
	{ "seats", N_("seats"), { "座位", "座", "个座位", NULL } },
};

/* The code of words[] that text names (code, English label in any case, its translation, a Chinese word); "" for blank; NULL when none. */
static const char *
code_of(const code_words *words, size_t n, const char *text)
{
	char *t = str_trim_dup(text ? text : "");
	const char *hit = NULL;

	if (!*t)
		hit = "";
	for (size_t i = 0; i < n && !hit; i++) {
		if (strcasecmp(t, words[i].code) == 0 || strcasecmp(t, words[i].english) == 0 ||
		    strcmp(t, _(words[i].english)) == 0)
			hit = words[i].code;
		for (size_t k = 0; k < 4 && !hit && words[i].chinese[k]; k++)
			if (strcmp(t, words[i].chinese[k]) == 0)
				hit = words[i].code;
	}
	free(t);
	return hit;
}

const char *
facimport_status_code(const char *text)
{
	return code_of(status_words, sizeof status_words / sizeof status_words[0], text);
}

const char *
facimport_unit_code(const char *text)
{
	return code_of(unit_words, sizeof unit_words / sizeof unit_words[0], text);
}

char *
facimport_kind_code(sqlite3 *db, const char *text)
{
	char *t = str_trim_dup(text ? text : ""), *hit = NULL, *ye = NULL;
	const char *p[2];

	if (!*t || strncmp(t, "item:", 5) == 0 || strncmp(t, "type:", 5) == 0) {
		/* The record's own form (what facility_get gives): facility_validate judges it. */
		if (*t)
			hit = xstrdup(t);
		free(t);
		return hit;
	}
	p[0] = t;
	/* Business types first: 综合超市 is both a type and (as 一个综合超市) item 6, and the type counts for it. */
	hit = db_query_text(db, "SELECT 'type:' || code FROM business_type WHERE code = ?1 OR name = ?1"
	    " OR lower(name_en) = lower(?1) ORDER BY rowid LIMIT 1", 1, p);
	if (!hit) {
		/* The standard names items with a count word (一个幼儿园, one kindergarten); a sheet says 幼儿园 or
		 * kindergarten. English names compare without case (ASCII), like the business types'. */
		ye = xasprintf("一个%s", t);
		p[1] = ye;
		hit = db_query_text(db, "SELECT 'item:' || no FROM std_item WHERE name = ?1 OR name = ?2"
		    " OR (name_en <> '' AND (lower(name_en) = lower(?1) OR lower(name_en) = 'one ' || lower(?1)))"
		    " OR CAST(no AS TEXT) = ?1 ORDER BY no LIMIT 1", 2, p);
	}
	free(ye);
	free(t);
	return hit;
}

/* ---- the plan ------------------------------------------------------------------------------ */

static facimport_row *
add_row(facimport_plan *plan, long line)
{
	facimport_row *r;

	plan->rows = importplan_grow(plan->rows, plan->n, &plan->cap, sizeof *plan->rows);
	r = &plan->rows[plan->n++];
	r->line = line;
	community_init(&r->c);
	facility_init(&r->f);
	return r;
}

static void
set_bad(facimport_row *r, char *reason)
{
	importplan_set_bad(&r->status, &r->reason, reason);
}

/* A copy of a cell shown in a message: cut, its control characters left for the printer to escape. */
static char *
shown_cell(const char *cell)
{
	return utf8_fit_cols(cell, 24, true);
}

/* ---- communities ---- */

/* Apply the row's non-empty cells to c through community_set; NULL, or the first refusal (heap). */
static char *
community_apply_cells(community *c, const sheet_row *row, const int *index)
{
	char *err = NULL;

	for (size_t i = 0; i < N_CCOLS; i++) {
		const char *cell = sheet_cell(row, index[i]);
		if (field_text_is_blank(cell))
			continue;
		if (community_set(c, community_fields[i], cell, &err) != 0)
			return err;
	}
	return NULL;
}

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether two communities hold the same values in every field an import can set. */
static bool
community_same(const community *a, const community *b)
{
	return same_text(a->code, b->code) && same_text(a->name, b->name) && same_text(a->subdistrict, b->subdistrict) &&
	    same_text(a->district, b->district) && a->has_households == b->has_households &&
	    (!a->has_households || a->households == b->households) && a->has_residents == b->has_residents &&
	    (!a->has_residents || a->residents == b->residents) && a->has_land_area == b->has_land_area &&
	    (!a->has_land_area || a->land_area == b->land_area) && a->old_estate == b->old_estate && a->is_new == b->is_new;
}

static void
judge_community(sqlite3 *db, const sheet_row *row, const int *index, facimport_row *r)
{
	char id[UUID_TEXT_LEN], *msg;
	const char *bad;
	community stored, orig;

	r->shown = xasprintf("%s %s", sheet_cell(row, index[0]), sheet_cell(row, index[1]));
	if ((msg = community_apply_cells(&r->c, row, index)) != NULL)
		return set_bad(r, msg);
	if (*r->c.code && community_find_code(db, r->c.code, id) == 0 && community_load(db, id, &stored) == 0) {
		community_load(db, id, &orig);
		msg = community_apply_cells(&stored, row, index);
		community_free(&r->c);
		r->c = stored;
		r->status = community_same(&stored, &orig) ? IMPORT_UNCHANGED : IMPORT_CHANGED;
		community_free(&orig);
		if (msg)
			return set_bad(r, msg);
	} else {
		r->status = IMPORT_NEW;
	}
	if ((msg = community_validate(&r->c, &bad)) != NULL)
		set_bad(r, msg);
}

/* ---- facilities ---- */

/* The circle codes (space-separated, heap) named in text by code or name, separated by blanks,
 * commas or 、; NULL with *err naming the first unknown one. */
static char *
circle_codes(sqlite3 *db, const char *text, char **err)
{
	static const char *const seps[] = { "\t", ",", "，", "、", ";", "；", "\xe3\x80\x80" };
	char *copy = xstrdup(text), *out = xstrdup(""), *tok = copy;

	/* every separator becomes a space, then the words are read one by one */
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++)
		for (char *at; (at = strstr(copy, seps[k])) != NULL;)
			memset(at, ' ', strlen(seps[k]));
	while (*tok) {
		size_t n = strcspn(tok, " ");
		char *word = xstrndup(tok, n), *code;
		const char *p[1] = { word };
		tok += n + strspn(tok + n, " ");
		if (!*word) {
			free(word);
			continue;
		}
		if (!(code = db_query_text(db, "SELECT code FROM circle WHERE code = lower(?1) OR name = ?1", 1, p))) {
			char *shown = shown_cell(word);
			/* TRANSLATORS: a word found in the circles column. */
			*err = xasprintf(_("Circles: \"%s\" is not one of the 8 circles."), shown);
			free(shown);
			free(word);
			free(out);
			free(copy);
			return NULL;
		}
		char *joined = xasprintf("%s%s%s", out, *out ? " " : "", code);
		free(out);
		out = joined;
		free(code);
		free(word);
	}
	free(copy);
	return out;
}

/* "yes" or "no" for a chain cell (yes/no in any case, y/n, true/false, 1/0, 是/否); NULL when neither. */
static const char *
yes_no(const char *cell)
{
	static const char *const yes[] = { "yes", "y", "true", "1", "是", "连锁" }, *const no[] = { "no", "n", "false", "0", "否" };
	char *t = str_trim_dup(cell);
	const char *hit = NULL;

	for (size_t i = 0; i < sizeof yes / sizeof yes[0] && !hit; i++)
		if (strcasecmp(t, yes[i]) == 0)
			hit = "yes";
	for (size_t i = 0; i < sizeof no / sizeof no[0] && !hit; i++)
		if (strcasecmp(t, no[i]) == 0)
			hit = "no";
	free(t);
	return hit;
}

/* The estate of f's community called cell: its id (heap), or "" with *new_estate (heap) the name
 * to add when the row is written (an inventory names its estates before anyone entered them). */
static char *
estate_value(sqlite3 *db, const facility *f, const char *cell, char **new_estate)
{
	char *name = str_trim_dup(cell), *id;
	const char *p[2] = { f->community, name };

	if ((id = db_query_text(db, "SELECT id FROM estate WHERE community = ?1 AND name = ?2 AND deleted = 0"
	    " ORDER BY created_at, id LIMIT 1", 2, p)) != NULL) {
		free(name);
		return id;
	}
	/* The facility stored names a deleted estate of that name: it keeps it (an export of it reads back unchanged). */
	if (*f->estate && (id = db_query_text(db, "SELECT id FROM estate WHERE community = ?1 AND name = ?2 AND id = ?3",
	    3, (const char *[]){ f->community, name, f->estate })) != NULL) {
		free(name);
		free(*new_estate);
		*new_estate = NULL;
		return id;
	}
	free(*new_estate);
	*new_estate = name;
	return xstrdup("");
}

/* The text facility_set takes for column i's cell (heap; "" stays ""), or NULL with *err (heap). */
static char *
facility_value(sqlite3 *db, const facility *f, size_t i, const char *cell, char **new_estate, char **err)
{
	const char *field = facility_fields[i], *code;
	char id[UUID_TEXT_LEN], *v, *shown;

	if (field_text_is_blank(cell))
		return xstrdup(cell);
	if (strcmp(field, "circles") == 0)
		return circle_codes(db, cell, err);
	if (strcmp(field, "estate") == 0)
		return estate_value(db, f, cell, new_estate);
	if (strcmp(field, "chain") == 0 && (code = yes_no(cell)) != NULL)
		return xstrdup(code);
	if (strcmp(field, "community") && strcmp(field, "kind") && strcmp(field, "status") && strcmp(field, "capacity_unit"))
		return xstrdup(cell);
	shown = shown_cell(cell);
	if (strcmp(field, "community") == 0) {
		char *code_text = str_trim_dup(cell);
		int rc = community_find_code(db, code_text, id);
		free(code_text);
		if (rc == 0) {
			free(shown);
			return xstrdup(id);
		}
		/* TRANSLATORS: the code found in the community column. */
		*err = xasprintf(_("No community has the code \"%s\" (import the communities first)."), shown);
	} else if (strcmp(field, "kind") == 0) {
		if ((v = facimport_kind_code(db, cell)) != NULL) {
			free(shown);
			return v;
		}
		*err = xasprintf(_("Kind: \"%s\" is neither a standard item nor a business type."), shown);
	} else if ((code = strcmp(field, "status") == 0 ? facimport_status_code(cell) : facimport_unit_code(cell))) {
		free(shown);
		return xstrdup(code);
	} else if (strcmp(field, "status") == 0) {
		*err = xasprintf(_("Status: \"%s\" is not one of operating, building, planned, closed."), shown);
	} else {
		*err = xasprintf(_("Capacity unit: \"%s\" is not a known unit."), shown);
	}
	free(shown);
	return NULL;
}

/* Apply the row's non-empty cells (from column first on) to f; NULL, or the first refusal (heap). */
static char *
facility_apply_cells(sqlite3 *db, facility *f, const sheet_row *row, const int *index, size_t first, char **new_estate)
{
	char *err = NULL;

	for (size_t i = first; i < N_FCOLS; i++) {
		const char *cell = sheet_cell(row, index[i]);
		char *v;
		if (field_text_is_blank(cell))
			continue;
		if (!(v = facility_value(db, f, i, cell, new_estate, &err)))
			return err;
		facility_set(f, facility_fields[i], v, &err);
		free(v);
		if (err)
			return err;
	}
	return NULL;
}

/* Whether two facilities hold the same values in every field an import can set. */
static bool
facility_same(const facility *a, const facility *b)
{
	bool same = true;

	for (size_t i = 0; i < N_FCOLS && same; i++) {
		char *x = facility_get(a, facility_fields[i]), *y = facility_get(b, facility_fields[i]);
		same = same_text(x, y);
		free(x);
		free(y);
	}
	return same;
}

/* The live facility of f's community, kind and name: 0 with its id, 1 when none, 2 when several, -1 on error. */
static int
facility_find(sqlite3 *db, const facility *f, char id[UUID_TEXT_LEN])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM facility WHERE deleted = 0 AND community = ?1 AND name = ?2"
	    " AND coalesce(std_item, 0) = ?3 AND business_type = ?4 LIMIT 2");
	int rc, found = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, f->community, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, f->std_item);
	sqlite3_bind_text(st, 4, f->business_type, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (found++ == 0)
			snprintf(id, UUID_TEXT_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	return found == 0 ? 1 : found == 1 ? 0 : 2;
}

static void
judge_facility(sqlite3 *db, const sheet_row *row, const int *index, facimport_row *r)
{
	char id[UUID_TEXT_LEN], *msg;
	const char *bad;
	facility stored, orig;
	int rc;

	r->shown = xasprintf("%s %s %s", sheet_cell(row, index[0]), sheet_cell(row, index[1]), sheet_cell(row, index[2]));
	if (field_text_is_blank(sheet_cell(row, index[0])))
		return set_bad(r, xstrdup(_("The community code is required.")));
	if ((msg = facility_apply_cells(db, &r->f, row, index, 0, &r->new_estate)) != NULL)
		return set_bad(r, msg);
	rc = *r->f.name ? facility_find(db, &r->f, id) : 1;
	if (rc < 0)
		return set_bad(r, xasprintf(_("The database refused the change: %s"), sqlite3_errmsg(db)));
	if (rc == 2)
		return set_bad(r, xstrdup(_("Several facilities of this community have this kind and name; rename one first.")));
	if (rc == 0 && facility_load(db, id, &stored) == 0) {
		facility_load(db, id, &orig);
		/* The key columns match already; the rest may change it. */
		msg = facility_apply_cells(db, &stored, row, index, 3, &r->new_estate);
		facility_free(&r->f);
		r->f = stored;
		r->status = facility_same(&stored, &orig) && !r->new_estate ? IMPORT_UNCHANGED : IMPORT_CHANGED;
		facility_free(&orig);
		if (msg)
			return set_bad(r, msg);
	} else {
		r->status = IMPORT_NEW;
	}
	/* The kind named in the language of the plan's other messages and headers. */
	if ((msg = facility_validate(db, &r->f, importplan_ui_chinese() ? "zh" : "en", &bad)) != NULL)
		set_bad(r, msg);
}

/* ---- reading, repeats, writing ---- */

typedef struct plan_ctx {
	sqlite3 *db;
	facimport_plan *plan;
} plan_ctx;

static int
judge_next(void *ud, const sheet_row *row, const int *index, char **err)
{
	plan_ctx *c = ud;
	facimport_row *r = add_row(c->plan, row->line);

	(void)err;
	if (c->plan->kind == FACIMPORT_COMMUNITIES)
		judge_community(c->db, row, index, r);
	else
		judge_facility(c->db, row, index, r);
	return 0;
}

static int
key_cmp_communities(const void *a, const void *b)
{
	return strcmp(((const facimport_row *)a)->c.code, ((const facimport_row *)b)->c.code);
}

static int
key_cmp_facilities(const void *a, const void *b)
{
	const facility *x = &((const facimport_row *)a)->f, *y = &((const facimport_row *)b)->f;
	int c;

	if ((c = strcmp(x->community, y->community)) != 0 || (c = (x->std_item > y->std_item) - (x->std_item < y->std_item)) != 0 ||
	    (c = strcmp(x->business_type, y->business_type)) != 0)
		return c;
	return strcmp(x->name, y->name);
}

static void
repeat_community(void *later, long first_line)
{
	/* TRANSLATORS: the line of the earlier row. */
	set_bad(later, xasprintf(_("Same community code as line %ld."), first_line));
}

static void
repeat_facility(void *later, long first_line)
{
	/* TRANSLATORS: the line of the earlier row. */
	set_bad(later, xasprintf(_("Same community, kind and name as line %ld."), first_line));
}

static const importplan_layout row_layout = {
	sizeof(facimport_row), offsetof(facimport_row, line), offsetof(facimport_row, status)
};

int
facimport_plan_file(sqlite3 *db, facimport_kind kind, const char *path, const char *sheet, facimport_plan *plan, char **err)
{
	plan_ctx c = { db, plan };
	size_t ncols;
	const sheet_column *cols = facimport_columns(kind, &ncols);

	memset(plan, 0, sizeof *plan);
	plan->kind = kind;
	if (importplan_read(path, sheet, cols, ncols, FACIMPORT_MAX_ROWS, kind == FACIMPORT_COMMUNITIES
	    ? _("%s: the file is empty; it needs a header row and one row per community.")
	    : _("%s: the file is empty; it needs a header row and one row per facility."), judge_next, &c, err) != 0) {
		facimport_free(plan);
		plan->kind = kind;
		return -1;
	}
	if (kind == FACIMPORT_COMMUNITIES)
		importplan_finish(plan->rows, plan->n, &row_layout, key_cmp_communities, repeat_community, plan->count);
	else
		importplan_finish(plan->rows, plan->n, &row_layout, key_cmp_facilities, repeat_facility, plan->count);
	return 0;
}

static int
apply_row(sqlite3 *db, void *ud, size_t i, char **err)
{
	facimport_plan *plan = ud;
	facimport_row *r = &plan->rows[i];
	char *msg = NULL;
	int rc;

	if (r->status != IMPORT_NEW && r->status != IMPORT_CHANGED)
		return 0;
	/* An estate the row names that the community does not have yet is added with the row. */
	if (plan->kind == FACIMPORT_FACILITIES && r->new_estate) {
		char id[UUID_TEXT_LEN];
		if (community_add_estate_tx(db, r->f.community, r->new_estate, id, &msg) != 0 ||
		    facility_set(&r->f, "estate", id, &msg) != 0) {
			*err = xasprintf(_("line %ld: %s"), r->line, msg ? msg : "?");
			free(msg);
			return -1;
		}
	}
	/* The save checks again inside the transaction: another window may have changed a record since. */
	rc = plan->kind == FACIMPORT_COMMUNITIES ? community_save_tx(db, &r->c, &msg) : facility_save_tx(db, &r->f, &msg);
	if (rc != 0) {
		/* TRANSLATORS: a line of the file, then why its row cannot be written. */
		*err = xasprintf(_("line %ld: %s"), r->line, msg ? msg : "?");
		free(msg);
		return -1;
	}
	return 0;
}

int
facimport_apply(sqlite3 *db, facimport_plan *plan, char **err)
{
	return importplan_apply(db, plan->n, apply_row, plan, err);
}

void
facimport_free(facimport_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->rows[i].reason);
		free(plan->rows[i].shown);
		free(plan->rows[i].new_estate);
		community_free(&plan->rows[i].c);
		facility_free(&plan->rows[i].f);
	}
	free(plan->rows);
	memset(plan, 0, sizeof *plan);
}
