/* xlsx.c - read .xlsx workbooks: libzip for the package (read-only, every part's inflated size
 * counted against caps), expat for the XML (streamed: a sheet is parsed a chunk at a time and the
 * parser suspended at each row's end, so only one row is ever held). */
#include "config.h"
#include <errno.h>
#include <expat.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include "i18n.h"
#include "util.h"
#include "xlsx.h"

#define CHUNK 65536
#define MAX_SHEETS 10000
#define MAX_RELS 100000
#define MAX_STYLES 200000
#define NS_SEP '\x01'

typedef struct sheet_ent {
	char *name;
	char *rid;
	char *part;		/* zip entry name, NULL when the rels do not say */
	bool worksheet;
} sheet_ent;

typedef struct rel {
	char *id, *type, *target;
} rel;

struct xlsx_book {
	zip_t *zip;
	char *name;
	xlsx_limits lim;
	uint64_t total;			/* bytes inflated so far, all parts */
	char *wb_part;
	sheet_ent *sheets;
	size_t nsheets;
	bool date1904;
	char *sst_part, *styles_part;
	bool loaded;			/* shared strings and styles read */
	char *sst;			/* all shared strings, NUL-separated */
	size_t sst_len, sst_cap;
	size_t *sst_off;
	size_t nsst, sst_offcap;
	unsigned char *xf_kind;		/* enum xlsx_numkind per cellXfs entry */
	size_t nxf;
};

/* ---- small helpers ------------------------------------------------------------------------ */

/* Append n bytes to a growing buffer. */
static void
buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 256;
		while (c < *len + n + 1)
			c *= 2;
		*buf = xrealloc(*buf, c);
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Characters (code points) in n bytes of UTF-8: every byte that is not a continuation byte. */
static size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* The local part of an expat namespaced name ("uri\1local" or "local"). */
static const char *
local_name(const char *name)
{
	const char *p = strrchr(name, NS_SEP);
	return p ? p + 1 : name;
}

/* The value of the attribute whose local name is want (any namespace when ns is false; a
 * namespaced one only when ns is true, as r:id). */
