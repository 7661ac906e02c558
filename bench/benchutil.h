/* benchutil.h - what every benchmark needs: a monotonic clock, cheap mixed numbers and a way to stop
 * on a database error. Header-only, so bench/run.sh and bench/gaps.sh compile each bench_*.c alone.
 * Define BENCH_NAME (the program's name, for messages) before including it. */
#ifndef LC_BENCHUTIL_H
#define LC_BENCHUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sqlite3.h>

#ifndef BENCH_NAME
#error "define BENCH_NAME before including benchutil.h"
#endif

/* Microseconds on the monotonic clock. */
static inline double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* splitmix64: cheap, well-mixed numbers so rows arrive in no particular order, as real ones do. */
static inline uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Say what failed (and SQLite's reason when there is a db) on stderr, then exit 1. */
static inline void __attribute__((noreturn))
die(sqlite3 *db, const char *what)
{
	fprintf(stderr, BENCH_NAME ": %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
	exit(1);
}

#endif
