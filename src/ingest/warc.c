/* warc.c — the WARC reader: a WARC or WARC.gz archive in, HTML response records out.
 *
 * Place in the pipeline: ingest. reader.c hands each record's body, URI, date and
 * charset to the HTML extractor, as it does for a single page.
 *
 * Format: ISO 28500 (WARC/1.0 and 1.1). A record is a version line, header fields up to
 * a blank line, a block of exactly Content-Length bytes, then CRLF CRLF. A response
 * record's block is the HTTP response: status line, headers, blank line, body.
 *
 * Two layers. The source turns the file into one byte stream: plain bytes, or gzip
 * members inflated one after another (zlib, windowBits 15+32, reset at each member's
 * end), so Common Crawl's member-per-record files and single-member files read alike.
 * It remembers where members start, to name a record's compressed offset. A corrupt or
 * truncated member is a "break": the source stops output there, reports it once, and
 * resumes at the next gzip magic (1F 8B 08). The parser reads records from a window of
 * that stream holding the current record.
 *
 * A record is checked before it is yielded: the block must be followed by CRLF CRLF
 * (or by the end of input, or directly by the next "WARC/1."). When it is not, its
 * Content-Length lied, too long or too short, and the parser resynchronises by scanning
 * from the start of the block for the next "WARC/1." that begins a line or a gzip
 * member, so the records it overran are not lost. Records too large to hold are
 * streamed past; there the next record start (a member start, or CRLF CRLF "WARC/1.d"
 * CRLF) ends the skip early if the Content-Length claimed more than the record had.
 * Memory: the window (one record plus 64 KiB of read-ahead) and two decode buffers.
 */
#include "ingest/readers.h"
#include <stdarg.h>
#include <stdlib.h>
#include <zlib.h>

#define IN_BYTES (64u << 10)     /* compressed input read per fread */
#define CHUNK (64u << 10)        /* decompressed bytes asked for per fill */
#define LOOKAHEAD 24u            /* bytes after a block needed to check its trailer */

typedef struct member_mark { uint64_t u, c; } member_mark;   /* stream, file offset */

typedef struct warc_header {
    an_span type, target_uri, date, record_id, content_type;
    bool truncated, has_length, bad_length;
    uint64_t length;
} warc_header;

typedef enum { HTTP_OK, HTTP_NO_STATUS, HTTP_UNTERMINATED } http_result;

typedef struct http_info {
    int status;
    an_span content_type, charset, encoding;
    bool chunked;
    size_t header_len;          /* bytes up to and including the blank line */
} http_info;

struct an_warc {
    FILE *f;
    bool gzip, z_ready;
    bool in_eof;                /* fread has returned short */
    bool in_member;             /* inflate has consumed the start of a member */
    bool src_done;              /* the source will produce nothing more */
    bool brk;                   /* a break follows the last byte in the window */
    bool quiet;                 /* the next garbage skip belongs to a fault already told */
    an_error brk_err;
    z_stream z;                 /* next_in / avail_in are the input cursor in both modes */
    unsigned char in[IN_BYTES];
    size_t in_len;
    uint64_t in_start;          /* file offset of in[0] */
    uint64_t member_start;      /* file offset of the member being inflated */
    uint64_t member_u;          /* and the stream offset of its first byte */
    uint64_t brk_u;             /* the stream offset where the failed member began */
    uint64_t rewind_limit;      /* a corrupt member starting before this is not re-read */
    member_mark members[AN_WARC_MAX_MEMBERS];
    unsigned m_first, m_n;      /* a ring, ordered by stream offset */
    an_buf win;                 /* decompressed stream from offset `base` */
    size_t pos;                 /* parse position in win */
    uint64_t base;
    an_buf chunks, inflated;    /* body decoding */
};

/* ---- small helpers ----------------------------------------------------------------- */

static unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool ieq(an_span s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.n != n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s.p[i]) != (unsigned char)lit[i]) return false;
    return true;
}

static an_span trim(an_span s)
{
    while (s.n && is_blank(s.p[0])) { s.p++; s.n--; }
    while (s.n && is_blank(s.p[s.n - 1])) s.n--;
    return s;
}

static an_span unbracket(an_span s)
{
    if (s.n >= 2 && s.p[0] == '<' && s.p[s.n - 1] == '>') return an_span_make(s.p + 1, s.n - 2);
    return s;
}

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

/* ---- source: file bytes to one decompressed stream --------------------------------- */

static uint64_t cpos(const an_warc *w) { return w->in_start + (uint64_t)(w->z.next_in - w->in); }

