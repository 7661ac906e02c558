/* test_dupmerge.c - merging possible duplicates: two offices make the same community (and the same
 * proposal), exchange files and see the pair; one merge makes the dropped record a tombstone that
 * names the kept one and repoints what pointed at it (in batches: more responses than one batch);
 * refused merges change nothing; offices that exchange files after a merge end identical, and two
 * offices that merge the same pair each end identical too; records made before a merge arrived are
 * moved on request; a pair merged both ways round at two offices ends with the record the later
 * merge kept live, the same at both and at offices that take the files in either order. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "synctest.h"
#include "community.h"
#include "dupmerge.h"
#include "conflict.h"

/* More survey responses than dupmerge.c repoints per query. */
#define MANY_RESPONSES 300

static char *dir;
static int n_files;

static char *
text_of(sqlite3 *db, const char *sql, const char *arg)
{
	const char *p[1] = { arg };
	char *v = db_query_text(db, sql, arg ? 1 : 0, p);
	return v ? v : xstrdup("(none)");
}

static long long
int_of(sqlite3 *db, const char *sql, const char *arg)
{
	char *v = text_of(db, sql, arg);
	long long n = strcmp(v, "(none)") == 0 ? -1 : atoll(v);
	free(v);
	return n;
}

static int
count_pair(void *arg, const char *table, const char *key, const char *a, const char *b)
{
	(void)table;
	(void)key;
	(void)a;
	(void)b;
	(*(int *)arg)++;
	return 0;
}

/* Possible duplicate pairs listed in db. */
static int
pairs(sqlite3 *db)
{
	int n = 0;
	return sync_duplicates_each(db, count_pair, &n) == 0 ? n : -1;
}

/* A full export of from imported into to; 0 on success. */
static int
send(sqlite3 *from, sqlite3 *to)
{
	char *path = xasprintf("%s/x%d.lcdb", dir, n_files++);
	int rc = office_export(from, path, NULL, true) == 0 && office_import(to, path, NULL, NULL) == 0 ? 0 : -1;
	free(path);
	return rc;
}

static bool
same_digest(sqlite3 *a, sqlite3 *b)
{
	char da[SYNC_HASH_HEX], db_[SYNC_HASH_HEX];
	office_digest(a, da);
	office_digest(b, db_);
	return strcmp(da, "error") != 0 && strcmp(da, db_) == 0;
}

static int
make_community(sqlite3 *db, const char *code, const char *name, char id[UUID_TEXT_LEN])
{
	community c;
	char *err = NULL;
	int rc;

	community_init(&c);
	rc = community_set(&c, "code", code, &err) == 0 && community_set(&c, "name", name, &err) == 0
	    && community_save(db, &c, &err) == 0 ? 0 : -1;
	if (rc != 0)
		printf("# community %s: %s\n", code, err ? err : "?");
	else
		memcpy(id, c.id, UUID_TEXT_LEN);
	free(err);
	community_free(&c);
	return rc;
}

