/* facimportview.h - the community and facility imports (facimport.h) as the import preview screen
 * (importview.h) sees any import: `i` on the communities list and on the facility list. */
#ifndef LC_FACIMPORTVIEW_H
#define LC_FACIMPORTVIEW_H

#include "importview.h"

/* The communities' import (CSV or .xlsx, the first sheet). */
extern const importview_kind facimport_view_communities;
/* The facilities' import (CSV or .xlsx, the first sheet). */
extern const importview_kind facimport_view_facilities;

#endif