static void set_break(an_warc *w, an_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_break(an_warc *w, an_status st, const char *fmt, ...)
{
    char msg[sizeof w->brk_err.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    an_error_set(&w->brk_err, st, w->gzip ? w->member_start : cpos(w), 0, "%s", msg);
    w->brk = true;
    w->brk_u = w->gzip ? w->member_u : UINT64_MAX;
}

/* Moves the unconsumed input to the front of in[] and reads more. False when nothing
 * more could be read. */
static bool refill(an_warc *w)
{
    if (w->in_eof) return false;
    size_t keep = w->z.avail_in;
    size_t used = w->in_len - keep;
    if (keep && used) memmove(w->in, w->z.next_in, keep);
    w->in_start += used;
    size_t k = fread(w->in + keep, 1, IN_BYTES - keep, w->f);
    if (k < IN_BYTES - keep) w->in_eof = true;
    w->in_len = keep + k;
    w->z.next_in = w->in;
    w->z.avail_in = (uInt)w->in_len;
    return k > 0;
}

static void end_of_input(an_warc *w)
{
    w->src_done = true;
    if (ferror(w->f)) set_break(w, AN_IO, "read error at byte %llu", (unsigned long long)cpos(w));
}

static void note_member(an_warc *w, uint64_t u, uint64_t c)
{
    const unsigned M = AN_WARC_MAX_MEMBERS;
    if (w->m_n) {
        member_mark *last = &w->members[(w->m_first + w->m_n - 1) % M];
        if (last->u == u || w->m_n == M) { *last = (member_mark){ u, c }; return; }
    }
    w->members[(w->m_first + w->m_n) % M] = (member_mark){ u, c };
    w->m_n++;
}

/* The file offset of the gzip member holding stream byte u (u itself for plain input). */
static uint64_t member_at(const an_warc *w, uint64_t u)
{
    if (!w->gzip) return u;
    uint64_t c = w->m_n ? w->members[w->m_first].c : 0;
    for (unsigned i = 0; i < w->m_n; i++) {
        const member_mark *m = &w->members[(w->m_first + i) % AN_WARC_MAX_MEMBERS];
        if (m->u > u) break;
        c = m->c;
    }
    return c;
}

static bool is_member_start(const an_warc *w, uint64_t u)
{
    if (!w->gzip) return false;
    for (unsigned i = 0; i < w->m_n; i++) {
        const member_mark *m = &w->members[(w->m_first + i) % AN_WARC_MAX_MEMBERS];
        if (m->u == u) return true;
        if (m->u > u) break;
    }
    return false;
}

/* After a corrupt member: skips input up to the next gzip magic. The search starts just
 * after the failed member's start when that is still buffered, so a good member that the
 * corrupt one ran into is found again; but only once per stretch of input, so nested
 * fake members cannot make the work quadratic. */
static void seek_next_member(an_warc *w)
{
    uint64_t failed_at = cpos(w);
    if (w->member_start >= w->rewind_limit && w->member_start >= w->in_start &&
        w->member_start < w->in_start + w->in_len) {
        w->rewind_limit = failed_at;
        size_t from = (size_t)(w->member_start - w->in_start) + 1;
        w->z.next_in = w->in + from;
        w->z.avail_in = (uInt)(w->in_len - from);
    }
    for (;;) {
        unsigned char *p = w->z.next_in;
        size_t n = w->z.avail_in;
        for (size_t i = 0; i + 3 <= n; i++)
            if (p[i] == 0x1F && p[i + 1] == 0x8B && p[i + 2] == 0x08) {
                w->z.next_in = p + i;
                w->z.avail_in = (uInt)(n - i);
                return;
            }
        size_t drop = n > 2 ? n - 2 : 0;    /* a magic may straddle the refill */
        w->z.next_in = p + drop;
        w->z.avail_in = (uInt)(n - drop);
        if (!refill(w)) {
            w->z.next_in += w->z.avail_in;  /* what remains is not gzip */
            w->z.avail_in = 0;
            w->src_done = true;
            return;
        }
    }
}

/* Inflates up to cap bytes into dst, whose first byte is stream offset u0. Stops early
 * only at the end of input or at a break. */
static size_t gzip_produce(an_warc *w, unsigned char *dst, size_t cap, uint64_t u0)
{
    w->z.next_out = dst;
    w->z.avail_out = (uInt)cap;
    while (w->z.avail_out > 0 && !w->brk && !w->src_done) {
        if (w->z.avail_in == 0 && !refill(w)) {
            if (w->in_member)
                set_break(w, AN_BAD_GZIP, "gzip member at offset %llu is truncated",
                          (unsigned long long)w->member_start);
            w->in_member = false;
            end_of_input(w);
            break;
        }
        if (!w->in_member) {
            /* between members: zero padding after the last member is not an error */
            while (w->z.avail_in && w->z.next_in[0] == 0) { w->z.next_in++; w->z.avail_in--; }
            if (!w->z.avail_in) continue;
            w->member_start = cpos(w);
            w->in_member = true;
            w->member_u = u0 + (cap - w->z.avail_out);
            note_member(w, w->member_u, w->member_start);
        }
        int rc = inflate(&w->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            inflateReset(&w->z);
            w->in_member = false;
        } else if (rc == Z_OK || (rc == Z_BUF_ERROR && w->z.avail_in == 0)) {
            continue;
        } else if (rc == Z_MEM_ERROR) {
            set_break(w, AN_NOMEM, "out of memory inflating the gzip member at offset %llu",
                      (unsigned long long)w->member_start);
        } else {
            bool at_start = cpos(w) <= w->member_start + 2;
            set_break(w, AN_BAD_GZIP, "%s at offset %llu (%s)",
                      at_start ? "not a gzip member" : "corrupt gzip member",
                      (unsigned long long)w->member_start, w->z.msg ? w->z.msg : "data error");
            inflateReset(&w->z);
            w->in_member = false;
            seek_next_member(w);
        }
    }
    return cap - w->z.avail_out;
}

static size_t plain_produce(an_warc *w, unsigned char *dst, size_t cap)
{
    size_t got = 0;
    while (got < cap && !w->src_done) {
        if (w->z.avail_in == 0 && !refill(w)) { end_of_input(w); break; }
        size_t k = min_size(w->z.avail_in, cap - got);
        memcpy(dst + got, w->z.next_in, k);
        w->z.next_in += k;
        w->z.avail_in -= (uInt)k;
        got += k;
    }
    return got;
}

/* Makes at least `need` bytes available after pos, unless the stream ends or breaks
 * first. */
static an_status fill(an_warc *w, size_t need)
{
    while (w->win.n - w->pos < need && !w->brk && !w->src_done) {
        size_t want = need - (w->win.n - w->pos);
        if (want < CHUNK) want = CHUNK;
        if (want > (1u << 30)) want = 1u << 30;
        if (an_buf_reserve(&w->win, want)) return AN_NOMEM;
        unsigned char *dst = (unsigned char *)w->win.p + w->win.n;
        uint64_t u0 = w->base + w->win.n;
        w->win.n += w->gzip ? gzip_produce(w, dst, want, u0) : plain_produce(w, dst, want);
    }
    return AN_OK;
}

static size_t avail(const an_warc *w) { return w->win.n - w->pos; }

/* Forgets the window before index `keep`. */
static void drop_before(an_warc *w, size_t keep)
{
    if (keep == 0) return;
    if (w->win.n > keep) memmove(w->win.p, w->win.p + keep, w->win.n - keep);
    w->win.n -= keep;
    w->pos -= keep;
    w->base += keep;
    const unsigned M = AN_WARC_MAX_MEMBERS;
    while (w->m_n >= 2 && w->members[(w->m_first + 1) % M].u <= w->base) {
        w->m_first = (w->m_first + 1) % M;
        w->m_n--;
    }
}

/* Gives back the memory of a large buffer once it holds at most keep_n bytes again. */
static void shrink(an_buf *b, size_t keep_n)
{
    if (b->cap <= AN_WARC_KEEP_BYTES || keep_n >= AN_WARC_KEEP_BYTES / 2) return;
    size_t cap = keep_n + 2 * CHUNK;
    char *p = realloc(b->p, cap);
    if (p) { b->p = p; b->cap = cap; b->n = keep_n; }
}

static void compact(an_warc *w)
{
    drop_before(w, w->pos);
    shrink(&w->win, w->win.n);
    w->chunks.n = w->inflated.n = 0;
    shrink(&w->chunks, 0);
    shrink(&w->inflated, 0);
}

/* ---- faults ------------------------------------------------------------------------ */

/* "offset 1234" or, inside a multi-record gzip member, "offset 0 (gzip member), byte
 * 5678 decompressed". */
static void where(const an_warc *w, uint64_t u, char *out, size_t cap)
{
    uint64_t c = member_at(w, u);
    if (w->gzip && !is_member_start(w, u))
        snprintf(out, cap, "offset %llu (gzip member), byte %llu decompressed",
                 (unsigned long long)c, (unsigned long long)u);
    else
        snprintf(out, cap, "offset %llu", (unsigned long long)c);
}

/* Reports a fault of the record starting at stream offset u. When a pending break cut
 * the record, the break is consumed and its message appended. */
static an_status record_fault(an_warc *w, an_error *err, an_status st, uint64_t u,
                              const warc_header *h, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static an_status record_fault(an_warc *w, an_error *err, an_status st, uint64_t u,
                              const warc_header *h, const char *fmt, ...)
{
    char detail[160], at[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    where(w, u, at, sizeof at);
    an_span id = h ? h->record_id : an_span_make("", 0);
    if (!id.n && h) id = h->target_uri;
    int idn = id.n > 60 ? 60 : (int)id.n;
    if (w->brk && w->pos >= w->win.n) {
        if (st == AN_BAD_WARC) st = w->brk_err.status;
        w->brk = false;
        an_error_set(err, st, member_at(w, u), 0, "WARC record %.*s%sat %s: %s; %s", idn,
                     id.p ? id.p : "", idn ? " " : "", at, detail, w->brk_err.message);
    } else {
        an_error_set(err, st, member_at(w, u), 0, "WARC record %.*s%sat %s: %s", idn,
                     id.p ? id.p : "", idn ? " " : "", at, detail);
    }
    return st;
}

static an_status take_break(an_warc *w, an_error *err)
{
    w->brk = false;
    if (err) *err = w->brk_err;
    return w->brk_err.status;
}

/* ---- record framing ---------------------------------------------------------------- */

static bool header_at(const an_warc *w, size_t i)
{
    return w->win.n - i >= 7 && memcmp(w->win.p + i, "WARC/1.", 7) == 0;
}

/* A record may start at i: "WARC/1." at a line start or at a gzip member start. */
static bool record_start_at(const an_warc *w, size_t i)
{
    return header_at(w, i) && ((i > 0 && w->win.p[i - 1] == '\n') || is_member_start(w, w->base + i));
}

/* Moves pos to the next record start after it, dropping what it passes; *found is false
 * when the data ended (or broke) first, with pos at the end. */
static an_status skip_to_record(an_warc *w, uint64_t *skipped, bool *found)
{
    size_t i = w->pos + 1;
    *skipped = 0;
    *found = false;
    for (;;) {
        while (i + 7 <= w->win.n) {
            const char *q = memchr(w->win.p + i, 'W', w->win.n - 6 - i);
            if (!q) { i = w->win.n - 6; break; }
            i = (size_t)(q - w->win.p);
            if (record_start_at(w, i)) {
                *skipped += i - w->pos;
                w->pos = i;
                *found = true;
                return AN_OK;
            }
            i++;
        }
        /* keep the byte before i (for the line-start test) and what may still match */
        *skipped += i - 1 - w->pos;
        w->pos = i - 1;
        drop_before(w, w->pos);
        i = w->pos + 1;
        size_t had = w->win.n;
        if (fill(w, avail(w) + CHUNK)) return AN_NOMEM;
        if (w->win.n == had) {
            *skipped += w->win.n - w->pos;
            w->pos = w->win.n;
            return AN_OK;
        }
    }
}

/* Finds the blank line ending a header block that starts at p; returns its length
 * including the blank line, or 0. */
static size_t header_block_len(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n') continue;
        if (p[i + 1] == '\n') return i + 2;
        if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') return i + 3;
    }
    return 0;
}

/* Steps through the "Name: value" lines of a header block, after its first line (start
 * with *i = 0). False at the blank line or the end. Continuation lines and lines without
 * a colon are passed over. */
static bool next_field(const char *p, size_t n, size_t *i, an_span *name, an_span *value)
{
    size_t k = *i;
    if (k == 0) {
        while (k < n && p[k] != '\n') k++;
        k++;
    }
    while (k < n) {
        size_t s = k;
        while (k < n && p[k] != '\n') k++;
        an_span line = an_span_make(p + s, k - s);
        k++;
        if (line.n && line.p[line.n - 1] == '\r') line.n--;
        if (!line.n) break;
        if (line.p[0] == ' ' || line.p[0] == '\t') continue;
        const char *c = memchr(line.p, ':', line.n);
        if (!c) continue;
        *name = trim(an_span_make(line.p, (size_t)(c - line.p)));
        *value = trim(an_span_make(c + 1, line.n - (size_t)(c + 1 - line.p)));
        *i = k;
        return true;
    }
    *i = n;
    return false;
}

static void parse_warc_header(const char *p, size_t n, warc_header *h)
{
    memset(h, 0, sizeof *h);
    an_span name, value;
    for (size_t i = 0; next_field(p, n, &i, &name, &value);) {
        if (ieq(name, "warc-type")) h->type = value;
        else if (ieq(name, "warc-target-uri")) h->target_uri = unbracket(value);
        else if (ieq(name, "warc-date")) h->date = value;
        else if (ieq(name, "warc-record-id")) h->record_id = unbracket(value);
        else if (ieq(name, "content-type")) h->content_type = value;
        else if (ieq(name, "warc-truncated")) h->truncated = true;
        else if (ieq(name, "content-length") && !h->has_length) {
            uint64_t v = 0;
            bool ok = value.n > 0 && value.n <= 18;
            for (size_t k = 0; ok && k < value.n; k++) {
                if (!is_digit(value.p[k])) ok = false;
                else v = v * 10 + (uint64_t)(value.p[k] - '0');
            }
            if (ok) { h->has_length = true; h->length = v; }
            else h->bad_length = true;
        }
    }
}

/* The parameter `key` of a header value such as "text/html; charset=UTF-8". */
static an_span header_param(an_span v, const char *key)
{
    size_t kn = strlen(key);
    for (size_t i = 0; i < v.n; i++) {
        if (v.p[i] != ';') continue;
        size_t j = i + 1;
        while (j < v.n && (v.p[j] == ' ' || v.p[j] == '\t')) j++;
        if (v.n - j > kn && v.p[j + kn] == '=' && ieq(an_span_make(v.p + j, kn), key)) {
            size_t s = j + kn + 1, e = s;
            while (e < v.n && v.p[e] != ';') e++;
            an_span r = trim(an_span_make(v.p + s, e - s));
            if (r.n >= 2 && (r.p[0] == '"' || r.p[0] == '\'') && r.p[r.n - 1] == r.p[0])
                r = an_span_make(r.p + 1, r.n - 2);
            return r;
        }
    }
    return an_span_make(NULL, 0);
}

static an_span media_type(an_span v)
{
    size_t e = 0;
    while (e < v.n && v.p[e] != ';') e++;
    return trim(an_span_make(v.p, e));
}

static bool contains_token(an_span v, const char *tok)
{
    size_t n = strlen(tok);
    for (size_t i = 0; i + n <= v.n; i++)
        if (ieq(an_span_make(v.p + i, n), tok)) return true;
    return false;
}

static http_result parse_http(const char *p, size_t n, http_info *h)
{
    memset(h, 0, sizeof *h);
    if (n < 5 || memcmp(p, "HTTP/", 5) != 0) return HTTP_NO_STATUS;
    size_t i = 5;
    while (i < n && p[i] != ' ' && p[i] != '\n') i++;
    while (i < n && p[i] == ' ') i++;
    if (n - i < 3 || !is_digit(p[i]) || !is_digit(p[i + 1]) || !is_digit(p[i + 2]))
        return HTTP_NO_STATUS;
    h->status = (p[i] - '0') * 100 + (p[i + 1] - '0') * 10 + (p[i + 2] - '0');
    h->header_len = header_block_len(p, n);
    if (!h->header_len) return HTTP_UNTERMINATED;
    an_span name, value;
    for (size_t k = 0; next_field(p, h->header_len, &k, &name, &value);) {
        if (ieq(name, "content-type")) h->content_type = value;
        else if (ieq(name, "transfer-encoding")) h->chunked = contains_token(value, "chunked");
        else if (ieq(name, "content-encoding")) h->encoding = value;
    }
    h->charset = header_param(h->content_type, "charset");
    return HTTP_OK;
}

/* Whether a body with this media type (or, lacking one, these first bytes) is HTML. */
static bool is_html(an_span type, const char *body, size_t n)
{
    an_span m = media_type(type);
    if (m.n) return ieq(m, "text/html") || ieq(m, "application/xhtml+xml");
    size_t i = 0;
    if (n >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) i = 3;
    size_t lim = min_size(n, 1024);
    while (i < lim && is_blank(body[i])) i++;
    static const char *const starts[] = { "<!doctype html", "<html", "<head", "<!--" };
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
        if (lim - i >= strlen(starts[k]) && ieq(an_span_make(body + i, strlen(starts[k])), starts[k]))
            return true;
    return false;
}

/* ---- body decoding ------------------------------------------------------------------ */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)lower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* De-chunks p into out. False when p does not start with a chunk-size line (a body
 * stored de-chunked under a stale header); a chunk cut short keeps what arrived. */
static an_status dechunk(const char *p, size_t n, an_buf *out, bool *ok)
{
    size_t i = 0;
    out->n = 0;
    *ok = false;
    for (;;) {
        uint64_t size = 0;
        size_t digits = 0;
        while (i < n && hex_value(p[i]) >= 0 && digits < 16) {
            size = size * 16 + (uint64_t)hex_value(p[i++]);
            digits++;
        }
        if (!digits) break;
        /* after the size: spaces, ";extensions" or the line end, else it is not a size */
        if (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != ';' && p[i] != '\r' && p[i] != '\n')
            break;
        while (i < n && p[i] != '\n') i++;
        if (i >= n) break;
        i++;
        *ok = true;
        if (size == 0) break;
        size_t take = (size_t)(size < n - i ? size : n - i);
        if (an_buf_append(out, p + i, take)) return AN_NOMEM;
        i += take;
        if (i < n && p[i] == '\r') i++;
        if (i < n && p[i] == '\n') i++;
        if (i >= n) break;
    }
    return AN_OK;
}

/* Inflates a gzip, zlib or raw deflate body into out, at most `limit` bytes. *ok is false
 * when nothing inflated (the body was stored decoded under a stale header). */
static an_status inflate_body(const unsigned char *p, size_t n, an_buf *out, size_t limit,
                              bool *ok, bool *too_big)
{
    static const int bits[2] = { 15 + 32, -15 };
    *ok = *too_big = false;
    for (int attempt = 0; attempt < 2 && !*ok; attempt++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, bits[attempt]) != Z_OK) return AN_NOMEM;
        z.next_in = (unsigned char *)p;
        z.avail_in = (uInt)min_size(n, 1u << 30);
        out->n = 0;
        int rc = Z_OK;
        while (rc == Z_OK) {
            if (an_buf_reserve(out, CHUNK)) { inflateEnd(&z); return AN_NOMEM; }
            z.next_out = (unsigned char *)out->p + out->n;
            z.avail_out = CHUNK;
            rc = inflate(&z, Z_NO_FLUSH);
            out->n += CHUNK - z.avail_out;
            if (out->n > limit) { *too_big = true; break; }
            if (rc == Z_BUF_ERROR && z.avail_out == 0) rc = Z_OK;
        }
        inflateEnd(&z);
        *ok = out->n > 0;
    }
    return AN_OK;
}

