/* proposal.c - proposals, their reply letters and feedback forms: fields as data, validation, and
 * writes through record.c (each write one transaction, every value bound). No curses. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "proposal.h"
#include "formmodel.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

/* A reply letter runs to several pages (the seed's is over 3,000 characters). */
#define REPLY_BODY_MAX_CHARS 20000

static const char *const proposal_cols[PROPOSAL_NFIELDS] = {
	"kind", "session", "proposer", "number", "title", "phone", "handling_unit", "result_class",
	"received_on", "replied_on", "reply_letter", "reply_leader", "reply_contact",
	"reply_contact_phone", "reply_copy_to",
};

static const char *const feedback_cols[FEEDBACK_NFIELDS] = {
	"satisfaction", "opinion", "suggestions", "recommended_units", "signature", "signed_on",
};

static const char *const status_names[] = { "unsent", "sent", "returned" };

const char *
proposal_column(proposal_field f)
{
	return proposal_cols[f];
}

const char *
feedback_column(feedback_field f)
{
	return feedback_cols[f];
}

const char *
proposal_status_name(proposal_form_status s)
{
	return status_names[s];
}

const char *
proposal_status_label(proposal_form_status s)
{
	switch (s) {
	case PROPOSAL_FORM_SENT:
		return _("sent, awaiting reply");
	case PROPOSAL_FORM_RETURNED:
		return _("returned");
	default:
		return _("not sent");
	}
}

static proposal_form_status
status_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, status_names[i]) == 0)
			return (proposal_form_status)i;
	return PROPOSAL_FORM_UNSENT;
}

/* ---- fields as data ------------------------------------------------------------------- */

/* The cross-field rule on the reply date, one message for the form and for proposal_validate. */
static char *
replied_error(const char *received, const char *replied)
{
	/* Both valid YYYY-MM-DD: comparing the text compares the dates. */
	if (field_is_date(received) && field_is_date(replied) && strcmp(replied, received) < 0)
		return xstrdup(_("The reply cannot come before the proposal was received."));
	return NULL;
}

/* The same rule as a constraint, so a form over the fieldset shows it on the reply date. */
static char *
replied_constraint(const formmodel *m, const field_def *f, size_t inst, const char *value, void *ud)
{
	char *received = formmodel_get_by_name(m, "received_on", inst), *msg;

	(void)f;
	(void)ud;
	msg = replied_error(received ? received : "", value ? value : "");
	free(received);
	return msg;
}

fieldset
proposal_fieldset(void)
{
	fieldset fs = { 0 };
	size_t head = fieldset_add_group(&fs, "proposal", _("Proposal"), false);
	size_t reply = fieldset_add_group(&fs, "reply", _("Reply letter"), false);
	field_def *f;

	f = fieldset_add(&fs, "kind", _("Kind of proposal"), FIELD_CHOICE);
	f->required = true;
	field_add_choice(f, "suggestion", _("Deputy suggestion"));
	field_add_choice(f, "proposal", _("Committee proposal"));
	fieldset_add(&fs, "session", _("Session"), FIELD_TEXT);
	fieldset_add(&fs, "proposer", _("Deputy or member"), FIELD_TEXT)->required = true;
	f = fieldset_add(&fs, "number", _("Number"), FIELD_TEXT);
	f->required = true;
	f->code = true;		/* "０３２" from an input method is the same number as "032" */
	f->max_chars = 40;
	fieldset_add(&fs, "title", _("Title"), FIELD_TEXT)->required = true;
	fieldset_add(&fs, "phone", _("Phone"), FIELD_PHONE);
	fieldset_add(&fs, "handling_unit", _("Handling unit"), FIELD_TEXT)->required = true;
	f = fieldset_add(&fs, "result_class", _("Result class"), FIELD_CHOICE);
	field_add_choice(f, "A", _("A: solved or mostly solved"));
	field_add_choice(f, "B", _("B: being solved or planned"));
	field_add_choice(f, "C", _("C: cannot be solved for now"));
	fieldset_add(&fs, "received_on", _("Date received"), FIELD_DATE);
	fieldset_add(&fs, "replied_on", _("Date replied"), FIELD_DATE)->constraint = replied_constraint;
	fieldset_add(&fs, "reply_letter", _("Reply text"), FIELD_MULTILINE)->max_chars = REPLY_BODY_MAX_CHARS;
	fieldset_add(&fs, "reply_leader", _("Leader in charge"), FIELD_TEXT);
	fieldset_add(&fs, "reply_contact", _("Contact"), FIELD_TEXT);
	fieldset_add(&fs, "reply_contact_phone", _("Contact phone"), FIELD_PHONE);
	fieldset_add(&fs, "reply_copy_to", _("Copy to"), FIELD_TEXT);
	for (size_t i = 0; i < fs.n; i++)
		fs.fields[i].group = i < PROPOSAL_REPLY_BODY ? head : reply;
	return fs;
}

