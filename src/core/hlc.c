/* hlc.c - hybrid logical clock (Kulkarni et al.): close to wall time, yet strictly increasing
 * on one office even when the wall clock steps back, and after every merge. */
#include "config.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "hlc.h"

/* The counter is printed with 5 digits; past that the physical part is advanced instead. */
#define HLC_COUNTER_MAX 99999u

static hlc
bump(hlc h)
{
	if (h.counter >= HLC_COUNTER_MAX) {
		h.ms++;
		h.counter = 0;
	} else {
		h.counter++;
	}
	return h;
}

hlc
hlc_tick(hlc last, int64_t now_ms)
{
	if (now_ms > last.ms)
		return (hlc){ now_ms, 0 };
	return bump(last);
}

hlc
hlc_recv(hlc last, hlc remote, int64_t now_ms)
{
	hlc max = hlc_cmp(last, remote) >= 0 ? last : remote;

	if (now_ms > max.ms)
		return (hlc){ now_ms, 0 };
	return bump(max);
}

int
hlc_cmp(hlc a, hlc b)
{
	if (a.ms != b.ms)
		return a.ms < b.ms ? -1 : 1;
	if (a.counter != b.counter)
		return a.counter < b.counter ? -1 : 1;
	return 0;
}

void
hlc_format(hlc h, char out[HLC_TEXT_LEN])
{
	/* Bounded so the text always has its fixed width (ms up to year 33658, counter < 100000). */
	uint64_t ms = h.ms < 0 ? 0 : (uint64_t)h.ms % UINT64_C(1000000000000000);
	snprintf(out, HLC_TEXT_LEN, "%015" PRIu64 "-%05" PRIu32, ms, h.counter % 100000u);
}

int
hlc_parse(const char *s, hlc *out)
{
	int64_t ms = 0;
	uint32_t c = 0;

	if (!s || strlen(s) != HLC_TEXT_LEN - 1 || s[15] != '-')
		return -1;
	for (int i = 0; i < 15; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		ms = ms * 10 + (s[i] - '0');
	}
	for (int i = 16; i < 21; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		c = c * 10 + (uint32_t)(s[i] - '0');
	}
	out->ms = ms;
	out->counter = c;
	return 0;
}

void
hlc_local_text(const char *s, bool seconds, char out[32])
{
	hlc c;
	time_t secs;
	struct tm tm;

	out[0] = '\0';
	if (!s || hlc_parse(s, &c) != 0)
		return;
	secs = (time_t)(c.ms / 1000);
	localtime_r(&secs, &tm);
	strftime(out, 32, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
}
