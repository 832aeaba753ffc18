/* annalist.h — the public interface of libannalist.
 *
 * annalist turns news articles into a structured record of political events: who did
 * what to whom, when, where, and according to whom. This header is the whole API; the
 * `annalist` command uses nothing else.
 *
 * Conventions
 * - Strings are byte spans with a length (an_span), never NUL-terminated unless said.
 * - All offsets are byte offsets into the article's text, start inclusive, end exclusive.
 * - Functions return an an_status; AN_OK is 0. Parsers also fill an an_error with the
 *   byte offset and line of the fault.
 * - Ownership: an_engine owns loaded resources and is read-only after an_engine_open,
 *   so one engine may serve many threads. An an_doc belongs to one thread at a time and
 *   owns everything it points to, in one arena that an_doc_reset frees at once.
 */
#ifndef ANNALIST_H
#define ANNALIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>

#define AN_VERSION "0.1.0"

/* ---- status --------------------------------------------------------------------- */

/* One status enum for the whole library, with its messages in one table. */
#define AN_STATUS_MAP(X)                                                        \
    X(OK, "ok")                                                                 \
    X(NOMEM, "out of memory")                                                   \
    X(IO, "cannot read or write")                                               \
    X(USAGE, "invalid argument")                                                \
    X(EMPTY, "empty input")                                                     \
    X(BINARY, "binary input, not text")                                         \
    X(BAD_UTF8, "invalid UTF-8 replaced by U+FFFD")                             \
    X(TOO_BIG, "input exceeds a limit")                                         \
    X(BAD_JSON, "malformed JSON")                                               \
    X(NO_TEXT, "record has neither text nor html")                              \
    X(BAD_DATE, "malformed date")                                               \
    X(BAD_GZIP, "corrupt or truncated gzip data")                               \
    X(BAD_WARC, "malformed WARC record")                                        \
    X(BAD_HTML, "unusable HTML")                                                \
    X(BAD_FEED, "malformed feed")                                               \
    X(BAD_CHARSET, "unknown or wrong character set")                            \
    X(BAD_DICT, "malformed dictionary")                                         \
    X(NOT_FOUND, "not found")                                                   \
    X(STORE, "store error")                                                     \
    X(LIMIT, "limit reached; the rest was skipped")

typedef enum {
#define AN_X_ENUM(name, msg) AN_##name,
    AN_STATUS_MAP(AN_X_ENUM)
#undef AN_X_ENUM
    AN_STATUS_COUNT
} an_status;

/* The message for a status; a static string, never NULL. Thread-safe. */
const char *an_status_message(an_status s);
/* The status's name in lower case ("bad_utf8"), as used in record warnings. */
const char *an_status_name(an_status s);

/* Where a parser stopped: status, byte offset in the input, 1-based line, and a
 * message with detail. */
typedef struct an_error {
    an_status status;
    uint64_t offset;
    uint64_t line;
    char message[200];
} an_error;

/* ---- strings -------------------------------------------------------------------- */

typedef struct an_span { const char *p; size_t n; } an_span;   /* borrowed */
typedef struct an_buf { char *p; size_t n, cap; } an_buf;       /* owned, growable */

#define AN_SPAN_LIT(s) ((an_span){ (s), sizeof(s) - 1 })

