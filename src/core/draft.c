/* draft.c - unsaved form input, written field by field as the user leaves each field. */
#include "config.h"
#include <stdlib.h>
#include "draft.h"
#include "db.h"
#include "util.h"

int
draft_put(sqlite3 *db, const char *form, const char *field, const char *value)
{
	char now[32];
	const char *p[4] = { form, field, value ? value : "", now };

	util_now_iso8601(now);
	return db_exec_params(db,
	    "INSERT INTO draft (form, field, value, updated_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (form, field) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
	    4, p);
}

char *
draft_get(sqlite3 *db, const char *form, const char *field)
{
	const char *p[2] = { form, field };
	return db_query_text(db, "SELECT value FROM draft WHERE form = ?1 AND field = ?2", 2, p);
}

bool
draft_exists(sqlite3 *db, const char *form)
{
	const char *p[1] = { form };
	char *v = db_query_text(db, "SELECT 1 FROM draft WHERE form = ?1 LIMIT 1", 1, p);
	bool e = v != NULL;

	free(v);
	return e;
}

int
draft_count(sqlite3 *db)
{
	return (int)db_query_int(db, "SELECT count(DISTINCT form) FROM draft", 0);
}

int
draft_clear(sqlite3 *db, const char *form)
{
	const char *p[1] = { form };
	return db_exec_params(db, "DELETE FROM draft WHERE form = ?1", 1, p);
}
