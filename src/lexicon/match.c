/* match.c — finding actors and places in a document.
 *
 * 1. Longest match: at each token, the aliases indexed under any stem of the token are
 *    tried against the tokens that follow; the longest wins. A token matches an alias
 *    token when one of its stems (stem.c) equals the alias token or its stem. Work per
 *    token is bounded by the alias chains, so matching is linear in the text.
 * 2. Composition: a demonym before a role noun is a country's organ ("nordkoreanische
 *    Soldaten" → PRK + MIL); a role noun before a country in the genitive or after
 *    "aus"/"of" likewise ("Soldaten aus Nordkorea"); a demonym before a named actor is
 *    absorbed by it ("der russische Föderationsrat"); a composite right before a person
 *    is that person's apposition ("der russische Präsident Wladimir Putin").
 * 3. Coreference: a role noun without a country ("dieser Truppen") is the latest entity
 *    of that role; else the country of a place it is at, of a domestic actor before it
 *    ("Georgian police detained protesters"), or of a state organ it acts on after it
 *    ("Harvard University sued the Trump administration").
 * Mentions become entities: one per lexicon actor, one per composite code. */
#include "index.h"
#include <math.h>
#include <stdio.h>


#define RAW_PLACE_ALTS 4u   /* other places named alike kept with a match */

typedef struct raw {
    uint32_t tok_start, tok_end;
    uint32_t actor;
    bool adj;
    /* gazetteer places named alike that lost to actor on rank: the sentence's countries
     * may prefer one of them (same_country_place) */
    uint32_t alt[RAW_PLACE_ALTS];
    uint8_t n_alt;
} raw;

/* Words that link a role noun to the country after it: "Soldaten aus Nordkorea",
 * "troops of Russia", "войска из России". */
static const char *const role_links[] = { "aus", "von", "der", "des", "of", "from", "the",
                                          "из", "з", "із", NULL };

/* Stem lengths of the sentence's tokens, computed once per sentence (stem.c); a byte
 * holds them because token keys are cut at AN_MAX_TOKEN_KEY. */
_Static_assert(AN_MAX_TOKEN_KEY <= 255, "stem lengths are kept in a byte");
typedef struct stems { uint8_t n; uint8_t len[AN_STEM_MAX]; } stems;

static inline bool same(const char *a, const char *b, size_t n)
{
    /* most candidates differ in their first or last byte: skip the call for those */
    return n && a[0] == b[0] && a[n - 1] == b[n - 1] && memcmp(a, b, n) == 0;
}

/* Does token t match an alias token (base form key[0, len), stem key[0, stem))? Either
 * side may lose its ending ("Росії" meets "Росія" at "рос"), except where words only
 * grow by inflection (English "Houthis", "Iran's"): there a text word shorter than the
 * alias is another word ("Hama" is not "Hamas"). */
static bool tok_matches(const an_doc *d, const an_token *t, const stems *st, const char *key,
                        size_t len, size_t stem, bool stem_ok, bool grow_only)
{
    an_span k = an_doc_token_key(d, t);
    if (grow_only && k.n < len) stem_ok = false;
    for (size_t i = 0; i < st->n; i++)
        if ((st->len[i] == len && same(k.p, key, len)) || (stem_ok && st->len[i] == stem && same(k.p, key, stem)))
            return true;
    return false;
}

/* Does a word that introduces a place stand before token i ("in", "bei", "near"), or a
 * region cue beside it ("Region", "Oblast")? */
static bool place_cued(const an_lexicon *lx, const an_doc *d, uint32_t i)
{
    if (i > 0) {
        an_span k = an_doc_token_key(d, &d->tokens.items[i - 1]);
        if (an_strset_has(&lx->place_at, k.p, k.n) || an_strset_has(&lx->region_before, k.p, k.n)) return true;
    }
    if (i + 1 < d->tokens.n) {
        an_span k = an_doc_token_key(d, &d->tokens.items[i + 1]);
        if (an_strset_has(&lx->region_after, k.p, k.n)) return true;
    }
    return false;
}

/* Does alias al match at token i? st holds the stems of the sentence's tokens from
 * token `base` on. */
