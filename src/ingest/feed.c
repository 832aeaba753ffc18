/* feed.c — the feed reader: an RSS 2.0 / 0.9x, RSS 1.0 (RDF) or Atom 1.0 / 0.3 document
 * in, one item per <item> / <entry> out (link, id, title, date, content, language).
 *
 * Place in the pipeline: ingest. reader.c makes each item an article; HTML content goes
 * through the HTML extractor like a page.
 *
 * Why a scanner of our own rather than libxml2's recovering parser: feeds in the wild
 * break XML in a few recurring ways — unescaped HTML inside <description>, HTML entities
 * (&nbsp;) that XML does not define, bare '&' in URLs, a truncated download, junk before
 * the root. A general recovering parser must guess a repair, and its guesses on mis-nested
 * HTML can swallow the items that follow. A scanner that knows which elements hold text
 * takes everything up to the matching end tag (or the item's end tag, if that comes
 * first), so one broken item costs only itself. It also expands no entities (no
 * billion-laughs or external-entity surface), builds no tree (items go out as their end
 * tags arrive), runs in time linear in the input, and is covered whole by the fuzzer.
 *
 * Algorithm: one left-to-right pass. Tags are read with their attributes; comments,
 * CDATA outside items, processing instructions and the DOCTYPE (internal subset
 * included) are passed over. A stack of open elements (bounded) tracks nesting and the
 * default namespace; prefixes are resolved through the xmlns declarations seen so far,
 * falling back to the conventional prefixes (content:, dc:, atom:). Inside an item, a
 * text element's raw content is taken whole and decoded by mode: text (entities decoded,
 * tags dropped), HTML (XML entities decoded, markup and CDATA kept), XHTML (kept as
 * markup). Mis-nested end tags close up to the matching open element; stray ones are
 * ignored. Charset: a BOM, else the XML declaration; non-UTF-8 documents are converted
 * field by field with iconv (UTF-16 whole, first), so offsets stay those of the input.
 */
#include "ingest/readers.h"
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>

typedef enum {
    NS_NONE, NS_ATOM, NS_RSS1, NS_CONTENT, NS_DC, NS_DCTERMS, NS_RDF, NS_FEEDBURNER,
    NS_XML, NS_OTHER
} ns_kind;

typedef enum { ROOT_NONE, ROOT_RSS, ROOT_RDF, ROOT_ATOM } root_kind;

/* How raw element content becomes a value. */
typedef enum {
    M_TEXT,     /* entities (XML and HTML) decoded, tags dropped, CDATA kept */
    M_HTML,     /* XML entities decoded, markup and CDATA kept, comments dropped */
    M_XHTML,    /* markup kept as it is; CDATA escaped; the wrapping <div> removed */
    M_ATTR      /* an attribute value: entities decoded */
} decode_mode;

typedef enum {
    F_NONE, F_TITLE, F_LINK, F_GUID, F_DATE, F_HTML, F_ATOM_LINK, F_ATOM_ID, F_ATOM_TEXT,
    F_LANG, F_CONTAINER
} field_role;

typedef struct ns_decl { an_span prefix; ns_kind kind; } ns_decl;
typedef struct open_el { an_span qname; ns_kind dflt; } open_el;

typedef struct tag {
    an_span qname, prefix, local;
    ns_kind ns;
    bool self_closing, has_dflt;
    ns_kind dflt;               /* xmlns="…" on this element */
    size_t start, end;          /* '<' and just past '>' */
    an_span href, rel, type, mode, about, lang, perma, src;
} tag;

typedef struct field { size_t off, len; int rank; } field;   /* rank 0: absent; lower wins */

typedef struct parser {
    const char *p;
    size_t n;
    iconv_t cd;                 /* document charset to UTF-8, or (iconv_t)-1 */
    an_status (*item)(void *, const an_feed_item *);
    void *ctx;
    ns_decl ns[AN_FEED_MAX_NAMESPACES];
    unsigned n_ns;
    open_el stack[AN_FEED_MAX_DEPTH];
    unsigned depth, overflow;
    root_kind root;
    unsigned root_idx;
    bool root_closed;
    char chan_lang[36];
    size_t chan_lang_n;
    bool in_item, skipping;
    unsigned item_idx, skip_idx;
    size_t item_off;
    field link, id, title, date, content, lang;
    bool content_html;
    size_t cut;                 /* where the document ended inside a construct; SIZE_MAX */
    const char *cut_what;
    size_t no_gt, no_dq, no_sq; /* a search for this byte from here on is known to fail */
    an_buf scratch, conv, tmp, doc;
    an_status stop;             /* first non-OK status of the callback */
} parser;

/* ---- bytes ---------------------------------------------------------------------------- */

static unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool name_start(char c) { return is_alpha(c) || c == '_' || c == ':' || (unsigned char)c >= 0x80; }
static bool name_char(char c)
{
    return !is_space(c) && c != '/' && c != '>' && c != '<' && c != '=' && c != '"' && c != '\'';
}

static bool span_is(an_span s, const char *lit) { return an_span_eq(s, lit); }

static bool span_ieq(an_span s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.n != n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s.p[i]) != lower((unsigned char)lit[i])) return false;
    return true;
}

static bool starts_at(const parser *ps, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    return ps->n - i >= n && memcmp(ps->p + i, lit, n) == 0;
}

static an_span trim(an_span s)
{
    while (s.n && is_space(s.p[0])) { s.p++; s.n--; }
    while (s.n && is_space(s.p[s.n - 1])) s.n--;
    return s;
}

/* The index of lit in p[from, n), or SIZE_MAX. */
static size_t find_in(const char *p, size_t n, size_t from, const char *lit)
{
    size_t k = strlen(lit);
    while (from + k <= n) {
        const char *q = memchr(p + from, lit[0], n - from - k + 1);
        if (!q) break;
        from = (size_t)(q - p);
        if (memcmp(q, lit, k) == 0) return from;
        from++;
    }
    return SIZE_MAX;
}

/* memchr over the document with a memo of failures, so repeated failing searches for
 * an unmatched quote or '>' stay linear in total. */
static size_t find_byte(parser *ps, size_t from, char c, size_t *memo)
{
    if (from >= *memo) return SIZE_MAX;
    const char *q = memchr(ps->p + from, c, ps->n - from);
    if (!q) { *memo = from; return SIZE_MAX; }
    return (size_t)(q - ps->p);
}

static an_status put_utf8(an_buf *b, uint32_t cp)
{
    char u[4];
    size_t k;
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; k = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); k = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); k = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); k = 4;
    }
    return an_buf_append(b, u, k);
}

/* ---- entities --------------------------------------------------------------------------- */

/* HTML named entities common in feed titles and text (code points from the HTML
 * standard). XML's five are first: only they are decoded in HTML mode. */
