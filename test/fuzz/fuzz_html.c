/* fuzz_html.c — libFuzzer target for the HTML reader: arbitrary bytes as a page, through
 * charset detection, the tokenizer and tree builder, and main-text extraction. The first
 * byte picks a transport charset hint; the cue phrases come from lang/boilerplate.txt
 * when the fuzzer runs from the repository root. Checks that every run and dropped span
 * lies inside the text and the source. */
#include "ingest/html.h"
#include <stdlib.h>

static an_html_cues *cues;
static bool loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[8] = { NULL, "utf-8", "windows-1251", "koi8-r", "iso-8859-1",
                                          "utf-16", "x-unknown-charset", "shift_jis" };
    if (!loaded) {
        an_error err;
        if (an_html_cues_load("lang/boilerplate.txt", &cues, &err) != AN_OK) cues = NULL;
        loaded = true;
    }
    if (!size) return 0;
    an_html_options o = { 0 };
    o.charset_hint = hints[data[0] & 7];
    o.cues = cues;
    o.url = AN_SPAN_LIT("https://example.com/2024/11/09/page.html");
    an_extracted x;
    an_error err;
    an_status st = an_html_extract((const char *)data + 1, size - 1, &o, &x, &err);
    if (st != AN_OK && st != AN_EMPTY) abort();
    size_t src_n = x.charset.converted ? x.source.n : size - 1;
    for (size_t i = 0; i < x.n_runs; i++) {
        const an_html_run *r = &x.runs[i];
        if (r->start > r->end || r->end > x.text.n || r->src_start > r->src_end || r->src_end > src_n) abort();
    }
    for (size_t i = 0; i < x.n_dropped; i++)
        if (x.dropped[i].src_start > x.dropped[i].src_end || x.dropped[i].src_end > src_n) abort();
    if (x.body_start > x.text.n || (x.text.p && x.text.p[x.text.n] != 0)) abort();
    an_extracted_free(&x);
    return 0;
}
