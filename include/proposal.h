/* proposal.h - a deputy's suggestion or a committee's proposal (建议/提案), its reply letter, and its
 * satisfaction feedback form (办理情况征询意见表): the fields as a fieldset in the paper form's order,
 * validation with the cross-field rules, and every write as one transaction through record.c. No curses.
 *
 * Values are kept by field index (enum proposal_field / feedback_field), the same order as the
 * fieldsets, so a form screen can hand its answers over without naming each one. Every value is a
 * heap string, never NULL after proposal_init / feedback_init; "" means empty (stored as NULL in the
 * database for the optional dates and the result class). */
#ifndef LC_PROPOSAL_H
#define LC_PROPOSAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include "field.h"
#include "record.h"

/* A proposal's fields in the paper form's order: the header of the feedback form first, then the
 * handling, then the reply letter (its own group, shown on its own screen). */
typedef enum proposal_field {
	PROPOSAL_KIND,			/* "suggestion" (人大代表建议) or "proposal" (政协委员提案); required */
	PROPOSAL_SESSION,		/* e.g. 市政协十届三次会议 */
	PROPOSAL_PROPOSER,		/* a person or a body, e.g. 市政协文化委; required */
	PROPOSAL_NUMBER,		/* text, leading zeros kept: "032"; required */
	PROPOSAL_TITLE,			/* required */
	PROPOSAL_PHONE,			/* the proposer's phone */
	PROPOSAL_HANDLING_UNIT,		/* 承办单位, e.g. 乌海市商务局; required */
	PROPOSAL_RESULT_CLASS,		/* "A", "B", "C" or "" */
	PROPOSAL_RECEIVED_ON,		/* YYYY-MM-DD or "" */
	PROPOSAL_REPLIED_ON,		/* YYYY-MM-DD or "", not before received_on */
	PROPOSAL_REPLY_BODY,		/* the reply letter's text (column reply_letter) */
	PROPOSAL_REPLY_LEADER,		/* 分管领导 */
	PROPOSAL_REPLY_CONTACT,		/* 联系人 */
	PROPOSAL_REPLY_CONTACT_PHONE,	/* 联系方式 */
	PROPOSAL_REPLY_COPY_TO,		/* 抄送 */
	PROPOSAL_NFIELDS
} proposal_field;

/* The feedback form's answers in the paper form's order; the operator is the record's meta. */
typedef enum feedback_field {
	FEEDBACK_SATISFACTION,		/* "satisfied", "fairly" or "dissatisfied": exactly one, required */
	FEEDBACK_OPINION,		/* 1. 您对办理情况的意见 */
	FEEDBACK_SUGGESTIONS,		/* 2. 您有何进一步的建议和要求 */
	FEEDBACK_RECOMMENDED_UNITS,	/* 3. 请您推荐先进承办单位 */
	FEEDBACK_SIGNATURE,		/* 代表委员签名 */
	FEEDBACK_SIGNED_ON,		/* the date under the signature, YYYY-MM-DD or "" */
	FEEDBACK_NFIELDS
} feedback_field;

/* Where the proposal's feedback form stands. */
typedef enum proposal_form_status {
	PROPOSAL_FORM_UNSENT,		/* "unsent": not sent to the deputy yet */
	PROPOSAL_FORM_SENT,		/* "sent": sent (printed or marked), awaiting reply */
	PROPOSAL_FORM_RETURNED		/* "returned": its answers are entered */
} proposal_form_status;

typedef struct proposal {
	record_meta meta;		/* meta.id "" for a proposal not yet saved */
	char *v[PROPOSAL_NFIELDS];
	proposal_form_status form_status;
	char form_sent_on[11];		/* YYYY-MM-DD when sent, else "" */
} proposal;

typedef struct feedback {
	record_meta meta;		/* meta.operator_name: who entered it */
	char proposal_id[UUID_TEXT_LEN];
	char *v[FEEDBACK_NFIELDS];
} feedback;

/* Column of the proposal table holding field f (a program identifier). */
const char *proposal_column(proposal_field f);
/* Column of the feedback table holding field f. */
const char *feedback_column(feedback_field f);
/* The proposal's fields, translated, in the order of enum proposal_field (field i is value v[i]), with the reply letter as group "reply" and the reply date's rule (not before received) as a constraint a formmodel checks; free with fieldset_free. */
fieldset proposal_fieldset(void);
/* The feedback form's fields, translated, in the order of enum feedback_field; free with fieldset_free. */
fieldset feedback_fieldset(void);
/* Stored name of a form status: "unsent", "sent", "returned". */
const char *proposal_status_name(proposal_form_status s);
/* Translated label of a form status for lists and messages (static). */
const char *proposal_status_label(proposal_form_status s);

