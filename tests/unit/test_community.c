/* test_community.c - deleting and restoring a community, renaming, deleting and restoring an estate
 * (community.h): the office's own community is never deleted; one with live facilities or survey
 * responses is refused with how many; a delete or restore is a synced record version; its estates
 * come back with it; a restore is refused while another live community holds its code. An estate
 * renamed carries its survey responses (which name it by name) and its facilities (by id); a deleted
 * estate is kept by the facilities naming it, through a save, an export and a re-import. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "community.h"
#include "db.h"
#include "facexport.h"
#include "facility.h"
#include "facimport.h"
#include "record.h"
#include "survey.h"
#include "surveyrun.h"
#include "settings.h"
#include "util.h"

static char dir[] = "/tmp/test_community.XXXXXX";

static long long
qint(sqlite3 *db, const char *sql, const char *param)
{
	const char *p[1] = { param };
	char *v = db_query_text(db, sql, param ? 1 : 0, p);
	long long n = v ? atoll(v) : -1;

	free(v);
	return n;
}

static bool
has(const char *s, const char *sub)
{
	bool y = s && strstr(s, sub) != NULL;

	if (!y)
		printf("# \"%s\" does not contain \"%s\"\n", s ? s : "(null)", sub);
	return y;
}

static void
new_community(sqlite3 *db, const char *code, const char *name, char id[UUID_TEXT_LEN])
{
	community c;
	char *err = NULL;

	community_init(&c);
	community_set(&c, "code", code, &err);
	community_set(&c, "name", name, &err);
	ok(community_save(db, &c, &err) == 0, "community %s saved", code);
	memcpy(id, c.id, UUID_TEXT_LEN);
	community_free(&c);
	free(err);
}

static void
new_facility(sqlite3 *db, const char *cid, const char *estate, const char *name, char id[UUID_TEXT_LEN])
{
	facility f;
	char *err = NULL;

	facility_init(&f);
	facility_set(&f, "community", cid, &err);
	facility_set(&f, "kind", "type:barber", &err);
	facility_set(&f, "name", name, &err);
	if (estate)
		facility_set(&f, "estate", estate, &err);
	ok(facility_save(db, &f, &err) == 0, "facility %s saved%s%s", name, err ? ": " : "", err ? err : "");
	memcpy(id, f.id, UUID_TEXT_LEN);
	facility_free(&f);
	free(err);
}

static void
test_delete_community(sqlite3 *db)
{
	char own[UUID_TEXT_LEN], a[UUID_TEXT_LEN], b[UUID_TEXT_LEN], fid[UUID_TEXT_LEN], rid[UUID_TEXT_LEN],
	    eid[UUID_TEXT_LEN], *err = NULL, *why;
	community_refs r;
	long long seq;

	ok(community_default_id(db, own) == 0, "the office has its own community");
	why = community_delete_problem(db, own);
	ok(why && has(why, "office's own"), "the office's own community cannot be deleted");
	free(why);
	ok(community_delete(db, own, &err) != 0 && err && has(err, "office's own"), "... community_delete refuses it");
	free(err), err = NULL;
	is_int(qint(db, "SELECT deleted FROM community WHERE id = ?1", own), 0, "... and it is live");

	new_community(db, "HBW-02", "新华社区", a);
	ok(community_add_estate(db, a, "新华小区", eid, &err) == 0, "an estate of HBW-02");
	new_facility(db, a, NULL, "新华理发店", fid);
	ok(survey_create(db, "needs", "1", a, "新华小区", NULL, rid, &err) == 0, "a survey response (a draft) in HBW-02");
	free(err), err = NULL;
	ok(community_refs_count(db, a, &r) == 0 && r.facilities == 1 && r.responses == 1 && r.estates == 1,
	    "what points at HBW-02 is counted: 1 facility, 1 response, 1 estate");
	ok(community_delete(db, a, &err) != 0 && err && has(err, "1 facilities and 1 survey responses"),
	    "deleting it is refused, naming the facility and the response");
	free(err), err = NULL;
	ok(facility_tombstone(db, fid, &err) == 0, "the facility deleted");
	why = community_delete_problem(db, a);
	ok(why && has(why, "1 survey responses") && !strstr(why, "facilities"), "still refused, for the response alone");
	free(why);
	ok(record_delete(db, "survey_response", rid, "x", &err) == 0, "the response deleted");
	why = community_delete_problem(db, a);
	ok(why == NULL, "now it may be deleted (deleted records do not hold it)");
	free(why);
	seq = record_change_seq(db);
	ok(community_delete(db, a, &err) == 0, "HBW-02 deleted%s%s", err ? ": " : "", err ? err : "");
	free(err), err = NULL;
	is_int(qint(db, "SELECT deleted FROM community WHERE id = ?1", a), 1, "it is a tombstone");
	ok(qint(db, "SELECT change_seq FROM community WHERE id = ?1", a) > seq && qint(db,
	    "SELECT count(*) FROM community WHERE id = ?1 AND base <> '' AND base <> hlc", a) == 1,
	    "as a new synced version (change sequence, base the version before)");
	is_int(qint(db, "SELECT deleted FROM estate WHERE id = ?1", eid), 0, "its estate is kept as it was");
	ok(community_find_code(db, "HBW-02", b) == 1, "its code is free for a live community");
	ok(community_delete(db, a, &err) != 0 && err, "deleting it again says it is gone");
	free(err), err = NULL;

	/* Restored: its estate comes back with it. */
	ok(community_restore(db, a, &err) == 0, "HBW-02 restored");
	is_int(qint(db, "SELECT deleted FROM community WHERE id = ?1", a), 0, "it is live");
	{
		size_t n;
		community_estate *e = community_estates(db, a, &n);
		ok(n == 1 && strcmp(e[0].name, "新华小区") == 0, "with its estate");
		community_estates_free(e, n);
	}
	ok(community_restore(db, a, &err) != 0 && err && has(err, "No such deleted community"), "restoring a live one is refused");
	free(err), err = NULL;

	/* A restore that would make two live communities of one code is refused. */
	ok(community_delete(db, a, &err) == 0, "HBW-02 deleted again");
	new_community(db, "HBW-02", "另一个新华社区", b);
	ok(community_restore(db, a, &err) != 0 && err && has(err, "HBW-02 is used by another community"),
	    "restoring it while another community has its code is refused, naming the code");
	free(err), err = NULL;
	is_int(qint(db, "SELECT deleted FROM community WHERE id = ?1", a), 1, "... and it stays deleted");
}

