/* formmodel.c - a form's state without a screen (see formmodel.h). Each field has one slot per
 * instance of its group (one slot outside repeating groups). A slot remembers what was loaded,
 * what is there now and what the draft holds, so dirty state and pending draft writes are plain
 * comparisons, and a failed draft write simply stays pending until a later write succeeds. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formmodel.h"
#include "draft.h"
#include "util.h"
#include "i18n.h"

/* Where a slot stands against the first keying in verify mode. */
enum { VERIFY_SAME, VERIFY_DIFFERS, VERIFY_DECIDED };

typedef struct slot {
	char *value;     /* what is there now, as typed or normalised */
	char *initial;   /* as loaded: dirty means value differs */
	char *drafted;   /* what the draft holds, NULL: nothing written */
	char *error;     /* shown under the field */
	bool rewrite;    /* the draft row must be written even if drafted matches (instances moved) */
	bool cut;        /* the last load/set/restore cut the text at the field's limit */
	/* Verify mode (double entry): where this field stands against the first keying. */
	int verify;      /* VERIFY_SAME, VERIFY_DIFFERS (stopped: a decision is wanted), VERIFY_DECIDED */
	formmodel_verdict verdict; /* VERIFY_DECIDED: which value was taken */
	char *second;    /* VERIFY_DIFFERS, VERIFY_DECIDED: what the second operator keyed (normalised) */
	char *decided;   /* VERIFY_DECIDED: the value decided on */
	bool decision_drafted; /* the draft holds a decision row for this field (written "" once undone) */
} slot;

typedef struct group_state {
	size_t count;        /* instances */
	size_t loaded;       /* instances when loaded: a different count is an edit */
	size_t drafted;      /* count the draft holds, SIZE_MAX: none written */
	size_t held;         /* slots set per field (>= count): past count, the members a lower count hid
	                      * (a counted repeat), brought back with their answers when it rises again */
	size_t kept;         /* a counted repeat: instances kept beyond its count because they hold answers
	                        * from before (a draft answered before the count applied); 0: none */
} group_state;

struct formmodel {
	const fieldset *fs;
	char *draft_key;
	slot **slots;        /* slots[field][inst] */
	group_state *groups; /* per group (index id-1) */
	bool verifying;      /* verify mode is on: commits compare with the first keying */
	char **first_names;  /* the first keying: draft names and their values */
	char **first_values;
	size_t nfirst;
};

static bool
is_repeat_field(const formmodel *m, size_t field)
{
	size_t g = m->fs->fields[field].group;
	return g && m->fs->groups[g - 1].repeat;
}

size_t
formmodel_instances(const formmodel *m, size_t field)
{
	return is_repeat_field(m, field) ? m->groups[m->fs->fields[field].group - 1].count : 1;
}

static slot *
slot_at(const formmodel *m, size_t field, size_t inst)
{
	if (field >= m->fs->n || inst >= formmodel_instances(m, field))
		return NULL;
	return &m->slots[field][inst];
}

/* Copy of v cut to at most max characters (0: no limit) on a character boundary; *cut says whether it was. */
static char *
cut_to(const char *v, size_t max, bool *cut)
{
	size_t chars = 0, i;

	*cut = false;
	if (!v)
		return xstrdup("");
	for (i = 0; v[i]; i++) {
		if (((unsigned char)v[i] & 0xc0) != 0x80 && max && chars++ == max) {
			*cut = true;
			break;
		}
	}
	return xstrndup(v, i);
}

static void
slot_init(slot *s, const field_def *d)
{
	bool cut;

	memset(s, 0, sizeof *s);
	s->value = cut_to(d->default_value, field_max_chars(d), &cut);
	s->initial = xstrdup(s->value);
}

static void
slot_free(slot *s)
{
	free(s->value);
	free(s->second);
	free(s->decided);
	free(s->initial);
	free(s->drafted);
	free(s->error);
}

formmodel *
formmodel_new(const fieldset *fs, const char *draft_key)
{
	formmodel *m = xcalloc(1, sizeof *m);

	m->fs = fs;
	m->draft_key = xstrdup(draft_key);
	m->groups = xcalloc(fs->ngroups ? fs->ngroups : 1, sizeof *m->groups);
	for (size_t g = 0; g < fs->ngroups; g++)
		m->groups[g] = (group_state){ 1, 1, SIZE_MAX, 1, 0 };
	m->slots = xcalloc(fs->n ? fs->n : 1, sizeof *m->slots);
	for (size_t i = 0; i < fs->n; i++) {
		m->slots[i] = xcalloc(1, sizeof **m->slots);
		slot_init(&m->slots[i][0], &fs->fields[i]);
	}
	formmodel_repeat_counts(m);
	for (size_t g = 0; g < fs->ngroups; g++)
		m->groups[g].loaded = m->groups[g].count;
	return m;
}

