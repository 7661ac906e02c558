/* db.c - opening a lifecircle database. The file's header bytes and any -wal beside it are
 * inspected before SQLite may write (a read-write open rolls a hot journal back and applies a
 * -wal), so a foreign, newer or odd file is refused exactly as it was found, with the files beside
 * it. db_open_file only opens; db_open_office then migrates and loads the reference data. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db.h"
#include "migrate.h"
#include "refdata.h"
#include "util.h"
#include "i18n.h"

/* How long a writer waits for another copy of the program holding the lock. */
#define DB_BUSY_TIMEOUT_MS 10000

char *
db_default_path(void)
{
	const char *env = getenv("LIFECIRCLE_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/lifecircle/lifecircle.db", xdg);
	/* Without a home, a default would land wherever the program was started: none then. */
	if (!home || *home != '/')
		return NULL;
	return xasprintf("%s/.local/share/lifecircle/lifecircle.db", home);
}

int
db_schema_version(void)
{
	return migrate_latest();
}

/* ---- what the file is, read before SQLite may touch it ------------------------------------- */

/* What the bytes of a database file and the files beside it say. */
typedef struct file_facts {
	long long size;          /* bytes of the database file */
	unsigned page_size;      /* from its header; 0 when empty */
	bool wal_mode;           /* header bytes 18/19 say WAL */
	unsigned long appid;     /* application_id: the WAL's newest page 1 if it has one, else the file's */
	unsigned long version;   /* user_version, the same way */
	bool has_wal;            /* a non-empty -wal beside it */
	bool has_shm;            /* a -shm beside it */
} file_facts;

static const unsigned char sqlite_magic[16] = "SQLite format 3";

static unsigned long
get_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Page size field of a database header (1 means 65536); 0 when it is not a valid size. */
static unsigned
header_page_size(const unsigned char *h)
{
	unsigned v = (unsigned)h[16] << 8 | h[17];

	if (v == 1)
		v = 65536;
	return v >= 512 && (v & (v - 1)) == 0 ? v : 0;
}

static bool
file_exists_nonempty(const char *path, bool *exists)
{
	struct stat sb;

	*exists = lstat(path, &sb) == 0;
	return *exists && sb.st_size > 0;
}

/* Read the first 100 bytes through SQLite's own VFS: closing a plain descriptor of the file would
 * drop the POSIX locks another connection of this process holds on it. -1 with *err on failure. */
static int
read_db_header(const char *path, unsigned char h[100], long long *size, char **err)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	sqlite3_file *f = xcalloc(1, (size_t)vfs->szOsFile);
	sqlite3_int64 sz = 0;
	struct stat sb;
	int out = 0, rc;

	memset(h, 0, 100);
	/* The file's real size, taken before the read (SQLite's own size calls a 1-byte file empty): a
	 * second copy setting up the same new file may write its first page at any moment, and a size
	 * taken after the read could then describe bytes this read never saw (an empty header of a
	 * 4096-byte file: "not an SQLite file"). */
	*size = stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
	rc = vfs->xOpen(vfs, path, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &out);
	if (rc != SQLITE_OK) {
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		free(f);
		return -1;
	}
	rc = f->pMethods->xFileSize(f, &sz);
	if (*size < 0)
		*size = sz;
	if (rc == SQLITE_OK && *size > 0)
		rc = f->pMethods->xRead(f, h, 100, 0);
	f->pMethods->xClose(f);
	free(f);
	if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
		*err = xasprintf(_("cannot read %s: %s"), path, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* The WAL's rolling checksum over n bytes (n a multiple of 8), words in the WAL's byte order. */
static void
wal_checksum(bool big_endian, const unsigned char *p, size_t n, uint32_t s[2])
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		uint32_t x0, x1;
		if (big_endian) {
			x0 = (uint32_t)get_be32(p + i);
			x1 = (uint32_t)get_be32(p + i + 4);
		} else {
			x0 = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
			x1 = (uint32_t)p[i + 4] | (uint32_t)p[i + 5] << 8 | (uint32_t)p[i + 6] << 16 | (uint32_t)p[i + 7] << 24;
		}
		s[0] += x0 + s[1];
		s[1] += x1 + s[0];
	}
}

/* A -wal names no database, so check what can be checked before SQLite applies it: its magic
 * and version, its page size against the file's (page_size 0: the file is empty), its header
 * checksum, and page 1 in its committed frames carrying our application_id. Frames after the
 * checksum chain breaks are not part of it (SQLite ignores them too). Updates f->appid and
 * f->version from the newest committed page 1. NULL when it fits, else the reason (heap). */
