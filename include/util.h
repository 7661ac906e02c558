/* util.h - allocation wrappers that never return NULL, and small string helpers. */
#ifndef LC_UTIL_H
#define LC_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

/* Allocate n bytes; on failure print a message and exit(1). */
void *xmalloc(size_t n);
/* Allocate n zeroed objects of size sz; exits on failure or overflow. */
void *xcalloc(size_t n, size_t sz);
/* Resize p to n bytes; exits on failure. */
void *xrealloc(void *p, size_t n);
/* Duplicate a NUL-terminated string (NULL gives NULL). */
char *xstrdup(const char *s);
/* Duplicate at most n bytes of s and NUL-terminate. */
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* vprintf into a fresh heap string. */
char *xvasprintf(const char *fmt, va_list ap);

/* True when s is NULL or holds only ASCII blanks. */
bool str_is_blank(const char *s);
/* Copy of s without leading and trailing ASCII blanks. */
char *str_trim_dup(const char *s);
/* True when s starts with prefix. */
bool str_starts_with(const char *s, const char *prefix);

/* Current UTC time as ISO 8601 with milliseconds, "2026-11-23T09:20:14.123Z", into out[32]. */
void util_now_iso8601(char out[32]);
/* Current wall-clock time in milliseconds since the Unix epoch. */
long long util_now_ms(void);
/* Today's local date as "YYYY-MM-DD" into out[11]. */
void util_today(char out[11]);
/* Fill buf with n cryptographically random bytes (getrandom, /dev/urandom fallback); exits on failure. */
void util_random_bytes(void *buf, size_t n);
/* Create dir and its parents with the given mode; 0 on success, -1 with errno. */
int util_mkdir_p(const char *dir, unsigned mode);
/* A fresh file-name part from the user's text s: letters, digits, - and _ kept, any other byte _ (so it
 * cannot make a path); fallback when s is empty. */
char *util_safe_name(const char *s, const char *fallback);
/* Where the program writes files of one kind: $env when it is an absolute path, else $HOME/leaf;
 * fresh, or NULL without either. */
char *util_output_dir(const char *env, const char *leaf);
/* The language templates show their labels in: the program's LC_MESSAGES locale ("zh_CN.UTF-8"), or
 * "en" in the C or POSIX locale (where the interface speaks English). */
const char *util_ui_language(void);

#endif
