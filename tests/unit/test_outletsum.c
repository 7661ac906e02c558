/* test_outletsum.c - the outlet summary across communities (outletsum.h): each business type's
 * operating, chain and planned outlets in all live communities and how many communities have one;
 * deleted facilities, facilities of a deleted community and standard-item facilities left out; each
 * community's chain share against 30% (met, not met, not checkable) and how many meet it; the share
 * of all; the same numbers as the per-community outlet list (gaps_outlets) adds up to; the lines the
 * screen and `report outlets` print, and the CSV rows. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "community.h"
#include "facility.h"
#include "gaps.h"
#include "outletsum.h"
#include "sheetout.h"
#include "util.h"

static void
mk_community(sqlite3 *db, const char *code, const char *name, char id[UUID_TEXT_LEN])
{
	community c;
	char *err = NULL;

	community_init(&c);
	community_set(&c, "code", code, &err);
	community_set(&c, "name", name, &err);
	ok(community_save(db, &c, &err) == 0, "community %s", code);
	memcpy(id, c.id, UUID_TEXT_LEN);
	community_free(&c);
	free(err);
}

/* A facility of kind ("type:CODE" or "item:N"); its id into id (may be NULL). */
static void
fac(sqlite3 *db, const char *cid, const char *kind, const char *name, bool chain, const char *status,
    char id[UUID_TEXT_LEN])
{
	facility f;
	char *err = NULL;

	facility_init(&f);
	if (facility_set(&f, "community", cid, &err) || facility_set(&f, "kind", kind, &err) ||
	    facility_set(&f, "name", name, &err) || facility_set(&f, "chain", chain ? "yes" : "no", &err) ||
	    facility_set(&f, "status", status, &err) || facility_save(db, &f, &err)) {
		printf("# facility %s: %s\n", name, err ? err : "?");
		free(err);
	}
	if (id)
		memcpy(id, f.id, UUID_TEXT_LEN);
	facility_free(&f);
}

static const gap_outlet *
type_of(const outletsum *s, const char *code, int *communities)
{
	for (size_t i = 0; i < s->total.n; i++)
		if (strcmp(s->total.types[i].code, code) == 0) {
			*communities = s->type_communities[i];
			return &s->total.types[i];
		}
	return NULL;
}

static const outletsum_community *
community_of(const outletsum *s, const char *code)
{
	for (size_t i = 0; i < s->ncomms; i++)
		if (strcmp(s->comms[i].code, code) == 0)
			return &s->comms[i];
	return NULL;
}