static const char *
attr_get(const char **atts, const char *want, bool ns)
{
	for (size_t i = 0; atts[i]; i += 2) {
		bool has_ns = strchr(atts[i], NS_SEP) != NULL;
		if (has_ns == ns && strcmp(local_name(atts[i]), want) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* Parse a non-negative decimal integer that fills s; false when it is not one or exceeds max. */
static bool
parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* ---- parts: zip entries read with every inflated byte counted ------------------------------ */

typedef struct part {
	xlsx_book *b;
	const char *name;
	zip_file_t *zf;
	uint64_t declared, comp, got;
} part;

/* Open the entry called name: 0, 1 when there is no such entry, -1 with *err. */
static int
part_open(xlsx_book *b, const char *name, part *p, char **err)
{
	zip_stat_t st;
	zip_int64_t idx = zip_name_locate(b->zip, name, ZIP_FL_NOCASE);

	memset(p, 0, sizeof *p);
	p->b = b;
	p->name = name;
	if (idx < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) != 0) {
		*err = xasprintf(_("%s: the part %s cannot be read: %s"), b->name, name,
		    zip_strerror(b->zip));
		return -1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		*err = xasprintf(_("%s is protected with a password; save it again without one."),
		    b->name);
		return -1;
	}
	p->declared = st.size;
	p->comp = st.comp_size;
	if (p->declared > b->lim.max_part_bytes) {
		*err = xasprintf(_("%s: the part %s would unpack to %llu bytes, more than the %llu allowed."),
		    b->name, name, (unsigned long long)p->declared,
		    (unsigned long long)b->lim.max_part_bytes);
		return -1;
	}
	if (p->declared >= b->lim.ratio_from_bytes
	    && p->declared / (p->comp ? p->comp : 1) > b->lim.max_ratio) {
		*err = xasprintf(_("%s: the part %s is compressed more than %u to 1, as a zip bomb is; it is not read."),
		    b->name, name, b->lim.max_ratio);
		return -1;
	}
	p->zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!p->zf) {
		*err = xasprintf(_("%s: the part %s cannot be read: %s"), b->name, name,
		    zip_strerror(b->zip));
		return -1;
	}
	return 0;
}

/* Read up to n inflated bytes: the count, 0 at the end, -1 with *err. The counts are checked
 * against the caps here, as bytes arrive, so a header that lies about the size gets nowhere. */
static long
part_read(part *p, char *buf, size_t n, char **err)
{
	const xlsx_limits *lim = &p->b->lim;
	zip_int64_t got = zip_fread(p->zf, buf, n);

	if (got < 0) {
		zip_error_t *ze = zip_file_get_error(p->zf);
		*err = xasprintf(_("%s: the part %s is damaged: %s"), p->b->name, p->name,
		    zip_error_strerror(ze));
		return -1;
	}
	p->got += (uint64_t)got;
	p->b->total += (uint64_t)got;
	if (p->got > p->declared) {
		*err = xasprintf(_("%s: the part %s unpacks to more than the %llu bytes its header says; the file is damaged or hostile."),
		    p->b->name, p->name, (unsigned long long)p->declared);
		return -1;
	}
	if (p->got > lim->max_part_bytes) {
		*err = xasprintf(_("%s: the part %s would unpack to %llu bytes, more than the %llu allowed."),
		    p->b->name, p->name, (unsigned long long)p->got,
		    (unsigned long long)lim->max_part_bytes);
		return -1;
	}
	if (p->got >= lim->ratio_from_bytes && p->got / (p->comp ? p->comp : 1) > lim->max_ratio) {
		*err = xasprintf(_("%s: the part %s is compressed more than %u to 1, as a zip bomb is; it is not read."),
		    p->b->name, p->name, lim->max_ratio);
		return -1;
	}
	if (p->b->total > lim->max_total_bytes) {
		*err = xasprintf(_("%s: the workbook unpacks to more than %llu bytes; it is not read."),
		    p->b->name, (unsigned long long)lim->max_total_bytes);
		return -1;
	}
	return (long)got;
}

static void
part_close(part *p)
{
	if (p->zf)
		zip_fclose(p->zf);
	p->zf = NULL;
}

/* ---- XML: one streaming expat parser over one part ------------------------------------------ */

typedef struct xp xp;
struct xp {
	XML_Parser p;
	part part;
	char *err;
	unsigned depth;
	bool final, suspended;
	void (*start)(xp *x, const char *local, const char **atts);
	void (*end)(xp *x, const char *local);
	void (*text)(xp *x, const char *s, int n);
	void *ud;
};

/* Stop parsing with msg (heap) as the reason; the first reason wins. */
static void
xp_fail(xp *x, char *msg)
{
	if (!x->err)
		x->err = msg;
	else
		free(msg);
	if (!x->suspended)
		XML_StopParser(x->p, XML_FALSE);
}

/* "part, line N: " for messages about the XML. */
static char *
xp_where(xp *x)
{
	return xasprintf(_("%s: %s, line %lu"), x->part.b->name, x->part.name,
	    (unsigned long)XML_GetCurrentLineNumber(x->p));
}

static void XMLCALL
xp_on_start(void *ud, const char *name, const char **atts)
{
	xp *x = ud;
	if (x->err)
		return;
	if (++x->depth > x->part.b->lim.max_depth) {
		char *w = xp_where(x);
		xp_fail(x, xasprintf(_("%s: elements are nested more than %u deep."), w,
		    x->part.b->lim.max_depth));
		free(w);
		return;
	}
	if (x->start)
		x->start(x, local_name(name), atts);
}

static void XMLCALL
xp_on_end(void *ud, const char *name)
{
	xp *x = ud;
	if (x->err)
		return;
	x->depth--;
	if (x->end)
		x->end(x, local_name(name));
}

static void XMLCALL
xp_on_text(void *ud, const char *s, int n)
{
	xp *x = ud;
	if (!x->err && x->text)
		x->text(x, s, n);
}

/* A DTD is where entity bombs and external entities live; a workbook never has one. */
static void XMLCALL
xp_on_doctype(void *ud, const char *name, const char *sysid, const char *pubid, int has_internal)
{
	xp *x = ud;
	char *w = xp_where(x);
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	xp_fail(x, xasprintf(_("%s: a document type declaration (DTD) is not allowed in a workbook."), w));
	free(w);
}

/* Open part name for parsing: 0, 1 when it is missing, -1 with *err. */
static int
xp_open(xp *x, xlsx_book *b, const char *name, char **err)
{
	int r;
	XML_Parser saved_p;

	memset(x, 0, sizeof *x);
	r = part_open(b, name, &x->part, err);
	if (r != 0)
		return r;
	saved_p = XML_ParserCreateNS("UTF-8", NS_SEP);
	if (!saved_p) {
		part_close(&x->part);
		*err = xasprintf(_("%s: out of memory reading %s."), b->name, name);
		return -1;
	}
	x->p = saved_p;
	XML_SetUserData(x->p, x);
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetElementHandler(x->p, xp_on_start, xp_on_end);
	XML_SetCharacterDataHandler(x->p, xp_on_text);
	XML_SetStartDoctypeDeclHandler(x->p, xp_on_doctype);
	return 0;
}

static void
xp_close(xp *x)
{
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	part_close(&x->part);
	free(x->err);
	x->err = NULL;
}

/* Parse on: 1 when a handler suspended the parser (a row is ready), 2 when more input is
 * needed, 0 at the end of the part, -1 with *err. */
static int
xp_step(xp *x, char **err)
{
	enum XML_Status st;

	if (x->suspended) {
		x->suspended = false;
		st = XML_ResumeParser(x->p);
	} else {
		void *buf = XML_GetBuffer(x->p, CHUNK);
		long n;
		if (!buf) {
			*err = xasprintf(_("%s: out of memory reading %s."), x->part.b->name, x->part.name);
			return -1;
		}
		n = part_read(&x->part, buf, CHUNK, err);
		if (n < 0)
			return -1;
		x->final = n == 0;
		st = XML_ParseBuffer(x->p, (int)n, x->final);
	}
	if (st == XML_STATUS_ERROR) {
		if (x->err) {
			*err = x->err;
			x->err = NULL;
		} else {
			char *w = xp_where(x);
			*err = xasprintf(_("%s: not valid XML (%s)."), w,
			    XML_ErrorString(XML_GetErrorCode(x->p)));
			free(w);
		}
		return -1;
	}
	if (st == XML_STATUS_SUSPENDED) {
		x->suspended = true;
		return 1;
	}
	return x->final ? 0 : 2;
}

/* Parse a whole part with x's handlers: 0, 1 when it is missing, -1 with *err. */
static int
xp_parse_part(xlsx_book *b, const char *name, xp *proto, char **err)
{
	xp x;
	int r = xp_open(&x, b, name, err);
	if (r != 0)
		return r;
	x.start = proto->start;
	x.end = proto->end;
	x.text = proto->text;
	x.ud = proto->ud;
	while ((r = xp_step(&x, err)) == 2)
		;
	xp_close(&x);
	return r < 0 ? -1 : 0;
}

/* ---- package structure: relationships, workbook ------------------------------------------- */

typedef struct rels {
	rel *v;
	size_t n, cap;
	bool too_many;
} rels;

static void
rels_on_start(xp *x, const char *local, const char **atts)
{
	rels *rs = x->ud;
	const char *id = attr_get(atts, "Id", false), *type = attr_get(atts, "Type", false);
	const char *target = attr_get(atts, "Target", false), *mode = attr_get(atts, "TargetMode", false);

	if (strcmp(local, "Relationship") != 0 || !id || !type || !target)
		return;
	if (mode && strcmp(mode, "External") == 0)
		return;
	if (rs->n >= MAX_RELS) {
		char *w = xp_where(x);
		xp_fail(x, xasprintf(_("%s: more than %d relationships."), w, MAX_RELS));
		free(w);
		return;
	}
	if (rs->n == rs->cap)
		rs->v = xrealloc(rs->v, (rs->cap = rs->cap ? rs->cap * 2 : 16) * sizeof *rs->v);
	rs->v[rs->n].id = xstrdup(id);
	rs->v[rs->n].type = xstrdup(type);
	rs->v[rs->n].target = xstrdup(target);
	rs->n++;
}

static void
rels_free(rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].id);
		free(rs->v[i].type);
		free(rs->v[i].target);
	}
	free(rs->v);
}

