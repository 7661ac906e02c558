/* hlc.h - hybrid logical clock: wall milliseconds plus a counter, as a sortable fixed-width string. */
#ifndef LC_HLC_H
#define LC_HLC_H

#include <stdbool.h>
#include <stdint.h>

/* A clock value; ordering is (ms, counter). */
typedef struct hlc {
	int64_t ms;        /* physical part: Unix milliseconds */
	uint32_t counter;  /* logical part */
} hlc;

/* Text form length: 15 digits ms, '-', 5 digits counter, NUL. */
#define HLC_TEXT_LEN 22

/* Next local event after last, given the wall clock now_ms (never goes backwards). */
hlc hlc_tick(hlc last, int64_t now_ms);
/* Clock after receiving remote, given local last and wall now_ms (max of all, counter bumped). */
hlc hlc_recv(hlc last, hlc remote, int64_t now_ms);
/* Compare: <0, 0, >0. */
int hlc_cmp(hlc a, hlc b);
/* Format as "000001732350000-00000" (sorts as text in clock order). */
void hlc_format(hlc h, char out[HLC_TEXT_LEN]);
/* Parse the text form; 0 on success, -1 if malformed. */
int hlc_parse(const char *s, hlc *out);
/* The clock text s as local time for people, "YYYY-MM-DD HH:MM" (with ":SS" when seconds), into out; "" when s is NULL or malformed. */
void hlc_local_text(const char *s, bool seconds, char out[32]);

#endif