void
formmodel_free(formmodel *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->fs->n; i++) {
		size_t held = is_repeat_field(m, i) ? m->groups[m->fs->fields[i].group - 1].held : 1;
		for (size_t k = 0; k < held; k++)
			slot_free(&m->slots[i][k]);
		free(m->slots[i]);
	}
	free(m->slots);
	free(m->groups);
	free(m->draft_key);
	for (size_t i = 0; i < m->nfirst; i++) {
		free(m->first_names[i]);
		free(m->first_values[i]);
	}
	free(m->first_names);
	free(m->first_values);
	free(m);
}

const fieldset *
formmodel_fields(const formmodel *m)
{
	return m->fs;
}

/* ---- repeats ----------------------------------------------------------------------- */

/* Make repeating group g hold count instances: new ones get defaults. Fewer instances of a counted
 * repeat hide the ones past count without forgetting them: its count changes as it is typed (erasing
 * "3" to type "4" passes through none), so when it rises again they come back with their answers.
 * A repeat the user adds to starts each new instance afresh. */
static void
resize_group(formmodel *m, size_t g, size_t count)
{
	group_state *gs = &m->groups[g - 1];
	bool park = m->fs->groups[g - 1].count != NULL;
	size_t held = gs->held, keep = park && held > count ? held : count;

	for (size_t i = 0; i < m->fs->n; i++) {
		if (m->fs->fields[i].group != g)
			continue;
		for (size_t k = keep; k < held; k++)
			slot_free(&m->slots[i][k]);
		m->slots[i] = xrealloc(m->slots[i], (keep ? keep : 1) * sizeof **m->slots);
		for (size_t k = held; k < keep; k++)
			slot_init(&m->slots[i][k], &m->fs->fields[i]);
	}
	gs->held = keep;
	gs->count = count;
}

static bool
is_repeat_group(const formmodel *m, size_t g)
{
	return g >= 1 && g <= m->fs->ngroups && m->fs->groups[g - 1].repeat;
}

bool
formmodel_repeat_fixed(const formmodel *m, size_t group)
{
	return is_repeat_group(m, group) && m->fs->groups[group - 1].count;
}

/* The instances counted repeat g (index) is given by its count now, 0 .. FORMMODEL_MAX_INSTANCES. */
static size_t
given_count(const formmodel *m, size_t g)
{
	const field_group *fg = &m->fs->groups[g];
	/* an answer the count cannot be worked out from (not given yet) means none, as in ODK */
	long n = fg->count(m, fg->count_ud);

	return n < 0 ? 0 : n > FORMMODEL_MAX_INSTANCES ? FORMMODEL_MAX_INSTANCES : (size_t)n;
}

bool
formmodel_repeat_counts(formmodel *m)
{
	bool changed = false;

	for (size_t g = 0; g < m->fs->ngroups; g++) {
		size_t n;
		if (!m->fs->groups[g].repeat || !m->fs->groups[g].count)
			continue;
		n = given_count(m, g);
		/* members kept from before stay until the count covers them (or the user removes them) */
		if (m->groups[g].kept > n)
			n = m->groups[g].kept;
		else
			m->groups[g].kept = 0;
		if (n != m->groups[g].count) {
			resize_group(m, g + 1, n);
			changed = true;
		}
	}
	return changed;
}

size_t
formmodel_repeat_keep(formmodel *m, size_t group, size_t count)
{
	if (!formmodel_repeat_fixed(m, group))
		return 0;
	if (count > FORMMODEL_MAX_INSTANCES)
		count = FORMMODEL_MAX_INSTANCES;
	if (count > m->groups[group - 1].kept)
		m->groups[group - 1].kept = count;
	formmodel_repeat_counts(m);
	return m->groups[group - 1].count;
}

size_t
formmodel_repeat_extra(const formmodel *m, size_t group)
{
	const group_state *gs;
	size_t n;

	if (!formmodel_repeat_fixed(m, group))
		return 0;
	gs = &m->groups[group - 1];
	n = given_count(m, group - 1);
	return gs->count > n ? gs->count - n : 0;
}

