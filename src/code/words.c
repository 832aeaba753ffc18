/* words.c — the clause's words and the patterns they fire (step 2 of coder.c).
 *
 * Triggers: every word's lemma candidates (morph.c) and, for a German clause that ends
 * in a separable particle, particle + lemma ("griff … an" → angreifen) are looked up in
 * the pattern index; noun triggers match by stem ("Angriffen"). Of the patterns of one
 * trigger whose conditions hold, the most specific wins, and among equals the one whose
 * target preposition governs an actor here. A general code (a root or "…0") gives way
 * to a more specific one of the same root fired by another word of the clause ("killed
 * … in a firefight" → 193).
 * A condition ("+town|city|@place", "-…") is answered from the hashes of every lemma and
 * stem of the clause's words, collected once per clause into a set, so that each
 * alternative is mostly one probe, and each distinct condition is evaluated once per
 * clause. Also here: the tests of single words the other steps ask (is it a verb, a
 * gerund, a light verb, a passive, a reporting trigger). */
#include "coder_ctx.h"

static bool add_word(void *p, const char *lemma, size_t n)
{
    ctx *c = p;
    if (c->n_words == c->cap_words) {
        uint32_t cap = c->cap_words ? c->cap_words * 2 : 256;
        uint64_t *w = an_arena_alloc(&c->d->arena, cap * sizeof *w);
        uint32_t *wt = an_arena_alloc(&c->d->arena, cap * sizeof *wt);
        if (!w || !wt) return true;
        if (c->n_words) { memcpy(w, c->words, c->n_words * sizeof *w); memcpy(wt, c->word_tok, c->n_words * sizeof *wt); }
        c->words = w;
        c->word_tok = wt;
        c->cap_words = cap;
    }
    c->word_tok[c->n_words] = c->tok;
    c->words[c->n_words++] = an_hash64(lemma, n);
    return false;   /* keep going: every candidate counts */
}

/* Collects the hashes of every stem, irregular lemma and morphological lemma of the
 * clause's words. */
static void clause_words(ctx *c)
{
    c->n_words = 0;
    uint32_t saved = c->tok;
    /* a place name counts as the word "@place": "+town|city|@place" holds for "seized
     * Damascus" */
    for (uint32_t m = c->m_first; m < c->m_end; m++) {
        const an_mention *mm = &c->d->mentions.items[m];
        uint8_t ty = c->d->entities.items[mm->entity].type;
        if (mm->tok_start < c->c.start || mm->tok_start >= c->c.end || (ty != AN_ENT_PLACE && ty != AN_ENT_REGION)) continue;
        c->tok = mm->tok_start;
        add_word(c, "@place", 6);
    }
    for (uint32_t t = c->c.start; t < c->c.end; t++) {
        if (c->d->tokens.items[t].kind != AN_TOK_WORD) continue;
        c->tok = t;
        an_span k = key_of(c->d, t);
        size_t l[AN_STEM_MAX], nl = an_stem_lengths(k.p, k.n, c->cl->code, l);
        for (size_t i = 0; i < nl; i++) add_word(c, k.p, l[i]);
        const char *irr = an_codelang_form(c->cl, k.p, k.n);
        if (irr) add_word(c, irr, strlen(irr));
        an_doc_lemmas(c->cl, c->d, t, add_word, c);
    }
    c->tok = saved;
}

/* Builds the clause's set of word hashes (open addressing, 0 = empty), so that a
 * condition's alternatives are mostly one probe each instead of a scan. */
static void clause_word_set(ctx *c)
{
    uint32_t cap = 64;
    while (cap < c->n_words * 2) cap *= 2;
    if (cap > c->wset_cap) {
        uint64_t *ws = an_arena_alloc(&c->d->arena, cap * sizeof *ws);
        if (!ws) { c->wset_cap = 0; return; }   /* then every lookup scans */
        c->wset = ws;
        c->wset_cap = cap;
    }
    c->wset_mask = cap - 1;
    memset(c->wset, 0, cap * sizeof *c->wset);
    for (uint32_t i = 0; i < c->n_words; i++) {
        uint64_t h = c->words[i] | 1;
        uint32_t s = (uint32_t)h & c->wset_mask;
        while (c->wset[s] && c->wset[s] != h) s = (s + 1) & c->wset_mask;
        c->wset[s] = h;
    }
}

void an_words_collect(ctx *c)
{
    memset(c->memo_key, 0, sizeof c->memo_key);
    clause_words(c);
    clause_word_set(c);
}

