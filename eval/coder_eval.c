/* coder_eval.c — scores annalist's event coder on its own test sets.
 *
 *   coder_eval [SHARED_DIR] [--json FILE] [--fail FILE] [--data DIR]
 *
 * The test sets eval/coder/en.txt and eval/coder/de.txt (format: lang/README.md, "Test
 * sets") are sentences with the events each must give. They were used while tuning the
 * coder, so their figures are in-sample; eval/coder/en_heldout.txt and de_heldout.txt,
 * written after tuning and never used for it, are scored the same way on rows of their
 * own and give the out-of-sample figures, as do a second and a third English held-out
 * set, eval/coder/en_heldout2.txt and en_heldout3.txt, written without running annalist
 * on them, and eval/coder/en_fresh.txt, en_fresh2.txt, en_fresh3.txt, en_fresh4.txt,
 * en_fresh5.txt, en_fresh6.txt, en_fresh7.txt, en_fresh8.txt, en_fresh9.txt and
 * en_fresh10.txt, written the same way to look like an ordinary news stream and
 * out-of-sample only until their first measurement.
 * Every sentence is analysed as an article of its own through the public API, with one
 * engine per language and @date, and the "events" of its JSON record are read
 * back with a small JSON reader (a tree in one node array and one string pool, rebuilt
 * per record).
 *
 * Pairing, per sentence: each expected event, in file order, takes the unused produced
 * event that (1) has the expected source code as a prefix of its source code, (2) the
 * expected CAMEO code as a prefix of its code, and (3) the expected target code as a
 * prefix of its target code, or no coded target for `-`; among several, the one that
 * agrees on most context fields. Greedy, one to one.
 *
 * Figures per language: precision, recall and F1 of events; over paired events, the
 * accuracy of each context field the expectation gives (neg, mod, by, qty, date, loc);
 * how often a pair carries a negation or a modality the expectation does not give; and
 * the kinds of misses. Failing sentences go to --fail with expected and produced events
 * in the test-set notation. SHARED_DIR is accepted for eval/run.sh and unused: the test
 * sets live in the repository (cwd, else the data directory).
 */
#include "annalist.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AN_DATA_DIR
#define AN_DATA_DIR "."
#endif

/* Events kept per sentence, expected or produced: pairing is quadratic in them, and a
 * runaway coder must not make one sentence cost more than the whole set. */
#define CE_MAX_EVENTS 64
/* JSON nesting the reader follows; deeper input is rejected, so no stack blow-up. */
#define CE_JSON_DEPTH 64
/* Distinct (language, date) engines kept open; each holds a loaded lexicon. */
#define CE_MAX_ENGINES 16
/* Bytes of the place names and mention texts kept per produced location. */
#define CE_LOC_FORMS 512

enum { F_NEG = 1, F_MOD = 2, F_BY = 4, F_QTY = 8, F_DATE = 16, F_LOC = 32 };
enum { N_FIELDS = 6 };
static const char *const field_names[N_FIELDS] = { "neg", "mod", "by", "qty", "date", "loc" };

/* One event, expected (from the test set) or produced (from the record). Codes are ""
 * when absent; for a produced event `loc` holds the place's name and the texts of its
 * mentions, separated by '\n'. */
typedef struct event {
    char source[32], cameo[8], target[32];
    unsigned fields;        /* expected: F_* the line gives */
    bool negated;
    char mod[16], by[32], unit[32], date[16];
    double qty;             /* NAN when absent */
    char loc[CE_LOC_FORMS];
} event;

typedef struct sentence {
    int line;
    char date[16];
    char *text;
    size_t first, n;        /* expected events in the set's event array */
} sentence;

typedef struct test_set {
    const char *lang, *path;   /* path: where the set was found */
    sentence *s;
    size_t n, cap;
    event *ev;
    size_t nev, evcap;
    int malformed;
} test_set;

typedef struct miss_kinds { int none, actor, code, target, other; } miss_kinds;

typedef struct score {
    int sentences, empty_sentences, empty_right, sentences_right;
    int expected, produced, matched;
    int field_n[N_FIELDS], field_ok[N_FIELDS];
    int qty_value_ok;       /* pairs with the expected number, whatever the unit */
    int spurious_neg, spurious_neg_n, spurious_mod, spurious_mod_n;
    miss_kinds miss;
    int errors;             /* sentences the library refused */
} score;

/* ---- small string helpers --------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void copy_str(char *dst, size_t cap, const char *p, size_t n)
{
    if (n >= cap) n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = 0;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* NFC + case folding through the library, into a fixed buffer. */
