/* coder.c — sentences with their actor mentions → events, with no parser.
 *
 * Per article sentence:
 *  1. Clauses (clause.c): the sentence is cut at ';', ':', and at commas and words that
 *     open a clause of its own; a clause that has no subject of its own takes the one
 *     it continues.
 *  2. Triggers (words.c): every word's lemmas, and a German particle + lemma, are looked
 *     up in the pattern index; of the patterns whose conditions hold, the most specific
 *     wins, and a general code gives way to a more specific one of the same root.
 *  3. Roles (roles.c): the source is the pattern's <prep actor, the passive's agent, the
 *     actor before a noun trigger, else the first actor no preposition governs, or the
 *     previous clause's for a pronoun; the target is the pattern's >prep actor, else the
 *     next ungoverned one, else one after a preposition of the other side. Coordinated
 *     sides give one event per pair; joint and reciprocal ones act on each other.
 *  4. Complements (here; where one begins: clause.c). A reporting verb's event covers
 *     only its own clause: the reported clause after it is coded on its own ("X said
 *     it had shot down …"), and the context stage folds the saying into the reported
 *     event's reported_by. Verbs of denial and demand (cameo.txt `deny`, `demand`) code
 *     their complement ("denied that …", "denied attacking …", "forderte, dass …") as
 *     an event with modality denied or demanded; a demand targets the complement's
 *     subject.
 *     Beside it, an act a noun names with its doer after "by" ("during a visit by
 *     Rubio to Quito") is an event of its own (agent_nouns). The place an act done to a
 *     place lands on is its location ("struck Mykolaiv", "captured the city of Bukavu").
 *  5. Events of one document that report the same happening merge (an_events_merge,
 *     after their context is known), keeping every mention as evidence.
 * an_code_clause takes these steps for each clause clause.c cuts: the subject cues, the
 * first trigger that fires, its source and the sides acting with it, its target, its
 * events, its complement.
 * Work is linear in the sentence: each token is looked up a bounded number of times and
 * coordination is capped at AN_COORD_MAX conjuncts. */
#include "coder_ctx.h"
#include <math.h>

/* Adds an event of pattern pt from mention src_m to tgt_m (UINT32_MAX: none), with the
 * entities they act as; returns its index, UINT32_MAX when out of memory. */
static uint32_t add_event(ctx *c, const an_pattern *pt, uint32_t src_m, uint32_t tgt_m)
{
    an_doc *d = c->d;
    uint32_t src = an_roles_acting_entity(c, src_m);
    uint32_t tgt = tgt_m == UINT32_MAX ? UINT32_MAX : an_roles_acting_entity(c, tgt_m);
    const an_sentence *u = &d->units.items[c->sentence];
    an_evidence ev = { c->sentence, u->start, u->end, pt->line };
    an_event *e = AN_VEC_PUSH(&d->arena, &d->events);
    if (!e) return UINT32_MAX;
    memcpy(e->cameo, pt->cameo, sizeof e->cameo);
    e->source = src;
    e->target = tgt;
    e->source_mention = src_m;
    e->target_mention = tgt_m;
    e->sentence = c->sentence;
    e->clause_start = c->c.start;
    e->clause_end = c->c.end;
    e->trigger = c->tok;
    e->frame = c->frame;
    e->reported_by = UINT32_MAX;
    e->location = UINT32_MAX;
    e->quantity = NAN;
    e->date_precision = 4;
    e->evidence[0] = ev;
    e->n_evidence = 1;
    return d->events.n - 1;
}

/* The cues a clause gives to its subject before any trigger fires. */
typedef struct subject_cues {
    uint32_t first_free;        /* the first usable actor no preposition governs, or UINT32_MAX */
    bool pronoun_subject;       /* the subject is the previous clause's (a pronoun, "und" + verb) */
    bool force_carried;         /* … even when an actor follows the verb */
    uint32_t pronoun_at;        /* the pronoun among the clause's first three words, or UINT32_MAX */
    bool pair;                  /* the subject is "the two leaders": the previous event's two sides */
} subject_cues;

/* A trigger that fired in the clause, and its sides as an_code_clause finds them. */
typedef struct firing {
    uint32_t t;                 /* the trigger's token */
    const an_pattern *pt;       /* the pattern that fired */
    const an_pattern *code_pt;  /* … or the more specific one whose code the events take */
    bool passive;
    uint32_t src, src_last;     /* the source's first mention and its noun phrases' last */
    uint32_t srcs[AN_COORD_MAX], n_src;   /* every source: conjuncts, "along with" */
    bool carried;               /* the source stands for a pronoun: one actor, not its list */
    bool between;               /* the sources are the sides after "zwischen"/"between" */
    uint32_t between_m;         /* a third party's "between X and Y": X, or UINT32_MAX */
    const an_cameo_info *ci;
    bool no_target;             /* the pattern (`>-`) or its code (cameo.txt `untargeted`) acts on no one */
    uint32_t comp;              /* where the complement clause begins, or the clause end */
    bool gerund;                /* the complement's subject is the verb's */
    uint32_t tgt, tgt_end;      /* the target, and the end of the mentions it is sought in */
    bool weak_tgt;              /* found only after a preposition that may introduce the other side */
    uint32_t first_ev, end_ev;  /* the events it gave */
    uint32_t pair_other;        /* "the two leaders": the other side of the pair, or UINT32_MAX */
    bool await_doer;            /* a reaction to an act: whom the sentence goes on to call on is its doer (reaction_doers) */
} firing;

/* Finds a separable particle closing the clause, or closing its main part before an
 * infinitive clause kept with it ("warf Moskau vor, die Feuerpause gebrochen zu
 * haben"). */
static void clause_particle(ctx *c)
{
    const an_doc *d = c->d;
    c->particle_n = 0;
    for (uint32_t t = c->c.end, words = 0; t-- > c->c.start;) {
        an_span k = key_of(d, t);
        if (an_span_eq(k, ",")) { words = 0; continue; }
        if (d->tokens.items[t].kind != AN_TOK_WORD || words++) continue;
        if (is_class(c, AN_WC_PARTICLE, t) && k.n < sizeof c->particle) {
            memcpy(c->particle, k.p, k.n);
            c->particle_n = k.n;
            break;
        }
    }
}

/* Reads the subject cues of clause c->c and consumes the carry flags set for it. */
static void find_subject_cues(ctx *c, subject_cues *cue)
{
    const an_doc *d = c->d;
    uint32_t m_first = c->m_first, m_end = c->m_end;
    /* subject carried over for pronouns */
    cue->first_free = UINT32_MAX;
    /* English: a subject stands before the verb ("An earthquake struck Myanmar" has
     * none) */
    uint32_t verb = c->c.end;
    for (uint32_t t = c->c.start, mi = m_first; c->cl->code[0] == 'e' && t < c->c.end && verb == c->c.end; t++) {
        while (mi < m_end && d->mentions.items[mi].tok_end <= t) mi++;
        if (!(mi < m_end && d->mentions.items[mi].tok_start <= t) && an_words_verb_at(c, t)) verb = t;
    }
    for (uint32_t m = m_first; m < m_end && d->mentions.items[m].tok_start < verb; m++)
        if (an_roles_usable(c, &d->mentions.items[m]) && !an_roles_governor(c, &d->mentions.items[m]).n) {
            cue->first_free = m;
            break;
        }
    /* a pronoun, or a conjunction before the verb ("… und beschoss Sumy"): the subject is
     * the previous clause's */
    bool coord_verb = is_class(c, AN_WC_COORD, c->c.start) && c->c.start + 1 < c->c.end &&
                      an_words_verb_at(c, c->c.start + 1);
    cue->pronoun_subject = coord_verb || c->carry_subject;
    /* the carried subject is the subject, whatever actor follows the verb: in a clause
     * that goes on after "und" ("und drohte Litauen"), resumes a main clause (", drohte
     * Litauen") or opens with a relative subject pronoun ("der die Vorwürfe
     * zurückwies"; not "den die Polizei festnahm", where an actor follows the pronoun) */
    cue->force_carried = coord_verb || c->force_carry;
    c->force_carry = false;
    if (c->carry_subject && !cue->force_carried) {
        if (an_words_verb_at(c, c->c.start)) cue->force_carried = true;
        else if (is_class(c, AN_WC_RELATIVE, c->c.start)) {
            uint32_t next = c->c.start + 1;
            while (next < c->c.end && is_class(c, AN_WC_ARTICLE, next)) next++;
            bool actor_next = false;
            for (uint32_t m = m_first; m < m_end; m++)
                if (d->mentions.items[m].tok_start == next && an_roles_usable(c, &d->mentions.items[m])) actor_next = true;
            cue->force_carried = !actor_next;
        }
    }
    c->carry_subject = false;
    cue->pronoun_at = UINT32_MAX;
    /* "…, and the two leaders signed …": the sides of the clause's previous event */
    uint32_t a = c->c.start + (is_class(c, AN_WC_COORD, c->c.start) ? 1 : 0);
    cue->pair = a + 2 < c->c.end && is_class(c, AN_WC_ARTICLE, a) && an_codelang_number(c->cl, d, a + 1, a + 2, &(uint32_t){ 0 }) == 2 &&
                c->last_source != UINT32_MAX && c->last_target != UINT32_MAX;
    for (uint32_t t = c->c.start; t < c->c.end && t < c->c.start + 3 && cue->pronoun_at == UINT32_MAX; t++)
        if (is_class(c, AN_WC_PRONOUN, t) && !(t > c->c.start && is_class(c, AN_WC_PREP, t - 1)) &&   /* not "some of them" */
            !(t + 1 < c->c.end && an_roles_in_mention(c->d, c->m_first, t + 1)))   /* "its forces" is an actor of its own */
            { cue->pronoun_subject = true; cue->pronoun_at = t; }
}

