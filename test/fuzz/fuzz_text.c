/* fuzz_text.c — libFuzzer target for the text layer: arbitrary bytes as an article's
 * text (plain-text reader path), in each supported language. */
#include "annalist.h"
#include <stdlib.h>
#include <string.h>

static an_engine *engines[4];
static const char *const langs[4] = { "de", "en", "uk", "ru" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static an_doc *doc;
    static an_buf out;
    if (!doc) {
        an_doc_new(&doc);
        for (int i = 0; i < 4; i++) {
            an_options o = { 0 };
            o.lang = langs[i];
            o.date = "2024-11-09";
            an_error err;
            if (an_engine_open(&engines[i], &o, &err)) abort();
        }
    }
    if (!size) return 0;
    an_article a = { 0 };
    a.text = (an_span){ (const char *)data + 1, size - 1 };
    an_error err;
    if (an_doc_analyze(doc, engines[data[0] & 3], &a, &err) == AN_OK) {
        out.n = 0;
        an_record_write_json(doc, NULL, &out);
        an_view_write(doc, AN_VIEW_SENTENCES, &out);
        an_view_write(doc, AN_VIEW_TOKENS, &out);
    }
    return 0;
}