static const struct { const char *name; uint32_t cp; } entities[] = {
    { "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
    { "nbsp", 0xA0 }, { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
    { "laquo", 0xAB }, { "raquo", 0xBB }, { "bdquo", 0x201E }, { "ldquo", 0x201C },
    { "rdquo", 0x201D }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
    { "lsaquo", 0x2039 }, { "rsaquo", 0x203A }, { "copy", 0xA9 }, { "reg", 0xAE },
    { "trade", 0x2122 }, { "euro", 0x20AC }, { "pound", 0xA3 }, { "yen", 0xA5 },
    { "cent", 0xA2 }, { "deg", 0xB0 }, { "middot", 0xB7 }, { "bull", 0x2022 },
    { "shy", 0xAD }, { "times", 0xD7 }, { "divide", 0xF7 }, { "minus", 0x2212 },
    { "plusmn", 0xB1 }, { "sect", 0xA7 }, { "para", 0xB6 }, { "thinsp", 0x2009 },
    { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "zwnj", 0x200C }, { "zwj", 0x200D },
    { "lrm", 0x200E }, { "rlm", 0x200F }, { "prime", 0x2032 }, { "Prime", 0x2033 },
    { "frac12", 0xBD }, { "frac14", 0xBC }, { "frac34", 0xBE }, { "iexcl", 0xA1 },
    { "iquest", 0xBF }, { "acute", 0xB4 }, { "auml", 0xE4 }, { "ouml", 0xF6 },
    { "uuml", 0xFC }, { "Auml", 0xC4 }, { "Ouml", 0xD6 }, { "Uuml", 0xDC },
    { "szlig", 0xDF }, { "aacute", 0xE1 }, { "eacute", 0xE9 }, { "iacute", 0xED },
    { "oacute", 0xF3 }, { "uacute", 0xFA }, { "Aacute", 0xC1 }, { "Eacute", 0xC9 },
    { "agrave", 0xE0 }, { "egrave", 0xE8 }, { "ograve", 0xF2 }, { "acirc", 0xE2 },
    { "ecirc", 0xEA }, { "icirc", 0xEE }, { "ocirc", 0xF4 }, { "ucirc", 0xFB },
    { "euml", 0xEB }, { "iuml", 0xEF }, { "ccedil", 0xE7 }, { "Ccedil", 0xC7 },
    { "ntilde", 0xF1 }, { "atilde", 0xE3 }, { "otilde", 0xF5 }, { "aring", 0xE5 },
    { "aelig", 0xE6 }, { "oslash", 0xF8 }, { "scaron", 0x161 }, { "Scaron", 0x160 },
    { "zcaron", 0x17E }, { "Zcaron", 0x17D }, { "oelig", 0x153 }, { "dagger", 0x2020 },
};
#define XML_ENTITIES 5

/* Decodes the reference at p[0] == '&' into out; returns the bytes consumed, or 0 when
 * it is not a known reference (the '&' is then literal). */
static size_t entity(const char *p, size_t n, bool html_names, an_buf *out, an_status *st)
{
    size_t e = 1;
    while (e < n && e < 34 && p[e] != ';' && p[e] != '&' && p[e] != '<' && !is_space(p[e])) e++;
    if (e >= n || p[e] != ';' || e < 2) return 0;
    if (p[1] == '#') {
        uint32_t cp = 0;
        size_t i = 2;
        bool hex = i < e && (p[i] == 'x' || p[i] == 'X');
        if (hex) i++;
        if (i == e) return 0;
        for (; i < e; i++) {
            int d;
            if (is_digit(p[i])) d = p[i] - '0';
            else if (hex && lower((unsigned char)p[i]) >= 'a' && lower((unsigned char)p[i]) <= 'f')
                d = lower((unsigned char)p[i]) - 'a' + 10;
            else return 0;
            cp = cp * (hex ? 16 : 10) + (uint32_t)d;
            if (cp > 0x10FFFF) cp = 0x110000;
        }
        *st = put_utf8(out, cp);
        return e + 1;
    }
    an_span name = an_span_make(p + 1, e - 1);
    size_t count = html_names ? sizeof entities / sizeof *entities : XML_ENTITIES;
    for (size_t k = 0; k < count; k++)
        if (span_is(name, entities[k].name)) {
            *st = put_utf8(out, entities[k].cp);
            return e + 1;
        }
    return 0;
}

/* ---- decoding raw content ------------------------------------------------------------- */

static bool inline_tag(const char *p, size_t n)
{
    static const char *const names[] = { "a", "b", "i", "u", "em", "strong", "span", "font",
                                         "sup", "sub", "small", "big", "abbr", "cite", "q", "mark" };
    size_t i = 1;
    if (i < n && p[i] == '/') i++;
    size_t s = i;
    while (i < n && is_alpha(p[i])) i++;
    an_span nm = an_span_make(p + s, i - s);
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (span_ieq(nm, names[k])) return true;
    return false;
}

static an_status escape_into(an_buf *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        an_status st = p[i] == '<' ? an_buf_puts(out, "&lt;")
                     : p[i] == '&' ? an_buf_puts(out, "&amp;")
                                   : an_buf_append(out, p + i, 1);
        if (st) return st;
    }
    return AN_OK;
}

/* Decodes p[0, n) in `mode` and appends the result to out. */
static an_status decode_into(const char *p, size_t n, decode_mode mode, an_buf *out)
{
    size_t i = 0, no_gt = SIZE_MAX;
    an_status st = AN_OK;
    if (mode == M_XHTML) {
        /* drop the <div xmlns="http://www.w3.org/1999/xhtml"> wrapper */
        an_span t = trim(an_span_make(p, n));
        if (t.n > 10 && memcmp(t.p, "<div", 4) == 0 && (t.p[4] == '>' || is_space(t.p[4])) &&
            memcmp(t.p + t.n - 6, "</div>", 6) == 0) {
            const char *gt = memchr(t.p, '>', t.n);
            if (gt && gt < t.p + t.n - 6) { p = gt + 1; n = (size_t)(t.p + t.n - 6 - p); }
        }
    }
    while (i < n && !st) {
        size_t run = i;
        while (run < n && p[run] != '<' && (p[run] != '&' || mode == M_XHTML)) run++;
        if (run > i) st = an_buf_append(out, p + i, run - i);
        i = run;
        if (i >= n || st) break;
        if (p[i] == '&') {
            size_t k = entity(p + i, n - i, mode == M_TEXT || mode == M_ATTR, out, &st);
            if (!k) { st = an_buf_append(out, "&", 1); k = 1; }
            i += k;
            continue;
        }
        /* p[i] == '<' */
        if (mode == M_ATTR) { st = an_buf_append(out, "<", 1); i++; continue; }
        if (n - i >= 9 && memcmp(p + i, "<![CDATA[", 9) == 0) {
            size_t e = find_in(p, n, i + 9, "]]>");
            size_t end = e == SIZE_MAX ? n : e;
            st = mode == M_XHTML ? escape_into(out, p + i + 9, end - i - 9)
                                 : an_buf_append(out, p + i + 9, end - i - 9);
            i = e == SIZE_MAX ? n : e + 3;
            continue;
        }
        if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
            size_t e = find_in(p, n, i + 4, "-->");
            i = e == SIZE_MAX ? n : e + 3;
            continue;
        }
        bool tagish = i + 1 < n && (name_start(p[i + 1]) || p[i + 1] == '/' || p[i + 1] == '!' ||
                                    p[i + 1] == '?');
        if (mode != M_TEXT || !tagish) { st = an_buf_append(out, "<", 1); i++; continue; }
        const char *gt = i >= no_gt ? NULL : memchr(p + i, '>', n - i);
        if (!gt) { no_gt = i; st = an_buf_append(out, "<", 1); i++; continue; }
        if (!inline_tag(p + i, n - i)) st = an_buf_append(out, " ", 1);
        i = (size_t)(gt - p) + 1;
    }
    return st;
}