/* Is the English verb form at t an adjective before its noun ("a jailed Australian
 * writer", "the detained opposition leader", "Russia's occupied territories", "its
 * occupied territories")? After an article, a possessive 's or a possessive pronoun
 * (data/possessives.txt), with a word of its noun phrase next, it acts on no one. */
static bool attributive(const ctx *c, uint32_t t)
{
    if (c->cl->code[0] != 'e' || t <= c->c.start || t + 1 >= c->c.end) return false;
    const an_token *next = &c->d->tokens.items[t + 1];
    if (next->kind != AN_TOK_WORD || is_class(c, AN_WC_PREP, t + 1) || is_class(c, AN_WC_AGENT, t + 1) ||
        is_class(c, AN_WC_ARTICLE, t + 1) || is_class(c, AN_WC_COORD, t + 1))
        return false;
    an_span before = key_of(c->d, t - 1);
    return is_class(c, AN_WC_ARTICLE, t - 1) || an_doc_token_possessive(c->d, t - 1) ||
           an_strset_has(&c->lx->possessive, before.p, before.n);
}

/* The pattern the word at t fires in this pass (0: verbs, 1: nouns), or NULL; sets
 * c->tok. */
static const an_pattern *trigger_at(ctx *c, uint32_t t, int pass)
{
    an_doc *d = c->d;
    const an_token *tk = &d->tokens.items[t];
    an_span k = key_of(d, t);
    c->best_pattern = 0;
    c->tok = t;
    c->want_noun = pass == 1;
    if (pass == 0 && c->particle_n && t + 1 < c->c.end)
        an_doc_lemmas(c->cl, d, t, an_words_try_particle_lemma, c);
    /* verbs in the first pass, nouns by their lemma in the second ("strikes on",
     * "the seizure of": English nouns are lower case) */
    if (!c->best_pattern) an_doc_lemmas(c->cl, d, t, an_words_try_lemma, c);
    if (!c->best_pattern && pass == 1 && (tk->flags & AN_TOKF_UPPER)) {   /* noun triggers by stem */
        size_t l[AN_STEM_MAX], nl = an_stem_lengths(k.p, k.n, c->cl->code, l);
        for (size_t i = 0; i < nl; i++) an_words_try_lemma(c, k.p, l[i]);
        const char *irr = an_codelang_form(c->cl, k.p, k.n);
        if (irr) an_words_try_lemma(c, irr, strlen(irr));
        /* a German compound is its last part: "Raketenangriffen" → Angriff,
         * "Massenproteste" → Protest; the longest known head wins */
        for (size_t i = 3; c->cl->code[0] == 'd' && !c->best_pattern && i + 4 <= k.n; i++) {
            if (((unsigned char)k.p[i] & 0xC0) == 0x80) continue;   /* inside a UTF-8 sequence */
            an_span head = { k.p + i, k.n - i };
            nl = an_stem_lengths(head.p, head.n, c->cl->code, l);
            for (size_t j = 0; j < nl && !c->best_pattern; j++) an_words_try_lemma(c, head.p, l[j]);
        }
    }
    if (!c->best_pattern) return NULL;
    const an_pattern *pt = &c->cl->patterns.items[c->best_pattern - 1];
    if (pt->noun && !(tk->flags & AN_TOKF_UPPER) && c->cl->code[0] == 'd') return NULL;
    if (!pt->noun && attributive(c, t)) return NULL;
    return pt;
}

/* A relative clause in the passive with no agent whose pronoun opens it ("two
 * journalists who were arrested near the border"): the pronoun is what was done to. A
 * state's act on people (cameo.txt `domestic`) is then the deed of the actor the
 * sentence holds them by, the nearest actor before the antecedent ("demanded that
 * Paraguay release two journalists who …", "called on the Houthis to free 20 UN staff
 * members who …"). Its mention, or UINT32_MAX. */
static uint32_t holder_of_antecedent(ctx *c, const subject_cues *cue)
{
    const an_doc *d = c->d;
    if (!cue->force_carried || c->last_source == UINT32_MAX || c->c.start == 0 ||
        !is_class(c, AN_WC_RELATIVE, c->c.start - 1))
        return UINT32_MAX;
    uint32_t a = UINT32_MAX;
    for (uint32_t m = c->m_first; m-- > 0 && d->mentions.items[m].sentence == c->sentence && a == UINT32_MAX;)
        if (d->mentions.items[m].entity == c->last_source) a = m;
    for (uint32_t m = a; a != UINT32_MAX && m-- > 0 && d->mentions.items[m].sentence == c->sentence;)
        if (an_roles_usable(c, &d->mentions.items[m]) && d->mentions.items[m].entity != c->last_source &&
            an_roles_acting_entity(c, m) != an_roles_acting_entity(c, a))
            return m;
    return UINT32_MAX;
}