size_t
formmodel_repeat_add(formmodel *m, size_t group)
{
	if (!is_repeat_group(m, group))
		return 0;
	if (formmodel_repeat_fixed(m, group))
		return SIZE_MAX;
	resize_group(m, group, m->groups[group - 1].count + 1);
	return m->groups[group - 1].count - 1;
}

int
formmodel_repeat_remove(formmodel *m, size_t group, size_t inst)
{
	size_t count, held;

	if (!is_repeat_group(m, group) || inst >= (count = m->groups[group - 1].count))
		return -1;
	/* a counted repeat loses only the members kept beyond its count; another keeps at least one */
	if (formmodel_repeat_fixed(m, group) ? !formmodel_repeat_extra(m, group) : count <= 1)
		return -1;
	held = m->groups[group - 1].held;
	for (size_t i = 0; i < m->fs->n; i++) {
		slot *s = m->slots[i];
		if (m->fs->fields[i].group != group)
			continue;
		slot_free(&s[inst]);
		/* the hidden ones past the count move up with the rest */
		memmove(&s[inst], &s[inst + 1], (held - inst - 1) * sizeof *s);
		/* The draft rows of the instances that moved up now name the wrong instance. */
		for (size_t k = inst; k < count - 1; k++)
			s[k].rewrite = true;
		memset(&s[held - 1], 0, sizeof *s);
	}
	m->groups[group - 1].held = held - 1;
	m->groups[group - 1].count = count - 1;
	if (formmodel_repeat_fixed(m, group)) {
		m->groups[group - 1].kept = count - 1;
		formmodel_repeat_counts(m);
	}
	return 0;
}

/* ---- values ------------------------------------------------------------------------ */

/* Store v (cut at the field's limit) as the slot's value; 1 when cut. */
static int
put_value(const formmodel *m, size_t field, slot *s, const char *v)
{
	bool cut;

	free(s->value);
	s->value = cut_to(v, field_max_chars(&m->fs->fields[field]), &cut);
	s->cut = cut;
	return cut ? 1 : 0;
}

int
formmodel_load(formmodel *m, size_t field, size_t inst, const char *value)
{
	slot *s = slot_at(m, field, inst);
	int r;

	if (!s)
		return -1;
	r = put_value(m, field, s, value);
	free(s->initial);
	s->initial = xstrdup(s->value);
	free(s->error);
	s->error = NULL;
	return r;
}

bool
formmodel_editable(const formmodel *m, size_t field, size_t inst)
{
	const field_def *d;

	if (!slot_at(m, field, inst))
		return false;
	d = &m->fs->fields[field];
	return !d->read_only && !d->calculate && d->kind != FIELD_NOTE && formmodel_relevant(m, field, inst)
	    && !(d->read_only_if && d->read_only_if(m, inst, d->logic_ud));
}

int
formmodel_set(formmodel *m, size_t field, size_t inst, const char *value)
{
	if (!formmodel_editable(m, field, inst))
		return -1;
	int r = put_value(m, field, slot_at(m, field, inst), value);

	/* an answer that filters the choices of others may have taken some of their answers away */
	formmodel_prune_choices(m);
	/* and one that a repeat_count reads changes how many instances its repeat has */
	formmodel_repeat_counts(m);
	return r;
}

bool
formmodel_choice_shown(const formmodel *m, size_t field, size_t inst, size_t choice)
{
	const field_def *d;

	if (!slot_at(m, field, inst))
		return false;
	d = &m->fs->fields[field];
	return !d->choice_shown || d->choice_shown(m, inst, choice, d->logic_ud);
}

/* The slot's chosen values that d offers now, in choice order (fresh; the value itself when nothing is filtered). */
static char *
offered_value(const formmodel *m, size_t field, size_t inst, const char *v)
{
	const field_def *d = &m->fs->fields[field];
	char *out = xstrdup("");

	for (size_t c = 0; c < d->nchoices; c++) {
		const char *cv = d->choices[c].value;
		bool on = d->kind == FIELD_MULTI ? field_multi_has(v, cv) : strcmp(v, cv) == 0;
		if (on && formmodel_choice_shown(m, field, inst, c)) {
			char *n = xasprintf("%s%s%s", out, *out ? " " : "", cv);
			free(out);
			out = n;
		}
	}
	return out;
}

