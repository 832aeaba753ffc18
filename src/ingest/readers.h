/* readers.h — internal interface of two input readers: WARC / WARC.gz archives (warc.c)
 * and RSS / Atom feeds (feed.c). reader.c turns what they yield into an_articles.
 *
 * Both hand out borrowed spans; each says below how long its spans live. Neither prints
 * or exits; faults come back as an an_status with an an_error naming the byte offset.
 * Not thread-safe per object; distinct objects may be used from distinct threads. */
#ifndef AN_INGEST_READERS_H
#define AN_INGEST_READERS_H

#include "core/core.h"

/* ---- limits (to move into core/limits.h) ------------------------------------------ */

/* ---- WARC ---------------------------------------------------------------------------
 * A streaming reader over a FILE* holding a WARC file, plain or gzip-compressed (one
 * gzip member per record as Common Crawl writes it, or one member for the whole file).
 * It yields the response records (and resource records) whose HTTP Content-Type is
 * text/html or application/xhtml+xml (or, lacking one, whose body starts like HTML) and
 * whose HTTP status is 2xx; warcinfo, request, metadata, revisit and non-HTML records
 * are skipped silently. Memory is bounded by the largest wanted record. */
typedef struct an_warc an_warc;

typedef struct an_warc_record {
    an_span target_uri;         /* WARC-Target-URI, angle brackets removed */
    an_span date;               /* WARC-Date as written (ISO 8601, UTC) */
    an_span record_id;          /* WARC-Record-ID, angle brackets removed */
    an_span http_content_type;  /* the HTTP Content-Type value as written; empty if none */
    an_span charset;            /* its charset= parameter, quotes removed; empty if none */
    an_span body;               /* the HTTP body: de-chunked when Transfer-Encoding is
                                   chunked, inflated when Content-Encoding is gzip or
                                   deflate (each only when the bytes really are so) */
    int http_status;            /* 200 …; 0 for a resource record */
    bool truncated;             /* WARC-Truncated was set: the crawler cut the body */
    uint64_t offset;            /* where the record starts in the file: for gzip input,
                                   the offset of the gzip member holding its first byte
                                   (exact for one member per record) */
    uint64_t stream_offset;     /* where it starts in the decompressed stream (equal to
                                   offset for a plain file) */
} an_warc_record;

/* Starts reading f (not owned; it is read sequentially, never seeked, so a pipe works).
 * Sniffs gzip from the first two bytes. Returns AN_NOMEM or AN_IO with err filled. */
an_status an_warc_open(an_warc **out, FILE *f, an_error *err);

/* Yields the next wanted record into *rec; its spans borrow from the reader and stay
 * valid until the next an_warc_next or an_warc_close. Returns
 *   AN_OK        a record;
 *   AN_NOT_FOUND the end of the input;
 *   AN_BAD_WARC  a broken record (no Content-Length, Content-Length that does not end
 *                at a record boundary, truncated record, unterminated headers, a
 *                response block without an HTTP status line) or garbage between
 *                records; AN_BAD_GZIP a corrupt or truncated gzip member; AN_TOO_BIG an
 *                HTML body over AN_MAX_ARTICLE_BYTES; AN_IO a read error; AN_NOMEM.
 * Every fault fills err: status, the offset as in rec->offset, and a message naming the
 * record (its id) and the offsets. The reader stays usable after any of them but
 * AN_NOMEM: the next call resynchronises on the next "WARC/1." at a line start or at the
 * start of a gzip member, and goes on. Each fault is reported once. */
an_status an_warc_next(an_warc *w, an_warc_record *rec, an_error *err);

void an_warc_close(an_warc *w);

/* ---- feeds --------------------------------------------------------------------------
 * Parses an RSS 2.0 / 0.9x, RSS 1.0 (RDF) or Atom 1.0 / 0.3 document held in memory and
 * calls item() once per <item> / <entry>, in document order. */
typedef struct an_feed_item {
    an_span link;       /* feedburner:origLink, <link>, Atom <link rel=alternate href>,
                           else a permalink guid, rdf:about or an http(s) Atom id */
    an_span id;         /* <guid> / Atom <id> / rdf:about, as written; may be empty */
    an_span title;      /* plain text: entities decoded (twice, as feeds often double-
                           escape), tags of an HTML-typed title removed, spaces folded */
    an_span date;       /* pubDate / published / dc:date / dcterms:issued / updated, in
                           that preference, as YYYY-MM-DD of the date as written (no time
                           zone shift) when parseable (RFC 822 with English or German
                           month names, ISO 8601); else the text as written */
    an_span content;    /* content:encoded / Atom content, else description / summary */
    bool content_is_html;   /* content is HTML markup (to extract) rather than text */
    an_span lang;       /* <language> of the channel or xml:lang of the entry or feed */
    uint64_t offset;    /* byte offset of the item's start tag in the input (for a
                           UTF-16 document: in its UTF-8 conversion) */
} an_feed_item;

/* All spans are UTF-8 (the document's declared charset is converted with iconv), borrow
 * from the parser and live until item() returns. Returns
 *   AN_OK        the whole document was read (tolerated faults: bare '&', undefined
 *                entities, unescaped HTML inside description, missing end tags);
 *   AN_BAD_FEED  the document is not a feed (no <rss>, <feed> or <rdf:RDF> element), or
 *                it ends inside an item (items complete before the damage were delivered;
 *                err says where it broke);
 *   AN_NOMEM, or the first status other than AN_OK that item() returns (parsing stops).
 * err->offset and err->line locate the fault. Runs in time linear in n. */
an_status an_feed_parse(const char *xml, size_t n,
                        an_status (*item)(void *ctx, const an_feed_item *it), void *ctx,
                        an_error *err);

#endif
