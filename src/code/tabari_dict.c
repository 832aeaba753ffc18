/* tabari_dict.c — reading TABARI and PETRARCH dictionaries, options and project files.
 *
 * Place in the pipeline: src/code, at engine load time. Each file is read whole and
 * cut into lines; comments (';', '#', '//', '<!-- -->') are removed; each entry becomes
 * roots (phrases as literal + connector elements, per TABARI manual ch. 5), codes and
 * patterns in the tables of tabari.h. The format of a file is recognised from its
 * content: PETRARCH verb files have "--- NAME [code] ---" blocks, PETRARCH agents have
 * "{plural}" and "!SUBST! = ..." lines, PETRARCH actors use '#' comments and inclusive
 * date limits. PETRARCH matches whole words only, so its entries are stored with exact
 * connectors and the plural and verb forms PETRARCH would generate are added as roots.
 *
 * Errors name file:line. A malformed entry fails the load with AN_BAD_DICT, unless
 * AN_TABARI_LENIENT is set, in which case it is skipped and counted.
 */
#define AN_TABARI_INTERNAL
#include "code/tabari.h"
#include <stdio.h>
#include <stdlib.h>

/* ---- character classes (no <ctype.h> on text) --------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
static char up(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 32) : c; }
/* ASCII punctuation, as C's ispunct in the "C" locale. */
static bool is_punct(char c)
{
    unsigned char u = (unsigned char)c;
    return u > 32 && u < 127 && !is_alnum(c);
}

/* ---- file reader -------------------------------------------------------------------- */

enum { K_VERBS, K_ACTORS, K_AGENTS, K_DISCARDS, K_ISSUES, K_OPTIONS };

typedef struct rd {
    an_tabari *t;
    const char *path, *name;
    char *buf;
    size_t n, pos;
    uint32_t line;
    uint64_t off;                /* byte offset of the current line */
    bool in_comment;             /* inside <!-- ... --> */
    bool tilde_ends;             /* a line starting with '~' ends the dictionary */
    bool ended;
    unsigned flags;
    an_error *err;
    char s[AN_TABARI_MAX_LINE];  /* current line, comments removed, trimmed */
    size_t sn;
} rd;

static an_status rd_open(rd *r, an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    memset(r, 0, sizeof *r);
    r->t = t;
    r->path = path;
    const char *slash = strrchr(path, '/');
    r->name = slash ? slash + 1 : path;
    r->flags = flags;
    r->err = err;
    r->tilde_ends = true;
    FILE *f = fopen(path, "rb");
    if (!f) {
        an_error_set(err, AN_IO, 0, 0, "cannot open %s", path);
        return AN_IO;
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        if (cap > (1u << 30)) { free(b); b = NULL; break; }
        char *nb = realloc(b, cap * 2);
        if (!nb) { free(b); b = NULL; break; }
        b = nb;
        cap *= 2;
    }
    bool ioerr = ferror(f);
    fclose(f);
    if (!b || ioerr) {
        free(b);
        an_error_set(err, b ? AN_IO : AN_NOMEM, 0, 0, "cannot read %s", path);
        return b ? AN_IO : AN_NOMEM;
    }
    b[n] = '\0';   /* the loop leaves n < cap; the readers scan it as a C string */
    r->buf = b;
    r->n = n;
    return AN_OK;
}

static void rd_close(rd *r) { free(r->buf); r->buf = NULL; }

/* PETRARCH dictionaries comment with '#' after an entry or with <!-- -->; TABARI ones
 * with ';' (a '#' in column 1 comments out a whole TABARI line). */
static bool looks_petrarch(const char *b)
{
    if (strstr(b, "<!--")) return true;
    for (const char *p = b; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool text = false;
        int depth = 0;
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            if (c == '[') depth++;
            else if (c == ']' && depth) depth--;
            else if (c == ';' && !depth) break;
            else if (c == '#' && !depth && text && i && (p[i - 1] == ' ' || p[i - 1] == '\t' || p[i - 1] == ']'))
                return true;
            else if (c == '#' && !text) break;
            if (c != ' ' && c != '\t') text = true;
        }
        if (!e) break;
        p = e + 1;
    }
    return false;
}

/* Reports a problem at the current line. Returns AN_OK when the entry may be skipped
 * (lenient loading), else AN_BAD_DICT. */
static an_status rd_fail(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static an_status rd_fail(rd *r, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if ((r->flags & AN_TABARI_LENIENT) && r->t) {
        if (!r->t->skipped)
            an_error_set(&r->t->warning, AN_BAD_DICT, r->off, r->line, "%s:%u: %s", r->name,
                         (unsigned)r->line, msg);
        r->t->skipped++;
        return AN_OK;
    }
    an_error_set(r->err, AN_BAD_DICT, r->off, r->line, "%s:%u: %s", r->name, (unsigned)r->line, msg);
    return AN_BAD_DICT;
}

/* Next line into r->s with comments removed and blanks trimmed; blank lines are
 * returned too (PETRARCH uses them as separators). Returns 0 at the end, -1 if a line
 * is too long (an error already set or skipped), 1 otherwise. */
static int rd_next(rd *r)
{
    if (r->ended || r->pos >= r->n) return 0;
    const char *b = r->buf + r->pos, *end = r->buf + r->n;
    const char *e = memchr(b, '\n', (size_t)(end - b));
    if (!e) e = end;
    r->off = r->pos;
    r->pos = (size_t)(e - r->buf) + (e < end);
    r->line++;
    size_t len = (size_t)(e - b);
    if (len && b[len - 1] == '\r') len--;
    if (len >= AN_TABARI_MAX_LINE) {
        r->sn = 0;
        r->s[0] = 0;
        return rd_fail(r, "line longer than %u bytes", AN_TABARI_MAX_LINE) ? -1 : 1;
    }
    /* remove <!-- --> comments, which may span lines */
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (r->in_comment) {
            if (i + 2 < len + 0 && b[i] == '-' && b[i + 1] == '-' && b[i + 2] == '>') {
                r->in_comment = false;
                i += 3;
            } else i++;
            continue;
        }
        if (i + 3 < len && b[i] == '<' && b[i + 1] == '!' && b[i + 2] == '-' && b[i + 3] == '-') {
            r->in_comment = true;
            i += 4;
            continue;
        }
        r->s[o++] = b[i++];
    }
    r->s[o] = 0;
    if (o && (r->s[0] == '/' || (r->s[0] == '~' && r->tilde_ends))) {
        if (r->s[0] == '~') {
            r->ended = true;
            return 0;
        }
        r->sn = 0;
        r->s[0] = 0;
        return 1;
    }
    /* trailing comments: ';' (TABARI) or '#' (PETRARCH) outside [...] */
    int depth = 0;
    for (size_t i = 0; i < o; i++) {
        char c = r->s[i];
        if (c == '[') depth++;
        else if (c == ']' && depth) depth--;
        else if (!depth && (c == ';' || (c == '#' && (i == 0 || is_space(r->s[i - 1]) ||
                                                       r->s[i - 1] == ']')))) {
            o = i;
            break;
        }
    }
    size_t s0 = 0;
    while (s0 < o && is_space(r->s[s0])) s0++;
    while (o > s0 && is_space(r->s[o - 1])) o--;
    if (s0) memmove(r->s, r->s + s0, o - s0);
    r->sn = o - s0;
    r->s[r->sn] = 0;
    return 1;
}

/* ---- phrases ------------------------------------------------------------------------ */

/* TABARI's phrase normalisation: upper case, '-' to '_' (not in first place), and
 * blanks around '{', '|', '}' ("_{" and "}_" keep their connector). */