/* True when a relationship type ends with "/suffix" (types differ between transitional and strict OOXML; the last word does not). */
static bool
type_is(const char *type, const char *suffix)
{
	size_t sl = strlen(suffix), tl = strlen(type);
	return tl > sl && type[tl - sl - 1] == '/' && strcmp(type + tl - sl, suffix) == 0;
}

/* The first relationship whose type ends with "/suffix" (types differ between transitional and strict OOXML; the last word does not). */
static const rel *
rels_by_type(const rels *rs, const char *suffix)
{
	for (size_t i = 0; i < rs->n; i++)
		if (type_is(rs->v[i].type, suffix))
			return &rs->v[i];
	return NULL;
}

/* The zip entry a relationship target names: absolute ("/xl/x.xml") or relative to dir, with
 * "." and ".." segments resolved. */
static char *
resolve_target(const char *dir, const char *target)
{
	char *joined = target[0] == '/' ? xstrdup(target + 1) : xasprintf("%s%s", dir, target);
	char *out = xmalloc(strlen(joined) + 1);
	size_t o = 0;
	char *save = NULL;

	out[0] = '\0';
	for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o] = '\0';
			continue;
		}
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, seg, strlen(seg) + 1);
		o += strlen(seg);
	}
	free(joined);
	return out;
}

/* The rels part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"; *dir gets "xl/". */
static char *
rels_part_of(const char *partname, char **dir)
{
	const char *slash = strrchr(partname, '/');
	size_t dl = slash ? (size_t)(slash - partname) + 1 : 0;
	*dir = xstrndup(partname, dl);
	return xasprintf("%s_rels/%s.rels", *dir, partname + dl);
}

static void
workbook_on_start(xp *x, const char *local, const char **atts)
{
	xlsx_book *b = x->ud;

	if (strcmp(local, "workbookPr") == 0) {
		const char *v = attr_get(atts, "date1904", false);
		b->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
	} else if (strcmp(local, "sheet") == 0) {
		const char *name = attr_get(atts, "name", false), *rid = attr_get(atts, "id", true);
		if (!name || !rid) {
			char *w = xp_where(x);
			xp_fail(x, xasprintf(_("%s: a sheet without a name or relationship id."), w));
			free(w);
			return;
		}
		if (b->nsheets >= MAX_SHEETS) {
			char *w = xp_where(x);
			xp_fail(x, xasprintf(_("%s: more than %d sheets."), w, MAX_SHEETS));
			free(w);
			return;
		}
		b->sheets = xrealloc(b->sheets, (b->nsheets + 1) * sizeof *b->sheets);
		b->sheets[b->nsheets].name = xstrdup(name);
		b->sheets[b->nsheets].rid = xstrdup(rid);
		b->sheets[b->nsheets].part = NULL;
		b->sheets[b->nsheets].worksheet = false;
		b->nsheets++;
	}
}

/* A package that is not a workbook gets one message, whatever part is missing. */
static char *
not_workbook(const xlsx_book *b, const char *missing)
{
	return xasprintf(_("%s is not an Excel workbook (.xlsx): it has no %s."), b->name, missing);
}

/* Find the workbook part through _rels/.rels, read its sheets and their parts. */
static int
book_read_structure(xlsx_book *b, char **err)
{
	rels top = { 0 }, wbr = { 0 };
	xp proto = { 0 };
	char *dir = NULL, *relsname = NULL;
	const rel *r;
	int rc = -1, pr;

	proto.start = rels_on_start;
	proto.ud = &top;
	pr = xp_parse_part(b, "_rels/.rels", &proto, err);
	if (pr < 0)
		goto out;
	r = rels_by_type(&top, "officeDocument");
	b->wb_part = r ? resolve_target("", r->target) : xstrdup("xl/workbook.xml");

	proto.start = workbook_on_start;
	proto.ud = b;
	pr = xp_parse_part(b, b->wb_part, &proto, err);
	if (pr != 0) {
		if (pr == 1)
			*err = not_workbook(b, b->wb_part);
		goto out;
	}
	relsname = rels_part_of(b->wb_part, &dir);
	proto.start = rels_on_start;
	proto.ud = &wbr;
	pr = xp_parse_part(b, relsname, &proto, err);
	if (pr != 0) {
		if (pr == 1)
			*err = not_workbook(b, relsname);
		goto out;
	}
	for (size_t i = 0; i < b->nsheets; i++) {
		for (size_t j = 0; j < wbr.n; j++) {
			if (strcmp(wbr.v[j].id, b->sheets[i].rid) != 0)
				continue;
			b->sheets[i].part = resolve_target(dir, wbr.v[j].target);
			b->sheets[i].worksheet = type_is(wbr.v[j].type, "worksheet");
			break;
		}
	}
	if ((r = rels_by_type(&wbr, "sharedStrings")))
		b->sst_part = resolve_target(dir, r->target);
	if ((r = rels_by_type(&wbr, "styles")))
		b->styles_part = resolve_target(dir, r->target);
	if (b->nsheets == 0) {
		*err = xasprintf(_("%s is not an Excel workbook (.xlsx): it lists no sheets."), b->name);
		goto out;
	}
	rc = 0;
out:
	rels_free(&top);
	rels_free(&wbr);
	free(dir);
	free(relsname);
	return rc;
}

