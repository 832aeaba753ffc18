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

/* The per-document cache, keyed by word: a word's lemmas are computed the first time
 * it is asked for and replayed after, so memory grows with the distinct words of the
 * article, not with its length (a 50 MB article of one repeated sentence has a few). */
typedef struct word_entry {
    const char *key;            /* arena copy; NULL: empty slot */
    uint32_t key_n, first;
    uint8_t count, report;      /* report: 0 unknown, 1 no, 2 a reporting verb */
} word_entry;

struct an_lemma_cache {
    word_entry *slots;
    uint32_t mask, used;
    AN_VEC(an_span) items;
    /* per token: its word's slot + 1, 0 when not yet looked up (cleared when the slots
     * grow): the coder asks of one token many times, and this spares the hashing */
    uint32_t *tok_slot, n_tok;
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

static word_entry *probe(word_entry *slots, uint32_t mask, an_span k)
{
    uint32_t i = (uint32_t)an_hash64(k.p, k.n) & mask;
    while (slots[i].key && !(slots[i].key_n == k.n && memcmp(slots[i].key, k.p, k.n) == 0)) i = (i + 1) & mask;
    return &slots[i];
}

static bool grow(an_doc *d, struct an_lemma_cache *c)
{
    uint32_t cap = c->slots ? (c->mask + 1) * 2 : 1024;
    word_entry *slots = an_arena_alloc(&d->arena, cap * sizeof *slots);
    if (!slots) return false;
    memset(slots, 0, cap * sizeof *slots);
    for (uint32_t i = 0; c->slots && i <= c->mask; i++)
        if (c->slots[i].key) *probe(slots, cap - 1, (an_span){ c->slots[i].key, c->slots[i].key_n }) = c->slots[i];
    c->slots = slots;
    c->mask = cap - 1;
    if (c->tok_slot) memset(c->tok_slot, 0, c->n_tok * sizeof *c->tok_slot);
    return true;
}

/* The entry of token t's word, its lemmas computed; NULL when out of memory. */
static word_entry *entry_of(const an_codelang *cl, an_doc *d, uint32_t t)
{
    struct an_lemma_cache *c = d->lemmas;
    if (!c) {
        if (!(c = an_arena_alloc(&d->arena, sizeof *c))) return NULL;
        memset(c, 0, sizeof *c);
        d->lemmas = c;
    }
    if (c->n_tok != d->tokens.n) {   /* the tokens of this document (none cached yet) */
        c->tok_slot = an_arena_alloc(&d->arena, (size_t)d->tokens.n * sizeof *c->tok_slot);
        c->n_tok = c->tok_slot ? d->tokens.n : 0;
        if (c->tok_slot) memset(c->tok_slot, 0, c->n_tok * sizeof *c->tok_slot);
    }
    if (t < c->n_tok && c->tok_slot[t]) return &c->slots[c->tok_slot[t] - 1];
    if ((c->used + 1) * 2 > (c->slots ? c->mask + 1 : 0) && !grow(d, c)) return NULL;
    an_span k = an_doc_token_key(d, &d->tokens.items[t]);
    word_entry *w = probe(c->slots, c->mask, k);
    if (t < c->n_tok) c->tok_slot[t] = (uint32_t)(w - c->slots) + 1;
    if (w->key) return w;
    char *key = an_arena_strdup(&d->arena, k.p, k.n);
    if (!key) return NULL;
    collect col = { d, c, 0, false };
    uint32_t first = c->items.n;
    an_morph_lemmas(cl, k.p, k.n, collect_lemma, &col);
    if (col.nomem) { c->items.n = first; return NULL; }
    *w = (word_entry){ key, (uint32_t)k.n, first, col.n, 0 };
    c->used++;
    return w;
}

/* Calls fn on token t's lemmas, from the cache when it has them. */
static bool replay(const an_codelang *cl, an_doc *d, uint32_t t, const word_entry *w,
                   bool (*fn)(void *, const char *, size_t), void *ctx)
{
    if (!w) {   /* out of memory: uncached */
        an_span k = an_doc_token_key(d, &d->tokens.items[t]);
        return an_morph_lemmas(cl, k.p, k.n, fn, ctx);
    }
    for (uint32_t i = 0; i < w->count; i++) {
        an_span l = d->lemmas->items.items[w->first + i];
        if (fn(ctx, l.p, l.n)) return true;
    }
    return false;
}

bool an_doc_lemmas(const an_codelang *cl, an_doc *d, uint32_t t,
                   bool (*fn)(void *, const char *, size_t), void *ctx)
{
    return replay(cl, d, t, entry_of(cl, d, t), fn, ctx);
}

bool an_token_reports(const an_codelang *cl, an_doc *d, uint32_t t)
{
    if (d->tokens.items[t].kind != AN_TOK_WORD) return false;
    /* after an article it is a noun: "against the state", "a report" */
    if (t > 0 && an_codelang_is(cl, AN_WC_ARTICLE, an_doc_token_key(d, &d->tokens.items[t - 1]))) return false;
    /* capitalised after a word, it is a name: "Secretary of State", "Amt für Staat" */
    if (t > 0 && (d->tokens.items[t].flags & AN_TOKF_UPPER) && d->tokens.items[t - 1].kind == AN_TOK_WORD) return false;
    /* English: before "of" it is a noun ("the state of Punjab", "reports of shelling") */
    if (cl->code[0] == 'e' && t + 1 < d->tokens.n &&
        an_codelang_is(cl, AN_WC_PARTITIVE, an_doc_token_key(d, &d->tokens.items[t + 1])))
        return false;
    word_entry *w = entry_of(cl, d, t);
    if (w && w->report) return w->report == 2;
    bool yes = replay(cl, d, t, w, report_lemma, (void *)cl);
    if (w) w->report = yes ? 2 : 1;
    return yes;
}
