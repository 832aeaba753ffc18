/* fuzz_feed.c — libFuzzer target for the feed reader: arbitrary bytes as an RSS / Atom
 * document. Touches every byte of every span an item carries, and checks that a status
 * other than OK / BAD_FEED comes only from the callback. */
#include "ingest/readers.h"
#include <stdlib.h>

static volatile unsigned sink;

static void touch(an_span s)
{
    unsigned h = 0;
    for (size_t i = 0; i < s.n; i++) h += (unsigned char)s.p[i];
    sink += h;
}

static an_status on_item(void *ctx, const an_feed_item *it)
{
    size_t *count = ctx;
    touch(it->link); touch(it->id); touch(it->title); touch(it->date);
    touch(it->content); touch(it->lang);
    if (it->date.n == 10 && it->date.p[4] == '-' && it->date.p[7] == '-') sink++;
    (*count)++;
    return *count > 100000 ? AN_LIMIT : AN_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t count = 0;
    an_error err;
    memset(&err, 0, sizeof err);
    an_status st = an_feed_parse((const char *)data, size, on_item, &count, &err);
    if (st != AN_OK && st != AN_BAD_FEED && st != AN_LIMIT && st != AN_NOMEM) abort();
    if (st == AN_BAD_FEED && (!err.message[0] || err.offset > size * 2 + 16)) abort();
    return 0;
}