size_t
formmodel_prune_choices(formmodel *m)
{
	size_t changed = 0;

	for (size_t i = 0; i < m->fs->n; i++) {
		const field_def *d = &m->fs->fields[i];
		if (!d->choice_shown || (d->kind != FIELD_CHOICE && d->kind != FIELD_MULTI))
			continue;
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			slot *s = &m->slots[i][k];
			char *n;
			if (!*s->value || !formmodel_editable(m, i, k))
				continue;
			n = offered_value(m, i, k, s->value);
			/* a value that is no choice at all (typed in by a draft or an old version) is left for validation */
			if (*n || d->kind == FIELD_MULTI || field_choice_label(d, s->value)) {
				if (strcmp(n, s->value) != 0) {
					put_value(m, i, s, n);
					changed++;
				}
			}
			free(n);
		}
	}
	return changed;
}

bool
formmodel_relevant(const formmodel *m, size_t field, size_t inst)
{
	const field_def *d;

	if (!slot_at(m, field, inst))
		return false;
	d = &m->fs->fields[field];
	return !d->relevant || d->relevant(m, inst, d->logic_ud);
}

char *
formmodel_get(const formmodel *m, size_t field, size_t inst)
{
	const field_def *d;
	slot *s = slot_at(m, field, inst);

	if (!s)
		return NULL;
	d = &m->fs->fields[field];
	/* A hidden field has no answer; what was typed stays in the slot should it be shown again. */
	if (d->kind == FIELD_NOTE || !formmodel_relevant(m, field, inst))
		return xstrdup("");
	if (d->calculate) {
		char *v = d->calculate(m, inst, d->logic_ud);
		return v ? v : xstrdup("");
	}
	return xstrdup(s->value);
}

char *
formmodel_get_by_name(const formmodel *m, const char *name, size_t inst)
{
	int i = fieldset_find(m->fs, name);
	return i < 0 ? NULL : formmodel_get(m, (size_t)i, inst);
}

const char *
formmodel_raw(const formmodel *m, size_t field, size_t inst)
{
	slot *s = slot_at(m, field, inst);
	return s ? s->value : "";
}

bool
formmodel_was_cut(const formmodel *m, size_t field, size_t inst)
{
	slot *s = slot_at(m, field, inst);
	return s && s->cut;
}

bool
formmodel_dirty(const formmodel *m)
{
	for (size_t g = 0; g < m->fs->ngroups; g++)
		if (m->fs->groups[g].repeat && m->groups[g].count != m->groups[g].loaded)
			return true;
	for (size_t i = 0; i < m->fs->n; i++) {
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			const slot *s = &m->slots[i][k];
			if (formmodel_editable(m, i, k) && strcmp(s->value, s->initial) != 0)
				return true;
		}
	}
	return false;
}

/* ---- validating -------------------------------------------------------------------- */

static void
set_error(slot *s, char *msg)
{
	free(s->error);
	s->error = msg;
}

static void verify_compare(const formmodel *m, size_t field, size_t inst, slot *s);

bool
formmodel_required(const formmodel *m, size_t field, size_t inst)
{
	const field_def *d;

	if (!slot_at(m, field, inst))
		return false;
	d = &m->fs->fields[field];
	return d->required || (d->required_if && d->required_if(m, inst, d->logic_ud));
}

const char *
formmodel_commit(formmodel *m, size_t field, size_t inst)
{
	const field_def *d;
	slot *s = slot_at(m, field, inst);
	char *err, *n;

	if (!s)
		return NULL;
	d = &m->fs->fields[field];
	if (!formmodel_editable(m, field, inst)) {
		set_error(s, NULL);
		s->verify = VERIFY_SAME;	/* a hidden field has no answer to compare */
		return NULL;
	}
	n = field_normalize(d, s->value);
	free(s->value);
	s->value = n;
	err = field_validate(d, s->value);
	if (!err && d->required_if && field_text_is_blank(s->value) && d->required_if(m, inst, d->logic_ud))
		err = xstrdup(d->required_message ? d->required_message : _("This field is required."));
	if (!err && d->constraint)
		err = d->constraint(m, d, inst, s->value, d->logic_ud);
	set_error(s, err);
	if (m->verifying)
		verify_compare(m, field, inst, s);
	return err;
}

const char *
formmodel_error(const formmodel *m, size_t field, size_t inst)
{
	slot *s = slot_at(m, field, inst);
	return s ? s->error : NULL;
}

void
formmodel_set_error(formmodel *m, size_t field, size_t inst, const char *msg)
{
	slot *s = slot_at(m, field, inst);

	if (s)
		set_error(s, xstrdup(msg));
}