static size_t norm_phrase(const char *p, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    while (n && is_space(*p)) { p++; n--; }
    while (n && is_space(p[n - 1])) n--;
    for (size_t i = 0; i < n && o + 4 < cap; i++) {
        char c = up(p[i]);
        if (c == '\t') c = ' ';
        if (c == '-' && i > 0) c = '_';
        if (c == '{' || c == '|' || c == '}') {
            bool left_us = c == '{' && o && out[o - 1] == '_';
            bool right_us = c == '}' && i + 1 < n && p[i + 1] == '_';
            if (!left_us && !(o && out[o - 1] == ' ')) out[o++] = ' ';
            out[o++] = c;
            if (!right_us && !(i + 1 < n && p[i + 1] == ' ')) out[o++] = ' ';
            continue;
        }
        out[o++] = c;
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = 0;
    return o;
}

/* A synset designator's root, by name ("&CURRENCY"); 0 if not declared. */
static uint32_t synset_find(const an_tabari *t, const char *p, size_t n)
{
    uint32_t lit = tb_lit_find(t, p, n);
    if (!lit) return 0;
    const tb_lit *l = &t->lits.v[lit];
    for (uint32_t k = l->link_head; k; k = t->links.v[k].next) {
        const tb_root *rt = &t->roots.v[t->links.v[k].root];
        if (rt->type == TB_SYNSET) return t->links.v[k].root;
    }
    return 0;
}

/* Cuts a normalised phrase into elements (TABARI's Phrases.store). `exact` (PETRARCH)
 * turns stems into whole words. Returns the element count, or -1 with *why set. */
static int phrase_elems(an_tabari *t, const char *s, bool exact, tb_elem *el, int max,
                        const char **why)
{
    int n = 0;
    *why = NULL;
    while (*s) {
        while (*s == ' ') s++;
        if (!*s) break;
        const char *w = s;
        while (*s && *s != ' ' && *s != '_' && *s != '~' && *s != '=') s++;
        size_t wn = (size_t)(s - w);
        char d = *s;
        if (n >= max) { *why = "phrase has too many elements"; return -1; }
        tb_elem e = { 0, 0, TB_E_LIT, 0 };
        if (!wn) {   /* a connector with no word before it: "__", "_ _" */
            if (d) s++;
            continue;
        }
        if (w[0] == '&') {
            e.kind = TB_E_SYN;
            e.id = synset_find(t, w, wn);
            if (!e.id) { *why = "undeclared &synset"; return -1; }
            e.conn = (d == '_' || d == '~' || d == '=') ? TB_C_STEM : TB_C_GAP;
        } else {
            if (wn == 1) {
                switch (w[0]) {
                case '*': e.kind = TB_E_VERB; break;
                case '$': e.kind = TB_E_SRC; break;
                case '+': e.kind = TB_E_TGT; break;
                case '@': e.kind = TB_E_ATT; break;
                case '%': e.kind = TB_E_CMP; break;
                case '^': e.kind = TB_E_SKIP; break;
                case '{': e.kind = TB_E_OPEN; break;
                case '|': e.kind = TB_E_OR; break;
                case '}': e.kind = TB_E_CLOSE; break;
                default: break;
                }
            }
            if (e.kind == TB_E_LIT) {
                e.id = tb_lit_intern(t, w, wn);
                if (!e.id) { *why = "out of memory"; return -1; }
                e.len = (uint8_t)(wn > 255 ? 255 : wn);
            }
            if (!d || d == ' ') e.conn = exact && e.kind == TB_E_LIT ? TB_C_GAP : TB_C_STEM | TB_C_GAP;
            else if (d == '=') e.conn = TB_C_EQ;
            else if (d == '~') {
                e.conn = TB_C_STEM;
                if (s[1] == '_') s++;
            } else if (d == '_') {
                if (s[1] == ' ') { e.conn = TB_C_GAP; s++; }
                else e.conn = 0;
            }
        }
        el[n++] = e;
        if (*s) s++;
    }
    return n;
}

/* TABARI's pattern length: letters, digits, '_' and '\'' outside alternatives, plus the
 * longest alternative of each {...}. */
static void pattern_length(const char *s, int *len, int *alt)
{
    *len = *alt = 0;
    for (; *s; s++) {
        if (*s == '_' || *s == '\'') ++*len;
        if (!is_space(*s) && !is_punct(*s)) ++*len;
        else if (*s == '{') {
            int best = 0, cur = 0;
            while (*s && *s != '}') {
                s++;
                while (*s && *s != '|' && *s != '}') {
                    if (*s == '_' || *s == '\'') cur++;
                    if (!is_space(*s) && !is_punct(*s)) cur++;
                    s++;
                }
                if (cur > best) best = cur;
                cur = 0;
            }
            *alt += best;
            if (!*s) break;
        }
    }
}

/* ---- roots --------------------------------------------------------------------------- */

static uint32_t add_root(an_tabari *t, uint8_t type, const tb_elem *el, int n, uint32_t code,
                         uint32_t parent, uint32_t line)
{
    if (n <= 0 || el[0].kind != TB_E_LIT) return 0;
    if (!TB_RESERVE(t->roots, 1) || !TB_RESERVE(t->elems, (uint32_t)n) || !TB_RESERVE(t->links, 1))
        return 0;
    uint32_t id = t->roots.n++;
    tb_root *rt = &t->roots.v[id];
    rt->elem = t->elems.n;
    rt->nelem = (uint16_t)n;
    rt->type = type;
    rt->flags = 0;
    rt->code = code;
    rt->parent = parent;
    rt->line = line;
    memcpy(t->elems.v + t->elems.n, el, (size_t)n * sizeof *el);
    t->elems.n += (uint32_t)n;
    tb_lit *l = &t->lits.v[el[0].id];
    uint32_t k = t->links.n++;
    t->links.v[k] = (tb_link){ id, 0 };
    if (l->link_tail) t->links.v[l->link_tail].next = k;
    else l->link_head = k;
    l->link_tail = k;
    return id;
}

static bool root_exists(const an_tabari *t, const tb_elem *el, int n);

/* The root with these elements, or 0. */
static uint32_t find_root(const an_tabari *t, const tb_elem *el, int n)
{
    const tb_lit *l = &t->lits.v[el[0].id];
    for (uint32_t k = l->link_head; k; k = t->links.v[k].next) {
        const tb_root *rt = &t->roots.v[t->links.v[k].root];
        if (rt->nelem != n) continue;
        const tb_elem *o = t->elems.v + rt->elem;
        int i = 0;
        while (i < n && o[i].id == el[i].id && o[i].kind == el[i].kind && o[i].conn == el[i].conn) i++;
        if (i == n) return t->links.v[k].root;
    }
    return 0;
}

/* Is there already a root with these elements (TABARI keeps the first entry)? */
static bool root_exists(const an_tabari *t, const tb_elem *el, int n)
{
    if (n <= 0 || el[0].kind != TB_E_LIT) return false;
    const tb_lit *l = &t->lits.v[el[0].id];
    for (uint32_t k = l->link_head; k; k = t->links.v[k].next) {
        const tb_root *rt = &t->roots.v[t->links.v[k].root];
        if (rt->nelem != n || rt->type == TB_DISCARD || rt->type == TB_ISSUE) continue;
        const tb_elem *o = t->elems.v + rt->elem;
        int i = 0;
        while (i < n && o[i].id == el[i].id && o[i].kind == el[i].kind && o[i].conn == el[i].conn) i++;
        if (i == n) return true;
    }
    return false;
}

/* Makes a root phrase exact (PETRARCH matches whole words). In root phrases TABARI
 * reads GAP as "the word may be a stem" and STEM as "words may come between": dropping
 * GAP keeps "A B" (words between allowed) and makes every word whole, the last one with
 * TABARI's regular endings (S, 'S, ES; verbs S, ED, ES, EN, ING). */
static void make_exact(tb_elem *el, int n)
{
    for (int i = 0; i < n; i++)
        if (el[i].kind == TB_E_LIT) el[i].conn &= (uint16_t)~TB_C_GAP;
}

/* The same for a pattern, where STEM means "the word may be a stem". */
static void make_exact_pattern(tb_elem *el, int n)
{
    for (int i = 0; i < n; i++)
        if (el[i].kind == TB_E_LIT) el[i].conn &= (uint16_t)~TB_C_STEM;
}

/* ---- codes --------------------------------------------------------------------------- */

static bool code_chars_ok(const char *p, size_t n)
{
    if (n == 3 && (!memcmp(p, "---", 3) || !memcmp(p, "+++", 3) || !memcmp(p, "###", 3) ||
                   !memcmp(p, "***", 3)))
        return true;
    if (!n || n > 31) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(p[i]) && p[i] != '_') return false;
    return true;
}

/* The text inside the first [...] of s, trimmed; NULL if there is no well-formed block. */
static const char *bracket(const char *s, size_t *n, const char **after)
{
    const char *b = strchr(s, '[');
    if (!b) return NULL;
    const char *e = strchr(b + 1, ']');
    if (!e) return NULL;
    b++;
    while (b < e && is_space(*b)) b++;
    const char *x = e;
    while (x > b && is_space(x[-1])) x--;
    *n = (size_t)(x - b);
    if (after) *after = e + 1;
    return b;
}

/* "CODE", "CODE?", "CODE!", "A:B" -> evcode. Returns NULL or an error text. */
static const char *parse_evcode(an_tabari *t, const char *s, tb_evcode *ev)
{
    memset(ev, 0, sizeof *ev);
    size_t n;
    const char *b = bracket(s, &n, NULL);
    if (!b) return strchr(s, '[') ? "missing ']'" : "missing '[' code";
    if (!n) return "empty code []";
    /* TABARI also allows "[- - -]" for the null code */
    if (n == 5 && !memcmp(b, "- - -", 5)) { ev->code = t->code_null; return NULL; }
    const char *colon = memchr(b, ':', n);
    for (int part = 0; part < 2; part++) {
        const char *p = part ? colon + 1 : b;
        size_t m = part ? (size_t)(b + n - p) : (colon ? (size_t)(colon - b) : n);
        while (m && is_space(*p)) { p++; m--; }
        while (m && is_space(p[m - 1])) m--;
        uint8_t fl = 0;
        if (m > 1 && p[m - 1] == '?') { fl = TB_EV_SUB; m--; }
        else if (m > 1 && p[m - 1] == '!') { fl = TB_EV_DOM; m--; }
        /* PETRARCH's "[:173]": no event source -> target, only the reverse one */
        if (!m && !part && colon) { ev->code = t->code_null; continue; }
        if (!code_chars_ok(p, m)) return "ill-formed event code";
        uint32_t c = tb_code_intern(t, p, m);
        if (!c) return "out of memory";
        if (part) { ev->pair = c; ev->pflags = fl; }
        else { ev->code = c; ev->flags = fl; }
        if (!colon) break;
    }
    return NULL;
}

