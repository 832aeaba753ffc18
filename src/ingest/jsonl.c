/* jsonl.c — one JSON Lines record: {"id","url","date","lang","title","text"|"html"}.
 *
 * A strict RFC 8259 parser over one line (the reader has already cut the line, within
 * AN_MAX_LINE_BYTES). Known string members are unescaped into a buffer; every other
 * value is validated and skipped, nesting bounded by AN_MAX_JSON_DEPTH. */
#include "ingest.h"

typedef struct jp {
    const char *p;
    size_t n, i;
    an_buf *store;
    an_error *err;
} jp;

static an_status fail(jp *j, const char *what)
{
    an_error_set(j->err, AN_BAD_JSON, j->i, 1, "%s at byte %zu", what, j->i);
    return AN_BAD_JSON;
}

static void ws(jp *j)
{
    while (j->i < j->n && (j->p[j->i] == ' ' || j->p[j->i] == '\t' || j->p[j->i] == '\r' || j->p[j->i] == '\n'))
        j->i++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

/* Parses a string at j->i (an opening quote). With keep, appends the unescaped bytes to the
 * store and sets off and len. */
static an_status string(jp *j, bool keep, size_t *off, size_t *len)
{
    j->i++;
    size_t start = j->store->n;
    while (j->i < j->n) {
        size_t run = j->i;
        while (j->i < j->n && j->p[j->i] != '"' && j->p[j->i] != '\\' && (unsigned char)j->p[j->i] >= 0x20)
            j->i++;
        if (keep && an_buf_append(j->store, j->p + run, j->i - run)) return AN_NOMEM;
        if (j->i >= j->n) break;
        char c = j->p[j->i];
        if (c == '"') {
            j->i++;
            if (keep) { *off = start; *len = j->store->n - start; }
            return AN_OK;
        }
        if ((unsigned char)c < 0x20) return fail(j, "control character in string");
        /* backslash */
        if (j->i + 1 >= j->n) break;
        char e = j->p[j->i + 1];
        char out[4];
        size_t on = 1;
        j->i += 2;
        switch (e) {
        case '"': out[0] = '"'; break;
        case '\\': out[0] = '\\'; break;
        case '/': out[0] = '/'; break;
        case 'b': out[0] = '\b'; break;
        case 'f': out[0] = '\f'; break;
        case 'n': out[0] = '\n'; break;
        case 'r': out[0] = '\r'; break;
        case 't': out[0] = '\t'; break;
        case 'u': {
            if (j->n - j->i < 4) return fail(j, "truncated \\u escape");
            int u = hex4(j->p + j->i);
            if (u < 0) return fail(j, "bad \\u escape");
            j->i += 4;
            uint32_t cp = (uint32_t)u;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (j->n - j->i >= 6 && j->p[j->i] == '\\' && j->p[j->i + 1] == 'u') {
                    int lo = hex4(j->p + j->i + 2);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                        j->i += 6;
                    } else cp = 0xFFFD;
                } else cp = 0xFFFD;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) cp = 0xFFFD;
            on = an_utf8_encode(cp, out);
            break;
        }
        default: return fail(j, "bad escape");
        }
        if (keep && an_buf_append(j->store, out, on)) return AN_NOMEM;
    }
    return fail(j, "unterminated string");
}

static an_status value(jp *j, unsigned depth);

static an_status skip_literal(jp *j, const char *lit)
{
    size_t k = strlen(lit);
    if (j->n - j->i < k || memcmp(j->p + j->i, lit, k) != 0) return fail(j, "unexpected character");
    j->i += k;
    return AN_OK;
}

static an_status number(jp *j)
{
    size_t s = j->i;
    if (j->i < j->n && j->p[j->i] == '-') j->i++;
    size_t d = j->i;
    while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9') j->i++;
    if (j->i == d) return fail(j, "bad number");
    if (j->i < j->n && j->p[j->i] == '.') {
        j->i++;
        d = j->i;
        while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9') j->i++;
        if (j->i == d) return fail(j, "bad number");
    }
    if (j->i < j->n && (j->p[j->i] == 'e' || j->p[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->p[j->i] == '+' || j->p[j->i] == '-')) j->i++;
        d = j->i;
        while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9') j->i++;
        if (j->i == d) return fail(j, "bad number");
    }
    (void)s;
    return AN_OK;
}