/* May the clause hold a word with hash h? (false: certainly not) */
static bool word_in_clause(const ctx *c, uint64_t h)
{
    if (!c->wset_cap) return true;
    h |= 1;
    for (uint32_t s = (uint32_t)h & c->wset_mask; c->wset[s]; s = (s + 1) & c->wset_mask)
        if (c->wset[s] == h) return true;
    return false;
}

/* Does token t have the lemma or stem w? (via the clause's word hashes) */
static bool token_has_word(const ctx *c, uint32_t t, uint64_t h)
{
    for (uint32_t i = 0; i < c->n_words; i++)
        if (c->word_tok[i] == t && c->words[i] == h) return true;
    return false;
}

/* Does the clause hold one of the '|'-separated alternatives of list? An alternative of
 * several words ("blue helmet") must stand as consecutive tokens. */
static bool clause_has_any(ctx *c, uint32_t list, uint32_t hashes)
{
    const char *s = an_pool(c->cl, list);
    const uint64_t *hs = c->cl->cond_hashes.items + hashes + 1;   /* one per alternative */
    for (uint32_t alt = 0; *s; alt++) {
        const char *e = strchr(s, '|');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        const char *sp = memchr(s, ' ', n);
        uint64_t h = hs[alt];
        for (uint32_t i = 0; i < c->n_words && word_in_clause(c, h); i++) {
            if (c->words[i] != h) continue;
            uint32_t t = c->word_tok[i];
            /* the remaining words, one token each */
            const char *r = sp ? sp + 1 : NULL;
            uint32_t u = t + 1;
            bool ok = true;
            while (r && r < s + n && ok) {
                const char *re = memchr(r, ' ', (size_t)(s + n - r));
                size_t rn = re ? (size_t)(re - r) : (size_t)(s + n - r);
                ok = u < c->c.end && token_has_word(c, u, an_hash64(r, rn));
                u++;
                r = re ? re + 1 : NULL;
            }
            if (ok) return true;
        }
        s += n + (e ? 1 : 0);
    }
    return false;
}

static bool clause_has_cached(ctx *c, uint32_t list, uint32_t hashes)
{
    uint32_t s = (list * 2654435761u) >> 26;
    for (int probe = 0; probe < 64; probe++, s = (s + 1) & 63) {
        if (c->memo_key[s] == list + 1) return c->memo_val[s];
        if (!c->memo_key[s]) {
            bool v = clause_has_any(c, list, hashes);
            c->memo_key[s] = list + 1;
            c->memo_val[s] = v;
            return v;
        }
    }
    return clause_has_any(c, list, hashes);
}

bool an_words_list_has(const char *list, an_span w)
{
    const char *s = list;
    while (*s) {
        const char *e = strchr(s, '|');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == w.n && memcmp(s, w.p, n) == 0) return true;
        s += n + (e ? 1 : 0);
    }
    return false;
}

/* Tries the patterns of one lemma; keeps the most specific that holds. */
bool an_words_try_lemma(void *p, const char *lemma, size_t n)
{
    ctx *c = p;
    bool any = false;
    for (uint32_t i = an_codelang_trigger(c->cl, lemma, n); i; i = c->cl->patterns.items[i - 1].next) {
        const an_pattern *pt = &c->cl->patterns.items[i - 1];
        if (pt->noun != c->want_noun) continue;
        bool holds = true;
        for (int k = 0; k < AN_PATTERN_PLUS && holds; k++)
            if (pt->plus[k] != UINT32_MAX && !clause_has_cached(c, pt->plus[k], pt->plus_h[k])) holds = false;
        if (!holds) continue;
        if (pt->minus != UINT32_MAX && clause_has_cached(c, pt->minus, pt->minus_h)) continue;
        if (pt->next_is != UINT32_MAX || pt->next_not != UINT32_MAX) {
            /* the word right after the trigger: "call on", not "called the move illegal" */
            an_span nx = c->tok + 1 < c->c.end ? key_of(c->d, c->tok + 1) : (an_span){ "", 0 };
            if (pt->next_is != UINT32_MAX && !an_words_list_has(an_pool(c->cl, pt->next_is), nx)) continue;
            if (pt->next_not != UINT32_MAX && an_words_list_has(an_pool(c->cl, pt->next_not), nx)) continue;
        }
        /* ">with" and ">to" patterns of one verb: the one whose preposition governs an
         * actor here is the more specific */
        unsigned score = pt->n_conditions * 2u +
                         (pt->target_prep != UINT32_MAX && an_roles_prep_has_actor(c, pt->target_prep));
        if (!c->best_pattern || score > c->best_score) { c->best_pattern = i; c->best_score = score; }
        any = true;
    }
    return any;
}