/* ---- shared strings and styles ------------------------------------------------------------- */

typedef struct sst_state {
	xlsx_book *b;
	bool in_si, in_t;
	unsigned rph;			/* depth inside <rPh> phonetic runs, which are left out */
	size_t start, chars;
} sst_state;

static void
sst_on_start(xp *x, const char *local, const char **atts)
{
	sst_state *s = x->ud;
	xlsx_book *b = s->b;
	(void)atts;

	if (strcmp(local, "si") == 0) {
		if (b->nsst >= b->lim.max_shared_strings) {
			char *w = xp_where(x);
			xp_fail(x, xasprintf(_("%s: more than %zu shared strings."), w,
			    b->lim.max_shared_strings));
			free(w);
			return;
		}
		s->in_si = true;
		s->start = b->sst_len;
		s->chars = 0;
	} else if (strcmp(local, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(local, "t") == 0 && s->in_si && !s->rph) {
		s->in_t = true;
	}
}

/* Decode OOXML's escapes of characters XML cannot hold ("_x000D_" for a carriage return,
 * "_x005F_" for a literal underscore) in the n bytes at s, in place; returns the new length.
 * Excel writes them in strings; a number is never escaped. */
static size_t
xstring_decode(char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned cp = 0;
		size_t k;
		if (s[i] != '_' || i + 7 > n || s[i + 1] != 'x' || s[i + 6] != '_') {
			s[o++] = s[i++];
			continue;
		}
		for (k = 2; k < 6; k++) {
			char c = s[i + k];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0)
				break;
			cp = cp * 16 + (unsigned)d;
		}
		if (k < 6 || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			s[o++] = s[i++];
			continue;
		}
		if (cp < 0x80) {
			s[o++] = (char)cp;
		} else if (cp < 0x800) {
			s[o++] = (char)(0xC0 | cp >> 6);
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[o++] = (char)(0xE0 | cp >> 12);
			s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		}
		i += 7;
	}
	s[o] = '\0';
	return o;
}

static void
sst_on_end(xp *x, const char *local)
{
	sst_state *s = x->ud;
	xlsx_book *b = s->b;

	if (strcmp(local, "si") == 0 && s->in_si) {
		if (b->nsst == b->sst_offcap)
			b->sst_off = xrealloc(b->sst_off, (b->sst_offcap = b->sst_offcap ? b->sst_offcap * 2 : 256)
			    * sizeof *b->sst_off);
		b->sst_off[b->nsst++] = s->start;
		if (b->sst_len > s->start)
			b->sst_len = s->start + xstring_decode(b->sst + s->start, b->sst_len - s->start);
		buf_add(&b->sst, &b->sst_len, &b->sst_cap, "", 1);	/* the NUL that ends it */
		s->in_si = false;
	} else if (strcmp(local, "rPh") == 0 && s->rph) {
		s->rph--;
	} else if (strcmp(local, "t") == 0) {
		s->in_t = false;
	}
}

static void
sst_on_text(xp *x, const char *t, int n)
{
	sst_state *s = x->ud;
	xlsx_book *b = s->b;

	if (!s->in_t)
		return;
	s->chars += utf8_chars(t, (size_t)n);
	if (s->chars > b->lim.max_cell_chars) {
		char *w = xp_where(x);
		xp_fail(x, xasprintf(_("%s: shared string %zu is longer than %zu characters."), w,
		    b->nsst + 1, b->lim.max_cell_chars));
		free(w);
		return;
	}
	buf_add(&b->sst, &b->sst_len, &b->sst_cap, t, (size_t)n);
}

typedef struct numfmt {
	int id;
	unsigned char kind;
} numfmt;

typedef struct styles_state {
	xlsx_book *b;
	numfmt *fmts;
	size_t nfmts;
	int *xf_ids;
	size_t nxf;
	bool in_cellxfs;
} styles_state;

static void
styles_on_start(xp *x, const char *local, const char **atts)
{
	styles_state *s = x->ud;
	const char *id = attr_get(atts, "numFmtId", false);
	unsigned long long v = 0;

	if (strcmp(local, "cellXfs") == 0) {
		s->in_cellxfs = true;
		return;
	}
	if (strcmp(local, "numFmt") != 0 && !(strcmp(local, "xf") == 0 && s->in_cellxfs))
		return;
	if ((s->nfmts >= MAX_STYLES && local[0] == 'n') || (s->nxf >= MAX_STYLES && local[0] == 'x')) {
		char *w = xp_where(x);
		xp_fail(x, xasprintf(_("%s: more than %d styles."), w, MAX_STYLES));
		free(w);
		return;
	}
	if (id && !parse_uint(id, 100000, &v))
		v = 0;
	if (local[0] == 'n') {
		s->fmts = xrealloc(s->fmts, (s->nfmts + 1) * sizeof *s->fmts);
		s->fmts[s->nfmts].id = (int)v;
		s->fmts[s->nfmts].kind = (unsigned char)xlsx_numfmt_kind((int)v, attr_get(atts, "formatCode", false));
		s->nfmts++;
	} else {
		s->xf_ids = xrealloc(s->xf_ids, (s->nxf + 1) * sizeof *s->xf_ids);
		s->xf_ids[s->nxf++] = (int)v;
	}
}

static void
styles_on_end(xp *x, const char *local)
{
	styles_state *s = x->ud;
	if (strcmp(local, "cellXfs") == 0)
		s->in_cellxfs = false;
}

