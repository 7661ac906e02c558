/* test_settings.c - key/value settings, the office identity (checks, trimming, all-or-nothing
 * saves, the office's community record) and form drafts. */
#include "config.h"
#include <ftw.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "draft.h"
#include "migrate.h"
#include "settings.h"
#include "util.h"

static const char *datadir;

/* ---- helpers ---------------------------------------------------------------------------- */

static sqlite3 *
open_db(const char *root, const char *name)
{
	char *path = xasprintf("%s/%s", root, name);
	db_open_result r = db_open(path, datadir);

	if (!ok(r.db != NULL, "database %s opened", name))
		printf("# %s\n", r.error ? r.error : "?");
	free(r.error);
	free(path);
	return r.db;
}

/* A valid identity; tests change one field at a time. */
static office_identity
good_identity(void)
{
	office_identity id = { .community = "滨河社区", .subdistrict = "滨河街道", .district = "海勃湾区",
		.office_code = "HBW-0101", .operator_name = "张三", .households = "1200", .residents = "3400" };
	return id;
}

/* Everything an identity save may touch, as one text: settings and community rows. */
static char *
snapshot(sqlite3 *db)
{
	char *s = db_query_text(db,
	    "SELECT ifnull((SELECT group_concat(key || '=' || value, ';') FROM"
	    " (SELECT key, value FROM settings ORDER BY key)), '') || '|' ||"
	    " ifnull((SELECT group_concat(id || ',' || code || ',' || name || ',' || hlc || ','"
	    " || ifnull(households, '-'), ';') FROM (SELECT * FROM community ORDER BY id)), '')", 0, NULL);
	return s ? s : xstrdup("(query failed)");
}

static void
is_setting(sqlite3 *db, const char *key, const char *want, const char *what)
{
	char *v = settings_get(db, key);

	is_str(v, want, "%s", what);
	free(v);
}

/* ---- key/value --------------------------------------------------------------------------- */

static void
test_key_value(sqlite3 *db)
{
	ok(settings_get(db, "colour") == NULL, "an unset key gives NULL");
	is_int(settings_set(db, "colour", "blue"), 0, "settings_set stores");
	is_setting(db, "colour", "blue", "settings_get reads it back");
	is_int(settings_set(db, "colour", "绿色"), 0, "settings_set overwrites");
	is_setting(db, "colour", "绿色", "the new value, in Chinese, is read back");
	is_int(settings_set(db, "empty", ""), 0, "an empty value can be stored");
	is_setting(db, "empty", "", "the empty value is not NULL");
	is_int(settings_set(db, "colour", NULL), 0, "settings_set with NULL removes");
	ok(settings_get(db, "colour") == NULL, "a removed key gives NULL");
	is_int(settings_set(db, "never-set", NULL), 0, "removing an unset key is fine");
	is_int(db_query_int(db, "SELECT count(*) FROM settings WHERE key = 'colour'", -1), 0, "no row left behind");
}

/* ---- identity checks --------------------------------------------------------------------- */

/* settings_identity_check must refuse id, naming field, with a message containing word. */
static void
expect_bad(const office_identity *id, const char *field, const char *word, const char *what)
{
	const char *bad = "unset";
	const char *msg = settings_identity_check(id, &bad);

	ok(msg != NULL && strstr(msg, word) != NULL, "%s: refused with a message about \"%s\" (%s)", what, word,
	    msg ? msg : "accepted");
	is_str(bad, field, "%s: bad_field names it", what);
}

static void
expect_good(const office_identity *id, const char *what)
{
	const char *bad = "unset";
	const char *msg = settings_identity_check(id, &bad);

	ok(msg == NULL, "%s: accepted (%s)", what, msg ? msg : "no message");
	ok(bad == NULL, "%s: bad_field is NULL", what);
}