static void fold(const char *s, char *out, size_t cap)
{
    an_buf b = { 0 };
    if (an_text_fold(s, strlen(s), &b) == AN_OK && b.n) copy_str(out, cap, b.p, b.n);
    else copy_str(out, cap, s, strlen(s));
    an_buf_free(&b);
}

/* Units compare folded, with a final plural "s" ignored (drone/drones). */
static bool same_unit(const char *a, const char *b)
{
    char fa[64], fb[64];
    fold(a, fa, sizeof fa);
    fold(b, fb, sizeof fb);
    size_t na = strlen(fa), nb = strlen(fb);
    if (na && fa[na - 1] == 's') fa[--na] = 0;
    if (nb && fb[nb - 1] == 's') fb[--nb] = 0;
    if (strcmp(fa, fb) == 0) return true;
    /* the record's unit names (spec/record.md) and the test sets' words for them */
    static const char *const same[][2] = { { "dead", "killed" }, { "injured", "wounded" }, { "troop", "soldier" } };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        if ((!strcmp(fa, same[i][0]) && !strcmp(fb, same[i][1])) || (!strcmp(fa, same[i][1]) && !strcmp(fb, same[i][0])))
            return true;
    return false;
}

/* A place matches when the expected name equals, after folding, the place's name or
 * a mention's text, or a mention's text with up to two letters of inflection after it
 * (Moskaus), or a word-bounded part of a mention ("Region Kursk"). */
static bool same_place(const char *expected, const char *forms)
{
    char want[128];
    fold(expected, want, sizeof want);
    size_t wn = strlen(want);
    const char *p = forms;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char form[256], ff[256];
        copy_str(form, sizeof form, p, n);
        fold(form, ff, sizeof ff);
        size_t fn = strlen(ff);
        if (fn >= wn && fn <= wn + 2 && memcmp(ff, want, wn) == 0) return true;
        for (const char *q = strstr(ff, want); q; q = strstr(q + 1, want)) {
            bool left = q == ff || q[-1] == ' ' || q[-1] == '-';
            bool right = q[wn] == 0 || q[wn] == ' ' || q[wn] == '-';
            if (left && right) return true;
        }
        p = e ? e + 1 : p + n;
    }
    return false;
}

/* ---- the test set ----------------------------------------------------------------- */

static char *trim(char *s)
{
    while (is_space(*s)) s++;
    size_t n = strlen(s);
    while (n && is_space(s[n - 1])) s[--n] = 0;
    return s;
}

/* Next whitespace-separated word of *p, NUL-terminated in place; NULL at the end. */
static char *next_word(char **p)
{
    char *s = *p;
    while (is_space(*s)) s++;
    if (!*s) return NULL;
    char *w = s;
    while (*s && !is_space(*s)) s++;
    if (*s) *s++ = 0;
    *p = s;
    return w;
}

static bool valid_cameo(const char *c)
{
    size_t n = strlen(c);
    if (n < 1 || n > 4) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(c[i])) return false;
    return true;
}

/* Parses "SOURCE CODE TARGET ; field ; field" into ev; false when malformed. */
static bool parse_expect(char *line, event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->qty = NAN;
    char *semi = strchr(line, ';');
    if (semi) *semi = 0;
    char *p = line;
    char *src = next_word(&p), *code = next_word(&p), *tgt = next_word(&p);
    if (!src || !code || !tgt || next_word(&p) || !valid_cameo(code)) return false;
    copy_str(ev->source, sizeof ev->source, src, strlen(src));
    copy_str(ev->cameo, sizeof ev->cameo, code, strlen(code));
    if (strcmp(tgt, "-") != 0) copy_str(ev->target, sizeof ev->target, tgt, strlen(tgt));
    while (semi) {
        char *f = semi + 1;
        semi = strchr(f, ';');
        if (semi) *semi = 0;
        f = trim(f);
        if (strcmp(f, "neg") == 0) {
            ev->fields |= F_NEG;
            ev->negated = true;
        } else if (has_prefix(f, "mod=")) {
            ev->fields |= F_MOD;
            copy_str(ev->mod, sizeof ev->mod, f + 4, strlen(f + 4));
        } else if (has_prefix(f, "by=")) {
            ev->fields |= F_BY;
            copy_str(ev->by, sizeof ev->by, f + 3, strlen(f + 3));
        } else if (has_prefix(f, "qty=")) {
            char *end;
            ev->qty = strtod(f + 4, &end);
            if (end == f + 4) return false;
            end = trim(end);
            ev->fields |= F_QTY;
            copy_str(ev->unit, sizeof ev->unit, end, strlen(end));
        } else if (has_prefix(f, "date=")) {
            ev->fields |= F_DATE;
            copy_str(ev->date, sizeof ev->date, f + 5, strlen(f + 5));
        } else if (has_prefix(f, "loc=")) {
            ev->fields |= F_LOC;
            copy_str(ev->loc, sizeof ev->loc, f + 4, strlen(f + 4));
        } else return false;
    }
    return true;
}

