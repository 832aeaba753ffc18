/* html.h — internal interface of the HTML reader: charset decoding (charset.c), a
 * tolerant tokenizer and tree builder (html.c), and main-text extraction with page
 * metadata (extract.c).
 *
 * Pipeline: bytes --charset.c--> UTF-8 --html.c--> node tree --extract.c--> article text
 * (title first, then one block per paragraph), its source map, dropped boilerplate spans,
 * and metadata (title, date, url, site, author, lang).
 *
 * Not thread-safe per object; distinct objects may be used from distinct threads. */
#ifndef AN_INGEST_HTML_H
#define AN_INGEST_HTML_H

#include "core/doc.h"

/* ---- limits (to move into core/limits.h) ------------------------------------------ */

/* ---- charset.c -------------------------------------------------------------------- */

typedef enum {
    AN_CHARSET_DEFAULT,     /* nothing declared: UTF-8 if it validates, else sniffed */
    AN_CHARSET_BOM,
    AN_CHARSET_HINT,        /* the caller's (HTTP header) charset */
    AN_CHARSET_META,        /* <meta charset> or <meta http-equiv=content-type> */
    AN_CHARSET_SNIFF        /* the declared one was wrong; detected from the bytes */
} an_charset_source;

typedef struct an_charset_info {
    char name[32];          /* canonical label used: "utf-8", "windows-1251", "koi8-r" … */
    char declared[32];      /* what the hint or page declared, "" when nothing */
    an_charset_source source;
    bool converted;         /* the text was converted; offsets index the converted copy */
    size_t bom;             /* bytes of byte-order mark skipped at the start */
    size_t invalid;         /* invalid sequences that were (or will be) replaced by U+FFFD */
} an_charset_info;

/* Lower-cases a charset label and maps aliases to one canonical name, following the
 * WHATWG Encoding table for the common ones ("latin1", "iso-8859-1", "ascii" are read as
 * windows-1252). Writes at most cap bytes including the NUL. Thread-safe. */
void an_charset_canonical(const char *label, size_t n, char *out, size_t cap);

/* Finds a charset declared in the first AN_HTML_CHARSET_SCAN bytes (<meta charset=…> or
 * <meta http-equiv="Content-Type" content="…charset=…">). Writes the canonical name into
 * out and returns true when one was found. Thread-safe. */
bool an_charset_from_meta(const char *p, size_t n, char *out, size_t cap);

/* Decides the page's charset (BOM, then hint, then meta; a declaration that the bytes
 * contradict is replaced by detection) and, when it is not UTF-8, converts the page
 * with iconv into *utf8. On return *text and *text_n point at the UTF-8 page: the input
 * itself (after any BOM) when no conversion was needed, else utf8->p. Returns AN_OK,
 * or AN_NOMEM. A wrong declaration or replaced bytes are reported in *info, not as an
 * error. Thread-safe. */
an_status an_charset_decode(const char *p, size_t n, const char *hint, an_buf *utf8,
                            const char **text, size_t *text_n, an_charset_info *info);

/* Number of invalid UTF-8 sequences in p (each would become one U+FFFD). */
size_t an_utf8_invalid_count(const char *p, size_t n);

/* ---- html.c: tokenizer and tree ----------------------------------------------------- */

/* Tags the tree builder knows by name; others are AN_TAG_UNKNOWN with a name hash. */
#define AN_HTML_TAGS(X) \
    X(a) X(abbr) X(address) X(area) X(article) X(aside) X(audio) X(b) X(base) X(bdi) \
    X(bdo) X(blockquote) X(body) X(br) X(button) X(canvas) X(caption) X(center) \
    X(cite) X(code) X(col) X(colgroup) X(dd) X(del) X(details) X(dfn) X(dialog) X(dir) \
    X(div) X(dl) X(dt) X(em) X(embed) X(fieldset) X(figcaption) X(figure) X(font) \
    X(footer) X(form) X(frame) X(frameset) X(h1) X(h2) X(h3) X(h4) X(h5) X(h6) X(head) \
    X(header) X(hgroup) X(hr) X(html) X(i) X(iframe) X(img) X(input) X(ins) X(kbd) \
    X(label) X(legend) X(li) X(link) X(main) X(map) X(mark) X(marquee) X(math) X(menu) \
    X(meta) X(nav) X(noembed) X(noframes) X(noscript) X(object) X(ol) X(optgroup) \
    X(option) X(p) X(param) X(picture) X(plaintext) X(pre) X(q) X(s) X(samp) X(script) \
    X(section) X(select) X(small) X(source) X(span) X(strike) X(strong) X(style) X(sub) \
    X(summary) X(sup) X(svg) X(table) X(tbody) X(td) X(template) X(textarea) X(tfoot) \
    X(th) X(thead) X(time) X(title) X(tr) X(track) X(tt) X(u) X(ul) X(video) X(wbr) X(xmp)