/* Time-shift code: [+3], [-7], [---], [###], [+++]. */
static const char *parse_timecode(an_tabari *t, const char *s, tb_evcode *ev)
{
    memset(ev, 0, sizeof *ev);
    size_t n;
    const char *b = bracket(s, &n, NULL);
    if (!b || !n) return "missing time code";
    if ((n == 3 && (!memcmp(b, "---", 3) || !memcmp(b, "###", 3) || !memcmp(b, "+++", 3))) ||
        (n == 5 && !memcmp(b, "- - -", 5))) {
        ev->code = b[0] == '#' ? t->code_discard : b[0] == '+' ? t->code_complex : t->code_null;
        return NULL;
    }
    const char *p = b;
    int sign = 1;
    if (*p == '+' || *p == '-') { sign = *p == '-' ? -1 : 1; p++; }
    long v = 0;
    if (p >= b + n || !is_digit(*p)) return "ill-formed time code";
    while (p < b + n && is_digit(*p)) { v = v * 10 + (*p - '0'); if (v > 8191) v = 8192; p++; }
    if (p != b + n) return "ill-formed time code";
    ev->shift = (int16_t)(v > 8191 ? 0 : sign * v);
    return NULL;
}

/* One date in an actor code block ("950601", "19270101"); TABARI's pivot for YY. */
static const char *parse_date(const char **pp, const char *end, int32_t *jd)
{
    const char *p = *pp;
    while (p < end && is_space(*p)) p++;
    const char *d = p;
    while (p < end && is_digit(*p)) p++;
    *jd = tb_date_parse(d, (size_t)(p - d), false);
    *pp = p;
    if (*jd == INT32_MIN) return "ill-formed date (want YYMMDD or YYYYMMDD)";
    return NULL;
}

/* Codes of one block: "A/B", "A:AGT" -> actpairs. */
static const char *parse_pairs(an_tabari *t, const char *p, size_t n, uint32_t *first, uint32_t *cnt)
{
    *first = t->actpairs.n;
    *cnt = 0;
    while (n) {
        const char *slash = memchr(p, '/', n);
        size_t m = slash ? (size_t)(slash - p) : n;
        const char *q = p;
        size_t qm = m;
        while (qm && is_space(*q)) { q++; qm--; }
        while (qm && is_space(q[qm - 1])) qm--;
        const char *colon = memchr(q, ':', qm);
        size_t am = colon ? (size_t)(colon - q) : qm;
        if (!code_chars_ok(q, am)) return "ill-formed actor code";
        tb_actpair pr = { tb_code_intern(t, q, am), 0 };
        if (colon) {
            const char *g = colon + 1;
            size_t gm = qm - am - 1;
            if (!gm) return "ill-formed actor:agent code";
            pr.agent = tb_code_intern(t, g, gm);
        }
        if (!pr.actor || !TB_RESERVE(t->actpairs, 1)) return "out of memory";
        t->actpairs.v[t->actpairs.n++] = pr;
        ++*cnt;
        if (!slash) break;
        n -= m + 1;
        p = slash + 1;
    }
    return *cnt ? NULL : "empty actor code";
}

/* Actor code string: one or more "[CODE]" / "[CODE <DATE]" / "[CODE >DATE]" /
 * "[CODE DATE-DATE]" blocks. PETRARCH limits are inclusive, TABARI's < and > strict. */
static const char *parse_actcode(an_tabari *t, const char *s, bool inclusive, uint32_t *out)
{
    uint32_t first = t->actalts.n, nalt = 0;
    bool dflt = false, dated = false;
    const char *p = s;
    for (;;) {
        while (*p && is_space(*p)) p++;
        if (!*p) break;
        if (*p != '[') return "text outside [...] in actor codes";
        const char *e = strchr(p, ']');
        if (!e) return "missing ']'";
        const char *b = p + 1;
        size_t n = (size_t)(e - b);
        while (n && is_space(*b)) { b++; n--; }
        while (n && is_space(b[n - 1])) n--;
        if (!n) return "empty code []";
        tb_actalt a = { TB_D_DEFAULT, 0, 0, 0, 0 };
        const char *lt = memchr(b, '<', n), *gt = memchr(b, '>', n);
        const char *codeend = b + n;
        const char *why;
        if (lt || gt) {
            const char *op = lt ? lt : gt;
            a.kind = lt ? TB_D_BEFORE : TB_D_AFTER;
            codeend = op;
            const char *q = op + 1;
            if ((why = parse_date(&q, b + n, &a.d1))) return why;
            while (q < b + n && is_space(*q)) q++;
            if (q != b + n) return "text after date";
            if (inclusive) a.d1 += a.kind == TB_D_BEFORE ? 1 : -1;
        } else {
            /* a range "CODE D1-D2": find a '-' between digits (not the null code ---) */
            const char *dash = NULL;
            for (const char *q = b; q < b + n; q++)
                if (*q == '-' && q > b && q + 1 < b + n && (is_digit(q[1]) || q[1] == ' ') &&
                    (is_digit(q[-1]) || q[-1] == ' ') && !(q + 2 < b + n && q[1] == '-')) {
                    const char *x = q - 1;
                    while (x > b && *x == ' ') x--;
                    if (is_digit(*x)) { dash = q; break; }
                }
            if (dash) {
                const char *x = dash - 1;
                while (x > b && *x == ' ') x--;
                while (x > b && is_digit(x[-1])) x--;
                codeend = x;
                const char *q = x;
                a.kind = TB_D_RANGE;
                if ((why = parse_date(&q, dash, &a.d1))) return why;
                q = dash + 1;
                if ((why = parse_date(&q, b + n, &a.d2))) return why;
                while (q < b + n && is_space(*q)) q++;
                if (q != b + n) return "text after date";
            }
        }
        if (a.kind != TB_D_DEFAULT) dated = true;
        else dflt = true;
        const char *ce = codeend;
        while (ce > b && is_space(ce[-1])) ce--;
        if (ce == b) return "date restriction without a code";
        if ((why = parse_pairs(t, b, (size_t)(ce - b), &a.first, &a.n))) return why;
        if (!TB_RESERVE(t->actalts, 1)) return "out of memory";
        t->actalts.v[t->actalts.n++] = a;
        nalt++;
        p = e + 1;
    }
    if (!nalt) return "missing code";
    /* TABARI: a single dated code gets the null code as its default */
    if (dated && !dflt && nalt == 1) {
        tb_actalt a = { TB_D_DEFAULT, 0, 0, t->actpairs.n, 1 };
        if (!TB_RESERVE(t->actpairs, 1) || !TB_RESERVE(t->actalts, 1)) return "out of memory";
        t->actpairs.v[t->actpairs.n++] = (tb_actpair){ t->code_null, 0 };
        t->actalts.v[t->actalts.n++] = a;
        nalt++;
    }
    /* the undated default is applied only when no restriction holds: move it last */
    for (uint32_t i = first; i + 1 < first + nalt; i++)
        if (t->actalts.v[i].kind == TB_D_DEFAULT) {
            tb_actalt d = t->actalts.v[i];
            memmove(&t->actalts.v[i], &t->actalts.v[i + 1], (first + nalt - i - 1) * sizeof d);
            t->actalts.v[first + nalt - 1] = d;
            break;
        }
    if (!TB_RESERVE(t->actcodes, 1)) return "out of memory";
    *out = t->actcodes.n;
    t->actcodes.v[t->actcodes.n++] = (tb_actcode){ first, nalt };
    return NULL;
}

/* ---- groups and patterns --------------------------------------------------------------- */

static uint32_t new_group(an_tabari *t, uint8_t type, const tb_evcode *code)
{
    if (!TB_RESERVE(t->groups, 1)) return 0;
    uint32_t g = t->groups.n++;
    t->groups.v[g] = (tb_group){ *code, 0, 0, type };
    return g;
}