static an_status container(jp *j, unsigned depth, char close)
{
    if (depth >= AN_MAX_JSON_DEPTH) return fail(j, "nesting too deep");
    j->i++;
    ws(j);
    if (j->i < j->n && j->p[j->i] == close) { j->i++; return AN_OK; }
    for (;;) {
        ws(j);
        if (close == '}') {
            if (j->i >= j->n || j->p[j->i] != '"') return fail(j, "expected member name");
            an_status st = string(j, false, NULL, NULL);
            if (st) return st;
            ws(j);
            if (j->i >= j->n || j->p[j->i] != ':') return fail(j, "expected ':'");
            j->i++;
        }
        an_status st = value(j, depth + 1);
        if (st) return st;
        ws(j);
        if (j->i < j->n && j->p[j->i] == ',') { j->i++; continue; }
        if (j->i < j->n && j->p[j->i] == close) { j->i++; return AN_OK; }
        return fail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static an_status value(jp *j, unsigned depth)
{
    ws(j);
    if (j->i >= j->n) return fail(j, "unexpected end of line");
    switch (j->p[j->i]) {
    case '"': return string(j, false, NULL, NULL);
    case '{': return container(j, depth, '}');
    case '[': return container(j, depth, ']');
    case 't': return skip_literal(j, "true");
    case 'f': return skip_literal(j, "false");
    case 'n': return skip_literal(j, "null");
    default: return number(j);
    }
}

enum { F_ID, F_URL, F_DATE, F_LANG, F_TITLE, F_TEXT, F_HTML, F_COUNT };
static const char *const field_names[F_COUNT] = { "id", "url", "date", "lang", "title", "text", "html" };

an_status an_jsonl_parse(const char *line, size_t n, an_article *art, an_buf *store, an_error *err)
{
    jp j = { line, n, 0, store, err };
    size_t off[F_COUNT] = { 0 }, len[F_COUNT] = { 0 };
    bool have[F_COUNT] = { false };
    memset(art, 0, sizeof *art);
    store->n = 0;
    ws(&j);
    if (j.i >= n || line[j.i] != '{') return fail(&j, "expected a JSON object");
    j.i++;
    ws(&j);
    if (j.i < n && line[j.i] == '}') j.i++;
    else
        for (;;) {
            ws(&j);
            if (j.i >= n || line[j.i] != '"') return fail(&j, "expected member name");
            size_t koff = 0, klen = 0;
            an_status st = string(&j, true, &koff, &klen);
            if (st) return st;
            int field = -1;
            for (int f = 0; f < F_COUNT; f++)
                if (klen == strlen(field_names[f]) && memcmp(store->p + koff, field_names[f], klen) == 0)
                    field = f;
            store->n = koff;   /* the key itself need not be kept */
            ws(&j);
            if (j.i >= n || line[j.i] != ':') return fail(&j, "expected ':'");
            j.i++;
            ws(&j);
            if (field >= 0 && j.i < n && line[j.i] == '"') {
                st = string(&j, true, &off[field], &len[field]);
                have[field] = true;
            } else if (field == F_ID && j.i < n && (line[j.i] == '-' || (line[j.i] >= '0' && line[j.i] <= '9'))) {
                size_t s = j.i;
                st = number(&j);
                if (!st) {
                    off[field] = store->n;
                    len[field] = j.i - s;
                    have[field] = true;
                    if (an_buf_append(store, line + s, j.i - s)) return AN_NOMEM;
                }
            } else {
                st = value(&j, 1);
            }
            if (st) return st;
            ws(&j);
            if (j.i < n && line[j.i] == ',') { j.i++; continue; }
            if (j.i < n && line[j.i] == '}') { j.i++; break; }
            return fail(&j, "expected ',' or '}'");
        }
    ws(&j);
    if (j.i < n) return fail(&j, "trailing characters after the object");
    an_span *dst[F_COUNT] = { &art->id, &art->url, &art->date, &art->lang, &art->title, &art->text, &art->html };
    for (int f = 0; f < F_COUNT; f++)
        if (have[f]) *dst[f] = an_span_make(store->p + off[f], len[f]);
    if (!art->text.n && !art->html.n) {
        an_error_set(err, AN_NO_TEXT, 0, 1, "record has neither \"text\" nor \"html\"");
        return AN_NO_TEXT;
    }
    return AN_OK;
}