typedef enum {
    AN_TAG_NONE,            /* the document root and text nodes */
#define AN_X_TAG(t) AN_TAG_##t,
    AN_HTML_TAGS(AN_X_TAG)
#undef AN_X_TAG
    AN_TAG_UNKNOWN,
    AN_TAG_COUNT
} an_tag;

/* Tag properties (an_html_tag_flags). */
enum {
    AN_TF_VOID = 1,         /* no content, no end tag */
    AN_TF_RAW = 2,          /* content is raw text up to the matching end tag */
    AN_TF_BLOCK = 4,        /* starts and ends a text block */
    AN_TF_CLOSES_P = 8,     /* its start tag closes an open <p> */
    AN_TF_SKIP = 16,        /* content is never article text (script, svg, select …) */
    AN_TF_SCOPE = 32,       /* end tags of other elements do not search past it */
    AN_TF_HEADING = 64
};
unsigned an_html_tag_flags(an_tag t);
const char *an_html_tag_name(an_tag t);

/* The attributes the extractor reads; all others are skipped while tokenizing. */
#define AN_HTML_ATTRS(X) \
    X(id, "id") X(class, "class") X(role, "role") X(itemprop, "itemprop") \
    X(itemtype, "itemtype") X(href, "href") X(property, "property") X(name, "name") \
    X(content, "content") X(charset, "charset") X(http_equiv, "http-equiv") \
    X(lang, "lang") X(datetime, "datetime") X(rel, "rel") X(type, "type") \
    X(hidden, "hidden") X(aria_hidden, "aria-hidden") X(style, "style") \
    X(xml_lang, "xml:lang")

typedef enum {
    AN_ATTR_NONE,
#define AN_X_ATTR(id, s) AN_ATTR_##id,
    AN_HTML_ATTRS(AN_X_ATTR)
#undef AN_X_ATTR
    AN_ATTR_COUNT
} an_attr;

typedef struct an_html_attr {
    uint32_t value, value_n;    /* raw value in the source (entities not decoded) */
    uint8_t name;               /* an_attr */
} an_html_attr;

enum { AN_NODE_ELEMENT = 1, AN_NODE_TEXT = 2 };

/* One node. Nodes are numbered in document (pre-)order, so a node's subtree is the
 * index range [i, i + size); node 0 is the document root. 0 in a link means none. */
typedef struct an_html_node {
    uint32_t parent, next, first_child, last_child;
    uint32_t start, end;        /* element: '<' of the start tag to the end of its end
                                   tag (or where it was closed); text: its raw bytes */
    uint32_t attr;              /* first attribute index */
    uint32_t name_hash;         /* for AN_TAG_UNKNOWN: hash of the lower-cased name */
    uint16_t n_attr;
    uint8_t tag;                /* an_tag */
    uint8_t kind;               /* AN_NODE_* (0 for the root) */
} an_html_node;

typedef struct an_html_doc {
    const char *src;            /* the UTF-8 page; borrowed */
    size_t n;
    an_html_node *nodes;
    uint32_t n_nodes, cap_nodes;
    an_html_attr *attrs;
    uint32_t n_attrs, cap_attrs;
    uint32_t html;              /* the <html> element, or 0 */
    bool depth_limited;         /* AN_HTML_MAX_DEPTH was reached */
    bool node_limited;          /* AN_HTML_MAX_NODES or AN_HTML_MAX_ATTRS was reached */
} an_html_doc;

/* Tokenizes src (UTF-8, n ≤ AN_HTML_MAX_BYTES) and builds the tree in doc, which
 * borrows src. Never fails on malformed markup: every input gives a tree (possibly only
 * the root). Returns AN_OK, AN_TOO_BIG, or AN_NOMEM. Linear time in n. */
an_status an_html_parse(const char *src, size_t n, an_html_doc *doc);
void an_html_doc_free(an_html_doc *doc);

/* The raw value of attribute `a` on node i, or an empty span when absent. */
an_span an_html_attr_get(const an_html_doc *doc, uint32_t i, an_attr a);

