/* dict.c — loading a language's coding data: lang/<code>/verbs.txt (event patterns),
 * verbforms.txt and nounforms.txt (irregular forms), words.txt and coder.txt (closed
 * word classes). Formats in lang/README.md. A malformed pattern fails with file:line;
 * an unknown CAMEO code is rejected. */
#include "code.h"
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static const char *const class_names[AN_WC_COUNT] = {
    "prep", "subord", "coord", "aux", "modal", "negation", "article", "pronoun", "report",
    "reportprep", "passive", "agent", "particle", "relative", "hypothetical", "intended",
    "demanded", "demonstrative", "locprep", "targetprep", "reciprocal", "reportself", "between", "modifier", "reportpost", "backshift", "title", "plural", "along", "including", "light", "partitive", "direction", "approx", "act", "complementizer", "placenoun", "placeof", "suspect", "jointverb" };

struct dl { an_codelang *cl; const char *path; an_error *err; an_buf b; an_strset *set; };

static uint32_t pool_add(an_codelang *cl, const char *p, size_t n)
{
    uint32_t off = cl->pool.n;
    for (size_t i = 0; i <= n; i++) {
        char *c = AN_VEC_PUSH(&cl->arena, &cl->pool);
        if (!c) return UINT32_MAX;
        *c = i < n ? p[i] : 0;
    }
    return off;
}

static uint32_t *slot(uint32_t *slots, uint32_t mask, const an_codelang *cl, const char *p, size_t n,
                      bool forms)
{
    uint32_t i = (uint32_t)an_hash64(p, n) & mask;
    while (slots[i]) {
        const char *k = forms ? cl->pool.items + slots[i] - 1
                              : cl->pool.items + cl->patterns.items[slots[i] - 1].trigger;
        if (strlen(k) == n && memcmp(k, p, n) == 0) return &slots[i];
        i = (i + 1) & mask;
    }
    return &slots[i];
}

static an_status fail(struct dl *L, size_t line, const char *msg)
{
    an_error_set(L->err, AN_BAD_DICT, 0, line, "%s:%zu: %s", L->path, line, msg);
    return AN_BAD_DICT;
}

/* Folds s[0..n) into the pool. */
static uint32_t pool_fold(struct dl *L, const char *s, size_t n)
{
    L->b.n = 0;
    if (an_fold_append(s, n, &L->b)) return UINT32_MAX;
    return pool_add(L->cl, L->b.p, L->b.n);
}

/* Hashes the first word of each '|'-alternative of the pooled list at off into
 * cl->cond_hashes (count first); returns the index of the count, UINT32_MAX on no memory. */
static uint32_t cond_hash(an_codelang *cl, uint32_t off)
{
    uint32_t at = cl->cond_hashes.n;
    uint64_t *count = AN_VEC_PUSH(&cl->arena, &cl->cond_hashes);
    if (!count) return UINT32_MAX;
    *count = 0;
    for (const char *s = cl->pool.items + off; *s;) {
        const char *e = strchr(s, '|');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        const char *sp = memchr(s, ' ', n);
        uint64_t *h = AN_VEC_PUSH(&cl->arena, &cl->cond_hashes);
        if (!h) return UINT32_MAX;
        *h = an_hash64(s, sp ? (size_t)(sp - s) : n);
        cl->cond_hashes.items[at]++;
        s += n + (e ? 1 : 0);
    }
    return at;
}

static bool valid_cameo(const char *p, size_t n)
{
    if (n < 2 || n > 4) return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9') return false;
    int root = (p[0] - '0') * 10 + (p[1] - '0');
    return root >= 1 && root <= 20;
}