static bool alias_fits(const an_lexicon *lx, const an_doc *d, const stems *st, uint32_t base,
                       const an_alias *al, uint32_t i, uint32_t end, int doc_lang)
{
    if (i + al->n_keys > end) return false;
    int alias_lang = (al->flags >> AN_ALIAS_LANG_SHIFT) & 7;
    bool stem_ok = !alias_lang || alias_lang == doc_lang;
    /* a country is named in the document's own language: German "Island" (Iceland) is
     * an English word ("Manus Island"); a person's or a body's name may stay foreign */
    if (alias_lang && doc_lang && alias_lang != doc_lang && lx->actors.items[al->actor].type == AN_ENT_COUNTRY)
        return false;
    for (uint32_t j = 0; j < al->n_keys; j++) {
        const alias_tok *at = lx_alias_tok(lx, al->keys + j);
        const char *key = lx->pool.items + at->off;
        size_t len = at->len, stem = at->stem;
        const an_token *t = &d->tokens.items[i + j];
        if ((al->flags & AN_ALIAS_CAPS) && !(t->flags & AN_TOKF_ALLCAPS)) return false;
        if ((al->flags & AN_ALIAS_PLACE) && j == 0 && !(t->flags & AN_TOKF_UPPER)) return false;
        /* a place named with an article ("The Hague") has a capital after it: "The
         * summit" opening a sentence is no place */
        if ((al->flags & AN_ALIAS_PLACE) && j == 1 && !(t->flags & AN_TOKF_UPPER)) {
            an_span k0 = an_doc_token_key(d, &d->tokens.items[i]);
            if (an_strset_has(&lx->definite, k0.p, k0.n)) return false;
        }
        if ((al->flags & AN_ALIAS_NOUN) && j == 0 && doc_lang == AN_ALIAS_LANG_DE && !(t->flags & AN_TOKF_UPPER)) return false;
        if ((al->flags & AN_ALIAS_PLACE) && al->n_keys == 1) {   /* "New York" may start with "new" */
            an_span k = an_doc_token_key(d, t);
            if (an_strset_has(&lx->place_stop, k.p, k.n)) return false;
            /* a one-word name of a small place is a place only where the text puts a
             * place ("bei Pokrowsk", "near Odaisseh") or once the article has: alone it is
             * more often a word ("Rathaus", "Secretary") than the village of that name */
            if (lx->actors.items[al->actor].population < AN_PLACE_BARE_POP && !place_cued(lx, d, i) &&
                an_doc_entity_find(d, al->actor, "") == UINT32_MAX)   /* named as a place before */
                return false;
        }
        if (!tok_matches(d, t, &st[i + j - base], key, len, stem, stem_ok, doc_lang == AN_ALIAS_LANG_EN)) return false;
    }
    return true;
}

/* Between two actors named alike (by aliases a and b): a curated actor over a gazetteer
 * place or region; then a place by its own name over one by a former or variant name,
 * unless that one is more than PLACE_NAME_RANK times as populous and the first is no
 * capital ("Pokrovsk" is the town in Donetsk, not Engels, once called so; "Kiev" is
 * Kyiv; "Islamabad" is Pakistan's capital, not Chattogram); then the more populous one. */
#define PLACE_NAME_RANK 5u
static bool better(const an_lexicon *lx, const an_alias *a, const an_alias *b)
{
    const an_actor *x = &lx->actors.items[a->actor], *y = &lx->actors.items[b->actor];
    bool xp = x->gazetteer, yp = y->gazetteer;
    if (xp != yp) return !xp;
    if (!xp) return false;
    bool xn = a->flags & AN_ALIAS_NAME, yn = b->flags & AN_ALIAS_NAME;
    /* a capital by its own name always: "Islamabad" is not Chattogram's old name */
    if (xn && !yn) return x->capital || (uint64_t)x->population * PLACE_NAME_RANK >= y->population;
    if (yn && !xn) return !y->capital && (uint64_t)y->population * PLACE_NAME_RANK < x->population;
    return x->population > y->population;
}

static uint32_t entity_for(an_doc *d, const an_lexicon *lx, uint32_t actor, const char *code,
                           const char *country, uint8_t type, const char *name)
{
    char key[sizeof d->entities.items[0].key];
    snprintf(key, sizeof key, "%s", code);
    uint32_t found = an_doc_entity_find(d, actor, key);
    if (found != UINT32_MAX) return found;
    an_entity *e = AN_VEC_PUSH(&d->arena, &d->entities);
    if (!e) return UINT32_MAX;
    e->actor = actor;
    e->type = type;
    snprintf(e->code, sizeof e->code, "%s", code);
    snprintf(e->key, sizeof e->key, "%s", code);
    snprintf(e->country, sizeof e->country, "%s", country);
    e->lat = e->lon = NAN;
    if (actor != UINT32_MAX) {
        const an_actor *a = &lx->actors.items[actor];
        e->name = an_actor_name(lx, a);
        e->wikidata = a->wikidata;
        e->geonames = a->geonames;
        e->lat = a->lat;
        e->lon = a->lon;
    } else {
        e->name = name;
        e->wikidata = "";
    }
    return an_doc_entity_index(d, d->entities.n - 1) ? UINT32_MAX : d->entities.n - 1;
}

static an_status add_mention(an_doc *d, uint32_t sent, uint32_t ts, uint32_t te, uint32_t entity,
                             uint8_t flags)
{
    if (entity == UINT32_MAX) return AN_NOMEM;
    an_mention *m = AN_VEC_PUSH(&d->arena, &d->mentions);
    if (!m) return AN_NOMEM;
    m->tok_start = ts;
    m->tok_end = te;
    m->start = d->tokens.items[ts].start;
    m->end = d->tokens.items[te - 1].end;
    m->sentence = sent;
    m->entity = entity;
    m->flags = flags;
    d->entities.items[entity].n_mentions++;
    return AN_OK;
}

/* Words that coordinate two demonyms before one noun ("indischen und pakistanischen
 * Soldaten"). */
static const char *const and_words[] = { "and", "und", "sowie", "or", "oder", "і", "й", "та", "и", NULL };

static bool joined_by_and(const an_doc *d, uint32_t from, uint32_t to)
{
    if (to != from + 1) return false;
    an_span k = an_doc_token_key(d, &d->tokens.items[from]);
    for (int i = 0; and_words[i]; i++)
        if (an_span_eq(k, and_words[i])) return true;
    return false;
}

