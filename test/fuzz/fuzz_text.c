/* fuzz_text.c — libFuzzer target for the text layer and everything after it: arbitrary
 * bytes as an article's text (the plain-text path), in each supported language. The
 * engine (lexicons, gazetteer, dictionaries) loads once, in LLVMFuzzerInitialize, so
 * that its cost is not charged to the first input. */
#include "annalist.h"
#include <stdlib.h>
#include <string.h>

static an_engine *engine;
static an_doc *doc;
static an_buf out;
static const char *const langs[4] = { "de", "en", "uk", "ru" };

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    an_options o = { 0 };
    o.date = "2024-11-09";
    an_error err;
    if (an_engine_open(&engine, &o, &err) || an_doc_new(&doc)) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    an_article a = { 0 };
    a.text = (an_span){ (const char *)data + 1, size - 1 };
    a.lang = (an_span){ langs[data[0] & 3], 2 };
    an_error err;
    if (an_doc_analyze(doc, engine, &a, &err) == AN_OK) {
        out.n = 0;
        an_record_write_json(doc, NULL, &out);
        an_view_write(doc, AN_VIEW_SENTENCES, &out);
        an_view_write(doc, AN_VIEW_TOKENS, &out);
    }
    return 0;
}
