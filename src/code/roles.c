/* roles.c — which mentions of a clause act and are acted on (step 3 of coder.c).
 *
 * A mention is governed by the preposition before it (skipping articles,
 * numbers, adjectives and closed-class modifiers). The source is the pattern's <prep
 * actor, the agent after von/durch/by in the passive, the actor right before a noun
 * trigger, else the first ungoverned actor (before the verb in English); a pronoun
 * subject takes the previous clause's source. The target is the actor after the
 * pattern's >prep, else the next ungoverned actor, else one after a preposition
 * that introduces the other side, else (English) the first actor inside the object's
 * noun phrase that no place phrase holds; never the source again under another name
 * or code, nor a country's own organ (an_roles_other_side). For attacks and visits
 * (cameo.txt `place`) a place stands for its country (a state actor's own places only
 * for violence: `own`). A name inside a hyphenated modifier ("U.S.-brokered") does not
 * act. Adjacent mentions, or ones joined by a title word, are one noun phrase (an apposition);
 * coordinated ones ("Spanien, Irland und Norwegen") give one event per pair, and
 * for joint actions, reciprocal words or "zwischen X und Y", each side is the
 * other's target. A capital that acts is its government (struck or visited, a place of
 * its country); the actor that names the report's source ("laut dem Generalstab")
 * takes no part. An including-list after the target names the target's members
 * ("citizens of 12 countries, including Afghanistan and Haiti"); an object relative
 * clause acts on its antecedent ("migrants whom the United States deported"); a
 * pattern whose source follows a preposition acts on its subject ("received a call
 * from Macron"). A demonym before a noun names a national, whom its own state's organs
 * can act on ("sentenced a Russian physicist").
 * Here are the tests and searches; coder.c's an_code_clause applies them in that order. */
#include "coder_ctx.h"
#include <math.h>

/* The value of a number or number word at token t ("hundreds"), NAN when none. */
static double count_at(const ctx *c, uint32_t t)
{
    uint32_t after;
    return an_codelang_number(c->cl, c->d, t, t + 1, &after);
}

static bool names_source(const ctx *c, const an_mention *m);

/* The token of the preposition governing a mention, or UINT32_MAX. A conjunct shares
 * the governor of the actor it is joined to ("between Russia and Ukraine"). */
uint32_t an_roles_governor_tok(const ctx *c, const an_mention *m)
{
    uint32_t t = m->tok_start;
    for (int steps = 0; steps < 4 && t > c->c.start; steps++) {
        t--;
        const an_token *tk = &c->d->tokens.items[t];
        /* "während die Duma …": a subordinator opening the clause governs nothing */
        if (t == c->c.start && is_class(c, AN_WC_SUBORD, t)) break;
        /* ", including Britain, France and Japan,": the list stands where the noun
         * before it stands ("Twenty-five countries, including …, called on Israel") */
        if (is_class(c, AN_WC_INCLUDING, t) && t > c->c.start && an_span_eq(key_of(c->d, t - 1), ",")) break;
        /* "Hundreds of doctors", "dozens of protesters": the count's "of" governs nothing */
        if (t > c->c.start && is_class(c, AN_WC_PARTITIVE, t) && !isnan(count_at(c, t - 1))) break;
        /* "About 10,000 soldiers": the preposition counts the number, it governs nothing */
        if (is_class(c, AN_WC_APPROX, t) && t + 1 < m->tok_start && !isnan(count_at(c, t + 1))) continue;
        if (is_class(c, AN_WC_PREP, t) || is_class(c, AN_WC_AGENT, t)) return t;
        if (is_class(c, AN_WC_COORD, t) || an_span_eq(key_of(c->d, t), ",")) {
            /* not after the source a report names: "According to Nigerian police,
             * gunmen kidnapped …" */
            for (uint32_t k = c->m_first; k < c->m_end; k++)
                if (c->d->mentions.items[k].tok_end == t && c->d->mentions.items[k].tok_start > c->c.start &&
                    !names_source(c, &c->d->mentions.items[k]))
                    return an_roles_governor_tok(c, &c->d->mentions.items[k]);
            break;
        }
        /* "on six Israeli settlers": a number word counts the noun like digits do */
        if (tk->kind == AN_TOK_NUMBER || is_class(c, AN_WC_ARTICLE, t) || is_class(c, AN_WC_MODIFIER, t) ||
            !isnan(count_at(c, t)))
            continue;
        /* German attributive adjectives are lower case before the noun */
        if (tk->kind == AN_TOK_WORD && !(tk->flags & AN_TOKF_UPPER) && c->cl->code[0] == 'd') continue;
        /* English words that describe a person before the name ("by opposition leader
         * Kemi Badenoch") */
        if (tk->kind == AN_TOK_WORD && !(tk->flags & AN_TOKF_UPPER) && c->cl->code[0] == 'e' &&
            c->d->entities.items[m->entity].type == AN_ENT_PERSON && !an_words_verb_at((ctx *)c, t))
            continue;
        break;
    }
    return UINT32_MAX;
}