/* Appends the text of raw HTML bytes p[0..n) to out, decoding character references,
 * replacing invalid UTF-8 by U+FFFD, dropping soft hyphens, zero-width spaces and
 * control characters. With `collapse`, runs of white space (and no-break spaces) become
 * one space; *space says whether a space is pending before the next visible character
 * and is updated (set it true to trim leading space). Without `collapse` white space
 * is kept (for <pre>). Returns the number of visible characters appended, or -1 when
 * out of memory. */
long an_html_text_append(an_buf *out, const char *p, size_t n, bool collapse, bool *space);

/* Decodes an attribute value (character references, white space collapsed, trimmed)
 * into out, replacing its content. Returns AN_OK or AN_NOMEM. */
an_status an_html_attr_text(an_span raw, an_buf *out);

/* ---- extract.c: main text and metadata ---------------------------------------------- */

/* Cue phrases from lang/boilerplate.txt: block openings that mark related-links blocks,
 * adverts, credits, notices. Immutable once loaded; may be shared by threads. */
typedef struct an_html_cues an_html_cues;

/* Parses the cue file's text. Each line is `KIND LANG PHRASE…`, KIND one of
 * related_links, navigation, footer, caption, advert, other. On a malformed line returns
 * AN_BAD_DICT with err naming the line. */
an_status an_html_cues_parse(const char *p, size_t n, an_html_cues **out, an_error *err);
/* Reads and parses the file at path; AN_IO with err filled when it cannot be read. */
an_status an_html_cues_load(const char *path, an_html_cues **out, an_error *err);
void an_html_cues_free(an_html_cues *c);
size_t an_html_cues_count(const an_html_cues *c);

/* A span of the source that was dropped as boilerplate. */
typedef struct an_html_dropped {
    an_boilerplate_kind kind;
    uint32_t src_start, src_end;    /* bytes of the UTF-8 source (see an_extracted) */
} an_html_dropped;

/* One run of extracted text and where it came from: text bytes [start, end) were
 * decoded from source bytes [src_start, src_end). */
typedef struct an_html_run {
    uint32_t start, end, src_start, src_end;
} an_html_run;

typedef struct an_html_warning {
    an_status code;             /* AN_BAD_CHARSET, AN_BAD_UTF8, AN_LIMIT, AN_BAD_HTML */
    char message[120];
} an_html_warning;

/* an_date_source is the document's (core/doc.h): none, input, meta, jsonld, text, url */

typedef struct an_extracted {
    /* The article: title on the first line, then one block (paragraph, list item,
     * subheading, quote) per paragraph, blocks separated by a blank line ("\n\n"); a
     * <br> inside a block is "\n". UTF-8, NUL-terminated. Related-links blocks, captions
     * and other boilerplate are not in it. */
    an_buf text;
    size_t body_start;          /* where the body starts (after the title and "\n\n") */

    /* Source map and dropped boilerplate. Source offsets index the UTF-8 page: the
     * caller's input bytes when charset.converted is false, else `source`. */
    an_html_run *runs;
    size_t n_runs;
    an_html_dropped *dropped;
    size_t n_dropped;
    an_buf source;              /* the converted page when charset.converted */
    an_charset_info charset;

    /* Metadata; empty buffers when absent. Strings are NUL-terminated. */
    an_buf title, url, site, author, lang;
    char date[11];              /* "YYYY-MM-DD" or "" */
    an_date_source date_source;

    an_html_warning warnings[AN_HTML_MAX_WARNINGS];
    size_t n_warnings;
} an_extracted;

typedef struct an_html_options {
    const char *charset_hint;   /* charset from the HTTP header, or NULL */
    an_span url;                /* where the page came from (for a date in the URL), or empty */
    const an_html_cues *cues;   /* lang/boilerplate.txt, or NULL: no phrase cues */
} an_html_options;

/* Extracts the article from an HTML page of n bytes. opt may be NULL. On AN_OK, *out
 * owns everything it points to; free it with an_extracted_free (also after a failure).
 * Returns AN_OK (possibly with warnings in out), AN_EMPTY when there is no text at all,
 * AN_TOO_BIG, or AN_NOMEM, with err filled. Linear in n; thread-safe for distinct out. */
an_status an_html_extract(const char *html, size_t n, const an_html_options *opt,
                          an_extracted *out, an_error *err);
void an_extracted_free(an_extracted *x);

const char *an_date_source_name(an_date_source s);       /* "meta", "jsonld" … "none" */
const char *an_boilerplate_kind_name(an_boilerplate_kind k); /* "related_links" … */

/* Folds UTF-8 for caseless matching (ASCII, Latin-1, Cyrillic upper → lower), appending
 * to out. Used for cue phrases and class names. */
an_status an_html_fold(const char *p, size_t n, an_buf *out);

#endif