static an_status verbs_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    struct dl *L = ctx;
    an_codelang *cl = L->cl;
    /* a code, a trigger and the words of the conditions */
    const char *w[AN_PATTERN_CONDITIONS + 2];
    size_t wl[AN_PATTERN_CONDITIONS + 2], nw = 0, i = 0;
    while (i < n) {
        while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
        if (i >= n || p[i] == '#') break;
        if (nw == AN_PATTERN_CONDITIONS + 2) return fail(L, lineno, "at most 32 conditions on a line");
        size_t s = i;
        while (i < n && p[i] != ' ' && p[i] != '\t') i++;
        w[nw] = p + s;
        wl[nw++] = i - s;
    }
    if (!nw) return AN_OK;
    if (nw < 2) return fail(L, lineno, "a pattern needs a CAMEO code and a trigger");
    if (!valid_cameo(w[0], wl[0])) return fail(L, lineno, "unknown CAMEO event code");
    an_pattern *pt = AN_VEC_PUSH(&cl->arena, &cl->patterns);
    if (!pt) return AN_NOMEM;
    memcpy(pt->cameo, w[0], wl[0]);
    pt->line = (uint32_t)lineno;
    pt->minus = pt->target_prep = pt->source_prep = pt->next_is = pt->next_not = UINT32_MAX;
    for (int k = 0; k < AN_PATTERN_PLUS; k++) pt->plus[k] = UINT32_MAX;
    int n_plus = 0;
    const char *t = w[1];
    size_t tn = wl[1];
    if (tn > 2 && t[0] == 'n' && t[1] == ':') { pt->noun = true; t += 2; tn -= 2; }
    /* separable "an|greifen" is keyed as "angreifen" */
    char joined[AN_PATTERN_TRIGGER_BYTES];
    size_t jn = 0;
    if (tn >= sizeof joined) return fail(L, lineno, "trigger too long");
    for (size_t k = 0; k < tn; k++)
        if (t[k] != '|') joined[jn++] = t[k];
    if (!jn) return fail(L, lineno, "empty trigger");
    pt->trigger = pool_fold(L, joined, jn);
    /* conditions; a bare word after a +/- condition continues its last alternative,
     * so "+peacekeeper|blue helmet" holds the two-word alternative "blue helmet" */
    char cond[AN_PATTERN_CONDITIONS][AN_PATTERN_CONDITION_BYTES];
    char sign[AN_PATTERN_CONDITIONS];
    size_t nc = 0;
    for (size_t k = 2; k < nw; k++) {
        char c0 = w[k][0];
        if (c0 != '+' && c0 != '-' && c0 != '>' && c0 != '<' && c0 != '^' && c0 != '!') {
            if (!nc || (sign[nc - 1] != '+' && sign[nc - 1] != '-'))
                return fail(L, lineno, "condition must be +words, -words, ^words, !words, >prep, >, >- or <prep");
            size_t cl0 = strlen(cond[nc - 1]);
            if (cl0 + 1 + wl[k] >= sizeof cond[0]) return fail(L, lineno, "condition too long");
            snprintf(cond[nc - 1] + cl0, sizeof cond[0] - cl0, " %.*s", (int)wl[k], w[k]);
            continue;
        }
        if (nc == AN_PATTERN_CONDITIONS) return fail(L, lineno, "at most 32 conditions on a line");
        if (wl[k] > sizeof cond[0]) return fail(L, lineno, "condition too long");
        sign[nc] = c0;
        snprintf(cond[nc++], sizeof cond[0], "%.*s", (int)(wl[k] - 1), w[k] + 1);
    }
    for (size_t k = 0; k < nc; k++) {
        char c = sign[k];
        size_t vn = strlen(cond[k]);
        uint32_t off = vn ? pool_fold(L, cond[k], vn) : UINT32_MAX;
        pt = &cl->patterns.items[cl->patterns.n - 1];
        if (c == '+' && vn) {
            if (n_plus == AN_PATTERN_PLUS) return fail(L, lineno, "at most 4 + conditions");
            pt->plus_h[n_plus] = cond_hash(cl, off);
            if (pt->plus_h[n_plus] == UINT32_MAX) return AN_NOMEM;
            pt->plus[n_plus++] = off;
        }
        else if (c == '-' && vn) {
            pt->minus = off;
            if ((pt->minus_h = cond_hash(cl, off)) == UINT32_MAX) return AN_NOMEM;
        }
        else if (c == '^' && vn) pt->next_is = off;
        else if (c == '!' && vn) pt->next_not = off;
        else if (c == '>' && vn == 1 && cond[k][0] == '-') pt->no_target = true;
        else if (c == '>') pt->target_prep = off;
        else if (c == '<' && vn) pt->source_prep = off;
        else return fail(L, lineno, "condition must be +words, -words, ^words, !words, >prep, >, >- or <prep");
        pt->n_conditions++;
    }
    if (pt->trigger == UINT32_MAX) return AN_NOMEM;
    return AN_OK;
}