fieldset
feedback_fieldset(void)
{
	fieldset fs = { 0 };
	field_def *f;

	f = fieldset_add(&fs, "satisfaction", _("Satisfaction"), FIELD_CHOICE);
	f->required = true;
	field_add_choice(f, "satisfied", _("Satisfied"));
	field_add_choice(f, "fairly", _("Fairly satisfied"));
	field_add_choice(f, "dissatisfied", _("Dissatisfied"));
	fieldset_add(&fs, "opinion", _("1. Your opinion on the handling"), FIELD_MULTILINE);
	fieldset_add(&fs, "suggestions", _("2. Further suggestions and requests"), FIELD_MULTILINE);
	fieldset_add(&fs, "recommended_units", _("3. Handling units you recommend"), FIELD_MULTILINE);
	fieldset_add(&fs, "signature", _("Signature"), FIELD_TEXT);
	fieldset_add(&fs, "signed_on", _("Date signed"), FIELD_DATE);
	return fs;
}

/* ---- values ------------------------------------------------------------------------- */

static void
set_value(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value ? value : "");
}

void
proposal_init(proposal *p)
{
	memset(p, 0, sizeof *p);
	for (int i = 0; i < PROPOSAL_NFIELDS; i++)
		p->v[i] = xstrdup("");
}

void
proposal_set(proposal *p, proposal_field f, const char *value)
{
	set_value(&p->v[f], value);
}

void
proposal_free(proposal *p)
{
	for (int i = 0; i < PROPOSAL_NFIELDS; i++) {
		free(p->v[i]);
		p->v[i] = NULL;
	}
}

void
feedback_init(feedback *fb)
{
	memset(fb, 0, sizeof *fb);
	for (int i = 0; i < FEEDBACK_NFIELDS; i++)
		fb->v[i] = xstrdup("");
}

void
feedback_set(feedback *fb, feedback_field f, const char *value)
{
	set_value(&fb->v[f], value);
}

void
feedback_free(feedback *fb)
{
	for (int i = 0; i < FEEDBACK_NFIELDS; i++) {
		free(fb->v[i]);
		fb->v[i] = NULL;
	}
}

/* ---- validation ---------------------------------------------------------------------- */

/* A field's message, led by its label so the user knows where to look. */
static char *
labelled(const field_def *f, char *msg)
{
	/* TRANSLATORS: a field's label, then what is wrong with its value. */
	char *s = xasprintf(_("%s: %s"), f->label, msg);
	free(msg);
	return s;
}

/* Normalise values[i] for fields[i] in place, then check each; the first problem, labelled. */
static char *
validate_fields(const fieldset *fs, char **values, int *where)
{
	for (size_t i = 0; i < fs->n; i++) {
		char *norm = field_normalize(&fs->fields[i], values[i]), *msg;
		free(values[i]);
		values[i] = norm;
		if ((msg = field_validate(&fs->fields[i], values[i])) != NULL) {
			*where = (int)i;
			return labelled(&fs->fields[i], msg);
		}
	}
	return NULL;
}

const char *
proposal_number_key(const char *number)
{
	const char *p = number;

	if (!*p)
		return number;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return number;
	while (number[0] == '0' && number[1])
		number++;
	return number;
}