static bool is_link_word(const an_doc *d, uint32_t t)
{
    an_span k = an_doc_token_key(d, &d->tokens.items[t]);
    for (int i = 0; role_links[i]; i++)
        if (an_span_eq(k, role_links[i])) return true;
    return false;
}

/* Words that join the countries of a list ("the presidents of Azerbaijan and
 * Kazakhstan"). */
static const char *const list_joins[] = { ",", "and", "und", "і", "та", "й", "и", NULL };

/* Do only list joins (and articles) stand between tokens a and b? */
static bool list_joined(const an_lexicon *lx, const an_doc *d, uint32_t a, uint32_t b)
{
    bool joined = false;
    for (uint32_t t = a; t < b; t++) {
        an_span k = an_doc_token_key(d, &d->tokens.items[t]);
        bool join = false;
        for (int i = 0; list_joins[i] && !join; i++) join = an_span_eq(k, list_joins[i]);
        if (!join && !an_strset_has(&lx->definite, k.p, k.n)) return false;
        joined |= join;
    }
    return joined;
}

static const char *composite_name(an_doc *d, const an_lexicon *lx, const an_actor *country,
                                  const char *role)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s (%s)", an_actor_name(lx, country), role);
    return an_arena_strdup(&d->arena, buf, strlen(buf));
}

static bool is_region_word(const an_doc *d, const an_strset *set, uint32_t t)
{
    an_span k = an_doc_token_key(d, &d->tokens.items[t]);
    return an_strset_has(set, k.p, k.n);
}

static bool region_cue(const an_doc *d, const an_lexicon *lx, raw r, uint32_t sent)
{
    const an_sentence *u = &d->units.items[sent];
    return (r.tok_start > u->first_token && is_region_word(d, &lx->region_before, r.tok_start - 1)) ||
           (r.tok_end < u->first_token + u->n_tokens && is_region_word(d, &lx->region_after, r.tok_end));
}

static const char *region_name(an_doc *d, const an_lexicon *lx, const an_actor *a)
{
    char buf[160];
    bool oblast = !strcmp(a->country, "RUS") || !strcmp(a->country, "UKR") || !strcmp(a->country, "BLR") ||
                  !strcmp(a->country, "KAZ");
    snprintf(buf, sizeof buf, "%s %s", an_actor_name(lx, a), oblast ? "Oblast" : "region");
    return an_arena_strdup(&d->arena, buf, strlen(buf));
}

/* The place or country nearest to role noun r[i] in its clause, preferring one right
 * after it ("Gericht in Moskau"); country adjectives are not places ("russische" belongs
 * to its own noun) unless a place word follows ("the Mexican city of"). NULL when there
 * is none within ROLE_PLACE_SPAN tokens. */
#define ROLE_PLACE_SPAN 8u   /* tokens between a role noun and the place that gives its country */

static bool crosses_clause(const an_doc *d, uint32_t from, uint32_t to)
{
    for (uint32_t t = from; t < to; t++) {
        an_span k = an_doc_token_key(d, &d->tokens.items[t]);
        if (an_span_eq(k, ",") || an_span_eq(k, ";") || an_span_eq(k, ":")) return true;
    }
    return false;
}

static const raw *place_of_role(const an_lexicon *lx, const an_doc *d, const raw *r, size_t n, size_t i, bool anywhere)
{
    const raw *best = NULL;
    uint32_t best_gap = UINT32_MAX;
    for (size_t j = 0; j < n; j++) {
        const an_actor *a = &lx->actors.items[r[j].actor];
        /* a country adjective before a place word names a place of that country ("in
         * the Mexican city of Celaya") */
        bool place_adj = r[j].adj && r[j].tok_end < d->tokens.n && is_region_word(d, &lx->place_at, r[j].tok_end);
        if (j == i || (r[j].adj && !place_adj) || !a->country[0] ||
            (a->type != AN_ENT_PLACE && a->type != AN_ENT_REGION && a->type != AN_ENT_COUNTRY)) continue;
        bool after = r[j].tok_start >= r[i].tok_end;
        uint32_t from = after ? r[i].tok_end : r[j].tok_end, to = after ? r[j].tok_start : r[i].tok_start;
        if (!anywhere && (to - from > ROLE_PLACE_SPAN || crosses_clause(d, from, to))) continue;
        /* "police officers to Haiti": a destination, not where they are from */
        if (after && r[j].tok_start > 0) {
            an_span k = an_doc_token_key(d, &d->tokens.items[r[j].tok_start - 1]);
            if (an_strset_has(&lx->place_to, k.p, k.n)) continue;
        }
        uint32_t gap = after ? to - from : 2 * (to - from) + 1;
        if (gap < best_gap) { best = &r[j]; best_gap = gap; }
    }
    return best;
}

/* The country of the nearest actor before token t in its clause whose role acts at home
 * (police, courts, government: "Georgian police detained opposition supporters"), or
 * NULL. Forces are left out: "Russian troops killed civilians" are not Russian ones. */
static const char *domestic_country(const an_lexicon *lx, const an_doc *d, uint32_t sent, uint32_t t)
{
    for (uint32_t k = d->mentions.n; k-- > 0;) {
        const an_mention *m = &d->mentions.items[k];
        if (m->sentence != sent || crosses_clause(d, m->tok_end, t)) return NULL;
        const an_entity *e = &d->entities.items[m->entity];
        size_t n = strlen(e->code);
        /* the nearest such actor decides: "Hamas release the hostages" are not the
         * hostages of whoever spoke before */
        if (n >= 6 && e->country[0] && e->type != AN_ENT_PLACE && e->type != AN_ENT_REGION)
            return an_strset_has(&lx->abroad_roles, e->code + 3, 3) ? NULL : e->code;
    }
    return NULL;
}