static const char *add_pattern(an_tabari *t, uint32_t group, const char *norm, bool exact,
                               const tb_evcode *code, bool need_verb)
{
    tb_elem el[AN_TABARI_MAX_ELEMS];
    const char *why;
    int n = phrase_elems(t, norm, exact, el, (int)AN_TABARI_MAX_ELEMS, &why);
    if (n < 0) return why;
    if (!n) return "empty pattern";
    int verbs = 0, depth = 0;
    for (int i = 0; i < n; i++) {
        if (el[i].kind == TB_E_VERB) verbs++;
        if (el[i].kind == TB_E_OPEN) { if (depth++) return "nested {"; }
        if (el[i].kind == TB_E_CLOSE) { if (!depth--) return "'}' without '{'"; }
        if (el[i].kind == TB_E_OR && !depth) return "'|' outside {...}";
        if (el[i].kind == TB_E_SYN && t->roots.v[el[i].id].type == TB_SYNSET &&
            t->roots.v[el[i].id].code == group)
            return "synset used in its own definition";
    }
    if (depth) return "missing '}'";
    if (need_verb && verbs != 1) return verbs ? "more than one '*' in pattern" : "no verb marker '*' in pattern";
    if (exact) make_exact_pattern(el, n);
    int len, alt;
    pattern_length(norm, &len, &alt);
    if (!TB_RESERVE(t->pats, 1) || !TB_RESERVE(t->elems, (uint32_t)n)) return "out of memory";
    tb_pat *pt = &t->pats.v[t->pats.n];
    pt->group = group;
    pt->seq = t->pats.n++;
    pt->elem = t->elems.n;
    pt->nelem = (uint16_t)n;
    pt->len = (int16_t)(len + alt);
    pt->maxalt = (int16_t)alt;
    pt->code = *code;
    memcpy(t->elems.v + t->elems.n, el, (size_t)n * sizeof *el);
    t->elems.n += (uint32_t)n;
    return NULL;
}

/* ---- generated word forms (PETRARCH) ---------------------------------------------------- */

static bool is_vowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

/* Regular plural of the last word: +S, Y -> IES, SS/SH/CH/X -> +ES. */
static size_t plural_of(const char *w, size_t n, char *out, size_t cap)
{
    if (n + 3 >= cap || !n) return 0;
    memcpy(out, w, n);
    char last = w[n - 1];
    if (last == 'Y' && n > 1 && !is_vowel(w[n - 2])) {
        memcpy(out + n - 1, "IES", 3);
        return n + 2;
    }
    if ((last == 'S' && n > 1 && w[n - 2] == 'S') || last == 'X' || last == 'Z' ||
        (n > 1 && (w[n - 2] == 'S' || w[n - 2] == 'C') && last == 'H')) {
        memcpy(out + n, "ES", 2);
        return n + 2;
    }
    out[n] = 'S';
    return n + 1;
}

/* ---- element helpers ---------------------------------------------------------------------- */

/* Parses `norm` and stores a root of `type` unless it duplicates one. Returns the root,
 * 0 if it was a duplicate, UINT32_MAX on error (why set). */
static uint32_t store_root(an_tabari *t, uint8_t type, const char *norm, bool exact,
                           uint32_t code, uint32_t parent, uint32_t line, const char **why)
{
    tb_elem el[AN_TABARI_MAX_ELEMS];
    int n = phrase_elems(t, norm, false, el, (int)AN_TABARI_MAX_ELEMS, why);
    if (n < 0) return UINT32_MAX;
    if (!n) { *why = "empty phrase"; return UINT32_MAX; }
    for (int i = 0; i < n; i++)
        if (el[i].kind != TB_E_LIT) { *why = "pattern token in a phrase"; return UINT32_MAX; }
    if (exact) make_exact(el, n);
    if (root_exists(t, el, n)) return 0;
    uint32_t id = add_root(t, type, el, n, code, parent, line);
    if (!id) { *why = "out of memory"; return UINT32_MAX; }
    return id;
}

/* Replaces the last word of a normalised phrase (for generated plurals and forms). */
static size_t replace_last(const char *norm, const char *w, size_t wn, char *out, size_t cap)
{
    size_t n = strlen(norm);
    size_t k = n;
    while (k && norm[k - 1] != ' ' && norm[k - 1] != '_') k--;
    if (k + wn + 1 >= cap) return 0;
    memcpy(out, norm, k);
    memcpy(out + k, w, wn);
    out[k + wn] = 0;
    return k + wn;
}

static const char *last_word(const char *norm, size_t *n)
{
    size_t len = strlen(norm), k = len;
    while (k && norm[k - 1] != ' ' && norm[k - 1] != '_') k--;
    *n = len - k;
    return norm + k;
}

/* ---- actors --------------------------------------------------------------------------------- */

static an_status read_actors(an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    rd r;
    an_status st = rd_open(&r, t, path, flags, err);
    if (st) return st;
    /* PETRARCH actor files use '#' comments and inclusive date limits */
    bool petr = looks_petrarch(r.buf);
    char norm[AN_TABARI_MAX_LINE];
    char codes[AN_TABARI_MAX_LINE];
    size_t ncodes = 0;
    uint32_t block_first = 0, block_last = 0, parent = 0;   /* roots waiting for codes */
    bool pending = false;
    int in_list = 0;   /* TB_NOUN / TB_ADJ inside <NOUN> / <ADJECTIVE> */
    int rc;
    uint32_t pending_line = 0;

#define FLUSH_PENDING()                                                                   \
    do {                                                                                  \
        if (pending) {                                                                    \
            uint32_t ac = 0;                                                              \
            const char *why_ = ncodes ? parse_actcode(t, codes, petr, &ac) : NULL;        \
            if (!ncodes) ac = 0;                                                          \
            if (why_) {                                                                   \
                uint32_t save_ = r.line;                                                  \
                r.line = pending_line;                                                    \
                st = rd_fail(&r, "%s", why_);                                             \
                r.line = save_;                                                           \
                if (st) goto done;                                                        \
                ac = 0;                                                                   \
            }                                                                             \
            if (!ac) {   /* no code at all: null code, as TABARI's empty default */       \
                tb_evcode dummy_;                                                         \
                (void)dummy_;                                                             \
                const char *w2_ = parse_actcode(t, "[---]", false, &ac);                  \
                if (w2_) { st = AN_NOMEM; goto done; }                                    \
            }                                                                             \
            for (uint32_t k_ = block_first; k_ && k_ <= block_last; k_++)                 \
                if (t->roots.v[k_].type == TB_ACTOR && t->roots.v[k_].parent == parent)   \
                    t->roots.v[k_].code = ac;                                             \
            pending = false;                                                              \
            ncodes = 0;                                                                   \
            codes[0] = 0;                                                                 \
        }                                                                                 \
    } while (0)

    codes[0] = 0;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0) { st = AN_BAD_DICT; goto done; }
        if (!r.sn) continue;
        const char *s = r.s;
        if (s[0] == '<') {
            if (!strncmp(s, "<NOUN", 5)) { FLUSH_PENDING(); in_list = TB_NOUN; continue; }
            if (!strncmp(s, "<ADJ", 4)) { FLUSH_PENDING(); in_list = TB_ADJ; continue; }
            if (!strncmp(s, "</NOUN", 6) || !strncmp(s, "</ADJ", 5)) { in_list = 0; continue; }
            if ((st = rd_fail(&r, "unknown tag %.30s", s))) goto done;
            continue;
        }
        const char *why = NULL;
        if (in_list) {
            norm_phrase(s, r.sn, norm, sizeof norm);
            if (store_root(t, (uint8_t)in_list, norm, petr, 0, 0, r.line, &why) == UINT32_MAX &&
                (st = rd_fail(&r, "%s", why)))
                goto done;
            continue;
        }
        const char *br = strchr(s, '[');
        size_t pn = br ? (size_t)(br - s) : r.sn;
        if (s[0] == '+') {                      /* synonym of the block's first phrase */
            if (!pending && !block_first) {
                if ((st = rd_fail(&r, "synonym '+' before any actor"))) goto done;
                continue;
            }
            norm_phrase(s + 1, pn - 1, norm, sizeof norm);
            uint32_t code = pending ? 0 : t->roots.v[block_last].code;
            uint32_t id = store_root(t, TB_ACTOR, norm, petr, code, parent, r.line, &why);
            if (id == UINT32_MAX) { if ((st = rd_fail(&r, "%s", why))) goto done; continue; }
            if (id) block_last = id;
            if (br && pending) {   /* "+NAME [CODE]" gives the block its codes */
                size_t m = strlen(br);
                if (ncodes + m + 2 < sizeof codes) {
                    memcpy(codes + ncodes, br, m);
                    ncodes += m;
                    codes[ncodes++] = ' ';
                    codes[ncodes] = 0;
                }
            }
            continue;
        }
        if (!pn) {                              /* a date-restriction line of the block */
            if (!pending) {
                if ((st = rd_fail(&r, "code line without an actor"))) goto done;
                continue;
            }
            size_t m = r.sn;
            if (ncodes + m + 2 >= sizeof codes) {
                if ((st = rd_fail(&r, "date restrictions too long"))) goto done;
                continue;
            }
            memcpy(codes + ncodes, s, m);
            ncodes += m;
            codes[ncodes++] = ' ';
            codes[ncodes] = 0;
            continue;
        }
        FLUSH_PENDING();
        norm_phrase(s, pn, norm, sizeof norm);
        if (strlen(norm) < 2) {
            if ((st = rd_fail(&r, "phrase shorter than two characters"))) goto done;
            continue;
        }
        uint32_t id = store_root(t, TB_ACTOR, norm, petr, 0, 0, r.line, &why);
        if (id == UINT32_MAX) { if ((st = rd_fail(&r, "%s", why))) goto done; continue; }
        if (!id) {                              /* duplicate: TABARI keeps the first entry */
            block_first = block_last = 0;
            pending = false;
            continue;
        }
        t->roots.v[id].parent = id;
        block_first = block_last = parent = id;
        pending = true;
        pending_line = r.line;
        ncodes = 0;
        codes[0] = 0;
        if (br) {
            size_t m = strlen(br);
            memcpy(codes, br, m);
            ncodes = m;
            codes[ncodes++] = ' ';
            codes[ncodes] = 0;
        }
    }
    FLUSH_PENDING();
    st = AN_OK;