/* ---- streaming past a record too large to hold --------------------------------------- */

/* Whether the bytes at i look like the start of the next record while skipping a large
 * block: "WARC/1.d" CRLF at a gzip member start or after CRLF CRLF. */
static bool next_record_at(const an_warc *w, size_t i)
{
    const char *p = w->win.p;
    if (w->win.n - i < 10 || memcmp(p + i, "WARC/1.", 7) != 0 || !is_digit(p[i + 7]) ||
        p[i + 8] != '\r' || p[i + 9] != '\n')
        return false;
    return is_member_start(w, w->base + i) || (i >= 4 && memcmp(p + i - 4, "\r\n\r\n", 4) == 0);
}

/* Discards `len` block bytes from pos; *cut is set when the next record start showed up
 * first (pos is then there), *short_by when the input ended first. */
static an_status discard(an_warc *w, uint64_t len, bool *cut, uint64_t *short_by)
{
    *cut = false;
    *short_by = 0;
    while (len > 0) {
        if (fill(w, (size_t)(len < CHUNK ? len : CHUNK) + 10)) return AN_NOMEM;
        size_t k = (size_t)min_size(avail(w), len < CHUNK ? (size_t)len : CHUNK);
        if (k == 0) { *short_by = len; return AN_OK; }
        for (size_t i = w->pos; i < w->pos + k; i++) {
            const char *q = memchr(w->win.p + i, 'W', w->pos + k - i);
            if (!q) break;
            i = (size_t)(q - w->win.p);
            if (next_record_at(w, i)) { w->pos = i; *cut = true; return AN_OK; }
        }
        w->pos += k;
        len -= k;
        drop_before(w, w->pos >= 4 ? w->pos - 4 : 0);
    }
    return AN_OK;
}