static int
numfmt_cmp(const void *a, const void *b)
{
	const numfmt *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Each cell style's kind of number: its custom format when the workbook defines that id, else the built-in one. */
static void
styles_resolve(xlsx_book *b, styles_state *s)
{
	b->xf_kind = xcalloc(s->nxf ? s->nxf : 1, 1);
	b->nxf = s->nxf;
	/* sorted and searched: a hostile file may hold 200,000 of each */
	if (s->nfmts)
		qsort(s->fmts, s->nfmts, sizeof *s->fmts, numfmt_cmp);
	for (size_t i = 0; i < s->nxf; i++) {
		numfmt key = { s->xf_ids[i], 0 };
		const numfmt *f = s->nfmts ? bsearch(&key, s->fmts, s->nfmts, sizeof *s->fmts, numfmt_cmp) : NULL;
		b->xf_kind[i] = f ? f->kind : (unsigned char)xlsx_numfmt_kind(s->xf_ids[i], NULL);
	}
}

/* Read the shared strings and styles once, before the first sheet. */
static int
book_load_tables(xlsx_book *b, char **err)
{
	xp proto = { 0 };
	int rc = 0;

	if (b->loaded)
		return 0;
	if (b->sst_part) {
		sst_state s = { .b = b };
		proto.start = sst_on_start;
		proto.end = sst_on_end;
		proto.text = sst_on_text;
		proto.ud = &s;
		if (xp_parse_part(b, b->sst_part, &proto, err) < 0)
			return -1;
		/* A missing part is treated as no strings: a cell that wants one says so. */
	}
	if (b->styles_part) {
		styles_state s = { .b = b };
		proto.start = styles_on_start;
		proto.end = styles_on_end;
		proto.text = NULL;
		proto.ud = &s;
		rc = xp_parse_part(b, b->styles_part, &proto, err);
		if (rc >= 0)
			styles_resolve(b, &s);
		free(s.fmts);
		free(s.xf_ids);
		if (rc < 0)
			return -1;
	}
	b->loaded = true;
	return 0;
}

/* ---- number formats and date serials -------------------------------------------------------- */

enum xlsx_numkind
xlsx_numfmt_kind(int id, const char *code)
{
	char tok[64];
	size_t nt = 0;
	bool date = false, time = false;

	if (!code) {
		if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36
		    || (id >= 50 && id <= 54) || id == 57 || id == 58)
			return XLSX_DATE;
		if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47) || (id >= 32 && id <= 35)
		    || id == 55 || id == 56)
			return XLSX_TIME;
		return id == 22 ? XLSX_DATETIME : XLSX_NUMBER;
	}
	/* The date and time letters of the first section, quoted text, [colours], [$-locale],
	 * escaped and padding characters and AM/PM left out; runs of one letter count once. */
	for (const char *p = code; *p && *p != ';' && nt < sizeof tok; p++) {
		char c = (char)(*p | 0x20);
		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			/* [h], [mm], [ss]: elapsed time. */
			const char *q = p + 1;
			char first = (char)(*q | 0x20);
			while (*q && (char)(*q | 0x20) == first && (first == 'h' || first == 'm' || first == 's'))
				q++;
			if (*q == ']' && q > p + 1) {
				time = true;
				tok[nt++] = first == 'm' ? 'n' : first;
			}
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
		} else if (strncasecmp(p, "AM/PM", 5) == 0) {
			p += 4;
		} else if (strncasecmp(p, "A/P", 3) == 0) {
			p += 2;
		} else if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's') {
			if (nt == 0 || tok[nt - 1] != c)
				tok[nt++] = c;
		}
	}
	for (size_t i = 0; i < nt; i++) {
		if (tok[i] == 'y' || tok[i] == 'd')
			date = true;
		else if (tok[i] == 'h' || tok[i] == 's' || tok[i] == 'n')
			time = true;
		else if (tok[i] == 'm') {
			/* m after h or before s is minutes, otherwise months. */
			if ((i > 0 && tok[i - 1] == 'h') || (i + 1 < nt && tok[i + 1] == 's'))
				time = true;
			else
				date = true;
		}
	}
	return date && time ? XLSX_DATETIME : date ? XLSX_DATE : time ? XLSX_TIME : XLSX_NUMBER;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* The date z days after 1970-01-01. */
static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* strtod in the C locale whatever the program's locale is: the file always writes "2.5". */
static bool
parse_c_double(const char *s, double *out)
{
	static locale_t c_loc;
	char *end;

	if (!c_loc)
		c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!c_loc || !*s)
		return false;
	errno = 0;
	*out = strtod_l(s, &end, c_loc);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

