/* morph.c — from a word form to its possible lemmas, by rules of our own per language
 * plus the irregular forms of lang/<code>/verbforms.txt and nounforms.txt.
 *
 * German: finite endings (-t -et -st -te -ten -tet -e -en), participles (ge…t,
 * ge…en), zu-infinitives and separable particles in front ("angegriffen" → an +
 * greifen, "anzugreifen"), each yielding stem + "en" (and stem + "n" for -eln/-ern).
 * English: -s -es -ed -ied -ing, doubled consonants, a dropped final e.
 * Russian and Ukrainian: the lemma set of the form table only (patterns for them are
 * keyed on their own forms until their packs grow rules).
 * Candidates are produced in order of confidence; the caller stops at the first that
 * names a trigger. */
#include "code.h"

typedef struct emit_ctx { bool (*fn)(void *, const char *, size_t); void *ctx; char buf[256]; } emit_ctx;

static bool emit(emit_ctx *e, const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an + bn >= sizeof e->buf) return false;
    memcpy(e->buf, a, an);
    memcpy(e->buf + an, b, bn);
    return e->fn(e->ctx, e->buf, an + bn);
}

static bool ends(const char *k, size_t n, const char *suf)
{
    size_t s = strlen(suf);
    return n > s && memcmp(k + n - s, suf, s) == 0;
}

static bool german(const an_codelang *cl, const char *k, size_t n, emit_ctx *e, int depth)
{
    const char *irr = an_codelang_form(cl, k, n);
    if (irr && e->fn(e->ctx, irr, strlen(irr))) return true;
    static const char *const endings[] = { "test", "tet", "ten", "te", "est", "et", "st", "t", "en", "e", "n", NULL };
    for (int i = 0; endings[i]; i++) {
        if (!ends(k, n, endings[i])) continue;
        size_t stem = n - strlen(endings[i]);
        if (stem < 2) continue;
        if (emit(e, k, stem, "en") || emit(e, k, stem, "n")) return true;
    }
    /* participle ge…t / ge…en */
    if (n > 4 && memcmp(k, "ge", 2) == 0 && german(cl, k + 2, n - 2, e, depth + 1)) return true;
    /* separable particle in front: "angegriffen", "anzugreifen", "festgenommen" */
    if (depth == 0) {
        for (uint32_t s = 0; s <= cl->classes[AN_WC_PARTICLE].mask && cl->classes[AN_WC_PARTICLE].slots; s++) {
            uint32_t o = cl->classes[AN_WC_PARTICLE].slots[s];
            if (!o) continue;
            const unsigned char *pe = (const unsigned char *)cl->classes[AN_WC_PARTICLE].pool + o - 1;
            size_t pn = (size_t)pe[0] | (size_t)pe[1] << 8;
            const char *part = (const char *)pe + 2;
            if (pn + 3 > n || memcmp(k, part, pn) != 0) continue;
            const char *rest = k + pn;
            size_t rn = n - pn;
            if (rn > 4 && memcmp(rest, "zu", 2) == 0) { rest += 2; rn -= 2; }
            char tmp[256];
            if (pn + rn + 2 >= sizeof tmp) continue;
            bool hit = false;
            const char *rirr = an_codelang_form(cl, rest, rn);
            if (rirr) hit = emit(e, part, pn, rirr);
            if (!hit && rn > 4 && memcmp(rest, "ge", 2) == 0) {   /* particle + ge + stem */
                const char *r2 = rest + 2;
                size_t r2n = rn - 2;
                const char *irr2 = an_codelang_form(cl, r2, r2n);
                if (irr2) hit = emit(e, part, pn, irr2);
                if (!hit && ends(r2, r2n, "t")) {
                    memcpy(tmp, part, pn);
                    memcpy(tmp + pn, r2, r2n - 1);
                    memcpy(tmp + pn + r2n - 1, "en", 2);
                    hit = e->fn(e->ctx, tmp, pn + r2n + 1);
                }
            }
            if (!hit && rest != k + pn) {   /* zu-infinitive: the rest is the infinitive */
                memcpy(tmp, part, pn);
                memcpy(tmp + pn, rest, rn);
                hit = e->fn(e->ctx, tmp, pn + rn);
            }
            if (hit) return true;
        }
    }
    return false;
}

