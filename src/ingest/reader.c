/* reader.c — streaming readers: one input file (or stdin) in, articles out.
 *
 * The reader owns a 64 KiB input window and one growable record buffer, so memory is
 * bounded by the largest article (AN_MAX_ARTICLE_BYTES) whatever the input size. A
 * rejected record (bad JSON, too long, binary) is reported with its byte offset and the
 * reader moves on to the next one. */
#include "ingest.h"
#include "readers.h"
#include <errno.h>
#include <stdlib.h>

#define WINDOW (64u << 10)

struct an_reader {
    FILE *f;
    bool own;
    an_format format;
    char window[WINDOW];
    size_t wpos, wlen;
    uint64_t consumed;      /* input bytes before window[wpos] */
    uint64_t line;          /* lines read (JSON Lines) */
    bool eof, done;
    an_buf record;          /* the current record's bytes */
    an_buf store;           /* unescaped JSON strings */
    an_warc *warc;          /* WARC input */
    an_buf items;           /* feed items, copied out of the parsed feed */
    AN_VEC(an_article) feed;
    an_arena feed_arena;
    uint32_t feed_next;
    bool feed_parsed;
    an_status pending_status;   /* a feed error after some items */
    an_error pending;
};

an_status an_format_parse(const char *name, an_format *out)
{
    static const char *const names[] = { "auto", "text", "html", "warc", "feed", "jsonl" };
    for (int i = 0; i < 6; i++)
        if (strcmp(name, names[i]) == 0) { *out = (an_format)i; return AN_OK; }
    return AN_USAGE;
}

static bool fill(an_reader *r)
{
    if (r->eof) return false;
    if (r->wpos < r->wlen) return true;
    r->consumed += r->wlen;
    r->wpos = 0;
    r->wlen = fread(r->window, 1, WINDOW, r->f);
    if (r->wlen == 0) r->eof = true;
    return r->wlen > 0;
}

static an_format sniff(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) i = 3;
    if (n >= 2 && (unsigned char)p[0] == 0x1F && (unsigned char)p[1] == 0x8B) return AN_FORMAT_WARC;
    if (n - i >= 5 && memcmp(p + i, "WARC/", 5) == 0) return AN_FORMAT_WARC;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i < n && p[i] == '{') return AN_FORMAT_JSONL;
    if (i < n && p[i] == '<') {
        size_t lim = n - i < 1024 ? n - i : 1024;
        static const char *const feed_tags[] = { "<rss", "<feed", "<rdf:RDF" };
        for (size_t k = i; k < i + lim; k++)
            for (int f = 0; f < 3; f++) {
                size_t tl = strlen(feed_tags[f]);
                if (k + tl <= n && memcmp(p + k, feed_tags[f], tl) == 0) return AN_FORMAT_FEED;
            }
        return AN_FORMAT_HTML;
    }
    return AN_FORMAT_TEXT;
}

an_status an_reader_open(an_reader **out, const char *path, an_format format, an_error *err)
{
    an_reader *r = calloc(1, sizeof *r);
    if (!r) return AN_NOMEM;
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
    } else {
        r->f = fopen(path, "rb");
        if (!r->f) {
            an_error_set(err, AN_IO, 0, 0, "cannot open: %s", strerror(errno));
            free(r);
            return AN_IO;
        }
        r->own = true;
    }
    r->format = format;
    if (format == AN_FORMAT_AUTO) {
        fill(r);
        r->format = sniff(r->window, r->wlen);
    }
    *out = r;
    return AN_OK;
}

void an_reader_close(an_reader *r)
{
    if (!r) return;
    an_warc_close(r->warc);
    an_arena_free(&r->feed_arena);
    if (r->own) fclose(r->f);
    an_buf_free(&r->record);
    an_buf_free(&r->store);
    free(r);
}

/* Reads the whole input as one article, up to the article limit. */
static an_status read_whole(an_reader *r, an_article *art, an_error *err)
{
    if (r->done) return AN_NOT_FOUND;
    r->done = true;
    r->record.n = 0;
    while (fill(r)) {
        size_t k = r->wlen - r->wpos;
        if (r->record.n + k > AN_MAX_ARTICLE_BYTES) {
            an_error_set(err, AN_TOO_BIG, AN_MAX_ARTICLE_BYTES, 0,
                         "article longer than %u bytes; skipped", AN_MAX_ARTICLE_BYTES);
            return AN_TOO_BIG;
        }
        if (an_buf_append(&r->record, r->window + r->wpos, k)) return AN_NOMEM;
        r->wpos = r->wlen;
    }
    if (ferror(r->f)) {
        an_error_set(err, AN_IO, r->record.n, 0, "read error: %s", strerror(errno));
        return AN_IO;
    }
    memset(art, 0, sizeof *art);
    const char *p = r->record.p ? r->record.p : "";
    size_t n = r->record.n;
    size_t ws = 0;
    while (ws < n && (p[ws] == ' ' || p[ws] == '\n' || p[ws] == '\r' || p[ws] == '\t')) ws++;
    if (ws == n) {
        an_error_set(err, AN_EMPTY, 0, 0, "no text (%zu bytes of white space)", n);
        return AN_EMPTY;
    }
    if (an_text_looks_binary(p, n)) {
        an_error_set(err, AN_BINARY, 0, 0, "binary data (NUL or control bytes) in the first %u bytes",
                     AN_BINARY_SNIFF_BYTES);
        return AN_BINARY;
    }
    if (r->format == AN_FORMAT_HTML) art->html = an_span_make(p, n);
    else art->text = an_span_make(p, n);
    return AN_OK;
}

