/* registry.h - the one list of synced tables and their columns, in table order, with their types:
 * what export, import and merge walk. It knows no record semantics; a unit test holds it to the
 * live schema (PRAGMA table_info) so the two cannot drift. */
#ifndef LC_REGISTRY_H
#define LC_REGISTRY_H

#include <stdbool.h>

/* A column's declared type (the tables are STRICT, so this is what a value must be). */
typedef enum registry_type {
	REGISTRY_TEXT,
	REGISTRY_INTEGER,
	REGISTRY_REAL
} registry_type;

typedef struct registry_column {
	const char *name;
	registry_type type;
	bool not_null;
	bool local;		/* kept per database and never exchanged (e.g. change_seq) */
} registry_column;

typedef struct registry_table {
	const char *name;
	const registry_column *columns;	/* in the table's column order */
	int n_columns;
} registry_table;

/* Number of synced tables. */
int registry_table_count(void);
/* The i-th synced table (0 <= i < registry_table_count()), parents before children; NULL when out of range. */
const registry_table *registry_table_at(int i);
/* The synced table called name, or NULL when name is not synced. */
const registry_table *registry_find(const char *name);
/* Index of column name in t, or -1. */
int registry_column_index(const registry_table *t, const char *name);
/* SQL type name of type as PRAGMA table_info reports it: "TEXT", "INTEGER" or "REAL". */
const char *registry_type_name(registry_type type);

#endif