done:
#undef FLUSH_PENDING
    rd_close(&r);
    return st;
}

/* ---- agents --------------------------------------------------------------------------------- */

typedef struct subst { char name[32]; char items[16][48]; int n; } subst;

static an_status store_agent(an_tabari *t, rd *r, const char *norm, uint32_t code, bool petr,
                             const char *plurals, bool has_plural_block)
{
    const char *why;
    uint32_t id = store_root(t, TB_AGENT, norm, petr, code, 0, r->line, &why);
    if (id == UINT32_MAX) return rd_fail(r, "%s", why);
    if (!petr) return AN_OK;
    char alt[AN_TABARI_MAX_LINE];
    if (has_plural_block) {
        /* explicit plurals "{A B}" (each a whole phrase); "{}" means none */
        const char *p = plurals;
        while (*p) {
            while (*p == ' ') p++;
            const char *w = p;
            while (*p && *p != ' ') p++;
            if (p == w) break;
            norm_phrase(w, (size_t)(p - w), alt, sizeof alt);
            if (store_root(t, TB_AGENT, alt, true, code, 0, r->line, &why) == UINT32_MAX)
                return rd_fail(r, "%s", why);
        }
        return AN_OK;
    }
    size_t wn;
    const char *w = last_word(norm, &wn);
    char pl[64];
    size_t pn = plural_of(w, wn, pl, sizeof pl);
    if (pn && replace_last(norm, pl, pn, alt, sizeof alt) &&
        store_root(t, TB_AGENT, alt, true, code, 0, r->line, &why) == UINT32_MAX)
        return rd_fail(r, "%s", why);
    return AN_OK;
}

static an_status read_agents(an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    rd r;
    an_status st = rd_open(&r, t, path, flags, err);
    if (st) return st;
    bool petr = looks_petrarch(r.buf) || strstr(r.buf, "{}") || strstr(r.buf, "\n!");
    subst *subs = calloc(16, sizeof *subs);
    int nsubs = 0;
    if (!subs) { rd_close(&r); return AN_NOMEM; }
    char norm[AN_TABARI_MAX_LINE], line[AN_TABARI_MAX_LINE], plur[AN_TABARI_MAX_LINE];
    int rc;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0) { st = AN_BAD_DICT; goto done; }
        if (!r.sn) continue;
        const char *s = r.s;
        if (s[0] == '!' && strchr(s, '=')) {    /* substitution set "!X! = A, B" */
            const char *e = strchr(s + 1, '!');
            if (!e || nsubs >= 16 || (size_t)(e - s + 1) >= sizeof subs[0].name) {
                if ((st = rd_fail(&r, "bad substitution set"))) goto done;
                continue;
            }
            subst *sb = &subs[nsubs++];
            memcpy(sb->name, s, (size_t)(e - s + 1));
            sb->name[e - s + 1] = 0;
            const char *p = strchr(e, '=') + 1;
            while (*p && sb->n < 16) {
                while (*p == ' ' || *p == ',') p++;
                const char *w = p;
                while (*p && *p != ',') p++;
                const char *x = p;
                while (x > w && x[-1] == ' ') x--;
                if (x > w && (size_t)(x - w) < sizeof sb->items[0]) {
                    for (const char *q = w; q < x; q++) sb->items[sb->n][q - w] = up(*q);
                    sb->items[sb->n][x - w] = 0;
                    sb->n++;
                }
            }
            continue;
        }
        const char *br = strchr(s, '[');
        if (!br) { if ((st = rd_fail(&r, "agent without [~CODE]"))) goto done; continue; }
        size_t cn;
        const char *cb = bracket(br, &cn, NULL);
        if (!cb) { if ((st = rd_fail(&r, "missing ']'"))) goto done; continue; }
        if (!memchr(cb, '~', cn)) {
            if ((st = rd_fail(&r, "agent code needs a '~'"))) goto done;
            continue;
        }
        char code[40];
        size_t k = 0;
        for (size_t i = 0; i < cn && k + 1 < sizeof code; i++)
            if (!is_space(cb[i])) code[k++] = cb[i];
        code[k] = 0;
        bool ok = k > 1 && (code[0] == '~' || code[k - 1] == '~');
        for (size_t i = 0; ok && i < k; i++)
            if (code[i] != '~' && !is_alnum(code[i])) ok = false;
        if (!ok) { if ((st = rd_fail(&r, "ill-formed agent code"))) goto done; continue; }
        uint32_t cid = tb_code_intern(t, code, k);
        /* phrase and optional {plurals} */
        size_t pn = (size_t)(br - s);
        const char *ob = memchr(s, '{', pn);
        bool has_pl = false;
        plur[0] = 0;
        if (ob) {
            const char *cbr = memchr(ob, '}', (size_t)(br - ob));
            if (!cbr) { if ((st = rd_fail(&r, "missing '}'"))) goto done; continue; }
            size_t m = (size_t)(cbr - ob - 1);
            memcpy(plur, ob + 1, m);
            plur[m] = 0;
            has_pl = true;
            pn = (size_t)(ob - s);
        }
        if (pn >= sizeof line) pn = sizeof line - 1;
        memcpy(line, s, pn);
        line[pn] = 0;
        /* expand one substitution marker, if any */
        char *bang = strchr(line, '!');
        if (bang) {
            char *e2 = strchr(bang + 1, '!');
            subst *sb = NULL;
            if (e2)
                for (int i = 0; i < nsubs; i++)
                    if (strlen(subs[i].name) == (size_t)(e2 - bang + 1) &&
                        !strncmp(subs[i].name, bang, (size_t)(e2 - bang + 1)))
                        sb = &subs[i];
            if (!sb) { if ((st = rd_fail(&r, "unknown substitution marker"))) goto done; continue; }
            for (int i = 0; i < sb->n; i++) {
                char ex[AN_TABARI_MAX_LINE];
                snprintf(ex, sizeof ex, "%.*s%s%s", (int)(bang - line), line, sb->items[i], e2 + 1);
                norm_phrase(ex, strlen(ex), norm, sizeof norm);
                if ((st = store_agent(t, &r, norm, cid, petr, "", true))) goto done;
            }
            continue;
        }
        norm_phrase(line, strlen(line), norm, sizeof norm);
        if (strlen(norm) < 2) { if ((st = rd_fail(&r, "phrase shorter than two characters"))) goto done; continue; }
        if ((st = store_agent(t, &r, norm, cid, petr, plur, has_pl))) goto done;
    }
    st = AN_OK;
done:
    free(subs);
    rd_close(&r);
    return st;
}

/* ---- verbs ------------------------------------------------------------------------------------ */

