/* test_proposal_print.c - proposal_print.h: the records mapped onto printform's sheets, which
 * proposals a number names (and the full-width digits of an input method), the forms awaiting reply,
 * marking sent (the first date kept, a returned form left returned), the text form's copies, the
 * blank PDF marking the form sent, and the output file written whole or not at all. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "pdf.h"
#include "proposal.h"
#include "proposal_print.h"
#include "settings.h"
#include "util.h"

#define S1 "市政协十届三次会议"
#define S2 "市人大十届三次会议"
#define UA "乌海市商务局"
#define UB "乌海市文化局"
#define TITLE "关于提高一刻钟社区生活圈建设质量的提案"

static bool
add(sqlite3 *db, const char *number, const char *session, const char *unit, const char *title, char id[UUID_TEXT_LEN])
{
	proposal p;
	char *err = NULL;
	int rc;

	proposal_init(&p);
	proposal_set(&p, PROPOSAL_KIND, "proposal");
	proposal_set(&p, PROPOSAL_SESSION, session);
	proposal_set(&p, PROPOSAL_NUMBER, number);
	proposal_set(&p, PROPOSAL_TITLE, title);
	proposal_set(&p, PROPOSAL_PROPOSER, "市政协文化委");
	proposal_set(&p, PROPOSAL_PHONE, "8991332");
	proposal_set(&p, PROPOSAL_HANDLING_UNIT, unit);
	proposal_set(&p, PROPOSAL_RESULT_CLASS, "A");
	proposal_set(&p, PROPOSAL_REPLY_BODY, "市政协文化委：\n收悉。");
	proposal_set(&p, PROPOSAL_REPLY_LEADER, "王强");
	rc = proposal_create(db, &p, &err);
	if (rc != 0)
		printf("# proposal_create %s: %s\n", number, err ? err : "?");
	if (id)
		snprintf(id, UUID_TEXT_LEN, "%s", p.meta.id);
	free(err);
	proposal_free(&p);
	return rc == 0;
}

static bool
enter_form(sqlite3 *db, const char *id)
{
	feedback fb;
	char *err = NULL;
	int rc;

	feedback_init(&fb);
	snprintf(fb.proposal_id, sizeof fb.proposal_id, "%s", id);
	feedback_set(&fb, FEEDBACK_SATISFACTION, "satisfied");
	feedback_set(&fb, FEEDBACK_OPINION, "满意");
	feedback_set(&fb, FEEDBACK_SUGGESTIONS, "无");
	feedback_set(&fb, FEEDBACK_SIGNATURE, "張琦");
	feedback_set(&fb, FEEDBACK_SIGNED_ON, "2024-06-21");
	rc = feedback_enter(db, &fb, &err);
	free(err);
	feedback_free(&fb);
	return rc == 0;
}

static char *
status_of(sqlite3 *db, const char *id)
{
	const char *params[1] = { id };
	return db_query_text(db, "SELECT form_status || '|' || ifnull(form_sent_on, '') FROM proposal WHERE id = ?1", 1, params);
}

static void
test_sheets(sqlite3 *db, const char *id)
{
	print_item it;
	feedback_sheet s;
	reply_sheet r;

	proposal_load(db, id, &it.p);
	it.has_fb = feedback_load_for(db, id, &it.fb) == 0;
	ok(it.has_fb, "the seed's form is entered");
	proposal_feedback_sheet(&it.p, &it.fb, &s);
	is_str(s.proposer, "市政协文化委", "sheet: proposer");
	is_str(s.number, "032", "sheet: number, its leading zero kept");
	is_str(s.title, TITLE, "sheet: title");
	is_str(s.phone, "8991332", "sheet: the phone whole, not masked");
	is_str(s.handling_unit, UA, "sheet: the handling unit at the foot");
	is_int(s.satisfaction, FEEDBACK_SAT_SATISFIED, "sheet: 满意 checked");
	is_str(s.opinion, "满意", "sheet: question 1");
	is_str(s.suggestions, "无", "sheet: question 2");
	is_str(s.signature, "張琦", "sheet: signature");
	is_str(s.signed_on, "2024-06-21", "sheet: date signed");
	is_int(s.kind, PROPOSAL_KIND_PROPOSAL, "sheet: a committee proposal");
	proposal_feedback_sheet(&it.p, NULL, &s);
	is_int(s.satisfaction, FEEDBACK_SAT_NONE, "no form: no box checked");
	ok(s.signature == NULL && s.opinion == NULL, "no form: no answers");
	proposal_reply_sheet(&it.p, &r);
	is_str(r.addressee, "市政协文化委", "reply: addressed to the proposer");
	is_str(r.unit, UA, "reply: from the handling unit");
	is_str(r.session, S1, "reply: the session");
	is_str(r.result_class, "A", "reply: result class");
	is_str(r.leader, "王强", "reply: the leader in charge");
	ok(strstr(r.body, "收悉") != NULL, "reply: the body");
	proposal_free(&it.p);
	feedback_free(&it.fb);
}

static void
test_match(sqlite3 *db)
{
	print_item *items;
	size_t n, total;
	char *err = NULL;

	is_int(proposal_print_match(db, "032", NULL, NULL, 50, &items, &n, &total, &err), 0, "match 032");
	is_int(total, 3, "three proposals are numbered 032");
	is_int(n, 3, "all three loaded");
	if (n == 3) {
		is_str(items[0].p.v[PROPOSAL_SESSION], S2, "ordered by session: 人大 first");
		is_str(items[1].p.v[PROPOSAL_HANDLING_UNIT], UA, "then by unit: 商务局");
		is_str(items[2].p.v[PROPOSAL_HANDLING_UNIT], UB, "then 文化局");
		ok(items[1].has_fb && !items[0].has_fb, "each with its feedback form, when entered");
	}
	proposal_print_free(items, n);
	is_int(proposal_print_match(db, "032", NULL, NULL, 1, &items, &n, &total, &err), 0, "match 032, at most 1");
	ok(n == 1 && total == 3, "one loaded, three counted");
	proposal_print_free(items, n);
	is_int(proposal_print_match(db, " ０３２ ", S1, NULL, 50, &items, &n, &total, &err), 0, "full-width ０３２ in session 政协");
	is_int(total, 2, "two in that session: the number folded and trimmed as entry does");
	proposal_print_free(items, n);
	is_int(proposal_print_match(db, "032", S1, UA, 50, &items, &n, &total, &err), 0, "032, session and unit");
	is_int(total, 1, "one");
	proposal_print_free(items, n);
	is_int(proposal_print_match(db, "32", NULL, NULL, 50, &items, &n, &total, &err), 0, "32 without its zero");
	is_int(total, 3, "is 032, as entry and import match it (a spreadsheet program drops the zero)");
	proposal_print_free(items, n);
	is_int(proposal_print_match(db, "320", NULL, NULL, 50, &items, &n, &total, &err), 0, "320");
	is_int(total, 0, "is another number");
	proposal_print_free(items, n);
	free(err);
}

static void
test_awaiting_and_marks(sqlite3 *db, const char *root, const char *seed, const char *other)
{
	print_item *items;
	size_t n;
	char *err = NULL, *st, *want, today[11], *pdf = xasprintf("%s/blank.pdf", root);

	util_today(today);
	is_int(proposal_print_awaiting(db, UA, &items, &n, &err), 0, "awaiting for 商务局");
	is_int(n, 1, "one form awaiting reply (the seed's is returned, the 人大 one not sent)");
	if (n == 1)
		is_str(items[0].p.v[PROPOSAL_NUMBER], "045", "045");
	proposal_print_free(items, n);

	/* The first two 032s (人大 商务局, 政协 商务局): one unsent, one returned. */
	is_int(proposal_print_match(db, "032", NULL, UA, 50, &items, &n, &n, &err), 0, "商务局's two 032s");
	is_int(proposal_print_mark_sent(db, items, n, &err), 0, "marked sent together");
	st = status_of(db, seed);
	is_str(st, "returned|2024-06-01", "a returned form stays returned, its date kept");
	free(st);
	st = status_of(db, other);
	want = xasprintf("sent|%s", today);
	is_str(st, want, "an unsent form becomes sent today");
	free(want);
	free(st);
	proposal_print_free(items, n);

	is_int(proposal_print_awaiting(db, UB, &items, &n, &err), 0, "awaiting for 文化局");
	is_int(n, 0, "none: 文化局's 032 is not sent yet");
	proposal_print_free(items, n);
	is_int(proposal_print_match(db, "032", S1, UB, 50, &items, &n, &n, &err), 0, "文化局's 032");
	if (n == 1) {
		is_int(proposal_print_feedback_pdf(db, items, n, PRINTFORM_BLANK, 2, pdf, &err), 0, "blank PDF printed (%s)", err ? err : "");
		ok(access(pdf, F_OK) == 0, "the PDF is there");
	}
	proposal_print_free(items, n);
	is_int(proposal_print_awaiting(db, UB, &items, &n, &err), 0, "awaiting for 文化局 again");
	is_int(n, 1, "printing it blank made it sent, awaiting reply");
	proposal_print_free(items, n);
	free(pdf);
	free(err);
}