/* Another live proposal of the same handling unit with the same number and session, named. */
static char *
duplicate_of(sqlite3 *db, const proposal *p)
{
	const char *params[4] = { p->v[PROPOSAL_HANDLING_UNIT], p->v[PROPOSAL_NUMBER], p->v[PROPOSAL_SESSION], p->meta.id };
	sqlite3_stmt *st = db_prepare(db, "SELECT title, proposer FROM proposal WHERE deleted = 0"
	    " AND handling_unit = ?1 AND " PROPOSAL_NUMBER_KEY_SQL("number") " = " PROPOSAL_NUMBER_KEY_SQL("?2")
	    " AND session = ?3 AND id <> ?4 ORDER BY created_at, id LIMIT 1");
	char *msg = NULL;

	if (!st)
		return xasprintf(_("Cannot check for duplicates: %s"), sqlite3_errmsg(db));
	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		/* TRANSLATORS: number, session, handling unit, then the existing record's title and proposer. */
		msg = xasprintf(_("Number %s of session \"%s\" is already entered for %s: \"%s\", from %s."),
		    p->v[PROPOSAL_NUMBER], p->v[PROPOSAL_SESSION], p->v[PROPOSAL_HANDLING_UNIT],
		    (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return msg;
}

char *
proposal_check(sqlite3 *db, proposal *p, int *where)
{
	fieldset fs = proposal_fieldset();
	int at = -1;
	char *msg = validate_fields(&fs, p->v, &at), *cross;

	if (!msg && (cross = replied_error(p->v[PROPOSAL_RECEIVED_ON], p->v[PROPOSAL_REPLIED_ON])) != NULL) {
		msg = labelled(&fs.fields[PROPOSAL_REPLIED_ON], cross);
		at = PROPOSAL_REPLIED_ON;
	}
	if (!msg && db && (msg = duplicate_of(db, p)) != NULL)
		at = PROPOSAL_NUMBER;
	if (where)
		*where = at;
	fieldset_free(&fs);
	return msg;
}

char *
proposal_validate(sqlite3 *db, proposal *p)
{
	return proposal_check(db, p, NULL);
}

char *
feedback_validate(feedback *fb)
{
	fieldset fs = feedback_fieldset();
	int at;
	char *msg = validate_fields(&fs, fb->v, &at);

	fieldset_free(&fs);
	return msg;
}

/* ---- reading and writing ----------------------------------------------------------------- */

/* The columns after the meta ones, in bind order. */
static char *
proposal_col_list(void)
{
	char *s = xstrdup("");
	for (int i = 0; i < PROPOSAL_NFIELDS; i++) {
		char *t = xasprintf("%s%s, ", s, proposal_cols[i]);
		free(s);
		s = t;
	}
	char *t = xasprintf("%sform_status, form_sent_on", s);
	free(s);
	return t;
}

static char *
feedback_col_list(void)
{
	char *s = xstrdup("proposal_id");
	for (int i = 0; i < FEEDBACK_NFIELDS; i++) {
		char *t = xasprintf("%s, %s", s, feedback_cols[i]);
		free(s);
		s = t;
	}
	return s;
}

/* "?1, ?2, ... ?n" */
static char *
placeholders(int n)
{
	char *s = xstrdup("?1");
	for (int i = 2; i <= n; i++) {
		char *t = xasprintf("%s, ?%d", s, i);
		free(s);
		s = t;
	}
	return s;
}

/* Bind s to parameter i; "" becomes NULL where the column holds NULL for "not given". */
static int
bind_value(sqlite3_stmt *st, int i, const char *s, bool empty_is_null)
{
	if (empty_is_null && (!s || !*s))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

static bool
proposal_nullable(int f)
{
	return f == PROPOSAL_RESULT_CLASS || f == PROPOSAL_RECEIVED_ON || f == PROPOSAL_REPLIED_ON;
}

static int
bind_proposal(sqlite3_stmt *st, const proposal *p)
{
	int rc = record_bind_meta(st, 1, &p->meta), k = RECORD_META_COUNT + 1;

	for (int i = 0; rc == SQLITE_OK && i < PROPOSAL_NFIELDS; i++)
		rc = bind_value(st, k++, p->v[i], proposal_nullable(i));
	if (rc == SQLITE_OK)
		rc = bind_value(st, k++, status_names[p->form_status], false);
	if (rc == SQLITE_OK)
		rc = bind_value(st, k++, p->form_sent_on, true);
	return rc;
}

static int
bind_feedback(sqlite3_stmt *st, const feedback *fb)
{
	int rc = record_bind_meta(st, 1, &fb->meta), k = RECORD_META_COUNT + 1;

	if (rc == SQLITE_OK)
		rc = bind_value(st, k++, fb->proposal_id, false);
	for (int i = 0; rc == SQLITE_OK && i < FEEDBACK_NFIELDS; i++)
		rc = bind_value(st, k++, fb->v[i], i == FEEDBACK_SATISFACTION || i == FEEDBACK_SIGNED_ON);
	return rc;
}

static int
db_fail(sqlite3 *db, char **err)
{
	*err = xasprintf(_("The database refused the change: %s"), sqlite3_errmsg(db));
	return -1;
}

static int
meta_fail(sqlite3 *db, int rc, char **err)
{
	const char *m = record_error_message(rc);

	if (!m)
		return db_fail(db, err);
	*err = xstrdup(m);
	return -1;
}

/* INSERT (update false) or UPDATE of the stored version meta.base (update true) of one row. */
static int
write_row(sqlite3 *db, const char *table, bool update, int nvalues, char *cols,
    int (*bind)(sqlite3_stmt *, const void *), const void *rec, char **err)
{
	char *ph = placeholders(nvalues), *sql;
	sqlite3_stmt *st;
	int rc;

	/* Table and column names are this file's constants; every value is bound. */
	if (update)
		sql = xasprintf("UPDATE %s SET (" RECORD_META_NAMES ", %s) = (%s) WHERE id = ?1 AND hlc = ?8 AND deleted = 0",
		    table, cols, ph);
	else
		sql = xasprintf("INSERT INTO %s (" RECORD_META_NAMES ", %s) VALUES (%s)", table, cols, ph);
	free(ph);
	free(cols);
	st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return db_fail(db, err);
	rc = bind(st, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (update && sqlite3_changes(db) == 0) {
		*err = xstrdup(_("The record was changed or deleted meanwhile (by another window or an import); open it again."));
		return -1;
	}
	return 0;
}

static int
bind_proposal_v(sqlite3_stmt *st, const void *p)
{
	return bind_proposal(st, p);
}

static int
bind_feedback_v(sqlite3_stmt *st, const void *fb)
{
	return bind_feedback(st, fb);
}

int
proposal_insert_tx(sqlite3 *db, proposal *p, char **err)
{
	int rc = record_meta_new(db, &p->meta);

	if (rc != 0)
		return meta_fail(db, rc, err);
	return write_row(db, "proposal", false, RECORD_META_COUNT + PROPOSAL_NFIELDS + 2, proposal_col_list(),
	    bind_proposal_v, p, err);
}

int
proposal_write_tx(sqlite3 *db, proposal *p, char **err)
{
	record_meta before = p->meta;
	int rc = record_meta_touch(db, &p->meta);

	if (rc != 0)
		return meta_fail(db, rc, err);
	rc = write_row(db, "proposal", true, RECORD_META_COUNT + PROPOSAL_NFIELDS + 2, proposal_col_list(),
	    bind_proposal_v, p, err);
	if (rc != 0)
		p->meta = before;	/* the caller rolls back: p still describes what is stored */
	return rc;
}

static int
feedback_insert_tx(sqlite3 *db, feedback *fb, char **err)
{
	int rc = record_meta_new(db, &fb->meta);

	if (rc != 0)
		return meta_fail(db, rc, err);
	return write_row(db, "feedback", false, RECORD_META_COUNT + 1 + FEEDBACK_NFIELDS, feedback_col_list(),
	    bind_feedback_v, fb, err);
}

static int
feedback_write_tx(sqlite3 *db, feedback *fb, char **err)
{
	record_meta before = fb->meta;
	int rc = record_meta_touch(db, &fb->meta);

	if (rc != 0)
		return meta_fail(db, rc, err);
	rc = write_row(db, "feedback", true, RECORD_META_COUNT + 1 + FEEDBACK_NFIELDS, feedback_col_list(),
	    bind_feedback_v, fb, err);
	if (rc != 0)
		fb->meta = before;
	return rc;
}

static void
copy_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

static void
read_meta(sqlite3_stmt *st, record_meta *m)
{
	memset(m, 0, sizeof *m);
	copy_text(m->id, sizeof m->id, st, 0);
	copy_text(m->origin, sizeof m->origin, st, 1);
	copy_text(m->created_at, sizeof m->created_at, st, 2);
	copy_text(m->updated_at, sizeof m->updated_at, st, 3);
	copy_text(m->hlc, sizeof m->hlc, st, 4);
	copy_text(m->operator_name, sizeof m->operator_name, st, 5);
	m->deleted = sqlite3_column_int(st, 6);
	copy_text(m->base, sizeof m->base, st, 7);
}

/* First live row of a SELECT of proposal columns with text parameters, into out. */
static int
proposal_query(sqlite3 *db, const char *where, int n, const char *const *params, proposal *out)
{
	char *cols = proposal_col_list();
	char *sql = xasprintf("SELECT " RECORD_META_NAMES ", %s FROM proposal WHERE deleted = 0 AND %s"
	    " ORDER BY created_at, id LIMIT 1", cols, where);
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	free(cols);
	free(sql);
	proposal_init(out);
	if (!st)
		return -1;
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int k = RECORD_META_COUNT;
		read_meta(st, &out->meta);
		for (int i = 0; i < PROPOSAL_NFIELDS; i++, k++)
			proposal_set(out, i, (const char *)sqlite3_column_text(st, k));
		out->form_status = status_parse((const char *)sqlite3_column_text(st, k++));
		copy_text(out->form_sent_on, sizeof out->form_sent_on, st, k);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
proposal_load(sqlite3 *db, const char *id, proposal *out)
{
	const char *params[1] = { id };
	return proposal_query(db, "id = ?1", 1, params, out);
}

int
proposal_find(sqlite3 *db, const char *unit, const char *number, const char *session, proposal *out)
{
	char *t[3] = { str_trim_dup(unit ? unit : ""), str_trim_dup(number ? number : ""), str_trim_dup(session ? session : "") };
	const char *params[3] = { t[0], t[1], t[2] };
	int rc = proposal_query(db, "handling_unit = ?1 AND " PROPOSAL_NUMBER_KEY_SQL("number") " = "
	    PROPOSAL_NUMBER_KEY_SQL("?2") " AND session = ?3", 3, params, out);

	for (int i = 0; i < 3; i++)
		free(t[i]);
	return rc;
}

int
feedback_load_for(sqlite3 *db, const char *proposal_id, feedback *out)
{
	char *cols = feedback_col_list();
	char *sql = xasprintf("SELECT " RECORD_META_NAMES ", %s FROM feedback WHERE deleted = 0 AND proposal_id = ?1"
	    " ORDER BY created_at, id LIMIT 1", cols);
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	free(cols);
	free(sql);
	feedback_init(out);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, proposal_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_meta(st, &out->meta);
		copy_text(out->proposal_id, sizeof out->proposal_id, st, RECORD_META_COUNT);
		for (int i = 0; i < FEEDBACK_NFIELDS; i++)
			feedback_set(out, i, (const char *)sqlite3_column_text(st, RECORD_META_COUNT + 1 + i));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int
create_tx(sqlite3 *db, void *ud, char **err)
{
	proposal *p = ud;
	/* Checked inside the transaction, so a duplicate cannot slip in between check and write. */
	if ((*err = proposal_validate(db, p)) != NULL)
		return -1;
	return proposal_insert_tx(db, p, err);
}

int
proposal_create(sqlite3 *db, proposal *p, char **err)
{
	record_meta before = p->meta;
	int rc;

	p->meta.id[0] = '\0';	/* a new record never excludes itself from the duplicate check */
	rc = db_in_transaction(db, create_tx, p, err);
	if (rc != 0)
		p->meta = before;
	return rc;
}

static int
update_tx(sqlite3 *db, void *ud, char **err)
{
	proposal *p = ud;
	if ((*err = proposal_validate(db, p)) != NULL)
		return -1;
	return proposal_write_tx(db, p, err);
}

int
proposal_update(sqlite3 *db, proposal *p, char **err)
{
	if (!*p->meta.id) {
		*err = xstrdup(_("The record was changed or deleted meanwhile (by another window or an import); open it again."));
		return -1;
	}
	return db_in_transaction(db, update_tx, p, err);
}

static int
delete_tx(sqlite3 *db, void *ud, char **err)
{
	const char *id = ud;
	const char *params[1] = { id };
	char *fid = db_query_text(db, "SELECT id FROM feedback WHERE deleted = 0 AND proposal_id = ?1", 1, params);
	int rc = record_tombstone(db, "proposal", id);

	if (rc == 0 && fid)
		rc = record_tombstone(db, "feedback", fid);
	free(fid);
	if (rc < 0)
		return meta_fail(db, rc, err);
	if (rc == 1)
		*err = xstrdup(_("No such proposal."));
	return rc;
}

int
proposal_delete(sqlite3 *db, const char *id, char **err)
{
	const char *params[1] = { id };
	long long live;
	char *n = db_query_text(db, "SELECT count(*) FROM proposal WHERE deleted = 0 AND id = ?1", 1, params);

	live = n ? atoll(n) : -1;
	free(n);
	*err = NULL;
	if (live == 0)
		return 1;
	if (live < 0)
		return db_fail(db, err);
	return db_in_transaction(db, delete_tx, (void *)id, err) == 0 ? 0 : -1;
}

struct mark_sent {
	const char *id;
	const char *date;
};

int
proposal_mark_sent_tx(sqlite3 *db, const char *id, const char *date, char **err)
{
	proposal p;
	int rc = proposal_load(db, id, &p);

	if (rc != 0) {
		*err = rc == 1 ? xstrdup(_("No such proposal.")) : NULL;
		proposal_free(&p);
		return rc == 1 ? -1 : db_fail(db, err);
	}
	/* Printing again after the form came back, or after it went out, changes nothing: the first
	 * sending date is the one the deadline for the reply counts from. */
	if (p.form_status == PROPOSAL_FORM_UNSENT) {
		p.form_status = PROPOSAL_FORM_SENT;
		snprintf(p.form_sent_on, sizeof p.form_sent_on, "%s", date);
		rc = proposal_write_tx(db, &p, err);
	}
	proposal_free(&p);
	return rc;
}

static int
mark_sent_tx(sqlite3 *db, void *ud, char **err)
{
	struct mark_sent *ms = ud;
	return proposal_mark_sent_tx(db, ms->id, ms->date, err);
}

int
proposal_mark_sent(sqlite3 *db, const char *id, const char *date, char **err)
{
	char today[11];
	struct mark_sent ms = { id, date };

	*err = NULL;
	if (!date) {
		util_today(today);
		ms.date = today;
	} else if (!field_is_date(date)) {
		*err = xstrdup(_("Enter a date as YYYY-MM-DD, e.g. 2024-06-21."));
		return -1;
	}
	return db_in_transaction(db, mark_sent_tx, &ms, err);
}

static int
feedback_tx(sqlite3 *db, void *ud, char **err)
{
	feedback *fb = ud, old;
	proposal p;
	int rc = proposal_load(db, fb->proposal_id, &p);

	if (rc != 0) {
		proposal_free(&p);
		if (rc == 1) {
			*err = xstrdup(_("No such proposal."));
			return -1;
		}
		return db_fail(db, err);
	}
	rc = feedback_load_for(db, fb->proposal_id, &old);
	if (rc == 0) {
		/* The form is entered once per proposal: entering it again is an edit of that record. */
		if (strcmp(fb->meta.id, old.meta.id) != 0)
			fb->meta = old.meta;
		rc = feedback_write_tx(db, fb, err);
	} else if (rc == 1) {
		rc = feedback_insert_tx(db, fb, err);
	} else {
		rc = db_fail(db, err);
	}
	feedback_free(&old);
	if (rc == 0 && p.form_status != PROPOSAL_FORM_RETURNED) {
		p.form_status = PROPOSAL_FORM_RETURNED;
		rc = proposal_write_tx(db, &p, err);
	}
	proposal_free(&p);
	return rc;
}

int
feedback_enter_tx(sqlite3 *db, feedback *fb, char **err)
{
	if ((*err = feedback_validate(fb)) != NULL)
		return -1;
	return feedback_tx(db, fb, err);
}

int
feedback_enter(sqlite3 *db, feedback *fb, char **err)
{
	record_meta before = fb->meta;
	int rc;

	*err = NULL;
	if ((*err = feedback_validate(fb)) != NULL)
		return -1;
	rc = db_in_transaction(db, feedback_tx, fb, err);
	if (rc != 0)
		fb->meta = before;
	return rc;
}

/* ---- phone masking -------------------------------------------------------------------- */

char *
proposal_phone_mask(const char *phone)
{
	char *s = field_fold_ascii(phone ? phone : "");
	size_t digits = 0, k = 0, head = 3;

	for (char *p = s; *p; p++)
		digits += *p >= '0' && *p <= '9';
	/* With 5 digits or fewer the first 3 and last 2 would be all of them. */
	if (digits <= 5)
		head = 0;
	for (char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (k >= head && k + 2 < digits)
			*p = '*';
		k++;
	}
	return s;
}