/* The preposition governing a mention, or an empty span. */
an_span an_roles_governor(const ctx *c, const an_mention *m)
{
    uint32_t t = an_roles_governor_tok(c, m);
    return t == UINT32_MAX ? (an_span){ "", 0 } : key_of(c->d, t);
}

/* Is the mention a capital acting for its government ("Moskau dementierte", "Kyiv
 * said", "Angriffe auf Kiew")? Governed by a locative preposition it is a place ("in
 * Moskau"). */
static bool capital_acts(const ctx *c, const an_mention *m)
{
    const an_entity *e = &c->d->entities.items[m->entity];
    if (e->type != AN_ENT_PLACE || e->actor == UINT32_MAX || !c->lx->actors.items[e->actor].capital) return false;
    /* any preposition in the three words before it, save one that introduces the other
     * side ("called on Washington", "Angriffe auf Kiew"), makes it a place ("through
     * central London") */
    for (uint32_t t = m->tok_start, k = 0; t > c->c.start && k < 3; k++) {
        t--;
        if (c->d->tokens.items[t].kind == AN_TOK_PUNCT) break;
        /* the subordinator opening its clause is no preposition ("after Minsk freed …") */
        if (t == c->c.start && is_class(c, AN_WC_SUBORD, t)) break;
        if ((is_class(c, AN_WC_PREP, t) || is_class(c, AN_WC_LOCPREP, t)) && !is_class(c, AN_WC_TARGETPREP, t) &&
            !is_class(c, AN_WC_BETWEEN, t))
            return false;
        if (is_class(c, AN_WC_TARGETPREP, t) || is_class(c, AN_WC_BETWEEN, t)) break;
    }
    return true;
}

/* Does the mention name the source of the report: after a reportprep ("laut dem
 * Generalstab", "according to Kyiv", "Angaben des Generalstabs") or before a reportpost
 * ("nach ukrainischen Angaben", "Kiew zufolge")? Then it takes no part in the event:
 * the context stage makes it reported_by. */
static bool names_source(const ctx *c, const an_mention *m)
{
    const an_doc *d = c->d;
    uint32_t end = c->c.end;
    if (m->tok_end < end && an_codelang_is(c->cl, AN_WC_REPORTPOST, key_of(d, m->tok_end))) return true;
    for (uint32_t t = m->tok_start, k = 0; t > c->c.start && k < 4; k++) {
        t--;
        if (d->tokens.items[t].kind == AN_TOK_PUNCT) return false;
        if (an_codelang_phrase_is(c->cl, AN_WC_REPORTPREP, d, t, end) ||
            (t > c->c.start && an_codelang_phrase_is(c->cl, AN_WC_REPORTPREP, d, t - 1, t + 1)))
            return true;
    }
    return false;
}

/* Is the mention the first part of a hyphenated modifier ("U.S.-brokered", "Saudi-led")?
 * It describes something else; it does not act. */
static bool in_compound(const an_doc *d, const an_mention *m)
{
    if (m->tok_end >= d->tokens.n) return false;
    const an_token *next = &d->tokens.items[m->tok_end];
    return next->start == m->end && next->end == next->start + 1 && d->text.p[next->start] == '-';
}

bool an_roles_in_mention(const an_doc *d, uint32_t m, uint32_t t)
{
    for (; m < d->mentions.n && d->mentions.items[m].tok_start <= t; m++)
        if (t < d->mentions.items[m].tok_end) return true;
    return false;
}

/* Is the place noun at t the head of a prepositional phrase ("near the border",
 * "along their border")? */
static bool place_governed(const ctx *c, uint32_t t, uint32_t first)
{
    for (int steps = 0; steps < 3 && t > first; steps++) {
        t--;
        if (is_class(c, AN_WC_PREP, t)) return true;
        if (!is_class(c, AN_WC_ARTICLE, t) && !is_class(c, AN_WC_PRONOUN, t) && !is_class(c, AN_WC_MODIFIER, t)) break;
    }
    return false;
}