static void
test_text(sqlite3 *db)
{
	print_item *items;
	size_t n, len, total;
	char *err = NULL, *t;

	proposal_print_match(db, "032", S1, UA, 50, &items, &n, &total, &err);
	if (!ok(n == 1, "the seed's proposal for the text form"))
		return;
	t = proposal_print_feedback_text(items, n, PRINTFORM_FILLED, 1, 72, "UTF-8", &len, &err);
	ok(t && strstr(t, "張琦") && strstr(t, "2024年6月21日"), "the filled text form has the signature and date");
	ok(t && !strchr(t, '\f'), "one copy: no form feed");
	free(t);
	t = proposal_print_feedback_text(items, n, PRINTFORM_BLANK, 2, 72, "UTF-8", &len, &err);
	ok(t && !strstr(t, "張琦"), "the blank one has no signature");
	ok(t && strchr(t, '\f') && strchr(t, '\f') == strrchr(t, '\f'), "two copies: one form feed between them");
	ok(t && strstr(t, TITLE) != strstr(strchr(t, '\f'), TITLE) && strstr(strchr(t, '\f'), TITLE), "the title on both copies");
	free(t);
	t = proposal_print_feedback_text(items, n, PRINTFORM_FILLED, 1, 72, "GB18030", &len, &err);
	ok(t && len > 0 && !strstr(t, "張琦"), "GB18030: the bytes are no longer UTF-8");
	free(t);
	proposal_print_free(items, n);
	free(err);
}