bool
formmodel_validate(formmodel *m, size_t *field, size_t *inst)
{
	bool ok = true;

	formmodel_prune_choices(m);
	for (size_t i = 0; i < m->fs->n; i++) {
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			if (formmodel_commit(m, i, k) && ok) {
				ok = false;
				if (field)
					*field = i;
				if (inst)
					*inst = k;
			}
		}
	}
	return ok;
}

/* ---- pages ------------------------------------------------------------------------- */

/* End of the run of fields starting at first that share its group. */
static size_t
run_end(const formmodel *m, size_t first)
{
	size_t e = first + 1;

	while (e < m->fs->n && m->fs->fields[e].group == m->fs->fields[first].group)
		e++;
	return e;
}

/* Walk the pages; stop at page p (when want_page) or at the page showing field/inst. */
static size_t
walk_pages(const formmodel *m, bool want_page, size_t p, size_t field, size_t inst, formmodel_page *out)
{
	size_t n = 0;

	for (size_t first = 0; first < m->fs->n;) {
		size_t end = run_end(m, first), g = m->fs->fields[first].group;
		size_t count = is_repeat_group(m, g) ? m->groups[g - 1].count : 1;
		for (size_t k = 0; k < count; k++, n++) {
			bool here = want_page ? n == p : (field >= first && field < end && k == inst);
			if (here) {
				if (out)
					*out = (formmodel_page){ first, end, g, k };
				return n;
			}
		}
		first = end;
	}
	return n;
}

size_t
formmodel_page_count(const formmodel *m)
{
	return walk_pages(m, true, SIZE_MAX, 0, 0, NULL);
}

formmodel_page
formmodel_page_at(const formmodel *m, size_t p)
{
	formmodel_page pg = { 0, 0, 0, 0 };

	walk_pages(m, true, p, 0, 0, &pg);
	return pg;
}

size_t
formmodel_page_of(const formmodel *m, size_t field, size_t inst)
{
	size_t n = walk_pages(m, false, 0, field, inst, NULL);
	return n < formmodel_page_count(m) ? n : 0;
}

char *
formmodel_page_title(const formmodel *m, size_t p)
{
	formmodel_page pg = formmodel_page_at(m, p);
	const field_group *g;

	if (!pg.group)
		return NULL;
	g = &m->fs->groups[pg.group - 1];
	if (!g->repeat)
		return xstrdup(g->label);
	/* TRANSLATORS: a repeated part of a form, e.g. "Members (2 of 3)". */
	return xasprintf(_("%s (%zu of %zu)"), g->label, pg.inst + 1, m->groups[pg.group - 1].count);
}

/* ---- drafts ------------------------------------------------------------------------ */

char *
formmodel_draft_name(const formmodel *m, size_t field, size_t inst)
{
	const field_def *d = &m->fs->fields[field];

	if (!is_repeat_field(m, field))
		return xstrdup(d->name);
	return xasprintf("%s[%zu].%s", m->fs->groups[d->group - 1].name, inst + 1, d->name);
}

/* Draft key holding a repeating group's instance count: "members[]". */
static char *
count_name(const formmodel *m, size_t g)
{
	return xasprintf("%s[]", m->fs->groups[g].name);
}

/* A second keying's decision on a difference is kept in the draft beside the field's value, so a
 * keying reopened after the terminal closed still knows what the operator typed and what was
 * decided (the value alone is the one decided on: a first keying taken would pass for agreement). */
#define DECISION_SUFFIX "#decision"

/* Write s's decision (verdict and what the second operator typed) under key#decision, or clear one
 * written before; nothing for a field never decided. 0 or the failed write's status. */
static int
draft_put_decision(formmodel *m, sqlite3 *db, const char *key, slot *s)
{
	bool decided = m->verifying && s->verify == VERIFY_DECIDED;
	char *dkey, *v;
	int rc;

	if (!decided && !s->decision_drafted)
		return 0;
	dkey = xasprintf("%s" DECISION_SUFFIX, key);
	v = decided ? xasprintf("%d:%s", (int)s->verdict, s->second ? s->second : "") : xstrdup("");
	rc = draft_put(db, m->draft_key, dkey, v);
	if (rc == 0)
		s->decision_drafted = decided;
	free(dkey);
	free(v);
	return rc;
}