/* Reads one line into r->record; a line over the limit is skipped while reading. */
static an_status read_line(an_reader *r, uint64_t *start, an_error *err)
{
    r->record.n = 0;
    bool too_long = false, any = false;
    *start = r->consumed + r->wpos;
    while (fill(r)) {
        any = true;
        char *nl = memchr(r->window + r->wpos, '\n', r->wlen - r->wpos);
        size_t k = nl ? (size_t)(nl - (r->window + r->wpos)) : r->wlen - r->wpos;
        if (!too_long) {
            if (r->record.n + k > AN_MAX_LINE_BYTES) {
                too_long = true;
                an_buf_free(&r->record);
            } else if (an_buf_append(&r->record, r->window + r->wpos, k)) {
                return AN_NOMEM;
            }
        }
        r->wpos += k;
        if (nl) { r->wpos++; break; }
    }
    if (!any) return AN_NOT_FOUND;
    r->line++;
    if (too_long) {
        an_error_set(err, AN_TOO_BIG, *start, r->line, "line %llu longer than %u bytes; skipped",
                     (unsigned long long)r->line, AN_MAX_LINE_BYTES);
        return AN_TOO_BIG;
    }
    return AN_OK;
}

static an_status next_jsonl(an_reader *r, an_article *art, an_error *err)
{
    for (;;) {
        uint64_t start;
        an_status st = read_line(r, &start, err);
        if (st) return st;
        size_t n = r->record.n;
        while (n && (r->record.p[n - 1] == '\r' || r->record.p[n - 1] == ' ')) n--;
        size_t i = 0;
        while (i < n && (r->record.p[i] == ' ' || r->record.p[i] == '\t')) i++;
        if (i == n) continue;   /* blank lines separate nothing */
        an_error lerr = { 0 };
        st = an_jsonl_parse(r->record.p, n, art, &r->store, &lerr);
        if (st) {
            an_error_set(err, st, start + lerr.offset, r->line, "line %llu: %s",
                         (unsigned long long)r->line, lerr.message);
            return st;
        }
        art->offset = start;
        return AN_OK;
    }
}

/* WARC: every HTML response record is an article; the reader restarts the file after
 * sniffing, since warc.c reads it from the start. */
static an_status next_warc(an_reader *r, an_article *art, an_error *err)
{
    if (!r->warc) {
        if (r->done) return AN_NOT_FOUND;
        if (r->consumed + r->wlen > 0 && fseek(r->f, 0, SEEK_SET) != 0) {
            r->done = true;
            an_error_set(err, AN_USAGE, 0, 0, "a WARC read from a pipe needs --format warc");
            return AN_USAGE;
        }
        r->wpos = r->wlen = 0;
        r->consumed = 0;
        an_status st = an_warc_open(&r->warc, r->f, err);
        if (st) { r->done = true; return st; }
    }
    an_warc_record rec;
    an_status st = an_warc_next(r->warc, &rec, err);
    if (st) return st;
    memset(art, 0, sizeof *art);
    art->html = rec.body;
    art->url = rec.target_uri;
    art->id = rec.record_id;
    art->charset = rec.charset;
    if (rec.date.n >= 10) art->fallback_date = an_span_make(rec.date.p, 10);
    art->offset = rec.offset;
    return AN_OK;
}

static an_span keep(an_reader *r, an_span s)
{
    if (!s.n) return s;
    char *p = an_arena_strdup(&r->feed_arena, s.p, s.n);
    return p ? an_span_make(p, s.n) : (an_span){ "", 0 };
}

static an_status feed_item(void *ctx, const an_feed_item *it)
{
    an_reader *r = ctx;
    an_article *a = AN_VEC_PUSH(&r->feed_arena, &r->feed);
    if (!a) return AN_NOMEM;
    a->url = keep(r, it->link);
    a->id = keep(r, it->id.n ? it->id : it->link);
    a->title = keep(r, it->title);
    a->date = keep(r, it->date);
    a->lang = keep(r, it->lang.n >= 2 ? an_span_make(it->lang.p, 2) : it->lang);
    if (it->content_is_html) a->html = keep(r, it->content);
    else a->text = keep(r, it->content.n ? it->content : it->title);
    a->offset = it->offset;
    return AN_OK;
}

/* Feeds: the document is parsed whole, each item becomes an article. Items delivered
 * before a parse error are kept; the error is reported once. */
static an_status next_feed(an_reader *r, an_article *art, an_error *err)
{
    if (!r->feed_parsed) {
        r->feed_parsed = true;
        an_article whole;
        an_status st = read_whole(r, &whole, err);
        if (st) return st;
        an_span x = whole.text.n ? whole.text : whole.html;
        st = an_feed_parse(x.p, x.n, feed_item, r, &r->pending);
        if (st && !r->feed.n) { *err = r->pending; return st; }
        r->pending_status = st;   /* reported after the items that did parse */
    }
    while (r->feed_next < r->feed.n) {
        *art = r->feed.items[r->feed_next++];
        if (art->text.n || art->html.n) return AN_OK;
    }
    if (r->pending_status) {
        an_status st = r->pending_status;
        r->pending_status = AN_OK;
        *err = r->pending;
        return st;
    }
    return AN_NOT_FOUND;
}

an_status an_reader_next(an_reader *r, an_article *art, an_error *err)
{
    switch (r->format) {
    case AN_FORMAT_JSONL: return next_jsonl(r, art, err);
    case AN_FORMAT_WARC: return next_warc(r, art, err);
    case AN_FORMAT_FEED: return next_feed(r, art, err);
    case AN_FORMAT_TEXT:
    case AN_FORMAT_HTML:
    default: return read_whole(r, art, err);
    }
}