static void
test_estates(sqlite3 *db)
{
	char c[UUID_TEXT_LEN], e1[UUID_TEXT_LEN], e2[UUID_TEXT_LEN], f1[UUID_TEXT_LEN], r1[UUID_TEXT_LEN],
	    r2[UUID_TEXT_LEN], other[UUID_TEXT_LEN], *err = NULL, *name, *path, *text;
	long long nf, nr, moved = -1;
	bool deleted = false;
	facility f;
	facexport_opts o;
	facimport_plan p;
	size_t len;

	new_community(db, "HBW-03", "滨河社区", c);
	new_community(db, "HBW-04", "凤凰岭社区", other);
	ok(community_add_estate(db, c, "滨河小区", e1, &err) == 0 && community_add_estate(db, c, "阳光小区", e2, &err) == 0,
	    "two estates");
	ok(community_add_estate(db, other, "滨河小区", f1, &err) == 0, "an estate of the same name in another community");
	new_facility(db, c, e1, "滨河理发店", f1);
	ok(survey_create(db, "needs", "1", c, "滨河小区", NULL, r1, &err) == 0 &&
	    survey_create(db, "needs", "1", other, "滨河小区", NULL, r2, &err) == 0,
	    "a response in each community naming 滨河小区");
	ok(community_estate_refs(db, e1, &nf, &nr) == 0 && nf == 1 && nr == 1,
	    "the estate's facility (by id) and its community's response (by name) are counted, not the other's");

	/* Rename. */
	ok(community_rename_estate(db, e1, "阳光小区", &moved, &err) != 0 && err && has(err, "阳光小区"),
	    "renaming it to another estate's name is refused");
	free(err), err = NULL;
	ok(community_rename_estate(db, e1, "  ", &moved, &err) != 0 && err, "a blank name is refused");
	free(err), err = NULL;
	ok(community_rename_estate(db, e1, "滨河\x01", &moved, &err) != 0 && err, "a control character is refused");
	free(err), err = NULL;
	is_int(qint(db, "SELECT count(*) FROM estate WHERE name = '滨河小区' AND deleted = 0", NULL), 2, "nothing changed");
	ok(community_rename_estate(db, e1, " 滨河花园 ", &moved, &err) == 0, "renamed to 滨河花园%s%s", err ? ": " : "",
	    err ? err : "");
	name = community_estate_name(db, e1, &deleted);
	ok(name && strcmp(name, "滨河花园") == 0 && !deleted, "the estate is called 滨河花园 (trimmed)");
	free(name);
	is_int(moved, 1, "one response moved with it");
	is_int(qint(db, "SELECT count(*) FROM survey_response WHERE id = ?1 AND estate = '滨河花园' AND base <> ''", r1), 1,
	    "the response names it by its new name, as a new version");
	is_int(qint(db, "SELECT count(*) FROM survey_response WHERE id = ?1 AND estate = '滨河小区'", r2), 1,
	    "the other community's response keeps its 滨河小区");
	is_int(qint(db, "SELECT count(*) FROM facility WHERE id = ?1 AND estate = (SELECT id FROM estate WHERE name = '滨河花园')", f1), 1,
	    "the facility names it by id: it follows");
	ok(community_rename_estate(db, e1, "滨河花园", &moved, &err) == 0 && moved == 0, "the same name again writes nothing");

	/* Delete and what keeps working. */
	ok(community_delete_estate(db, e1, &err) == 0, "the estate deleted");
	name = community_estate_name(db, e1, &deleted);
	ok(name && deleted, "it is a tombstone, still named");
	free(name);
	{
		size_t n;
		community_estate *e = community_estates(db, c, &n), *d;
		ok(n == 1 && strcmp(e[0].name, "阳光小区") == 0, "the live estates no longer list it");
		community_estates_free(e, n);
		d = community_deleted_estates(db, c, &n);
		ok(n == 1 && strcmp(d[0].id, e1) == 0, "the deleted ones do");
		community_estates_free(d, n);
	}
	ok(facility_load(db, f1, &f) == 0, "the facility loads");
	facility_set(&f, "address", "滨河路1号", &err);
	ok(facility_save(db, &f, &err) == 0, "and is saved again with the deleted estate%s%s", err ? ": " : "", err ? err : "");
	free(err), err = NULL;
	is_str(f.estate, e1, "it keeps it");
	{
		fieldset fs;
		int i;
		facility_fieldset(db, c, "zh", &fs);
		facility_fieldset_keep_estate(db, &fs, f.estate);
		i = fieldset_find(&fs, "estate");
		ok(i >= 0 && has(field_choice_label(&fs.fields[i], e1), "滨河花园 (deleted)"),
		    "the form offers it, marked deleted");
		fieldset_free(&fs);
	}
	facility_free(&f);

	/* Its export names it, and the import takes that back unchanged (no new estate). */
	path = xasprintf("%s/f.csv", dir);
	o = (facexport_opts){ .what = FACEXPORT_FACILITIES, .community_id = c, .enc = SHEETOUT_UTF8 };
	ok(facexport_file(db, &o, path, &err) == 0, "the inventory exported");
	text = slurp(path, &len);
	ok(text && has(text, "滨河理发店") && has(text, "滨河花园"), "the facility's row names the deleted estate");
	free(text);
	ok(facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &p, &err) == 0 && p.count[IMPORT_UNCHANGED] == 1 &&
	    p.count[IMPORT_CHANGED] == 0 && p.count[IMPORT_NEW] == 0, "read back: unchanged");
	facimport_free(&p);
	free(path);

	/* Restore. */
	ok(community_add_estate(db, c, "滨河花园", e2, &err) == 0, "a new estate takes the name");
	ok(community_restore_estate(db, e1, &err) != 0 && err && has(err, "滨河花园"),
	    "restoring the deleted one is refused while a live one has its name");
	free(err), err = NULL;
	ok(community_delete_estate(db, e2, &err) == 0, "the new one deleted");
	ok(community_restore_estate(db, e1, &err) == 0, "the old one restored");
	is_int(qint(db, "SELECT deleted FROM estate WHERE id = ?1", e1), 0, "it is live");
	ok(community_restore_estate(db, e1, &err) != 0 && err, "restoring a live estate is refused");
	free(err), err = NULL;
}