bool
xlsx_serial_format(const char *num, bool date1904, enum xlsx_numkind kind, char out[32])
{
	double v;
	long days, y;
	long long secs;
	unsigned m, d;
	bool show_time;

	if (kind == XLSX_NUMBER || !parse_c_double(num, &v) || v < 0 || v >= 2958466.0)
		return false;
	days = (long)floor(v);
	secs = llround((v - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	show_time = kind != XLSX_DATE || secs != 0;
	if (kind == XLSX_TIME && days == 0) {
		snprintf(out, 32, "%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
		return true;
	}
	if (date1904) {
		civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &d);
	} else if (days == 0) {
		if (!show_time)
			return false;	/* Excel's "1900-01-00" is no date */
		snprintf(out, 32, "%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
		return true;
	} else if (days == 60) {
		/* Excel counts 1900 as a leap year (Lotus 1-2-3's bug): day 60 is the 29th of
		 * February 1900 that never was. It is given as Excel shows it, so a date check
		 * downstream refuses it rather than moving it silently to another day. */
		y = 1900, m = 2, d = 29;
	} else {
		civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &d);
	}
	{
		/* y is 1900..9999 and the rest in range, but the compiler cannot know: a wide buffer. */
		char tmp[96];
		if (show_time)
			snprintf(tmp, sizeof tmp, "%04ld-%02u-%02u %02lld:%02lld:%02lld", y, m, d,
			    secs / 3600, secs / 60 % 60, secs % 60);
		else
			snprintf(tmp, sizeof tmp, "%04ld-%02u-%02u", y, m, d);
		snprintf(out, 32, "%.31s", tmp);
	}
	return true;
}

/* ---- opening and closing -------------------------------------------------------------------- */

/* The first bytes of an OLE2 compound file: an old .xls, or an .xlsx encrypted with a password
 * (Excel wraps those in a compound file holding an "EncryptedPackage" stream). */
static const unsigned char ole_magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

/* True when the compound file's first bytes name an EncryptedPackage stream (UTF-16LE). */
static bool
ole_is_encrypted(const unsigned char *p, size_t n)
{
	static const char want[] = "EncryptedPackage";
	size_t wl = sizeof want - 1;
	for (size_t i = 0; i + wl * 2 <= n; i++) {
		size_t k = 0;
		while (k < wl && p[i + 2 * k] == (unsigned char)want[k] && p[i + 2 * k + 1] == 0)
			k++;
		if (k == wl)
			return true;
	}
	return false;
}

/* The message for a file that is not a zip at all, telling an .xls and a password from junk. */
static char *
not_zip_message(const char *name, const unsigned char *head, size_t n)
{
	if (n >= 8 && memcmp(head, ole_magic, 8) == 0) {
		if (ole_is_encrypted(head, n))
			return xasprintf(_("%s is protected with a password; save it again without one."), name);
		return xasprintf(_("%s is an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV."), name);
	}
	if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
		return xasprintf(_("%s is damaged or incomplete: its zip directory is missing (was it copied whole?)."), name);
	return xasprintf(_("%s is not an Excel workbook (.xlsx): it is not a zip file."), name);
}

static xlsx_book *
book_new(const char *name, const xlsx_limits *lim)
{
	static const xlsx_limits def = XLSX_LIMITS_DEFAULT;
	xlsx_book *b = xcalloc(1, sizeof *b);
	b->name = xstrdup(name);
	b->lim = lim ? *lim : def;
	return b;
}

/* Open the zip from src (taken over) and read the workbook's structure. */
static xlsx_book *
book_open_source(xlsx_book *b, zip_source_t *src, const unsigned char *head, size_t nhead, char **err)
{
	zip_error_t ze;

	zip_error_init(&ze);
	b->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!b->zip) {
		int code = zip_error_code_zip(&ze);
		if (code == ZIP_ER_NOZIP)
			*err = not_zip_message(b->name, head, nhead);
		else if (code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_CRC)
			*err = xasprintf(_("%s is damaged or incomplete (%s)."), b->name, zip_error_strerror(&ze));
		else
			*err = xasprintf(_("%s cannot be read: %s"), b->name, zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		xlsx_close(b);
		return NULL;
	}
	zip_error_fini(&ze);
	if (book_read_structure(b, err) != 0) {
		xlsx_close(b);
		return NULL;
	}
	return b;
}

xlsx_book *
xlsx_open(const char *path, const xlsx_limits *lim, char **err)
{
	unsigned char head[65536];
	size_t nhead = 0;
	FILE *f = fopen(path, "rb");
	zip_error_t ze;
	zip_source_t *src;
	xlsx_book *b;

	*err = NULL;
	if (!f) {
		*err = xasprintf(_("%s cannot be opened: %s"), path, strerror(errno));
		return NULL;
	}
	nhead = fread(head, 1, sizeof head, f);
	fclose(f);
	b = book_new(path, lim);
	zip_error_init(&ze);
	src = zip_source_file_create(path, 0, -1, &ze);
	if (!src) {
		*err = xasprintf(_("%s cannot be read: %s"), path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		xlsx_close(b);
		return NULL;
	}
	zip_error_fini(&ze);
	return book_open_source(b, src, head, nhead, err);
}

xlsx_book *
xlsx_open_buffer(const void *data, size_t len, const char *name, const xlsx_limits *lim, char **err)
{
	zip_error_t ze;
	zip_source_t *src;
	xlsx_book *b = book_new(name, lim);

	*err = NULL;
	zip_error_init(&ze);
	src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	zip_error_fini(&ze);
	if (!src) {
		*err = xasprintf(_("%s: out of memory reading %s."), name, name);
		xlsx_close(b);
		return NULL;
	}
	return book_open_source(b, src, data, len < 65536 ? len : 65536, err);
}

void
xlsx_close(xlsx_book *b)
{
	if (!b)
		return;
	if (b->zip)
		zip_discard(b->zip);
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].rid);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->name);
	free(b->wb_part);
	free(b->sst_part);
	free(b->styles_part);
	free(b->sst);
	free(b->sst_off);
	free(b->xf_kind);
	free(b);
}

size_t
xlsx_sheet_count(const xlsx_book *b)
{
	return b->nsheets;
}

const char *
xlsx_sheet_name(const xlsx_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i].name : NULL;
}

bool
xlsx_is_date1904(const xlsx_book *b)
{
	return b->date1904;
}

int
xlsx_sheet_find(const xlsx_book *b, const char *name)
{
	char *want = str_trim_dup(name);
	int found = -1;

	for (size_t i = 0; i < b->nsheets && found < 0; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			found = (int)i;
	for (size_t i = 0; i < b->nsheets && found < 0; i++) {
		char *have = str_trim_dup(b->sheets[i].name);
		if (strcasecmp(have, want) == 0)
			found = (int)i;
		free(have);
	}
	free(want);
	return found;
}

/* ---- reading a sheet ------------------------------------------------------------------------ */

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_BOOL, CT_ERROR, CT_STR, CT_DATE };