an_status an_buf_reserve(an_buf *b, size_t extra);
an_status an_buf_append(an_buf *b, const void *p, size_t n);
an_status an_buf_puts(an_buf *b, const char *s);
an_status an_buf_printf(an_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void an_buf_free(an_buf *b);

/* ---- input articles ------------------------------------------------------------- */

typedef enum {
    AN_FORMAT_AUTO, AN_FORMAT_TEXT, AN_FORMAT_HTML, AN_FORMAT_WARC,
    AN_FORMAT_FEED, AN_FORMAT_JSONL
} an_format;

/* Parses "auto", "text", "html", "warc", "feed", "jsonl". */
an_status an_format_parse(const char *name, an_format *out);

/* One article as a reader yields it. Spans borrow from the reader and stay valid until
 * the next an_reader_next call. Empty spans mean "absent". */
typedef struct an_article {
    an_span id, url, date, lang, title;
    an_span text;           /* plain text, or */
    an_span html;           /* markup to extract the text from */
    an_span charset;        /* the transport's charset for html (HTTP header), or empty */
    an_span fallback_date;  /* used when neither the input nor the page has a date
                               (a WARC record's crawl date) */
    uint64_t offset;        /* byte offset of the article in its input file */
} an_article;

/* A streaming reader over one input (a file or stdin). Memory is bounded by the
 * largest article. Not thread-safe; one reader per thread. */
typedef struct an_reader an_reader;

/* Opens `path` ("-" for stdin) in the given format; AUTO sniffs the content.
 * Returns AN_IO with err filled when the file cannot be opened. */
an_status an_reader_open(an_reader **out, const char *path, an_format format, an_error *err);

/* Yields the next article. Returns AN_OK with *art filled, AN_NOT_FOUND at the end of
 * input, or another status with err filled for an input that was rejected; the reader
 * stays usable and the next call continues with the following record. */
an_status an_reader_next(an_reader *r, an_article *art, an_error *err);
void an_reader_close(an_reader *r);

/* ---- the engine: loaded resources ----------------------------------------------- */

typedef struct an_options {
    const char *data_dir;   /* where lang/ and data/ live; NULL: the installed default */
    const char *lang;       /* language when the input does not say; NULL: detect */
    const char *date;       /* YYYY-MM-DD anchor when the input has no date; NULL: none */
    bool with_text;         /* put the article text in the record */
    /* Coding with TABARI/PETRARCH dictionaries instead of annalist's own: a project
     * file, or verbs + actors (+ agents, discards) files. NULL: annalist's coder. */
    const char *tabari_project, *tabari_verbs, *tabari_actors, *tabari_agents, *tabari_discards;
} an_options;

typedef struct an_engine an_engine;

/* Loads resources. On failure err names the file and line. The engine is read-only
 * afterwards and may be shared by threads. */
an_status an_engine_open(an_engine **out, const an_options *opt, an_error *err);
void an_engine_close(an_engine *e);

/* ---- documents ------------------------------------------------------------------ */

typedef struct an_sentence { uint32_t start, end; uint32_t first_token, n_tokens; } an_sentence;

typedef enum {
    AN_TOK_WORD, AN_TOK_NUMBER, AN_TOK_PUNCT, AN_TOK_SYMBOL
} an_token_kind;

typedef struct an_token {
    uint32_t start, end;    /* bytes in the text */
    uint8_t kind;           /* an_token_kind */
    uint8_t flags;          /* AN_TOKF_* */
    uint16_t key_len;       /* length of the folded key */
    uint32_t key;           /* offset of the NFC + case-folded key in the doc's key pool */
    double number;          /* value when kind == AN_TOK_NUMBER */
} an_token;

enum {
    AN_TOKF_UPPER = 1,      /* starts with an upper-case letter */
    AN_TOKF_ALLCAPS = 2,    /* two or more letters, all upper case */
    AN_TOKF_SPACE_BEFORE = 4,
    AN_TOKF_NEWLINE_BEFORE = 8
};

typedef enum {
    AN_BP_RELATED_LINKS, AN_BP_NAVIGATION, AN_BP_FOOTER, AN_BP_CAPTION,
    AN_BP_ADVERT, AN_BP_OTHER
} an_boilerplate_kind;

typedef struct an_boilerplate { uint32_t start, end; an_boilerplate_kind kind; } an_boilerplate;

typedef struct an_warning { an_status code; uint32_t start; const char *message; } an_warning;

/* A document: one article's text and everything found in it. */
typedef struct an_doc an_doc;

an_status an_doc_new(an_doc **out);
void an_doc_reset(an_doc *d);   /* frees the arena; keeps the first block for reuse */
void an_doc_free(an_doc *d);

/* Runs the whole pipeline on one article: reading, text layer, and analysis. The
 * article's spans are copied; the reader may move on afterwards. Returns AN_OK even
 * when the record carries warnings; another status means no record (err says why). */
an_status an_doc_analyze(an_doc *d, const an_engine *e, const an_article *a, an_error *err);

/* Read access for programs that walk a document. Arrays are valid until reset. */
an_span an_doc_text(const an_doc *d);
an_span an_doc_lang(const an_doc *d);
const an_sentence *an_doc_sentences(const an_doc *d, size_t *n);
const an_token *an_doc_tokens(const an_doc *d, size_t *n);
an_span an_doc_token_key(const an_doc *d, const an_token *t);
const an_boilerplate *an_doc_boilerplate(const an_doc *d, size_t *n);
const an_warning *an_doc_warnings(const an_doc *d, size_t *n);

/* ---- output ---------------------------------------------------------------------- */

/* Appends the document's record, one JSON object and a newline (spec/record.md). */
an_status an_record_write_json(const an_doc *d, const an_options *opt, an_buf *out);

typedef enum { AN_VIEW_SENTENCES, AN_VIEW_TOKENS, AN_VIEW_BOILERPLATE, AN_VIEW_EVENTS } an_view;
an_status an_view_parse(const char *name, an_view *out);
/* Appends a human-readable rendering: one line per unit, for people and golden tests. */
an_status an_view_write(const an_doc *d, an_view v, an_buf *out);

/* ---- the store: a growing, deduplicated event table (SQLite, WAL mode) ------------ */

typedef struct an_store an_store;

/* Opens or creates the store at path. err names the file and says what to do for a
 * locked, read-only, corrupt or full database. Not thread-safe: one writer. */
an_status an_store_open(an_store **out, const char *path, an_error *err);
void an_store_close(an_store *s);   /* rolls back an uncommitted batch */

typedef struct an_store_result {
    bool added;             /* a new article */
    bool duplicate;         /* an exact copy of a stored article: nothing added */
    bool copy;              /* a near-duplicate from the same outlet: nothing added */
    bool near_duplicate;    /* a new article of a stored story (another outlet) */
    uint32_t events_new, events_merged;
} an_store_result;

/* Adds an analysed document inside the current batch (a transaction opened on demand);
 * an_store_commit ends the batch. A crash loses at most the uncommitted batch. On an
 * error (AN_STORE: disk full, I/O, locked) the whole batch is rolled back and err names
 * the store and the cause; no partial article is ever committed. */
an_status an_store_add(an_store *s, const an_doc *d, an_store_result *res, an_error *err);
an_status an_store_commit(an_store *s, an_error *err);

/* Appends a summary for people: counts, top actors, event types and places. */
an_status an_store_summary(an_store *s, an_buf *out, an_error *err);

/* Queries. Filters are set by name, as the command line spells them: actor, source,
 * target (code prefixes, or entity names), country, code (CAMEO prefix), root, quad,
 * from, to (YYYY-MM-DD), near (LAT,LON[,KM]), place (a stored place name), km, outlet,
 * text (words in the evidence), limit. A malformed value gives AN_USAGE and err names it. */
typedef struct an_query an_query;
an_status an_query_new(an_query **out);
an_status an_query_set(an_query *q, const char *name, const char *value, an_error *err);
void an_query_free(an_query *q);

typedef enum { AN_OUT_TABLE, AN_OUT_JSONL, AN_OUT_CSV } an_out_format;
an_status an_out_format_parse(const char *name, an_out_format *out);
/* Runs the query and writes its rows to out. */
an_status an_store_query(an_store *s, const an_query *q, an_out_format f, FILE *out, an_error *err);

/* Exports every event: "gdelt" writes PREFIX.export.CSV (GDELT 2.0 events, 61
 * tab-separated columns) and PREFIX.mentions.CSV (16 columns); "plover" writes
 * PREFIX.plover.jsonl; "csv" writes PREFIX.csv. */
an_status an_store_export(an_store *s, const char *format, const char *prefix, an_error *err);

/* ---- text layer, usable on its own ------------------------------------------------ */

/* Parses a number as written in `lang` ("11.000" in German is 11000; "3,5" is 3.5;
 * "11,000" in English is 11000). Returns AN_OK and *value, or AN_USAGE when the span
 * is not a number. Thread-safe. */
an_status an_number_parse(const char *p, size_t n, const char *lang, double *value);

/* Appends the NFC, case-folded form of the UTF-8 span (invalid bytes become U+FFFD).
 * Thread-safe. */
an_status an_text_fold(const char *p, size_t n, an_buf *out);

#endif