static an_status forms_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    (void)lineno;
    struct dl *L = ctx;
    an_codelang *cl = L->cl;
    size_t i = 0;
    const char *lemma = NULL;
    size_t ln = 0;
    while (i < n) {
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ',' || p[i] == ':')) i++;
        if (i >= n || p[i] == '#') break;
        size_t s = i;
        while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != ',' && p[i] != ':') i++;
        if (!lemma) { lemma = p + s; ln = i - s; continue; }
        /* "form\0lemma\0" */
        L->b.n = 0;
        if (an_fold_append(p + s, i - s, &L->b)) return AN_NOMEM;
        size_t fn = L->b.n;
        if (an_buf_append(&L->b, "", 1) || an_fold_append(lemma, ln, &L->b)) return AN_NOMEM;
        if (!cl->form_slots || (cl->form_count + 1) * 2 > cl->form_mask + 1) {
            /* grow: rehash from the old table */
            uint32_t cap = cl->form_slots ? (cl->form_mask + 1) * 2 : 4096;
            uint32_t *ns = calloc(cap, sizeof *ns), *old = cl->form_slots, om = cl->form_mask;
            if (!ns) return AN_NOMEM;
            cl->form_slots = ns;
            cl->form_mask = cap - 1;
            for (uint32_t k = 0; old && k <= om; k++)
                if (old[k]) {
                    const char *key = cl->pool.items + old[k] - 1;
                    *slot(ns, cl->form_mask, cl, key, strlen(key), true) = old[k];
                }
            free(old);
        }
        uint32_t *sl = slot(cl->form_slots, cl->form_mask, cl, L->b.p, fn, true);
        if (!*sl) {
            uint32_t off = pool_add(cl, L->b.p, L->b.n);
            if (off == UINT32_MAX) return AN_NOMEM;
            *sl = off + 1;
            cl->form_count++;
        }
    }
    return AN_OK;
}

/* The set of class line `name`: a word class, or a unit (`unit.NAME`, made on first use);
 * NULL for an unknown name. */
static an_strset *class_set(an_codelang *cl, const char *p, size_t n)
{
    for (int c = 0; c < AN_WC_COUNT; c++)
        if (strlen(class_names[c]) == n && memcmp(p, class_names[c], n) == 0) return &cl->classes[c];
    bool count = n > 6 && memcmp(p, "count.", 6) == 0, scale = n > 6 && memcmp(p, "scale.", 6) == 0;
    if (count || scale) {
        char num[32], *e;
        snprintf(num, sizeof num, "%.*s", (int)(n - 6 < 31 ? n - 6 : 31), p + 6);
        double v = strtod(num, &e);
        if (*e || v <= 0 || cl->n_counts == AN_COUNTS_MAX) return NULL;
        cl->counts[cl->n_counts].value = v;
        cl->counts[cl->n_counts].scale = scale;
        return &cl->counts[cl->n_counts++].words;
    }
    if (n <= 5 || memcmp(p, "unit.", 5) != 0 || n - 5 >= sizeof cl->units[0].name) return NULL;
    for (size_t u = 0; u < cl->n_units; u++)
        if (strlen(cl->units[u].name) == n - 5 && memcmp(cl->units[u].name, p + 5, n - 5) == 0) return &cl->units[u].words;
    if (cl->n_units == AN_UNITS_MAX) return NULL;
    snprintf(cl->units[cl->n_units].name, sizeof cl->units[0].name, "%.*s", (int)(n - 5), p + 5);
    return &cl->units[cl->n_units++].words;
}

static an_status words_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    struct dl *L = ctx;
    size_t i = 0;
    bool first = true;
    while (i < n) {
        while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
        if (i >= n || p[i] == '#') break;
        size_t s = i;
        while (i < n && p[i] != ' ' && p[i] != '\t') i++;
        if (first && s == 0) {
            /* a class name starts a line in column 1; continuation lines are indented */
            if (!(L->set = class_set(L->cl, p + s, i - s))) {
                an_error_set(L->err, AN_BAD_DICT, 0, lineno, "%s:%zu: unknown word class \"%.*s\"", L->path, lineno,
                             (int)(i - s > 40 ? 40 : i - s), p + s);
                return AN_BAD_DICT;
            }
            first = false;
            continue;
        }
        first = false;
        if (!L->set) {
            an_error_set(L->err, AN_BAD_DICT, 0, lineno, "%s:%zu: words before any class name", L->path, lineno);
            return AN_BAD_DICT;
        }
        L->b.n = 0;
        if (an_fold_append(p + s, i - s, &L->b)) return AN_NOMEM;
        /* multi-word entries ("nach Angaben") are joined with '_' and matched by their first word */
        if (an_strset_add(L->set, L->b.p, L->b.n)) return AN_NOMEM;
    }
    return AN_OK;
}

static an_status load(struct dl *L, const char *dir, const char *code, const char *file,
                      an_status (*fn)(void *, const char *, size_t, size_t))
{
    char path[4400];
    snprintf(path, sizeof path, "%s/lang/%s/%s", dir, code, file);
    FILE *f = fopen(path, "rb");
    if (!f) return AN_OK;
    fclose(f);
    L->path = path;
    L->set = NULL;
    return an_read_lines(path, fn, L, L->err);
}