static int set_load(test_set *t, const char *path, const char *lang)
{
    memset(t, 0, sizeof *t);
    t->lang = lang;
    t->path = path;
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char *line = NULL, date[16] = "";
    size_t cap = 0;
    int lineno = 0;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        char *l = trim(line);
        if (!*l || *l == '#') continue;
        if (has_prefix(l, "@date")) {
            char *d = trim(l + 5);
            copy_str(date, sizeof date, d, strlen(d));
        } else if (*l == '>') {
            if (t->n == t->cap) {
                t->cap = t->cap ? 2 * t->cap : 256;
                t->s = realloc(t->s, t->cap * sizeof *t->s);
                if (!t->s) abort();
            }
            sentence *s = &t->s[t->n++];
            s->line = lineno;
            memcpy(s->date, date, sizeof date);
            s->text = strdup(trim(l + 1));
            s->first = t->nev;
            s->n = 0;
        } else if (*l == '=' && t->n) {
            event ev;
            if (!parse_expect(l + 1, &ev) || t->s[t->n - 1].n >= CE_MAX_EVENTS) {
                fprintf(stderr, "%s:%d: malformed expectation skipped\n", path, lineno);
                t->malformed++;
                continue;
            }
            if (t->nev == t->evcap) {
                t->evcap = t->evcap ? 2 * t->evcap : 256;
                t->ev = realloc(t->ev, t->evcap * sizeof *t->ev);
                if (!t->ev) abort();
            }
            t->ev[t->nev++] = ev;
            t->s[t->n - 1].n++;
        } else {
            fprintf(stderr, "%s:%d: line not understood, skipped\n", path, lineno);
            t->malformed++;
        }
    }
    free(line);
    fclose(f);
    return 0;
}

static void set_free(test_set *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->s[i].text);
    free(t->s);
    free(t->ev);
}

/* ---- a small JSON reader ---------------------------------------------------------- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jnode {
    jtype type;
    bool b;
    double num;
    size_t key, str;        /* offsets into the pool; SIZE_MAX when none */
    int first, next;        /* children of arrays and objects, then siblings; -1 ends */
} jnode;

typedef struct jdoc {
    jnode *n;
    int count, cap;
    char *pool;
    size_t pn, pcap;
    const char *p, *end;
} jdoc;

static int j_node(jdoc *d, jtype t)
{
    if (d->count == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 1024;
        d->n = realloc(d->n, (size_t)d->cap * sizeof *d->n);
        if (!d->n) abort();
    }
    jnode *n = &d->n[d->count];
    memset(n, 0, sizeof *n);
    n->type = t;
    n->key = n->str = SIZE_MAX;
    n->first = n->next = -1;
    return d->count++;
}

static void j_put(jdoc *d, const char *p, size_t n)
{
    if (d->pn + n + 1 > d->pcap) {
        while (d->pn + n + 1 > d->pcap) d->pcap = d->pcap ? 2 * d->pcap : 4096;
        d->pool = realloc(d->pool, d->pcap);
        if (!d->pool) abort();
    }
    memcpy(d->pool + d->pn, p, n);
    d->pn += n;
}

