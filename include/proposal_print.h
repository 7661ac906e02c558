/* proposal_print.h - a proposal's feedback form and reply letter from the records to printform's
 * sheets, the proposals a print names (by number, or every form awaiting reply for a handling unit),
 * and printing them to a file that appears whole or not at all. Printing the blank form for the
 * deputy marks it sent (the first date kept) in the same run. No curses. */
#ifndef LC_PROPOSAL_PRINT_H
#define LC_PROPOSAL_PRINT_H

#include <sqlite3.h>
#include <stddef.h>
#include "printform.h"
#include "proposal.h"

/* A proposal with its feedback form, as a print needs them. */
typedef struct print_item {
	proposal p;
	feedback fb;
	bool has_fb;		/* a live feedback form is entered */
} print_item;

/* Fill *out from p and fb (NULL: no answers yet). The strings point into p and fb, which must outlive *out. */
void proposal_feedback_sheet(const proposal *p, const feedback *fb, feedback_sheet *out);
/* Fill *out with p's reply letter (addressed to the proposer); strings point into p. */
void proposal_reply_sheet(const proposal *p, reply_sheet *out);

/* The live proposals numbered number (trimmed; full-width digits folded) and, when not NULL, of session and handling unit, with their feedback forms, ordered by session, unit and age: the first max of them into *items (*n of them), and how many matched in all into *total. 0, or -1 with *err (heap). */
int proposal_print_match(sqlite3 *db, const char *number, const char *session, const char *unit, size_t max, print_item **items, size_t *n, size_t *total, char **err);
/* Every live proposal of handling unit whose form is awaiting reply (sent, no live answers), by session and number, into *items (*n of them). 0, or -1 with *err (heap). */
int proposal_print_awaiting(sqlite3 *db, const char *unit, print_item **items, size_t *n, char **err);
/* The live proposal with id and its feedback form as one fresh item in *item (free with proposal_print_free(*item, 1)). 0, or -1 with *err ("No such proposal." when it is gone). */
int proposal_print_load(sqlite3 *db, const char *id, print_item **item, char **err);
/* Free what proposal_print_match or proposal_print_awaiting gave (n items). */
void proposal_print_free(print_item *items, size_t n);

/* The feedback forms of items[0..n) as one PDF at path, each copies times: written beside path and renamed over it, so a failure leaves no file and never half of one. In blank mode the forms are then marked sent (proposal_print_mark_sent). 0, or -1 with *err (heap, translated; no CJK font names the package). */
int proposal_print_feedback_pdf(sqlite3 *db, const print_item *items, size_t n, printform_mode mode, int copies, const char *path, char **err);
/* The same forms as plain text width_cols wide, every copy after the first starting with a form feed, converted to encoding ("UTF-8", "GB18030"): fresh buffer and *len, or NULL with *err. Marks nothing: the caller calls proposal_print_mark_sent once the text is out. */
char *proposal_print_feedback_text(const print_item *items, size_t n, printform_mode mode, int copies, int width_cols, const char *encoding, size_t *len, char **err);
/* The reply letters of items[0..n) as plain text width_cols wide, each after the first starting with a form feed, converted to encoding ("UTF-8", "GB18030"): fresh buffer and *len, or NULL with *err. */
char *proposal_print_reply_text(const print_item *items, size_t n, int width_cols, const char *encoding, size_t *len, char **err);
/* Mark the forms of items[0..n) sent today in one transaction (a form already sent or returned is left as it is, its first date kept). 0, or -1 with *err. */
int proposal_print_mark_sent(sqlite3 *db, const print_item *items, size_t n, char **err);
/* The reply letters of items[0..n) as one PDF at path, written beside it and renamed. 0, or -1 with *err. */
int proposal_print_reply_pdf(const print_item *items, size_t n, const char *path, char **err);
/* Write len bytes to path through a temporary file beside it renamed over path (mode 0666 less the umask): the file is whole or untouched. 0, or -1 with *err. */
int proposal_print_write_file(const char *path, const char *data, size_t len, char **err);

#endif
