/* test_warc.c — unit tests of the WARC reader (src/ingest/warc.c): the samples in
 * test/data (plain, one gzip member per record, read through a pipe), a single-member
 * gzip, body decoding, and every kind of bad input: garbage between records and between
 * gzip members, Content-Length too long / too short / absurd, truncated and corrupt gzip,
 * unterminated headers, a record over AN_MAX_ARTICLE_BYTES (streamed past in bounded
 * memory).
 *
 * Usage: test_warc [IGNORED]        (run from the repository root; reads test/data)
 *        test_warc --read FILE      streams FILE ("-" for stdin) and prints each fault and
 *                                   the totals: for speed and memory measurements
 * Prints "N passed, N failed"; exits non-zero on failure. */
#include "ingest/readers.h"
#include <stdarg.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <zlib.h>

static int passed, failed;
#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (cond) passed++;                                                                  \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); }  \
    } while (0)
#define CHECK_SEQ(got, want)                                                                 \
    do {                                                                                     \
        if (strcmp((got), (want)) == 0) passed++;                                            \
        else { failed++; fprintf(stderr, "FAIL %s:%d:\n    got  %s\n    want %s\n", __FILE__, \
                                 __LINE__, (got), (want)); }                                  \
    } while (0)

/* ---- building inputs ------------------------------------------------------------------ */