/* Stores a verb root (and, for PETRARCH, its regular forms) in group g. */
static an_status store_verb(an_tabari *t, rd *r, const char *norm, uint32_t g, bool petr,
                            uint8_t type)
{
    const char *why;
    char clean[AN_TABARI_MAX_LINE];
    size_t k = 0;
    for (const char *p = norm; *p && k + 1 < sizeof clean; p++)
        if (*p != '+') clean[k++] = *p;        /* PETRARCH marks the verb word with '+' */
    clean[k] = 0;
    if (k < 2) return rd_fail(r, "phrase shorter than two characters");
    uint32_t id = store_root(t, type, clean, petr, g, 0, r->line, &why);
    if (id == UINT32_MAX) return rd_fail(r, "%s", why);
    if (!petr || type != TB_VERB) return AN_OK;
    /* forms TABARI's endings (S, ED, ES, EN, ING) do not reach: RACE -> RACING,
     * HURRY -> HURRIES/HURRIED, STOP -> STOPPED/STOPPING */
    size_t wn;
    const char *w = last_word(clean, &wn);
    char f[64], alt[AN_TABARI_MAX_LINE];
    if (wn < 2 || wn + 4 >= sizeof f) return AN_OK;
    const char *forms[4];
    char buf[4][64];
    int nf = 0;
    memcpy(f, w, wn);
    if (w[wn - 1] == 'E') {
        snprintf(buf[nf], 64, "%.*sING", (int)(wn - 1), w);
        forms[nf] = buf[nf]; nf++;
    } else if (w[wn - 1] == 'Y' && !is_vowel(w[wn - 2])) {
        snprintf(buf[nf], 64, "%.*sIES", (int)(wn - 1), w); forms[nf] = buf[nf]; nf++;
        snprintf(buf[nf], 64, "%.*sIED", (int)(wn - 1), w); forms[nf] = buf[nf]; nf++;
    } else if (wn >= 3 && !is_vowel(w[wn - 1]) && is_vowel(w[wn - 2]) && !is_vowel(w[wn - 3]) &&
               w[wn - 1] != 'W' && w[wn - 1] != 'X' && w[wn - 1] != 'Y') {
        snprintf(buf[nf], 64, "%.*s%cED", (int)wn, w, w[wn - 1]); forms[nf] = buf[nf]; nf++;
        snprintf(buf[nf], 64, "%.*s%cING", (int)wn, w, w[wn - 1]); forms[nf] = buf[nf]; nf++;
    }
    for (int i = 0; i < nf; i++) {
        if (!replace_last(clean, forms[i], strlen(forms[i]), alt, sizeof alt)) continue;
        if (store_root(t, type, alt, true, g, 0, r->line, &why) == UINT32_MAX)
            return rd_fail(r, "%s", why);
    }
    return AN_OK;
}

/* A pattern line "- ..." (TABARI) or PETRARCH's "- * (TO BORDER) {ARMS SHIPMENT}". */
static an_status verb_pattern(an_tabari *t, rd *r, const char *s, uint32_t g, bool petr,
                              uint8_t type)
{
    const char *br = strrchr(s, '[');
    tb_evcode ev;
    const char *why;
    bool is_time = type == TB_TIME;
    if (!br) return rd_fail(r, "pattern without [code]");
    if ((why = is_time ? parse_timecode(t, br, &ev) : parse_evcode(t, br, &ev)))
        return rd_fail(r, "%s", why);
    char raw[AN_TABARI_MAX_LINE], norm[AN_TABARI_MAX_LINE];
    size_t n = (size_t)(br - s) - 1;
    memcpy(raw, s + 1, n);
    raw[n] = 0;
    if (petr) {
        /* PETRARCH: "**" marks the verb; ( ) and { } group phrases for its parser; a
         * pattern with '|' alternatives is skipped, as PETRARCH does */
        if (strchr(raw, '|')) return AN_OK;
        size_t k = 0;
        for (size_t i = 0; raw[i]; i++) {
            char c = raw[i];
            if (c == '(' || c == ')' || c == '{' || c == '}') c = ' ';
            if (c == '*' && raw[i + 1] == '*') i++;
            raw[k++] = c;
        }
        raw[k] = 0;
    }
    norm_phrase(raw, strlen(raw), norm, sizeof norm);
    if ((why = add_pattern(t, g, norm, petr, &ev, type == TB_VERB || type == TB_TIME)))
        return rd_fail(r, "%s", why);
    return AN_OK;
}

/* A synset member "+WORDS" of group g; PETRARCH members are consecutive words and get
 * their regular plural unless the member or the designator ends in '_'. */
static an_status synset_member(an_tabari *t, rd *r, const char *s, uint32_t g, bool petr,
                               bool no_plural, const char *designator)
{
    char norm[AN_TABARI_MAX_LINE], raw[AN_TABARI_MAX_LINE];
    const char *why;
    tb_evcode none = { 0 };
    size_t n = strlen(s);
    if (n >= sizeof raw) n = sizeof raw - 1;
    memcpy(raw, s, n);
    raw[n] = 0;
    bool keep = petr && n && raw[n - 1] == '_';
    if (petr)
        for (size_t i = 0; i < n; i++) if (raw[i] == ' ') raw[i] = '_';
    norm_phrase(raw, strlen(raw), norm, sizeof norm);
    size_t dn = strlen(designator);
    for (const char *p = strstr(norm, designator); p; p = strstr(p + 1, designator))
        if (!is_alnum(p[dn]) && p[dn] != '_') return rd_fail(r, "synset used in its own definition");
    if ((why = add_pattern(t, g, norm, false, &none, false))) return rd_fail(r, "%s", why);
    size_t nl0 = strlen(norm);
    if (petr && !keep && !no_plural && nl0 && norm[nl0 - 1] != 'S') {
        size_t ln = strlen(norm);
        while (ln && norm[ln - 1] == '_') norm[--ln] = 0;
        size_t wn;
        const char *w = last_word(norm, &wn);
        char pl[64], alt[AN_TABARI_MAX_LINE];
        size_t pn = plural_of(w, wn, pl, sizeof pl);
        if (pn && w[0] != '&' && replace_last(norm, pl, pn, alt, sizeof alt) &&
            (why = add_pattern(t, g, alt, false, &none, false)))
            return rd_fail(r, "%s", why);
    }
    return AN_OK;
}