/* The source of the trigger f->t: f->src (UINT32_MAX: none) and f->carried. */
static void find_source(ctx *c, firing *f, subject_cues *cue)
{
    const an_doc *d = c->d;
    uint32_t m_first = c->m_first, m_end = c->m_end, t = f->t;
    for (uint32_t m = m_first; m < m_end; m++) {
        const an_mention *mm = &d->mentions.items[m];
        if (!an_roles_usable(c, mm)) continue;
        an_span g = an_roles_governor(c, mm);
        bool by_agent = g.n && an_codelang_is(c->cl, AN_WC_AGENT, g);
        if (f->pt->source_prep != UINT32_MAX) {
            if (f->src == UINT32_MAX && g.n && an_words_list_has(an_pool(c->cl, f->pt->source_prep), g)) f->src = m;
        } else if (f->passive) {
            if (f->src == UINT32_MAX && by_agent) f->src = m;
        } else if (f->src == UINT32_MAX && !g.n) {
            /* English: the subject stands before the verb */
            if (c->cl->code[0] != 'e' || mm->tok_start < t) f->src = m;
        }
    }
    /* "Austria's Freedom Party called …": a country in the possessive owns the noun
     * phrase after it (names the lexicon does not know, then an actor of that country),
     * whose head acts */
    if (f->src != UINT32_MAX && f->src + 1 < m_end && c->cl->code[0] == 'e' &&
        an_roles_possessive(d, &d->mentions.items[f->src])) {
        const an_mention *a = &d->mentions.items[f->src], *b = &d->mentions.items[f->src + 1];
        const char *ac = d->entities.items[a->entity].code, *bc = d->entities.items[b->entity].code;
        bool head = b->tok_start < t && b->tok_start <= a->tok_end + 3 && an_roles_usable(c, b) &&
                    an_doc_token_possessive(d, a->tok_end - 1) && strlen(ac) == 3 && strncmp(ac, bc, 3) == 0;
        for (uint32_t k = a->tok_end; head && k < b->tok_start; k++)
            head = d->tokens.items[k].kind == AN_TOK_WORD && (d->tokens.items[k].flags & AN_TOKF_UPPER);
        if (head) f->src = f->src + 1;
    }
    /* a posture in the passive with no agent: the forces deployed are their own state's
     * ("10,000 North Korean soldiers have been deployed to Kursk", "Nepal's army was
     * deployed in Kathmandu") */
    const an_cameo_info *ci = an_cameo_lookup(c->cameo, f->code_pt->cameo);
    if (f->passive && f->src == UINT32_MAX && ci && ci->instrument)
        for (uint32_t m = m_first; m < m_end && d->mentions.items[m].tok_start < t; m++)
            if (an_roles_usable(c, &d->mentions.items[m]) && !an_roles_governor(c, &d->mentions.items[m]).n) {
                f->src = m;
                break;
            }
    if (f->passive && f->src == UINT32_MAX && ci && ci->domestic) f->src = holder_of_antecedent(c, cue);
    /* a noun trigger's actor stands right before it: "russischen Raketenangriffen",
     * "Russian missile strike" */
    if (f->pt->noun) {
        bool attached = false;
        for (uint32_t m = m_first; m < m_end && !attached; m++)
            if (d->mentions.items[m].tok_end == t && an_roles_usable(c, &d->mentions.items[m])) {
                f->src = m;
                attached = true;
            }
        /* in a passive clause the actors are what was done to ("Bei dem Angriff wurden
         * drei Soldaten getötet"): a noun trigger takes no source from them */
        for (uint32_t a = c->c.start; a < c->c.end && !attached && f->src != UINT32_MAX; a++)
            if (is_class(c, AN_WC_PASSIVE, a)) f->src = UINT32_MAX;
        /* English: the subject does the noun's act only through a light verb ("Israel
         * resumed air strikes", "carried out raids"); "has not appeared since the war
         * began" is no war of Khamenei's */
        if (!attached && f->src != UINT32_MAX && c->cl->code[0] == 'e' && !an_words_light_before(c, t)) f->src = UINT32_MAX;
    }
    if (cue->force_carried && f->pt->source_prep == UINT32_MAX && !f->passive) f->src = UINT32_MAX;
    if (cue->pair && f->pt->source_prep == UINT32_MAX && !f->passive) {
        uint32_t a = UINT32_MAX, b = UINT32_MAX;
        for (uint32_t m = m_first; m-- > 0 && (a == UINT32_MAX || b == UINT32_MAX) && d->mentions.items[m].sentence == c->sentence;) {
            if (a == UINT32_MAX && d->mentions.items[m].entity == c->last_source) a = m;
            if (b == UINT32_MAX && d->mentions.items[m].entity == c->last_target) b = m;
        }
        if (a != UINT32_MAX && b != UINT32_MAX) { f->src = a; f->pair_other = b; }
    }
    /* a pronoun opening the clause before the verb is its subject, not an actor after
     * it ("…, sie werde der Ukraine Waffen liefern") */
    if (cue->pronoun_at < t && f->src != UINT32_MAX && d->mentions.items[f->src].tok_start > cue->pronoun_at &&
        f->pt->source_prep == UINT32_MAX)
        f->src = UINT32_MAX;
    /* German inversion: a personal pronoun right after the verb is the subject ("Bei
     * ihrem Besuch sagte sie der Ukraine … zu"), unless an actor stands before the verb
     * ("Russland griff sie an") */
    if (c->cl->code[0] == 'd' && t + 1 < c->c.end && is_class(c, AN_WC_PRONOUN, t + 1) && f->pt->source_prep == UINT32_MAX &&
        (f->src == UINT32_MAX || d->mentions.items[f->src].tok_start > t)) {
        f->src = UINT32_MAX;
        cue->pronoun_subject = true;
    }
    if (f->src == UINT32_MAX && cue->pronoun_subject && c->last_source != UINT32_MAX) {
        /* a pronoun subject: the previous clause's source, as a mention of its own */
        for (uint32_t m = m_first; m-- > 0;)
            if (d->mentions.items[m].entity == c->last_source) {
                /* "they" stands for the whole list ("Mali, Burkina Faso and Niger said
                 * they would …"), and so does a verb coordinated with the list's own
                 * ("Hun Manet and Anutin met … and agreed"); "it" for one actor */
                f->src = m;
                f->carried = cue->pronoun_at != UINT32_MAX ? !is_class(c, AN_WC_PLURAL, cue->pronoun_at) : !cue->force_carried;
                break;
            }
    }
}

/* Every source: the source's conjuncts, the sides after "between", and those acting
 * "along with" it (c->along_first, c->along_last). */
static void source_sides(ctx *c, firing *f)
{
    const an_doc *d = c->d;
    uint32_t m_first = c->m_first, m_end = c->m_end;
    /* "Schusswechsel zwischen indischen und pakistanischen Soldaten", "exchange
     * between Moscow and Kyiv": the sides after "zwischen" act on each other */
    f->src_last = f->src;
    f->between_m = UINT32_MAX;
    c->along_first = c->along_last = UINT32_MAX;
    if (f->pair_other != UINT32_MAX) {   /* "the two leaders": each acts with the other */
        f->srcs[0] = f->src;
        f->srcs[1] = f->pair_other;
        f->n_src = 2;
        f->between = true;
        return;
    }
    for (uint32_t m = m_first; m < m_end && !f->between && f->between_m == UINT32_MAX; m++) {
        uint32_t g = an_roles_governor_tok(c, &d->mentions.items[m]);
        if (g == UINT32_MAX || !is_class(c, AN_WC_BETWEEN, g) || !an_roles_usable(c, &d->mentions.items[m])) continue;
        f->n_src = an_roles_conjuncts(c, m, m_end, f->srcs, &f->src_last);
        /* the subject found so far may be the second side ("zwischen Moskau und Kiew") */
        f->between = f->n_src > 1 && (f->src == UINT32_MAX || (f->src >= m && f->src <= f->src_last));
        if (f->between) f->src = m;
        else if (f->n_src > 1) f->between_m = m;   /* a third party's: "Katar vermittelt zwischen …" */
    }
    if (!f->between) {
        f->src_last = f->src;
        f->n_src = f->src == UINT32_MAX ? 0
                 : f->carried ? (f->srcs[0] = f->src, 1)
                 : an_roles_conjuncts(c, f->src, m_end, f->srcs, &f->src_last);
    }
    /* "France recognised Palestine, along with Belgium and Malta": the sides after
     * "along with" act with the source */
    uint32_t along_last = UINT32_MAX;
    c->along_first = c->along_last = UINT32_MAX;
    for (uint32_t m = m_first; m < m_end && f->n_src && f->n_src < AN_COORD_MAX && !f->between; m++) {
        uint32_t g = an_roles_governor_tok(c, &d->mentions.items[m]);
        if (g == UINT32_MAX || an_roles_in_source(f->src, f->src_last, m) || !an_roles_usable(c, &d->mentions.items[m]) ||
            !(is_class(c, AN_WC_ALONG, g) || (g > c->c.start && an_codelang_phrase_is(c->cl, AN_WC_ALONG, d, g - 1, g + 1))))
            continue;
        uint32_t more[AN_COORD_MAX];
        uint32_t n_more = an_roles_conjuncts(c, m, m_end, more, &along_last);
        for (uint32_t i = 0; i < n_more && f->n_src < AN_COORD_MAX; i++) f->srcs[f->n_src++] = more[i];
        c->along_first = m;
        c->along_last = along_last;
        break;
    }
}

/* "barred citizens of 12 countries, including Afghanistan, Iran and Haiti", "attacked
 * several embassies, including those of France and the United States": the actors the
 * list names are the target, not the noun it names the members of. A list of places
 * tells where ("cities, including Kyiv"). */
