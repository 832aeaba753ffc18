/* doc.h — the document: one article's text and everything the pipeline finds in it,
 * all in one arena. Every stage reads and appends to it; an_doc_reset frees it at once. */
#ifndef AN_DOC_H
#define AN_DOC_H

#include "core.h"

typedef enum { AN_DATE_NONE, AN_DATE_INPUT, AN_DATE_META, AN_DATE_JSONLD, AN_DATE_TEXT,
               AN_DATE_URL } an_date_source;

struct an_doc {
    an_arena arena;
    an_span id, url, site, title, author, lang, date;   /* arena copies or empty */
    an_date_source date_source;
    float lang_confidence;
    an_span text;                                       /* the article text (arena) */
    AN_VEC(an_sentence) units;       /* every sentence unit, boilerplate ones included */
    AN_VEC(uint8_t) unit_is_boilerplate;
    AN_VEC(an_token) tokens;
    AN_VEC(char) keys;               /* folded token keys, back to back */
    AN_VEC(an_boilerplate) boilerplate;
    AN_VEC(an_warning) warnings;
    uint32_t warnings_dropped;
};

/* Adds a warning; past AN_MAX_WARNINGS only counts it. `message` must outlive the doc
 * (a static string) or be arena-allocated. */
void an_doc_warn(an_doc *d, an_status code, uint32_t start, const char *message);

/* Copies a span into the arena; returns an empty span when out of memory. */
an_span an_doc_copy(an_doc *d, an_span s);

#endif