/* What else names an estate by name follows its rename: the survey runner's remembered default estate
 * (only when it is of the same community), and a response's answer to the estate question when it is
 * exactly the old name, unless the response was keyed twice from paper. */
static void
test_rename_follows(sqlite3 *db)
{
	char c[UUID_TEXT_LEN], other[UUID_TEXT_LEN], e[UUID_TEXT_LEN], e2[UUID_TEXT_LEN], r1[UUID_TEXT_LEN],
	    r2[UUID_TEXT_LEN], r3[UUID_TEXT_LEN], r4[UUID_TEXT_LEN], *err = NULL, *v;
	long long moved = 0;

	new_community(db, "HBW-21", "东山社区", c);
	new_community(db, "HBW-22", "西山社区", other);
	ok(community_add_estate(db, c, "东山小区", e, &err) == 0 && community_add_estate(db, other, "东山小区", e2, &err) == 0,
	    "an estate of one name in two communities");
	ok(survey_create(db, "needs", "1", c, "东山小区", NULL, r1, &err) == 0 &&
	    survey_create(db, "needs", "1", c, "东山小区", NULL, r2, &err) == 0 &&
	    survey_create(db, "needs", "1", c, "东山小区", NULL, r3, &err) == 0 &&
	    survey_create(db, "needs", "1", other, "东山小区", NULL, r4, &err) == 0, "four responses naming 东山小区");
	/* r1 answered the estate question with the estate; r2 in its own words; r3 was keyed twice from paper. */
	test_exec(db, "UPDATE survey_response SET answers = json_object('estate', '东山小区', 'age', 70), status = 'complete'");
	{
		char *sql = sqlite3_mprintf("UPDATE survey_response SET answers = json_object('estate', '东山小区北门')"
		    " WHERE id = %Q", r2);
		test_exec(db, sql);
		sqlite3_free(sql);
		sql = sqlite3_mprintf("INSERT INTO entry_keying (id, origin, created_at, updated_at, hlc, record_kind, record_id,"
		    " pass, keyed_values) VALUES ('00000000-0000-0000-0000-0000000000e1', 'test', '2026-01-01', '2026-01-01', '0',"
		    " 'survey_response', %Q, 2, json_object('estate', '东山小区', 'age', '70'))", r3);
		test_exec(db, sql);
		sqlite3_free(sql);
	}
	/* The runner last surveyed in the other community's 东山小区: renaming this community's leaves it. */
	settings_set(db, SURVEYRUN_KEY_COMMUNITY, other);
	settings_set(db, SURVEYRUN_KEY_ESTATE, "东山小区");
	ok(community_rename_estate(db, e, "东山花园", &moved, &err) == 0 && moved == 3, "renamed to 东山花园, 3 responses moved");
	is_str_free(settings_get(db, SURVEYRUN_KEY_ESTATE), "东山小区", "the other community's remembered estate is left alone");
	is_int(qint(db, "SELECT count(*) FROM survey_response WHERE id = ?1 AND answers ->> '$.estate' = '东山花园'"
	    " AND answers ->> '$.age' = 70", r1), 1, "r1's estate answer follows (its other answers kept)");
	is_int(qint(db, "SELECT count(*) FROM survey_answer a JOIN survey_answer_key k ON k.qid = a.qid"
	    " JOIN survey_response r ON r.rowid = a.response WHERE r.id = ?1 AND k.name = 'estate' AND a.value = '东山花园'", r1), 1,
	    "... and the answer index with it");
	is_int(qint(db, "SELECT count(*) FROM survey_response WHERE id = ?1 AND estate = '东山花园'"
	    " AND answers ->> '$.estate' = '东山小区北门'", r2), 1, "r2's own words are kept, its estate follows");
	is_int(qint(db, "SELECT count(*) FROM survey_response WHERE id = ?1 AND estate = '东山花园'"
	    " AND answers ->> '$.estate' = '东山小区'", r3), 1, "r3, keyed twice, keeps the answer keyed from paper");
	is_int(qint(db, "SELECT count(*) FROM survey_entry_state WHERE response_id = ?1 AND state = 'verified'", r3), 1,
	    "... so it stays verified, not edited after verification");
	is_int(qint(db, "SELECT count(*) FROM survey_response WHERE id = ?1 AND estate = '东山小区'"
	    " AND answers ->> '$.estate' = '东山小区'", r4), 1, "the other community's response is untouched");

	/* The runner last surveyed in this community's estate: the default follows the rename. */
	settings_set(db, SURVEYRUN_KEY_COMMUNITY, c);
	settings_set(db, SURVEYRUN_KEY_ESTATE, "东山花园");
	ok(community_rename_estate(db, e, "东山新苑", &moved, &err) == 0 && moved == 3, "renamed again, to 东山新苑");
	is_str_free(settings_get(db, SURVEYRUN_KEY_ESTATE), "东山新苑", "the remembered default estate follows the rename");
	v = settings_get(db, SURVEYRUN_KEY_COMMUNITY);
	is_str(v, c, "... in the same community");
	free(v);
	free(err);
}

int
main(void)
{
	static void (*const tests[])(sqlite3 *) = { test_delete_community, test_estates, test_rename_follows };

	return test_run_in_office(dir, tests, sizeof tests / sizeof tests[0]);
}