/* After a block: accepts CRLF CRLF, or up to four CR/LF bytes followed by the end of the
 * data or by the next "WARC/1.". Returns the trailer length, or -1 when the block does
 * not end at a record boundary. */
static int trailer_len(const an_warc *w, size_t e)
{
    if (w->win.n - e >= 4 && memcmp(w->win.p + e, "\r\n\r\n", 4) == 0) return 4;
    size_t j = e;
    while (j < w->win.n && j - e < 4 && (w->win.p[j] == '\r' || w->win.p[j] == '\n')) j++;
    if (j == w->win.n && (w->src_done || w->brk)) return (int)(j - e);
    if (header_at(w, j)) return (int)(j - e);
    return -1;
}

/* ---- the reader ------------------------------------------------------------------------ */

an_status an_warc_open(an_warc **out, FILE *f, an_error *err)
{
    *out = NULL;
    an_warc *w = calloc(1, sizeof *w);
    if (!w) {
        an_error_set(err, AN_NOMEM, 0, 0, "out of memory opening the WARC reader");
        return AN_NOMEM;
    }
    w->f = f;
    w->z.next_in = w->in;
    refill(w);
    if (ferror(f)) {
        an_error_set(err, AN_IO, 0, 0, "cannot read the WARC input");
        free(w);
        return AN_IO;
    }
    w->gzip = w->in_len >= 2 && w->in[0] == 0x1F && w->in[1] == 0x8B;
    if (w->gzip) {
        if (inflateInit2(&w->z, 15 + 32) != Z_OK) {
            an_error_set(err, AN_NOMEM, 0, 0, "cannot initialise zlib");
            free(w);
            return AN_NOMEM;
        }
        w->z_ready = true;
    }
    *out = w;
    return AN_OK;
}