/* The code of the nearest actor before token t in its clause when it is an irregular
 * force of a country (roles.txt `irregular`: "ELN rebels", "Al-Shabaab fighters"), or
 * NULL. */
static const char *irregular_before(const an_lexicon *lx, const an_doc *d, uint32_t sent, uint32_t t)
{
    for (uint32_t k = d->mentions.n; k-- > 0;) {
        const an_mention *m = &d->mentions.items[k];
        if (m->sentence != sent || crosses_clause(d, m->tok_end, t)) return NULL;
        const an_entity *e = &d->entities.items[m->entity];
        if (e->type == AN_ENT_PLACE || e->type == AN_ENT_REGION) continue;
        return strlen(e->code) >= 6 && e->country[0] && an_strset_has(&lx->irregular_roles, e->code + 3, 3) ? e->code : NULL;
    }
    return NULL;
}

/* The country of the first state actor after role noun r[i] in its clause (a government,
 * police, a court: "Harvard University sued the Trump administration", "students
 * protested against the Georgian government"): an organisation with no country of its
 * own that acts on a state's organ is taken to be of that state. NULL when none. */
#define ROLE_STATE_SPAN 12u  /* tokens between a role noun and the state actor after it */
static const char *state_after(const an_lexicon *lx, const an_doc *d, const raw *r, size_t n, size_t i,
                               int32_t date)
{
    for (size_t j = i + 1; j < n && r[j].tok_start <= r[i].tok_end + ROLE_STATE_SPAN; j++) {
        if (crosses_clause(d, r[i].tok_end, r[j].tok_start)) return NULL;
        const an_actor *a = &lx->actors.items[r[j].actor];
        const char *code = an_actor_code_on(lx, a, date);
        if (a->type == AN_ENT_COUNTRY && r[j].adj && j + 1 < n && r[j + 1].tok_start == r[j].tok_end &&
            lx->actors.items[r[j + 1].actor].type == AN_ENT_ROLE) {
            /* "the Georgian government": a demonym and a state's role noun */
            const char *role = an_actor_code_on(lx, &lx->actors.items[r[j + 1].actor], 0);
            if (an_strset_has(&lx->state_roles, role, strlen(role))) return code;
        } else if ((a->type == AN_ENT_ORGANIZATION || a->type == AN_ENT_PERSON) && strlen(code) == 6 &&
                   an_strset_has(&lx->state_roles, code + 3, 3))
            return code;
    }
    return NULL;
}

/* Where a title's noun phrase ends: after the name the lexicon does not know that follows
 * it ("Kenyan Foreign Minister Musalia Mudavadi"), up to TITLE_NAME_MAX capitalised
 * words that start no match (next: the next match, or NULL); else at t. */
#define TITLE_NAME_MAX 4u
static uint32_t name_after(const an_doc *d, uint32_t sent, uint32_t t, const raw *next)
{
    uint32_t end = d->units.items[sent].first_token + d->units.items[sent].n_tokens, k = t;
    while (k < end && k < t + TITLE_NAME_MAX && (!next || k < next->tok_start) &&
           d->tokens.items[k].kind == AN_TOK_WORD && (d->tokens.items[k].flags & AN_TOKF_UPPER))
        k++;
    return k;
}

/* Does entity e act for a state: a country, or a country's organ ("RUSGOV")? */
static bool state_entity(const an_lexicon *lx, const an_entity *e)
{
    size_t n = strlen(e->code);
    return e->type == AN_ENT_COUNTRY || n == 3 || (n == 6 && an_strset_has(&lx->state_roles, e->code + 3, 3));
}

/* The actor a possessive pronoun stands for: the latest mentioned one with a country
 * code, among the last AN_COREF_LOOKBACK mentions; UINT32_MAX when none. */
static uint32_t possessive_owner(const an_lexicon *lx, const an_doc *d)
{
    (void)lx;
    for (uint32_t k = d->mentions.n; k-- > 0 && d->mentions.n - k <= AN_COREF_LOOKBACK;) {
        const an_entity *e = &d->entities.items[d->mentions.items[k].entity];
        if (e->type == AN_ENT_PLACE || e->type == AN_ENT_REGION || strlen(e->code) < 3 || !e->country[0]) continue;
        return d->mentions.items[k].entity;
    }
    return UINT32_MAX;
}

/* Is the country r an English possessive ("Syria's") with one lower-case word between
 * it and the role noun next ("Syria's interim president")? */
static bool possessive_before(const an_doc *d, raw r, raw next)
{
    if (next.tok_start != r.tok_end + 1) return false;
    const an_token *gap = &d->tokens.items[r.tok_end];
    return an_doc_token_possessive(d, r.tok_end - 1) && gap->kind == AN_TOK_WORD && !(gap->flags & AN_TOKF_UPPER);
}

/* A place of a country the sentence names outranks one named alike elsewhere ("the
 * Indian state of Punjab"), unless that one is a capital or more than PLACE_NAME_RANK
 * times as populous ("a U.S. citizen in Moscow" is still in Russia). */