static bool english(const an_codelang *cl, const char *k, size_t n, emit_ctx *e)
{
    const char *irr = an_codelang_form(cl, k, n);
    if (irr && e->fn(e->ctx, irr, strlen(irr))) return true;
    if (ends(k, n, "ied") && emit(e, k, n - 3, "y")) return true;
    if (ends(k, n, "ies") && emit(e, k, n - 3, "y")) return true;
    if (ends(k, n, "ed") || ends(k, n, "es") || ends(k, n, "s") || ends(k, n, "ing")) {
        size_t cut = ends(k, n, "ing") ? 3 : ends(k, n, "ed") || ends(k, n, "es") ? 2 : 1;
        size_t stem = n - cut;
        if (stem >= 2) {
            if (emit(e, k, stem, "")) return true;
            if (cut > 1 && emit(e, k, stem, "e")) return true;
            if (cut == 2 && ends(k, n, "es") && emit(e, k, stem + 1, "")) return true;
            if (stem >= 3 && k[stem - 1] == k[stem - 2] && emit(e, k, stem - 1, "")) return true;
        }
    }
    return false;
}

bool an_morph_lemmas(const an_codelang *cl, const char *key, size_t n,
                     bool (*fn)(void *, const char *, size_t), void *ctx)
{
    if (fn(ctx, key, n)) return true;
    emit_ctx e = { fn, ctx, { 0 } };
    if (cl->code[0] == 'd' && cl->code[1] == 'e') return german(cl, key, n, &e, 0);
    if (cl->code[0] == 'e' && cl->code[1] == 'n') return english(cl, key, n, &e);
    const char *irr = an_codelang_form(cl, key, n);
    return irr && fn(ctx, irr, strlen(irr));
}

static bool report_lemma(void *p, const char *lemma, size_t n)
{
    return an_codelang_is(p, AN_WC_REPORT, (an_span){ lemma, n });
}

/* The per-document cache: for token t, lemmas [first[t], first[t] + count[t]) of `items`;
 * first[t] == UINT32_MAX: not computed yet. report[t]: 0 unknown, 1 no, 2 a reporting verb. */
struct an_lemma_cache {
    uint32_t *first;
    uint8_t *count, *report;
    AN_VEC(an_span) items;
};

typedef struct collect { an_doc *d; struct an_lemma_cache *c; uint8_t n; bool nomem; } collect;

static bool collect_lemma(void *p, const char *lemma, size_t n)
{
    collect *k = p;
    if (k->n == UINT8_MAX) return true;
    char *copy = an_arena_strdup(&k->d->arena, lemma, n);
    an_span *sp = copy ? AN_VEC_PUSH(&k->d->arena, &k->c->items) : NULL;
    if (!sp) { k->nomem = true; return true; }
    *sp = (an_span){ copy, n };
    k->n++;
    return false;
}

static struct an_lemma_cache *cache_of(an_doc *d)
{
    if (d->lemmas) return d->lemmas;
    struct an_lemma_cache *c = an_arena_alloc(&d->arena, sizeof *c);
    uint32_t n = d->tokens.n ? d->tokens.n : 1;
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->first = an_arena_alloc(&d->arena, n * sizeof *c->first);
    c->count = an_arena_alloc(&d->arena, n);
    c->report = an_arena_alloc(&d->arena, n);
    if (!c->first || !c->count || !c->report) return NULL;
    memset(c->first, 0xff, n * sizeof *c->first);
    memset(c->report, 0, n);
    return d->lemmas = c;
}

bool an_doc_lemmas(const an_codelang *cl, an_doc *d, uint32_t t,
                   bool (*fn)(void *, const char *, size_t), void *ctx)
{
    an_span k = an_doc_token_key(d, &d->tokens.items[t]);
    struct an_lemma_cache *c = t < d->tokens.n ? cache_of(d) : NULL;
    if (!c) return an_morph_lemmas(cl, k.p, k.n, fn, ctx);   /* out of memory: uncached */
    if (c->first[t] == UINT32_MAX) {
        collect col = { d, c, 0, false };
        uint32_t first = c->items.n;
        an_morph_lemmas(cl, k.p, k.n, collect_lemma, &col);
        if (col.nomem) { c->items.n = first; return an_morph_lemmas(cl, k.p, k.n, fn, ctx); }
        c->first[t] = first;
        c->count[t] = col.n;
    }
    for (uint32_t i = 0; i < c->count[t]; i++) {
        an_span l = c->items.items[c->first[t] + i];
        if (fn(ctx, l.p, l.n)) return true;
    }
    return false;
}

bool an_token_reports(const an_codelang *cl, an_doc *d, uint32_t t)
{
    struct an_lemma_cache *c = t < d->tokens.n ? cache_of(d) : NULL;
    if (c && c->report[t]) return c->report[t] == 2;
    bool yes = d->tokens.items[t].kind == AN_TOK_WORD && an_doc_lemmas(cl, d, t, report_lemma, (void *)cl);
    if (c) c->report[t] = yes ? 2 : 1;
    return yes;
}
