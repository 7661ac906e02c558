/* registry.c - which tables are synced between offices, and their columns in order with their
 * types. Export, import and merge walk this list instead of each keeping its own; the unit test
 * test_schema holds it to the live schema. Parents come before children (feedback names a
 * proposal), so an import in this order never meets a child before its parent. */
#include "config.h"
#include <string.h>
#include "registry.h"

#define T REGISTRY_TEXT
#define I REGISTRY_INTEGER
#define R REGISTRY_REAL

/* Every synced table starts with these, and ends with the two the sync migration added. */
#define SYNC_HEAD \
	{ "id", T, true, false }, \
	{ "origin", T, true, false }, \
	{ "created_at", T, true, false }, \
	{ "updated_at", T, true, false }, \
	{ "hlc", T, true, false }, \
	{ "operator", T, true, false }, \
	{ "deleted", I, true, false }
#define SYNC_TAIL \
	{ "base", T, true, false }, \
	{ "change_seq", I, true, true }

static const registry_column community_cols[] = {
	SYNC_HEAD,
	{ "code", T, true, false },
	{ "name", T, true, false },
	{ "subdistrict", T, true, false },
	{ "district", T, true, false },
	{ "households", I, false, false },
	{ "residents", I, false, false },
	SYNC_TAIL,
	{ "land_area", R, false, false },
	{ "old_estate", I, true, false },
	{ "development", T, true, false },
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column facility_cols[] = {
	SYNC_HEAD,
	{ "community", T, true, false },
	{ "std_item", I, false, false },
	{ "business_type", T, true, false },
	{ "name", T, true, false },
	{ "address", T, true, false },
	{ "floor_area", R, false, false },
	{ "land_area", R, false, false },
	{ "capacity", I, false, false },
	{ "capacity_unit", T, true, false },
	{ "status", T, true, false },
	{ "hours", T, true, false },
	{ "run_by", T, true, false },
	{ "checked_on", T, false, false },
	SYNC_TAIL,
	{ "circles", T, true, false },
	{ "estate", T, true, false },
	{ "chain", I, true, false },
	{ "notes", T, true, false },
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column estate_cols[] = {
	SYNC_HEAD,
	{ "community", T, true, false },
	{ "name", T, true, false },
	SYNC_TAIL,
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column proposal_cols[] = {
	SYNC_HEAD,
	{ "number", T, true, false },
	{ "session", T, true, false },
	{ "kind", T, true, false },
	{ "title", T, true, false },
	{ "proposer", T, true, false },
	{ "phone", T, true, false },
	{ "handling_unit", T, true, false },
	{ "result_class", T, false, false },
	{ "reply_letter", T, true, false },
	SYNC_TAIL,
	/* added by migration_proposals, after the sync fields */
	{ "received_on", T, false, false },
	{ "replied_on", T, false, false },
	{ "reply_leader", T, true, false },
	{ "reply_contact", T, true, false },
	{ "reply_contact_phone", T, true, false },
	{ "reply_copy_to", T, true, false },
	{ "form_status", T, true, false },
	{ "form_sent_on", T, false, false },
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column feedback_cols[] = {
	SYNC_HEAD,
	{ "proposal_id", T, true, false },
	{ "satisfaction", T, false, false },
	{ "opinion", T, true, false },
	{ "suggestions", T, true, false },
	{ "recommended_units", T, true, false },
	{ "signature", T, true, false },
	{ "signed_on", T, false, false },
	SYNC_TAIL,
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column survey_template_cols[] = {
	SYNC_HEAD,
	{ "form_id", T, true, false },
	{ "version", T, true, false },
	{ "title", T, true, false },
	{ "languages", T, true, false },
	{ "content_hash", T, true, false },
	{ "definition", T, true, false },
	SYNC_TAIL,
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column survey_response_cols[] = {
	SYNC_HEAD,
	{ "template", T, true, false },
	{ "template_version", T, true, false },
	{ "community", T, true, false },
	{ "estate", T, true, false },
	{ "surveyed_on", T, true, false },
	{ "answers", T, true, false },
	SYNC_TAIL,
	/* added by migration_survey */
	{ "status", T, true, false },
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column entry_keying_cols[] = {
	SYNC_HEAD,
	{ "record_kind", T, true, false },
	{ "record_id", T, true, false },
	{ "pass", I, true, false },
	{ "keyed_values", T, true, false },
	{ "differences", I, true, false },
	SYNC_TAIL,
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column entry_decision_cols[] = {
	SYNC_HEAD,
	{ "keying_id", T, true, false },
	{ "field", T, true, false },
	{ "first_value", T, true, false },
	{ "second_value", T, true, false },
	{ "chosen", T, true, false },
	{ "final_value", T, true, false },
	SYNC_TAIL,
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

static const registry_column record_merge_cols[] = {
	SYNC_HEAD,
	{ "tbl", T, true, false },
	{ "from_id", T, true, false },
	{ "into_id", T, true, false },
	SYNC_TAIL,
	/* added by migration_base_node */
	{ "base_node", T, true, false },
};

#define COLS(a) a, (int)(sizeof (a) / sizeof (a)[0])

static const registry_table tables[] = {
	{ "community", COLS(community_cols) },
	{ "estate", COLS(estate_cols) },
	{ "facility", COLS(facility_cols) },
	{ "proposal", COLS(proposal_cols) },
	{ "feedback", COLS(feedback_cols) },
	{ "survey_template", COLS(survey_template_cols) },
	{ "survey_response", COLS(survey_response_cols) },
	/* after the records they key (feedback, survey_response) */
	{ "entry_keying", COLS(entry_keying_cols) },
	{ "entry_decision", COLS(entry_decision_cols) },
	/* after the records it names (a merge of two of them) */
	{ "record_merge", COLS(record_merge_cols) },
};

#define N_TABLES ((int)(sizeof tables / sizeof tables[0]))

int
registry_table_count(void)
{
	return N_TABLES;
}

const registry_table *
registry_table_at(int i)
{
	return i >= 0 && i < N_TABLES ? &tables[i] : NULL;
}

const registry_table *
registry_find(const char *name)
{
	for (int i = 0; name && i < N_TABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

int
registry_column_index(const registry_table *t, const char *name)
{
	for (int i = 0; t && name && i < t->n_columns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return i;
	return -1;
}

const char *
registry_type_name(registry_type type)
{
	switch (type) {
	case REGISTRY_TEXT: return "TEXT";
	case REGISTRY_INTEGER: return "INTEGER";
	case REGISTRY_REAL: return "REAL";
	}
	return "?";
}