/* Does a match of r other than r[i] name the country with ISO code iso? */
static bool names_country(const an_lexicon *lx, const raw *r, size_t n, size_t i, const char *iso)
{
    for (size_t j = 0; j < n; j++)
        if (j != i && lx->actors.items[r[j].actor].type == AN_ENT_COUNTRY &&
            strcmp(lx->actors.items[r[j].actor].country, iso) == 0)
            return true;
    return false;
}

static void same_country_place(const an_lexicon *lx, raw *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const an_actor *a = &lx->actors.items[r[i].actor];
        if (!r[i].n_alt || !a->gazetteer || a->capital || names_country(lx, r, n, i, a->country)) continue;
        for (uint8_t k = 0; k < r[i].n_alt; k++) {
            const an_actor *b = &lx->actors.items[r[i].alt[k]];
            if ((uint64_t)b->population * PLACE_NAME_RANK >= a->population && names_country(lx, r, n, i, b->country)) {
                r[i].actor = r[i].alt[k];
                break;
            }
        }
    }
}

/* Turns one sentence's raw matches into mentions (steps 2 and 3). */
static an_status compose(an_doc *d, const an_lexicon *lx, uint32_t sent, raw *r, size_t n,
                         int32_t date)
{
    for (size_t i = 0; i < n; i++) {
        const an_actor *a = &lx->actors.items[r[i].actor];
        raw *next = i + 1 < n ? &r[i + 1] : NULL;
        const an_actor *na = next ? &lx->actors.items[next->actor] : NULL;
        bool near = next && next->tok_start <= r[i].tok_end + 1;
        an_status st = AN_OK;
        /* "Chinese and Russian warships": a demonym coordinated with the next one shares
         * its role noun; so it does with a name that is a demonym and a role in one
         * ("Indian and Chinese troops", "Chinese troops" naming the PLA: CHN + MIL) */
        const char *shared_role = NULL;
        if (a->type == AN_ENT_COUNTRY && r[i].adj && next && i + 2 < n &&
            ((next->adj && na->type == AN_ENT_COUNTRY) || na->type == AN_ENT_ORGANIZATION || na->type == AN_ENT_GROUP) &&   /* "Polish and NATO jets", "Israeli and Hamas negotiators" */
            lx->actors.items[r[i + 2].actor].type == AN_ENT_ROLE && r[i + 2].tok_start == next->tok_end &&
            joined_by_and(d, r[i].tok_end, next->tok_start))
            shared_role = an_actor_code_on(lx, &lx->actors.items[r[i + 2].actor], 0);
        if (a->type == AN_ENT_COUNTRY && r[i].adj && next && !next->adj && next->tok_end > next->tok_start + 1 &&
            na->type != AN_ENT_COUNTRY && na->type != AN_ENT_ROLE && joined_by_and(d, r[i].tok_end, next->tok_start)) {
            const char *nc = an_actor_code_on(lx, na, date);
            if (strlen(nc) == 6 && na->country[0] && strncmp(nc, an_lexicon_cameo_country(lx, na->country), 3) == 0)
                shared_role = nc + 3;
        }
        if (shared_role) {
            const char *role = shared_role;
            char code[16];
            snprintf(code, sizeof code, "%s%s", an_actor_code_on(lx, a, date), role);
            uint32_t e = entity_for(d, lx, UINT32_MAX, code, a->country, AN_ENT_GROUP, composite_name(d, lx, a, role));
            st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, e, 0);
        } else if (a->type == AN_ENT_COUNTRY && near && na->type == AN_ENT_ROLE &&
            (r[i].adj || next->tok_start == r[i].tok_end || possessive_before(d, r[i], *next))) {
            /* demonym + role noun ("nordkoreanische Soldaten"), or a country right before
             * it ("Ukraine's foreign ministry", "Russlands Armee", "Syria's interim
             * president") */
            const char *role = an_actor_code_on(lx, na, 0);
            char code[16];
            snprintf(code, sizeof code, "%s%s", an_actor_code_on(lx, a, date), role);
            raw *after = i + 2 < n ? &r[i + 2] : NULL;
            if (after && after->tok_start <= next->tok_end + 1 &&
                lx->actors.items[after->actor].type == AN_ENT_PERSON) {
                /* apposition: "der russische Präsident Wladimir Putin" is the person, and
                 * its mention takes in the title, so that a preposition before the title
                 * governs it ("a call from French President Emmanuel Macron") */
                after->tok_start = r[i].tok_start;
                i += 1;
                continue;
            }
            uint32_t e = entity_for(d, lx, UINT32_MAX, code, a->country, AN_ENT_GROUP,
                                    composite_name(d, lx, a, role));
            st = add_mention(d, sent, r[i].tok_start, name_after(d, sent, next->tok_end, after), e, 0);
            i++;
        } else if (a->type == AN_ENT_COUNTRY && near && na->type != AN_ENT_ROLE &&
                   (r[i].adj || (next->tok_start == r[i].tok_end && an_doc_token_possessive(d, r[i].tok_end - 1))) &&
                   na->type != AN_ENT_COUNTRY && na->type != AN_ENT_PLACE && na->type != AN_ENT_ANAPHOR && !na->gazetteer &&
                   na->country[0] && strcmp(na->country, a->country) != 0 &&
                   strlen(an_actor_code_on(lx, na, date)) == 6) {
            /* "the Philippine Senate", "Pakistan's foreign office": another country's
             * organ of the kind a name of one country's ("Senate", "Foreign Office") names */
            const char *nc = an_actor_code_on(lx, na, date);
            char code[16];
            snprintf(code, sizeof code, "%s%s", an_actor_code_on(lx, a, date), nc + 3);
            uint32_t e = entity_for(d, lx, UINT32_MAX, code, a->country, AN_ENT_GROUP, composite_name(d, lx, a, nc + 3));
            st = add_mention(d, sent, r[i].tok_start, next->tok_end, e, 0);
            i++;
        } else if (a->type == AN_ENT_COUNTRY && r[i].adj && near && na->type != AN_ENT_ROLE &&
                   na->type != AN_ENT_COUNTRY && na->type != AN_ENT_PLACE && na->type != AN_ENT_ANAPHOR && !na->gazetteer) {
            continue;   /* "der russische Föderationsrat": the named actor stands */
        } else if (a->type == AN_ENT_ANAPHOR) {
            /* "the group said", "das Land": after a definite word, the latest country or
             * named organisation, among the last AN_COREF_LOOKBACK mentions */
            bool country = strcmp(an_actor_code_on(lx, a, 0), "COUNTRY") == 0;
            bool definite = r[i].tok_start > d->units.items[sent].first_token &&
                            is_region_word(d, &lx->definite, r[i].tok_start - 1);
            for (uint32_t k = d->mentions.n; definite && k-- > 0 && d->mentions.n - k <= AN_COREF_LOOKBACK;) {
                const an_entity *e = &d->entities.items[d->mentions.items[k].entity];
                if (e->code[0] && (country ? e->type == AN_ENT_COUNTRY
                                           : e->type == AN_ENT_ORGANIZATION || (e->type == AN_ENT_GROUP && e->actor != UINT32_MAX))) {
                    st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, d->mentions.items[k].entity, AN_MENTION_COREF);
                    break;
                }
            }
        } else if (a->type == AN_ENT_ROLE && near && na->type == AN_ENT_PERSON) {
            continue;   /* "Präsident Wolodymyr Selenskyj": the person stands */
        } else if (a->type == AN_ENT_ROLE) {
            const char *role = an_actor_code_on(lx, a, 0);
            /* role noun + link word + country: "Soldaten aus Nordkorea" */
            if (next && na->type == AN_ENT_COUNTRY && !next->adj &&
                (next->tok_start == r[i].tok_end ||
                 (next->tok_start <= r[i].tok_end + 2 && is_link_word(d, r[i].tok_end)))) {
                char code[16];
                snprintf(code, sizeof code, "%s%s", an_actor_code_on(lx, na, date), role);
                uint32_t e = entity_for(d, lx, UINT32_MAX, code, na->country, AN_ENT_GROUP,
                                        composite_name(d, lx, na, role));
                st = add_mention(d, sent, r[i].tok_start, next->tok_end, e, 0);
                i++;
                /* the role goes with every country of a list after it ("the presidents
                 * of Azerbaijan and Kazakhstan") */
                while (!st && i + 1 < n && !r[i + 1].adj && lx->actors.items[r[i + 1].actor].type == AN_ENT_COUNTRY &&
                       list_joined(lx, d, r[i].tok_end, r[i + 1].tok_start)) {
                    const an_actor *ca = &lx->actors.items[r[++i].actor];
                    snprintf(code, sizeof code, "%s%s", an_actor_code_on(lx, ca, date), role);
                    uint32_t ce = entity_for(d, lx, UINT32_MAX, code, ca->country, AN_ENT_GROUP, composite_name(d, lx, ca, role));
                    st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, ce, 0);
                }
            } else {
                /* coreference: the latest entity with this role, among the last
                 * AN_COREF_LOOKBACK mentions (a bound that keeps matching linear) */
                bool found = false;
                /* only a definite noun phrase refers back ("dieser Truppen", "the troops");
                 * "Truppen in die Ukraine entsenden" are new ones; and not one tied to a
                 * place right after it ("die Regierung in Budapest") */
                /* forces act abroad, but not at their own post: "an army base in
                 * Somalia" is Somalia's army's */
                bool abroad = a->abroad && !(r[i].tok_end < d->tokens.n &&
                                             is_region_word(d, &lx->place_post, r[i].tok_end));
                const raw *tied = abroad ? NULL : place_of_role(lx, d, r, n, i, false);
                if (tied && tied->tok_start > r[i].tok_end + 1) tied = NULL;
                bool definite = !tied && r[i].tok_start > d->units.items[sent].first_token &&
                                is_region_word(d, &lx->definite, r[i].tok_start - 1);
                /* a country its own sentence named before it outranks one of an earlier
                 * sentence ("Bolivian unions demanded that the government …") */
                const char *local = NULL;
                for (uint32_t k = d->mentions.n; definite && k-- > 0 && d->mentions.n - k <= AN_COREF_LOOKBACK;) {
                    const an_entity *e = &d->entities.items[d->mentions.items[k].entity];
                    size_t cl = strlen(e->code), rl = strlen(role);
                    if (cl > rl && strcmp(e->code + cl - rl, role) == 0) {
                        if (local && d->mentions.items[k].sentence != sent && strncmp(local, e->code, 3) != 0) {
                            char code[16];
                            snprintf(code, sizeof code, "%.3s%s", local, role);
                            const char *iso = e->country;
                            for (uint32_t j = d->mentions.n; j-- > k;)
                                if (strncmp(d->entities.items[d->mentions.items[j].entity].code, local, 3) == 0) {
                                    iso = d->entities.items[d->mentions.items[j].entity].country;
                                    break;
                                }
                            uint32_t le = entity_for(d, lx, UINT32_MAX, code, iso, AN_ENT_GROUP, an_arena_strdup(&d->arena, code, strlen(code)));
                            st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, le, 0);
                        } else {
                            st = add_mention(d, sent, r[i].tok_start, r[i].tok_end,
                                             d->mentions.items[k].entity, AN_MENTION_COREF);
                        }
                        found = true;
                        break;
                    }
                    if (!local && d->mentions.items[k].sentence == sent && cl >= 3 && e->country[0]) local = e->code;
                }
                /* none after a possessive pronoun: its owner's ("Russia's defence ministry
                 * said its forces …" → RUS + MIL; "Hamas said its fighters …": Hamas) */
                if (!found && r[i].tok_start > d->units.items[sent].first_token &&
                    is_region_word(d, &lx->possessive, r[i].tok_start - 1)) {
                    uint32_t owner = possessive_owner(lx, d);
                    if (owner != UINT32_MAX) {
                        const an_entity *oe = &d->entities.items[owner];
                        if (oe->type == AN_ENT_ORGANIZATION || oe->type == AN_ENT_GROUP ? !state_entity(lx, oe) : false) {
                            st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, owner, AN_MENTION_COREF);
                        } else {
                            char code[16], name[64];
                            snprintf(code, sizeof code, "%.3s%s", oe->code, role);
                            snprintf(name, sizeof name, "%.3s (%s)", oe->code, role);
                            uint32_t e = entity_for(d, lx, UINT32_MAX, code, oe->country, AN_ENT_GROUP,
                                                    an_arena_strdup(&d->arena, name, strlen(name)));
                            st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, e, 0);
                        }
                        found = true;
                    }
                }
                /* none: the country of the place the sentence puts it at ("die Polizei in
                 * Istanbul", "In Berlin demonstrierten Tausende Menschen") */
                const raw *at = found || abroad ? NULL : place_of_role(lx, d, r, n, i, false);
                /* forces act abroad, yet "the army" or "the armed forces" that no earlier
                 * mention names are the country of the domestic actor before them
                 * ("Machado urged the armed forces to side with the people") */
                const char *home = at || found || (abroad && !definite) ? NULL : domestic_country(lx, d, sent, r[i].tok_start);
                if (!home && !at && !found && !abroad) home = state_after(lx, d, r, n, i, date);
                /* irregular armed men act where they are (roles.txt `irregular`): with no
                 * country in reach, the place the sentence names is theirs ("Gunmen shot
                 * dead a police chief in the Mexican state of Guerrero") */
                if (!home && !at && !found && a->irregular && !abroad) at = place_of_role(lx, d, r, n, i, true);
                /* forces that irregular ones act on are the state's they fight ("ELN
                 * rebels kidnapped two soldiers" → COLMIL) */
                if (!home && !at && !found && abroad) home = irregular_before(lx, d, sent, r[i].tok_start);
                if (home) {
                    /* "Georgian police detained opposition supporters": the country of a
                     * domestic actor before it in the clause */
                    char code[16], name[64];
                    snprintf(code, sizeof code, "%.3s%s", home, role);
                    snprintf(name, sizeof name, "%.3s (%s)", home, role);
                    uint32_t e = entity_for(d, lx, UINT32_MAX, code, home, AN_ENT_GROUP,
                                            an_arena_strdup(&d->arena, name, strlen(name)));
                    st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, e, 0);
                } else if (at) {
                    const an_actor *pa = &lx->actors.items[at->actor];
                    const char *cc = pa->type == AN_ENT_COUNTRY ? an_actor_code_on(lx, pa, date) : an_lexicon_cameo_country(lx, pa->country);
                    char code[16], name[64];
                    snprintf(code, sizeof code, "%s%s", cc, role);
                    snprintf(name, sizeof name, "%s (%s)", cc, role);
                    uint32_t e = entity_for(d, lx, UINT32_MAX, code, pa->country, AN_ENT_GROUP,
                                            an_arena_strdup(&d->arena, name, strlen(name)));
                    st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, e, 0);
                }
            }
        } else if (a->type == AN_ENT_PLACE && region_cue(d, lx, r[i], sent)) {
            /* "Region Kursk", "Kursk Oblast": the region, located at its namesake */
            char key[16];
            snprintf(key, sizeof key, "R%u", (unsigned)(a->geonames % 100000000u));
            uint32_t e = entity_for(d, lx, UINT32_MAX, key, a->country, AN_ENT_REGION,
                                    region_name(d, lx, a));
            if (e != UINT32_MAX && isnan(d->entities.items[e].lat)) {
                d->entities.items[e].lat = a->lat;
                d->entities.items[e].lon = a->lon;
                d->entities.items[e].code[0] = 0;   /* a region acts through no code */
                snprintf(d->entities.items[e].key, sizeof d->entities.items[e].key, "%s", key);
            }
            uint32_t ts = r[i].tok_start, te = r[i].tok_end;
            if (ts > d->units.items[sent].first_token && is_region_word(d, &lx->region_before, ts - 1)) ts--;
            else if (te < d->units.items[sent].first_token + d->units.items[sent].n_tokens) te++;
            st = add_mention(d, sent, ts, te, e, 0);
        } else {
            const char *code = an_actor_code_on(lx, a, date);
            uint32_t e = entity_for(d, lx, r[i].actor, code, a->country, a->type, NULL);
            st = add_mention(d, sent, r[i].tok_start, r[i].tok_end, e, r[i].adj ? AN_MENTION_ADJ : 0);
        }
        if (st) return st;
    }
    return AN_OK;
}


