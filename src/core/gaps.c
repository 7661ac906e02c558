/* gaps.c - the gap report: for one community, each of the 20 standard items met, below the
 * standard (by how much), missing, or not checkable (and what data is missing), plus the
 * indicators the data can compute.
 *
 * What counts is data: a facility belongs to the standard item it names, or, for a business type,
 * the item its std_item column names (data/business_types.tsv); whether it counts as a community
 * service facility or elderly care is a column of that file and of data/standard_item_roles.tsv,
 * and the numbers come from data/standard_checks.tsv (applies all/new/existing). The rules here
 * are how each metric is read from the inventory:
 * - floor_area, land_area: the largest of the item's operating facilities;
 * - classes: the largest capacity counted in classes;
 * - spaces_per_household: parking spaces (capacity) of the item over the community's households;
 * - charging_percent: chargers over parking spaces;
 * - store_count and store_floor_area: the standard's alternative for existing old estates (2–3
 *   convenience stores of 50–100 m² instead of a supermarket), used only when the community is
 *   existing and an old estate and the item is not met otherwise;
 * - use_area, slot_ratio, walk_minutes, sports_share_percent, permille_of_floor_area: the inventory
 *   does not hold these, so the check is "not checkable" and says what is missing.
 * - a check with a kind (items 13 and 14 each cover two kinds of facility) reads only the facilities
 *   of that business type: without one the item is below the standard, or not checkable when some
 *   of its facilities are recorded only as the item (which kind they are is not known).
 * Only operating facilities count; planned and building ones are named but never counted.
 * One query per community reads its facilities in a single pass, so a district file of 100,000
 * facilities is read once, never loaded whole. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gaps.h"
#include "facility.h"
#include "utf8.h"
#include "db.h"
#include "util.h"
#include "refdata.h"
#include "i18n.h"

#define MAX_PENDING_NAMES 5

/* Indicators of 专栏1 this report computes, by their number in data/indicators.tsv. */
#define IND_SERVICE_COVERAGE 1
#define IND_AREA_PER_100 GAPS_IND_AREA_PER_100
#define IND_ELDERLY_COVERAGE 5

struct check {
	int item, seq;
	char *metric, *op, *unit, *applies;
	char *kind, *kind_name;	/* the business type the check needs ("" any facility of the item), its name */
	char *label;		/* what the check measures, as its sentences name it ("" the item's name) */
	double value, value_max;
};

/* What the inventory shows for one standard item. */
struct acc {
	int operating, pending;
	int unkinded;		/* operating facilities of none of the kinds the item's checks name */
	bool has_floor, has_land, has_classes, has_spaces, has_chargers;
	double max_floor, max_land;
	long long classes, spaces, chargers;
	double *floors;		/* floor areas of the operating facilities (for the store alternative) */
	size_t nfloors, cap;
	char *pending_text;
};

struct ctx {
	sqlite3 *db;
	bool en;		/* names in English (refdata_lang_en) */
	struct check *checks;
	size_t nchecks;
};

const char *
gaps_status_label(gap_status s)
{
	switch (s) {
	case GAP_MET: return _("met");
	case GAP_BELOW: return _("below the standard");
	case GAP_MISSING: return _("missing");
	case GAP_UNCHECKABLE: return _("not checkable");
	}
	return "?";
}

/* Append piece to *s with the list separator. Takes piece. */
static void
append(char **s, char *piece)
{
	char *n = *s && **s ? xasprintf("%s%s%s", *s, _("; "), piece) : xstrdup(piece);

	free(*s);
	free(piece);
	*s = n;
}

static void
free_checks(struct check *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].metric);
		free(c[i].op);
		free(c[i].unit);
		free(c[i].applies);
		free(c[i].kind);
		free(c[i].kind_name);
		free(c[i].label);
	}
	free(c);
}

/* What a check measures, in English, and its unit where the data's (Chinese) unit is a word; the
 * Chinese report names the check by its note in data/standard_checks.tsv, which has no English. The
 * metrics are the ones judge_check reads. */
static const struct metric_text {
	const char *metric, *label, *unit;
} metric_texts[] = {
	{ "floor_area", N_("floor area"), NULL },
	{ "land_area", N_("land area"), NULL },
	{ "use_area", N_("usable area"), NULL },
	{ "classes", N_("size"), N_("classes") },
	{ "store_count", N_("convenience stores instead of a supermarket"), N_("stores") },
	{ "store_floor_area", N_("each convenience store's floor area"), NULL },
	{ "slot_ratio", N_("locker slots to daily parcels"), N_("times") },
	{ "spaces_per_household", N_("parking spaces"), N_("per household") },
	{ "charging_percent", N_("parking spaces with chargers"), NULL },
	{ "walk_minutes", N_("walk to a bus stop"), N_("minutes") },
	{ "sports_share_percent", N_("sports ground's share of the park"), NULL },
	{ "permille_of_floor_area", N_("property management's share of the floor area"), NULL },
};

/* In English: the check's label from its metric (after the kind it needs, for items 13 and 14), and
 * its unit in words. */