/* An empty proposal: every value "", status unsent, no id. */
void proposal_init(proposal *p);
/* Replace value f of p with a copy of value (NULL counts as ""). */
void proposal_set(proposal *p, proposal_field f, const char *value);
/* Free p's values and empty it (safe twice). */
void proposal_free(proposal *p);
/* An empty feedback form for no proposal. */
void feedback_init(feedback *fb);
/* Replace value f of fb with a copy of value (NULL counts as ""). */
void feedback_set(feedback *fb, feedback_field f, const char *value);
/* Free fb's values and empty it (safe twice). */
void feedback_free(feedback *fb);

/* Normalise p's values in place (blanks trimmed, full-width digits of phones, dates and numbers folded) and check them: each field by the fieldset, then received <= replied, then (db not NULL) that no other live proposal of the same handling unit has this number and session. NULL when fine, else a fresh translated message beginning with the field's label (a duplicate names the existing record). */
char *proposal_validate(sqlite3 *db, proposal *p);
/* proposal_validate that also tells where: *where (may be NULL) gets the proposal_field to put the cursor on (PROPOSAL_NUMBER for a duplicate), or -1 when fine. */
char *proposal_check(sqlite3 *db, proposal *p, int *where);
/* Normalise and check fb's values as proposal_validate does (satisfaction required, date real). NULL or a fresh translated message. */
char *feedback_validate(feedback *fb);

/* Validate p and save it as a new record in one transaction; fills p->meta. 0, or -1 with *err (heap, translated) and nothing written. */
int proposal_create(sqlite3 *db, proposal *p, char **err);
/* Validate p (loaded earlier) and save it as a new version in one transaction; refused when someone changed or deleted the record since it was loaded. 0, or -1 with *err and nothing written. */
int proposal_update(sqlite3 *db, proposal *p, char **err);
/* Load the live proposal with id into out (initialised here). 0, 1 when there is none (or it is deleted), -1 on a database error. */
int proposal_load(sqlite3 *db, const char *id, proposal *out);
/* SQL of the number column (or parameter) x as proposals are matched: a number of digits without its
 * leading zeros ("032" and "32" are one number: a spreadsheet program drops the zeros), any other text as it is. */
#define PROPOSAL_NUMBER_KEY_SQL(x) \
	"(CASE WHEN " x " <> '' AND " x " NOT GLOB '*[^0-9]*' THEN coalesce(nullif(ltrim(" x ", '0'), ''), '0') ELSE " x " END)"
/* The same key in C: a pointer into number past its leading zeros when number is all digits ("000" gives its last "0"), else number. */
const char *proposal_number_key(const char *number);
/* The live proposal of handling unit with number and session (all compared after trimming, the number by proposal_number_key) into out, the oldest when several offices made one. 0, 1 when none, -1 on error. */
int proposal_find(sqlite3 *db, const char *unit, const char *number, const char *session, proposal *out);
/* Delete the proposal with id and its feedback form as tombstones, in one transaction. 0, 1 when there is no live one, -1 with *err. */
int proposal_delete(sqlite3 *db, const char *id, char **err);
/* Mark the feedback form of proposal id as sent on date (YYYY-MM-DD; NULL: today), a new version in one transaction. A returned form stays returned (printing it again changes nothing) and 0 is returned. 0, or -1 with *err. */
int proposal_mark_sent(sqlite3 *db, const char *id, const char *date, char **err);
/* Validate fb and save it as the feedback form of fb->proposal_id (a new record, or a new version of the one already entered), and set the proposal's status to returned, in one transaction. 0, or -1 with *err and nothing written. */
int feedback_enter(sqlite3 *db, feedback *fb, char **err);
/* Within the caller's transaction: feedback_enter's validation and write (the form as a new record or a new version, the proposal returned), for a change that must land with others (double entry). 0, or -1 with *err; the caller rolls back. */
int feedback_enter_tx(sqlite3 *db, feedback *fb, char **err);
/* Load the live feedback form of proposal_id into out (initialised here). 0, 1 when none, -1 on error. */
int feedback_load_for(sqlite3 *db, const char *proposal_id, feedback *out);

/* Within the caller's transaction: stamp p as a new record (record_meta_new) and insert it, unvalidated. 0 or -1 (*err set). */
int proposal_insert_tx(sqlite3 *db, proposal *p, char **err);
/* Within the caller's transaction: stamp p as an edit of the version it holds (record_meta_touch) and write it, unvalidated; refused when the stored version differs. 0 or -1 (*err set). */
int proposal_write_tx(sqlite3 *db, proposal *p, char **err);
/* Within the caller's transaction: proposal_mark_sent's change (date YYYY-MM-DD, not checked here), so several forms printed together are marked together. 0 or -1 (*err set). */
int proposal_mark_sent_tx(sqlite3 *db, const char *id, const char *date, char **err);

/* The phone for lists, masked (heap): full-width digits folded, then of its digits the first 3 and the last 2 shown and the rest '*' (13812345632 -> 138******32, 8991332 -> 899**32); other characters (spaces, -, parentheses) kept in place. A number of 5 digits or fewer would show whole that way, so only its last 2 digits are shown (12345 -> ***45, 110 -> *10). "" for an empty phone. */
char *proposal_phone_mask(const char *phone);

#endif