static void add(an_buf *b, const void *p, size_t n) { if (an_buf_append(b, p, n)) abort(); }
static void addf(an_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(an_buf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    add(b, tmp, (size_t)k);
}

/* A WARC record; claim < 0 means the true Content-Length. */
static void add_record(an_buf *b, const char *type, const char *uri, int num, const char *ctype,
                       const void *block, size_t n, long long claim)
{
    addf(b, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n", type, num);
    if (uri) addf(b, "WARC-Target-URI: %s\r\n", uri);
    addf(b, "Content-Type: %s\r\nContent-Length: %lld\r\n\r\n", ctype,
         claim < 0 ? (long long)n : claim);
    add(b, block, n);
    add(b, "\r\n\r\n", 4);
}

static void add_response(an_buf *b, const char *uri, int num, const char *http_head,
                         const char *body, long long claim)
{
    an_buf blk = { 0 };
    addf(&blk, "%s\r\n", http_head);
    add(&blk, body, strlen(body));
    add_record(b, "response", uri, num, "application/http; msgtype=response", blk.p, blk.n, claim);
    an_buf_free(&blk);
}

static void add_html(an_buf *b, const char *uri, int num, long long claim)
{
    char body[256];
    snprintf(body, sizeof body, "<html><body><p>Page %s.</p></body></html>", uri);
    add_response(b, uri, num, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", body, claim);
}

/* Appends p[0, n) as one gzip member. */
static void add_gzip(an_buf *b, const void *p, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
    if (an_buf_reserve(b, deflateBound(&z, (uLong)n) + 64)) abort();
    z.next_in = (unsigned char *)p;
    z.avail_in = (uInt)n;
    z.next_out = (unsigned char *)b->p + b->n;
    z.avail_out = (uInt)(b->cap - b->n - 1);
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
    b->n += z.total_out;
    deflateEnd(&z);
}

/* ---- running the reader ------------------------------------------------------------------ */

typedef struct run {
    char seq[2048];             /* "ok:/a ok:/b err:bad_warc@123 end" */
    char msg[8][200];           /* the error messages, in order */
    int n_msg;
    an_warc_record rec[16];     /* spans are not kept valid: only numbers are read */
    uint64_t off[16], soff[16];
    char body[16][128];
    size_t body_n[16];
    char charset[16][32];
    int n_rec;
} run;

static void cat(run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(run *r, const char *fmt, ...)
{
    size_t k = strlen(r->seq);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->seq + k, sizeof r->seq - k, fmt, ap);
    va_end(ap);
}

static void read_all(FILE *f, run *r)
{
    memset(r, 0, sizeof *r);
    an_warc *w;
    an_error err;
    if (an_warc_open(&w, f, &err)) { cat(r, "open-failed"); return; }
    for (int calls = 0; calls < 1000; calls++) {
        an_warc_record rec;
        memset(&err, 0, sizeof err);
        an_status st = an_warc_next(w, &rec, &err);
        if (st == AN_NOT_FOUND) { cat(r, "end"); break; }
        if (st == AN_OK) {
            const char *slash = NULL;
            for (size_t i = 0; i < rec.target_uri.n; i++)
                if (rec.target_uri.p[i] == '/') slash = rec.target_uri.p + i;
            int tail = slash ? (int)(rec.target_uri.p + rec.target_uri.n - slash) : 0;
            cat(r, "ok:%.*s ", tail, slash ? slash : "");
            if (r->n_rec < 16) {
                int k = r->n_rec++;
                r->rec[k] = rec;
                r->off[k] = rec.offset;
                r->soff[k] = rec.stream_offset;
                r->body_n[k] = rec.body.n;
                snprintf(r->body[k], sizeof r->body[k], "%.*s", (int)(rec.body.n < 127 ? rec.body.n : 127), rec.body.p);
                snprintf(r->charset[k], sizeof r->charset[k], "%.*s", (int)rec.charset.n, rec.charset.p);
            }
        } else {
            cat(r, "err:%s@%llu ", an_status_name(st), (unsigned long long)err.offset);
            if (r->n_msg < 8) snprintf(r->msg[r->n_msg++], 200, "%s", err.message);
            if (st == AN_NOMEM) break;
        }
    }
    an_warc_close(w);
}

static void read_mem(const an_buf *b, run *r)
{
    static char empty[1];
    FILE *f = fmemopen(b->n ? b->p : empty, b->n ? b->n : 1, "rb");
    if (!f) abort();
    if (!b->n) fgetc(f);        /* fmemopen wants a size of at least 1 */
    read_all(f, r);
    fclose(f);
}

static bool read_file(const char *path, an_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) add(out, chunk, k);
    fclose(f);
    return true;
}

/* Three wanted records /1 /2 /3 with a broken one made by `broken` in front. */
static an_buf three(long long claim1)
{
    an_buf b = { 0 };
    add_html(&b, "http://x.org/1", 1, claim1);
    add_html(&b, "http://x.org/2", 2, -1);
    add_html(&b, "http://x.org/3", 3, -1);
    return b;
}

/* The same records, one gzip member each; starts[] gets the member offsets. */
static an_buf gzip_each(const an_buf *plain, uint64_t *starts, int *count)
{
    an_buf out = { 0 };
    int k = 0;
    size_t s = 0;
    for (size_t i = 0; i <= plain->n; i++) {
        bool boundary = i == plain->n || (i > s && i + 7 <= plain->n && memcmp(plain->p + i, "WARC/1.", 7) == 0 &&
                                           i >= 4 && memcmp(plain->p + i - 4, "\r\n\r\n", 4) == 0);
        if (!boundary) continue;
        if (i > s) {
            if (starts && k < 16) starts[k] = out.n;
            k++;
            add_gzip(&out, plain->p + s, i - s);
        }
        s = i;
    }
    if (count) *count = k;
    return out;
}

/* The offsets at which the gzip members of b start (zlib's output may change between
 * versions, so expected offsets are found here rather than written down). */
static int member_starts(const an_buf *b, uint64_t *starts, int cap)
{
    int k = 0;
    size_t at = 0;
    unsigned char out[4096];
    while (at < b->n && k < cap) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, 15 + 16) != Z_OK) break;
        z.next_in = (unsigned char *)b->p + at;
        z.avail_in = (uInt)(b->n - at);
        int rc;
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            rc = inflate(&z, Z_NO_FLUSH);
        } while (rc == Z_OK);
        size_t used = b->n - at - z.avail_in;
        inflateEnd(&z);
        if (rc != Z_STREAM_END) break;
        starts[k++] = at;
        at += used;
    }
    return k;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void test_samples(void)
{
    run r;
    an_buf b = { 0 };
    CHECK(read_file("test/data/sample.warc", &b));
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "ok:/a ok:/b ok:/c ok:/d end");
    CHECK(r.n_rec == 4);
    CHECK(strstr(r.body[0], "<!DOCTYPE html><html><head><title>Article A") == r.body[0]);
    CHECK(strcmp(r.charset[0], "utf-8") == 0);
    CHECK(strcmp(r.charset[1], "windows-1251") == 0);                 /* quotes removed */
    CHECK(strstr(r.body[1], "<title>\xD1\xF2\xE0\xF2\xFC\xFF") != NULL); /* de-chunked cp1251 */
    CHECK(r.body_n[1] == 112);
    CHECK(strstr(r.body[2], "Compressed body.") != NULL);                /* gzip-encoded */
    CHECK(strstr(r.body[3], "Resource record D.") != NULL);
    CHECK(r.rec[3].http_status == 0 && r.rec[0].http_status == 200);
    CHECK(r.off[0] == r.soff[0] && r.off[0] == 566);
    an_buf_free(&b);

    /* one member per record: offsets are the members' (see tools/make_test_warc.py) */
    CHECK(read_file("test/data/sample.warc.gz", &b));
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "ok:/a ok:/b ok:/c ok:/d end");
    uint64_t ms[16];
    int nm = member_starts(&b, ms, 16);
    CHECK(nm == 9);     /* records 2, 5, 7 and 8 are the wanted ones */
    CHECK(nm == 9 && r.off[0] == ms[2] && r.off[1] == ms[5] && r.off[2] == ms[7] && r.off[3] == ms[8]);
    CHECK(r.soff[0] == 566);
    CHECK(strstr(r.body[2], "Compressed body.") != NULL);
    an_buf_free(&b);

    /* through a pipe: never seeked */
    FILE *p = popen("cat test/data/sample.warc.gz", "r");
    CHECK(p != NULL);
    if (p) {
        read_all(p, &r);
        pclose(p);
        CHECK_SEQ(r.seq, "ok:/a ok:/b ok:/c ok:/d end");
    }

    /* the whole file as one gzip member */
    an_buf plain = { 0 }, one = { 0 };
    CHECK(read_file("test/data/sample.warc", &plain));
    add_gzip(&one, plain.p, plain.n);
    read_mem(&one, &r);
    CHECK_SEQ(r.seq, "ok:/a ok:/b ok:/c ok:/d end");
    CHECK(r.off[0] == 0 && r.off[3] == 0 && r.soff[0] == 566 && r.soff[3] == 3130);
    an_buf_free(&one);

    /* every record split over many small members: offsets name the member holding the
     * record's first byte */
    for (size_t i = 0; i < plain.n; i += 97) add_gzip(&one, plain.p + i, plain.n - i < 97 ? plain.n - i : 97);
    read_mem(&one, &r);
    CHECK_SEQ(r.seq, "ok:/a ok:/b ok:/c ok:/d end");
    CHECK(r.soff[1] == 1836);
    an_buf_free(&one);

    /* zero padding after the last member is not an error; WARC/1.1 and LF-only lines */
    uint64_t starts[16];
    an_buf g = gzip_each(&plain, starts, NULL);
    add(&g, "\0\0\0\0\0\0\0\0", 8);
    read_mem(&g, &r);
    CHECK_SEQ(r.seq, "ok:/a ok:/b ok:/c ok:/d end");
    an_buf_free(&g);
    an_buf_free(&plain);

    an_buf lf = { 0 };
    const char *body = "<html><body>LF only</body></html>";
    an_buf blk = { 0 };
    addf(&blk, "HTTP/1.0 200 OK\nContent-Type: text/html\n\n%s", body);
    addf(&lf, "WARC/1.1\nWARC-Type: response\nWARC-Target-URI: <http://x.org/lf>\n"
              "Content-Length: %zu\n\n", blk.n);
    add(&lf, blk.p, blk.n);
    add(&lf, "\n\n", 2);
    add_html(&lf, "http://x.org/2", 2, -1);
    read_mem(&lf, &r);
    CHECK_SEQ(r.seq, "ok:/lf ok:/2 end");
    an_buf_free(&lf);
    an_buf_free(&blk);
}