struct xlsx_sheet {
	xlsx_book *b;
	xp x;
	bool open, done;
	char *partname;
	/* the row being built: its text in one arena (offset 0 holds ""), a cell's offset per column */
	long rownum;
	char *arena;
	size_t alen, acap;
	size_t *off;
	size_t ncols, offcap;
	char **cells;
	size_t cellcap;
	bool row_ready, in_row;
	/* the cell being read */
	bool in_c, in_v, in_is, in_t;
	unsigned rph;
	unsigned long col, lastcol;
	enum cell_type ct;
	unsigned style;
	char *val;
	size_t vlen, vcap, vchars;
};

/* "C5" for column 3 (1-based) of row 5, into out[24]. */
static void
cell_ref(unsigned long col, long row, char out[24])
{
	char letters[8];
	int n = 0;
	for (; col > 0 && n < 7; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	snprintf(out + n, 24 - (size_t)n, "%ld", row);
}

/* Fail with "file: part, cell C5: msg". */
static void
sheet_fail_cell(xlsx_sheet *s, const char *msg)
{
	char ref[24];
	cell_ref(s->col, s->rownum, ref);
	xp_fail(&s->x, xasprintf(_("%s: %s, cell %s: %s"), s->b->name, s->partname, ref, msg));
}

/* Fail with "file: part, line N: msg". */
static void
sheet_fail_line(xlsx_sheet *s, const char *msg)
{
	char *w = xp_where(&s->x);
	xp_fail(&s->x, xasprintf("%s: %s", w, msg));
	free(w);
}

/* The column of a reference like "AB12": 1-based, 0 when it has no letters, above max when too far. */
static unsigned long
ref_column(const char *r, unsigned long max)
{
	unsigned long c = 0;
	for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++) {
		c = c * 26 + (unsigned long)((*r | 0x20) - 'a' + 1);
		if (c > max)
			return max + 1;
	}
	return c;
}

static void
sheet_start_row(xlsx_sheet *s, const char **atts)
{
	const char *r = attr_get(atts, "r", false);
	unsigned long long n;

	if (r) {
		if (!parse_uint(r, s->b->lim.max_rows, &n) || n == 0) {
			char *m = xasprintf(_("row number \"%.20s\" is not one from 1 to %lu."), r, s->b->lim.max_rows);
			sheet_fail_line(s, m);
			free(m);
			return;
		}
		if ((long)n <= s->rownum) {
			char *m = xasprintf(_("row %llu comes after row %ld; rows must be in order."), n, s->rownum);
			sheet_fail_line(s, m);
			free(m);
			return;
		}
	} else {
		n = (unsigned long long)s->rownum + 1;
		if (n > s->b->lim.max_rows) {
			char *m = xasprintf(_("more than %lu rows."), s->b->lim.max_rows);
			sheet_fail_line(s, m);
			free(m);
			return;
		}
	}
	s->rownum = (long)n;
	s->in_row = true;
	s->alen = 1;
	s->arena[0] = '\0';
	s->ncols = 0;
	s->lastcol = 0;
}

static void
sheet_start_cell(xlsx_sheet *s, const char **atts)
{
	const char *r = attr_get(atts, "r", false), *t = attr_get(atts, "t", false);
	const char *st = attr_get(atts, "s", false);
	unsigned long long sv;
	unsigned long max = s->b->lim.max_columns;

	s->col = r ? ref_column(r, max) : 0;
	if (s->col == 0)
		s->col = s->lastcol + 1;
	if (s->col > max) {
		char *m = xasprintf(_("more than %lu columns."), max);
		s->col = max;
		sheet_fail_cell(s, m);
		free(m);
		return;
	}
	if (s->col <= s->lastcol) {
		sheet_fail_cell(s, _("cells are out of order or given twice."));
		return;
	}
	s->lastcol = s->col;
	s->ct = !t || strcmp(t, "n") == 0 ? CT_NUMBER : strcmp(t, "s") == 0 ? CT_SHARED
	    : strcmp(t, "inlineStr") == 0 ? CT_INLINE : strcmp(t, "b") == 0 ? CT_BOOL
	    : strcmp(t, "e") == 0 ? CT_ERROR : strcmp(t, "d") == 0 ? CT_DATE : CT_STR;
	s->style = st && parse_uint(st, 0xFFFFFFF, &sv) ? (unsigned)sv : 0;
	s->in_c = true;
	s->vlen = 0;
	s->vchars = 0;
	if (s->val)
		s->val[0] = '\0';
}

/* Put text as the current cell's value, with "" cells for the columns skipped before it. */
static void
sheet_put_cell(xlsx_sheet *s, const char *text)
{
	size_t need = s->col;

	if (!*text)
		return;
	if (need > s->offcap) {
		size_t c = s->offcap ? s->offcap : 16;
		while (c < need)
			c *= 2;
		s->off = xrealloc(s->off, c * sizeof *s->off);
		s->offcap = c;
	}
	while (s->ncols < need - 1)
		s->off[s->ncols++] = 0;
	s->off[s->ncols++] = s->alen;
	buf_add(&s->arena, &s->alen, &s->acap, text, strlen(text) + 1);	/* NUL included: the separator */
}