static void included_target(ctx *c, firing *f)
{
    const an_doc *d = c->d;
    if (f->tgt == UINT32_MAX) return;
    uint32_t k = d->mentions.items[f->tgt].tok_end;
    for (; k + 1 < c->c.end && k < f->comp; k++) {
        if (an_span_eq(key_of(d, k), ",") && is_class(c, AN_WC_INCLUDING, k + 1)) break;
        if (an_words_verb_at(c, k)) return;
    }
    if (k + 1 >= c->c.end || k >= f->comp) return;
    for (uint32_t m = f->tgt + 1; m < f->tgt_end; m++) {
        const an_mention *mm = &d->mentions.items[m];
        if (mm->tok_start <= k + 1) continue;
        uint8_t ty = d->entities.items[mm->entity].type;
        if (ty == AN_ENT_PLACE || ty == AN_ENT_REGION) return;
        if (an_roles_other_side(c, m, f->src, f->src_last)) f->tgt = m;
        return;
    }
}

/* Where an English subordinate clause with a verb of its own begins its verb after the
 * trigger at t ("sent condolences to Hichilema after a mine collapse in the Copperbelt
 * killed 30 workers"): what follows that verb is its object, not the trigger's. A verb
 * right after an article or a possessive is a noun ("after the attack"). c->c.end when
 * there is none. */
static uint32_t subordinate_verb(ctx *c, uint32_t t)
{
    if (c->cl->code[0] != 'e') return c->c.end;
    bool sub = false;
    for (uint32_t k = t + 1, mi = c->m_first; k < c->c.end; k++) {
        while (mi < c->m_end && c->d->mentions.items[mi].tok_end <= k) mi++;
        if (mi < c->m_end && c->d->mentions.items[mi].tok_start <= k) continue;
        if (is_class(c, AN_WC_SUBORD, k)) sub = true;
        else if (sub && an_words_verb_at(c, k) && !is_class(c, AN_WC_ARTICLE, k - 1) &&
                 !is_class(c, AN_WC_PRONOUN, k - 1) && !an_doc_token_possessive(c->d, k - 1))
            return k;
    }
    return c->c.end;
}

/* Where the suspicion begins that a state's act on people (cameo.txt `domestic`) holds
 * them on, after the trigger at t (coder.txt `suspect`: "arrested 12 people suspected
 * of spying for Israel", "sentenced a colonel for spying for China"): the actors in it
 * are the suspected deed's, not the act's. The sentence's end when there is none. */
static uint32_t suspicion_at(const ctx *c, uint32_t t)
{
    const an_sentence *u = &c->d->units.items[c->sentence];
    uint32_t end = u->first_token + u->n_tokens;
    for (uint32_t k = t + 1; k < end; k++)
        /* "a suspected Russian spy", "19 suspected members": a word of the object's
         * own noun phrase */
        if (is_class(c, AN_WC_SUSPECT, k) && k > t + 1 && !is_class(c, AN_WC_ARTICLE, k - 1) &&
            isnan(an_codelang_number(c->cl, c->d, k - 1, k, &(uint32_t){ 0 })))
            return k;
    return end;
}

/* Is the actor at token a the addressee of the verb at t: in the noun phrase right after
 * it or its preposition ("called on the Houthis", "appealed to donors"), with no verb,
 * punctuation or second preposition between ("appealed for a ceasefire in Sudan" names
 * no addressee)? */
static bool addressed(ctx *c, uint32_t t, uint32_t a)
{
    if (a <= t || a > t + 6) return false;
    bool prep = false;
    for (uint32_t k = t + 1; k < a; k++) {
        if (c->d->tokens.items[k].kind == AN_TOK_PUNCT || an_words_verb_at(c, k)) return false;
        if (is_class(c, AN_WC_PREP, k)) {
            if (prep || k != t + 1) return false;
            prep = true;
        }
    }
    return true;
}

/* The complement clause of the trigger and its target among the clause's mentions
 * before that complement: after its preposition, the direct object, or (English) one
 * deeper in the object's noun phrase. */
static void find_target(ctx *c, firing *f)
{
    const an_doc *d = c->d;
    uint32_t m_first = c->m_first, m_end = c->m_end, t = f->t;
    /* a reporting verb's target is its addressee, never an actor of what it reports */
    f->ci = an_cameo_lookup(c->cameo, f->code_pt->cameo);
    f->no_target = f->pt->no_target || (f->ci && f->ci->untargeted);
    f->comp = an_clause_complement_start(c, f->pt, f->ci, t, m_first, m_end, &f->gerund);
    c->no_forces_target = f->ci && f->ci->instrument;
    c->authority_target = f->ci && f->ci->authority;
    f->tgt_end = m_end;
    uint32_t suspicion = f->ci && f->ci->domestic ? suspicion_at(c, t) : UINT32_MAX;
    uint32_t stop = suspicion < f->comp ? suspicion : f->comp;
    while (f->tgt_end > m_first && d->mentions.items[f->tgt_end - 1].tok_start >= stop) f->tgt_end--;
    if (!f->no_target) {
        uint32_t barrier = subordinate_verb(c, t);
        for (uint32_t m = m_first; m < f->tgt_end; m++) {
            const an_mention *mm = &d->mentions.items[m];
            if (!an_roles_other_side(c, m, f->src, f->src_last)) continue;
            an_span g = an_roles_governor(c, mm);
            if (f->pt->target_prep != UINT32_MAX) {
                if (g.n && an_words_list_has(an_pool(c->cl, f->pt->target_prep), g)) { f->tgt = m; break; }
            } else if (g.n && an_roles_governor_tok(c, mm) == t + 1 && !f->passive && m > f->src && f->src != UINT32_MAX &&
                       !(is_class(c, AN_WC_LOCPREP, t + 1) && !is_class(c, AN_WC_TARGETPREP, t + 1))) {
                /* a verb particle, not a preposition: "shot down 45 drones"; "gathered
                 * outside parliament" says where */
                f->tgt = m;
                break;
            } else if (f->passive ? !g.n : (!g.n && (f->src == UINT32_MAX || m > f->src) && mm->tok_start < barrier &&
                                            (c->cl->code[0] != 'e' || mm->tok_start > t))) {
                f->tgt = m;
                break;
            }
        }
        /* no direct object: an actor after a preposition that commonly introduces
         * the other side ("spoke with Zelensky", "protested to Japan", "gegen Russland") */
        if (f->tgt == UINT32_MAX && f->pt->target_prep == UINT32_MAX)
            for (uint32_t m = m_first; m < f->tgt_end; m++) {
                const an_mention *mm = &d->mentions.items[m];
                if (!an_roles_other_side(c, m, f->src, f->src_last)) continue;
                an_span g = an_roles_governor(c, mm);
                if (g.n && an_codelang_is(c->cl, AN_WC_TARGETPREP, g)) { f->tgt = m; f->weak_tgt = true; break; }
            }
        /* ">mit" found no actor after "mit": the direct object, as a pattern without
         * the condition would have taken ("Scholz met Macron") */
        if (f->tgt == UINT32_MAX && f->pt->target_prep != UINT32_MAX)
            for (uint32_t m = m_first; m < f->tgt_end; m++) {
                const an_mention *mm = &d->mentions.items[m];
                if (an_roles_other_side(c, m, f->src, f->src_last) && !an_roles_governor(c, mm).n &&
                    (f->src == UINT32_MAX || m > f->src))
                    { f->tgt = m; break; }
            }
        /* still none: the English object's noun phrase holds its actor deeper, as a
         * parse would find it ("sanctions on tankers in Russia's fleet", "arms trade
         * with Israel"): the first actor after the trigger that no locative phrase
         * holds ("roads in eastern Poland" is where), save a possessive one */
        if (f->tgt == UINT32_MAX && c->cl->code[0] == 'e' && !f->passive && !an_words_pattern_reports(c, f->pt))
            for (uint32_t m = m_first, loc = t + 1; m < f->tgt_end; m++) {
                const an_mention *mm = &d->mentions.items[m];
                if (mm->tok_start <= t) continue;
                for (; loc < mm->tok_start && !is_class(c, AN_WC_LOCPREP, loc); loc++) {}
                if (loc < mm->tok_start && !an_roles_possessive(c->d, mm)) break;
                uint32_t g = an_roles_governor_tok(c, mm);
                if (an_roles_other_side(c, m, f->src, f->src_last) && (g == UINT32_MAX || !is_class(c, AN_WC_BETWEEN, g)))
                    { f->tgt = m; f->weak_tgt = true; break; }
            }
        /* a pattern whose source follows a preposition ("received a call from Macron")
         * acts on its grammatical subject */
        if (f->tgt == UINT32_MAX && f->pt->source_prep != UINT32_MAX)
            for (uint32_t m = m_first; m < f->tgt_end && d->mentions.items[m].tok_start < t; m++)
                if (!an_roles_governor(c, &d->mentions.items[m]).n && an_roles_other_side(c, m, f->src, f->src_last)) {
                    f->tgt = m;
                    break;
                }
        included_target(c, f);
        if (f->tgt != UINT32_MAX && f->ci && f->ci->addressee && c->cl->code[0] == 'e' &&
            !addressed(c, t, d->mentions.items[f->tgt].tok_start))
            f->tgt = UINT32_MAX;
        /* an object relative clause's verb acts on the antecedent ("250 migrants whom the
         * United States had deported to El Salvador") */
        if (c->object_antecedent != UINT32_MAX && f->pt->target_prep == UINT32_MAX && !f->passive &&
            an_roles_other_side(c, c->object_antecedent, f->src, f->src_last)) {
            f->tgt = c->object_antecedent;
            f->tgt_end = f->tgt + 1;
        }
    }
}

