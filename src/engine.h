/* engine.h — what an engine holds: the resources every document is analysed with.
 * Read-only after an_engine_open, so threads share one engine. */
#ifndef AN_ENGINE_H
#define AN_ENGINE_H

#include "core/doc.h"
#include "text/text.h"
#include "ingest/ingest.h"
#include "ingest/html.h"
#include "context/context.h"
#include "code/tabari.h"

#define AN_ENGINE_LANGS 4

struct an_engine {
    char data_dir[4096];
    an_options opt;
    char lang[8], date[16];             /* copies of the option strings */
    an_textlang langs[AN_ENGINE_LANGS]; /* de en uk ru */
    an_cues *cues;
    an_html_cues *html_cues;
    an_lexicon *lexicon;
    an_codelang code[AN_ENGINE_LANGS];
    an_cameo_table cameo;
    an_time_lexicon *time;
    an_tabari *tabari;                  /* set when coding with TABARI/PETRARCH dictionaries */
};

/* The text data for a language code, or NULL when annalist has none for it. */
const an_textlang *an_engine_textlang(const an_engine *e, an_span lang);
const an_codelang *an_engine_codelang(const an_engine *e, an_span lang);

#endif