static void
english_check(struct check *c)
{
	for (size_t i = 0; i < sizeof metric_texts / sizeof metric_texts[0]; i++) {
		const struct metric_text *m = &metric_texts[i];
		if (strcmp(c->metric, m->metric) != 0)
			continue;
		free(c->label);
		c->label = *c->kind ? xasprintf("%s %s", c->kind_name, _(m->label)) : xstrdup(_(m->label));
		if (m->unit) {
			free(c->unit);
			c->unit = xstrdup(_(m->unit));
		}
		return;
	}
}

/* One standard check into *row (a zeroed struct check); ud: the struct ctx. */
static void
fill_check(sqlite3_stmt *st, void *row, void *ud)
{
	struct check *c = row;
	const struct ctx *cx = ud;

	c->item = sqlite3_column_int(st, 0);
	c->seq = sqlite3_column_int(st, 1);
	c->metric = db_column_dup(st, 2);
	c->op = db_column_dup(st, 3);
	c->value = sqlite3_column_double(st, 4);
	c->value_max = sqlite3_column_double(st, 5);
	c->unit = db_column_dup(st, 6);
	c->applies = db_column_dup(st, 7);
	c->label = db_column_dup(st, 8);
	c->kind = db_column_dup(st, 9);
	c->kind_name = db_column_dup(st, 10);
	if (cx->en)
		english_check(c);
}

static int
load_checks(struct ctx *cx)
{
	sqlite3_stmt *st = db_prepare(cx->db, "SELECT c.item_no, c.seq, c.metric, c.op, c.value, coalesce(c.value_max, c.value),"
	    " c.unit, c.applies, c.note, c.kind, coalesce(" REFDATA_NAME_SQL("b", "?1") ", c.kind) FROM std_check c"
	    " LEFT JOIN business_type b ON b.code = c.kind ORDER BY c.item_no, c.seq");
	void *got = cx->checks;

	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, cx->en);
	/* As before, a failed step ends the list: the checks read so far are used. */
	(void)db_read_rows(st, &got, &cx->nchecks, sizeof *cx->checks, fill_check, cx);
	cx->checks = got;
	return 0;
}

/* ---- reading the inventory --------------------------------------------------------- */

static void
note_pending(struct acc *a, const char *status, const char *name)
{
	a->pending++;
	if (a->pending <= MAX_PENDING_NAMES)
		append(&a->pending_text, xasprintf(_("%s: %s"), facility_status_label(status), name));
	else if (a->pending == MAX_PENDING_NAMES + 1)
		append(&a->pending_text, xstrdup("…"));
}

static void
note_operating(struct acc *a, sqlite3_stmt *st)
{
	const char *unit = (const char *)sqlite3_column_text(st, 6);
	long long cap = sqlite3_column_int64(st, 5);
	bool has_cap = sqlite3_column_type(st, 5) != SQLITE_NULL;

	a->operating++;
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		double v = sqlite3_column_double(st, 3);
		if (!a->has_floor || v > a->max_floor)
			a->max_floor = v;
		a->has_floor = true;
		if (a->nfloors == a->cap)
			a->floors = xrealloc(a->floors, (a->cap = a->cap ? a->cap * 2 : 8) * sizeof *a->floors);
		a->floors[a->nfloors++] = v;
	}
	if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		double v = sqlite3_column_double(st, 4);
		if (!a->has_land || v > a->max_land)
			a->max_land = v;
		a->has_land = true;
	}
	if (!has_cap || !unit)
		return;
	if (strcmp(unit, "classes") == 0) {
		if (!a->has_classes || cap > a->classes)
			a->classes = cap;
		a->has_classes = true;
	} else if (strcmp(unit, "parking_spaces") == 0) {
		a->spaces += cap;
		a->has_spaces = true;
	} else if (strcmp(unit, "chargers") == 0) {
		a->chargers += cap;
		a->has_chargers = true;
	}
}

/* One pass over the community's facilities (closed ones left out by the query). */
/* Count an operating facility of business type bt for the checks that need that kind (kacc[i] for
 * check i), or as one of none of the kinds its item's checks name. */
static void
note_kind(const struct ctx *cx, int item, const char *bt, struct acc *a, struct acc *kacc, sqlite3_stmt *st)
{
	bool kinded = false;

	for (size_t i = 0; i < cx->nchecks; i++) {
		const struct check *c = &cx->checks[i];
		if (c->item != item || !*c->kind || strcmp(c->kind, bt) != 0)
			continue;
		kinded = true;
		note_operating(&kacc[i], st);
	}
	if (!kinded)
		a->unkinded++;
}