static char *
check_wal(const char *path, const char *wal, file_facts *f)
{
	unsigned char hdr[32], fh[24];
	unsigned char *page = NULL;
	unsigned long psz;
	uint32_t s[2] = { 0, 0 }, fs[2];
	bool big;
	off_t at = 32;
	char *why = NULL;
	int fd = open(wal, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return xasprintf(_("cannot read %s: %s"), wal, strerror(errno));
	if (pread(fd, hdr, 32, 0) != 32 || (get_be32(hdr) & ~1UL) != 0x377f0682UL || get_be32(hdr + 4) != 3007000UL) {
		why = xasprintf(_("%s lies beside %s but is not an SQLite write-ahead log; it was left untouched, and so was the database"),
		    wal, path);
		goto out;
	}
	big = get_be32(hdr) & 1;
	psz = get_be32(hdr + 8);
	wal_checksum(big, hdr, 24, s);
	if (s[0] != get_be32(hdr + 24) || s[1] != get_be32(hdr + 28)) {
		why = xasprintf(_("%s beside %s is damaged (its header checksum is wrong); it was left untouched, and so was the database"),
		    wal, path);
		goto out;
	}
	if (psz < 512 || psz > 65536 || (psz & (psz - 1)) != 0 || (f->page_size && psz != f->page_size)) {
		why = xasprintf(_("%s beside %s belongs to another database (page size %lu, the file's is %u); it was left untouched, and so was the database"),
		    wal, path, psz, f->page_size);
		goto out;
	}
	page = xmalloc(psz);
	fs[0] = s[0];
	fs[1] = s[1];
	for (;;) {
		unsigned char p1[100];
		bool has_p1 = false;
		if (pread(fd, fh, 24, at) != 24 || pread(fd, page, psz, at + 24) != (ssize_t)psz)
			break;
		if (get_be32(fh) == 0 || memcmp(fh + 8, hdr + 16, 8) != 0)
			break;
		wal_checksum(big, fh, 8, fs);
		wal_checksum(big, page, psz, fs);
		if (fs[0] != get_be32(fh + 16) || fs[1] != get_be32(fh + 20))
			break;
		if (get_be32(fh) == 1) {
			memcpy(p1, page, 100);
			has_p1 = true;
		}
		/* Only a commit frame (its database size set) makes the frames before it count. */
		if (has_p1 || get_be32(fh + 4) != 0) {
			if (has_p1 && get_be32(p1 + 68) != DB_APPLICATION_ID) {
				why = xasprintf(_("%s beside %s belongs to another program's database (application id %lu); it was left untouched, and so was the database"),
				    wal, path, get_be32(p1 + 68));
				goto out;
			}
			if (has_p1) {
				f->appid = get_be32(p1 + 68);
				f->version = get_be32(p1 + 60);
			}
		}
		at += 24 + (off_t)psz;
	}
out:
	free(page);
	close(fd);
	return why;
}

/* The file's own header bytes and the -wal beside it: is it an SQLite file of ours (or empty)? */
static char *
inspect_file(const char *path, file_facts *f)
{
	unsigned char h[100];
	char *err = NULL, *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	bool shm_exists;

	memset(f, 0, sizeof *f);
	if (read_db_header(path, h, &f->size, &err) != 0)
		goto out;
	f->has_wal = file_exists_nonempty(wal, &(bool){ false });
	file_exists_nonempty(shm, &shm_exists);
	f->has_shm = shm_exists;
	if (f->size > 0) {
		if (f->size < 100 || memcmp(h, sqlite_magic, 16) != 0 || !(f->page_size = header_page_size(h))) {
			err = xasprintf(_("%s is not a lifecircle database (not an SQLite file); it was left untouched"), path);
			goto out;
		}
		f->wal_mode = h[18] == 2 && h[19] == 2;
		f->appid = get_be32(h + 68);
		f->version = get_be32(h + 60);
	}
	if (f->has_wal && (err = check_wal(path, wal, f)) != NULL)
		goto out;
	if (f->size == 0 && f->appid == 0)
		goto out; /* empty: a new database, or one another copy is setting up */
	if (f->appid != DB_APPLICATION_ID)
		err = xasprintf(_("%s belongs to another program (application id %lu), not lifecircle; it was left untouched"),
		    path, f->appid);
	else if (f->version > (unsigned long)migrate_latest())
		err = xasprintf(_("%s was written by a newer lifecircle (schema %lu; this one knows %d); it was left untouched"),
		    path, f->version, migrate_latest());
out:
	free(shm);
	free(wal);
	return err;
}

/* ---- the path ------------------------------------------------------------------------------- */

/* Refuse a path the system cannot take before anything is made for it. */
static char *
check_path_length(const char *path)
{
	const char *p = path;

	if (strlen(path) >= PATH_MAX)
		return xasprintf(_("the path of the database is too long (%zu bytes; at most %d): nothing was created"),
		    strlen(path), PATH_MAX - 1);
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n > NAME_MAX)
			return xasprintf(_("a name in the path of the database is too long (%zu bytes; at most %d): %.40s…; nothing was created"),
			    n, NAME_MAX, p);
		p += n;
		p += strspn(p, "/");
	}
	return NULL;
}