/* Is a CAMEO code general: a root ("19") or a "…0" code ("190")? */
static bool general_code(const char *code)
{
    size_t n = strlen(code);
    return n == 2 || (n == 3 && code[2] == '0');
}

/* Has the lemma a pattern of root c->refine_root with a specific code? (a cheap test
 * before its conditions are evaluated) */
static bool specific_lemma(void *p, const char *lemma, size_t n)
{
    const ctx *c = p;
    for (uint32_t i = an_codelang_trigger(c->cl, lemma, n); i; i = c->cl->patterns.items[i - 1].next) {
        const char *code = c->cl->patterns.items[i - 1].cameo;
        if (code[0] == c->refine_root[0] && code[1] == c->refine_root[1] && !general_code(code)) return true;
    }
    return false;
}

/* A general code from the clause's trigger ("killed": 190) gives way to a more specific
 * one of the same root that another word of the clause fires ("strikes": 195,
 * "firefight": 193). Returns the pattern to code with. */
const an_pattern *an_words_refine(ctx *c, const an_pattern *pt, uint32_t trig, uint32_t m_first, uint32_t m_end)
{
    if (!general_code(pt->cameo)) return pt;
    c->refine_root[0] = pt->cameo[0];
    c->refine_root[1] = pt->cameo[1];
    uint32_t saved_tok = c->tok, saved_best = c->best_pattern;
    unsigned saved_score = c->best_score;
    bool saved_noun = c->want_noun;
    const an_pattern *out = pt;
    for (uint32_t t = c->c.start, mi = m_first; t < c->c.end && out == pt; t++) {
        if (t == trig || c->d->tokens.items[t].kind != AN_TOK_WORD) continue;
        while (mi < m_end && c->d->mentions.items[mi].tok_end <= t) mi++;
        if (mi < m_end && c->d->mentions.items[mi].tok_start <= t) continue;
        if (!an_doc_lemmas(c->cl, c->d, t, specific_lemma, c)) continue;
        for (int noun = 0; noun < 2 && out == pt; noun++) {
            c->tok = t;
            c->best_pattern = 0;
            c->want_noun = noun;
            an_doc_lemmas(c->cl, c->d, t, an_words_try_lemma, c);
            if (!c->best_pattern) continue;
            const an_pattern *q = &c->cl->patterns.items[c->best_pattern - 1];
            if (q->cameo[0] == pt->cameo[0] && q->cameo[1] == pt->cameo[1] && !general_code(q->cameo)) out = q;
        }
    }
    c->tok = saved_tok;
    c->best_pattern = saved_best;
    c->best_score = saved_score;
    c->want_noun = saved_noun;
    return out;
}

bool an_words_try_particle_lemma(void *p, const char *lemma, size_t n)
{
    ctx *c = p;
    char buf[160];
    if (c->particle_n + n >= sizeof buf) return false;
    memcpy(buf, c->particle, c->particle_n);
    memcpy(buf + c->particle_n, lemma, n);
    return an_words_try_lemma(c, buf, c->particle_n + n);
}

/* Did the pattern that fired come from a reporting verb? Its trigger decides: "sagte …
 * zu" fires zusagen, a pledge, not sagen. */
bool an_words_pattern_reports(const ctx *c, const an_pattern *pt)
{
    const char *lemma = an_pool(c->cl, pt->trigger);
    if (pt->noun || !an_codelang_is(c->cl, AN_WC_REPORT, (an_span){ lemma, strlen(lemma) })) return false;
    /* a reporting verb reports as a statement (root 01): "announced humanitarian
     * assistance" (073) and "claimed responsibility" (015) are acts, not reports; and
     * it reports whatever it codes when nothing follows it in its clause ("…, U.S.
     * officials warned.") */
    if (pt->cameo[0] == '0' && pt->cameo[1] == '1' && strcmp(pt->cameo, "015") != 0) return true;
    for (uint32_t t = c->tok + 1; t < c->c.end; t++)
        if (c->d->tokens.items[t].kind != AN_TOK_PUNCT) return false;
    return true;
}