static an_status read_verbs(an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    rd r;
    an_status st = rd_open(&r, t, path, flags, err);
    if (st) return st;
    bool petr = false;
    for (const char *p = r.buf; (p = strstr(p, "\n---")); p++) {
        const char *e = strchr(p + 1, '\n');
        const char *b = strchr(p + 4, '[');
        if (b && (!e || b < e)) { petr = true; break; }
    }
    if (petr) t->petrarch = true;
    char norm[AN_TABARI_MAX_LINE];
    enum { S_MAIN, S_SYN, S_TIME, S_ATTRIB } sect = S_MAIN;
    uint32_t g = 0;                  /* current verb (or time/attrib) group */
    uint32_t syn_g = 0;              /* current synset group */
    char syn_name[128] = "";
    bool syn_noplural = false;
    bool in_petr_syn = false;        /* PETRARCH: '+' lines after '&' are members */
    tb_evcode block_code = { 0 };
    bool skip_patterns = false;
    int rc;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0) { st = AN_BAD_DICT; goto done; }
        const char *s = r.s;
        if (!r.sn) { in_petr_syn = false; continue; }
        if (s[0] == '<') {
            if (!strncmp(s, "<SYN", 4)) { sect = S_SYN; continue; }
            if (!strncmp(s, "</SYN", 5)) { sect = S_MAIN; continue; }
            if (!strncmp(s, "<TIME", 5)) { sect = S_TIME; t->has_time = true; t->opt.time_shift = true; continue; }
            if (!strncmp(s, "</TIME", 6)) { sect = S_MAIN; continue; }
            if (!strncmp(s, "<ATTRIB", 7)) { sect = S_ATTRIB; t->has_attrib = true; continue; }
            if (!strncmp(s, "</ATTRIB", 8)) { sect = S_MAIN; continue; }
            if ((st = rd_fail(&r, "unknown tag %.30s", s))) goto done;
            continue;
        }
        if (s[0] == '&') {                        /* synset designator */
            size_t n = 0;
            while (s[n] && !is_space(s[n])) n++;
            char name[128];
            if (n < 2 || n >= sizeof name) { if ((st = rd_fail(&r, "bad synset name"))) goto done; continue; }
            for (size_t i = 0; i < n; i++) name[i] = up(s[i]);
            name[n] = 0;
            syn_noplural = petr && name[n - 1] == '_';
            if (petr && name[n - 1] == '_') name[--n] = 0;
            if (synset_find(t, name, n)) {
                if ((st = rd_fail(&r, "synset %s declared twice", name))) goto done;
                syn_g = 0;
                in_petr_syn = petr;
                continue;
            }
            tb_evcode none = { 0 };
            syn_g = new_group(t, TB_SYNSET, &none);
            uint32_t lit = tb_lit_intern(t, name, n);
            tb_elem el = { lit, TB_C_STEM | TB_C_GAP, TB_E_LIT, (uint8_t)(n > 255 ? 255 : n) };
            if (!syn_g || !lit || !add_root(t, TB_SYNSET, &el, 1, syn_g, 0, r.line)) { st = AN_NOMEM; goto done; }
            memcpy(syn_name, name, n + 1);
            in_petr_syn = petr;
            continue;
        }
        if (s[0] == '+' && (sect == S_SYN || in_petr_syn)) {
            if (!syn_g) continue;                  /* members of a duplicate synset */
            if ((st = synset_member(t, &r, s + 1, syn_g, petr, syn_noplural, syn_name))) goto done;
            continue;
        }
        if (sect == S_SYN) { if ((st = rd_fail(&r, "expected &NAME or +member in <SYNSETS>"))) goto done; continue; }
        in_petr_syn = false;
        if (petr && s[0] == '-' && s[1] == '-' && s[2] == '-') {   /* "--- NAME [code] ---" */
            const char *b = strchr(s, '[');
            tb_evcode ev = { t->code_null, 0, 0, 0, 0 };
            const char *why;
            if (b && (why = parse_evcode(t, b, &ev))) { if ((st = rd_fail(&r, "%s", why))) goto done; }
            block_code = ev;
            g = 0;
            skip_patterns = false;
            continue;
        }
        uint8_t type = sect == S_TIME ? TB_TIME : sect == S_ATTRIB ? TB_ATTRIB : TB_VERB;
        if (s[0] == '-') {                         /* pattern */
            if (skip_patterns) continue;
            if (!g) { if ((st = rd_fail(&r, "pattern before any verb"))) goto done; continue; }
            if ((st = verb_pattern(t, &r, s, g, petr, type))) goto done;
            continue;
        }
        if (s[0] == '{' && !petr) {                /* TABARI irregular forms of the last verb */
            if (!g || skip_patterns) continue;
            const char *p = s + 1;
            int nf = 0;
            while (*p) {
                while (*p == ' ' || *p == '}') p++;
                const char *w = p;
                while (*p && *p != ' ' && *p != '}') p++;
                if (p == w) break;
                norm_phrase(w, (size_t)(p - w), norm, sizeof norm);
                if ((st = store_verb(t, &r, norm, g, false, type))) goto done;
                nf++;
            }
            if (!nf && (st = rd_fail(&r, "no verb forms inside {...}"))) goto done;
            continue;
        }
        /* a verb (with PETRARCH irregular forms "{A B}" and its own [code]) */
        const char *br = strchr(s, '[');
        const char *ob = strchr(s, '{');
        size_t pn = br ? (size_t)(br - s) : r.sn;
        if (ob && (size_t)(ob - s) < pn) pn = (size_t)(ob - s);
        norm_phrase(s, pn, norm, sizeof norm);
        tb_evcode ev = petr ? block_code : (tb_evcode){ t->code_null, 0, 0, 0, 0 };
        const char *why = NULL;
        if (br) why = type == TB_TIME ? parse_timecode(t, br, &ev) : parse_evcode(t, br, &ev);
        else if (!petr && type == TB_VERB) why = "missing '[' code";
        if (why) { if ((st = rd_fail(&r, "%s", why))) goto done; continue; }
        /* TABARI: a duplicate verb is skipped with its patterns */
        {
            tb_elem el[AN_TABARI_MAX_ELEMS];
            char clean[AN_TABARI_MAX_LINE];
            size_t k = 0;
            for (const char *p = norm; *p && k + 1 < sizeof clean; p++) if (*p != '+') clean[k++] = *p;
            clean[k] = 0;
            int n = phrase_elems(t, clean, false, el, (int)AN_TABARI_MAX_ELEMS, &why);
            if (n > 0) {
                if (petr) make_exact(el, n);
                if (root_exists(t, el, n)) {
                    if (!petr) { skip_patterns = true; g = 0; }
                    else if (!g) {
                        /* PETRARCH: a verb repeated in a later block gets that block's
                         * patterns too */
                        uint32_t rid = find_root(t, el, n);
                        if (rid && t->roots.v[rid].type == type) g = t->roots.v[rid].code;
                    }
                    continue;
                }
            }
        }
        if (petr && g) {
            /* another verb of the block: shares the block's patterns; its own code, if
             * any, needs its own group (patterns are copied when the block ends) */
            if (br) {
                uint32_t ng = new_group(t, TB_VERB, &ev);
                if (!ng) { st = AN_NOMEM; goto done; }
                t->groups.v[ng].first = g;        /* remember the block's group */
                t->groups.v[ng].n = UINT32_MAX;   /* marker: share patterns of `first` */
                if ((st = store_verb(t, &r, norm, ng, petr, type))) goto done;
            } else if ((st = store_verb(t, &r, norm, g, petr, type))) goto done;
        } else {
            g = new_group(t, type, &ev);
            if (!g) { st = AN_NOMEM; goto done; }
            skip_patterns = false;
            if ((st = store_verb(t, &r, norm, g, petr, type))) goto done;
        }
        if (petr && ob && (!br || ob < br)) {      /* PETRARCH irregular forms */
            const char *p = ob + 1;
            uint32_t fg = t->roots.v[t->roots.n - 1].code;
            while (*p && *p != '}') {
                while (*p == ' ') p++;
                const char *w = p;
                while (*p && *p != ' ' && *p != '}') p++;
                if (p == w) break;
                char fn[AN_TABARI_MAX_LINE];
                norm_phrase(w, (size_t)(p - w), fn, sizeof fn);
                if ((st = store_verb(t, &r, fn, fg, petr, type))) goto done;
            }
        }
    }
    st = AN_OK;
done:
    rd_close(&r);
    return st;
}

/* PETRARCH verbs with their own code share their block's patterns: copy them. */
static an_status share_block_patterns(an_tabari *t)
{
    for (uint32_t g = 1; g < t->groups.n; g++) {
        tb_group *gr = &t->groups.v[g];
        if (gr->n != UINT32_MAX) continue;
        uint32_t src = gr->first;
        gr->first = 0;
        gr->n = 0;
        uint32_t np = t->pats.n;
        for (uint32_t i = 0; i < np; i++) {
            if (t->pats.v[i].group != src) continue;
            if (!TB_RESERVE(t->pats, 1)) return AN_NOMEM;
            tb_pat p = t->pats.v[i];
            p.group = g;
            t->pats.v[t->pats.n++] = p;
        }
    }
    return AN_OK;
}

/* ---- discards and issues ---------------------------------------------------------------------- */

static an_status read_discards(an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    rd r;
    an_status st = rd_open(&r, t, path, flags, err);
    if (st) return st;
    char norm[AN_TABARI_MAX_LINE];
    int rc;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0) { st = AN_BAD_DICT; break; }
        if (!r.sn) continue;
        const char *s = r.s[0] == '+' ? r.s + 1 : r.s;   /* story discards count too */
        norm_phrase(s, strlen(s), norm, sizeof norm);
        if (strlen(norm) < 2) continue;
        const char *why;
        tb_elem el[AN_TABARI_MAX_ELEMS];
        int n = phrase_elems(t, norm, false, el, (int)AN_TABARI_MAX_ELEMS, &why);
        if (n <= 0) { if ((st = rd_fail(&r, "%s", why ? why : "empty"))) break; continue; }
        /* words consecutive; the last may be followed by more letters (" STRING" in
         * PETRARCH is a substring test) */
        for (int i = 0; i < n; i++) el[i].conn = i + 1 < n ? 0 : TB_C_STEM | TB_C_GAP;
        if (!add_root(t, TB_DISCARD, el, n, 0, 0, r.line)) { st = AN_NOMEM; break; }
        t->has_discards = true;
    }
    rd_close(&r);
    return st;
}

static an_status read_issues(an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    rd r;
    an_status st = rd_open(&r, t, path, flags, err);
    if (st) return st;
    r.tilde_ends = false;
    char norm[AN_TABARI_MAX_LINE], raw[AN_TABARI_MAX_LINE];
    uint32_t cat = 0;
    int rc;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0) { st = AN_BAD_DICT; break; }
        if (!r.sn) continue;
        const char *s = r.s;
        if (!strncmp(s, "<ISSUE", 6)) {
            if (!TB_RESERVE(t->issuecats, 1)) { st = AN_NOMEM; break; }
            tb_issuecat c = { 0, 0, 0, 0 };
            const char *p = strstr(s, "CATEGORY");
            if (p && (p = strchr(p, '"'))) {
                const char *e = strchr(p + 1, '"');
                if (e) c.name = tb_pool_add(t, p + 1, (size_t)(e - p - 1));
            }
            p = strstr(s, "TYPE");
            if (p) { c.all = strstr(p, "ALL") != NULL; c.numeric = strstr(p, "NUM") != NULL; }
            p = strstr(s, "DEFAULT");
            if (p && (p = strchr(p, '"'))) {
                const char *e = strchr(p + 1, '"');
                if (e) c.dflt = tb_code_intern(t, p + 1, (size_t)(e - p - 1));
            }
            cat = t->issuecats.n++;
            t->issuecats.v[cat] = c;
            continue;
        }
        if (!strncmp(s, "</ISSUE", 7)) { cat = 0; continue; }
        if (!cat || s[0] == '~') continue;       /* PETRARCH '~' exclusions are not used */
        const char *br = strchr(s, '[');
        if (!br) { if ((st = rd_fail(&r, "issue without [code]"))) break; continue; }
        size_t cn;
        const char *cb = bracket(br, &cn, NULL);
        if (!cb || !cn) { if ((st = rd_fail(&r, "missing issue code"))) break; continue; }
        size_t k = 0;
        for (const char *p = s; p < br && k + 1 < sizeof raw; p++) {
            if (p[0] == 'n' && p[1] == ':' && (p == s || p[-1] == ' ' || p[-1] == '+')) { p++; continue; }
            raw[k++] = *p == '+' ? '_' : *p;
        }
        raw[k] = 0;
        norm_phrase(raw, k, norm, sizeof norm);
        const char *why;
        tb_elem el[AN_TABARI_MAX_ELEMS];
        int n = phrase_elems(t, norm, false, el, (int)AN_TABARI_MAX_ELEMS, &why);
        if (n <= 0) { if ((st = rd_fail(&r, "%s", why ? why : "empty"))) break; continue; }
        uint32_t code = tb_code_intern(t, cb, cn);
        uint32_t id = add_root(t, TB_ISSUE, el, n, code, cat, r.line);
        if (!id || !code) { st = AN_NOMEM; break; }
        t->has_issues = true;
    }
    rd_close(&r);
    return st;
}