/* Make the parent directory (0700) and an empty file (0600) so sqlite never creates it with the
 * umask's mode. *made is true when this call made the file (another copy may have beaten it). */
static char *
create_file(const char *path, bool *made)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd;

	*made = false;
	if (slash && slash != dir) {
		*slash = '\0';
		if (util_mkdir_p(dir, 0700) != 0) {
			char *e = xasprintf(_("cannot create the folder %s: %s"), dir, strerror(errno));
			free(dir);
			return e;
		}
	}
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno != EEXIST)
		return xasprintf(_("cannot create the database %s: %s"), path, strerror(errno));
	if (fd >= 0) {
		*made = true;
		close(fd);
	}
	return NULL;
}

/* The file behind path with symbolic links followed, so its -wal is looked for where SQLite will
 * put it. Sets *missing when there is no such file. Heap path, or NULL with *err. */
static char *
resolve(const char *path, bool *missing, char **err)
{
	struct stat sb, lsb;
	char *real;

	*missing = false;
	if ((*err = check_path_length(path)) != NULL)
		return NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
			*err = xasprintf(_("%s is a symbolic link to a file that does not exist; nothing was created"), path);
		} else if (errno == ENOENT) {
			*missing = true;
		} else if (errno == ELOOP) {
			*err = xasprintf(_("%s is a loop of symbolic links"), path);
		} else if (errno == ENAMETOOLONG) {
			*err = xasprintf(_("the path of the database is too long: %s"), path);
		} else {
			*err = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		}
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		*err = xasprintf(_("%s is not a regular file"), path);
		return NULL;
	}
	if (!(real = realpath(path, NULL))) {
		*err = xasprintf(_("cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	return real;
}

static bool
dir_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool w;

	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	w = access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	return w;
}

/* file:PATH?immutable=1, every byte but the safe ones percent-encoded. */
static char *
immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *u = xmalloc(strlen(path) * 3 + 32), *o = u;

	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	strcpy(o, "?immutable=1");
	return u;
}

/* ---- SQLite's side -------------------------------------------------------------------------- */

static long long
pragma_int(sqlite3 *db, const char *pragma, int *rc)
{
	sqlite3_stmt *st;
	long long v = 0;

	*rc = sqlite3_prepare_v2(db, pragma, -1, &st, NULL);
	if (*rc != SQLITE_OK)
		return 0;
	*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return v;
}

/* What SQLite itself says of the file, once open: the same checks on the pages it will use. */
static char *
check_identity(sqlite3 *db, const char *path)
{
	int rc;
	long long appid = pragma_int(db, "PRAGMA application_id", &rc);
	long long version;

	if (rc != SQLITE_OK)
		return xasprintf(_("%s cannot be read: %s"), path, db_error_text(db));
	version = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK)
		return xasprintf(_("%s cannot be read: %s"), path, db_error_text(db));
	if (appid != DB_APPLICATION_ID)
		return xasprintf(_("%s belongs to another program (application id %lld), not lifecircle; it was left untouched"),
		    path, appid);
	if (version > migrate_latest())
		return xasprintf(_("%s was written by a newer lifecircle (schema %lld; this one knows %d); it was left untouched"),
		    path, version, migrate_latest());
	return NULL;
}