static void test_selection(void)
{
    run r;
    an_buf b = { 0 };
    add_record(&b, "warcinfo", NULL, 1, "application/warc-fields", "a: b\r\n", 6, -1);
    add_record(&b, "request", "http://x.org/q", 2, "application/http; msgtype=request",
               "GET / HTTP/1.1\r\n\r\n", 18, -1);
    add_response(&b, "http://x.org/404", 3, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n", "<html>no</html>", -1);
    add_response(&b, "http://x.org/json", 4, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n", "{}", -1);
    add_response(&b, "http://x.org/sniffed", 5, "HTTP/1.1 200 OK\r\n", "  <!doctype html><p>x</p>", -1);
    add_response(&b, "http://x.org/unsniffed", 6, "HTTP/1.1 200 OK\r\n", "%PDF-1.4", -1);
    add_response(&b, "http://x.org/xhtml", 7, "HTTP/2 200\r\ncontent-type: application/xhtml+xml\r\n", "<html/>", -1);
    add_response(&b, "http://x.org/empty", 8, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", "", -1);
    add_record(&b, "revisit", "http://x.org/r", 9, "application/http; msgtype=response", "HTTP/1.1 200 OK\r\n\r\n", 19, -1);
    add_record(&b, "metadata", "http://x.org/m", 10, "application/warc-fields", "x: y\r\n", 6, -1);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "ok:/sniffed ok:/xhtml end");
    an_buf_free(&b);
}

static void test_bodies(void)
{
    run r;
    an_buf b = { 0 };
    /* chunked with an extension and a trailer; a stale "chunked" over a plain body */
    add_response(&b, "http://x.org/ch", 1, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                 "6;ext=1\r\n<html>\r\nb\r\n<p>hi</p></\r\n5\r\nhtml>\r\n0\r\nX-Trailer: 1\r\n\r\n", -1);
    add_response(&b, "http://x.org/stale", 2, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                 "<html>not chunked</html>", -1);
    add_response(&b, "http://x.org/stalegz", 3, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n",
                 "<html>not gzip</html>", -1);
    size_t br_at = b.n;
    add_response(&b, "http://x.org/br", 4, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n",
                 "\x1b\x07\x00\xf8\x25\x14", -1);
    add_response(&b, "http://x.org/cut", 5, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                 "10\r\n<html>cut", -1);
    read_mem(&b, &r);
    char want[128];
    snprintf(want, sizeof want, "ok:/ch ok:/stale ok:/stalegz err:bad_warc@%zu ok:/cut end", br_at);
    CHECK_SEQ(r.seq, want);
    CHECK(strcmp(r.body[0], "<html><p>hi</p></html>") == 0);
    CHECK(strcmp(r.body[1], "<html>not chunked</html>") == 0);
    CHECK(strcmp(r.body[2], "<html>not gzip</html>") == 0);
    CHECK(strstr(r.msg[0], "Content-Encoding \"br\"") != NULL);
    CHECK(strcmp(r.body[3], "<html>cut") == 0);
    an_buf_free(&b);

    /* deflate (zlib wrapper) and raw deflate bodies */
    const char *page = "<html><body>deflated</body></html>";
    unsigned char z[256];
    uLongf zn = sizeof z;
    CHECK(compress(z, &zn, (const unsigned char *)page, strlen(page)) == Z_OK);
    an_buf blk = { 0 };
    addf(&blk, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n");
    add(&blk, z, zn);
    add_record(&b, "response", "http://x.org/zlib", 1, "application/http", blk.p, blk.n, -1);
    blk.n = 0;
    addf(&blk, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n");
    add(&blk, z + 2, zn - 6);   /* the raw deflate stream inside the zlib wrapper */
    add_record(&b, "response", "http://x.org/raw", 2, "application/http", blk.p, blk.n, -1);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "ok:/zlib ok:/raw end");
    CHECK(strcmp(r.body[0], page) == 0 && strcmp(r.body[1], page) == 0);
    an_buf_free(&b);
    an_buf_free(&blk);
}

static void test_garbage(void)
{
    run r;
    an_buf b = { 0 };
    add_html(&b, "http://x.org/1", 1, -1);
    size_t junk_at = b.n;
    add(&b, "JUNK JUNK JUNK\r\nmore junk\r\n", 27);
    add_html(&b, "http://x.org/2", 2, -1);
    read_mem(&b, &r);
    char want[128];
    snprintf(want, sizeof want, "ok:/1 err:bad_warc@%zu ok:/2 end", junk_at);
    CHECK_SEQ(r.seq, want);
    CHECK(strstr(r.msg[0], "27 bytes of garbage") != NULL);

    /* garbage only, and empty or blank input */
    an_buf g = { 0 };
    add(&g, "hello, this is not a WARC file\n", 31);
    read_mem(&g, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 end");
    g.n = 0;
    read_mem(&g, &r);
    CHECK_SEQ(r.seq, "end");
    add(&g, "\r\n\r\n  \n", 7);
    read_mem(&g, &r);
    CHECK_SEQ(r.seq, "end");
    g.n = 0;
    for (int i = 0; i < 5000; i++) add(&g, "\0", 1);
    read_mem(&g, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 end");
    an_buf_free(&g);

    /* garbage between gzip members, and inside a single member */
    uint64_t starts[16];
    an_buf plain = three(-1);
    an_buf z = gzip_each(&plain, starts, NULL);
    an_buf z2 = { 0 };
    add(&z2, z.p, (size_t)starts[1]);
    add(&z2, "GARBAGE BETWEEN MEMBERS", 23);
    add(&z2, z.p + starts[1], z.n - (size_t)starts[1]);
    read_mem(&z2, &r);
    snprintf(want, sizeof want, "ok:/1 err:bad_gzip@%llu ok:/2 ok:/3 end", (unsigned long long)starts[1]);
    CHECK_SEQ(r.seq, want);
    CHECK(strstr(r.msg[0], "not a gzip member") != NULL);
    an_buf_free(&z2);
    an_buf_free(&z);

    an_buf single = { 0 };
    add_gzip(&single, b.p, b.n);
    read_mem(&single, &r);
    CHECK_SEQ(r.seq, "ok:/1 err:bad_warc@0 ok:/2 end");
    snprintf(want, sizeof want, "byte %zu decompressed", junk_at);
    CHECK(strstr(r.msg[0], want) != NULL);
    an_buf_free(&single);
    an_buf_free(&plain);
    an_buf_free(&b);
}

static void test_content_length(void)
{
    run r;
    /* too long by 50: the overrun record 2 is still read */
    an_buf b = three(-1);
    size_t real = strstr(b.p, "Content-Length: ") ? (size_t)atoll(strstr(b.p, "Content-Length: ") + 16) : 0;
    an_buf_free(&b);
    b = three((long long)real + 50);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    CHECK(strstr(r.msg[0], "urn:uuid:00000000-0000-4000-8000-000000000001 at offset 0") != NULL);
    CHECK(strstr(r.msg[0], "does not end at a record boundary") != NULL);
    uint64_t starts[16];
    an_buf z = gzip_each(&b, starts, NULL);
    read_mem(&z, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    an_buf_free(&z);
    an_buf_free(&b);

    /* too short by 30 */
    b = three((long long)real - 30);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    z = gzip_each(&b, NULL, NULL);
    read_mem(&z, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    an_buf_free(&z);
    an_buf_free(&b);

    /* longer than the rest of the file: everything after is rescanned */
    b = three(1000000);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    CHECK(strstr(r.msg[0], "Content-Length 1000000 but only") != NULL);
    an_buf_free(&b);

    /* absurd (over the article limit): streamed past, cut at the next record start */
    b = three(5000000000LL);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    CHECK(strstr(r.msg[0], "runs past the end of the record") != NULL);
    z = gzip_each(&b, NULL, NULL);
    read_mem(&z, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 ok:/3 end");
    an_buf_free(&z);
    an_buf_free(&b);

    /* absent and invalid */
    b = (an_buf){ 0 };
    addf(&b, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:1>\r\n\r\n<html>x</html>\r\n\r\n");
    add_html(&b, "http://x.org/2", 2, -1);
    addf(&b, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\n<html>x</html>\r\n\r\n");
    add_html(&b, "http://x.org/3", 3, -1);
    read_mem(&b, &r);
    CHECK(strncmp(r.seq, "err:bad_warc@0 ok:/2 err:bad_warc@", 34) == 0);
    CHECK(strstr(r.seq, " ok:/3 end") != NULL);
    CHECK(strstr(r.msg[0], "WARC record urn:x:1 at offset 0: no Content-Length") != NULL);
    CHECK(strstr(r.msg[1], "invalid Content-Length") != NULL);
    an_buf_free(&b);

    /* a response block without an HTTP status line */
    b = (an_buf){ 0 };
    add_record(&b, "response", "http://x.org/1", 1, "application/http", "<html>no status</html>", 22, -1);
    add_html(&b, "http://x.org/2", 2, -1);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 ok:/2 end");
    CHECK(strstr(r.msg[0], "no HTTP status line") != NULL);
    an_buf_free(&b);
}

static void test_truncation(void)
{
    run r;
    uint64_t starts[16];
    an_buf plain = three(-1);
    /* the last member cut in half */
    an_buf z = gzip_each(&plain, starts, NULL);
    size_t cut = (size_t)starts[2] + (z.n - (size_t)starts[2]) / 2;
    an_buf t = { 0 };
    add(&t, z.p, cut);
    read_mem(&t, &r);
    char want[160];
    snprintf(want, sizeof want, "ok:/1 ok:/2 err:bad_gzip@%llu end", (unsigned long long)starts[2]);
    CHECK_SEQ(r.seq, want);
    CHECK(strstr(r.msg[0], "truncated") != NULL);
    snprintf(want, sizeof want, "gzip member at offset %llu is truncated", (unsigned long long)starts[2]);
    CHECK(strstr(r.msg[0], want) != NULL);
    /* a file that ends exactly at a member boundary is fine */
    t.n = (size_t)starts[2];
    read_mem(&t, &r);
    CHECK_SEQ(r.seq, "ok:/1 ok:/2 end");
    an_buf_free(&t);

    /* a single member cut inside record 2 */
    an_buf one = { 0 };
    add_gzip(&one, plain.p, plain.n);
    t = (an_buf){ 0 };
    add(&t, one.p, one.n * 55 / 100);
    read_mem(&t, &r);
    {
        size_t k = strlen(r.seq);
        CHECK(k >= 18 && strcmp(r.seq + k - 18, "err:bad_gzip@0 end") == 0);
        CHECK(strstr(r.seq, "ok:/3") == NULL);
        CHECK(strstr(r.msg[0], "gzip member at offset 0 is truncated") != NULL);
    }
    an_buf_free(&t);
    an_buf_free(&one);

    /* a plain file cut inside record 2 */
    t = (an_buf){ 0 };
    const char *r2 = strstr(plain.p + 10, "WARC/1.0");
    add(&t, plain.p, (size_t)(r2 - plain.p) + 150);
    read_mem(&t, &r);
    snprintf(want, sizeof want, "ok:/1 err:bad_warc@%zu end", (size_t)(r2 - plain.p));
    CHECK_SEQ(r.seq, want);
    CHECK(strstr(r.msg[0], "input ends") != NULL || strstr(r.msg[0], "only") != NULL);
    an_buf_free(&t);

    /* a header block that never ends */
    t = (an_buf){ 0 };
    addf(&t, "WARC/1.0\r\nWARC-Type: response\r\n");
    for (int i = 0; i < 2000; i++) addf(&t, "X-Filler-%d: %s\r\n", i, "abcdefghijklmnopqrstuvwxyz");
    read_mem(&t, &r);
    CHECK_SEQ(r.seq, "err:bad_warc@0 end");
    CHECK(strstr(r.msg[0], "header block longer than 65536") != NULL);
    an_buf_free(&t);

    /* a corrupt member in the middle: records 1 and 3 survive */
    t = (an_buf){ 0 };
    add(&t, z.p, z.n);
    for (size_t i = (size_t)starts[1] + 20; i < (size_t)starts[1] + 40; i++) t.p[i] ^= 0x55;
    read_mem(&t, &r);
    CHECK(strncmp(r.seq, "ok:/1 err:bad_", 14) == 0);
    CHECK(strstr(r.msg[0], "corrupt gzip member at offset") != NULL);
    CHECK(strstr(r.seq, "ok:/3 end") != NULL && strstr(r.seq, "ok:/2") == NULL);
    snprintf(want, sizeof want, "@%llu", (unsigned long long)starts[1]);
    CHECK(strstr(r.seq, want) != NULL);
    an_buf_free(&t);

    /* a flipped byte near the end of member 2: its CRC fails after all its data came out */
    t = (an_buf){ 0 };
    add(&t, z.p, z.n);
    t.p[starts[2] - 6] ^= 0x01;  /* inside the CRC32 of member 2 */
    read_mem(&t, &r);
    snprintf(want, sizeof want, "ok:/1 err:bad_gzip@%llu ok:/3 end", (unsigned long long)starts[1]);
    CHECK_SEQ(r.seq, want);
    CHECK(strstr(r.msg[0], "gzip data is corrupt") != NULL);
    an_buf_free(&t);
    an_buf_free(&z);
    an_buf_free(&plain);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A gzip member holding a record with an HTML body of `body_n` bytes of 'a'. */
static void add_big_gzip_record(an_buf *out, const char *uri, const char *ctype, size_t body_n)
{
    char head[512];
    char http[128];
    int hn = snprintf(http, sizeof http, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n\r\n", ctype);
    int wn = snprintf(head, sizeof head, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
                      "WARC-Record-ID: <urn:uuid:big>\r\nContent-Length: %zu\r\n\r\n%s",
                      uri, (size_t)hn + body_n, http);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
    static unsigned char block[1 << 16], outb[1 << 16];
    memset(block, 'a', sizeof block);
    size_t left = body_n;
    int phase = 0;          /* 0: header, 1: body, 2: trailer */
    for (;;) {
        int flush = Z_NO_FLUSH;
        if (phase == 0) { z.next_in = (unsigned char *)head; z.avail_in = (uInt)wn; phase = 1; }
        else if (phase == 1) {
            size_t k = left < sizeof block ? left : sizeof block;
            z.next_in = block; z.avail_in = (uInt)k; left -= k;
            if (!left) phase = 2;
        } else { z.next_in = (unsigned char *)"\r\n\r\n"; z.avail_in = 4; flush = Z_FINISH; phase = 3; }
        int rc;
        do {
            z.next_out = outb; z.avail_out = sizeof outb;
            rc = deflate(&z, flush);
            add(out, outb, sizeof outb - z.avail_out);
        } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        if (phase == 3) break;
    }
    deflateEnd(&z);
}

static void test_limits(void)
{
    run r;
    an_buf b = { 0 };
    long before = max_rss_kb();
    add_big_gzip_record(&b, "http://x.org/big", "text/html", (size_t)AN_MAX_ARTICLE_BYTES + 1);
    uint64_t second = b.n;
    an_buf small = { 0 };
    add_html(&small, "http://x.org/2", 2, -1);
    add_gzip(&b, small.p, small.n);
    add_big_gzip_record(&b, "http://x.org/video", "video/mp4", 20u << 20);
    add_gzip(&b, small.p, small.n);
    read_mem(&b, &r);
    CHECK_SEQ(r.seq, "err:too_big@0 ok:/2 ok:/2 end");
    CHECK(strstr(r.msg[0], "exceeds the 67108864-byte limit") != NULL);
    (void)second;
#ifndef UNDER_ASAN
    /* 64 MB + 20 MB streamed past: the reader's own memory stays small */
    long grew = max_rss_kb() - before;
    CHECK(grew < 24 * 1024);
    if (grew >= 24 * 1024) fprintf(stderr, "    max RSS grew by %ld KiB\n", grew);
#else
    (void)before;
#endif
    an_buf_free(&b);
    an_buf_free(&small);
}

/* --read FILE: the reader over a real file, faults printed, totals at the end. */
static int read_only(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) { perror(path); return 2; }
    an_warc *w;
    an_error err;
    if (an_warc_open(&w, f, &err)) { fprintf(stderr, "%s\n", err.message); return 2; }
    unsigned long long records = 0, faults = 0, bytes = 0;
    for (;;) {
        an_warc_record rec;
        an_status st = an_warc_next(w, &rec, &err);
        if (st == AN_NOT_FOUND) break;
        if (st == AN_OK) { records++; bytes += rec.body.n; continue; }
        faults++;
        printf("%s at %llu: %s\n", an_status_name(st), (unsigned long long)err.offset, err.message);
        if (st == AN_NOMEM) break;
    }
    an_warc_close(w);
    if (f != stdin) fclose(f);
    printf("%llu HTML records, %llu body bytes, %llu faults\n", records, bytes, faults);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--read") == 0) return read_only(argv[2]);
    test_samples();
    test_selection();
    test_bodies();
    test_garbage();
    test_content_length();
    test_truncation();
    test_limits();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