/* The decision drafted for key, if any, back into s (whose value is the one decided on). */
static void
restore_decision(formmodel *m, sqlite3 *db, const char *key, slot *s)
{
	char *dkey = xasprintf("%s" DECISION_SUFFIX, key), *v = draft_get(db, m->draft_key, dkey), *rest;
	long verdict;

	free(dkey);
	if (!v)
		return;
	s->decision_drafted = true;
	verdict = strtol(v, &rest, 10);
	if (rest != v && *rest == ':' && verdict >= FORMMODEL_KEEP_FIRST && verdict <= FORMMODEL_RETYPED) {
		s->verify = VERIFY_DECIDED;
		s->verdict = (formmodel_verdict)verdict;
		free(s->second);
		s->second = xstrdup(rest + 1);
		free(s->decided);
		s->decided = xstrdup(s->value);
	}
	free(v);
}

static bool
slot_pending(const slot *s)
{
	return s->rewrite || strcmp(s->value, s->drafted ? s->drafted : s->initial) != 0;
}

static bool
count_pending(const formmodel *m, size_t g)
{
	const group_state *gs = &m->groups[g];

	return m->fs->groups[g].repeat && gs->count != (gs->drafted == SIZE_MAX ? gs->loaded : gs->drafted);
}

bool
formmodel_draft_pending(const formmodel *m)
{
	if (!m->draft_key)
		return false;
	for (size_t g = 0; g < m->fs->ngroups; g++)
		if (count_pending(m, g))
			return true;
	for (size_t i = 0; i < m->fs->n; i++)
		for (size_t k = 0; k < formmodel_instances(m, i); k++)
			if (m->fs->fields[i].kind != FIELD_NOTE && slot_pending(&m->slots[i][k]))
				return true;
	return false;
}

/* Write the instance counts that changed; returns failures. */
static int
save_counts(formmodel *m, sqlite3 *db)
{
	int failed = 0;

	for (size_t g = 0; g < m->fs->ngroups; g++) {
		char *key, num[32];
		if (!count_pending(m, g))
			continue;
		key = count_name(m, g);
		snprintf(num, sizeof num, "%zu", m->groups[g].count);
		if (draft_put(db, m->draft_key, key, num) == 0)
			m->groups[g].drafted = m->groups[g].count;
		else
			failed++;
		free(key);
	}
	return failed;
}

void
formmodel_draft_set_key(formmodel *m, const char *draft_key)
{
	free(m->draft_key);
	m->draft_key = xstrdup(draft_key);
}

int
formmodel_draft_save(formmodel *m, sqlite3 *db)
{
	int failed;

	if (!m->draft_key)
		return 0;
	failed = save_counts(m, db);
	for (size_t i = 0; i < m->fs->n; i++) {
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			slot *s = &m->slots[i][k];
			char *key;
			if (m->fs->fields[i].kind == FIELD_NOTE || !slot_pending(s))
				continue;
			key = formmodel_draft_name(m, i, k);
			/* Only a write that succeeded counts as kept: a failed one stays pending and is retried. */
			if (draft_put(db, m->draft_key, key, s->value) == 0 && draft_put_decision(m, db, key, s) == 0) {
				free(s->drafted);
				s->drafted = xstrdup(s->value);
				s->rewrite = false;
			} else {
				failed++;
			}
			free(key);
		}
	}
	return failed;
}

/* Set repeating groups to the instance counts the draft holds. */
static void
restore_counts(formmodel *m, sqlite3 *db)
{
	for (size_t g = 0; g < m->fs->ngroups; g++) {
		char *key, *v;
		long n;
		if (!m->fs->groups[g].repeat)
			continue;
		key = count_name(m, g);
		v = draft_get(db, m->draft_key, key);
		free(key);
		/* A count that does not parse is ignored rather than trusted: the values still restore.
		 * A counted repeat keeps the members the draft had beyond its count (typed before the
		 * count applied): what was typed in them comes back. */
		if (v && (n = strtol(v, NULL, 10)) >= 1 && n <= 10000) {
			if (m->fs->groups[g].count)
				formmodel_repeat_keep(m, g + 1, (size_t)n);
			else
				resize_group(m, g + 1, (size_t)n);
			m->groups[g].drafted = (size_t)n;
		}
		free(v);
	}
}

