/* surveytest.h - the runner as the screen drives it, for the unit tests of surveys (no terminal). */
#ifndef SURVEYTEST_H
#define SURVEYTEST_H

#include "field.h"
#include "formmodel.h"
#include "surveyrun.h"
#include "template.h"

/* The field index of question name in r's form. */
static __attribute__((unused)) size_t
survey_test_field(surveyrun *r, const char *name)
{
	return (size_t)fieldset_find(template_form_fields(surveyrun_template_form(r)), name);
}

/* What the screen does when the operator types value into name (instance inst) and leaves it: the
 * commit's message, or NULL. */
static __attribute__((unused)) const char *
survey_test_answer(surveyrun *r, const char *name, size_t inst, const char *value)
{
	formmodel *m = surveyrun_model(r);
	size_t f = survey_test_field(r, name);

	formmodel_set(m, f, inst, value);
	surveyrun_visit(r, f, inst);
	return formmodel_commit(m, f, inst);
}

#endif