/* Does the mention only say whose a stretch of land, sea or air is, in a phrase that
 * tells where ("to the Ukrainian border", "on Mexican soil", "near the border with
 * Niger")? It names a place then, not a side. Where the stretch is the object ("closed
 * the Polish border", "closed its border with Belarus") and where it modifies another
 * noun ("Russian border towns") the actor is still a side. */
static bool names_place(const ctx *c, const an_mention *m)
{
    const an_doc *d = c->d;
    const an_sentence *u = &d->units.items[m->sentence];
    uint32_t end = u->first_token + u->n_tokens, t = m->tok_end;
    if (t < end && is_class(c, AN_WC_PLACENOUN, t) && an_roles_governor_tok(c, m) != UINT32_MAX) {
        uint32_t n = t + 1;
        if (n >= end || d->tokens.items[n].kind != AN_TOK_WORD || is_class(c, AN_WC_PREP, n) ||
            is_class(c, AN_WC_COORD, n) || is_class(c, AN_WC_SUBORD, n))
            return true;
    }
    t = m->tok_start;
    return t >= u->first_token + 2 && is_class(c, AN_WC_PLACEOF, t - 1) && is_class(c, AN_WC_PLACENOUN, t - 2) &&
           place_governed(c, t - 2, u->first_token);
}

bool an_roles_usable(const ctx *c, const an_mention *m)
{
    const an_entity *e = &c->d->entities.items[m->entity];
    return ((e->code[0] && e->type != AN_ENT_PLACE && e->type != AN_ENT_REGION) || capital_acts(c, m)) &&
           !names_source(c, m) && !in_compound(c->d, m) && !names_place(c, m);
}

/* The entity a mention acts as: a capital's government, else its own. */
uint32_t an_roles_acting_entity(ctx *c, uint32_t m)
{
    const an_mention *mm = &c->d->mentions.items[m];
    const an_entity *e = &c->d->entities.items[mm->entity];
    if (e->type != AN_ENT_PLACE || !capital_acts(c, mm)) return mm->entity;
    char code[8];
    snprintf(code, sizeof code, "%.3sGOV", an_lexicon_cameo_country(c->lx, e->country));
    uint32_t g = an_doc_code_entity(c->d, code);
    return g == UINT32_MAX ? mm->entity : g;
}

bool an_roles_prep_has_actor(const ctx *c, uint32_t list)
{
    for (uint32_t m = c->m_first; m < c->m_end; m++) {
        const an_mention *mm = &c->d->mentions.items[m];
        an_span g;
        if (an_roles_usable(c, mm) && (g = an_roles_governor(c, mm)).n && an_words_list_has(an_pool(c->cl, list), g))
            return true;
    }
    return false;
}

/* An object pronoun ("sie in Positionen … zu bringen") before token end stands for the
 * latest group or organisation mentioned before this sentence, other than the source. */
uint32_t an_roles_pronoun_object(ctx *c, uint32_t src, uint32_t trig, uint32_t end)
{
    const an_doc *d = c->d;
    bool pronoun = false;
    for (uint32_t t = c->c.start + 1; t < end; t++) {
        if (t == trig || !is_class(c, AN_WC_PRONOUN, t)) continue;
        /* a possessive before its noun ("withdraw its troops") is no object */
        bool determiner = t + 1 < end && d->tokens.items[t + 1].kind == AN_TOK_WORD && !is_class(c, AN_WC_PREP, t + 1) &&
                          !is_class(c, AN_WC_COORD, t + 1) && !an_words_verb_at(c, t + 1);
        if (!determiner) pronoun = true;
    }
    if (!pronoun) return UINT32_MAX;
    uint32_t src_entity = d->mentions.items[src].entity;
    for (uint32_t m = d->mentions.n; m-- > 0;) {
        const an_mention *mm = &d->mentions.items[m];
        if (mm->sentence >= c->sentence) continue;
        const an_entity *e = &d->entities.items[mm->entity];
        if (mm->entity != src_entity && e->code[0] && (e->type == AN_ENT_GROUP || e->type == AN_ENT_ORGANIZATION) &&
            strcmp(e->code, d->entities.items[src_entity].code) != 0)   /* not the source under another name */
            return m;
        if (c->sentence - mm->sentence > 2) break;
    }
    return UINT32_MAX;
}

/* Does mention b follow mention a directly, or after title words only ("NATO chief Mark
 * Rutte")? */
static bool titled_next(const ctx *c, uint32_t a, uint32_t b)
{
    const an_doc *d = c->d;
    for (uint32_t t = d->mentions.items[a].tok_end; t < d->mentions.items[b].tok_start; t++)
        if (!is_class(c, AN_WC_TITLE, t)) return false;
    return true;
}