static int
restore_values(formmodel *m, sqlite3 *db)
{
	int n = 0;

	for (size_t i = 0; i < m->fs->n; i++) {
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			char *key = formmodel_draft_name(m, i, k), *v = draft_get(db, m->draft_key, key);
			slot *s = &m->slots[i][k];
			if (!v) {
				free(key);
				continue;
			}
			put_value(m, i, s, v);
			free(s->drafted);
			s->drafted = v;
			restore_decision(m, db, key, s);
			free(key);
			n++;
		}
	}
	return n;
}

int
formmodel_draft_restore(formmodel *m, sqlite3 *db)
{
	int n;

	if (!m->draft_key)
		return 0;
	restore_counts(m, db);
	n = restore_values(m, db);
	/* a restored answer may set a repeat_count: the instances it makes take their drafted values too */
	if (formmodel_repeat_counts(m))
		n = restore_values(m, db);
	return n;
}

int
formmodel_draft_clear(formmodel *m, sqlite3 *db)
{
	int rc;

	if (!m->draft_key)
		return 0;
	rc = draft_clear(db, m->draft_key);
	if (rc != 0)
		return rc;
	for (size_t g = 0; g < m->fs->ngroups; g++)
		m->groups[g].drafted = SIZE_MAX;
	for (size_t i = 0; i < m->fs->n; i++) {
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			free(m->slots[i][k].drafted);
			m->slots[i][k].drafted = NULL;
			m->slots[i][k].rewrite = false;
		}
	}
	return 0;
}

/* ---- moving the focus -------------------------------------------------------------- */

/* From (*field, *inst) to the next (dir > 0) or previous field that can take the focus, in page
 * order; wrap says whether to go round from the last page to the first (and back). */
static bool
step(const formmodel *m, size_t *field, size_t *inst, int dir, bool wrap)
{
	size_t pages = formmodel_page_count(m), total = 0, p, c;
	formmodel_page pg;

	if (pages == 0)
		return false;
	for (size_t q = 0; q < pages; q++) {
		pg = formmodel_page_at(m, q);
		total += pg.end - pg.first;
	}
	p = formmodel_page_of(m, *field, *inst);
	pg = formmodel_page_at(m, p);
	c = *field;
	for (size_t n = 0; n < total; n++) {
		if (dir > 0 ? c + 1 < pg.end : c > pg.first) {
			c = dir > 0 ? c + 1 : c - 1;
		} else {
			if (!wrap && (dir > 0 ? p + 1 == pages : p == 0))
				return false;
			p = (p + pages + (size_t)(dir > 0 ? 1 : -1)) % pages;
			pg = formmodel_page_at(m, p);
			c = dir > 0 ? pg.first : pg.end - 1;
		}
		if (formmodel_editable(m, c, pg.inst)) {
			*field = c;
			*inst = pg.inst;
			return true;
		}
	}
	return false;
}

bool
formmodel_step(const formmodel *m, size_t *field, size_t *inst, int dir)
{
	return step(m, field, inst, dir, true);
}

bool
formmodel_is_last(const formmodel *m, size_t field, size_t inst)
{
	return !step(m, &field, &inst, 1, false);
}

bool
formmodel_page_focus(const formmodel *m, size_t p, size_t *field, size_t *inst)
{
	formmodel_page pg;

	if (p >= formmodel_page_count(m))
		return false;
	pg = formmodel_page_at(m, p);
	for (size_t c = pg.first; c < pg.end; c++) {
		if (formmodel_editable(m, c, pg.inst)) {
			*field = c;
			*inst = pg.inst;
			return true;
		}
	}
	return false;
}

/* ---- verify mode (double entry) ------------------------------------------------------ */

/* The value as compared: normalised for its kind, compatibility forms folded (full-width digits,
 * letters and signs, U+3000), and every run of blanks and line breaks made one space, so the two
 * keyings of one paper answer differ only where the words do. */
static char *
compare_key(const field_def *f, const char *v)
{
	char *n = field_normalize(f, v ? v : ""), *k = field_fold_ascii(n), *o = k;
	bool blank = false;

	free(n);
	for (const char *p = k; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f') {
			blank = true;
			continue;
		}
		if (blank && o != k)
			*o++ = ' ';
		blank = false;
		*o++ = *p;
	}
	*o = '\0';
	return k;
}

bool
formmodel_verify_same(const field_def *f, const char *a, const char *b)
{
	char *ka = compare_key(f, a), *kb = compare_key(f, b);
	bool same = strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}

