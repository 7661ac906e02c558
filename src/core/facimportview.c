/* facimportview.c - facimport.h's plans behind importview.h's callbacks, one adapter for both kinds:
 * the plan remembers its kind, so only plan making differs. */
#include "config.h"
#include <stdlib.h>
#include "facimportview.h"
#include "facimport.h"
#include "util.h"
#include "i18n.h"

static int
plan_kind(sqlite3 *db, facimport_kind kind, const char *path, void **plan, char **err)
{
	facimport_plan *p = xcalloc(1, sizeof *p);

	if (facimport_plan_file(db, kind, path, NULL, p, err) != 0) {
		facimport_free(p);
		free(p);
		return -1;
	}
	*plan = p;
	return 0;
}

static int
plan_communities(sqlite3 *db, const char *path, void **plan, char **err)
{
	return plan_kind(db, FACIMPORT_COMMUNITIES, path, plan, err);
}

static int
plan_facilities(sqlite3 *db, const char *path, void **plan, char **err)
{
	return plan_kind(db, FACIMPORT_FACILITIES, path, plan, err);
}

static size_t
plan_count(const void *plan)
{
	return ((const facimport_plan *)plan)->n;
}

static void
plan_row(const void *plan, size_t i, importview_row *out)
{
	const facimport_row *r = &((const facimport_plan *)plan)->rows[i];

	out->line = r->line;
	out->status = r->status;
	out->reason = r->status == IMPORT_BAD && r->reason ? xstrdup(r->reason) : NULL;
	out->summary = xstrdup(r->shown ? r->shown : "");
}

static void
plan_counts(const void *plan, size_t count[IMPORT_NSTATUS])
{
	const facimport_plan *p = plan;

	for (int s = 0; s < IMPORT_NSTATUS; s++)
		count[s] += p->count[s];
}

static int
plan_apply(sqlite3 *db, void *plan, char **err)
{
	return facimport_apply(db, plan, err);
}

static void
plan_free(void *plan)
{
	facimport_free(plan);
	free(plan);
}

const importview_kind facimport_view_communities = {
	.title = N_("Import communities"),
	.columns = N_("代码/code, 名称/name, 街道/subdistrict, 区/district, 户数/households, 人口/residents, 新建/new, 用地面积/land_area, 老旧小区/old_estate"),
	.plan = plan_communities, .count = plan_count, .row = plan_row, .counts = plan_counts, .apply = plan_apply,
	.free = plan_free,
};

const importview_kind facimport_view_facilities = {
	.title = N_("Import facilities"),
	.columns = N_("社区代码/community, 类别/kind, 名称/name, 地址/address, 建筑面积/floor_area, 容量/capacity, 状态/status, ... (CSV or .xlsx)"),
	.plan = plan_facilities, .count = plan_count, .row = plan_row, .counts = plan_counts, .apply = plan_apply,
	.free = plan_free,
};