/* Has the lemma a noun pattern ("strike", "arrest", "visit")? */
static bool noun_lemma(void *p, const char *lemma, size_t n)
{
    const ctx *c = p;
    for (uint32_t i = an_codelang_trigger(c->cl, lemma, n); i; i = c->cl->patterns.items[i - 1].next)
        if (c->cl->patterns.items[i - 1].noun) return true;
    return false;
}

/* Does the object of words about another's act (cameo.txt `reaction`) at t name an
 * earlier act with a definite word ("welcomed the decision", "condemned the strike",
 * "criticised the detention")? */
static bool names_earlier_act(ctx *c, uint32_t t)
{
    an_doc *d = c->d;
    if (t + 2 >= c->c.end || !(is_class(c, AN_WC_ARTICLE, t + 1) || is_class(c, AN_WC_DEMONSTRATIVE, t + 1))) return false;
    bool act = false;
    for (uint32_t k = t + 2; k < c->c.end && k < t + 5 && !act; k++) {
        if (d->tokens.items[k].kind != AN_TOK_WORD || an_roles_in_mention(d, c->m_first, k)) break;
        act = is_class(c, AN_WC_ACT, k) || an_doc_lemmas(c->cl, d, k, noun_lemma, c);
    }
    return act;
}

/* The doer of that earlier act: the source of the document's latest event before this
 * sentence, or UINT32_MAX. */
static uint32_t doer_of_earlier_act(ctx *c)
{
    an_doc *d = c->d;
    for (uint32_t e = d->events.n; e-- > 0;)
        if (d->events.items[e].sentence < c->sentence) return d->events.items[e].source_mention;
    return UINT32_MAX;
}

/* When the clause names no target: an object pronoun, a third party's sides, the
 * previous clause's target, or a demand's addressee. A statement keeps only an
 * addressee right after its verb. */
static void fallback_target(ctx *c, firing *f, const subject_cues *cue)
{
    const an_doc *d = c->d;
    uint32_t m_first = c->m_first, m_end = c->m_end, t = f->t;
    if (f->tgt == UINT32_MAX && !f->no_target && f->pt->target_prep == UINT32_MAX)
        f->tgt = an_roles_pronoun_object(c, f->src, t, f->comp);   /* not one of a reported clause */
    /* a third party acts on both sides ("Qatar mediates between Israel and Hamas"),
     * unless the sources act together ("Putin and Trump discussed talks between …") */
    if (f->tgt == UINT32_MAX && !f->no_target && f->between_m != UINT32_MAX && f->between_m < f->tgt_end) {
        f->tgt = f->between_m;
        f->weak_tgt = true;
    }
    /* a statement's target is its addressee, right after the verb ("told Zelensky",
     * "said to reporters"), not an actor further on ("added them to Israel's …") */
    if (f->tgt != UINT32_MAX && an_words_pattern_reports(c, f->pt) && d->mentions.items[f->tgt].tok_start > t + 3)
        f->tgt = UINT32_MAX;
    /* a clause going on with the same subject acts on an actor of the clause before:
     * its object pronoun on that clause's object ("sanctioned Petro, accusing him of
     * …"), a passive participle coordinated with an earlier one on that clause's
     * subject ("An Israeli soldier was stabbed and wounded by a Palestinian") */
    uint32_t back = UINT32_MAX;
    bool coordinated = is_class(c, AN_WC_COORD, c->c.start);
    if (f->tgt == UINT32_MAX && !f->no_target && cue->force_carried)
        back = c->last_target != UINT32_MAX && ((t + 1 < c->c.end && is_class(c, AN_WC_PRONOUN, t + 1)) || (coordinated && !f->passive && f->pt->target_prep == UINT32_MAX))
                   ? c->last_target
             : f->passive ? c->last_source : UINT32_MAX;
    for (uint32_t m = m_first; back != UINT32_MAX && m-- > 0 && d->mentions.items[m].sentence == c->sentence;)
        if (d->mentions.items[m].entity == back) { f->tgt = m; f->tgt_end = m_end; break; }
    /* praise or criticism of an earlier act targets its doer ("Zelensky called the
     * strike a war crime") */
    if (f->tgt == UINT32_MAX && !f->no_target && f->ci && f->ci->reaction && names_earlier_act(c, t)) {
        uint32_t doer = doer_of_earlier_act(c);
        f->await_doer = true;   /* a doer the sentence goes on to call on outranks it */
        if (doer != UINT32_MAX && d->entities.items[d->mentions.items[doer].entity].code[0] &&
            an_roles_acting_entity(c, doer) != an_roles_acting_entity(c, f->src)) {
            f->tgt = doer;
            f->tgt_end = doer + 1;
        }
    }
    /* a demand is made of the demanded clause's subject ("demanded that Hamas
     * release …") */
    if (f->tgt == UINT32_MAX && !f->no_target && f->ci && f->ci->frame == AN_MOD_DEMANDED && f->comp < c->c.end &&
        !f->gerund)
        for (uint32_t m = f->tgt_end; m < m_end; m++) {
            const an_mention *mm = &d->mentions.items[m];
            if (an_roles_other_side(c, m, f->src, f->src_last) && !an_roles_governor(c, mm).n) {
                f->tgt = m;
                f->tgt_end = m_end;
            }
            break;
        }
}

/* The place the object of an act done to a place names ("captured the eastern Congolese
 * city of Bukavu"): the first place after the trigger with no preposition but "of"
 * between; UINT32_MAX when none. */
static uint32_t place_in_object(ctx *c, uint32_t trig, uint32_t end)
{
    const an_doc *d = c->d;
    uint32_t t = trig + 1;
    for (uint32_t m = c->m_first; m < c->m_end && d->mentions.items[m].tok_start < end; m++) {
        const an_mention *mm = &d->mentions.items[m];
        if (mm->tok_start <= trig) continue;
        for (; t < mm->tok_start; t++)
            if (d->tokens.items[t].kind == AN_TOK_PUNCT ||
                (is_class(c, AN_WC_PREP, t) && !is_class(c, AN_WC_PARTITIVE, t)) || an_words_verb_at(c, t))
                return UINT32_MAX;
        uint8_t ty = d->entities.items[mm->entity].type;
        if (ty == AN_ENT_PLACE || ty == AN_ENT_REGION) return mm->entity;
        t = mm->tok_end;
    }
    return UINT32_MAX;
}

/* A state's act on people it does not name (cameo.txt `domestic`: "Tunisian authorities
 * arrested a prominent lawyer"): the entity of the state's own country, when the verb
 * has an object and the sentence names no actor or place of another country and no
 * suspect of an attack or of spying (coder.txt `suspect`), whose country it does not
 * give; else UINT32_MAX. */