static void
test_write_file(const char *root)
{
	char *dir = xasprintf("%s/out", root), *path = xasprintf("%s/out/a.txt", root), *missing = xasprintf("%s/none/a.txt", root);
	char *err = NULL, *got;
	size_t len;
	struct stat sb;

	mkdir(dir, 0700);
	is_int(proposal_print_write_file(path, "one\n", 4, &err), 0, "a new file is written");
	got = slurp(path, &len);
	is_str(got, "one\n", "with its content");
	free(got);
	is_int(proposal_print_write_file(path, "two two\n", 8, &err), 0, "an existing file is replaced");
	got = slurp(path, &len);
	is_str(got, "two two\n", "whole");
	free(got);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == (0666 & ~(mode_t)022), "its mode is what the umask gives (%o)", sb.st_mode & 0777);
	is_int(test_dir_entries(dir), 1, "no temporary file is left beside it");
	is_int(proposal_print_write_file(missing, "x", 1, &err), -1, "a missing folder is refused");
	ok(err && strstr(err, missing), "naming the file (%s)", err ? err : "");
	free(err);
	err = NULL;
	/* A device is written in place, never replaced by a file. */
	is_int(proposal_print_write_file("/dev/null", "x", 1, &err), 0, "/dev/null is written in place");
	ok(stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode), "and is still a device");
	free(err);
	free(dir);
	free(path);
	free(missing);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_proposal_print.XXXXXX";
	const char *dir = getenv("LIFECIRCLE_DATADIR");
	char *root, *path, *err = NULL;
	char seed[UUID_TEXT_LEN], other[UUID_TEXT_LEN], sent[UUID_TEXT_LEN];
	struct stat sb;
	db_open_result r;

	setlocale(LC_ALL, "C.UTF-8");
	umask(022);
	root = mkdtemp(tmpl);
	if (!ok(root != NULL, "temporary directory"))
		return tap_done();
	path = xasprintf("%s/p.db", root);
	r = db_open(path, dir && *dir ? dir : "data");
	if (ok(r.db != NULL, "database opened") && save_identity(r.db, "张琦")
	    && ok(add(r.db, "032", S1, UA, TITLE, seed) && add(r.db, "032", S2, UA, "关于完善社区菜市场布局的建议", other)
	          && add(r.db, "032", S1, UB, "关于加强社区文化活动中心建设的提案", NULL)
	          && add(r.db, "045", S1, UA, "关于规范老旧小区停车管理的提案", sent), "four proposals entered")) {
		ok(proposal_mark_sent(r.db, seed, "2024-06-01", &err) == 0 && enter_form(r.db, seed), "the seed's form sent and returned");
		ok(proposal_mark_sent(r.db, sent, "2024-06-02", &err) == 0, "045 sent");
		test_sheets(r.db, seed);
		test_match(r.db);
		test_awaiting_and_marks(r.db, root, seed, other);
		test_text(r.db);
	}
	db_close(r.db);
	free(r.error);
	free(path);
	free(err);
	test_write_file(root);
	pdf_shutdown();
	rm_rf(root);
	ok(stat(root, &sb) != 0, "temporary directory removed");
	return tap_done();
}