void an_warc_close(an_warc *w)
{
    if (!w) return;
    if (w->z_ready) inflateEnd(&w->z);
    an_buf_free(&w->win);
    an_buf_free(&w->chunks);
    an_buf_free(&w->inflated);
    free(w);
}

/* Decodes the HTTP body [p, p+n) into rec->body. Returns AN_OK with an empty body when
 * the record carries nothing to yield, or a fault status. */
static an_status decode_body(an_warc *w, const http_info *h, const char *p, size_t n,
                             an_warc_record *rec, uint64_t u, const warc_header *wh,
                             an_error *err)
{
    rec->body = an_span_make(p, n);
    if (h->chunked) {
        bool ok;
        if (dechunk(p, n, &w->chunks, &ok)) return AN_NOMEM;
        if (ok) rec->body = an_span_make(w->chunks.p ? w->chunks.p : "", w->chunks.n);
    }
    an_span enc = trim(h->encoding);
    if (enc.n && !ieq(enc, "identity")) {
        if (ieq(enc, "gzip") || ieq(enc, "x-gzip") || ieq(enc, "deflate")) {
            bool ok, too_big;
            if (inflate_body((const unsigned char *)rec->body.p, rec->body.n, &w->inflated,
                             AN_MAX_ARTICLE_BYTES, &ok, &too_big))
                return AN_NOMEM;
            if (too_big)
                return record_fault(w, err, AN_TOO_BIG, u, wh,
                                    "%.*s body inflates past %u bytes; skipped", (int)enc.n,
                                    enc.p, AN_MAX_ARTICLE_BYTES);
            if (ok) rec->body = an_span_make(w->inflated.p, w->inflated.n);
        } else if (!is_html(an_span_make(NULL, 0), rec->body.p, rec->body.n)) {
            return record_fault(w, err, AN_BAD_WARC, u, wh,
                                "unsupported Content-Encoding \"%.*s\"; skipped",
                                enc.n > 20 ? 20 : (int)enc.n, enc.p);
        }
    }
    return AN_OK;
}