static uint32_t domestic_target(ctx *c, const firing *f)
{
    an_doc *d = c->d;
    if (!f->ci || !f->ci->domestic || f->n_src != 1 || f->passive || f->no_target || f->pt->noun) return UINT32_MAX;
    const an_entity *se = &d->entities.items[an_roles_acting_entity(c, f->src)];
    if (!se->country[0] || !an_roles_state_code(c, se->code)) return UINT32_MAX;
    uint32_t o = f->t + 1;
    if (o >= c->c.end || (d->tokens.items[o].kind != AN_TOK_WORD && d->tokens.items[o].kind != AN_TOK_NUMBER) || is_class(c, AN_WC_PREP, o) ||
        is_class(c, AN_WC_SUBORD, o))
        return UINT32_MAX;
    const an_sentence *u = &d->units.items[c->sentence];
    for (uint32_t k = u->first_token; k < u->first_token + u->n_tokens; k++)
        if (is_class(c, AN_WC_SUSPECT, k)) return UINT32_MAX;
    uint32_t m0 = c->m_first;   /* the sentence's mentions are contiguous, in text order */
    while (m0 > 0 && d->mentions.items[m0 - 1].sentence == c->sentence) m0--;
    for (uint32_t m = m0; m < d->mentions.n && d->mentions.items[m].sentence == c->sentence; m++) {
        const an_mention *mm = &d->mentions.items[m];
        const an_entity *e = &d->entities.items[mm->entity];
        if (!e->country[0] || strcmp(e->country, se->country) != 0) return UINT32_MAX;
    }
    return an_doc_code_entity(d, an_lexicon_cameo_country(c->lx, se->country));
}

/* Adds the trigger's events: each source on each target (or each place), or joint
 * sources on each other; remembers a denial's or demand's events for its complement. */
static an_status emit_events(ctx *c, firing *f)
{
    an_doc *d = c->d;
    uint32_t t = f->t;
    /* coordinated sides: each source acts on each target; sources of a joint
     * action ("Russia and Ukraine signed", "… accused each other") on each other */
    uint32_t tgts[AN_COORD_MAX], tgt_last;
    uint32_t n_tgt = f->tgt == UINT32_MAX ? 0 : an_roles_conjuncts(c, f->tgt, f->tgt_end, tgts, &tgt_last);
    uint32_t place_ents[AN_COORD_MAX], n_place = 0;
    if (!n_tgt && f->n_src == 1 && f->ci && f->ci->place_target && !f->no_target)
        n_tgt = n_place = an_roles_place_targets(c, t, f->src, f->src_last, f->ci->own_place, tgts, place_ents);
    /* "Russia and Ukraine swapped prisoners": a reciprocal word makes the sides each
     * other's target whatever the object; a joint action only when it has none, or
     * only one after a preposition ("signed an agreement at the White House") */
    /* …or when its object is one of the sides' own ("Saudi Arabia and Iran agreed to
     * reopen their consulates") */
    bool own_object = false;
    for (uint32_t j = n_place; j < n_tgt && f->n_src > 1; j++)
        for (uint32_t i = 0; i < f->n_src; i++)
            if (!an_roles_other_side(c, tgts[j], f->srcs[i], f->srcs[i])) own_object = true;
    bool mutual = f->n_src > 1 &&
                  (f->between || an_words_reciprocal(c) || ((n_tgt == 0 || f->weak_tgt || own_object) && f->ci && f->ci->joint));
    if (mutual) n_tgt = 0;
    uint32_t ev;
    f->first_ev = d->events.n;
    for (uint32_t i = 0; i < f->n_src; i++) {
        if (mutual) {
            for (uint32_t j = 0; j < f->n_src; j++)
                if (j != i && (ev = add_event(c, f->pt, f->srcs[i], f->srcs[j])) == UINT32_MAX) return AN_NOMEM;
        } else if (!n_tgt) {
            if ((ev = add_event(c, f->pt, f->srcs[i], UINT32_MAX)) == UINT32_MAX) return AN_NOMEM;
            d->events.items[ev].target = domestic_target(c, f);
        } else {
            for (uint32_t j = 0; j < n_tgt; j++) {
                /* no one acts on itself: a second source may be the target's actor
                 * ("the government and the unions agreed to raise workers' wages") */
                if (j >= n_place && !an_roles_other_side(c, tgts[j], f->srcs[i], f->srcs[i])) continue;
                if ((ev = add_event(c, f->pt, f->srcs[i], tgts[j])) == UINT32_MAX) return AN_NOMEM;
                /* a joint act its verb says both sides do, with the other side after a
                 * preposition ("signed an agreement with Australia"), is the other's too */
                if (j >= n_place && f->ci && f->ci->joint && is_class(c, AN_WC_JOINTVERB, t) &&
                    an_roles_governor(c, &d->mentions.items[tgts[j]]).n &&
                    (ev = add_event(c, f->pt, tgts[j], f->srcs[i])) == UINT32_MAX)
                    return AN_NOMEM;
                /* the place it was done to is also where ("struck Mykolaiv", "visited Kyiv");
                 * a capital struck or visited is a place of its country, not its
                 * government */
                const an_entity *te = &d->entities.items[d->mentions.items[tgts[j]].entity];
                if (j < n_place) {
                    d->events.items[ev].target = place_ents[j];
                    d->events.items[ev].location = d->mentions.items[tgts[j]].entity;
                } else if (f->ci && f->ci->place_target && te->type == AN_ENT_PLACE && te->country[0]) {
                    uint32_t country = an_doc_code_entity(d, an_lexicon_cameo_country(c->lx, te->country));
                    if (country != UINT32_MAX) d->events.items[ev].target = country;
                    d->events.items[ev].location = d->mentions.items[tgts[j]].entity;
                }
            }
        }
    }
    uint32_t object_place = f->ci && f->ci->place_target ? place_in_object(c, t, f->comp) : UINT32_MAX;
    /* a view of one's own is the event, whatever verb says it ("warned of escalation") */
    const an_cameo_info *pci = an_cameo_lookup(c->cameo, f->pt->cameo);
    bool reporting = an_words_pattern_reports(c, f->pt) && !(pci && pci->untargeted);
    for (uint32_t e = f->first_ev; e < d->events.n; e++) {
        memcpy(d->events.items[e].cameo, f->code_pt->cameo, sizeof f->code_pt->cameo);
        d->events.items[e].reporting = reporting;
        if (d->events.items[e].location == UINT32_MAX) d->events.items[e].location = object_place;
    }
    c->last_target = f->tgt == UINT32_MAX ? UINT32_MAX : d->mentions.items[f->tgt].entity;
    c->last_source = d->mentions.items[f->src].entity;
    if (f->ci && f->ci->frame && !f->pt->noun && !an_words_pattern_reports(c, f->pt) && f->comp == c->c.end) {
        c->pending_frame = f->ci->frame;
        c->pending_first = f->first_ev;
        c->pending_end = d->events.n;
    }
    f->end_ev = d->events.n;
    return AN_OK;
}

/* Codes the trigger's complement clause on its own ("X said (that) it had shot down
 * …"), with the frame (denied, demanded) the trigger gives it. */
static an_status code_complement(ctx *c, const firing *f)
{
    an_doc *d = c->d;
    uint32_t m_first = c->m_first, m_end = c->m_end;
    if (f->comp < c->c.end) {
        /* "X said (that) it had shot down …": the reported clause is coded on its
         * own, its pronoun subject being the speaker; the saying ends before it */
        for (uint32_t e = f->first_ev; e < d->events.n; e++) d->events.items[e].clause_end = f->comp;
        clause outer = c->c;
        c->c = (clause){ f->comp, outer.end };
        uint32_t mf = m_first;
        while (mf < m_end && d->mentions.items[mf].tok_start < f->comp) mf++;
        uint8_t frame = c->frame;
        if (f->ci && f->ci->frame && !an_words_pattern_reports(c, f->pt)) c->frame = f->ci->frame;
        c->carry_subject = c->force_carry = f->gerund;
        an_status st = an_code_clause(c, mf, m_end);
        c->frame = frame;
        c->carry_subject = false;
        c->c = outer;
        c->m_first = m_first;
        c->m_end = m_end;
        if (st) return st;
    }
    return AN_OK;
}