an_status an_codelang_load(an_codelang *cl, const char *data_dir, const char *code, an_error *err)
{
    memset(cl, 0, sizeof *cl);
    snprintf(cl->code, sizeof cl->code, "%s", code);
    snprintf(cl->rule_file, sizeof cl->rule_file, "lang/%s/verbs.txt", code);
    struct dl L = { cl, NULL, err, { 0 }, NULL };
    an_status st = load(&L, data_dir, code, "verbs.txt", verbs_line);
    if (!st) st = load(&L, data_dir, code, "verbforms.txt", forms_line);
    if (!st) st = load(&L, data_dir, code, "nounforms.txt", forms_line);
    if (!st) st = load(&L, data_dir, code, "words.txt", words_line);
    if (!st) st = load(&L, data_dir, code, "coder.txt", words_line);
    an_buf_free(&L.b);
    if (st) return st;
    /* the trigger index: chains in file order */
    uint32_t cap = 64;
    while (cap < cl->patterns.n * 2 + 2) cap *= 2;
    cl->trig_slots = calloc(cap, sizeof *cl->trig_slots);
    if (!cl->trig_slots) return AN_NOMEM;
    cl->trig_mask = cap - 1;
    for (uint32_t i = cl->patterns.n; i-- > 0;) {
        const char *k = cl->pool.items + cl->patterns.items[i].trigger;
        uint32_t *s = slot(cl->trig_slots, cl->trig_mask, cl, k, strlen(k), false);
        cl->patterns.items[i].next = *s;
        *s = i + 1;
    }
    cl->loaded = cl->patterns.n > 0;
    return AN_OK;
}

void an_codelang_free(an_codelang *cl)
{
    for (int c = 0; c < AN_WC_COUNT; c++) an_strset_free(&cl->classes[c]);
    for (size_t u = 0; u < cl->n_units; u++) an_strset_free(&cl->units[u].words);
    for (size_t u = 0; u < cl->n_counts; u++) an_strset_free(&cl->counts[u].words);
    free(cl->trig_slots);
    free(cl->form_slots);
    an_arena_free(&cl->arena);
    memset(cl, 0, sizeof *cl);
}

uint32_t an_codelang_trigger(const an_codelang *cl, const char *lemma, size_t n)
{
    if (!cl->trig_slots) return 0;
    return *slot(cl->trig_slots, cl->trig_mask, cl, lemma, n, false);
}

bool an_codelang_is(const an_codelang *cl, an_word_class wc, an_span key)
{
    return an_strset_has(&cl->classes[wc], key.p, key.n);
}

bool an_codelang_phrase_is(const an_codelang *cl, an_word_class wc, const an_doc *d, uint32_t t, uint32_t end)
{
    an_span k = an_doc_token_key(d, &d->tokens.items[t]);
    if (an_codelang_is(cl, wc, k)) return true;
    if (t + 1 >= end) return false;
    an_span k2 = an_doc_token_key(d, &d->tokens.items[t + 1]);
    char two[64];
    if (k.n + k2.n + 1 >= sizeof two) return false;
    memcpy(two, k.p, k.n);
    two[k.n] = '_';
    memcpy(two + k.n + 1, k2.p, k2.n);
    return an_codelang_is(cl, wc, (an_span){ two, k.n + 1 + k2.n });
}

const char *an_codelang_form(const an_codelang *cl, const char *p, size_t n)
{
    if (!cl->form_slots) return NULL;
    uint32_t v = *slot(cl->form_slots, cl->form_mask, cl, p, n, true);
    if (!v) return NULL;
    const char *form = cl->pool.items + v - 1;
    return form + strlen(form) + 1;
}

static double count_word(const an_codelang *cl, an_span k, bool scale)
{
    for (size_t i = 0; i < cl->n_counts; i++)
        if (cl->counts[i].scale == scale && an_strset_has(&cl->counts[i].words, k.p, k.n)) return cl->counts[i].value;
    return 0;
}

double an_codelang_number(const an_codelang *cl, const an_doc *d, uint32_t t, uint32_t end, uint32_t *after)
{
    const an_token *tk = &d->tokens.items[t];
    double v = tk->kind == AN_TOK_NUMBER ? tk->number : count_word(cl, an_doc_token_key(d, tk), false);
    if (v <= 0) return NAN;
    t++;
    double s;
    if (t < end && (s = count_word(cl, an_doc_token_key(d, &d->tokens.items[t]), true)) > 0) { v *= s; t++; }
    if (after) *after = t;
    return v;
}