bool an_words_passive(ctx *c, uint32_t trig)
{
    an_span k = key_of(c->d, trig);
    /* the auxiliary stands before the participle: next to it in English ("was
     * reportedly detained"), anywhere before it in a German clause ("wurden am Samstag
     * drei Menschen getötet"); one after it belongs to another verb ("said Putin was") */
    bool aux = false;
    uint32_t from = c->cl->code[0] == 'e' && trig > c->c.start + 4 ? trig - 4 : c->c.start;
    /* a participle coordinated with a passive one shares its auxiliary ("was stabbed and
     * wounded by …"): the clause opened at the conjunction looks back past it */
    uint32_t s0 = c->d->units.items[c->sentence].first_token;
    if (trig == c->c.start + 1 && c->c.start > s0 && is_class(c, AN_WC_COORD, c->c.start) &&
        an_words_verb_at(c, c->c.start - 1))
        from = c->c.start > s0 + 4 ? c->c.start - 4 : s0;
    for (uint32_t t = from; t < trig; t++)
        if (is_class(c, AN_WC_PASSIVE, t)) aux = true;
    if (!aux) return false;
    /* the trigger must be a participle, not the infinitive of a future ("wird unterzeichnen") */
    const an_pattern *pt = &c->cl->patterns.items[c->best_pattern - 1];
    const char *lemma = an_pool(c->cl, pt->trigger);
    /* nor a progressive ("was attacking") */
    bool progressive = an_words_gerund_at(c, trig);
    return !(strlen(lemma) == k.n && memcmp(lemma, k.p, k.n) == 0) && !pt->noun && !progressive;
}

static bool light_lemma(void *p, const char *lemma, size_t n)
{
    const ctx *c = p;
    return an_codelang_is(c->cl, AN_WC_LIGHT, (an_span){ lemma, n });
}

static bool reciprocal_lemma(void *p, const char *lemma, size_t n)
{
    return an_codelang_is(p, AN_WC_RECIPROCAL, (an_span){ lemma, n });
}

/* Does the clause say its sides act on each other ("each other", "swapped",
 * "miteinander")? Words by their lemmas, two-word entries as "each_other". */
bool an_words_reciprocal(const ctx *c)
{
    for (uint32_t t = c->c.start; t < c->c.end; t++) {
        if (c->d->tokens.items[t].kind != AN_TOK_WORD) continue;
        if (an_doc_lemmas(c->cl, c->d, t, reciprocal_lemma, (void *)c->cl) ||
            an_codelang_phrase_is(c->cl, AN_WC_RECIPROCAL, c->d, t, c->c.end))
            return true;
    }
    return false;
}

static bool light_at(ctx *c, uint32_t k)
{
    return is_class(c, AN_WC_LIGHT, k) || an_doc_lemmas(c->cl, c->d, k, light_lemma, c);
}

/* Does a light verb ("launched", "carried out", "went on") stand before the noun at t,
 * with only its particle, determiners, numbers and modifiers between? */
bool an_words_light_before(ctx *c, uint32_t t)
{
    for (uint32_t k = t, steps = 0; k > c->c.start && steps < 6; steps++) {
        k--;
        if (light_at(c, k)) return true;
        if (is_class(c, AN_WC_PREP, k)) return k > c->c.start && light_at(c, k - 1);   /* its particle */
        if (c->d->tokens.items[k].kind == AN_TOK_PUNCT || is_class(c, AN_WC_SUBORD, k) || is_class(c, AN_WC_COORD, k))
            return false;
    }
    return false;
}

static bool verb_lemma(void *p, const char *lemma, size_t n)
{
    const ctx *c = p;
    for (uint32_t i = an_codelang_trigger(c->cl, lemma, n); i; i = c->cl->patterns.items[i - 1].next)
        if (!c->cl->patterns.items[i - 1].noun) return true;
    return false;
}

/* Is token t a verb that some pattern has as its trigger (lower case in German)? */
bool an_words_verb_at(ctx *c, uint32_t t)
{
    const an_token *tk = &c->d->tokens.items[t];
    if (tk->kind != AN_TOK_WORD || (c->cl->code[0] == 'd' && (tk->flags & AN_TOKF_UPPER))) return false;
    return an_doc_lemmas(c->cl, c->d, t, verb_lemma, c);
}

/* Is token t an English gerund or participle ("…, killing three people")? It opens no
 * clause of its own. */
bool an_words_gerund_at(const ctx *c, uint32_t t)
{
    an_span k = key_of(c->d, t);
    return c->cl->code[0] == 'e' && k.n > 4 && memcmp(k.p + k.n - 3, "ing", 3) == 0;
}