/* The firing of an act a noun at t names beside the clause's own event (agent_nouns,
 * staged_act), done by the actor at mention src and its conjuncts. */
static firing noun_act(ctx *c, uint32_t t, const an_pattern *pt, uint32_t src)
{
    firing f = { .t = t, .pt = pt, .code_pt = pt, .src = src, .tgt = UINT32_MAX, .between_m = UINT32_MAX,
                 .pair_other = UINT32_MAX };
    f.ci = an_cameo_lookup(c->cameo, pt->cameo);
    f.comp = c->c.end;
    f.tgt_end = c->m_end;
    f.n_src = an_roles_conjuncts(c, src, c->m_end, f.srcs, &f.src_last);
    return f;
}

/* Adds a noun act's events; the clause's own sides stay those its pronouns refer to. */
static an_status emit_aside(ctx *c, firing *f)
{
    uint32_t last_source = c->last_source, last_target = c->last_target;
    an_status st = emit_events(c, f);
    c->last_source = last_source;
    c->last_target = last_target;
    return st;
}

/* The act a staging trigger's object names (cameo.txt `stage`: "hosted talks between
 * Armenian and Azerbaijani officials", "mediated indirect talks between Iran and the
 * United States") is also the sides' own, done with each other: a noun trigger after
 * the trigger at main_t, with the sides after "between" right behind it. */
static an_status staged_act(ctx *c, uint32_t main_t)
{
    an_doc *d = c->d;
    for (uint32_t t = main_t + 1; t + 2 < c->c.end; t++) {
        if (!is_class(c, AN_WC_BETWEEN, t + 1) || an_roles_in_mention(d, c->m_first, t)) continue;
        uint32_t side = UINT32_MAX;
        for (uint32_t m = c->m_first; m < c->m_end && side == UINT32_MAX; m++) {
            const an_mention *mm = &d->mentions.items[m];
            if (mm->tok_start >= t + 2 && mm->tok_start <= t + 4 && an_roles_usable(c, mm)) side = m;
        }
        const an_pattern *pt = side == UINT32_MAX ? NULL : trigger_at(c, t, 1);
        if (!pt || !pt->noun) return AN_OK;
        firing f = noun_act(c, t, pt, side);
        f.code_pt = an_words_refine(c, pt, t, c->m_first, c->m_end);
        f.between = true;
        return f.n_src < 2 ? AN_OK : emit_aside(c, &f);
    }
    return AN_OK;
}

/* Is the noun at t the head of the object of the verb at v ("condemned an attack by",
 * "rejected the latest proposal by"): only articles and lower-case words between? */
static bool object_noun(const ctx *c, uint32_t v, uint32_t t)
{
    if (t <= v || t > v + 4) return false;
    for (uint32_t k = v + 1; k < t; k++) {
        const an_token *tk = &c->d->tokens.items[k];
        if (tk->kind != AN_TOK_WORD || (tk->flags & AN_TOKF_UPPER) || is_class(c, AN_WC_PREP, k)) return false;
    }
    return true;
}

/* A reaction to a deed ("condemned an attack by Israeli settlers on a village") acts on
 * the doer its object names after "by", not on the deed's victim. */
static void reaction_on_doer(ctx *c, const firing *main, uint32_t doer)
{
    an_doc *d = c->d;
    uint32_t who = an_roles_acting_entity(c, doer);
    for (uint32_t e = main->first_ev; e < main->end_ev; e++)
        if (d->events.items[e].source != who) {
            d->events.items[e].target = who;
            d->events.items[e].target_mention = doer;
        }
}

/* Beside the clause's event, an act a noun names with its doer after "by" ("during a
 * visit by Secretary of State Marco Rubio to Quito", "the killing of 40 villagers by
 * gunmen") is an event of its own: the doer acts on the actor or place after it. main:
 * the clause's own firing, or NULL; its noun is no other act. A word, offer or call
 * that the clause's reaction answers ("rejected a call by Pakistan to act") is what
 * that reaction is about, already its target, and no event beside it; a deed is ("condemned
 * an attack by settlers on a village"). The pronoun antecedents stay the clause's. */
static an_status agent_nouns(ctx *c, const firing *main)
{
    an_doc *d = c->d;
    uint32_t main_t = main ? main->t : UINT32_MAX;
    uint32_t answered = main && main->ci && main->ci->reaction && main->tgt != UINT32_MAX
                            ? d->mentions.items[main->tgt].entity : UINT32_MAX;
    uint32_t mi = c->m_first;   /* the first mention not ending before t: work stays linear */
    for (uint32_t t = c->c.start; t + 2 < c->c.end; t++) {
        while (mi < c->m_end && d->mentions.items[mi].tok_end <= t) mi++;
        if (t == main_t || (mi < c->m_end && d->mentions.items[mi].tok_start <= t)) continue;
        /* "by" right after the noun, or after the place it goes to or happens in ("a
         * visit to Minsk by an American envoy") */
        uint32_t by = t + 1;
        if (!is_class(c, AN_WC_AGENT, by) && is_class(c, AN_WC_PREP, by) && mi < c->m_end) {
            const an_mention *pm = &d->mentions.items[mi];
            uint8_t ty = d->entities.items[pm->entity].type;
            uint32_t a = t + 2;
            while (a < pm->tok_start && is_class(c, AN_WC_ARTICLE, a)) a++;
            if (pm->tok_start == a && (ty == AN_ENT_PLACE || ty == AN_ENT_REGION || ty == AN_ENT_COUNTRY)) by = pm->tok_end;
        }
        if (by + 1 >= c->c.end || !is_class(c, AN_WC_AGENT, by)) continue;
        /* the doer: an actor after "by", with only articles, modifiers, numbers and a
         * title between ("by Japanese Prime Minister Sanae Takaichi") */
        uint32_t src = UINT32_MAX;
        for (uint32_t m = mi; m < c->m_end && src == UINT32_MAX; m++) {
            const an_mention *mm = &d->mentions.items[m];
            if (mm->tok_start < by + 1) continue;
            if (mm->tok_start > by + 5) break;
            bool np = true;
            for (uint32_t k = by + 1; k < mm->tok_start && np; k++)
                np = is_class(c, AN_WC_ARTICLE, k) || is_class(c, AN_WC_MODIFIER, k) ||
                     (d->tokens.items[k].flags & AN_TOKF_UPPER) || d->tokens.items[k].kind == AN_TOK_NUMBER ||
                     (is_class(c, AN_WC_PARTITIVE, k) && k > by + 1 && (d->tokens.items[k - 1].flags & AN_TOKF_UPPER));   /* "Secretary of State" */
            if (np && an_roles_usable(c, mm)) src = m;
            if (!np) break;
        }
        if (src == UINT32_MAX) continue;
        const an_pattern *pt = trigger_at(c, t, 1);
        if (!pt || !pt->noun) continue;
        if (d->mentions.items[src].entity == answered && pt->cameo[0] == '0' && pt->cameo[1] <= '5') continue;
        if (main && main->ci && main->ci->reaction && object_noun(c, main->t, t)) reaction_on_doer(c, main, src);
        firing f = noun_act(c, t, pt, src);
        /* its other side: an actor after a preposition of the other side */
        for (uint32_t m = f.src_last + 1; m < c->m_end && f.tgt == UINT32_MAX; m++) {
            an_span g = an_roles_governor(c, &d->mentions.items[m]);
            if (g.n && an_codelang_is(c->cl, AN_WC_TARGETPREP, g) && an_roles_other_side(c, m, f.src, f.src_last))
                f.tgt = m;
        }
        an_status st = emit_aside(c, &f);
        if (st) return st;
    }
    return AN_OK;
}

/* Codes clause c->c: finds the first trigger that fires, its source and target, adds
 * its events, and codes its complement clause. */