static void j_ws(jdoc *d)
{
    while (d->p < d->end && is_space(*d->p)) d->p++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool j_hex4(jdoc *d, unsigned *v)
{
    if (d->end - d->p < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(d->p[i]);
        if (h < 0) return false;
        *v = *v * 16 + (unsigned)h;
    }
    d->p += 4;
    return true;
}

static void j_utf8(jdoc *d, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    j_put(d, b, n);
}

/* A string at d->p (after the quote) into the pool, NUL-terminated; its offset. */
static bool j_string(jdoc *d, size_t *off)
{
    *off = d->pn;
    while (d->p < d->end && *d->p != '"') {
        const char *run = d->p;
        while (d->p < d->end && *d->p != '"' && *d->p != '\\') d->p++;
        j_put(d, run, (size_t)(d->p - run));
        if (d->p >= d->end || *d->p == '"') break;
        if (++d->p >= d->end) return false;
        char c = *d->p++;
        unsigned cp;
        switch (c) {
        case 'n': j_put(d, "\n", 1); break;
        case 't': j_put(d, "\t", 1); break;
        case 'r': j_put(d, "\r", 1); break;
        case 'b': j_put(d, "\b", 1); break;
        case 'f': j_put(d, "\f", 1); break;
        case 'u':
            if (!j_hex4(d, &cp)) return false;
            if (cp >= 0xD800 && cp < 0xDC00 && d->end - d->p >= 6 && d->p[0] == '\\' && d->p[1] == 'u') {
                unsigned lo;
                d->p += 2;
                if (!j_hex4(d, &lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            j_utf8(d, cp);
            break;
        default: j_put(d, &c, 1);
        }
    }
    if (d->p >= d->end) return false;
    d->p++;
    j_put(d, "", 1);
    return true;
}

static int j_value(jdoc *d, int depth)
{
    j_ws(d);
    if (d->p >= d->end || depth > CE_JSON_DEPTH) return -1;
    char c = *d->p;
    if (c == '{' || c == '[') {
        bool obj = c == '{';
        int node = j_node(d, obj ? J_OBJ : J_ARR), last = -1;
        d->p++;
        j_ws(d);
        if (d->p < d->end && *d->p == (obj ? '}' : ']')) { d->p++; return node; }
        for (;;) {
            size_t key = SIZE_MAX;
            if (obj) {
                j_ws(d);
                if (d->p >= d->end || *d->p != '"') return -1;
                d->p++;
                if (!j_string(d, &key)) return -1;
                j_ws(d);
                if (d->p >= d->end || *d->p != ':') return -1;
                d->p++;
            }
            int child = j_value(d, depth + 1);
            if (child < 0) return -1;
            d->n[child].key = key;
            if (last < 0) d->n[node].first = child;
            else d->n[last].next = child;
            last = child;
            j_ws(d);
            if (d->p >= d->end) return -1;
            if (*d->p == ',') { d->p++; continue; }
            if (*d->p == (obj ? '}' : ']')) { d->p++; return node; }
            return -1;
        }
    }
    if (c == '"') {
        int node = j_node(d, J_STR);
        d->p++;
        size_t off;
        if (!j_string(d, &off)) return -1;
        d->n[node].str = off;
        return node;
    }
    if (d->end - d->p >= 4 && memcmp(d->p, "null", 4) == 0) { d->p += 4; return j_node(d, J_NULL); }
    if (d->end - d->p >= 4 && memcmp(d->p, "true", 4) == 0) {
        d->p += 4;
        int node = j_node(d, J_BOOL);
        d->n[node].b = true;
        return node;
    }
    if (d->end - d->p >= 5 && memcmp(d->p, "false", 5) == 0) { d->p += 5; return j_node(d, J_BOOL); }
    if (c == '-' || is_digit(c)) {
        char num[64];
        size_t n = 0;
        while (d->p < d->end && n < sizeof num - 1 &&
               (is_digit(*d->p) || *d->p == '-' || *d->p == '+' || *d->p == '.' || *d->p == 'e' || *d->p == 'E'))
            num[n++] = *d->p++;
        num[n] = 0;
        int node = j_node(d, J_NUM);
        d->n[node].num = strtod(num, NULL);
        return node;
    }
    return -1;
}

/* Parses one JSON text; the root node, or -1 when malformed. */
static int j_parse(jdoc *d, const char *p, size_t n)
{
    d->count = 0;
    d->pn = 0;
    d->p = p;
    d->end = p + n;
    return j_value(d, 0);
}

static int j_get(const jdoc *d, int obj, const char *key)
{
    if (obj < 0 || d->n[obj].type != J_OBJ) return -1;
    for (int c = d->n[obj].first; c >= 0; c = d->n[c].next)
        if (d->n[c].key != SIZE_MAX && strcmp(d->pool + d->n[c].key, key) == 0) return c;
    return -1;
}

static const char *j_str(const jdoc *d, int node)
{
    return node >= 0 && d->n[node].type == J_STR ? d->pool + d->n[node].str : NULL;
}

static void j_copy(const jdoc *d, int node, char *dst, size_t cap)
{
    const char *s = j_str(d, node);
    copy_str(dst, cap, s ? s : "", s ? strlen(s) : 0);
}

/* ---- the record's events ------------------------------------------------------------ */

static void add_form(char *forms, const char *s)
{
    size_t n = strlen(forms), k = strlen(s);
    if (!k || n + k + 2 > CE_LOC_FORMS) return;
    if (n) forms[n++] = '\n';
    memcpy(forms + n, s, k + 1);
}

/* The place names of a location: its name, and the texts of the mentions of every
 * entity with that name and GeoNames id. */
static void location_forms(const jdoc *d, int entities, int loc, char *forms)
{
    forms[0] = 0;
    const char *name = j_str(d, j_get(d, loc, "name"));
    if (!name) return;
    add_form(forms, name);
    int geo = j_get(d, loc, "geonames");
    double gid = geo >= 0 && d->n[geo].type == J_NUM ? d->n[geo].num : -1;
    for (int e = entities >= 0 ? d->n[entities].first : -1; e >= 0; e = d->n[e].next) {
        const char *en = j_str(d, j_get(d, e, "name"));
        int eg = j_get(d, e, "geonames");
        double egid = eg >= 0 && d->n[eg].type == J_NUM ? d->n[eg].num : -1;
        if (!en || strcmp(en, name) != 0 || egid != gid) continue;
        int ms = j_get(d, e, "mentions");
        for (int m = ms >= 0 ? d->n[ms].first : -1; m >= 0; m = d->n[m].next) {
            const char *t = j_str(d, j_get(d, m, "text"));
            if (t) add_form(forms, t);
        }
    }
}

/* Reads the record's events into out (at most CE_MAX_EVENTS); their number, or -1 when
 * the record is not the JSON we expect. */
static int read_events(jdoc *d, const char *json, size_t n, event *out)
{
    int root = j_parse(d, json, n);
    if (root < 0) return -1;
    int events = j_get(d, root, "events"), entities = j_get(d, root, "entities");
    if (events < 0 || d->n[events].type != J_ARR) return -1;
    int k = 0;
    for (int e = d->n[events].first; e >= 0 && k < CE_MAX_EVENTS; e = d->n[e].next) {
        event *v = &out[k++];
        memset(v, 0, sizeof *v);
        v->qty = NAN;
        j_copy(d, j_get(d, e, "cameo"), v->cameo, sizeof v->cameo);
        j_copy(d, j_get(d, j_get(d, e, "source"), "code"), v->source, sizeof v->source);
        j_copy(d, j_get(d, j_get(d, e, "target"), "code"), v->target, sizeof v->target);
        int neg = j_get(d, e, "negated");
        v->negated = neg >= 0 && d->n[neg].type == J_BOOL && d->n[neg].b;
        j_copy(d, j_get(d, e, "modality"), v->mod, sizeof v->mod);
        j_copy(d, j_get(d, j_get(d, e, "reported_by"), "code"), v->by, sizeof v->by);
        int q = j_get(d, e, "quantity");
        int qv = j_get(d, q, "value");
        if (qv >= 0 && d->n[qv].type == J_NUM) {
            v->qty = d->n[qv].num;
            j_copy(d, j_get(d, q, "unit"), v->unit, sizeof v->unit);
        }
        j_copy(d, j_get(d, j_get(d, e, "date"), "value"), v->date, sizeof v->date);
        int loc = j_get(d, e, "location");
        if (loc >= 0 && d->n[loc].type == J_OBJ) location_forms(d, entities, loc, v->loc);
    }
    return k;
}

/* ---- pairing and scoring ------------------------------------------------------------ */

static bool same_event(const event *want, const event *got)
{
    if (!got->source[0] || !has_prefix(got->source, want->source)) return false;
    if (!has_prefix(got->cameo, want->cameo)) return false;
    if (!want->target[0]) return got->target[0] == 0;
    return got->target[0] && has_prefix(got->target, want->target);
}

/* Which of the expected context fields the produced event gets wrong (F_* bits). */
static unsigned wrong_fields(const event *want, const event *got)
{
    unsigned bad = 0;
    if ((want->fields & F_NEG) && !got->negated) bad |= F_NEG;
    if ((want->fields & F_MOD) && strcmp(want->mod, got->mod) != 0) bad |= F_MOD;
    if ((want->fields & F_BY) && (!got->by[0] || !has_prefix(got->by, want->by))) bad |= F_BY;
    if ((want->fields & F_QTY) &&
        (isnan(got->qty) || fabs(got->qty - want->qty) >= 0.5 || !same_unit(want->unit, got->unit)))
        bad |= F_QTY;
    if ((want->fields & F_DATE) && strcmp(want->date, got->date) != 0) bad |= F_DATE;
    if ((want->fields & F_LOC) && !same_place(want->loc, got->loc)) bad |= F_LOC;
    return bad;
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}

/* Writes an event in the test-set notation; for a produced event every field it has. */
static void put_event(FILE *f, const event *e, bool produced)
{
    fprintf(f, "%s %s %s", e->source[0] ? e->source : "?", e->cameo, e->target[0] ? e->target : "-");
    if (produced ? e->negated : (e->fields & F_NEG) != 0) fprintf(f, " ; neg");
    if (produced ? strcmp(e->mod, "asserted") != 0 && e->mod[0] : (e->fields & F_MOD) != 0)
        fprintf(f, " ; mod=%s", e->mod);
    if (produced ? e->by[0] != 0 : (e->fields & F_BY) != 0) fprintf(f, " ; by=%s", e->by);
    if (produced ? !isnan(e->qty) : (e->fields & F_QTY) != 0) fprintf(f, " ; qty=%.0f %s", e->qty, e->unit);
    if (produced ? e->date[0] != 0 : (e->fields & F_DATE) != 0) fprintf(f, " ; date=%s", e->date);
    if (produced ? e->loc[0] != 0 : (e->fields & F_LOC) != 0) {
        const char *nl = strchr(e->loc, '\n');
        fprintf(f, " ; loc=%.*s", nl ? (int)(nl - e->loc) : (int)strlen(e->loc), e->loc);
    }
}

/* Why an expected event found no partner, judged against the unpaired produced ones. */
static void classify_miss(const event *want, const event *got, int n, const bool *used, miss_kinds *m)
{
    bool code = false, actors = false, target = false;
    for (int j = 0; j < n; j++) {
        if (used[j]) continue;
        bool src = got[j].source[0] && has_prefix(got[j].source, want->source);
        bool cam = has_prefix(got[j].cameo, want->cameo);
        bool tgt = want->target[0] ? got[j].target[0] && has_prefix(got[j].target, want->target) : !got[j].target[0];
        if (src && cam && !tgt) target = true;
        else if (cam && !src) code = true;
        else if (src && tgt && !cam) actors = true;
    }
    if (n == 0) m->none++;
    else if (target) m->target++;
    else if (code) m->actor++;
    else if (actors) m->code++;
    else m->other++;
}

typedef struct engine_slot { char lang[8], date[16]; an_engine *e; } engine_slot;

static an_engine *engine_for(engine_slot *slots, int *n, const char *data, const char *lang, const char *date)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(slots[i].lang, lang) == 0 && strcmp(slots[i].date, date) == 0) return slots[i].e;
    if (*n == CE_MAX_ENGINES) {     /* evict the oldest; sets are grouped by date */
        an_engine_close(slots[0].e);
        memmove(slots, slots + 1, (size_t)(*n - 1) * sizeof *slots);
        (*n)--;
    }
    an_options opt = { .data_dir = data, .lang = lang, .date = date[0] ? date : NULL };
    an_error err = { 0 };
    an_engine *e = NULL;
    if (an_engine_open(&e, &opt, &err) != AN_OK) {
        fprintf(stderr, "coder_eval: engine (%s, %s): %s\n", lang, date,
                err.message[0] ? err.message : an_status_message(err.status));
        return NULL;
    }
    engine_slot *s = &slots[(*n)++];
    copy_str(s->lang, sizeof s->lang, lang, strlen(lang));
    copy_str(s->date, sizeof s->date, date, strlen(date));
    s->e = e;
    return e;
}

static int eval_set(const test_set *t, const char *data, engine_slot *slots, int *nslots, FILE *fail,
                    score *sc)
{
    memset(sc, 0, sizeof *sc);
    an_doc *doc = NULL;
    if (an_doc_new(&doc) != AN_OK) return -1;
    jdoc jd = { 0 };
    an_buf rec = { 0 };
    event *got = malloc(CE_MAX_EVENTS * sizeof *got);
    if (!got) abort();
    for (size_t i = 0; i < t->n; i++) {
        const sentence *s = &t->s[i];
        const event *want = &t->ev[s->first];
        int nwant = (int)s->n, ngot = 0;
        sc->sentences++;
        sc->expected += nwant;
        if (nwant == 0) sc->empty_sentences++;
        an_engine *e = engine_for(slots, nslots, data, t->lang, s->date);
        if (!e) { free(got); an_doc_free(doc); return -1; }
        an_doc_reset(doc);
        rec.n = 0;
        an_article art = { 0 };
        art.text = (an_span){ s->text, strlen(s->text) };
        an_options opt = { .data_dir = data, .lang = t->lang, .date = s->date };
        an_error err = { 0 };
        if (an_doc_analyze(doc, e, &art, &err) != AN_OK || an_record_write_json(doc, &opt, &rec) != AN_OK ||
            (ngot = read_events(&jd, rec.p, rec.n, got)) < 0) {
            sc->errors++;
            ngot = 0;
        }
        sc->produced += ngot;

        bool used[CE_MAX_EVENTS] = { false };
        int pair[CE_MAX_EVENTS];
        unsigned bad[CE_MAX_EVENTS];
        bool right = true;
        for (int w = 0; w < nwant; w++) {
            int best = -1, best_bad = 0;
            for (int j = 0; j < ngot; j++) {
                if (used[j] || !same_event(&want[w], &got[j])) continue;
                int nb = popcount(wrong_fields(&want[w], &got[j]));
                if (best < 0 || nb < best_bad) { best = j; best_bad = nb; }
            }
            pair[w] = best;
            bad[w] = 0;
            if (best < 0) { right = false; continue; }
            used[best] = true;
            sc->matched++;
            bad[w] = wrong_fields(&want[w], &got[best]);
            for (int f = 0; f < N_FIELDS; f++)
                if (want[w].fields & (1u << f)) {
                    sc->field_n[f]++;
                    if (!(bad[w] & (1u << f))) sc->field_ok[f]++;
                }
            if (bad[w]) right = false;
            if ((want[w].fields & F_QTY) && !isnan(got[best].qty) && fabs(got[best].qty - want[w].qty) < 0.5)
                sc->qty_value_ok++;
            if (!(want[w].fields & F_NEG)) {
                sc->spurious_neg_n++;
                if (got[best].negated) sc->spurious_neg++;
            }
            if (!(want[w].fields & F_MOD)) {
                sc->spurious_mod_n++;
                if (strcmp(got[best].mod, "asserted") != 0) sc->spurious_mod++;
            }
        }
        for (int w = 0; w < nwant; w++)
            if (pair[w] < 0) classify_miss(&want[w], got, ngot, used, &sc->miss);
        for (int j = 0; j < ngot; j++)
            if (!used[j]) right = false;
        if (nwant == 0 && ngot == 0) sc->empty_right++;
        if (right) { sc->sentences_right++; continue; }
        if (!fail) continue;
        fprintf(fail, "%s:%d: %s\n", t->path, s->line, s->text);
        for (int w = 0; w < nwant; w++) {
            fprintf(fail, "  want = ");
            put_event(fail, &want[w], false);
            if (pair[w] < 0) fprintf(fail, "    [missed]\n");
            else if (bad[w]) {
                fprintf(fail, "    [wrong:");
                for (int f = 0; f < N_FIELDS; f++)
                    if (bad[w] & (1u << f)) fprintf(fail, " %s", field_names[f]);
                fprintf(fail, "]\n");
            } else fprintf(fail, "    [ok]\n");
        }
        for (int j = 0; j < ngot; j++) {
            fprintf(fail, "  got  = ");
            put_event(fail, &got[j], true);
            fprintf(fail, used[j] ? "\n" : "    [spurious]\n");
        }
        fprintf(fail, "\n");
    }
    free(got);
    free(jd.n);
    free(jd.pool);
    an_buf_free(&rec);
    an_doc_free(doc);
    return 0;
}

/* ---- report ------------------------------------------------------------------------- */

static double ratio(int a, int b) { return b ? (double)a / b : 0.0; }

static void print_score(const char *name, const score *s, const test_set *t)
{
    double p = ratio(s->matched, s->produced), r = ratio(s->matched, s->expected);
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%s (%s): %d sentences (%d without events), %d expected, %d produced, %d matched\n", name, t->path,
           s->sentences, s->empty_sentences, s->expected, s->produced, s->matched);
    printf("  precision %.3f  recall %.3f  F1 %.3f   (goal: precision >= 0.85, recall >= 0.75)\n", p, r, f1);
    printf("  sentences fully right %d/%d; no-event sentences with no event %d/%d\n", s->sentences_right,
           s->sentences, s->empty_right, s->empty_sentences);
    printf("  context over matched events:");
    for (int f = 0; f < N_FIELDS; f++)
        if (s->field_n[f]) printf("  %s %d/%d (%.2f)", field_names[f], s->field_ok[f], s->field_n[f],
                                  ratio(s->field_ok[f], s->field_n[f]));
    if (s->field_n[3]) printf("\n  qty number right (unit aside) %d/%d", s->qty_value_ok, s->field_n[3]);
    printf("\n  unexpected on matched events: negation %d/%d, non-asserted modality %d/%d\n", s->spurious_neg,
           s->spurious_neg_n, s->spurious_mod, s->spurious_mod_n);
    printf("  missed events: %d where the sentence gave no event at all, %d target wrong, %d source wrong (code right), "
           "%d code wrong (actors right), %d other\n",
           s->miss.none, s->miss.target, s->miss.actor, s->miss.code, s->miss.other);
    if (s->errors) printf("  %d sentences refused by the library\n", s->errors);
    if (t->malformed) printf("  %d malformed test lines skipped\n", t->malformed);
}

static void json_score(FILE *j, const char *key, const score *s, bool last)
{
    double p = ratio(s->matched, s->produced), r = ratio(s->matched, s->expected);
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    fprintf(j, "  \"%s\": {\"sentences\": %d, \"no_event_sentences\": %d, \"expected\": %d, \"produced\": %d, "
               "\"matched\": %d, \"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f, \"sentences_right\": %d, "
               "\"no_event_right\": %d,\n    \"fields\": {",
            key, s->sentences, s->empty_sentences, s->expected, s->produced, s->matched, p, r, f1,
            s->sentences_right, s->empty_right);
    bool first = true;
    for (int f = 0; f < N_FIELDS; f++) {
        if (!s->field_n[f]) continue;
        fprintf(j, "%s\"%s\": {\"n\": %d, \"correct\": %d, \"accuracy\": %.4f}", first ? "" : ", ", field_names[f],
                s->field_n[f], s->field_ok[f], ratio(s->field_ok[f], s->field_n[f]));
        first = false;
    }
    fprintf(j, "},\n    \"qty_value_correct\": %d, \"spurious_negation\": %d, \"spurious_modality\": %d, \"misses\": {\"no_event\": %d, "
               "\"target\": %d, \"source\": %d, \"code\": %d, \"other\": %d}, \"errors\": %d}%s\n",
            s->qty_value_ok, s->spurious_neg, s->spurious_mod, s->miss.none, s->miss.target, s->miss.actor, s->miss.code,
            s->miss.other, s->errors, last ? "" : ",");
}

int main(int argc, char **argv)
{
    const char *json = NULL, *fail_path = NULL, *data = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) json = argv[++i];
        else if (strcmp(argv[i], "--fail") == 0 && i + 1 < argc) fail_path = argv[++i];
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) data = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: coder_eval [SHARED_DIR] [--json FILE] [--fail FILE] [--data DIR]\n");
            return 2;
        }
        /* else SHARED_DIR: unused, the test sets are in the repository */
    }
    /* Each set: its file eval/coder/STEM.txt, the language it is analysed in, and the
     * name of its row in the printout; its key in the JSON is the stem. */
    static const struct { const char *stem, *lang, *name; } specs[] = {
        { "en", "en", "en" },
        { "de", "de", "de" },
        { "en_heldout", "en", "en held-out" },
        { "de_heldout", "de", "de held-out" },
        { "en_heldout2", "en", "en held-out 2" },
        { "en_heldout3", "en", "en held-out 3" },
        { "en_fresh", "en", "en fresh" },
        { "en_fresh2", "en", "en fresh 2" },
        { "en_fresh3", "en", "en fresh 3" },
        { "en_fresh4", "en", "en fresh 4" },
        { "en_fresh5", "en", "en fresh 5" },
        { "en_fresh6", "en", "en fresh 6" },
        { "en_fresh7", "en", "en fresh 7" },
        { "en_fresh8", "en", "en fresh 8" },
        { "en_fresh9", "en", "en fresh 9" },
        { "en_fresh10", "en", "en fresh 10" },
    };
    enum { N_SETS = sizeof specs / sizeof specs[0] };
    test_set sets[N_SETS];
    char paths[N_SETS][4096];
    bool have[N_SETS];
    for (int l = 0; l < N_SETS; l++) {
        snprintf(paths[l], sizeof paths[l], "eval/coder/%s.txt", specs[l].stem);
        if (data || set_load(&sets[l], paths[l], specs[l].lang) != 0) {
            snprintf(paths[l], sizeof paths[l], "%s/eval/coder/%s.txt", data ? data : AN_DATA_DIR, specs[l].stem);
            have[l] = set_load(&sets[l], paths[l], specs[l].lang) == 0;
        } else have[l] = true;
        if (!have[l]) printf("coder_eval: %s: not found, skipped\n", paths[l]);
    }

    FILE *fail = NULL;
    if (fail_path && !(fail = fopen(fail_path, "w"))) {
        fprintf(stderr, "coder_eval: cannot write %s\n", fail_path);
        return 1;
    }
    engine_slot slots[CE_MAX_ENGINES];
    int nslots = 0, status = 0;
    score sc[N_SETS];
    for (int l = 0; l < N_SETS; l++) {
        if (!have[l]) continue;
        if (eval_set(&sets[l], data, slots, &nslots, fail, &sc[l]) != 0) {
            status = 1;
            have[l] = false;
            continue;
        }
        print_score(specs[l].name, &sc[l], &sets[l]);
    }
    for (int i = 0; i < nslots; i++) an_engine_close(slots[i].e);
    if (fail) {
        fclose(fail);
        printf("failing sentences in %s\n", fail_path);
    }
    if (json) {
        FILE *j = fopen(json, "w");
        if (!j) {
            fprintf(stderr, "coder_eval: cannot write %s\n", json);
            status = 1;
        } else {
            fprintf(j, "{\n");
            int last = -1;
            for (int l = 0; l < N_SETS; l++)
                if (have[l]) last = l;
            for (int l = 0; l < N_SETS; l++)
                if (have[l]) json_score(j, specs[l].stem, &sc[l], l == last);
            fprintf(j, "}\n");
            fclose(j);
        }
    }
    for (int l = 0; l < N_SETS; l++) set_free(&sets[l]);
    return status;
}