/* Connection settings that write nothing to the file. */
static void
set_connection(sqlite3 *db)
{
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	/* Until the file is accepted, closing must not checkpoint a -wal into it. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	/* No writable_schema or other ways to corrupt the file from SQL. */
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

/* A new, empty file: mark it ours under an exclusive lock, so a second copy starting at the same
 * moment waits (busy timeout) and then finds a lifecircle database instead of a half-made one. */
static char *
claim_new_file(sqlite3 *db, const char *path)
{
	char sql[64], *err = NULL;
	int rc;
	long long appid, objects, version;

	if (sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
		return xasprintf(_("cannot set up the new database %s: %s"), path, db_error_text(db));
	appid = pragma_int(db, "PRAGMA application_id", &rc);
	version = rc == SQLITE_OK ? pragma_int(db, "PRAGMA user_version", &rc) : 0;
	objects = rc == SQLITE_OK ? pragma_int(db, "SELECT count(*) FROM sqlite_schema", &rc) : 0;
	if (rc != SQLITE_OK) {
		err = xasprintf(_("%s cannot be read: %s"), path, db_error_text(db));
	} else if (appid == 0 && version == 0 && objects == 0) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", DB_APPLICATION_ID);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			err = xasprintf(_("cannot mark the file as lifecircle's: %s"), db_error_text(db));
	} else {
		err = check_identity(db, path); /* another copy set it up meanwhile */
	}
	if (!err && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		err = xasprintf(_("cannot set up the new database %s: %s"), path, db_error_text(db));
	db_rollback(db);
	return err;
}

/* WAL lets the list screens read while another copy writes. Switching needs the file to itself,
 * and SQLite does not wait for that, so wait here as the busy timeout would. */
static char *
set_wal(sqlite3 *db)
{
	char *mode = NULL;

	for (int waited = 0; ; waited += 20) {
		free(mode);
		mode = db_query_text(db, "PRAGMA journal_mode = WAL", 0, NULL);
		if ((mode && strcmp(mode, "wal") == 0) || waited >= DB_BUSY_TIMEOUT_MS)
			break;
		usleep(20 * 1000);
	}
	if (mode && strcmp(mode, "wal") == 0) {
		free(mode);
		sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
		return NULL;
	}
	free(mode);
	return xasprintf(_("cannot switch to WAL mode: %s"), db_error_text(db));
}

static char *
load_reference(sqlite3 *db, const char *datadir)
{
	char *err = NULL;

	/* Loads when empty, updates when data/ is newer, takes no write lock when current. */
	refdata_sync(db, datadir, &err);
	return err;
}

/* Does db's schema have an object of this type and name? */
static bool
schema_has(sqlite3 *db, const char *type, const char *name)
{
	const char *p[2] = { type, name };
	char *v = db_query_text(db, "SELECT 1 FROM sqlite_schema WHERE type = ?1 AND name = ?2", 2, p);
	bool has = v != NULL;

	free(v);
	return has;
}

/* text + line + newline, text freed (NULL is empty). */
static char *
append_line(char *text, const char *line)
{
	char *t = xasprintf("%s%s\n", text ? text : "", line);

	free(text);
	return t;
}

/* Names of the tables, indexes, triggers and views the schema should have, missing from db:
 * a fresh in-memory database migrated to the latest version is the reference. */
static char *
missing_objects(sqlite3 *db)
{
	sqlite3 *ref = NULL;
	sqlite3_stmt *st = NULL;
	char *err = NULL, *list = NULL;

	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK || migrate_apply(ref, &err) != 0)
		goto out;
	st = db_prepare(ref, "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *p[2] = { (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1) };
		char *more;
		if (schema_has(db, p[0], p[1]))
			continue;
		more = xasprintf("%s%s%s %s", list ? list : "", list ? ", " : "", p[0], p[1]);
		free(list);
		list = more;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(ref);
	free(err);
	return list;
}

/* Header checks passed: let SQLite open the file (read-only when asked or when it cannot be written). */
static char *
open_sqlite(const char *real, const file_facts *f, bool readonly, sqlite3 **out)
{
	sqlite3 *db = NULL;
	char *uri = NULL;
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	int rc;

	*out = NULL;
	if (readonly && f->wal_mode && !f->has_shm) {
		/* Reading a WAL file needs a -shm; a read-only folder cannot take one, and there is no -wal
		 * to read, so the file alone is the whole database and nobody is writing it. */
		if (f->has_wal)
			return xasprintf(_("%s is read-only and has changes in its -wal that were never merged; open it once where it can be written"),
			    real);
		uri = immutable_uri(real);
		flags |= SQLITE_OPEN_URI;
	}
	rc = sqlite3_open_v2(uri ? uri : real, &db, flags, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		char *e = xasprintf(_("cannot open %s: %s"), real, db ? db_error_text(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return e;
	}
	set_connection(db);
	*out = db;
	return NULL;
}

/* Close a connection to a file that was refused after SQLite opened it. When it had no -wal
 * before, let the close checkpoint: that writes nothing to the file and removes the empty -wal
 * and -shm SQLite made, so the files beside are as they were. A -wal that was there stays. */
static void
close_refused(sqlite3 *db, const file_facts *f)
{
	if (db && !f->has_wal && !db_is_readonly(db))
		sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	sqlite3_close(db);
}

db_open_result
db_open_file(const char *path, unsigned flags)
{
	db_open_result r = { NULL, NULL, false, false, true };
	file_facts f;
	char *real = resolve(path, &r.missing, &r.error), *err;
	bool cannot_write;

	(void)flags; /* a plain open never writes: DB_OPEN_READONLY is implied */
	if (r.missing)
		r.error = xasprintf(_("%s does not exist"), path);
	if (!real)
		return r;
	cannot_write = access(real, W_OK) != 0 || !dir_writable(real);
	memset(&f, 0, sizeof f);
	if ((err = inspect_file(real, &f)) == NULL && f.size == 0)
		err = xasprintf(_("%s is empty: it is not a lifecircle database yet"), real);
	if (!err)
		err = open_sqlite(real, &f, cannot_write, &r.db);
	/* query_only: a writable file is opened read-write only so that closing removes the -wal
	 * and -shm it made; no statement may change it. */
	if (!err && sqlite3_exec(r.db, "PRAGMA query_only = ON", NULL, NULL, NULL) != SQLITE_OK)
		err = xasprintf(_("cannot open %s: %s"), real, db_error_text(r.db));
	if (!err)
		err = check_identity(r.db, real);
	if (!err && !f.has_wal && !cannot_write)
		sqlite3_db_config(r.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	if (err) {
		close_refused(r.db, &f);
		r.db = NULL;
		r.error = err;
	}
	free(real);
	return r;
}

/* Where this database's node id belongs: the file's device and inode, kept in settings 'node_home'.
 * A database copied or restored to another file (a second machine, a backup put back) must not go
 * on writing records under the node id of the one it came from: two writers under one id could
 * stamp different content with the same clock. So when the file is not where its node id was
 * made, it gets a new node id (a new id is always safe; the old one's records stay as they are).
 * db_vacuum_into marks its copy so, even when it is later copied over the original in place. */
static char *
check_node_home(sqlite3 *db, const char *path)
{
	struct stat sb;
	char home[64], *stored, *err = NULL;
	const char *p[1] = { home };

	if (stat(path, &sb) != 0)
		return NULL;
	snprintf(home, sizeof home, "%llu:%llu", (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino);
	stored = db_query_text(db, "SELECT value FROM settings WHERE key = 'node_home'", 0, NULL);
	if (stored && strcmp(stored, home) == 0) {
		free(stored);
		return NULL;
	}
	free(stored);
	if (db_begin(db) != 0)
		return xasprintf(_("cannot update the node id: %s"), db_error_text(db));
	/* Read again under the lock: another copy of the program may have done it meanwhile. */
	stored = db_query_text(db, "SELECT value FROM settings WHERE key = 'node_home'", 0, NULL);
	if (stored && strcmp(stored, home) != 0
	    && db_exec_params(db, "UPDATE settings SET value = lower(hex(randomblob(16))) WHERE key = 'node_id'", 0, NULL) != 0)
		err = xasprintf(_("cannot update the node id: %s"), db_error_text(db));
	if (!err && (!stored || strcmp(stored, home) != 0)
	    && db_exec_params(db, "INSERT INTO settings (key, value) VALUES ('node_home', ?1)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", 1, p) != 0)
		err = xasprintf(_("cannot update the node id: %s"), db_error_text(db));
	if (!err && db_commit(db) != 0)
		err = xasprintf(_("cannot update the node id: %s"), db_error_text(db));
	if (err)
		db_rollback(db);
	free(stored);
	return err;
}

/* The program's own steps after the checks: WAL, schema updates, the schema complete, reference data. */
static char *
prepare_office(sqlite3 *db, const char *path, const char *datadir, bool readonly)
{
	char *err = NULL, *missing;
	bool current = db_query_int(db, "PRAGMA user_version", -1) == migrate_latest();

	if (readonly && !current)
		return xasprintf(_("%s is read-only and needs updating to schema %d; open it once where it can be written"),
		    path, migrate_latest());
	if (!readonly && (err = set_wal(db)) != NULL)
		return err;
	if (!current && migrate_apply(db, &err) != 0)
		return err;
	if ((missing = missing_objects(db)) != NULL) {
		err = xasprintf(_("%s is damaged: it lacks %s (run 'lifecircle check' for details)"), path, missing);
		free(missing);
		return err;
	}
	if (!readonly)
		err = load_reference(db, datadir);
	if (!err && !readonly)
		err = check_node_home(db, path);
	return err;
}

db_open_result
db_open_office(const char *path, const char *datadir, unsigned flags)
{
	db_open_result r = { NULL, NULL, false, false, false };
	file_facts f = { 0 };
	char *real = resolve(path, &r.missing, &r.error), *err = NULL;
	bool made = false;

	if (r.missing) {
		if (!(flags & DB_OPEN_CREATE)) {
			r.error = xasprintf(_("%s does not exist"), path);
			return r;
		}
		r.missing = false;
		if ((r.error = create_file(path, &made)) != NULL)
			return r;
		real = resolve(path, &r.missing, &r.error);
		r.created = made;
	}
	if (!real)
		return r;
	r.readonly = (flags & DB_OPEN_READONLY) || access(real, W_OK) != 0 || !dir_writable(real);
	if ((err = inspect_file(real, &f)) != NULL)
		goto out;
	if (f.size == 0 && f.appid == 0) {
		if (r.readonly) {
			err = xasprintf(_("%s is empty and read-only: a new database cannot be set up there"), real);
			goto out;
		}
		if ((err = open_sqlite(real, &f, false, &r.db)) == NULL)
			err = claim_new_file(r.db, real);
	} else {
		if ((err = open_sqlite(real, &f, r.readonly, &r.db)) == NULL)
			err = check_identity(r.db, real);
	}
	if (!err)
		err = prepare_office(r.db, real, datadir, r.readonly);
	if (!err && !r.readonly)
		sqlite3_db_config(r.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL); /* ours: merge the -wal on close */
out:
	free(real);
	if (err) {
		close_refused(r.db, &f);
		r.db = NULL;
		r.error = err;
	}
	return r;
}

db_open_result
db_open(const char *path, const char *datadir)
{
	return db_open_office(path, datadir, DB_OPEN_CREATE);
}

bool
db_is_readonly(sqlite3 *db)
{
	return sqlite3_db_readonly(db, "main") == 1 || db_query_int(db, "PRAGMA query_only", 0) == 1;
}

/* The copy VACUUM INTO made is not where its node id was made: mark it so (see check_node_home),
 * so that it gets a new node id when it is opened, wherever it is put back. */
static char *
mark_copy(const char *path)
{
	sqlite3 *c = NULL;
	char *err = NULL;

	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
	    || sqlite3_exec(c, "INSERT INTO settings (key, value) VALUES ('node_home', 'copy')"
	    " ON CONFLICT (key) DO UPDATE SET value = 'copy'", NULL, NULL, NULL) != SQLITE_OK)
		err = xstrdup(c ? sqlite3_errmsg(c) : "?");
	sqlite3_close(c);
	return err;
}

char *
db_vacuum_into(sqlite3 *db, const char *path)
{
	const char *p[1] = { path };
	bool query_only = db_query_int(db, "PRAGMA query_only", 0) == 1;
	char *err = NULL;

	/* VACUUM INTO reads this file and writes only the new one, but query_only refuses it. */
	if (query_only)
		sqlite3_exec(db, "PRAGMA query_only = OFF", NULL, NULL, NULL);
	if (db_exec_params(db, "VACUUM INTO ?1", 1, p) != 0)
		err = xstrdup(db_error_text(db));
	else
		err = mark_copy(path);
	if (query_only)
		sqlite3_exec(db, "PRAGMA query_only = ON", NULL, NULL, NULL);
	return err;
}

const char *
db_error_text(sqlite3 *db)
{
	/* An I/O error's cause is in errno: a full disk often shows only as "disk I/O error". */
	if ((sqlite3_errcode(db) & 0xff) == SQLITE_IOERR || (sqlite3_errcode(db) & 0xff) == SQLITE_CANTOPEN) {
		switch (sqlite3_system_errno(db)) {
		case ENOSPC:
		case EDQUOT:
			return _("the disk is full");
		case EROFS:
			return _("the database file is read-only");
		case EACCES:
		case EPERM:
			return _("permission denied");
		default:
			break;
		}
	}
	switch (sqlite3_errcode(db) & 0xff) {
	case SQLITE_READONLY:
		return _("the database file is read-only");
	case SQLITE_FULL:
		return _("the disk is full");
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return _("the database is busy: another copy of lifecircle is writing it; try again");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return _("the database file is damaged (run 'lifecircle check')");
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return _("permission denied");
	default:
		return sqlite3_errmsg(db);
	}
}

char *
db_check_integrity(sqlite3 *db)
{
	char *out = NULL, *missing = NULL;
	sqlite3_stmt *st;

	/* An older file lacks what later migrations add; its schema is compared once it is updated. */
	if (db_query_int(db, "PRAGMA user_version", -1) == migrate_latest())
		missing = missing_objects(db);

	if (missing) {
		out = xasprintf(_("missing from the schema: %s\n"), missing);
		free(missing);
	}
	st = db_prepare(db, "PRAGMA integrity_check");
	if (!st)
		return append_line(out, db_error_text(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (v && strcmp(v, "ok") != 0)
			out = append_line(out, v);
	}
	if (sqlite3_errcode(db) != SQLITE_OK && sqlite3_errcode(db) != SQLITE_DONE && sqlite3_errcode(db) != SQLITE_ROW)
		out = append_line(out, db_error_text(db));
	sqlite3_finalize(st);
	st = db_prepare(db, "PRAGMA foreign_key_check");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		char *line = xasprintf(_("table %s row %lld refers to a missing row of %s"),
		    (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
		out = append_line(out, line);
		free(line);
	}
	sqlite3_finalize(st);
	return out;
}

void
db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

int
db_begin(sqlite3 *db)
{
	return sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
db_commit(sqlite3 *db)
{
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/* Say that the database refused a change, and why; -1. */
static int
db_refused(sqlite3 *db, char **err)
{
	*err = xasprintf(_("The database refused the change: %s"), sqlite3_errmsg(db));
	return -1;
}

int
db_in_transaction(sqlite3 *db, int (*fn)(sqlite3 *db, void *ud, char **err), void *ud, char **err)
{
	int rc;

	*err = NULL;
	if (db_begin(db) != 0)
		return db_refused(db, err);
	rc = fn(db, ud, err);
	if (rc == 0 && db_commit(db) != 0)
		rc = db_refused(db, err);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static sqlite3_stmt *
prepare_bound(sqlite3 *db, const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	for (int i = 0; st && i < n; i++) {
		int rc = params[i] ? sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT)
		                   : sqlite3_bind_null(st, i + 1);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(st);
			return NULL;
		}
	}
	return st;
}

int
db_exec_params(sqlite3 *db, const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = prepare_bound(db, sql, n, params);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

char *
db_query_text(sqlite3 *db, const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = prepare_bound(db, sql, n, params);
	char *v = NULL;

	if (!st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

long long
db_query_int(sqlite3 *db, const char *sql, long long dflt)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long long v = dflt;

	if (!st)
		return dflt;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *
db_filename(sqlite3 *db)
{
	const char *f = sqlite3_db_filename(db, "main");
	return f ? f : "";
}

char *
db_column_dup(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return xstrdup(t ? t : "");
}

int
db_read_rows(sqlite3_stmt *st, void **rows, size_t *n, size_t size, void (*fill)(sqlite3_stmt *st, void *row, void *ud),
    void *ud)
{
	size_t cap = *n;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *row;
		if (*n == cap)
			*rows = xrealloc(*rows, (cap = cap ? cap * 2 : 16) * size);
		row = (char *)*rows + (*n)++ * size;
		memset(row, 0, size);
		fill(st, row, ud);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
db_query_pairs(sqlite3 *db, const char *sql, char ***a, char ***b, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*a = xrealloc(*a, (*n + 1) * sizeof **a);
		*b = xrealloc(*b, (*n + 1) * sizeof **b);
		(*a)[*n] = db_column_dup(st, 0);
		(*b)[(*n)++] = db_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
db_pairs_free(char **a, char **b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i]);
		free(b[i]);
	}
	free(a);
	free(b);
}
