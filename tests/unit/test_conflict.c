/* test_conflict.c - review of the exchange's conflicts: the two versions side by side, taking the
 * kept one as a new edit (which then travels and wins), keeping the current one, the reviewed mark
 * left out of the digest, and two records side by side. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "synctest.h"
#include "conflict.h"

static char *dir;

static char *
text_of(sqlite3 *db, const char *sql, const char *arg)
{
	const char *p[1] = { arg };
	char *v = db_query_text(db, sql, arg ? 1 : 0, p);
	return v ? v : xstrdup("(none)");
}

/* The estate conflict at db with the kept name, or -1. */
static long long
estate_conflict(sqlite3 *db, const char *kept_name)
{
	const char *p[1] = { kept_name };
	char *v = db_query_text(db, "SELECT rowid FROM sync_conflict WHERE tbl = 'estate'"
	    " AND json_extract(data, '$.name') = ?1", 1, p);
	long long cid = v ? atoll(v) : -1;

	free(v);
	return cid;
}

static const conflict_field *
field(const conflict_pair *p, const char *name)
{
	for (int i = 0; i < p->n_fields; i++)
		if (strcmp(p->fields[i].name, name) == 0)
			return &p->fields[i];
	return NULL;
}

int
main(void)
{
	sqlite3 *a, *b;
	char id[UUID_TEXT_LEN], id2[UUID_TEXT_LEN], *f[4], *v, *w, *before, d1[SYNC_HASH_HEX], d2[SYNC_HASH_HEX], *err = NULL;
	conflict_pair p;
	long long cid, cid2;
	const conflict_field *nf;

	setlocale(LC_ALL, "C.UTF-8");
	dir = xstrdup("/tmp/lc-conflict-XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	for (int i = 0; i < 4; i++)
		f[i] = xasprintf("%s/f%d.lcdb", dir, i);
	a = office_open(dir, "A");
	b = office_open(dir, "B");
	if (!a || !b) {
		printf("Bail out! no offices\n");
		return 1;
	}

	/* One estate at A, sent to B; both edit it from that version (B later, so B's wins everywhere). */
	estate_create(a, "滨河小区", id);
	estate_create(a, "河畔小区", id2);
	ok(office_export(a, f[0], NULL, true) == 0 && office_import(b, f[0], NULL, NULL) == 0, "B has A's estates");
	estate_edit(a, id, "甲办的名字");
	estate_edit(a, id2, "甲办的第二个名字");
	usleep(5000);
	estate_edit(b, id, "乙办的名字");
	estate_edit(b, id2, "乙办的第二个名字");
	ok(office_export(a, f[1], NULL, false) == 0 && office_import(b, f[1], NULL, NULL) == 0, "A's edits reach B");
	cid = estate_conflict(b, "甲办的名字");
	cid2 = estate_conflict(b, "甲办的第二个名字");
	ok(cid > 0 && cid2 > 0, "B keeps A's versions as conflicts");
	ok(conflict_open_count(b) >= 2, "two (or more) conflicts to review");

	/* Side by side. */
	is_int(conflict_load(b, cid, &p), 0, "the conflict loads");
	is_str(p.table, "estate", "of an estate");
	is_str(p.id, id, "the record's id");
	nf = field(&p, "name");
	ok(nf && strcmp(nf->left, "乙办的名字") == 0 && strcmp(nf->right, "甲办的名字") == 0,
	    "left the current (winning) name, right the kept one");
	ok(nf && nf->differs, "the name is marked as differing");
	ok(field(&p, "community") && !field(&p, "community")->differs, "the community is the same");
	is_int(p.n_differ, 1, "one field differs");
	ok(!field(&p, "hlc") && !field(&p, "change_seq"), "clocks and sequences are not fields");
	is_str(p.left_office, "B", "the current version was written here (office B)");
	is_str(p.right_office, "A", "the kept one at A (from the receipt)");
	is_str(p.reviewed, "", "not reviewed yet");
	conflict_pair_free(&p);
	is_int(conflict_load(b, 999999, &p), 1, "a conflict that is not there: 1");

	/* Take the other: a new edit of the winner. */
	office_digest(b, d1);
	before = text_of(b, "SELECT hlc FROM estate WHERE id = ?1", id);
	is_int(conflict_take_other(b, cid, &err), 0, "taking the other version succeeds");
	free(err);
	v = text_of(b, "SELECT name FROM estate WHERE id = ?1", id);
	is_str(v, "甲办的名字", "the record holds the other name");
	free(v);
	v = text_of(b, "SELECT base FROM estate WHERE id = ?1", id);
	is_str(v, before, "its base is the version it replaced");
	free(v);
	v = text_of(b, "SELECT hlc > base AND origin = (SELECT value FROM settings WHERE key = 'node_id') FROM estate"
	    " WHERE id = ?1", id);
	is_str(v, "1", "with a later clock, written by B's node");
	free(v);
	free(before);
	is_int(db_query_int(b, "SELECT count(*) FROM sync_conflict WHERE reviewed = 'took' AND tbl = 'estate'", -1), 1,
	    "the conflict is marked taken");

	/* Keep the current one: nothing changes but the mark, and the digest ignores the mark. */
	office_digest(b, d1);
	is_int(conflict_dismiss(b, cid2, &err), 0, "keeping the current version succeeds");
	free(err);
	office_digest(b, d2);
	is_str(d2, d1, "the review mark is local: the digest is unchanged");
	v = text_of(b, "SELECT name FROM estate WHERE id = ?1", id2);
	is_str(v, "乙办的第二个名字", "the current name stays");
	free(v);
	is_int(db_query_int(b, "SELECT count(*) FROM sync_conflict WHERE reviewed = 'kept' AND tbl = 'estate'", -1), 1,
	    "the conflict is marked kept");
	is_int(conflict_dismiss(b, 999999, &err), -1, "keeping a conflict that is not there fails");
	ok(err != NULL, "saying why");
	free(err);
	is_int(conflict_take_other(b, 999999, &err), -1, "taking a conflict that is not there fails");
	ok(err != NULL, "saying why");
	free(err);

	/* The taken version travels: A gets it as an update and agrees. */
	ok(office_export(b, f[2], NULL, false) == 0 && office_import(a, f[2], NULL, NULL) == 0, "B's edits reach A");
	v = text_of(a, "SELECT name FROM estate WHERE id = ?1", id);
	is_str(v, "甲办的名字", "A holds the taken version");
	free(v);
	w = text_of(a, "SELECT name FROM estate WHERE id = ?1", id2);
	is_str(w, "乙办的第二个名字", "and B's winner of the other");
	free(w);
	is_int(db_query_int(a, "SELECT count(*) FROM sync_conflict WHERE tbl = 'estate' AND id = (SELECT ?1)", -1) >= 0, 1,
	    "A's conflicts table reads");

	/* Two records side by side. */
	is_int(conflict_load_records(b, "estate", id, id2, &p), 0, "two records load side by side");
	nf = field(&p, "name");
	ok(nf && strcmp(nf->left, "甲办的名字") == 0 && strcmp(nf->right, "乙办的第二个名字") == 0 && nf->differs,
	    "their names side by side, marked");
	conflict_pair_free(&p);
	is_int(conflict_load_records(b, "no_such_table", id, id2, &p), 1, "a table that is not exchanged: 1");
	is_int(conflict_load_records(b, "estate", id, "00000000-0000-0000-0000-000000000000", &p), 1, "a missing record: 1");

	is_str(conflict_table_label("estate"), "housing estate", "a table's label");
	is_str(conflict_field_label("phone"), "phone", "a field's label");
	is_str(conflict_field_label("zzz"), "zzz", "an unknown field keeps its name");

	db_close(a);
	db_close(b);
	for (int i = 0; i < 4; i++)
		free(f[i]);
	rm_rf(dir);
	free(dir);
	return tap_done();
}