/* ---- charset ----------------------------------------------------------------------------- */

static bool valid_utf8_with_multibyte(const unsigned char *s, size_t n)
{
    bool multi = false;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!k || (k == 2 && c < 0xC2) || n - i < k) return false;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80) return false;
        if (k > 1) multi = true;
        i += k;
    }
    return multi;
}

/* Converts with ps->cd, replacing what cannot be converted by U+FFFD. */
static an_status iconv_into(iconv_t cd, const char *p, size_t n, an_buf *out)
{
    iconv(cd, NULL, NULL, NULL, NULL);
    char *in = (char *)p;
    size_t left = n;
    while (left > 0) {
        if (an_buf_reserve(out, left * 2 + 16)) return AN_NOMEM;
        char *o = out->p + out->n;
        size_t room = out->cap - out->n - 1;
        size_t r = iconv(cd, &in, &left, &o, &room);
        out->n = (size_t)(o - out->p);
        if (r == (size_t)-1) {
            if (errno == E2BIG) continue;
            if (put_utf8(out, 0xFFFD)) return AN_NOMEM;
            in++;
            left--;     /* EILSEQ or EINVAL: skip one byte */
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    if (out->p) out->p[out->n] = 0;
    return AN_OK;
}

/* The encoding named by <?xml … encoding="…"?> at the start, or an empty span. */
static an_span declared_encoding(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && is_space(p[i])) i++;
    if (n - i < 5 || memcmp(p + i, "<?xml", 5) != 0) return an_span_make(NULL, 0);
    size_t e = find_in(p, n < i + 512 ? n : i + 512, i, "?>");
    if (e == SIZE_MAX) return an_span_make(NULL, 0);
    size_t k = find_in(p, e, i, "encoding");
    if (k == SIZE_MAX) return an_span_make(NULL, 0);
    k += 8;
    while (k < e && (is_space(p[k]) || p[k] == '=')) k++;
    if (k >= e || (p[k] != '"' && p[k] != '\'')) return an_span_make(NULL, 0);
    char q = p[k++];
    size_t s = k;
    while (k < e && p[k] != q) k++;
    return an_span_make(p + s, k - s);
}

/* Sets up the charset: a UTF-16 document is converted whole into ps->doc; another
 * non-UTF-8 one gets a converter for its fields. */
static an_status setup_charset(parser *ps)
{
    const unsigned char *u = (const unsigned char *)ps->p;
    size_t n = ps->n;
    const char *wide = NULL;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return AN_OK;
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) wide = "UTF-16LE";
    else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) wide = "UTF-16BE";
    else if (n >= 4 && u[0] == '<' && u[1] == 0 && u[2] != 0 && u[3] == 0) wide = "UTF-16LE";
    else if (n >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] != 0) wide = "UTF-16BE";
    if (wide) {
        iconv_t cd = iconv_open("UTF-8", wide);
        if (cd == (iconv_t)-1) return AN_OK;
        size_t skip = (u[0] == 0xFF || u[0] == 0xFE) ? 2 : 0;
        an_status st = iconv_into(cd, ps->p + skip, n - skip, &ps->doc);
        iconv_close(cd);
        if (st) return st;
        ps->p = ps->doc.p ? ps->doc.p : "";
        ps->n = ps->doc.n;
        return AN_OK;
    }
    an_span enc = trim(declared_encoding(ps->p, n));
    if (!enc.n || enc.n > 40 || span_ieq(enc, "utf-8") || span_ieq(enc, "utf8")) return AN_OK;
    /* a wide encoding declared in a document whose bytes are not wide is a mistake */
    if ((enc.n >= 5 && (span_ieq(an_span_make(enc.p, 5), "utf-1") || span_ieq(an_span_make(enc.p, 5), "utf-3") ||
                        span_ieq(an_span_make(enc.p, 5), "ucs-2") || span_ieq(an_span_make(enc.p, 5), "ucs-4"))) ||
        (enc.n >= 5 && (span_ieq(an_span_make(enc.p, 5), "utf16") || span_ieq(an_span_make(enc.p, 5), "utf32"))))
        return AN_OK;
    if (valid_utf8_with_multibyte(u, n)) return AN_OK;     /* mislabelled UTF-8 */
    char name[48];
    const char *use = name;
    if (span_ieq(enc, "iso-8859-1") || span_ieq(enc, "latin1") || span_ieq(enc, "us-ascii") ||
        span_ieq(enc, "iso_8859-1") || span_ieq(enc, "ascii"))
        use = "WINDOWS-1252";     /* what such documents mean in practice (WHATWG) */
    else
        snprintf(name, sizeof name, "%.*s", (int)enc.n, enc.p);
    ps->cd = iconv_open("UTF-8", use);
    return AN_OK;
}

/* The bytes p[0, n) in UTF-8: themselves, or converted into ps->conv. */
static an_status utf8_of(parser *ps, const char *p, size_t n, const char **out, size_t *out_n)
{
    *out = p;
    *out_n = n;
    if (ps->cd == (iconv_t)-1) return AN_OK;
    ps->conv.n = 0;
    if (iconv_into(ps->cd, p, n, &ps->conv)) return AN_NOMEM;
    *out = ps->conv.p ? ps->conv.p : "";
    *out_n = ps->conv.n;
    return AN_OK;
}

/* ---- dates ---------------------------------------------------------------------------- */

