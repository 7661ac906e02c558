/* uuid.c - UUID version 7: 48 bits of Unix milliseconds, then random bits, so ids made at
 * different offices never collide and sort roughly by creation time. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "uuid.h"
#include "util.h"

void
uuid_v7_at(int64_t ms, char out[UUID_TEXT_LEN])
{
	unsigned char b[16];
	uint64_t t = (uint64_t)ms;

	util_random_bytes(b, sizeof b);
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(t >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));   /* version 7 */
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));   /* variant 10 */
	snprintf(out, UUID_TEXT_LEN,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	    b[14], b[15]);
}

void
uuid_v7(char out[UUID_TEXT_LEN])
{
	uuid_v7_at(util_now_ms(), out);
}

static bool
is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool
uuid_is_v7(const char *s)
{
	if (!s || strlen(s) != UUID_TEXT_LEN - 1)
		return false;
	for (int i = 0; i < UUID_TEXT_LEN - 1; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !is_lower_hex(s[i]))
			return false;
	}
	return s[14] == '7' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}