an_status an_warc_next(an_warc *w, an_warc_record *rec, an_error *err)
{
    memset(rec, 0, sizeof *rec);
    for (;;) {
        compact(w);
        /* blank lines between records */
        for (;;) {
            while (w->pos < w->win.n && is_blank(w->win.p[w->pos])) w->pos++;
            if (w->pos < w->win.n) break;
            compact(w);
            if (fill(w, 1)) goto nomem;
            if (!avail(w)) break;
        }
        if (fill(w, 8)) goto nomem;
        if (!avail(w)) {
            if (w->brk) return take_break(w, err);
            return AN_NOT_FOUND;
        }

        uint64_t u = w->base + w->pos;
        if (!header_at(w, w->pos)) {
            uint64_t skipped;
            bool found;
            if (skip_to_record(w, &skipped, &found)) goto nomem;
            if (w->quiet) {
                w->quiet = false;
                continue;
            }
            char at[96];
            where(w, u, at, sizeof at);
            an_error_set(err, AN_BAD_WARC, member_at(w, u), 0,
                         "%llu bytes of garbage at %s, %s", (unsigned long long)skipped, at,
                         found ? "before the next WARC record" : "up to the end of the input");
            return AN_BAD_WARC;
        }
        w->quiet = false;

        /* the WARC header block */
        if (fill(w, AN_WARC_MAX_HEADER_BYTES)) goto nomem;
        size_t hlen = header_block_len(w->win.p + w->pos, min_size(avail(w), AN_WARC_MAX_HEADER_BYTES));
        if (!hlen) {
            bool ended = avail(w) < AN_WARC_MAX_HEADER_BYTES;
            size_t resume = w->pos + 1, have = avail(w);
            if (ended) w->pos = w->win.n;       /* lets record_fault take a break there */
            an_status st = record_fault(w, err, AN_BAD_WARC, u, NULL, "%s %u bytes",
                                        ended ? "input ends inside the header block, after"
                                              : "header block longer than",
                                        ended ? (unsigned)have : AN_WARC_MAX_HEADER_BYTES);
            w->pos = resume;
            w->quiet = true;
            return st;
        }
        warc_header h;
        parse_warc_header(w->win.p + w->pos, hlen, &h);
        size_t bs = w->pos + hlen;              /* block start */
        if (!h.has_length) {
            w->pos = bs;
            w->quiet = true;
            return record_fault(w, err, AN_BAD_WARC, u, &h, h.bad_length
                                    ? "invalid Content-Length" : "no Content-Length");
        }
        uint64_t len = h.length;

        /* which records are wanted: decided on the first bytes of the block */
        bool response = ieq(h.type, "response"), resource = ieq(h.type, "resource");
        http_info http;
        memset(&http, 0, sizeof http);
        http_result hr = HTTP_OK;
        bool wanted = false;
        size_t head_n = 0;
        if (response || resource) {
            if (fill(w, hlen + (size_t)min_size(len, AN_WARC_MAX_HEADER_BYTES))) goto nomem;
            head_n = (size_t)min_size(w->win.n - bs, len);
            if (response) {
                hr = parse_http(w->win.p + bs, min_size(head_n, AN_WARC_MAX_HEADER_BYTES), &http);
                if (hr == HTTP_OK)
                    wanted = http.status >= 200 && http.status < 300 &&
                             is_html(http.content_type, w->win.p + bs + http.header_len,
                                     head_n - http.header_len);
            } else {
                wanted = is_html(h.content_type, w->win.p + bs, head_n);
                http.content_type = h.content_type;
                http.charset = header_param(h.content_type, "charset");
            }
        }
        uint64_t body_len = len - (hr == HTTP_OK ? http.header_len : 0);
        bool too_big = wanted && body_len > AN_MAX_ARTICLE_BYTES;

        if (too_big || (!wanted && len > AN_WARC_MAX_SKIP_BUFFER)) {
            w->pos = bs;
            bool cut;
            uint64_t short_by;
            if (discard(w, len, &cut, &short_by)) goto nomem;
            if (cut) {
                w->quiet = true;
                return record_fault(w, err, AN_BAD_WARC, u, &h,
                                    "Content-Length %llu runs past the end of the record",
                                    (unsigned long long)len);
            }
            if (short_by)
                return record_fault(w, err, AN_BAD_WARC, u, &h,
                                    "Content-Length %llu but the input ends %llu bytes short",
                                    (unsigned long long)len, (unsigned long long)short_by);
            if (fill(w, LOOKAHEAD)) goto nomem;
            int t = trailer_len(w, w->pos);
            if (t > 0) w->pos += (size_t)t;
            if (too_big)
                return record_fault(w, err, AN_TOO_BIG, u, &h,
                                    "HTML body of %llu bytes exceeds the %u-byte limit; skipped",
                                    (unsigned long long)body_len, AN_MAX_ARTICLE_BYTES);
            continue;
        }

        /* hold the whole block and check that it ends where the next record starts */
        if (fill(w, hlen + (size_t)len + LOOKAHEAD)) goto nomem;
        if (w->win.n - bs < len) {
            uint64_t have = w->win.n - bs;
            w->pos = w->win.n;
            w->quiet = true;
            an_status st = record_fault(w, err, AN_BAD_WARC, u, &h,
                                        "Content-Length %llu but only %llu bytes follow",
                                        (unsigned long long)len, (unsigned long long)have);
            /* rescan what did arrive: the next records may hide in it */
            w->pos = bs;
            return st;
        }
        size_t be = bs + (size_t)len;
        int t = trailer_len(w, be);
        if (t < 0) {
            w->pos = bs;
            w->quiet = true;
            return record_fault(w, err, AN_BAD_WARC, u, &h,
                                "Content-Length %llu does not end at a record boundary",
                                (unsigned long long)len);
        }
        if (w->brk && w->win.n <= be + (size_t)t && w->brk_u < w->base + be + (size_t)t) {
            /* the gzip member holding the record's end failed (its CRC, most often):
             * the bytes cannot be trusted */
            w->pos = w->win.n;
            return record_fault(w, err, AN_BAD_WARC, u, &h, "its gzip data is corrupt");
        }
        w->pos = be + (size_t)t;
        if (response && hr == HTTP_NO_STATUS)
            return record_fault(w, err, AN_BAD_WARC, u, &h, "response block has no HTTP status line");
        if (response && hr == HTTP_UNTERMINATED)
            return record_fault(w, err, AN_BAD_WARC, u, &h, "HTTP header block is not terminated");
        if (!wanted) continue;

        size_t off = response ? http.header_len : 0;
        an_status st = decode_body(w, &http, w->win.p + bs + off, (size_t)len - off, rec, u, &h, err);
        if (st == AN_NOMEM) goto nomem;
        if (st) return st;
        if (!rec->body.n) { memset(rec, 0, sizeof *rec); continue; }
        rec->target_uri = h.target_uri;
        rec->date = h.date;
        rec->record_id = h.record_id;
        rec->http_content_type = http.content_type;
        rec->charset = http.charset;
        rec->http_status = response ? http.status : 0;
        rec->truncated = h.truncated;
        rec->offset = member_at(w, u);
        rec->stream_offset = u;
        return AN_OK;
    }
nomem:
    an_error_set(err, AN_NOMEM, member_at(w, w->base + w->pos), 0, "out of memory reading WARC");
    return AN_NOMEM;
}