void
formmodel_verify_begin(formmodel *m, size_t n, const char *const *names, const char *const *values)
{
	m->verifying = true;
	m->first_names = xrealloc(m->first_names, (m->nfirst + n + 1) * sizeof *m->first_names);
	m->first_values = xrealloc(m->first_values, (m->nfirst + n + 1) * sizeof *m->first_values);
	for (size_t i = 0; i < n; i++, m->nfirst++) {
		m->first_names[m->nfirst] = xstrdup(names[i]);
		m->first_values[m->nfirst] = xstrdup(values[i] ? values[i] : "");
	}
}

bool
formmodel_verifying(const formmodel *m)
{
	return m->verifying;
}

const char *
formmodel_verify_first(const formmodel *m, size_t field, size_t inst)
{
	char *name;
	const char *v = "";

	if (!slot_at(m, field, inst))
		return "";
	name = formmodel_draft_name(m, field, inst);
	for (size_t i = 0; i < m->nfirst; i++) {
		if (strcmp(m->first_names[i], name) == 0) {
			v = m->first_values[i];
			break;
		}
	}
	free(name);
	return v;
}

/* After a commit without error: the same as the first keying, still the value decided on, or a
 * new difference that stops the operator (CSPro's verify). A field with an error is not compared:
 * the error is what the operator must see first. */
static void
verify_compare(const formmodel *m, size_t field, size_t inst, slot *s)
{
	const field_def *d = &m->fs->fields[field];

	if (s->error)
		return;
	if (s->verify == VERIFY_DECIDED && formmodel_verify_same(d, s->value, s->decided))
		return;
	free(s->decided);
	s->decided = NULL;
	if (formmodel_verify_same(d, s->value, formmodel_verify_first(m, field, inst))) {
		free(s->second);
		s->second = NULL;
		s->verify = VERIFY_SAME;
		return;
	}
	free(s->second);
	s->second = xstrdup(s->value);
	s->verify = VERIFY_DIFFERS;
}

bool
formmodel_verify_differs(const formmodel *m, size_t field, size_t inst)
{
	slot *s = slot_at(m, field, inst);

	return m->verifying && s && s->verify == VERIFY_DIFFERS && formmodel_editable(m, field, inst);
}

bool
formmodel_verify_pending(const formmodel *m, size_t *field, size_t *inst)
{
	size_t pages = formmodel_page_count(m);

	/* In page order, so the operator is taken to the first difference as the paper reads. */
	for (size_t p = 0; p < pages; p++) {
		formmodel_page pg = formmodel_page_at(m, p);
		for (size_t i = pg.first; i < pg.end; i++) {
			if (formmodel_verify_differs(m, i, pg.inst)) {
				*field = i;
				*inst = pg.inst;
				return true;
			}
		}
	}
	return false;
}

const char *
formmodel_verify_second(const formmodel *m, size_t field, size_t inst)
{
	slot *s = slot_at(m, field, inst);

	return s && s->second ? s->second : formmodel_raw(m, field, inst);
}

char *
formmodel_verify_decide(formmodel *m, size_t field, size_t inst, formmodel_verdict verdict, const char *third)
{
	slot *s = slot_at(m, field, inst);
	const field_def *d;
	const char *v;
	char *n, *err;

	if (!formmodel_verify_differs(m, field, inst))
		return xstrdup(_("This field has no difference to decide."));
	d = &m->fs->fields[field];
	v = verdict == FORMMODEL_KEEP_FIRST ? formmodel_verify_first(m, field, inst)
	    : verdict == FORMMODEL_TAKE_SECOND ? s->second : (third ? third : "");
	n = field_normalize(d, v);
	/* A retyped value is checked as any typing is; the two keyings' values were checked when keyed. */
	err = field_validate(d, n);
	if (!err && d->constraint)
		err = d->constraint(m, d, inst, n, d->logic_ud);
	if (err) {
		free(n);
		return err;
	}
	put_value(m, field, s, n);
	set_error(s, NULL);
	s->verify = VERIFY_DECIDED;
	s->verdict = verdict;
	s->decided = n;
	s->rewrite = true;	/* the decision goes into the draft with the value, even when the value is the same */
	return NULL;
}

bool
formmodel_verify_decision(const formmodel *m, size_t field, size_t inst, formmodel_verdict *verdict,
    const char **second)
{
	slot *s = slot_at(m, field, inst);

	if (!m->verifying || !s || s->verify != VERIFY_DECIDED || !formmodel_editable(m, field, inst))
		return false;
	if (verdict)
		*verdict = s->verdict;
	if (second)
		*second = s->second;
	return true;
}
