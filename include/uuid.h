/* uuid.h - UUID version 7 (RFC 9562): time-ordered, random, generated locally. */
#ifndef LC_UUID_H
#define LC_UUID_H

#include <stdint.h>
#include <stdbool.h>

#define UUID_TEXT_LEN 37

/* Write a new UUIDv7 for Unix time ms as lower-case 8-4-4-4-12 text into out. */
void uuid_v7_at(int64_t ms, char out[UUID_TEXT_LEN]);
/* Write a new UUIDv7 for the current time. */
void uuid_v7(char out[UUID_TEXT_LEN]);
/* True when s is a well-formed lower-case UUID text of version 7. */
bool uuid_is_v7(const char *s);

#endif