static void
sheet_end_cell(xlsx_sheet *s)
{
	const char *v = s->val ? s->val : "";
	xlsx_book *b = s->b;
	char out[32];
	unsigned long long idx;

	s->in_c = false;
	switch (s->ct) {
	case CT_SHARED:
		if (!*v)
			break;
		if (b->nsst == 0) {
			sheet_fail_cell(s, _("it refers to a shared string, but the workbook has no shared strings."));
			return;
		}
		if (!parse_uint(v, (unsigned long long)b->nsst - 1, &idx)) {
			char *m = xasprintf(_("shared string \"%.20s\" does not exist (the workbook has %zu)."), v, b->nsst);
			sheet_fail_cell(s, m);
			free(m);
			return;
		}
		sheet_put_cell(s, b->sst + b->sst_off[idx]);
		break;
	case CT_INLINE:
	case CT_STR:
		if (s->val)
			s->vlen = xstring_decode(s->val, s->vlen);
		sheet_put_cell(s, v);
		break;
	case CT_BOOL:
		sheet_put_cell(s, strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v);
		break;
	case CT_NUMBER:
		if (s->style < b->nxf && b->xf_kind[s->style] != XLSX_NUMBER
		    && xlsx_serial_format(v, b->date1904, (enum xlsx_numkind)b->xf_kind[s->style], out))
			v = out;
		sheet_put_cell(s, v);
		break;
	default:
		sheet_put_cell(s, v);
		break;
	}
}

static void
sheet_end_row(xlsx_sheet *s)
{
	s->in_row = false;
	if (s->ncols == 0)
		return;		/* no value in the row: not a row to a reader */
	if (s->ncols > s->cellcap) {
		s->cellcap = s->ncols;
		s->cells = xrealloc(s->cells, s->cellcap * sizeof *s->cells);
	}
	for (size_t i = 0; i < s->ncols; i++)
		s->cells[i] = s->arena + s->off[i];
	s->row_ready = true;
	XML_StopParser(s->x.p, XML_TRUE);
}

static void
sheet_on_start(xp *x, const char *local, const char **atts)
{
	xlsx_sheet *s = x->ud;

	if (strcmp(local, "row") == 0)
		sheet_start_row(s, atts);
	else if (!s->in_row)
		return;
	else if (strcmp(local, "c") == 0)
		sheet_start_cell(s, atts);
	else if (!s->in_c)
		return;
	else if (strcmp(local, "v") == 0)
		s->in_v = true;
	else if (strcmp(local, "is") == 0)
		s->in_is = true;
	else if (strcmp(local, "rPh") == 0)
		s->rph++;
	else if (strcmp(local, "t") == 0 && s->in_is && !s->rph)
		s->in_t = true;
}

static void
sheet_on_end(xp *x, const char *local)
{
	xlsx_sheet *s = x->ud;

	if (strcmp(local, "row") == 0 && s->in_row)
		sheet_end_row(s);
	else if (strcmp(local, "c") == 0 && s->in_c)
		sheet_end_cell(s);
	else if (strcmp(local, "v") == 0)
		s->in_v = false;
	else if (strcmp(local, "is") == 0)
		s->in_is = false;
	else if (strcmp(local, "rPh") == 0 && s->rph)
		s->rph--;
	else if (strcmp(local, "t") == 0)
		s->in_t = false;
}

static void
sheet_on_text(xp *x, const char *t, int n)
{
	xlsx_sheet *s = x->ud;

	if (!s->in_c || !(s->in_v || s->in_t))
		return;
	s->vchars += utf8_chars(t, (size_t)n);
	if (s->vchars > s->b->lim.max_cell_chars) {
		char *m = xasprintf(_("the cell holds more than %zu characters."), s->b->lim.max_cell_chars);
		sheet_fail_cell(s, m);
		free(m);
		return;
	}
	buf_add(&s->val, &s->vlen, &s->vcap, t, (size_t)n);
}

xlsx_sheet *
xlsx_sheet_open(xlsx_book *b, const char *name, char **err)
{
	int i = xlsx_sheet_find(b, name);
	xlsx_sheet *s;
	int r;

	*err = NULL;
	if (i < 0) {
		char *list = NULL;
		size_t len = 0, cap = 0;
		for (size_t k = 0; k < b->nsheets; k++) {
			if (k)
				buf_add(&list, &len, &cap, _(", "), strlen(_(", ")));
			buf_add(&list, &len, &cap, b->sheets[k].name, strlen(b->sheets[k].name));
		}
		*err = xasprintf(_("%s has no sheet called \"%s\" (its sheets: %s)."), b->name, name,
		    list ? list : "");
		free(list);
		return NULL;
	}
	if (!b->sheets[i].part) {
		*err = xasprintf(_("%s: the sheet \"%s\" has no part in the workbook's relationships."),
		    b->name, b->sheets[i].name);
		return NULL;
	}
	if (!b->sheets[i].worksheet) {
		*err = xasprintf(_("%s: \"%s\" is a chart or another kind of sheet, not a sheet of cells."),
		    b->name, b->sheets[i].name);
		return NULL;
	}
	if (book_load_tables(b, err) != 0)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->b = b;
	s->partname = xstrdup(b->sheets[i].part);
	r = xp_open(&s->x, b, s->partname, err);
	if (r != 0) {
		if (r == 1)
			*err = not_workbook(b, s->partname);
		free(s->partname);
		free(s);
		return NULL;
	}
	s->open = true;
	s->x.start = sheet_on_start;
	s->x.end = sheet_on_end;
	s->x.text = sheet_on_text;
	s->x.ud = s;
	buf_add(&s->arena, &s->alen, &s->acap, "", 1);
	return s;
}

int
xlsx_sheet_next(xlsx_sheet *s, xlsx_row *row, char **err)
{
	*err = NULL;
	if (s->done)
		return 0;
	s->row_ready = false;
	for (;;) {
		int r = xp_step(&s->x, err);
		if (r < 0) {
			s->done = true;
			return -1;
		}
		if (r == 1 && s->row_ready) {
			row->cells = s->cells;
			row->n = s->ncols;
			row->row = s->rownum;
			return 1;
		}
		if (r == 0) {
			s->done = true;
			return 0;
		}
	}
}

void
xlsx_sheet_close(xlsx_sheet *s)
{
	if (!s)
		return;
	if (s->open)
		xp_close(&s->x);
	free(s->partname);
	free(s->arena);
	free(s->off);
	free(s->cells);
	free(s->val);
	free(s);
}
