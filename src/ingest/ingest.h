/* ingest.h — internal interface of the readers. Depends on core and text. */
#ifndef AN_INGEST_H
#define AN_INGEST_H

#include "text/text.h"

/* Parses one JSON Lines record into art; string values are unescaped into `store`,
 * which the spans then borrow. err->offset is relative to the line. */
an_status an_jsonl_parse(const char *line, size_t n, an_article *art, an_buf *store,
                         an_error *err);

/* Related-links and other boilerplate blocks in plain text: a line that is a cue phrase
 * ("Lesen Sie auch", "Read more", "Читайте також") starts a block that runs over the
 * list items and short headlines after it. */
typedef struct an_cues an_cues;
an_status an_cues_load(an_cues **out, const char *data_dir, an_error *err);
void an_cues_free(an_cues *c);
an_status an_plain_boilerplate(const an_cues *c, const char *text, size_t n,
                               an_status (*emit)(void *, an_boilerplate), void *ctx);

#endif