an_status an_lexicon_match(const an_lexicon *lx, an_doc *d, int32_t date)
{
    char lang[3] = { 0 };
    if (d->lang.n >= 2) { lang[0] = d->lang.p[0]; lang[1] = d->lang.p[1]; }
    int doc_lang = an_alias_lang_code(lang);
    raw r[AN_MAX_RAW_PER_SENTENCE];
    stems *stems_buf = NULL;
    uint32_t stems_cap = 0;
    for (uint32_t s = 0; s < d->units.n; s++) {
        if (d->unit_is_boilerplate.items[s]) continue;
        const an_sentence *u = &d->units.items[s];
        uint32_t end = u->first_token + u->n_tokens;
        size_t nr = 0;
        /* st[t - first_token]: the stem lengths of token t */
        if (u->n_tokens > stems_cap) {
            stems_cap = u->n_tokens * 2;
            stems_buf = an_arena_alloc(&d->arena, stems_cap * sizeof *stems_buf);
            if (!stems_buf) return AN_NOMEM;
        }
        for (uint32_t k = 0; k < u->n_tokens; k++) {
            const an_token *tk = &d->tokens.items[u->first_token + k];
            an_span key = an_doc_token_key(d, tk);
            size_t l[AN_STEM_MAX];
            size_t nl = tk->kind == AN_TOK_WORD ? an_stem_lengths(key.p, key.n, lang, l) : (l[0] = key.n, 1);
            stems_buf[k].n = (uint8_t)nl;
            for (size_t c = 0; c < nl; c++) stems_buf[k].len[c] = (uint8_t)(l[c] > 255 ? 255 : l[c]);
        }

        for (uint32_t i = u->first_token; i < end;) {
            const an_token *t = &d->tokens.items[i];
            uint32_t best_len = 0, best_actor = 0, best_alias = 0;
            bool best_adj = false;
            uint32_t alt[RAW_PLACE_ALTS + 1];   /* places of best_len named alike */
            uint8_t n_alt = 0;
            if (t->kind == AN_TOK_WORD) {
                an_span k = an_doc_token_key(d, t);
                /* the first byte of the next word's key, which an alias's second token
                 * must share (-1: no next token, or an empty key) */
                int next_byte = -1;
                if (i + 1 < end) {
                    an_span k2 = an_doc_token_key(d, &d->tokens.items[i + 1]);
                    if (k2.n) next_byte = (unsigned char)k2.p[0];
                }
                const stems *ts = &stems_buf[i - u->first_token];
                for (int pass = 0; pass < ((t->flags & AN_TOKF_UPPER) ? 2 : 1); pass++)
                for (size_t c = 0; c < ts->n; c++) {
                    const lx_index *ix = pass ? lx->places : lx->index;
                    for (uint32_t p = an_lexicon_postings(lx, pass, k.p, ts->len[c]), next; p; p = next) {
                        uint32_t alias;
                        unsigned char second;
                        lx_posting(ix, p, &alias, &next, &second);
                        if (second && second != next_byte) continue;
                        const an_alias *al = &lx->aliases.items[alias];
                        if (al->n_keys < best_len) continue;
                        bool wins = al->n_keys > best_len || better(lx, al, &lx->aliases.items[best_alias]);
                        bool place = lx->actors.items[al->actor].gazetteer;
                        if ((!wins && !place) || !alias_fits(lx, d, stems_buf, u->first_token, al, i, end, doc_lang))
                            continue;
                        if (al->n_keys > best_len) n_alt = 0;
                        if (place) {
                            bool seen = false;
                            for (uint8_t q = 0; q < n_alt; q++) seen |= alt[q] == al->actor;
                            if (!seen && n_alt < RAW_PLACE_ALTS + 1) alt[n_alt++] = al->actor;
                        }
                        if (wins) {
                            best_len = al->n_keys;
                            best_alias = alias;
                            best_actor = al->actor;
                            best_adj = al->flags & AN_ALIAS_ADJ;
                        }
                    }
                }
            }
            if (best_len && nr < AN_MAX_RAW_PER_SENTENCE) {
                raw *nw = &r[nr++];
                *nw = (raw){ .tok_start = i, .tok_end = i + best_len, .actor = best_actor, .adj = best_adj };
                for (uint8_t k = 0; k < n_alt && nw->n_alt < RAW_PLACE_ALTS; k++)
                    if (alt[k] != best_actor) nw->alt[nw->n_alt++] = alt[k];
                i += best_len;
            } else {
                i++;
            }
        }
        same_country_place(lx, r, nr);
        an_status st = compose(d, lx, s, r, nr, date);
        if (st) return st;
    }
    return AN_OK;
}