static void
test_required(void)
{
	office_identity id = good_identity();

	expect_good(&id, "complete identity");
	ok(settings_identity_check(&id, NULL) == NULL, "bad_field may be NULL");
	id.subdistrict = "";
	expect_good(&id, "subdistrict is optional");
	id.households = "";
	id.residents = NULL;
	expect_good(&id, "households and residents are optional");

	id = good_identity();
	id.community = "  ";
	expect_bad(&id, "community", "community", "blank community");
	id.community = NULL;
	expect_bad(&id, "community", "community", "NULL community");
	id = good_identity();
	id.district = "";
	expect_bad(&id, "district", "district", "empty district");
	id = good_identity();
	id.office_code = "";
	expect_bad(&id, "office_code", "office code", "empty office code");
	id.office_code = NULL;
	expect_bad(&id, "office_code", "office code", "NULL office code");
	id = good_identity();
	id.operator_name = "\t";
	expect_bad(&id, "operator", "operator", "blank operator");
	ok(settings_identity_check(&id, NULL) != NULL, "refused with bad_field NULL too");
}

/* Names typed on the command line or pasted: ideographic spaces are blank, control codes refused. */
static void
test_name_text(void)
{
	office_identity id = good_identity();

	id.community = "\xe3\x80\x80\xe3\x80\x80";	/* two U+3000 */
	expect_bad(&id, "community", "community", "a community of ideographic spaces only");
	id = good_identity();
	id.operator_name = " \xe3\x80\x80 ";
	expect_bad(&id, "operator", "operator", "an operator of mixed blanks only");
	id = good_identity();
	id.community = "\x1b[31m\xe6\xbb\xa8\xe6\xb2\xb3";
	expect_bad(&id, "community", "Control characters", "an escape sequence in the community");
	id = good_identity();
	id.subdistrict = "\xe6\xbb\xa8\xe6\xb2\xb3\xe2\x80\xae";	/* U+202E */
	expect_bad(&id, "subdistrict", "Control characters", "a bidi override in the subdistrict");
	id = good_identity();
	id.district = "\xe6\xb5\xb7\x07";
	expect_bad(&id, "district", "Control characters", "a bell in the district");
	id = good_identity();
	id.community = "\xe6\xbb\xa8\xe6\xb2\xb3\xe3\x80\x80\xe7\xa4\xbe\xe5\x8c\xba";
	expect_good(&id, "an ideographic space inside a name");
}

static void
test_counts(void)
{
	static const struct { const char *households, *residents, *field; } bad[] = {
		{ "abc", "", "households" }, { "-1", "", "households" }, { "1.5", "", "households" },
		{ "10000001", "", "households" }, { "99999999999999999999", "", "households" },
		{ "", "x", "residents" }, { "", "100000001", "residents" }, { "", "1 000", "residents" },
	};
	office_identity id = good_identity();

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *what = xasprintf("households \"%s\", residents \"%s\"", bad[i].households, bad[i].residents);

		id.households = (char *)bad[i].households;
		id.residents = (char *)bad[i].residents;
		expect_bad(&id, bad[i].field, "whole number", what);
		free(what);
	}
	id.households = "10000000";
	id.residents = "100000000";
	expect_good(&id, "the largest counts");
	id.households = "0";
	id.residents = "0";
	expect_good(&id, "zero counts");
}

static void
test_office_code(void)
{
	static const char *const good[] = { "HBW-0101", "a_1", "ab", "ABCDEFGHIJKLMNOP" };
	static const char *const bad[] = { "A", "ABCDEFGHIJKLMNOPQ", "HB W", "HBW 0101", "海勃湾", "HB.1", "HB/1" };
	office_identity id = good_identity();

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ok(settings_office_code_ok(good[i]), "office code \"%s\" is fine", good[i]);
		id.office_code = (char *)good[i];
		expect_good(&id, good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ok(!settings_office_code_ok(bad[i]), "office code \"%s\" is refused", bad[i]);
		id.office_code = (char *)bad[i];
		expect_bad(&id, "office_code", "office code", bad[i]);
	}
}