static an_status read_options(an_tabari *t, const char *path, unsigned flags, an_error *err)
{
    rd r;
    an_status st = rd_open(&r, t, path, flags, err);
    if (st) return st;
    int rc;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0) { st = AN_BAD_DICT; break; }
        if (!r.sn || r.s[0] == '#') continue;
        /* rd_next cut at ';' — options have none; "//" comments were dropped at col 0 */
        an_error e2;
        if (an_tabari_set_option(t, r.s, r.sn, &e2) && (st = rd_fail(&r, "%s", e2.message))) break;
    }
    rd_close(&r);
    return st;
}

/* ---- built-in words and entry points ------------------------------------------------------------ */

static an_status builtins(an_tabari *t)
{
    static const struct { const char *w; uint8_t type; } b[] = {
        { "A_", TB_DETERM }, { "AN_", TB_DETERM }, { "THE_", TB_DETERM },
        { "AND_", TB_CONJ }, { "NOR_", TB_CONJ }, { "BUT_", TB_CONJ }, { "OR_", TB_CONJ },
        { "IN_", TB_PREP }, { "OF_", TB_PREP },
        { "HE_", TB_PRONOUN }, { "HIM_", TB_PRONOUN }, { "SHE_", TB_PRONOUN },
        { "HER_", TB_PRONOUN }, { "IT_", TB_PRONOUN }, { "THEM_", TB_PRONOUN },
        { "THEIR_", TB_PRONOUN }, { "THEY_", TB_PRONOUN },
        { "WERE_", TB_AUXIL }, { "WAS_", TB_AUXIL }, { "BEEN_", TB_AUXIL },
        { "BY_", TB_BYWORD }, { "FORMER_", TB_ADJ },
    };
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        const char *why;
        uint32_t id = store_root(t, b[i].type, b[i].w, false, 0, 0, 0, &why);
        if (!id || id == UINT32_MAX) return AN_NOMEM;
        if (!strcmp(b[i].w, "FORMER_")) t->root_former = id;
    }
    t->lit_and = tb_lit_find(t, "AND", 3);
    t->lit_nor = tb_lit_find(t, "NOR", 3);
    t->lit_the = tb_lit_find(t, "THE", 3);
    t->lit_he = tb_lit_find(t, "HE", 2);
    t->lit_him = tb_lit_find(t, "HIM", 3);
    t->lit_she = tb_lit_find(t, "SHE", 3);
    t->lit_her = tb_lit_find(t, "HER", 3);
    t->lit_it = tb_lit_find(t, "IT", 2);
    return AN_OK;
}

an_status an_tabari_load(an_tabari **out, const an_tabari_files *f, an_error *err)
{
    *out = NULL;
    an_tabari *t = tb_new();
    if (!t) { an_error_set(err, AN_NOMEM, 0, 0, "out of memory"); return AN_NOMEM; }
    an_status st = builtins(t);
    if (st) goto fail;
    if (f->options && (st = read_options(t, f->options, f->flags, err))) goto fail;
    /* TABARI reads dictionaries in project order; here actors, then verbs, then agents,
     * as in the validation project */
    for (int i = 0; i < (int)AN_TABARI_MAX_FILES && f->actors[i]; i++)
        if ((st = read_actors(t, f->actors[i], f->flags, err))) goto fail;
    for (int i = 0; i < (int)AN_TABARI_MAX_FILES && f->verbs[i]; i++)
        if ((st = read_verbs(t, f->verbs[i], f->flags, err))) goto fail;
    for (int i = 0; i < (int)AN_TABARI_MAX_FILES && f->agents[i]; i++)
        if ((st = read_agents(t, f->agents[i], f->flags, err))) goto fail;
    for (int i = 0; i < (int)AN_TABARI_MAX_FILES && f->discards[i]; i++)
        if ((st = read_discards(t, f->discards[i], f->flags, err))) goto fail;
    for (int i = 0; i < (int)AN_TABARI_MAX_FILES && f->issues[i]; i++)
        if ((st = read_issues(t, f->issues[i], f->flags, err))) goto fail;
    if (t->petrarch) {
        const char *why;
        uint32_t id = store_root(t, TB_PREP, "FROM_", false, 0, 0, 0, &why);
        if (id == UINT32_MAX) { st = AN_NOMEM; goto fail; }
    }
    if ((st = share_block_patterns(t)) || (st = tb_finish(t))) {
        an_error_set(err, st, 0, 0, "out of memory");
        goto fail;
    }
    if (t->petrarch) {
        /* PETRARCH codes every clause it parses; the shallow parse here approximates
         * its defaults: no complexity filter, no minimum length; agents also take
         * their actor through "from" ("soldiers from Gondor") */
        t->opt.min_lex = 0;
    }
    *out = t;
    return AN_OK;
fail:
    if (st == AN_NOMEM) an_error_set(err, st, 0, 0, "out of memory");
    an_tabari_free(t);
    return st;
}

an_status an_tabari_load_files(an_tabari **out, const char *verbs, const char *actors,
                               const char *agents, const char *discards, an_error *err)
{
    an_tabari_files f;
    memset(&f, 0, sizeof f);
    f.verbs[0] = verbs;
    f.actors[0] = actors;
    f.agents[0] = agents;
    f.discards[0] = discards;
    return an_tabari_load(out, &f, err);
}

an_status an_tabari_load_project(an_tabari **out, const char *project_file, unsigned flags,
                                 an_error *err)
{
    *out = NULL;
    rd r;
    an_status st = rd_open(&r, NULL, project_file, flags, err);
    if (st) return st;
    an_tabari_files f;
    memset(&f, 0, sizeof f);
    f.flags = flags;
    enum { NNAMES = 5 * AN_TABARI_MAX_FILES + 1, NAMELEN = 1024 };
    char (*names)[NAMELEN] = malloc(NNAMES * sizeof *names);
    if (!names) { rd_close(&r); an_error_set(err, AN_NOMEM, 0, 0, "out of memory"); return AN_NOMEM; }
    size_t used = 0, dirlen = (size_t)(r.name - r.path);
    int nv = 0, na = 0, ng = 0, ni = 0;
    int rc;
    r.tilde_ends = false;
    while ((rc = rd_next(&r)) != 0) {
        if (rc < 0 || r.s[0] != '<') continue;
        const char *gt = strchr(r.s, '>');
        if (!gt) continue;
        const char *v = gt + 1;
        while (*v && is_space(*v)) v++;
        size_t vn = strlen(v);
        const char *lt = strchr(v, '<');
        if (lt) vn = (size_t)(lt - v);
        while (vn && is_space(v[vn - 1])) vn--;
        if (!vn) continue;
        char a = up(r.s[1]), b = up(r.s[2]);
        const char **slot = NULL;
        if (a == 'A' && b == 'C' && na < (int)AN_TABARI_MAX_FILES - 1) slot = &f.actors[na++];
        else if (a == 'A' && b == 'G' && ng < (int)AN_TABARI_MAX_FILES - 1) slot = &f.agents[ng++];
        else if (a == 'V' && nv < (int)AN_TABARI_MAX_FILES - 1) slot = &f.verbs[nv++];
        else if (a == 'O' && b == 'P') slot = &f.options;
        else if (a == 'I' && ni < (int)AN_TABARI_MAX_FILES - 1) slot = &f.issues[ni++];
        if (!slot || used >= NNAMES) continue;
        if (v[0] == '/') snprintf(names[used], NAMELEN, "%.*s", (int)vn, v);
        else snprintf(names[used], NAMELEN, "%.*s%.*s", (int)dirlen, r.path, (int)vn, v);
        *slot = names[used++];
    }
    rd_close(&r);
    if (!nv || !na) {
        free(names);
        an_error_set(err, AN_BAD_DICT, 0, 0, "%s: needs an <actorsfile> and a <verbsfile>", project_file);
        return AN_BAD_DICT;
    }
    st = an_tabari_load(out, &f, err);
    free(names);
    return st;
}
