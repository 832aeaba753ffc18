/* context.h — event context: negation, attribution, modality, quantity, place, time.
 * Depends on core, text, lexicon and code. */
#ifndef AN_CONTEXT_H
#define AN_CONTEXT_H

#include "code/code.h"
#include "context/time.h"

/* Fills the context fields of every event of the document. */
an_status an_context_doc(const an_codelang *cl, const an_lexicon *lx, const an_time_lexicon *tl, an_doc *d);

#endif