static int
bind_texts(sqlite3_stmt *st, int first, const void *rec)
{
	const char *const *v = rec;
	int rc = SQLITE_OK;
	for (int i = 0; v[i] && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(st, first + i, v[i], -1, SQLITE_TRANSIENT);
	return rc;
}

/* A record of table with columns cols (after the meta) set to the NULL-ended values v. */
static int
make_row(sqlite3 *db, const char *table, const char *cols, const char *const *v, char id[UUID_TEXT_LEN])
{
	int n = 0;
	char *sql = xasprintf("INSERT INTO %s (" RECORD_META_NAMES ", %s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8", table, cols);
	int rc;

	while (v[n]) {
		char *s = xasprintf("%s, ?%d", sql, RECORD_META_COUNT + n + 1);
		free(sql);
		sql = s;
		n++;
	}
	{
		char *s = xasprintf("%s)", sql);
		free(sql);
		sql = s;
	}
	rc = record_write_insert(db, db_prepare(db, sql), bind_texts, v, id);
	free(sql);
	return rc;
}

static void
test_refused(sqlite3 *x, const char *a, const char *b)
{
	char before[SYNC_HASH_HEX], after[SYNC_HASH_HEX], *err = NULL;
	long long seq = record_change_seq(x);

	office_digest(x, before);
	is_int(dupmerge_merge(x, "community", a, a, NULL, &err), -1, "a record merged into itself is refused");
	ok(err && strstr(err, "itself"), "... saying why (%s)", err ? err : "");
	free(err);
	is_int(dupmerge_merge(x, "feedback", a, b, NULL, &err), -1, "a kind that cannot be merged is refused");
	ok(err && strstr(err, "feedback"), "... naming it (%s)", err ? err : "");
	free(err);
	is_int(dupmerge_merge(x, "no_such\"table", a, b, NULL, &err), -1, "an unknown table is refused");
	free(err);
	is_int(dupmerge_merge(x, "community", a, "00000000-0000-0000-0000-000000000000", NULL, &err), -1,
	    "a record that does not exist is refused");
	ok(err && strstr(err, "00000000-0000-0000-0000-000000000000"), "... naming the id (%s)", err ? err : "");
	free(err);
	is_int(dupmerge_merge(x, "facility", a, b, NULL, &err), -1, "two ids that are not records of the table: refused");
	free(err);
	office_digest(x, after);
	is_str(after, before, "a refused merge changes no record");
	is_int(record_change_seq(x), seq, "... and writes nothing");
	ok(!dupmerge_supported("entry_keying") && dupmerge_supported("proposal") && !dupmerge_supported(NULL),
	    "dupmerge_supported names the mergeable kinds");
}

/* Two offices each make community 001; after the exchange X merges Y's into its own. */
static void
test_community(sqlite3 *x, sqlite3 *y)
{
	char ca[UUID_TEXT_LEN], cb[UUID_TEXT_LEN], fa[UUID_TEXT_LEN], fb[UUID_TEXT_LEN], eb[UUID_TEXT_LEN],
	    rid[UUID_TEXT_LEN], *err = NULL, *v, *old_hlc;
	dupmerge_result r;

	ok(make_community(x, "001", "甲社区", ca) == 0 && make_community(y, "001", "乙社区", cb) == 0,
	    "both offices make community 001");
	ok(make_row(x, "facility", "community, business_type, name", (const char *[]){ ca, "supermarket", "惠民超市", NULL },
	    fa) == 0, "X: a facility of its community");
	ok(community_add_estate(y, cb, "滨河小区", eb, &err) == 0, "Y: an estate of its community");
	free(err);
	err = NULL;
	ok(make_row(y, "facility", "community, estate, business_type, name",
	    (const char *[]){ cb, eb, "canteen", "长者食堂", NULL }, fb) == 0, "Y: a facility in that estate");
	test_exec(y, "BEGIN");
	for (int i = 0; i < MANY_RESPONSES; i++)
		make_row(y, "survey_response", "template, template_version, community, estate, surveyed_on",
		    (const char *[]){ "needs", "1", cb, eb, "2026-11-01", NULL }, rid);
	test_exec(y, "COMMIT");
	settings_set(y, "community_id", cb);
	settings_set(x, "community_id", cb);	/* as if X's own were Y's: the setting follows the merge */

	ok(send(x, y) == 0 && send(y, x) == 0, "the offices exchange files");
	is_int(pairs(x), 1, "X lists the pair as possible duplicates");
	is_int(pairs(y), 1, "Y lists it too");

	test_refused(x, ca, cb);

	old_hlc = text_of(x, "SELECT hlc FROM facility WHERE id = ?1", fb);
	is_int(dupmerge_merge(x, "community", ca, cb, &r, &err), 0, "X merges Y's community into its own");
	if (err)
		printf("# %s\n", err);
	free(err);
	is_int(r.repointed, 1 + 1 + MANY_RESPONSES, "an estate, a facility and %d responses were repointed",
	    MANY_RESPONSES);
	is_int(int_of(x, "SELECT deleted FROM community WHERE id = ?1", cb), 1, "the dropped community is a tombstone");
	is_int(int_of(x, "SELECT deleted FROM community WHERE id = ?1", ca), 0, "the kept one is live");
	is_str_free(text_of(x, "SELECT tbl || ' ' || from_id || ' ' || into_id FROM record_merge WHERE id = ?1", r.merge_id),
	    v = xasprintf("community %s %s", cb, ca), "a record_merge row says which it was merged into");
	free(v);
	is_str_free(dupmerge_target(x, cb), ca, "dupmerge_target follows the dropped id to the kept one");
	ok(dupmerge_target(x, ca) == NULL, "the kept one was merged into nothing");
	is_str_free(text_of(x, "SELECT community FROM facility WHERE id = ?1", fb), ca, "Y's facility now points at the kept community");
	is_str_free(text_of(x, "SELECT base FROM facility WHERE id = ?1", fb), old_hlc,
	    "... as a new version edited from the one it had");
	free(old_hlc);
	is_str_free(text_of(x, "SELECT community FROM estate WHERE id = ?1", eb), ca, "the estate moved to the kept community");
	is_int(int_of(x, "SELECT count(*) FROM survey_response WHERE community = ?1", cb), 0, "no response points at the dropped one");
	is_int(int_of(x, "SELECT count(*) FROM survey_response WHERE community = ?1", ca), MANY_RESPONSES, "all responses point at the kept one");
	is_str_free(settings_get(x, "community_id"), ca, "the office's own community setting follows");
	is_str_free(text_of(x, "SELECT community FROM facility WHERE id = ?1", fa), ca, "X's own facility is untouched");
	is_int(pairs(x), 0, "the merged pair is no longer listed");
	is_int(dupmerge_merge(x, "community", ca, cb, NULL, &err), -1, "merging it again is refused: it is a tombstone");
	free(err);
	is_str_free(text_of(x, "PRAGMA integrity_check", NULL), "ok", "the database is intact");

	/* Files both ways after the merge: both offices end identical. */
	ok(send(x, y) == 0 && send(y, x) == 0, "the offices exchange files after the merge");
	ok(same_digest(x, y), "X and Y hold the same records");
	is_int(pairs(y), 0, "Y no longer lists the pair");
	is_str_free(text_of(y, "SELECT community FROM facility WHERE id = ?1", fb), ca, "Y's facility points at the kept community at Y");
	is_str_free(dupmerge_target(y, cb), ca, "Y knows which it was merged into");
	is_int(int_of(y, "SELECT count(*) FROM sync_conflict", NULL), 0, "no conflict: Y had not edited them meanwhile");
	{
		char own[UUID_TEXT_LEN];
		is_int(community_default_id(y, own), 0, "Y's own community (the dropped one) still has a default");
		is_str(own, ca, "... the one it was merged into");
		is_str_free(settings_get(y, "community_id"), cb, "(Y's setting itself is local and unchanged)");
	}
}

/* Two estates of one place under two names, merged: the survey responses, which name their estate
 * (not its id), name the kept one, each as a new version; those of the kept one are untouched. */
static void
test_estate_names(sqlite3 *x)
{
	char c[UUID_TEXT_LEN], keep[UUID_TEXT_LEN], drop[UUID_TEXT_LEN], rid[UUID_TEXT_LEN], mine[UUID_TEXT_LEN],
	    *err = NULL, *old_hlc;
	dupmerge_result r;

	ok(make_community(x, "077", "园林社区", c) == 0, "a community");
	ok(community_add_estate(x, c, "阳光小区", keep, &err) == 0 && community_add_estate(x, c, "阳光花园小区", drop, &err) == 0,
	    "with two estates that are one place under two names");
	free(err);
	err = NULL;
	for (int i = 0; i < 3; i++)
		make_row(x, "survey_response", "template, template_version, community, estate, surveyed_on",
		    (const char *[]){ "needs", "1", c, "阳光花园小区", "2026-11-01", NULL }, rid);
	make_row(x, "survey_response", "template, template_version, community, estate, surveyed_on",
	    (const char *[]){ "needs", "1", c, "阳光小区", "2026-11-02", NULL }, mine);
	old_hlc = text_of(x, "SELECT hlc FROM survey_response WHERE id = ?1", rid);
	is_int(dupmerge_merge(x, "estate", keep, drop, &r, &err), 0, "阳光花园小区 is merged into 阳光小区");
	free(err);
	is_int(r.repointed, 3, "its three responses were repointed");
	is_int(int_of(x, "SELECT count(*) FROM survey_response WHERE community = ?1 AND estate = '阳光小区'", c), 4,
	    "all four responses name the kept estate");
	is_str_free(text_of(x, "SELECT base FROM survey_response WHERE id = ?1", rid), old_hlc,
	    "... a moved one as a new version edited from the one it had");
	ok(strcmp(old_hlc, "") != 0, "(which had a clock)");
	free(old_hlc);
	is_str_free(text_of(x, "SELECT base FROM survey_response WHERE id = ?1", mine), "",
	    "the kept estate's own response is untouched");
}

/* Two offices each make proposal 032 of one session; after the exchange both merge the same pair. */
static void
test_same_pair_twice(sqlite3 *x, sqlite3 *y)
{
	char p1[UUID_TEXT_LEN], p2[UUID_TEXT_LEN], f1[UUID_TEXT_LEN], f2[UUID_TEXT_LEN], *err = NULL;
	dupmerge_result r;

	ok(make_row(x, "proposal", "number, session, kind, title, proposer, handling_unit",
	    (const char *[]){ "032", "十七届一次", "proposal", "加装电梯", "王某", "区民政局", NULL }, p1) == 0
	    && make_row(y, "proposal", "number, session, kind, title, proposer, handling_unit",
	    (const char *[]){ "032", "十七届一次", "proposal", "老楼加装电梯", "王某", "区民政局", NULL }, p2) == 0,
	    "both offices make proposal 032");
	ok(make_row(x, "feedback", "proposal_id, opinion", (const char *[]){ p1, "满意", NULL }, f1) == 0
	    && make_row(y, "feedback", "proposal_id, opinion", (const char *[]){ p2, "基本满意", NULL }, f2) == 0,
	    "each enters a feedback form for its own");
	ok(send(x, y) == 0 && send(y, x) == 0, "they exchange files");
	is_int(pairs(x), 1, "X lists the proposal pair");
	is_int(dupmerge_merge(x, "proposal", p1, p2, &r, &err), 0, "X merges the second into the first");
	free(err);
	is_int(r.repointed, 1, "one feedback form repointed at X");
	usleep(3000);
	is_int(dupmerge_merge(y, "proposal", p1, p2, &r, &err), 0, "Y, not knowing, merges the same pair the same way");
	free(err);
	ok(send(x, y) == 0 && send(y, x) == 0 && send(x, y) == 0, "they exchange files again");
	ok(same_digest(x, y), "both end with the same records");
	for (int i = 0; i < 2; i++) {
		sqlite3 *o = i ? y : x;
		const char *who = i ? "Y" : "X";
		is_int(int_of(o, "SELECT deleted FROM proposal WHERE id = ?1", p2), 1, "%s: the dropped proposal is a tombstone", who);
		is_int(int_of(o, "SELECT deleted FROM proposal WHERE id = ?1", p1), 0, "%s: the kept one is live", who);
		is_int(int_of(o, "SELECT count(*) FROM feedback WHERE proposal_id = ?1", p1), 2, "%s: both feedback forms belong to it", who);
		is_str_free(dupmerge_target(o, p2), p1, "%s: the dropped one points at the kept one", who);
		is_int(pairs(o), 0, "%s: the pair is gone from the list", who);
	}
	for (int i = 0; i < 2; i++) {
		sqlite3 *o = i ? y : x;
		const char *who = i ? "Y" : "X";
		is_int(int_of(o, "SELECT count(*) FROM sync_conflict WHERE kind <> 'identical'", NULL), 0,
		    "%s: no conflict is kept: both offices' versions say the same", who);
		is_int(conflict_open_count(o), 0, "%s: none to review", who);
		is_int(int_of(o, "SELECT count(*) FROM sync_conflict WHERE kind = 'identical' AND (id = ?1"
		    " OR id IN (SELECT id FROM feedback WHERE proposal_id = (SELECT into_id FROM record_merge WHERE from_id = ?1 LIMIT 1)))", p2), 2,
		    "%s: the earlier versions of the dropped proposal and the repointed form are kept as identical", who);
	}
	is_int(int_of(x, "SELECT count(*) FROM record_merge WHERE from_id = ?1", p2), 2,
	    "each office's merge is kept (the same fact twice)");
}

/* Y keeps working on its own community after X merged it away, before the merge reaches Y: the
 * facility Y adds arrives pointing at the tombstone, is counted, and is moved on request. */
static void
test_stale(sqlite3 *x, sqlite3 *y)
{
	char ca[UUID_TEXT_LEN], cb[UUID_TEXT_LEN], fy[UUID_TEXT_LEN], *err = NULL;
	long long moved = -1;

	ok(make_community(x, "009", "甲九社区", ca) == 0 && make_community(y, "009", "乙九社区", cb) == 0,
	    "both offices make community 009");
	ok(send(x, y) == 0 && send(y, x) == 0, "they exchange files");
	is_int(dupmerge_stale_count(x), 0, "nothing points at a merged record yet");
	is_int(dupmerge_merge(x, "community", ca, cb, NULL, &err), 0, "X merges Y's 009 into its own");
	free(err);
	ok(make_row(y, "facility", "community, business_type, name", (const char *[]){ cb, "canteen", "九号食堂", NULL },
	    fy) == 0, "Y, not knowing, adds a facility to its 009");
	ok(send(y, x) == 0, "Y's file reaches X");
	is_str_free(text_of(x, "SELECT community FROM facility WHERE id = ?1", fy), cb, "at X it points at the merged record");
	is_int(dupmerge_stale_count(x), 1, "X counts one record pointing at a merged record");
	is_int(dupmerge_repoint_stale(x, &moved, &err), 0, "X moves it");
	free(err);
	is_int(moved, 1, "one record moved");
	is_str_free(text_of(x, "SELECT community FROM facility WHERE id = ?1", fy), ca, "it points at the kept community");
	is_int(dupmerge_stale_count(x), 0, "none left");
	is_int(dupmerge_repoint_stale(x, &moved, &err), 0, "moving again is harmless");
	is_int(moved, 0, "... and moves nothing");
	free(err);
	ok(send(x, y) == 0 && send(y, x) == 0, "they exchange files");
	ok(same_digest(x, y), "both hold the same records");
	is_int(dupmerge_stale_count(y), 0, "Y has nothing pointing at a merged record");
}

/* Is every office of o[0..n) identical to the first (digests)? */
static bool
all_same(sqlite3 *const *o, int n)
{
	for (int i = 1; i < n; i++)
		if (!same_digest(o[0], o[i]))
			return false;
	return true;
}

/* Each office merges the other's community into its own before they exchange (variant bit 0: which
 * merges later; bit 1: which file goes across first). After the exchange, and at two more offices
 * that take the two files in either order, the later merge wins everywhere: the record it kept is
 * live, the other a tombstone, the earlier merge void, all offices identical, and no conflict. The
 * facility the earlier merge moved then points at the tombstone; both offices move it back (the
 * same edit twice: no conflict either). */
static void
test_both_ways(int variant)
{
	static const char *const role[4] = { "X", "Y", "Z1", "Z2" };
	sqlite3 *o[4];
	char c[2][UUID_TEXT_LEN], f[2][UUID_TEXT_LEN], code[8], *err = NULL, *file[2];
	bool x_later = variant & 1, x_first = variant & 2;
	int win = x_later ? 0 : 1, lose = 1 - win;	/* whose merge is later; the record it kept is its own */
	long long moved = -1;

	snprintf(code, sizeof code, "08%d", variant);
	for (int i = 0; i < 4; i++) {
		char *name = xasprintf("W%d%s", variant, role[i]);
		o[i] = office_open(dir, name);
		free(name);
	}
	for (int i = 0; i < 2; i++) {
		char *name = xasprintf("%s%s社区", role[i], code), *fac = xasprintf("%s%s食堂", role[i], code);
		ok(make_community(o[i], code, name, c[i]) == 0 && make_row(o[i], "facility", "community, business_type, name",
		    (const char *[]){ c[i], "canteen", fac, NULL }, f[i]) == 0, "%s makes community %s with a facility", role[i], code);
		free(name);
		free(fac);
	}
	ok(send(o[0], o[1]) == 0 && send(o[1], o[0]) == 0, "X and Y exchange files");
	for (int k = 0; k < 2; k++) {
		int i = x_later ? 1 - k : k;	/* the later one merges second */
		is_int(dupmerge_merge(o[i], "community", c[i], c[1 - i], NULL, &err), 0, "%s merges the other's %s into its own",
		    role[i], code);
		free(err);
		err = NULL;
		usleep(3000);
	}
	for (int i = 0; i < 2; i++) {
		char *n = xasprintf("both%d-%d.lcdb", variant, i);
		file[i] = xasprintf("%s/%s", dir, n);
		free(n);
		ok(office_export(o[i], file[i], NULL, true) == 0, "%s writes its file", role[i]);
	}
	ok(office_import(o[2], file[0], NULL, NULL) == 0 && office_import(o[2], file[1], NULL, NULL) == 0,
	    "Z1 takes X's file, then Y's");
	ok(office_import(o[3], file[1], NULL, NULL) == 0 && office_import(o[3], file[0], NULL, NULL) == 0,
	    "Z2 takes Y's file, then X's");
	if (x_first)
		ok(office_import(o[1], file[0], NULL, NULL) == 0 && send(o[1], o[0]) == 0, "X's file reaches Y; Y's next reaches X");
	else
		ok(office_import(o[0], file[1], NULL, NULL) == 0 && send(o[0], o[1]) == 0, "Y's file reaches X; X's next reaches Y");
	ok(send(o[0], o[1]) == 0 && send(o[1], o[0]) == 0, "they exchange again");
	ok(all_same(o, 4), "X, Y, Z1 and Z2 hold the same records and conflicts");
	ok(send(o[2], o[3]) == 0 && send(o[3], o[2]) == 0 && send(o[2], o[0]) == 0,
	    "Z1 and Z2, which each settled the pair themselves, exchange files, and Z1's reaches X");
	ok(all_same(o, 4), "... still all the same: both wrote identical versions");
	for (int i = 0; i < 4; i++) {
		const char *p[2] = { c[win], c[lose] };
		char *live = db_query_text(o[i], "SELECT group_concat(id) FROM community WHERE id IN (?1, ?2) AND deleted = 0", 2, p);
		is_str_free(live, c[win], "%s: exactly one is live, %s's own, which the later merge kept", role[i], role[win]);
		is_int(int_of(o[i], "SELECT count(*) FROM sync_conflict WHERE kind <> 'identical'", NULL), 0, "%s: no conflict", role[i]);
		is_int(int_of(o[i], "SELECT count(*) FROM record_merge WHERE deleted = 0 AND into_id = ?1", c[win]), 1,
		    "%s: the later merge stands", role[i]);
		is_int(int_of(o[i], "SELECT count(*) FROM record_merge WHERE deleted = 0 AND into_id = ?1", c[lose]), 0,
		    "%s: the earlier one is void", role[i]);
		is_str_free(dupmerge_target(o[i], c[lose]), c[win], "%s: the tombstone leads to the live one", role[i]);
		ok(dupmerge_target(o[i], c[win]) == NULL, "%s: the live one leads nowhere", role[i]);
		is_int(pairs(o[i]), 0, "%s: no possible duplicates left", role[i]);
		is_int(dupmerge_stale_count(o[i]), 1, "%s: the facility the earlier merge moved points at the tombstone", role[i]);
	}
	for (int i = 0; i < 2; i++) {
		is_int(dupmerge_repoint_stale(o[i], &moved, &err), 0, "%s moves it back", role[i]);
		free(err);
		err = NULL;
		is_int(moved, 1, "... one record");
	}
	ok(send(o[0], o[1]) == 0 && send(o[1], o[0]) == 0, "they exchange files");
	ok(same_digest(o[0], o[1]), "X and Y hold the same records again");
	is_int(int_of(o[0], "SELECT count(*) FROM facility WHERE community = ?1 AND deleted = 0", c[win]), 2,
	    "both facilities belong to the live community");
	is_int(conflict_open_count(o[0]) + conflict_open_count(o[1]), 0, "the same move at both offices is no conflict");
	for (int i = 0; i < 4; i++)
		db_close(o[i]);
	for (int i = 0; i < 2; i++) {
		unlink(file[i]);
		free(file[i]);
	}
}

int
main(void)
{
	sqlite3 *x, *y;

	setlocale(LC_ALL, "C.UTF-8");
	dir = xstrdup("/tmp/lc-dupmerge-XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	x = office_open(dir, "X");
	y = office_open(dir, "Y");
	if (!x || !y) {
		printf("Bail out! no offices\n");
		return 1;
	}
	test_community(x, y);
	test_estate_names(x);
	test_same_pair_twice(x, y);
	test_stale(x, y);
	for (int v = 0; v < 4; v++)
		test_both_ways(v);
	db_close(x);
	db_close(y);
	rm_rf(dir);
	free(dir);
	return tap_done();
}