static int month_of(const char *p, size_t n)
{
    static const char *const en[12] = { "jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec" };
    static const struct { const char *w; int m; } de[] = {
        { "m\xc3\xa4r", 3 }, { "mrz", 3 }, { "mai", 5 }, { "okt", 10 }, { "dez", 12 },
        { "m\xc3\x84r", 3 },
    };
    char w[4];
    for (size_t k = 0; k < 4; k++) w[k] = k < n ? (char)lower((unsigned char)p[k]) : 0;
    if (n >= 3)
        for (int m = 0; m < 12; m++)
            if (memcmp(w, en[m], 3) == 0) return m + 1;
    for (size_t k = 0; k < sizeof de / sizeof *de; k++) {
        size_t l = strlen(de[k].w);
        if (n >= l && memcmp(w, de[k].w, l) == 0) return de[k].m;
    }
    return 0;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

/* Reads up to `max` digits at p[*i]; -1 when there are none. */
static int digits(const char *p, size_t n, size_t *i, int max, int *count)
{
    int v = 0, k = 0;
    while (*i < n && k < max && is_digit(p[*i])) { v = v * 10 + (p[(*i)++] - '0'); k++; }
    if (count) *count = k;
    return k ? v : -1;
}

/* RFC 822 ("Tue, 05 Mar 2024 10:00:00 +0100", German month names too), ISO 8601
 * ("2024-03-05T10:00:00Z"), "March 5, 2024" and "05.03.2024" to "2024-03-05". */
static bool normalise_date(const char *p, size_t n, char out[11])
{
    size_t i = 0;
    int y = -1, m = -1, d = -1, cnt;
    while (i < n && is_space(p[i])) i++;
    size_t s = i;
    int first = digits(p, n, &i, 4, &cnt);
    if (cnt == 4 && i < n && (p[i] == '-' || p[i] == '/')) {
        char sep = p[i++];
        y = first;
        m = digits(p, n, &i, 2, NULL);
        if (i < n && p[i] == sep) { i++; d = digits(p, n, &i, 2, NULL); }
    } else {
        i = s;
        for (int words = 0; words < 2 && i < n && !is_digit(p[i]); words++) {
            size_t w = i;
            while (i < n && (is_alpha(p[i]) || (unsigned char)p[i] >= 0x80)) i++;
            if (i == w) return false;
            int mm = month_of(p + w, i - w);
            while (i < n && (p[i] == '.' || p[i] == ',' || is_space(p[i]))) i++;
            if (mm) {   /* "March 5, 2024" */
                m = mm;
                d = digits(p, n, &i, 2, NULL);
                while (i < n && (p[i] == ',' || p[i] == '.' || is_space(p[i]))) i++;
                y = digits(p, n, &i, 4, &cnt);
                if (cnt == 2) y += y < 50 ? 2000 : 1900;
                goto check;
            }
        }
        d = digits(p, n, &i, 2, NULL);
        if (d < 0) return false;
        if (i < n && p[i] == '.' && i + 1 < n && is_digit(p[i + 1])) {   /* 05.03.2024 */
            i++;
            m = digits(p, n, &i, 2, NULL);
            if (i < n && p[i] == '.') i++;
        } else {
            while (i < n && (is_space(p[i]) || p[i] == '-' || p[i] == '.')) i++;
            size_t w = i;
            while (i < n && (is_alpha(p[i]) || (unsigned char)p[i] >= 0x80)) i++;
            m = month_of(p + w, i - w);
            while (i < n && (is_space(p[i]) || p[i] == '-' || p[i] == '.' || p[i] == ',')) i++;
        }
        y = digits(p, n, &i, 4, &cnt);
        if (cnt == 2) y += y < 50 ? 2000 : 1900;
        else if (cnt != 4) return false;
    }
check:
    if (!valid_ymd(y, m, d)) return false;
    const int parts[3][2] = { { y, 4 }, { m, 2 }, { d, 2 } };
    size_t o = 0;
    for (int k = 0; k < 3; k++) {
        if (k) out[o++] = '-';
        for (int div = parts[k][1] == 4 ? 1000 : 10; div; div /= 10)
            out[o++] = (char)('0' + parts[k][0] / div % 10);
    }
    out[o] = 0;
    return true;
}

/* ---- namespaces ----------------------------------------------------------------------- */

static ns_kind ns_of_uri(an_span u)
{
    u = trim(u);
    if (u.n >= 8 && span_ieq(an_span_make(u.p, 8), "https://")) { u.p += 8; u.n -= 8; }
    else if (u.n >= 7 && span_ieq(an_span_make(u.p, 7), "http://")) { u.p += 7; u.n -= 7; }
    while (u.n && (u.p[u.n - 1] == '/' || u.p[u.n - 1] == '#')) u.n--;
    static const struct { const char *uri; ns_kind k; } known[] = {
        { "www.w3.org/2005/Atom", NS_ATOM }, { "purl.org/atom/ns", NS_ATOM },
        { "purl.org/rss/1.0", NS_RSS1 }, { "my.netscape.com/rdf/simple/0.9", NS_RSS1 },
        { "backend.userland.com/rss2", NS_NONE }, { "blogs.law.harvard.edu/tech/rss", NS_NONE },
        { "purl.org/rss/1.0/modules/content", NS_CONTENT },
        { "purl.org/dc/elements/1.1", NS_DC }, { "purl.org/dc/terms", NS_DCTERMS },
        { "www.w3.org/1999/02/22-rdf-syntax-ns", NS_RDF },
        { "rssnamespace.org/feedburner/ext/1.0", NS_FEEDBURNER },
        { "www.w3.org/XML/1998/namespace", NS_XML },
    };
    if (!u.n) return NS_NONE;
    for (size_t k = 0; k < sizeof known / sizeof *known; k++)
        if (span_ieq(u, known[k].uri)) return known[k].k;
    return NS_OTHER;
}

static ns_kind ns_of_prefix(const parser *ps, an_span prefix)
{
    for (unsigned k = ps->n_ns; k-- > 0;)
        if (prefix.n == ps->ns[k].prefix.n && memcmp(prefix.p, ps->ns[k].prefix.p, prefix.n) == 0)
            return ps->ns[k].kind;
    static const struct { const char *p; ns_kind k; } conventional[] = {
        { "atom", NS_ATOM }, { "atom10", NS_ATOM }, { "a10", NS_ATOM }, { "content", NS_CONTENT },
        { "dc", NS_DC }, { "dcterms", NS_DCTERMS }, { "rdf", NS_RDF },
        { "feedburner", NS_FEEDBURNER }, { "xml", NS_XML }, { "rss", NS_RSS1 },
    };
    for (size_t k = 0; k < sizeof conventional / sizeof *conventional; k++)
        if (span_is(prefix, conventional[k].p)) return conventional[k].k;
    return NS_OTHER;
}

static void split_qname(an_span q, an_span *prefix, an_span *local)
{
    const char *c = memchr(q.p, ':', q.n);
    if (c && c > q.p && c < q.p + q.n - 1) {
        *prefix = an_span_make(q.p, (size_t)(c - q.p));
        *local = an_span_make(c + 1, q.n - prefix->n - 1);
    } else {
        *prefix = an_span_make(NULL, 0);
        *local = q;
    }
}

/* ---- tags ------------------------------------------------------------------------------ */

/* Reads the start tag at ps->p[i] == '<'. False when the document ends inside it. */
static bool read_tag(parser *ps, size_t i, tag *t)
{
    const char *p = ps->p;
    size_t n = ps->n;
    memset(t, 0, sizeof *t);
    t->start = i++;
    size_t s = i;
    while (i < n && name_char(p[i])) i++;
    t->qname = an_span_make(p + s, i - s);
    for (;;) {
        while (i < n && (is_space(p[i]) || p[i] == '/')) {
            if (p[i] == '/' && i + 1 < n && p[i + 1] == '>') { t->self_closing = true; }
            i++;
        }
        if (i >= n) return false;
        if (p[i] == '>') { t->end = i + 1; break; }
        if (p[i] == '<') { t->end = i; break; }     /* "<a <b>": the tag ended unclosed */
        size_t as = i;
        while (i < n && name_char(p[i])) i++;
        if (i == as) { i++; continue; }             /* a stray quote or '=' */
        an_span an = an_span_make(p + as, i - as), av = an_span_make(NULL, 0);
        while (i < n && is_space(p[i])) i++;
        if (i < n && p[i] == '=') {
            i++;
            while (i < n && is_space(p[i])) i++;
            if (i < n && (p[i] == '"' || p[i] == '\'')) {
                char q = p[i];
                size_t e = find_byte(ps, i + 1, q, q == '"' ? &ps->no_dq : &ps->no_sq);
                if (e == SIZE_MAX) {    /* unmatched quote: the value ends at the next '>' */
                    e = find_byte(ps, i + 1, '>', &ps->no_gt);
                    if (e == SIZE_MAX) return false;
                    av = an_span_make(p + i + 1, e - i - 1);
                    i = e;
                } else {
                    av = an_span_make(p + i + 1, e - i - 1);
                    i = e + 1;
                }
            } else {
                size_t vs = i;
                while (i < n && !is_space(p[i]) && p[i] != '>') i++;
                av = an_span_make(p + vs, i - vs);
            }
        }
        an_span ap, al;
        split_qname(an, &ap, &al);
        if (span_is(an, "xmlns")) {
            t->has_dflt = true;
            t->dflt = ns_of_uri(av);
        } else if (span_is(ap, "xmlns")) {
            if (ps->n_ns < AN_FEED_MAX_NAMESPACES)
                ps->ns[ps->n_ns++] = (ns_decl){ al, ns_of_uri(av) };
        } else if (!ap.n) {
            if (span_is(al, "href")) t->href = av;
            else if (span_is(al, "rel")) t->rel = av;
            else if (span_is(al, "type")) t->type = av;
            else if (span_is(al, "mode")) t->mode = av;
            else if (span_is(al, "isPermaLink")) t->perma = av;
            else if (span_is(al, "src")) t->src = av;
        } else if (span_is(al, "about") && ns_of_prefix(ps, ap) == NS_RDF) {
            t->about = av;
        } else if (span_is(al, "lang") && span_is(ap, "xml")) {
            t->lang = av;
        }
    }
    split_qname(t->qname, &t->prefix, &t->local);
    return true;
}

/* Finds the end of the raw content of element `qname` starting at `from`: the matching
 * end tag, or the end tag `stop` (the enclosing item's) if that comes first. Sets *end
 * (content end) and *after (where scanning resumes). False when the document ends
 * first. */
static bool raw_content(parser *ps, size_t from, an_span qname, an_span stop, size_t *end,
                        size_t *after)
{
    const char *p = ps->p;
    size_t n = ps->n, i = from;
    unsigned nest = 0;
    for (;;) {
        const char *lt = memchr(p + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - p);
        if (starts_at(ps, i, "<![CDATA[")) {
            size_t e = find_in(p, n, i + 9, "]]>");
            if (e == SIZE_MAX) break;
            i = e + 3;
            continue;
        }
        if (starts_at(ps, i, "<!--")) {
            size_t e = find_in(p, n, i + 4, "-->");
            if (e == SIZE_MAX) break;
            i = e + 3;
            continue;
        }
        bool close = i + 1 < n && p[i + 1] == '/';
        size_t s = i + 1 + close, k = s;
        while (k < n && name_char(p[k])) k++;
        an_span nm = an_span_make(p + s, k - s);
        if (close && nm.n == qname.n && memcmp(nm.p, qname.p, nm.n) == 0) {
            if (nest == 0) {
                const char *gt = memchr(p + k, '>', n - k);
                *end = i;
                *after = gt ? (size_t)(gt - p) + 1 : n;
                return true;
            }
            nest--;
        } else if (close && stop.n && nm.n == stop.n && memcmp(nm.p, stop.p, nm.n) == 0) {
            *end = *after = i;
            return true;
        } else if (!close && nm.n == qname.n && memcmp(nm.p, qname.p, nm.n) == 0) {
            const char *gt = memchr(p + k, '>', n - k);
            if (gt && gt[-1] != '/') nest++;
        }
        i++;
    }
    *end = *after = n;
    return false;
}

/* ---- items ----------------------------------------------------------------------------- */

static an_span field_span(const parser *ps, field f)
{
    return f.rank ? an_span_make(ps->scratch.p + f.off, f.len) : an_span_make(NULL, 0);
}

static void clear_item(parser *ps)
{
    ps->link = ps->id = ps->title = ps->date = ps->content = ps->lang = (field){ 0, 0, 0 };
    ps->content_html = false;
    ps->scratch.n = 0;
}

static an_status emit_item(parser *ps)
{
    ps->in_item = false;
    if (!ps->link.rank && !ps->title.rank && !ps->content.rank) return AN_OK;
    an_feed_item it;
    memset(&it, 0, sizeof it);
    it.link = field_span(ps, ps->link);
    it.id = field_span(ps, ps->id);
    it.title = field_span(ps, ps->title);
    it.date = field_span(ps, ps->date);
    it.content = field_span(ps, ps->content);
    it.content_is_html = ps->content_html;
    it.lang = ps->lang.rank ? field_span(ps, ps->lang) : an_span_make(ps->chan_lang, ps->chan_lang_n);
    it.offset = ps->item_off;
    an_status st = ps->item(ps->ctx, &it);
    if (st) ps->stop = st;
    clear_item(ps);
    return st;
}

/* Decodes raw bytes into scratch and makes them field f (rank `rank`), unless f already
 * holds an equal or better value. Empty values are not kept. */
static an_status set_field(parser *ps, field *f, int rank, const char *raw, size_t n,
                           decode_mode mode, field_role role)
{
    if (f->rank && f->rank <= rank) return AN_OK;
    const char *u;
    size_t un;
    if (utf8_of(ps, raw, n, &u, &un)) return AN_NOMEM;
    size_t off = ps->scratch.n;
    if (role == F_TITLE) {
        /* titles: one decoding in the element's mode, one more as text (many feeds
         * escape twice), then spaces folded */
        ps->tmp.n = 0;
        if (decode_into(u, un, mode, &ps->tmp)) return AN_NOMEM;
        if (decode_into(ps->tmp.p ? ps->tmp.p : "", ps->tmp.n, M_TEXT, &ps->scratch)) return AN_NOMEM;
        size_t w = off;
        bool space = true;
        for (size_t r = off; r < ps->scratch.n; r++) {
            char c = ps->scratch.p[r];
            if (is_space(c)) { if (!space) ps->scratch.p[w++] = ' '; space = true; }
            else { ps->scratch.p[w++] = c; space = false; }
        }
        if (w > off && ps->scratch.p[w - 1] == ' ') w--;
        ps->scratch.n = w;
    } else if (decode_into(u, un, mode, &ps->scratch)) {
        return AN_NOMEM;
    }
    an_span v = trim(an_span_make(ps->scratch.p + off, ps->scratch.n - off));
    if (!v.n) { ps->scratch.n = off; return AN_OK; }
    if (role == F_DATE) {
        char ymd[11];
        if (normalise_date(v.p, v.n, ymd)) {
            ps->scratch.n = off;
            if (an_buf_append(&ps->scratch, ymd, 10)) return AN_NOMEM;
            v = an_span_make(ps->scratch.p + off, 10);
        }
    }
    if (role == F_HTML) {
        ps->content_html = memchr(v.p, '<', v.n) || memchr(v.p, '&', v.n);
        if (mode == M_XHTML) ps->content_html = true;
    }
    *f = (field){ (size_t)(v.p - ps->scratch.p), v.n, rank };
    return AN_OK;
}

static bool is_http(an_span s)
{
    s = trim(s);
    return (s.n > 7 && span_ieq(an_span_make(s.p, 7), "http://")) ||
           (s.n > 8 && span_ieq(an_span_make(s.p, 8), "https://"));
}

/* What an element inside an item holds, and how much it is preferred (lower wins). */
static field_role role_of(const parser *ps, const tag *t, int *rank)
{
    an_span l = t->local;
    bool atomish = t->ns == NS_ATOM || (t->ns == NS_NONE && ps->root == ROOT_ATOM);
    bool rssish = !atomish && (t->ns == NS_NONE || t->ns == NS_RSS1);
    *rank = 1;
    if (rssish) {
        if (span_is(l, "title")) return F_TITLE;
        if (span_is(l, "link")) { *rank = 2; return F_LINK; }
        if (span_is(l, "description")) { *rank = 2; return F_HTML; }
        if (span_is(l, "guid")) return F_GUID;
        if (span_is(l, "pubDate")) return F_DATE;
        return F_NONE;
    }
    if (atomish) {
        if (span_is(l, "title")) return F_TITLE;
        if (span_is(l, "link")) return F_ATOM_LINK;
        if (span_is(l, "id")) return F_ATOM_ID;
        if (span_is(l, "published") || span_is(l, "issued")) return F_DATE;
        if (span_is(l, "created")) { *rank = 2; return F_DATE; }
        if (span_is(l, "updated") || span_is(l, "modified")) { *rank = 3; return F_DATE; }
        if (span_is(l, "content")) return F_ATOM_TEXT;
        if (span_is(l, "summary")) { *rank = 2; return F_ATOM_TEXT; }
        if (span_is(l, "author") || span_is(l, "contributor") || span_is(l, "source"))
            return F_CONTAINER;
        return F_NONE;
    }
    switch (t->ns) {
    case NS_CONTENT:
        return span_is(l, "encoded") ? F_HTML : F_NONE;
    case NS_DC:
        if (span_is(l, "date")) { *rank = 2; return F_DATE; }
        if (span_is(l, "title")) { *rank = 2; return F_TITLE; }
        if (span_is(l, "language")) return F_LANG;
        return F_NONE;
    case NS_DCTERMS:
        if (span_is(l, "issued") || span_is(l, "created") || span_is(l, "date")) { *rank = 2; return F_DATE; }
        if (span_is(l, "modified")) { *rank = 4; return F_DATE; }
        return F_NONE;
    case NS_FEEDBURNER:
        return span_is(l, "origLink") ? F_LINK : F_NONE;
    default:
        return F_NONE;
    }
}

/* The decoding mode for an Atom text construct from its type= (and Atom 0.3 mode=);
 * false when its content is not text at all (base64, an image…). */
static bool atom_mode(const tag *t, decode_mode *mode)
{
    an_span ty = trim(t->type), mo = trim(t->mode);
    *mode = M_TEXT;
    if (span_ieq(mo, "escaped")) { *mode = M_HTML; return true; }
    if (span_ieq(mo, "base64")) return false;
    if (!ty.n || span_ieq(ty, "text") || span_ieq(ty, "text/plain")) return true;
    if (span_ieq(ty, "html") || span_ieq(ty, "text/html")) { *mode = M_HTML; return true; }
    if (span_ieq(ty, "xhtml") || span_ieq(ty, "application/xhtml+xml")) { *mode = M_XHTML; return true; }
    if (span_is(mo, "xml")) { *mode = M_XHTML; return true; }
    return ty.n >= 5 && span_ieq(an_span_make(ty.p, 5), "text/");
}

static an_status set_attr_field(parser *ps, field *f, int rank, an_span v)
{
    return set_field(ps, f, rank, v.p, v.n, M_ATTR, F_LINK);
}

static void push(parser *ps, const tag *t)
{
    ns_kind dflt = t->has_dflt ? t->dflt : ps->depth ? ps->stack[ps->depth - 1].dflt : NS_NONE;
    if (ps->depth < AN_FEED_MAX_DEPTH) ps->stack[ps->depth++] = (open_el){ t->qname, dflt };
    else ps->overflow++;
}

static an_status start_item(parser *ps, const tag *t)
{
    clear_item(ps);
    ps->in_item = true;
    ps->item_idx = ps->depth;
    ps->item_off = t->start;
    an_status st = AN_OK;
    if (t->about.n) {
        st = set_attr_field(ps, &ps->id, 1, t->about);
        if (!st && is_http(t->about)) st = set_attr_field(ps, &ps->link, 4, t->about);
    }
    if (!st && t->lang.n) st = set_field(ps, &ps->lang, 2, t->lang.p, t->lang.n, M_ATTR, F_LANG);
    return st;
}

/* Handles the start tag t; *next is where scanning resumes. */
static an_status start_tag(parser *ps, tag *t, size_t *next)
{
    *next = t->end;
    ns_kind dflt = t->has_dflt ? t->dflt : ps->depth ? ps->stack[ps->depth - 1].dflt : NS_NONE;
    t->ns = t->prefix.n ? ns_of_prefix(ps, t->prefix) : dflt;

    if (ps->root == ROOT_NONE || ps->root_closed) {
        root_kind r = ROOT_NONE;
        if (span_is(t->local, "rss") && t->ns != NS_OTHER) r = ROOT_RSS;
        else if (span_is(t->local, "RDF") && t->ns == NS_RDF) r = ROOT_RDF;
        else if (span_is(t->local, "feed") && (t->ns == NS_ATOM || t->ns == NS_NONE)) r = ROOT_ATOM;
        if (r != ROOT_NONE) {
            ps->root = r;
            ps->root_closed = false;
            ps->root_idx = ps->depth;
            ps->chan_lang_n = 0;
            if (t->lang.n && t->lang.n < sizeof ps->chan_lang) {
                memcpy(ps->chan_lang, t->lang.p, t->lang.n);
                ps->chan_lang_n = t->lang.n;
            }
        }
        if (!t->self_closing) push(ps, t);
        return AN_OK;
    }

    bool item = ((ps->root == ROOT_RSS || ps->root == ROOT_RDF) && span_is(t->local, "item") &&
                 (t->ns == NS_NONE || t->ns == NS_RSS1)) ||
                (ps->root == ROOT_ATOM && span_is(t->local, "entry") &&
                 (t->ns == NS_ATOM || t->ns == NS_NONE));
    if (item && ps->depth >= AN_FEED_MAX_DEPTH) item = false;   /* too deep to track */
    if (item) {
        an_status st = AN_OK;
        if (ps->in_item) {                  /* the previous item was never closed */
            if (ps->depth > ps->item_idx) ps->depth = ps->item_idx;
            ps->skipping = false;
            st = emit_item(ps);
            if (st) return st;
        }
        st = start_item(ps, t);
        if (st) return st;
        if (t->self_closing) return emit_item(ps);
        push(ps, t);
        return AN_OK;
    }

    int rank = 1;
    field_role role = (ps->in_item && !ps->skipping) ? role_of(ps, t, &rank) : F_NONE;
    if (!ps->in_item && span_is(t->local, "language") && !ps->chan_lang_n &&
        (t->ns == NS_NONE || t->ns == NS_DC || t->ns == NS_RSS1) && !t->self_closing) {
        size_t end, after;
        if (!raw_content(ps, t->end, t->qname, an_span_make(NULL, 0), &end, &after)) {
            ps->cut = t->start;
            ps->cut_what = "<language>";
            *next = ps->n;
            return AN_OK;
        }
        an_span v = trim(an_span_make(ps->p + t->end, end - t->end));
        if (v.n < sizeof ps->chan_lang) { memcpy(ps->chan_lang, v.p, v.n); ps->chan_lang_n = v.n; }
        *next = after;
        return AN_OK;
    }
    if (role == F_NONE || role == F_CONTAINER || role == F_ATOM_LINK) {
        if (role == F_CONTAINER && !t->self_closing) {
            ps->skipping = true;
            ps->skip_idx = ps->depth;
        }
        if (role == F_ATOM_LINK && t->href.n) {
            an_span rel = trim(t->rel);
            int r = 0;
            if (!rel.n || span_ieq(rel, "alternate")) r = 2;
            else if (!span_ieq(rel, "self") && !span_ieq(rel, "edit") && !span_ieq(rel, "enclosure") &&
                     !span_ieq(rel, "replies") && !span_ieq(rel, "license") && !span_ieq(rel, "via") &&
                     !span_ieq(rel, "edit-media") && !span_ieq(rel, "hub"))
                r = 5;
            if (r) {
                an_status st = set_attr_field(ps, &ps->link, r, t->href);
                if (st) return st;
            }
        }
        if (!t->self_closing) push(ps, t);
        return AN_OK;
    }

    /* a text element of the item: take its raw content whole */
    size_t end = t->end, after = t->end;
    if (!t->self_closing &&
        !raw_content(ps, t->end, t->qname, ps->stack[ps->item_idx].qname, &end, &after)) {
        ps->cut = t->start;
        ps->cut_what = "an element";
        *next = ps->n;
        return AN_OK;
    }
    const char *raw = ps->p + t->end;
    size_t rn = end - t->end;
    if (after == end && role != F_HTML && role != F_ATOM_TEXT) {
        /* a text element left open (say <title>…</titel>) ends at the next start tag,
         * and scanning resumes there, so its siblings are still read */
        for (size_t k = 0; k + 1 < rn; k++)
            if (raw[k] == '<' && name_start(raw[k + 1])) { rn = k; after = t->end + k; break; }
    }
    *next = after;
    decode_mode mode = M_TEXT;
    switch (role) {
    case F_TITLE:
        if (!atom_mode(t, &mode)) return AN_OK;
        return set_field(ps, &ps->title, rank, raw, rn, mode, F_TITLE);
    case F_LINK: {
        an_status st = set_field(ps, &ps->link, rank, raw, rn, M_TEXT, F_LINK);
        if (!st && t->href.n) st = set_attr_field(ps, &ps->link, rank, t->href);   /* <link href=…/> */
        return st;
    }
    case F_GUID: {
        an_status st = set_field(ps, &ps->id, 1, raw, rn, M_TEXT, F_GUID);
        if (!st && ps->id.rank && !span_ieq(trim(t->perma), "false") &&
            is_http(field_span(ps, ps->id)) && (!ps->link.rank || ps->link.rank > 3)) {
            an_span v = field_span(ps, ps->id);
            ps->link = (field){ (size_t)(v.p - ps->scratch.p), v.n, 3 };
        }
        return st;
    }
    case F_ATOM_ID: {
        an_status st = set_field(ps, &ps->id, 1, raw, rn, M_TEXT, F_ATOM_ID);
        if (!st && ps->id.rank && is_http(field_span(ps, ps->id)) && (!ps->link.rank || ps->link.rank > 4)) {
            an_span v = field_span(ps, ps->id);
            ps->link = (field){ (size_t)(v.p - ps->scratch.p), v.n, 4 };
        }
        return st;
    }
    case F_DATE:
        return set_field(ps, &ps->date, rank, raw, rn, M_TEXT, F_DATE);
    case F_LANG:
        return set_field(ps, &ps->lang, 1, raw, rn, M_TEXT, F_LANG);
    case F_HTML:
        return set_field(ps, &ps->content, rank, raw, rn, M_HTML, F_HTML);
    case F_ATOM_TEXT:
        if (t->src.n || !atom_mode(t, &mode)) return AN_OK;
        if (mode == M_TEXT) {
            if (ps->content.rank && ps->content.rank <= rank) return AN_OK;
            an_status st = set_field(ps, &ps->content, rank, raw, rn, M_TEXT, F_ATOM_TEXT);
            if (!st && ps->content.rank == rank) ps->content_html = false;
            return st;
        }
        return set_field(ps, &ps->content, rank, raw, rn, mode, F_HTML);
    default:
        return AN_OK;
    }
}

static an_status end_tag(parser *ps, an_span qname)
{
    unsigned k = ps->depth;
    while (k > 0 && !(ps->stack[k - 1].qname.n == qname.n &&
                      memcmp(ps->stack[k - 1].qname.p, qname.p, qname.n) == 0))
        k--;
    if (k == 0) {
        if (ps->overflow) ps->overflow--;
        return AN_OK;
    }
    k--;                                     /* the index of the element closed */
    ps->depth = k;
    if (ps->skipping && k <= ps->skip_idx) ps->skipping = false;
    an_status st = AN_OK;
    if (ps->in_item && k <= ps->item_idx) st = emit_item(ps);
    if (ps->root != ROOT_NONE && k <= ps->root_idx) ps->root_closed = true;
    return st;
}

/* ---- the scan --------------------------------------------------------------------------- */

static size_t skip_declaration(const parser *ps, size_t i)
{
    int depth = 0;
    char quote = 0;
    for (i += 2; i < ps->n; i++) {
        char c = ps->p[i];
        if (quote) { if (c == quote) quote = 0; continue; }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '[') depth++;
        else if (c == ']') { if (depth) depth--; }
        else if (c == '>' && depth == 0) return i + 1;
    }
    return SIZE_MAX;
}