/* Can two adjacent actors be one noun phrase? Only of one country (or none): "russische
 * Truppen ukrainische Stellungen" are subject and object. */
static bool same_side(const an_doc *d, uint32_t a, uint32_t b)
{
    const char *x = d->entities.items[a].code, *y = d->entities.items[b].code;
    return strlen(x) < 3 || strlen(y) < 3 || strncmp(x, y, 3) == 0;
}

/* The conjuncts of the actor at mention m: m and the actors joined to it by "and", "und"
 * or commas, with only articles between ("Spanien, Irland und Norwegen"). A list ends
 * with a conjunction: actors after its last one joined by a comma alone are not in it
 * ("If Russia attacked Poland, NATO would …"). Adjacent mentions are one noun phrase,
 * not a list. Returns how many went to out. */
uint32_t an_roles_conjuncts(ctx *c, uint32_t m, uint32_t m_end, uint32_t *out, uint32_t *last)
{
    const an_doc *d = c->d;
    uint32_t n = 0, n_closed = 1, last_closed = UINT32_MAX;
    for (uint32_t k = m; k < m_end && n < AN_COORD_MAX;) {
        /* adjacent mentions of one country are one noun phrase, an apposition ("British
         * Foreign Secretary David Lammy"): the one with the most specific code stands for it */
        uint32_t best = k, e = k + 1;
        for (; e < m_end && titled_next(c, e - 1, e) &&
               an_roles_usable(c, &d->mentions.items[e]) &&
               same_side(d, d->mentions.items[e - 1].entity, d->mentions.items[e].entity); e++)
            if (strlen(d->entities.items[d->mentions.items[e].entity].code) >
                strlen(d->entities.items[d->mentions.items[best].entity].code)) best = e;
        out[n++] = best;
        *last = e - 1;
        if (n == 1) last_closed = *last;
        if (e >= m_end || !an_roles_usable(c, &d->mentions.items[e])) break;
        bool joined = false, coord = false, other = false;
        for (uint32_t t = d->mentions.items[e - 1].tok_end; t < d->mentions.items[e].tok_start && !other; t++) {
            an_span kt = key_of(d, t);
            if (is_class(c, AN_WC_COORD, t)) joined = coord = true;
            else if (an_span_eq(kt, ",")) joined = true;
            /* after the conjunction, words that only describe the next member: "and
             * its allies", "and Rwanda-backed M23 rebels", "and eastern Congo", a title
             * ("and Japanese Prime Minister Sanae Takaichi") */
            /* before it, the rest of a name the lexicon knows in part ("President Xi
             * Jinping and …") */
            else if (!is_class(c, AN_WC_ARTICLE, t) &&
                     !(!joined && c->cl->code[0] == 'e' && (d->tokens.items[t].flags & AN_TOKF_UPPER)) &&
                     !(joined && (is_class(c, AN_WC_MODIFIER, t) || is_class(c, AN_WC_PRONOUN, t) ||
                                  (d->tokens.items[t].flags & AN_TOKF_UPPER) ||
                                  (memchr(kt.p, '-', kt.n) && !an_words_verb_at(c, t)))))
                other = true;
        }
        if (!joined || other) break;
        k = e;
        if (coord) {   /* the list closes at the conjunct after this conjunction */
            uint32_t e2 = e + 1;
            while (e2 < m_end && d->mentions.items[e2].tok_start == d->mentions.items[e2 - 1].tok_end) e2++;
            n_closed = n + 1;
            last_closed = e2 - 1;
        }
    }
    if (n > n_closed) { n = n_closed; *last = last_closed; }
    return n;
}

/* Does the code name a state or an organ acting for it (a country, GOV, MIL, COP …:
 * roles.txt `state`)? */
bool an_roles_state_code(const ctx *c, const char *code)
{
    size_t n = strlen(code);
    return n == 3 || (n >= 6 && an_strset_has(&c->lx->state_roles, code + 3, 3));
}

/* The country a place or country mention stands for as a target, or UINT32_MAX when it
 * is none or of the country own ("" for any). */
static uint32_t place_country(ctx *c, uint32_t m, const char *own)
{
    an_doc *d = c->d;
    const an_entity *e = &d->entities.items[d->mentions.items[m].entity];
    if (e->type == AN_ENT_COUNTRY && e->code[0] && strncmp(e->code, own, 3) != 0)
        return names_place(c, &d->mentions.items[m]) ? UINT32_MAX : d->mentions.items[m].entity;
    const char *cc = an_lexicon_cameo_country(c->lx, e->country);
    if ((e->type == AN_ENT_PLACE || e->type == AN_ENT_REGION) && e->country[0] && (!*own || strncmp(cc, own, 3) != 0))
        return an_doc_code_entity(d, cc);
    return UINT32_MAX;
}