int
main(void)
{
	sqlite3 *db;
	char a[UUID_TEXT_LEN], b[UUID_TEXT_LEN], c[UUID_TEXT_LEN], gone[UUID_TEXT_LEN], del[UUID_TEXT_LEN], *err = NULL;
	outletsum s;
	const gap_outlet *t;
	const outletsum_community *oc;
	int comms = -1, sum_outlets = 0, sum_countable = 0, sum_chains = 0;
	size_t nl;
	outletsum_line *lines;
	bool said_share = false, said_met = false;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	db = test_fresh_db(-1, true);
	ok(db != NULL, "a migrated database with reference data");
	if (!db)
		return tap_done();

	/* Nothing yet: every type listed with 0, no share. */
	ok(outletsum_build(db, "zh", &s, &err) == 0, "the summary of an empty file is built");
	ok(s.total.n > 0 && s.ncomms == 0 && s.total.outlets == 0 && !s.total.share_known,
	    "every business type listed, no community, no share");
	outletsum_free(&s);

	mk_community(db, "HBW-01", "海北社区", a);
	mk_community(db, "HBW-02", "新华社区", b);
	mk_community(db, "HBW-03", "凤凰岭社区", c);
	mk_community(db, "HBW-09", "已删社区", gone);
	/* HBW-01: 2 of 3 countable outlets are chains (67%, met); a parcel locker (not countable, chain). */
	fac(db, a, "type:convenience_store", "好邻居便利店", true, "operating", NULL);
	fac(db, a, "type:convenience_store", "街角小卖部", false, "operating", NULL);
	fac(db, a, "type:supermarket", "华联超市", true, "operating", NULL);
	fac(db, a, "type:parcel_locker", "丰巢快递柜", true, "operating", NULL);
	fac(db, a, "type:barber", "新开理发店", true, "planned", NULL);
	/* HBW-02: 1 of 4 (25%, not met); a deleted chain store and a kindergarten do not count. */
	fac(db, b, "type:convenience_store", "新华便利店", true, "operating", NULL);
	fac(db, b, "type:pharmacy", "大药房", false, "operating", NULL);
	fac(db, b, "type:barber", "理发店", false, "operating", NULL);
	fac(db, b, "type:laundry", "洗衣店", false, "operating", NULL);
	fac(db, b, "type:laundry", "已关洗衣店", true, "closed", NULL);
	fac(db, b, "type:supermarket", "已删超市", true, "operating", del);
	ok(facility_tombstone(db, del, &err) == 0, "one deleted");
	fac(db, b, "item:2", "阳光幼儿园", false, "operating", NULL);
	/* HBW-03: only a parcel locker: its share is not checkable. */
	fac(db, c, "type:parcel_locker", "快递柜", false, "operating", NULL);
	/* HBW-09 is deleted with its outlets: none of them counts. */
	fac(db, gone, "type:convenience_store", "已删社区便利店", true, "operating", NULL);
	ok(community_tombstone(db, gone, &err) == 0, "HBW-09 deleted with its outlet");

	ok(outletsum_build(db, "zh", &s, &err) == 0, "the summary is built%s%s", err ? ": " : "", err ? err : "");
	is_int((int)s.ncomms, 3, "three live communities");
	t = type_of(&s, "convenience_store", &comms);
	ok(t && t->operating == 3 && t->chains == 2 && comms == 2,
	    "convenience stores: 3 operating, 2 chains, in 2 communities (the deleted community's left out)");
	t = type_of(&s, "supermarket", &comms);
	ok(t && t->operating == 1 && t->chains == 1 && comms == 1, "supermarkets: the deleted one left out");
	t = type_of(&s, "barber", &comms);
	ok(t && t->operating == 1 && t->pending == 1 && comms == 1, "barbers: 1 operating, 1 planned (not counted)");
	t = type_of(&s, "laundry", &comms);
	ok(t && t->operating == 1 && t->chains == 0, "laundries: the closed chain one is not operating");
	t = type_of(&s, "parcel_locker", &comms);
	ok(t && t->operating == 2 && !t->chain_countable && comms == 2, "parcel lockers: 2, not countable, in 2 communities");
	is_int(s.total.outlets, 9, "9 operating outlets in all (the kindergarten is not an outlet)");
	is_int(s.total.countable, 7, "7 of types the share counts");
	is_int(s.total.chains, 3, "3 chains among them");
	ok(s.total.share_known && s.total.share_percent > 42.8 && s.total.share_percent < 42.9 && s.total.target_met,
	    "the share of all is 3/7 = 42.9%%, met (%.2f)", s.total.share_percent);

	oc = community_of(&s, "HBW-01");
	ok(oc && oc->outlets == 4 && oc->countable == 3 && oc->chains == 2 && oc->target_met, "HBW-01: 2 of 3, met");
	oc = community_of(&s, "HBW-02");
	ok(oc && oc->outlets == 4 && oc->countable == 4 && oc->chains == 1 && oc->share_known && !oc->target_met &&
	    oc->share_percent == 25.0, "HBW-02: 1 of 4 (25%%), not met");
	oc = community_of(&s, "HBW-03");
	ok(oc && oc->outlets == 1 && oc->countable == 0 && !oc->share_known, "HBW-03: not checkable");
	ok(s.comms_known == 2 && s.comms_met == 1, "1 of the 2 communities with a share meets the target");
	ok(!community_of(&s, "HBW-09"), "the deleted community is not listed");

	/* The same numbers as each community's own outlet list adds up to. */
	for (size_t i = 0; i < s.ncomms; i++) {
		char id[UUID_TEXT_LEN];
		gap_outlets o;
		if (community_find_code(db, s.comms[i].code, id) == 0 && gaps_outlets(db, id, "zh", &o, &err) == 0) {
			ok(o.outlets == s.comms[i].outlets && o.countable == s.comms[i].countable && o.chains == s.comms[i].chains,
			    "%s: as its outlet list counts it", s.comms[i].code);
			sum_outlets += o.outlets;
			sum_countable += o.countable;
			sum_chains += o.chains;
			gaps_outlets_free(&o);
		}
	}
	ok(sum_outlets == s.total.outlets && sum_countable == s.total.countable && sum_chains == s.total.chains,
	    "the totals are the sum of the communities' outlet lists");

	lines = outletsum_lines(&s, &nl);
	for (size_t i = 0; i < nl; i++) {
		if (strstr(lines[i].text, "Chain share of all communities: 3 of 7 outlets are chain outlets (42.9%); target ≥ 30%: met"))
			said_share = lines[i].style == OUTLETSUM_MET;
		if (strstr(lines[i].text, "Communities meeting the 30% target: 1 of 2 with outlets the share counts (3 communities in all)."))
			said_met = true;
	}
	ok(said_share, "the lines say the share of all, marked met");
	ok(said_met, "and how many communities meet the target");
	{
		bool row = false;
		for (size_t i = 0; i < nl; i++)
			if (strstr(lines[i].text, "HBW-02") && strstr(lines[i].text, "新华社区") && strstr(lines[i].text, "25% not met"))
				row = lines[i].style == OUTLETSUM_NOT_MET;
		ok(row, "HBW-02's line says 25%% not met, marked so");
	}
	outletsum_lines_free(lines, nl);

	/* The CSV. */
	{
		char *buf = NULL, *e = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		sheetout *so = sheetout_csv(f, SHEETOUT_UTF8, 0, &e);
		ok(so && outletsum_write_sheet(so, &s) == 0 && sheetout_close(so, &e) == 0, "the summary written as CSV");
		fclose(f);
		ok(buf && strstr(buf, "\r\ncommunity,HBW-02,新华社区,4,4,1,25,30,not met,,\r\n"), "HBW-02's row: numbers as numbers");
		ok(buf && strstr(buf, "\r\nbusiness type,convenience_store,便利店,3,3,2,,,,0,2\r\n"), "the convenience stores' row");
		ok(buf && strstr(buf, "\r\ntotal,,all communities,9,7,3,42.9,30,met,,3\r\n"), "the total row");
		free(buf);
		free(e);
	}
	outletsum_free(&s);

	/* In English: the business types by their English names, the same numbers; the lines name them too. */
	ok(outletsum_build(db, "en", &s, &err) == 0, "the summary is built in English");
	t = type_of(&s, "convenience_store", &comms);
	ok(t && strcmp(t->name, "convenience store") == 0 && t->operating == 3 && comms == 2,
	    "convenience stores by their English name, the same counts");
	lines = outletsum_lines(&s, &nl);
	{
		bool named = false, chinese = false;
		for (size_t i = 0; i < nl; i++) {
			named |= strstr(lines[i].text, "parcel locker") != NULL;
			chinese |= strstr(lines[i].text, "智能快递箱") != NULL;
		}
		ok(named && !chinese, "the English lines name the parcel lockers in English only");
	}
	outletsum_lines_free(lines, nl);
	outletsum_free(&s);
	free(err);
	sqlite3_close(db);
	return tap_done();
}