static an_status scan(parser *ps)
{
    const char *p = ps->p;
    size_t n = ps->n, i = 0;
    while (i < n) {
        const char *lt = memchr(p + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - p);
        size_t e;
        if (starts_at(ps, i, "<!--")) {
            e = find_in(p, n, i + 4, "-->");
            if (e == SIZE_MAX) { ps->cut = i; ps->cut_what = "a comment"; break; }
            i = e + 3;
        } else if (starts_at(ps, i, "<![CDATA[")) {
            e = find_in(p, n, i + 9, "]]>");
            if (e == SIZE_MAX) { ps->cut = i; ps->cut_what = "a CDATA section"; break; }
            i = e + 3;
        } else if (starts_at(ps, i, "<!")) {
            e = skip_declaration(ps, i);
            if (e == SIZE_MAX) { ps->cut = i; ps->cut_what = "a declaration"; break; }
            i = e;
        } else if (starts_at(ps, i, "<?")) {
            e = find_in(p, n, i + 2, "?>");
            if (e == SIZE_MAX) { ps->cut = i; ps->cut_what = "a processing instruction"; break; }
            i = e + 2;
        } else if (i + 1 < n && p[i + 1] == '/') {
            size_t s = i + 2, k = s;
            while (k < n && name_char(p[k])) k++;
            e = find_byte(ps, k, '>', &ps->no_gt);
            if (e == SIZE_MAX) { ps->cut = i; ps->cut_what = "an end tag"; break; }
            an_status st = end_tag(ps, an_span_make(p + s, k - s));
            if (st) return st;
            i = e + 1;
        } else if (i + 1 < n && name_start(p[i + 1])) {
            tag t;
            if (!read_tag(ps, i, &t)) { ps->cut = i; ps->cut_what = "a tag"; break; }
            size_t next;
            an_status st = start_tag(ps, &t, &next);
            if (st) return st;
            if (ps->cut != SIZE_MAX) break;
            i = next > i ? next : i + 1;
        } else {
            i++;
        }
    }
    return AN_OK;
}