static void
test_text_limits(void)
{
	office_identity id = good_identity();
	char *long_name = xmalloc(101 * 3 + 1);

	long_name[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(long_name, "社");
	id.community = long_name;
	expect_good(&id, "100 Chinese characters");
	strcat(long_name, "区");
	expect_bad(&id, "community", "100 characters", "101 characters");
	id = good_identity();
	id.operator_name = "\xE5\xBC";
	expect_bad(&id, "operator", "UTF-8", "truncated UTF-8 operator");
	free(long_name);
}

/* ---- saving ------------------------------------------------------------------------------ */

/* Save id; true on success. The message of a failure goes to *err (heap) and is printed. */
static bool
save(sqlite3 *db, const office_identity *id, char **err)
{
	*err = NULL;
	if (settings_identity_save(db, id, err) == 0)
		return true;
	printf("# settings_identity_save: %s\n", *err ? *err : "(no message)");
	return false;
}

static void
test_save(sqlite3 *db)
{
	office_identity id = good_identity(), back;
	char *err = NULL, *before, *after;

	ok(!settings_identity_is_set(db), "identity not set at first");

	/* A refused identity changes nothing. */
	before = snapshot(db);
	id.office_code = "X";
	ok(!save(db, &id, &err), "an invalid identity is not saved");
	ok(err && strstr(err, "office code"), "with the check's message");
	free(err);
	after = snapshot(db);
	is_str(after, before, "a refused save changes nothing");
	ok(!settings_identity_is_set(db), "identity still not set");
	free(after);
	free(before);

	id = good_identity();
	id.community = "  滨河社区 \t";
	id.office_code = " HBW-0101 ";
	id.operator_name = "\n张三 ";
	id.subdistrict = " ";
	id.households = " 1200 ";
	ok(save(db, &id, &err), "identity with blanks around the fields saved");
	free(err);
	ok(settings_identity_is_set(db), "identity set after a save");

	memset(&back, 0, sizeof back);
	settings_identity_load(db, &back);
	is_str(back.community, "滨河社区", "community trimmed and round-tripped");
	is_str(back.subdistrict, "", "blank subdistrict saved empty");
	is_str(back.district, "海勃湾区", "district round-tripped");
	is_str(back.office_code, "HBW-0101", "office code trimmed");
	is_str(back.operator_name, "张三", "operator trimmed");
	is_str(back.households, "1200", "households trimmed");
	is_str(back.residents, "3400", "residents saved");
	settings_identity_free(&back);
	ok(back.community == NULL && back.residents == NULL, "settings_identity_free clears the pointers");
	is_setting(db, "operator", "张三", "the operator key holds the trimmed name");
}

static void
test_community_record(sqlite3 *db)
{
	office_identity id = good_identity();
	char *err = NULL, *id1, *id2, *hlc1, *hlc2;
	const char *q = "SELECT code || '|' || name || '|' || subdistrict || '|' || district || '|' ||"
	    " ifnull(households, '-') || '|' || ifnull(residents, '-') FROM community";
	char *row;

	is_int(db_query_int(db, "SELECT count(*) FROM community", -1), 1, "one community record after the save");
	row = db_query_text(db, q, 0, NULL);
	is_str(row, "HBW-0101|滨河社区||海勃湾区|1200|3400", "the community record holds the identity");
	free(row);
	id1 = settings_get(db, "community_id");
	hlc1 = db_query_text(db, "SELECT hlc FROM community", 0, NULL);

	id.households = "";
	id.residents = "3500";
	ok(save(db, &id, &err), "identity saved again with other counts");
	free(err);
	is_int(db_query_int(db, "SELECT count(*) FROM community", -1), 1, "still one community record");
	row = db_query_text(db, q, 0, NULL);
	is_str(row, "HBW-0101|滨河社区|滨河街道|海勃湾区|-|3500", "the record is updated; empty households is NULL");
	free(row);
	id2 = settings_get(db, "community_id");
	is_str(id2, id1, "the record keeps its id");
	hlc2 = db_query_text(db, "SELECT hlc FROM community", 0, NULL);
	ok(hlc1 && hlc2 && strcmp(hlc2, hlc1) > 0, "the update advances the record's hlc");
	free(hlc2);
	free(hlc1);
	free(id2);
	free(id1);
}

/* A save that fails half way (here: no community table) leaves the settings as they were. */
static void
test_save_atomic(const char *root)
{
	sqlite3 *db = open_db(root, "atomic.db");
	office_identity id = good_identity();
	char *err = NULL, *before, *after;

	if (!db)
		return;
	sqlite3_exec(db, "PRAGMA foreign_keys = OFF; DROP TABLE community", NULL, NULL, NULL);
	settings_set(db, "operator", "王五");
	before = snapshot(db);
	ok(!save(db, &id, &err), "save fails when the community record cannot be written");
	ok(err && strstr(err, "community"), "with a message about the community record");
	free(err);
	ok(sqlite3_get_autocommit(db), "no transaction left open");
	after = snapshot(db);
	is_str(after, before, "the settings written before the failure are rolled back");
	ok(!settings_identity_is_set(db), "identity still not set");
	free(after);
	free(before);

	/* A save while another transaction is open is refused, not nested. */
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	ok(!save(db, &id, &err), "save inside an open transaction fails");
	ok(err && strstr(err, "cannot save"), "with a \"cannot save\" message");
	free(err);
	db_rollback(db);
	db_close(db);
}

/* ---- kinds of office ------------------------------------------------------------------------ */

/* check id; expect it refused on bad (NULL: accepted). */
static void
expect_check(const office_identity *id, const char *bad, const char *what)
{
	const char *field = NULL, *msg = settings_identity_check(id, &field);

	if (!bad) {
		ok(msg == NULL, "%s: accepted (%s)", what, msg ? msg : "no message");
		return;
	}
	ok(msg != NULL, "%s: refused (%s)", what, msg ? msg : "no message");
	is_str(field, bad, "%s: bad_field", what);
}

static void
test_kinds(void)
{
	office_identity id = good_identity();

	is_int(settings_kind_parse(NULL), OFFICE_COMMUNITY, "no kind is a community office");
	is_int(settings_kind_parse(""), OFFICE_COMMUNITY, "an empty kind is a community office");
	for (int k = 0; k < OFFICE_KIND_COUNT; k++)
		is_int(settings_kind_parse(settings_kind_name((office_kind)k)), k, "kind %s round-trips",
		    settings_kind_name((office_kind)k));
	is_int(settings_kind_parse("Community"), -1, "kinds are exact names");
	is_int(settings_kind_parse("town"), -1, "an unknown kind is -1");
	is_str(settings_kind_name(OFFICE_HANDLING_UNIT), "handling_unit", "the handling unit's stored name");

	ok(settings_kind_asks(OFFICE_COMMUNITY, "community") && settings_kind_asks(OFFICE_COMMUNITY, "subdistrict") &&
	    settings_kind_asks(OFFICE_COMMUNITY, "district") && settings_kind_asks(OFFICE_COMMUNITY, "households") &&
	    !settings_kind_asks(OFFICE_COMMUNITY, "unit_name"), "a community office is asked what it was before kinds");
	ok(!settings_kind_asks(OFFICE_SUBDISTRICT, "community") && settings_kind_asks(OFFICE_SUBDISTRICT, "subdistrict") &&
	    settings_kind_asks(OFFICE_SUBDISTRICT, "district") && !settings_kind_asks(OFFICE_SUBDISTRICT, "residents") &&
	    !settings_kind_asks(OFFICE_SUBDISTRICT, "unit_name"), "a subdistrict office: subdistrict and district");
	ok(!settings_kind_asks(OFFICE_DISTRICT, "community") && !settings_kind_asks(OFFICE_DISTRICT, "subdistrict") &&
	    settings_kind_asks(OFFICE_DISTRICT, "district") && !settings_kind_asks(OFFICE_DISTRICT, "unit_name"),
	    "a district office: the district only");
	ok(!settings_kind_asks(OFFICE_HANDLING_UNIT, "community") && !settings_kind_asks(OFFICE_HANDLING_UNIT, "district") &&
	    !settings_kind_asks(OFFICE_HANDLING_UNIT, "subdistrict") && settings_kind_asks(OFFICE_HANDLING_UNIT, "unit_name"),
	    "a handling unit: its name only");
	ok(settings_kind_asks(OFFICE_HANDLING_UNIT, "office_code") && settings_kind_asks(OFFICE_DISTRICT, "operator"),
	    "every kind is asked the office code and the operator");

	id.office_kind = "town";
	expect_check(&id, "office_kind", "an unknown kind");
	id = (office_identity){ .office_kind = "handling_unit", .unit_name = "乌海市商务局",
	    .office_code = "WH-SWJ", .operator_name = "张三" };
	expect_check(&id, NULL, "a handling unit with no community or district");
	id.unit_name = " \u3000";
	expect_check(&id, "unit_name", "a handling unit without its name");
	id.unit_name = "乌海市\x1b[2J商务局";
	expect_check(&id, "unit_name", "control characters in the unit's name");
	id = (office_identity){ .office_kind = "handling_unit", .unit_name = "乌海市商务局", .community = "x\x1b",
	    .households = "many", .office_code = "WH-SWJ", .operator_name = "张三" };
	expect_check(&id, NULL, "names a handling unit is not asked are ignored, bad as they are");
	id = (office_identity){ .office_kind = "subdistrict", .district = "海勃湾区",
	    .office_code = "HBW-JD", .operator_name = "张三" };
	expect_check(&id, "subdistrict", "a subdistrict office needs its subdistrict");
	id.subdistrict = "凤凰岭街道";
	expect_check(&id, NULL, "a subdistrict office with subdistrict and district, no community");
	id.district = "";
	expect_check(&id, "district", "a subdistrict office needs its district");
	id = (office_identity){ .office_kind = "district", .district = "海勃湾区", .office_code = "HBW",
	    .operator_name = "张三" };
	expect_check(&id, NULL, "a district office with the district only");
	id.district = NULL;
	expect_check(&id, "district", "a district office needs the district");
	id = good_identity();
	id.office_kind = "community";
	id.community = "";
	expect_check(&id, "community", "a community office still needs its community");

	id = (office_identity){ .office_kind = "handling_unit", .unit_name = "乌海市商务局", .community = "滨河社区",
	    .district = "海勃湾区", .subdistrict = "凤凰岭街道" };
	is_str(settings_office_name(&id), "乌海市商务局", "a handling unit is shown by its name");
	id.office_kind = "district";
	is_str(settings_office_name(&id), "海勃湾区", "a district office by its district");
	id.office_kind = "subdistrict";
	is_str(settings_office_name(&id), "凤凰岭街道", "a subdistrict office by its subdistrict");
	id.office_kind = "";
	is_str(settings_office_name(&id), "滨河社区", "an office without a kind by its community");
}

/* Saving each kind: the names it is not asked are stored empty; only a community office keeps a
 * community record. */
static void
test_kind_save(const char *root)
{
	sqlite3 *db = open_db(root, "kinds.db");
	office_identity id, back;
	char *err = NULL;

	if (!db)
		return;
	memset(&back, 0, sizeof back);
	settings_identity_load(db, &back);
	is_str(back.office_kind, "", "a database without a kind loads it empty (a community office)");
	settings_identity_free(&back);

	id = (office_identity){ .office_kind = " handling_unit ", .unit_name = " 乌海市商务局 ", .community = "滨河社区",
	    .district = "海勃湾区", .households = "12", .office_code = "WH-SWJ", .operator_name = "张三" };
	ok(save(db, &id, &err), "a handling unit is saved");
	free(err);
	settings_identity_load(db, &back);
	is_str(back.office_kind, "handling_unit", "its kind is stored trimmed");
	is_str(back.unit_name, "乌海市商务局", "its name is stored trimmed");
	is_str(back.community, "", "the community it is not asked is stored empty");
	is_str(back.district, "", "the district too");
	is_str(back.households, "", "and the households");
	settings_identity_free(&back);
	is_int(db_query_int(db, "SELECT count(*) FROM community", -1), 0, "a handling unit keeps no community record");
	ok(settings_identity_is_set(db), "the identity is set");

	id = (office_identity){ .office_kind = "district", .district = "海勃湾区", .unit_name = "乌海市商务局",
	    .office_code = "HBW", .operator_name = "张三" };
	ok(save(db, &id, &err), "the office becomes a district office");
	free(err);
	settings_identity_load(db, &back);
	is_str(back.unit_name, "", "the unit's name is gone");
	is_str(settings_office_name(&back), "海勃湾区", "the office is named by its district");
	settings_identity_free(&back);
	is_int(db_query_int(db, "SELECT count(*) FROM community", -1), 0, "a district office keeps no community record");

	id = good_identity();
	id.office_kind = "";
	ok(save(db, &id, &err), "a community office (no kind given) is saved");
	free(err);
	is_setting(db, "office_kind", "community", "no kind is stored as community");
	is_int(db_query_int(db, "SELECT count(*) FROM community", -1), 1, "a community office keeps its community record");
	db_close(db);
}

/* ---- the office's operators ---------------------------------------------------------------- */

static char *
operator_list(sqlite3 *db)
{
	size_t n;
	char **names = settings_operators(db, &n), *s = xstrdup(""), *t;

	for (size_t i = 0; i < n; i++) {
		t = xasprintf("%s%s%s", s, i ? "," : "", names[i]);
		free(s);
		s = t;
	}
	settings_operators_free(names, n);
	return s;
}

static void
is_operators(sqlite3 *db, const char *want, const char *what)
{
	char *got = operator_list(db);

	is_str(got, want, "%s", what);
	free(got);
}

/* op(db, name, err) as a test: refused with a message containing want (NULL: accepted). */
static void
expect_op(int (*op)(sqlite3 *, const char *, char **), sqlite3 *db, const char *name, const char *want,
    const char *what)
{
	char *err = NULL;
	int rc = op(db, name, &err);

	if (!want)
		ok(rc == 0 && !err, "%s (%s)", what, err ? err : "no message");
	else
		ok(rc != 0 && err && strstr(err, want), "%s: refused (%s)", what, err ? err : "no message");
	free(err);
}

static void
test_operators(const char *root)
{
	sqlite3 *db = open_db(root, "operators.db");
	office_identity id = good_identity();
	char *err = NULL, *msg;

	if (!db)
		return;
	is_operators(db, "", "no operators in a new database");
	ok(save(db, &id, &err), "identity saved with operator 张三");
	free(err);
	is_operators(db, "张三", "the identity's operator joins the operators");

	expect_op(settings_operator_add, db, " 李四\u3000", NULL, "add 李四 (blanks around)");
	is_operators(db, "张三,李四", "in the order added, trimmed");
	expect_op(settings_operator_add, db, "李四", "already", "adding 李四 again");
	expect_op(settings_operator_add, db, " \u3000\t", "required", "a blank name");
	expect_op(settings_operator_add, db, NULL, "required", "no name");
	expect_op(settings_operator_add, db, "王\x1b[31m五", "U+001B", "an escape sequence in a name");
	expect_op(settings_operator_add, db, "王\u202e五", "U+202E", "a bidi override in a name");
	expect_op(settings_operator_add, db, "王\n五", "one line", "a newline in a name");
	msg = settings_operator_check("赵六");
	ok(msg == NULL, "settings_operator_check accepts a plain name");
	free(msg);
	msg = settings_operator_check("\xe8\xb5");
	ok(msg && strstr(msg, "UTF-8"), "settings_operator_check refuses broken UTF-8");
	free(msg);
	is_operators(db, "张三,李四", "refused names are not added");

	is_setting(db, "operator", "张三", "张三 is current");
	expect_op(settings_operator_use, db, "王五", "not one of", "using a name not in the list");
	is_setting(db, "operator", "张三", "still 张三");
	expect_op(settings_operator_use, db, " 李四 ", NULL, "use 李四");
	is_setting(db, "operator", "李四", "李四 is current");
	settings_identity_load(db, &id);
	is_str(id.operator_name, "李四", "the identity's operator is the current one");
	settings_identity_free(&id);

	expect_op(settings_operator_remove, db, "李四", "current", "removing the current operator");
	expect_op(settings_operator_remove, db, "王五", "not one of", "removing a name not in the list");
	is_operators(db, "张三,李四", "nothing removed");
	expect_op(settings_operator_remove, db, "张三", NULL, "remove 张三");
	is_operators(db, "李四", "张三 is gone");
	is_setting(db, "operator", "李四", "the current operator is unchanged");
	db_close(db);
}

/* A database made before the operators' list: the operator set then becomes the first of the
 * list when it is opened (stepping through every migration, whatever their order). */
static void
test_operators_migrated(void)
{
	sqlite3 *db = NULL;
	char *err = NULL, *got;
	int rc = 0;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return;
	rc = migrate_apply_to(db, 1, &err);
	settings_set(db, "operator", " 老王 ");
	for (int v = 2; rc == 0 && v <= migrate_latest(); v++)
		rc = migrate_apply_to(db, v, &err);
	ok(rc == 0, "an old database is brought up to date (%s)", err ? err : "no message");
	free(err);
	got = operator_list(db);
	is_str(got, "老王", "the operator it had is the first of the operators, trimmed");
	free(got);
	sqlite3_close(db);
}

/* ---- drafts ------------------------------------------------------------------------------ */

static void
is_draft(sqlite3 *db, const char *form, const char *field, const char *want, const char *what)
{
	char *v = draft_get(db, form, field);

	is_str(v, want, "%s", what);
	free(v);
}

static void
test_drafts(sqlite3 *db)
{
	is_int(draft_count(db), 0, "no drafts at first");
	ok(!draft_exists(db, "facility"), "no facility draft");
	ok(draft_get(db, "facility", "name") == NULL, "draft_get of nothing gives NULL");

	is_int(draft_put(db, "facility", "name", "日间照料中心"), 0, "draft_put");
	is_draft(db, "facility", "name", "日间照料中心", "draft_get reads it back");
	is_int(draft_put(db, "facility", "name", "卫生服务站"), 0, "draft_put again");
	is_draft(db, "facility", "name", "卫生服务站", "the second value overwrites the first");
	is_int(draft_put(db, "facility", "address", NULL), 0, "draft_put with NULL");
	is_draft(db, "facility", "address", "", "NULL is kept as an empty value");
	ok(draft_exists(db, "facility"), "the facility draft exists");
	ok(!draft_exists(db, "proposal"), "the proposal draft does not");
	is_int(draft_count(db), 1, "one form with a draft (two fields)");

	draft_put(db, "proposal", "title", "加装电梯");
	is_int(draft_count(db), 2, "two forms with drafts");
	is_draft(db, "proposal", "name", NULL, "fields are per form");

	is_int(draft_clear(db, "facility"), 0, "draft_clear");
	ok(!draft_exists(db, "facility"), "the facility draft is gone");
	ok(draft_get(db, "facility", "name") == NULL, "its fields are gone");
	ok(draft_exists(db, "proposal"), "the proposal draft is kept");
	is_int(draft_count(db), 1, "one form with a draft left");
	is_int(draft_clear(db, "facility"), 0, "clearing a missing draft is fine");
	draft_clear(db, "proposal");
	is_int(draft_count(db), 0, "no drafts left");
}

int
main(void)
{
	char tmpl[] = "/tmp/test_settings.XXXXXX";
	char *root;
	sqlite3 *db;
	struct stat sb;

	setlocale(LC_ALL, "C.UTF-8");
	datadir = getenv("LIFECIRCLE_DATADIR");
	if (!datadir || !*datadir)
		datadir = "data";
	test_required();
	test_name_text();
	test_counts();
	test_office_code();
	test_text_limits();
	test_kinds();
	test_operators_migrated();
	root = mkdtemp(tmpl);
	if (!ok(root != NULL, "temporary directory"))
		return tap_done();
	db = open_db(root, "settings.db");
	if (db) {
		test_key_value(db);
		test_save(db);
		test_community_record(db);
		test_drafts(db);
		db_close(db);
	}
	test_save_atomic(root);
	test_kind_save(root);
	test_operators(root);
	rm_rf(root);
	ok(stat(root, &sb) != 0, "temporary directory removed");
	return tap_done();
}
