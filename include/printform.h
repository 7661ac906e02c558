/* printform.h - the handling feedback form (办理情况征询意见表) and the reply letter (答复函) as
 * printed pages: PDF through pdf.h, and plain text for terminals and line printers. Input is plain
 * UTF-8 strings; the caller fills them from the records. */
#ifndef LC_PRINTFORM_H
#define LC_PRINTFORM_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	FEEDBACK_SAT_NONE,          /* not returned yet: no box checked */
	FEEDBACK_SAT_SATISFIED,     /* 满意 */
	FEEDBACK_SAT_FAIRLY,        /* 比较满意 */
	FEEDBACK_SAT_DISSATISFIED   /* 不满意 */
} feedback_satisfaction;

typedef enum { PROPOSAL_KIND_SUGGESTION, PROPOSAL_KIND_PROPOSAL } proposal_kind;

/* One feedback form. Every string is UTF-8 and may be NULL (printed empty). signed_on is YYYY-MM-DD. notes NULL = the seed's two notes (注). */
typedef struct feedback_sheet {
	const char *proposer;          /* 代表、委员姓名: a person or a body */
	const char *number;            /* 建议、提案编号 */
	const char *title;             /* 建议、提案标题 */
	const char *phone;             /* 代表、委员联系电话 */
	feedback_satisfaction satisfaction;
	const char *opinion;           /* 1. 您对办理情况的意见 */
	const char *suggestions;       /* 2. 您有何进一步的建议和要求 */
	const char *recommended_units; /* 3. 请您推荐先进承办单位 */
	const char *signature;         /* 代表委员签名 */
	const char *signed_on;         /* YYYY-MM-DD, printed as 2024年6月21日 */
	const char *handling_unit;     /* 承办单位, printed at the foot */
	proposal_kind kind;            /* the paper form is one for both kinds; kept for the caller */
	const char *notes;
} feedback_sheet;

/* One reply letter. body: paragraphs separated by '\n'. */
typedef struct reply_sheet {
	const char *result_class;   /* "A", "B" or "C": 〔办理结果 A〕 */
	const char *unit;           /* 乌海市商务局 */
	const char *session;        /* 市政协十届三次会议 */
	const char *number;         /* 32 */
	proposal_kind kind;         /* 第 32 号提案 / 第 32 号建议 */
	const char *addressee;      /* 市政协文化委 */
	const char *body;
	const char *leader;         /* 分管领导 */
	const char *contact;        /* 联系人 */
	const char *contact_phone;  /* 联系方式 */
	const char *copy_to;        /* 抄送 */
} reply_sheet;

typedef enum {
	PRINTFORM_FILLED,  /* everything as entered, for the archive */
	PRINTFORM_BLANK    /* for the deputy: header filled, boxes, answers, signature and date empty */
} printform_mode;

/* The font family the pages are set in (fontconfig falls back for missing characters). */
#define PRINTFORM_FONT_SERIF "Noto Serif CJK SC"
#define PRINTFORM_FONT_SANS "Noto Sans CJK SC"

/* Write n sheets to path as one PDF, each sheet copies times (copies < 1 counts as 1), one A4 page per copy. 0 on success, -1 with *err (heap, translated): no CJK font (names the package) or the file cannot be written. */
int printform_feedback_pdf(const char *path, const feedback_sheet *sheets, size_t n, printform_mode mode, int copies, char **err);
/* Write n reply letters to path as one PDF; each letter starts on a new page and its body flows over as many pages as it needs. Same return and *err contract. */
int printform_reply_pdf(const char *path, const reply_sheet *letters, size_t n, char **err);

/* The feedback form as plain UTF-8 text, width_cols columns wide (at least 60), every line of the box the same display width; ascii: +-| instead of box-drawing characters. Fresh string. */
char *printform_feedback_text(const feedback_sheet *s, printform_mode mode, int width_cols, bool ascii);
/* The reply letter as plain UTF-8 text width_cols columns wide (at least 40): result class, the title line centred, addressee, the body with each paragraph indented, leader, contact, phone, copy-to between two rules (ascii: "-" rules). Fresh string. */
char *printform_reply_text(const reply_sheet *r, int width_cols, bool ascii);
/* Convert UTF-8 text to encoding ("UTF-8" or "GB18030", any iconv name) for the printer: fresh buffer and *len, or NULL with *err (heap, translated) when iconv cannot. */
char *printform_encode(const char *utf8, const char *encoding, size_t *len, char **err);
/* "2024-06-21" as "2024年6月21日" (fresh); other input is returned unchanged. */
char *printform_date_cn(const char *iso);

#endif