static uint64_t line_of(const char *p, size_t n, size_t off)
{
    uint64_t line = 1;
    for (size_t i = 0; i < off && i < n; i++) line += p[i] == '\n';
    return line;
}

an_status an_feed_parse(const char *xml, size_t n,
                        an_status (*item)(void *ctx, const an_feed_item *it), void *ctx,
                        an_error *err)
{
    parser *ps = calloc(1, sizeof *ps);
    if (!ps) {
        an_error_set(err, AN_NOMEM, 0, 0, "out of memory parsing a feed");
        return AN_NOMEM;
    }
    ps->p = xml ? xml : "";
    ps->n = xml ? n : 0;
    ps->item = item;
    ps->ctx = ctx;
    ps->cd = (iconv_t)-1;
    ps->cut = ps->no_gt = ps->no_dq = ps->no_sq = SIZE_MAX;
    an_status st = an_buf_reserve(&ps->scratch, 256);
    if (!st) st = an_buf_reserve(&ps->tmp, 256);
    if (!st) st = setup_charset(ps);
    if (!st) st = scan(ps);
    if (st == AN_NOMEM) {
        an_error_set(err, AN_NOMEM, 0, 0, "out of memory parsing a feed");
    } else if (st) {
        /* the callback's status: passed on as it is */
    } else if (ps->root == ROOT_NONE) {
        size_t i = 0;
        while (i < ps->n && is_space(ps->p[i])) i++;
        char head[24];
        size_t k = 0;
        for (; k + 1 < sizeof head && i + k < ps->n; k++) {
            unsigned char c = (unsigned char)ps->p[i + k];
            head[k] = (c >= 0x20 && c < 0x7F) ? (char)c : '.';
        }
        head[k] = 0;
        st = AN_BAD_FEED;
        if (i >= ps->n) an_error_set(err, st, 0, 0, "not a feed: the document is empty");
        else an_error_set(err, st, i, 1, "not a feed: no <rss>, <feed> or <rdf:RDF> element "
                                         "(it starts \"%s\")", head);
    } else if (ps->cut != SIZE_MAX || ps->in_item || !ps->root_closed) {
        size_t at = ps->cut != SIZE_MAX ? ps->cut : ps->n;
        st = AN_BAD_FEED;
        char what[80];
        if (ps->cut != SIZE_MAX) snprintf(what, sizeof what, "inside %s at offset %zu", ps->cut_what, ps->cut);
        else snprintf(what, sizeof what, "before its root element is closed");
        if (ps->in_item)
            an_error_set(err, st, at, line_of(ps->p, ps->n, at),
                         "feed truncated: it ends %s, in the item at offset %zu (dropped)",
                         what, ps->item_off);
        else
            an_error_set(err, st, at, line_of(ps->p, ps->n, at), "feed truncated: it ends %s", what);
    }
    if (ps->cd != (iconv_t)-1) iconv_close(ps->cd);
    an_buf_free(&ps->scratch);
    an_buf_free(&ps->conv);
    an_buf_free(&ps->tmp);
    an_buf_free(&ps->doc);
    free(ps);
    return st;
}