an_status an_code_clause(ctx *c, uint32_t m_first, uint32_t m_end)
{
    an_doc *d = c->d;
    if (c->c.start >= c->c.end) return AN_OK;   /* an empty clause: "…," at the end of a text */
    c->m_first = m_first;
    c->m_end = m_end;
    an_words_collect(c);
    clause_particle(c);
    subject_cues cue;
    find_subject_cues(c, &cue);

    /* verb triggers first; a noun trigger ("Kampfhandlungen") only when no verb fires */
    firing main;
    bool fired = false;
    for (int pass = 0; pass < 2; pass++)
    for (uint32_t t = c->c.start, mi = m_first; t < c->c.end; t++) {
        const an_token *tk = &d->tokens.items[t];
        if (tk->kind != AN_TOK_WORD) continue;
        /* words inside an actor mention trigger nothing; mentions are in token order */
        while (mi < m_end && d->mentions.items[mi].tok_end <= t) mi++;
        if (mi < m_end && d->mentions.items[mi].tok_start <= t) continue;
        /* a particle after a verb is part of it: "shot down" is no "down" */
        if (pass == 0 && t > c->c.start && is_class(c, AN_WC_PREP, t) && an_words_verb_at(c, t - 1)) continue;
        /* German verbs are lower case after the first word, and never follow an article:
         * "nach monatelangen Kämpfen", "der verkündeten Waffenruhe" are nouns and
         * adjectives */
        if (pass == 0 && c->cl->code[0] == 'd' &&
            (((tk->flags & AN_TOKF_UPPER) && t != d->units.items[c->sentence].first_token) ||
             (t > c->c.start && is_class(c, AN_WC_ARTICLE, t - 1))))
            continue;
        const an_pattern *pt = trigger_at(c, t, pass);
        if (!pt) continue;
        firing f = { .t = t, .pt = pt, .src = UINT32_MAX, .tgt = UINT32_MAX, .pair_other = UINT32_MAX };
        f.passive = an_words_passive(c, t);
        f.code_pt = an_words_refine(c, pt, t, m_first, m_end);
        find_source(c, &f, &cue);
        source_sides(c, &f);
        find_target(c, &f);
        if (f.src == UINT32_MAX) continue;
        fallback_target(c, &f, &cue);
        an_status st = emit_events(c, &f);
        if (!st && f.ci && f.ci->stage) st = staged_act(c, t);
        if (!st) st = code_complement(c, &f);
        if (st) return st;
        /* the doer may be the one the sentence goes on to call on (an_code_doers) */
        if (f.await_doer && c->await_first == UINT32_MAX) { c->await_first = f.first_ev; c->await_end = f.end_ev; }
        main = f;
        fired = true;
        t = c->c.end;   /* one event per clause: the first trigger that fires */
        pass = 2;
    }
    an_status st = agent_nouns(c, fired ? &main : NULL);
    if (st) return st;
    /* only a main clause's subject carries over to a later pronoun */
    if (cue.first_free != UINT32_MAX && c->c.start == d->units.items[c->sentence].first_token)
        c->last_source = d->mentions.items[cue.first_free].entity;
    return AN_OK;
}

/* A reaction to an act ("Greece condemned the seizure and called on the Houthis to free
 * the sailors", "criticised the arrest and urged Vietnam to release him"): the doer is
 * whom the same source then appeals to or makes demands of (roots 02, 10) in the
 * sentence, before the doer of an earlier sentence's act. */
static void reaction_doers(ctx *c)
{
    an_doc *d = c->d;
    if (c->await_first == UINT32_MAX) return;
    for (uint32_t k = c->await_end; k < d->events.n; k++) {
        const an_event *a = &d->events.items[k];
        if (a->target == UINT32_MAX || !(memcmp(a->cameo, "02", 2) == 0 || memcmp(a->cameo, "10", 2) == 0)) continue;
        for (uint32_t e = c->await_first; e < c->await_end; e++) {
            an_event *r = &d->events.items[e];
            if (r->source != a->source) continue;
            r->target = a->target;
            r->target_mention = a->target_mention;
        }
        break;
    }
}

/* A threat or warning (root 13) is the event; what it threatens and the condition it
 * sets ("warned Turkey that Baghdad would stop oil exports if Turkish troops advanced")
 * are neither done nor said to be done: the sentence's events after a threat, from
 * first_ev on, are dropped until a clause coordinated with it ("… and urged Washington
 * to cancel the tariffs") goes on with acts of their own. */
static void threat_consequences(ctx *c, uint32_t first_ev)
{
    an_doc *d = c->d;
    uint32_t w = first_ev;
    bool threat = false;
    for (uint32_t e = first_ev; e < d->events.n; e++) {
        const an_event *ev = &d->events.items[e];
        bool t = memcmp(ev->cameo, "13", 2) == 0;
        if (threat && !t && is_class(c, AN_WC_COORD, ev->clause_start)) threat = false;
        if (threat && !t) continue;
        threat |= t;
        d->events.items[w++] = d->events.items[e];
    }
    d->events.n = w;
}

an_status an_code_doc(const an_codelang *cl, const an_lexicon *lx, const an_cameo_table *cameo, an_doc *d)
{
    if (!cl || !cl->loaded) return AN_OK;
    ctx c;
    memset(&c, 0, sizeof c);
    c.cl = cl;
    c.cameo = cameo;
    c.lx = lx;
    c.d = d;
    c.last_source = UINT32_MAX;
    c.object_antecedent = UINT32_MAX;
    c.along_first = c.along_last = UINT32_MAX;
    c.reports = an_arena_alloc(&d->arena, (size_t)d->tokens.n + 1);   /* NULL: ask each time */
    if (c.reports) memset(c.reports, 0, (size_t)d->tokens.n + 1);
    uint32_t m = 0;
    for (uint32_t s = 0; s < d->units.n; s++) {
        if (d->unit_is_boilerplate.items[s]) continue;
        c.sentence = s;
        c.last_target = UINT32_MAX;
        c.await_first = UINT32_MAX;
        uint32_t first_ev = d->events.n;
        while (m < d->mentions.n && d->mentions.items[m].sentence < s) m++;
        an_status st = an_clause_code_sentence(&c, s, m);
        if (st) return st;
        reaction_doers(&c);
        threat_consequences(&c, first_ev);
    }
    return AN_OK;
}

/* Merges events with the same code, source, target, place and date: a headline and its
 * first paragraph are one event with two mentions. Runs after the context stage, so
 * that "stationed at the border" and "in the Kursk region" stay two events. */
void an_events_merge(an_doc *d)
{
    /* an open-addressing table over the kept events, so merging is linear */
    uint32_t cap = 64;
    while (cap < d->events.n * 2) cap *= 2;
    uint32_t *slots = an_arena_alloc(&d->arena, cap * sizeof *slots);
    if (!slots) return;
    memset(slots, 0, cap * sizeof *slots);
    uint32_t w = 0;
    for (uint32_t i = 0; i < d->events.n; i++) {
        an_event *e = &d->events.items[i];
        uint64_t key[5] = { e->source, e->target, e->location,
                            ((uint64_t)e->negated << 8) | e->modality, 0 };
        memcpy(&key[4], e->cameo, 4);
        uint64_t h = an_hash64(key, sizeof key) ^ an_hash64(e->date, strlen(e->date));
        uint32_t s = (uint32_t)h & (cap - 1);
        an_event *f = NULL;
        for (; slots[s]; s = (s + 1) & (cap - 1)) {
            an_event *g = &d->events.items[slots[s] - 1];
            if (strcmp(g->cameo, e->cameo) == 0 && g->source == e->source && g->target == e->target &&
                g->location == e->location && strcmp(g->date, e->date) == 0 && g->negated == e->negated &&
                g->modality == e->modality) { f = g; break; }
        }
        if (f) {
            for (uint32_t v = 0; v < e->n_evidence; v++) {
                if (f->n_evidence < AN_EVENT_EVIDENCE) f->evidence[f->n_evidence++] = e->evidence[v];
                else f->more_evidence++;
            }
            if (isnan(f->quantity)) { f->quantity = e->quantity; f->quantity_unit = e->quantity_unit; }
            if (f->reported_by == UINT32_MAX) f->reported_by = e->reported_by;
        } else {
            if (w != i) d->events.items[w] = *e;
            slots[s] = ++w;
        }
    }
    d->events.n = w;
}
