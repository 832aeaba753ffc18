/* fuzz_warc.c — libFuzzer target for the WARC reader: arbitrary bytes read three ways —
 * as they are (plain, or gzip when they start with the magic), compressed as one gzip
 * member, and compressed in members of a size taken from the first byte — through
 * fmemopen, record by record to the end. Touches every byte of every span it is given
 * and checks that the reader always ends. */
#include "ingest/readers.h"
#include <stdlib.h>
#include <zlib.h>

static volatile unsigned sink;

static void touch(an_span s)
{
    unsigned h = 0;
    for (size_t i = 0; i < s.n; i++) h += (unsigned char)s.p[i];
    sink += h;
}

static void read_all(const void *p, size_t n)
{
    if (!n) return;
    FILE *f = fmemopen((void *)p, n, "rb");
    if (!f) return;
    an_warc *w;
    an_error err;
    if (an_warc_open(&w, f, &err) == AN_OK) {
        an_warc_record r;
        int calls = 0;
        for (;; calls++) {
            if (calls > 2000000) abort();           /* no progress: a reader bug */
            an_status st = an_warc_next(w, &r, &err);
            if (st == AN_NOT_FOUND || st == AN_NOMEM) break;
            if (st == AN_OK) {
                touch(r.target_uri); touch(r.date); touch(r.record_id);
                touch(r.http_content_type); touch(r.charset); touch(r.body);
                if (r.offset > n) abort();
            } else if (!memchr(err.message, 0, sizeof err.message) || !err.message[0]) {
                abort();                            /* every fault carries a message */
            }
        }
        an_warc_close(w);
    }
    fclose(f);
}

/* Compresses p[0, n) as gzip members of `member` bytes each (one small-window deflate
 * state, reset per member, keeps the harness fast). */
static size_t gzip_members(const uint8_t *p, size_t n, size_t member, uint8_t *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 9 + 16, 1, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i += member) {
        size_t k = n - i < member ? n - i : member;
        deflateReset(&z);
        z.next_in = (uint8_t *)p + i;
        z.avail_in = (uInt)k;
        z.next_out = out + o;
        z.avail_out = (uInt)(cap - o);
        uLong before = z.total_out;
        int rc = deflate(&z, Z_FINISH);
        o += z.total_out - before;
        if (rc != Z_STREAM_END) { o = 0; break; }
    }
    deflateEnd(&z);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size);
    if (size < 2 || size > (1u << 16)) return 0;
    size_t cap = 2 * size + 64 * (size / 16 + 2) + 1024;
    uint8_t *z = malloc(cap);
    if (!z) return 0;
    size_t zn = gzip_members(data + 1, size - 1, size, z, cap);
    read_all(z, zn);
    zn = gzip_members(data + 1, size - 1, 16u * (data[0] + 1u), z, cap);
    read_all(z, zn);
    free(z);
    return 0;
}