static int
read_inventory(const struct ctx *cx, gap_report *r, struct acc *acc, size_t nacc, struct acc *kacc)
{
	sqlite3 *db = cx->db;
	sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(f.std_item, b.std_item), f.status, f.name,"
	    " f.floor_area, f.land_area, f.capacity, f.capacity_unit,"
	    " coalesce(ro.service_facility, b.service_facility, 'no'), coalesce(ro.elderly_care, b.elderly_care, 'no'),"
	    " CASE WHEN f.std_item IS NULL THEN f.business_type ELSE '' END"
	    " FROM facility f LEFT JOIN business_type b ON f.std_item IS NULL AND b.code = f.business_type"
	    " LEFT JOIN std_item_role ro ON ro.item_no = f.std_item"
	    " WHERE f.community = ?1 AND f.deleted = 0 AND f.status <> 'closed'");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, r->community_id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int item = sqlite3_column_int(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		bool operating = strcmp(status, "operating") == 0;

		if (operating && strcmp((const char *)sqlite3_column_text(st, 7), "yes") == 0) {
			r->has_service = true;
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				r->service_area += sqlite3_column_double(st, 3);
			else
				r->service_unmeasured++;
		}
		if (operating && strcmp((const char *)sqlite3_column_text(st, 8), "yes") == 0)
			r->has_elderly = true;
		if (item < 1 || (size_t)item > nacc)
			continue;
		if (operating)
			note_kind(cx, item, (const char *)sqlite3_column_text(st, 9), &acc[item - 1], kacc, st);
		if (operating)
			note_operating(&acc[item - 1], st);
		else
			note_pending(&acc[item - 1], status, (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- judging one check -------------------------------------------------------------- */

/* "≥ 200 ㎡", "≈ 800 ㎡", "2–3 个" */
static char *
standard_text(const struct check *c)
{
	char *v = sheetout_number_text(c->value), *s;

	if (strcmp(c->op, "range") == 0) {
		char *m = sheetout_number_text(c->value_max);
		s = xasprintf("%s–%s %s", v, m, c->unit);
		free(m);
	} else {
		const char *sym = strcmp(c->op, ">=") == 0 ? "≥" : strcmp(c->op, "<=") == 0 ? "≤" : "≈";
		s = xasprintf("%s %s %s", sym, v, c->unit);
	}
	free(v);
	return s;
}

static bool
meets(const struct check *c, double v)
{
	if (strcmp(c->op, "<=") == 0)
		return v <= c->value;
	if (strcmp(c->op, "range") == 0 && strcmp(c->metric, "store_count") != 0)
		return v >= c->value && v <= c->value_max;
	/* >=, "about" (以…为宜: reaching it is enough), and a count of stores (2–3: at least 2). */
	return v >= c->value;
}

static const char *
label_of(const struct check *c, const char *item_name)
{
	return *c->label ? c->label : item_name;
}

/* The verdict of c on value v, with its sentence appended to *detail. */
static gap_status
judge(const struct check *c, const char *item_name, double v, char **detail)
{
	char *std = standard_text(c), *val = sheetout_number_text(v);
	gap_status s = meets(c, v) ? GAP_MET : GAP_BELOW;

	if (s == GAP_MET) {
		append(detail, xasprintf(_("%s %s %s (standard %s)"), label_of(c, item_name), val, c->unit, std));
	} else {
		double bound = strcmp(c->op, "<=") == 0 || (strcmp(c->op, "range") == 0 && v > c->value_max)
		    ? c->value_max : c->value;
		char *by = sheetout_number_text(v > bound ? v - bound : bound - v);
		append(detail, xasprintf(v > bound ? _("%s %s %s, standard %s: %s %s over")
		    : _("%s %s %s, standard %s: %s %s short"), label_of(c, item_name), val, c->unit, std, by, c->unit));
		free(by);
	}
	free(std);
	free(val);
	return s;
}

static gap_status
uncheckable(const struct check *c, const char *item_name, const char *why, char **detail)
{
	append(detail, xasprintf(_("%s: %s"), label_of(c, item_name), why));
	return GAP_UNCHECKABLE;
}

/* Judge one check from what the inventory holds for its item. */
static gap_status
judge_check(const struct check *c, const char *item, const struct acc *a, const gap_report *r, char **detail)
{
	const char *m = c->metric;

	if (strcmp(m, "floor_area") == 0)
		return a->has_floor ? judge(c, item, a->max_floor, detail)
		    : uncheckable(c, item, _("floor area not recorded"), detail);
	if (strcmp(m, "land_area") == 0)
		return a->has_land ? judge(c, item, a->max_land, detail)
		    : uncheckable(c, item, _("land area not recorded"), detail);
	if (strcmp(m, "classes") == 0)
		return a->has_classes ? judge(c, item, (double)a->classes, detail)
		    : uncheckable(c, item, _("number of classes not recorded (capacity in classes)"), detail);
	if (strcmp(m, "spaces_per_household") == 0) {
		if (!r->has_households || r->households <= 0)
			return uncheckable(c, item, _("the community's households are not recorded"), detail);
		return a->has_spaces ? judge(c, item, (double)a->spaces / (double)r->households, detail)
		    : uncheckable(c, item, _("parking spaces not recorded (capacity in parking spaces)"), detail);
	}
	if (strcmp(m, "charging_percent") == 0)
		return a->has_spaces && a->spaces > 0 && a->has_chargers
		    ? judge(c, item, 100.0 * (double)a->chargers / (double)a->spaces, detail)
		    : uncheckable(c, item, _("parking spaces and chargers not both recorded"), detail);
	if (strcmp(m, "use_area") == 0)
		return uncheckable(c, item, _("usable area not recorded"), detail);
	if (strcmp(m, "slot_ratio") == 0)
		return uncheckable(c, item, _("the community's daily parcel volume is not recorded"), detail);
	if (strcmp(m, "walk_minutes") == 0)
		return uncheckable(c, item, _("walking time to a bus stop is not recorded"), detail);
	if (strcmp(m, "sports_share_percent") == 0)
		return uncheckable(c, item, _("the share of sports ground in the park is not recorded"), detail);
	if (strcmp(m, "permille_of_floor_area") == 0)
		return uncheckable(c, item, _("the floor area under property management is not recorded"), detail);
	{
		char *why = xasprintf(_("this version of lifecircle cannot read the measure \"%s\""), m);
		gap_status s = uncheckable(c, item, why, detail);
		free(why);
		return s;
	}
}

static bool
applies(const struct check *c, const gap_report *r)
{
	return strcmp(c->applies, "all") == 0 || strcmp(c->applies, r->is_new ? "new" : "existing") == 0;
}

static bool
is_store_metric(const struct check *c)
{
	return strcmp(c->metric, "store_count") == 0 || strcmp(c->metric, "store_floor_area") == 0;
}

/* The old-estate alternative: enough operating facilities of the item whose floor area is in the
 * store_floor_area range. Appends its sentence; true when met. */
static bool
store_alternative(const struct ctx *cx, int item, const struct acc *a, const gap_report *r, char **detail)
{
	const struct check *count = NULL, *size = NULL;
	size_t fit = 0;
	char *std_n, *std_a;
	bool met;

	for (size_t i = 0; i < cx->nchecks; i++) {
		const struct check *c = &cx->checks[i];
		if (c->item == item && applies(c, r) && strcmp(c->metric, "store_count") == 0)
			count = c;
		if (c->item == item && applies(c, r) && strcmp(c->metric, "store_floor_area") == 0)
			size = c;
	}
	if (!count || !size)
		return false;
	for (size_t i = 0; i < a->nfloors; i++)
		fit += a->floors[i] >= size->value && a->floors[i] <= size->value_max;
	met = (double)fit >= count->value;
	std_n = standard_text(count);
	std_a = standard_text(size);
	append(detail, xasprintf(_("old estate alternative: %zu stores of %s (standard %s)"), fit, std_a, std_n));
	free(std_n);
	free(std_a);
	return met;
}

static gap_status
worse(gap_status a, gap_status b)
{
	if (a == GAP_BELOW || b == GAP_BELOW)
		return GAP_BELOW;
	if (a == GAP_UNCHECKABLE || b == GAP_UNCHECKABLE)
		return GAP_UNCHECKABLE;
	return GAP_MET;
}

/* Judge check i of the item: a check that needs one kind of facility reads only the facilities of
 * that kind; with none of it, the item is below the standard, or not checkable when some of its
 * facilities were recorded without saying which kind they are. */
static gap_status
judge_kinded(const struct ctx *cx, size_t i, const char *item, const struct acc *a, const struct acc *kacc,
    const gap_report *r, char **detail)
{
	const struct check *c = &cx->checks[i];
	char *why;
	gap_status s;

	if (!*c->kind)
		return judge_check(c, item, a, r, detail);
	if (kacc[i].operating > 0)
		return judge_check(c, item, &kacc[i], r, detail);
	if (a->unkinded == 0) {
		append(detail, xasprintf(_("%s: no operating %s recorded"), label_of(c, item), c->kind_name));
		return GAP_BELOW;
	}
	why = xasprintf(_("which facility is a %s is not recorded (record it as that business type)"), c->kind_name);
	s = uncheckable(c, item, why, detail);
	free(why);
	return s;
}

static void
judge_item(const struct ctx *cx, gap_item *it, bool facility_item, const struct acc *a, const struct acc *kacc,
    const gap_report *r)
{
	gap_status s = GAP_MET;
	bool any = false, alt = false;

	it->operating = a->operating;
	it->pending = xstrdup(a->pending_text ? a->pending_text : "");
	it->detail = NULL;
	if (!facility_item) {
		it->status = GAP_UNCHECKABLE;
		it->detail = xstrdup(_("a facility inventory cannot show this item: assess it on site"));
		return;
	}
	if (a->operating == 0) {
		it->status = GAP_MISSING;
		it->detail = xstrdup(a->pending ? _("no operating facility (planned or under construction ones do not count)")
		    : _("no facility recorded"));
		return;
	}
	for (size_t i = 0; i < cx->nchecks; i++) {
		const struct check *c = &cx->checks[i];
		if (c->item != it->no || !applies(c, r))
			continue;
		if (is_store_metric(c)) {
			alt = true;
			continue;
		}
		s = any ? worse(s, judge_kinded(cx, i, it->name, a, kacc, r, &it->detail))
		    : judge_kinded(cx, i, it->name, a, kacc, r, &it->detail);
		any = true;
	}
	if (alt && s != GAP_MET && !r->is_new && r->old_estate && store_alternative(cx, it->no, a, r, &it->detail))
		s = GAP_MET;
	if (!any && !alt)
		it->detail = xasprintf(ngettext("%d operating facility", "%d operating facilities", a->operating), a->operating);
	it->status = s;
}

/* ---- indicators ----------------------------------------------------------------------- */

static gap_indicator *
add_indicator(sqlite3 *db, gap_report *r, bool en, int no, bool known, double value, char *detail)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " REFDATA_NAME_SQL("i", "?2") ", unit, op, target, kind FROM indicator i"
	    " WHERE no = ?1");
	gap_indicator *g;

	if (!st || (sqlite3_bind_int(st, 1, no), sqlite3_bind_int(st, 2, en), sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		free(detail);
		return NULL;
	}
	r->indicators = xrealloc(r->indicators, (r->n_indicators + 1) * sizeof *r->indicators);
	g = &r->indicators[r->n_indicators++];
	g->no = no;
	g->name = db_column_dup(st, 0);
	g->unit = db_column_dup(st, 1);
	g->op = db_column_dup(st, 2);
	g->target = sqlite3_column_double(st, 3);
	g->kind = db_column_dup(st, 4);
	g->known = known;
	g->value = value;
	/* "=" 100% for a coverage is reached at the target; ">=" likewise. */
	g->met = known && value >= g->target;
	g->detail = detail;
	sqlite3_finalize(st);
	return g;
}

static void
add_indicators(sqlite3 *db, gap_report *r, bool en)
{
	char *a = sheetout_number_text(r->service_area);

	add_indicator(db, r, en, IND_SERVICE_COVERAGE, true, r->has_service ? 100 : 0,
	    xstrdup(r->has_service ? _("an operating community service facility is recorded")
	    : _("no operating community service facility is recorded")));
	if (r->has_households && r->households > 0) {
		gap_indicator *g = add_indicator(db, r, en, IND_AREA_PER_100, true,
		    r->service_area * 100.0 / (double)r->households,
		    xasprintf(_("%s m² of community service facilities for %lld households"), a, r->households));
		/* Short of the target with areas missing: the missing ones might make it up. */
		if (g && !g->met && r->service_unmeasured > 0) {
			char *d = xasprintf(ngettext("not checkable: %s; %d community service facility has no floor area recorded",
			    "not checkable: %s; %d community service facilities have no floor area recorded",
			    r->service_unmeasured), g->detail, r->service_unmeasured);
			free(g->detail);
			g->detail = d;
			g->known = false;
		}
	} else {
		add_indicator(db, r, en, IND_AREA_PER_100, false, 0,
		    xasprintf(_("not checkable: the community's households are not recorded (%s m² of community service facilities)"), a));
	}
	add_indicator(db, r, en, IND_ELDERLY_COVERAGE, true, r->has_elderly ? 100 : 0,
	    xstrdup(r->has_elderly ? _("an operating elderly-care facility is recorded")
	    : _("no operating elderly-care facility is recorded")));
	free(a);
}

/* ---- building ------------------------------------------------------------------------- */

static int
load_community(sqlite3 *db, const char *id, gap_report *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT code, name, development, old_estate, households FROM community"
	    " WHERE id = ?1 AND deleted = 0");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(r->community_id, sizeof r->community_id, "%s", id);
		r->code = db_column_dup(st, 0);
		r->name = db_column_dup(st, 1);
		r->is_new = strcmp((const char *)sqlite3_column_text(st, 2), "new") == 0;
		r->old_estate = sqlite3_column_int(st, 3) != 0;
		if ((r->has_households = sqlite3_column_type(st, 4) != SQLITE_NULL))
			r->households = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int
judge_items(const struct ctx *cx, gap_report *r, struct acc *acc, size_t nacc, const struct acc *kacc)
{
	sqlite3_stmt *st = db_prepare(cx->db, "SELECT i.no, " REFDATA_NAME_SQL("i", "?1") ", coalesce(ro.facility, 'yes') FROM std_item i"
	    " LEFT JOIN std_item_role ro ON ro.item_no = i.no ORDER BY i.no");

	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, cx->en);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int no = sqlite3_column_int(st, 0);
		gap_item *it;
		if (no < 1 || (size_t)no > nacc)
			continue;
		r->items = xrealloc(r->items, (r->n_items + 1) * sizeof *r->items);
		it = &r->items[r->n_items++];
		it->no = no;
		it->name = db_column_dup(st, 1);
		judge_item(cx, it, strcmp((const char *)sqlite3_column_text(st, 2), "yes") == 0, &acc[no - 1], kacc, r);
		if (!it->detail)
			it->detail = xstrdup("");
		r->n_status[it->status]++;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Items are numbered 1..N_ACC at most (the standard has 20). */
#define N_ACC 64

static int
build(struct ctx *cx, const char *community_id, gap_report *r, char **err)
{
	struct acc *acc = xcalloc(N_ACC, sizeof *acc);
	struct acc *kacc = xcalloc(cx->nchecks ? cx->nchecks : 1, sizeof *kacc);
	int rc;

	memset(r, 0, sizeof *r);
	rc = load_community(cx->db, community_id, r);
	if (rc == 1)
		*err = xstrdup(_("No such community."));
	else if (rc == 0 && (rc = read_inventory(cx, r, acc, N_ACC, kacc)) == 0)
		rc = judge_items(cx, r, acc, N_ACC, kacc);
	if (rc == 0)
		add_indicators(cx->db, r, cx->en);
	else if (!*err)
		*err = xasprintf(_("cannot build the gap report: %s"), db_error_text(cx->db));
	for (size_t i = 0; i < N_ACC; i++) {
		free(acc[i].floors);
		free(acc[i].pending_text);
	}
	free(acc);
	for (size_t i = 0; i < cx->nchecks; i++)
		free(kacc[i].floors);
	free(kacc);
	if (rc != 0)
		gaps_free(r);
	return rc == 0 ? 0 : -1;
}

/* A read transaction, so the report sees one state of the file even while another copy writes. */
static int
begin_read(sqlite3 *db)
{
	return sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
gaps_build(sqlite3 *db, const char *community_id, const char *lang, gap_report *r, char **err)
{
	struct ctx cx = { .db = db, .en = refdata_lang_en(lang) };
	int rc;

	*err = NULL;
	memset(r, 0, sizeof *r);
	if (begin_read(db) != 0 || load_checks(&cx) != 0) {
		*err = xasprintf(_("cannot build the gap report: %s"), db_error_text(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		free_checks(cx.checks, cx.nchecks);
		return -1;
	}
	rc = build(&cx, community_id, r, err);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free_checks(cx.checks, cx.nchecks);
	return rc;
}

gap_report *
gaps_build_all(sqlite3 *db, const char *lang, size_t *n, char **err)
{
	struct ctx cx = { .db = db, .en = refdata_lang_en(lang) };
	sqlite3_stmt *st;
	gap_report *out = NULL;
	int rc = 0;

	*n = 0;
	*err = NULL;
	if (begin_read(db) != 0 || load_checks(&cx) != 0 ||
	    !(st = db_prepare(db, "SELECT id FROM community WHERE deleted = 0 ORDER BY code, id"))) {
		*err = xasprintf(_("cannot build the gap report: %s"), db_error_text(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		free_checks(cx.checks, cx.nchecks);
		return NULL;
	}
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		char *id = db_column_dup(st, 0);
		out = xrealloc(out, (*n + 1) * sizeof *out);
		if ((rc = build(&cx, id, &out[*n], err)) == 0)
			(*n)++;
		free(id);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free_checks(cx.checks, cx.nchecks);
	if (rc != 0 || *n == 0) {
		gaps_free_all(out, *n);
		*n = 0;
		return NULL;
	}
	return out;
}

void
gaps_free(gap_report *r)
{
	free(r->code);
	free(r->name);
	for (size_t i = 0; i < r->n_items; i++) {
		free(r->items[i].name);
		free(r->items[i].detail);
		free(r->items[i].pending);
	}
	free(r->items);
	for (size_t i = 0; i < r->n_indicators; i++) {
		gap_indicator *g = &r->indicators[i];
		free(g->name);
		free(g->unit);
		free(g->op);
		free(g->kind);
		free(g->detail);
	}
	free(r->indicators);
	memset(r, 0, sizeof *r);
}

void
gaps_free_all(gap_report *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		gaps_free(&r[i]);
	free(r);
}

const gap_indicator *
gaps_find_indicator(const gap_report *r, int no)
{
	for (size_t i = 0; i < r->n_indicators; i++)
		if (r->indicators[i].no == no)
			return &r->indicators[i];
	return NULL;
}

void
gaps_summarize(const gap_report *r, size_t n, gap_summary *s)
{
	memset(s, 0, sizeof *s);
	s->communities = n;
	for (size_t i = 0; i < n; i++) {
		const gap_indicator *g = gaps_find_indicator(&r[i], IND_AREA_PER_100);
		s->with_service += r[i].has_service;
		s->with_elderly += r[i].has_elderly;
		if (g && g->known) {
			s->area_known++;
			s->area_met += g->met;
		}
	}
}

/* ---- rendering ------------------------------------------------------------------------- */

static const char *
kind_label(const char *kind)
{
	return strcmp(kind, "binding") == 0 ? _("binding") : _("expected");
}

/* "≥ 33 ㎡" */
char *
gaps_target_text(const gap_indicator *g)
{
	char *t = sheetout_number_text(g->target);
	char *s = xasprintf("%s %s %s", strcmp(g->op, ">=") == 0 ? "≥" : "=", t, g->unit);

	free(t);
	return s;
}

static char *
indicator_value(const gap_indicator *g)
{
	char *v, *s;

	if (!g->known)
		return xstrdup("—");
	v = sheetout_number_text(g->value);
	s = xasprintf("%s %s", v, g->unit);
	free(v);
	return s;
}

const char *
gaps_indicator_verdict(const gap_indicator *g)
{
	return !g->known ? _("not checkable") : g->met ? _("met") : _("not met");
}

/* Print cells padded to widths (display columns); the last cell is not padded. */
static void
print_row(FILE *out, const char *const *cells, const size_t *widths, size_t n)
{
	char *row = utf8_row_cols(cells, widths, n);

	fprintf(out, "  %s\n", row);
	free(row);
}

static size_t
widest(size_t w, const char *s)
{
	size_t c = utf8_width_cols(s);

	return c > w ? c : w;
}

static void
write_items(FILE *out, const gap_report *r)
{
	const char *head[4] = { _("No."), _("Standard item"), _("Verdict"), _("Details") };
	size_t w[4] = { 0, 0, 0, 0 };

	for (int i = 0; i < 3; i++)
		w[i] = utf8_width_cols(head[i]);
	for (size_t i = 0; i < r->n_items; i++) {
		w[1] = widest(w[1], r->items[i].name);
		w[2] = widest(w[2], gaps_status_label(r->items[i].status));
	}
	w[0] = widest(w[0], "20");
	print_row(out, head, w, 4);
	for (size_t i = 0; i < r->n_items; i++) {
		const gap_item *it = &r->items[i];
		char no[16];
		const char *cells[4] = { no, it->name, gaps_status_label(it->status), it->detail };
		snprintf(no, sizeof no, "%d", it->no);
		print_row(out, cells, w, 4);
		if (*it->pending) {
			char *p = xasprintf(_("not counted: %s"), it->pending);
			const char *pc[4] = { "", "", "", p };
			print_row(out, pc, w, 4);
			free(p);
		}
	}
}

static void
write_indicators(FILE *out, const gap_report *r)
{
	const char *head[6] = { _("Indicator"), _("Value"), _("Target"), _("Kind"), _("Verdict"), _("Details") };
	size_t w[6];
	char **vals = xcalloc(r->n_indicators * 2 + 1, sizeof *vals);

	for (int i = 0; i < 6; i++)
		w[i] = utf8_width_cols(head[i]);
	for (size_t i = 0; i < r->n_indicators; i++) {
		const gap_indicator *g = &r->indicators[i];
		vals[2 * i] = indicator_value(g);
		vals[2 * i + 1] = gaps_target_text(g);
		w[0] = widest(w[0], g->name);
		w[1] = widest(w[1], vals[2 * i]);
		w[2] = widest(w[2], vals[2 * i + 1]);
		w[3] = widest(w[3], kind_label(g->kind));
		w[4] = widest(w[4], gaps_indicator_verdict(g));
	}
	print_row(out, head, w, 6);
	for (size_t i = 0; i < r->n_indicators; i++) {
		const gap_indicator *g = &r->indicators[i];
		const char *cells[6] = { g->name, vals[2 * i], vals[2 * i + 1], kind_label(g->kind), gaps_indicator_verdict(g),
		    g->detail };
		print_row(out, cells, w, 6);
	}
	for (size_t i = 0; i < r->n_indicators * 2; i++)
		free(vals[i]);
	free(vals);
}

static void
write_summary(FILE *out, const gap_report *r, size_t n)
{
	const char *head[9] = { _("Code"), _("Community"), _("met"), _("below the standard"), _("missing"),
	    _("not checkable"), _("m² per 100 households"), _("service facility"), _("elderly care") };
	size_t w[9];
	gap_summary s;

	for (int i = 0; i < 9; i++)
		w[i] = utf8_width_cols(head[i]);
	for (size_t i = 0; i < n; i++) {
		w[0] = widest(w[0], r[i].code);
		w[1] = widest(w[1], r[i].name);
	}
	fprintf(out, "%s\n", _("Summary of all communities"));
	print_row(out, head, w, 9);
	for (size_t i = 0; i < n; i++) {
		const gap_indicator *g = gaps_find_indicator(&r[i], IND_AREA_PER_100);
		char num[4][16];
		char *area = g && g->known ? sheetout_number_text(g->value) : xstrdup("—");
		const char *cells[9] = { r[i].code, r[i].name, num[0], num[1], num[2], num[3], area,
		    r[i].has_service ? _("yes") : _("no"), r[i].has_elderly ? _("yes") : _("no") };
		for (int k = 0; k < 4; k++)
			snprintf(num[k], sizeof num[k], "%d", r[i].n_status[k]);
		print_row(out, cells, w, 9);
		free(area);
	}
	gaps_summarize(r, n, &s);
	{
		char *p1 = sheetout_number_text(100.0 * (double)s.with_service / (double)n);
		char *p2 = sheetout_number_text(100.0 * (double)s.with_elderly / (double)n);
		fprintf(out, _("Coverage of community service facilities: %zu of %zu communities (%s%%)\n"), s.with_service, n, p1);
		fprintf(out, _("Coverage of elderly-care facilities: %zu of %zu communities (%s%%)\n"), s.with_elderly, n, p2);
		free(p1);
		free(p2);
	}
	fprintf(out, _("Communities meeting the service facility area per 100 households: %zu of %zu (%zu computable)\n"),
	    s.area_met, n, s.area_known);
}

int
gaps_write_text(FILE *out, const gap_report *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *dev = r[i].is_new ? _("new community") : _("existing community");
		if (i > 0)
			fputc('\n', out);
		fprintf(out, _("Gap report: %s %s (%s%s)\n"), r[i].code, r[i].name, dev,
		    r[i].old_estate ? _(", old estate") : "");
		fprintf(out, _("Standard items: %d met, %d below the standard, %d missing, %d not checkable\n"),
		    r[i].n_status[GAP_MET], r[i].n_status[GAP_BELOW], r[i].n_status[GAP_MISSING], r[i].n_status[GAP_UNCHECKABLE]);
		write_items(out, &r[i]);
		fputc('\n', out);
		write_indicators(out, &r[i]);
	}
	if (n > 1) {
		fputc('\n', out);
		write_summary(out, r, n);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

static void
sheet_row(sheetout *so, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sheetout_text(so, cells[i]);
	sheetout_end_row(so);
}

int
gaps_write_sheet(sheetout *so, const gap_report *r, size_t n)
{
	const char *head[9] = { _("Code"), _("Community"), _("Section"), _("No."), _("Name"), _("Verdict"),
	    _("Value"), _("Target"), _("Details") };
	gap_summary s;

	sheet_row(so, head, 9);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < r[i].n_items; k++) {
			const gap_item *it = &r[i].items[k];
			char no[16], *d = *it->pending ? xasprintf("%s%s%s", it->detail, _("; "), it->pending) : xstrdup(it->detail);
			const char *cells[9] = { r[i].code, r[i].name, _("standard item"), no, it->name,
			    gaps_status_label(it->status), "", "", d };
			snprintf(no, sizeof no, "%d", it->no);
			sheet_row(so, cells, 9);
			free(d);
		}
		for (size_t k = 0; k < r[i].n_indicators; k++) {
			const gap_indicator *g = &r[i].indicators[k];
			char no[16], *t = gaps_target_text(g), *v = g->known ? sheetout_number_text(g->value) : xstrdup("");
			const char *cells[9] = { r[i].code, r[i].name, _("indicator"), no, g->name, gaps_indicator_verdict(g), v, t,
			    g->detail };
			snprintf(no, sizeof no, "%d", g->no);
			sheet_row(so, cells, 9);
			free(t);
			free(v);
		}
	}
	gaps_summarize(r, n, &s);
	for (size_t i = 0; n > 1 && i < n; i++) {
		char *d = xasprintf(_("%d met, %d below the standard, %d missing, %d not checkable"), r[i].n_status[GAP_MET],
		    r[i].n_status[GAP_BELOW], r[i].n_status[GAP_MISSING], r[i].n_status[GAP_UNCHECKABLE]);
		const char *cells[9] = { r[i].code, r[i].name, _("summary"), "", _("Standard items"), "", "", "", d };
		sheet_row(so, cells, 9);
		free(d);
	}
	if (n > 1) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%zu/%zu", s.with_service, n);
		snprintf(b, sizeof b, "%zu/%zu", s.with_elderly, n);
		{
			const char *c1[9] = { "", "", _("summary"), "", _("Communities with a community service facility"), "",
			    a, "", "" };
			const char *c2[9] = { "", "", _("summary"), "", _("Communities with an elderly-care facility"), "",
			    b, "", "" };
			sheet_row(so, c1, 9);
			sheet_row(so, c2, 9);
		}
	}
	return sheetout_error(so) ? -1 : 0;
}

/* ---- the outlet list (业态店铺清单) --------------------------------------------------- */

/* One business type's row into *row (a zeroed gap_outlet), its counts added to the totals of ud
 * (the gap_outlets). */
static void
fill_outlet(sqlite3_stmt *st, void *row, void *ud)
{
	gap_outlet *t = row;
	gap_outlets *o = ud;

	t->code = db_column_dup(st, 0);
	t->name = db_column_dup(st, 1);
	t->chain_countable = sqlite3_column_int(st, 2) != 0;
	t->operating = sqlite3_column_int(st, 3);
	t->chains = sqlite3_column_int(st, 4);
	t->pending = sqlite3_column_int(st, 5);
	o->outlets += t->operating;
	if (t->chain_countable) {
		o->countable += t->operating;
		o->chains += t->chains;
	}
}

int
gaps_outlets(sqlite3 *db, const char *community_id, const char *lang, gap_outlets *o, char **err)
{
	/* One row per business type: the facility_community_status index serves each count. */
	sqlite3_stmt *st = db_prepare(db, "SELECT b.code, " REFDATA_NAME_SQL("b", "?2") ", b.chain_countable = 'yes',"
	    " (SELECT count(*) FROM facility f WHERE f.community = ?1 AND f.status = 'operating' AND f.deleted = 0"
	    "  AND f.business_type = b.code),"
	    " (SELECT count(*) FROM facility f WHERE f.community = ?1 AND f.status = 'operating' AND f.deleted = 0"
	    "  AND f.business_type = b.code AND f.chain = 1),"
	    " (SELECT count(*) FROM facility f WHERE f.community = ?1 AND f.status IN ('planned', 'building')"
	    "  AND f.deleted = 0 AND f.business_type = b.code)"
	    " FROM business_type b ORDER BY b.rowid");
	void *got = NULL;
	int rc;

	memset(o, 0, sizeof *o);
	o->target_percent = GAPS_CHAIN_TARGET_PERCENT;
	*err = NULL;
	if (!st) {
		*err = xstrdup(db_error_text(db));
		return -1;
	}
	sqlite3_bind_int(st, 2, refdata_lang_en(lang));
	sqlite3_bind_text(st, 1, community_id, -1, SQLITE_TRANSIENT);
	rc = db_read_rows(st, &got, &o->n, sizeof *o->types, fill_outlet, o);
	o->types = got;
	if (rc != 0) {
		*err = xstrdup(db_error_text(db));
		gaps_outlets_free(o);
		return -1;
	}
	o->share_known = o->countable > 0;
	o->share_percent = o->share_known ? 100.0 * o->chains / o->countable : 0;
	o->target_met = o->share_known && o->share_percent >= o->target_percent;
	return 0;
}

void
gaps_outlets_free(gap_outlets *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->types[i].code);
		free(o->types[i].name);
	}
	free(o->types);
	memset(o, 0, sizeof *o);
}