/* For an action done to places ("struck Kharkiv", "reiste nach Paris und Warschau"): the
 * first place or country of the clause outside the source, after the trigger if one is,
 * and the places coordinated with it. Fills mentions[] and their countries entities[];
 * returns how many. */
uint32_t an_roles_place_targets(ctx *c, uint32_t trig, uint32_t src, uint32_t src_last, bool own_too,
                                uint32_t *mentions, uint32_t *entities)
{
    an_doc *d = c->d;
    /* a place of the source's own country is where a state actor acts, not whom it
     * acts on ("die russische Armee habe Sudscha zurückerobert"), unless the action
     * hurts whoever is there (own_too: an air strike on a village of one's own
     * country); rebels or protesters acting on it act against their state ("Syrian
     * rebels captured Hama" → SYR) */
    const char *code = d->entities.items[an_roles_acting_entity(c, src)].code;
    const char *own = an_roles_state_code(c, code) && !own_too ? code : "";
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t m = c->m_first; m < c->m_end; m++) {
            if (m >= src && m <= src_last) continue;
            if (pass == 0 && d->mentions.items[m].tok_start < trig) continue;
            uint32_t e = place_country(c, m, own);
            if (e == UINT32_MAX) continue;
            uint32_t n = 0;
            mentions[n] = m;
            entities[n++] = e;
            /* "nach Paris und Warschau": only conjunctions, commas and articles between */
            for (uint32_t k = m + 1; k < c->m_end && n < AN_COORD_MAX; k++) {
                bool joined = false, other = false;
                for (uint32_t t = d->mentions.items[k - 1].tok_end; t < d->mentions.items[k].tok_start; t++) {
                    if (is_class(c, AN_WC_COORD, t) || an_span_eq(key_of(d, t), ",")) joined = true;
                    else if (!is_class(c, AN_WC_ARTICLE, t)) other = true;
                }
                uint32_t ek = joined && !other ? place_country(c, k, own) : UINT32_MAX;
                if (ek == UINT32_MAX) break;
                mentions[n] = k;
                entities[n++] = ek;
            }
            return n;
        }
    return 0;
}

/* Does the mention hold a possessive ("Russia's shadow fleet")? */
bool an_roles_possessive(const an_doc *d, const an_mention *m)
{
    for (uint32_t t = m->tok_start; t < m->tok_end; t++)
        if (an_doc_token_possessive(d, t)) return true;
    return false;
}

/* Is mention m part of the source's noun phrases [src, last]? */
bool an_roles_in_source(uint32_t src, uint32_t last, uint32_t m)
{
    return src != UINT32_MAX && m >= src && m <= last;
}

/* Can mention m be the target of source src (its noun phrases up to last)? An actor,
 * outside the source's noun phrases, and not the source again under another name
 * ("Kim Yo Jong, the sister of leader Kim Jong Un, rejected …": one code is one side). */
bool an_roles_other_side(ctx *c, uint32_t m, uint32_t src, uint32_t last)
{
    const an_mention *mm = &c->d->mentions.items[m];
    if (an_roles_in_source(src, last, m) || an_roles_in_source(c->along_first, c->along_last, m) || !an_roles_usable(c, mm))
        return false;
    const char *mc = c->d->entities.items[mm->entity].code;
    if (c->no_forces_target && strlen(mc) >= 6 && memcmp(mc + 3, "MIL", 3) == 0) return false;
    /* a protest is made against a state, its organs or an IGO; the people its object
     * names are what it is for ("marched to demand higher wages for care workers") */
    if (c->authority_target && !an_roles_state_code(c, mc) && strncmp(mc, "IGO", 3) != 0) return false;
    if (src == UINT32_MAX) return true;
    uint32_t a = an_roles_acting_entity(c, m), b = an_roles_acting_entity(c, src);
    const char *x = c->d->entities.items[a].code, *y = c->d->entities.items[b].code;
    /* a state and its own organs are one side ("Saudi Arabia … Riyadh"); organs among
     * themselves are not (a parliament overrides the president) */
    if (strncmp(x, y, 3) == 0 && an_roles_state_code(c, x) && an_roles_state_code(c, y) &&
        ((strlen(x) == 3 && !(mm->flags & AN_MENTION_ADJ)) || strlen(y) == 3))
        return false;   /* a demonym before a noun names a national, not the state ("sentenced a Russian physicist") */
    return a != b && strcmp(x, y) != 0;
}
