/* context.c — what an event needs besides who did what to whom: whether the text
 * denies it, on whose word it rests, how sure it is, how many were involved, where and
 * when. One mechanism for every language; the words come from lang/<code>/words.txt and
 * coder.txt, the dates from time.c.
 *
 * - negated: a negation word in the event's clause ("nicht", "kein", "not", "never").
 * - reported_by: the speaker of a reporting verb in the same sentence, or of a later
 *   sentence of the same paragraph that opens with a demonstrative ("Dies erklärte
 *   Selenskyj …" covers the sentences before it), or the actor after "laut",
 *   "according to" …; modality then is `reported`.
 * - modality: hypothetical, intended or demanded from the clause's modal words other than
 *   its trigger; denied or demanded when a verb governs the clause ("denied that …").
 * - quantity: a number right before the source or target ("11.000 nordkoreanische
 *   Soldaten"): troops for military actors, else people.
 * - location: a place governed by a locative preposition in the clause, else in the
 *   sentence, else such a country; never a default.
 * - date: the temporal expression of the clause, else the sentence's only one, normalised
 *   against the article date; else the article date with precision `article`. */
#include "context.h"
#include <math.h>
#define LOC_REACH 7u   /* words between a locative preposition and the place it governs ("in the southern Israeli city of Beersheba") */


static an_span key_of(const an_doc *d, uint32_t t) { return an_doc_token_key(d, &d->tokens.items[t]); }

/* Does the clause hold a word of class wc that is not of class except? A modal word is
 * lower case inside its clause: "on May 7" is a date, not a possibility. */
static bool clause_has_but(const an_codelang *cl, const an_doc *d, uint32_t s, uint32_t e, an_word_class wc,
                           an_word_class except)
{
    for (uint32_t t = s; t < e; t++) {
        an_span k = key_of(d, t);
        if (t > s && cl->code[0] == 'e' && (d->tokens.items[t].flags & AN_TOKF_UPPER)) continue;
        if (an_codelang_is(cl, wc, k) && !an_codelang_is(cl, except, k)) return true;
    }
    return false;
}

/* Does the clause hold a word of class wc, other than the one at token skip (the
 * trigger)? A word after it that follows an article or a possessive is a noun of its
 * object ("rallied against the government's plan to merge …"), no mood of the clause;
 * before it, it is ("approved a plan to take over …"). */
static bool clause_has(const an_codelang *cl, const an_doc *d, uint32_t s, uint32_t e, an_word_class wc, uint32_t skip)
{
    for (uint32_t t = s; t < e; t++) {
        if (t == skip) continue;
        an_span k = key_of(d, t);
        if (an_codelang_is(cl, wc, k) &&
            !(skip != UINT32_MAX && t > skip && (an_codelang_is(cl, AN_WC_ARTICLE, key_of(d, t - 1)) || an_doc_token_possessive(d, t - 1))))
            return true;
        /* "n't" and "kein…" forms */
        if (wc == AN_WC_NEGATION && ((k.n >= 3 && memcmp(k.p + k.n - 3, "n't", 3) == 0) ||
                                     (k.n >= 4 && memcmp(k.p, "kein", 4) == 0)))
            return true;
    }
    return false;
}

/* The actor a mention names as a source: its entity, or for a place ("nach Angaben aus
 * Kiew") its country. */
static uint32_t source_entity(const an_lexicon *lx, an_doc *d, const an_mention *m)
{
    const an_entity *e = &d->entities.items[m->entity];
    if (e->code[0]) return m->entity;
    if ((e->type == AN_ENT_PLACE || e->type == AN_ENT_REGION) && e->country[0])
        return an_doc_code_entity(d, an_lexicon_cameo_country(lx, e->country));
    return UINT32_MAX;
}

/* The speaker of sentence s: the actor after a reportprep ("laut dem Generalstab",
 * "according to the military", "Angaben des Generalstabs") or right before a reportpost
 * ("nach ukrainischen Angaben", "Kiew zufolge"); `self` after "eigenen" / "own"; the
 * actor before a headline's colon ("Kremlin: …"). Else,
 * with a reporting verb other than the event's own trigger (token `own`: "announced aid"
 * is the act, not a report of it): the first person, else the first actor of the sentence. */
static uint32_t speaker(const an_codelang *cl, const an_lexicon *lx, an_doc *d, uint32_t s, const uint32_t *first_mention,
                        uint32_t self, uint32_t own)
{
    const an_sentence *u = &d->units.items[s];
    uint32_t end = u->first_token + u->n_tokens;
    /* a headline quoting its speaker: "Kremlin: Putin and Trump discussed …" */
    if (first_mention[s] < first_mention[s + 1]) {
        const an_mention *mm = &d->mentions.items[first_mention[s]];
        uint32_t who = source_entity(lx, d, mm);
        if (mm->tok_start == u->first_token && mm->tok_end < end && an_span_eq(key_of(d, mm->tok_end), ":") &&
            who != UINT32_MAX)
            return who;
    }
    bool report = false;
    uint32_t verb = UINT32_MAX;         /* the reporting verb's token */
    uint32_t in = first_mention[s];     /* the mention at or after t: names are no verbs ("United States") */
    for (uint32_t t = u->first_token; t < end && !report; t++) {
        while (in < first_mention[s + 1] && d->mentions.items[in].tok_end <= t) in++;
        if (in < first_mention[s + 1] && d->mentions.items[in].tok_start <= t) continue;
        bool after = an_codelang_phrase_is(cl, AN_WC_REPORTPREP, d, t, end);
        if (after || an_codelang_is(cl, AN_WC_REPORTPOST, key_of(d, t))) {
            for (uint32_t k = t > u->first_token + 3 ? t - 3 : u->first_token; k < t; k++)
                if (an_codelang_is(cl, AN_WC_REPORTSELF, key_of(d, k))) return self;
            for (uint32_t m = first_mention[s]; m < first_mention[s + 1]; m++) {
                const an_mention *mm = &d->mentions.items[m];
                uint32_t who = source_entity(lx, d, mm);
                if (who != UINT32_MAX && (after ? mm->tok_start > t && mm->tok_start <= t + 5 : mm->tok_end == t))
                    return who;
            }
            if (!after) continue;
        }
        report = t != own && an_token_reports(cl, d, t);
        if (report) verb = t;
    }
    if (!report) return UINT32_MAX;
    /* the verb's own subject: the actor right before it ("…, the Polish army said") or,
     * inverted, right after it ("…, said Zelensky") */
    for (uint32_t m = first_mention[s]; m < first_mention[s + 1]; m++) {
        const an_mention *mm = &d->mentions.items[m];
        uint32_t who = source_entity(lx, d, mm);
        if (who == UINT32_MAX) continue;
        if (mm->tok_end == verb || (mm->tok_end + 1 == verb && an_codelang_is(cl, AN_WC_AUX, key_of(d, verb - 1))) ||
            mm->tok_start == verb + 1) {
            /* of a list of speakers ("Mali, Burkina Faso and Niger said"), each speaks
             * for itself */
            for (uint32_t k = m; k > first_mention[s]; k--) {
                const an_mention *a = &d->mentions.items[k - 1], *b = &d->mentions.items[k];
                if (b->tok_start > verb) break;
                bool joined = b->tok_start > a->tok_end;
                for (uint32_t t = a->tok_end; t < b->tok_start && joined; t++)
                    joined = an_codelang_is(cl, AN_WC_COORD, key_of(d, t)) || an_span_eq(key_of(d, t), ",");
                if (!joined) break;
                if (a->entity == self) return self;
            }
            return who;
        }
    }
    uint32_t best = UINT32_MAX;
    for (uint32_t m = first_mention[s]; m < first_mention[s + 1]; m++) {
        const an_mention *mm = &d->mentions.items[m];
        if (!d->entities.items[mm->entity].code[0]) continue;
        uint8_t ty = d->entities.items[mm->entity].type;
        if (ty == AN_ENT_PERSON) return mm->entity;
        if (best == UINT32_MAX && ty != AN_ENT_PLACE && ty != AN_ENT_REGION) best = mm->entity;
    }
    return best;
}

/* The unit a word gives a number before it (coder.txt `unit.NAME`), or NULL. */
static const char *quantity_unit(const an_codelang *cl, const an_doc *d, uint32_t t)
{
    an_span k = key_of(d, t);
    for (size_t u = 0; u < cl->n_units; u++)
        if (an_strset_has(&cl->units[u].words, k.p, k.n)) return cl->units[u].name;
    return NULL;
}

/* The unit of the number at tokens [t, last]: the word right before it ("arrested 62
 * people", "killing four soldiers", "wounding 16", "$425 million"), else a unit word
 * among the three after it ("30 people killed", "12 Verletzte"). */
static const char *unit_near(const an_codelang *cl, const an_doc *d, uint32_t t, uint32_t last, uint32_t start,
                             uint32_t end)
{
    const char *before = t > start ? quantity_unit(cl, d, t - 1) : NULL;
    if (before) return before;
    for (uint32_t nx = last + 1; nx < end && nx <= last + 3; nx++) {
        /* not past a conjunction: "killing two civilians and wounding nine" */
        an_span k = key_of(d, nx);
        if (an_span_eq(k, ",") || an_codelang_is(cl, AN_WC_COORD, k)) break;
        const char *unit = quantity_unit(cl, d, nx);
        if (unit) return unit;
    }
    return NULL;
}

static bool same_paragraph(const an_doc *d, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++) {
        uint32_t gap_s = d->units.items[i].end, gap_e = d->units.items[i + 1].start;
        if (memchr(d->text.p + gap_s, '\n', gap_e - gap_s)) return false;
    }
    return true;
}

static void set_date(an_event *e, const an_timex *tx)
{
    snprintf(e->date, sizeof e->date, "%s", tx->value);
    e->date_precision = tx->precision == AN_TIME_DAY ? 0 : tx->precision == AN_TIME_WEEK ? 1 :
                        tx->precision == AN_TIME_MONTH ? 2 : 3;
    e->date_start = tx->start;
    e->date_end = tx->end;
}

/* "Serbian President Aleksandar Vucic said Serbia would not impose sanctions": a
 * government that says what its own country does acts for it; the event's source is
 * the government, not the bare country. */
static void speaks_for_country(an_doc *d, an_event *o, uint32_t speaker)
{
    if (o->source == UINT32_MAX || speaker == UINT32_MAX) return;
    const char *sc = d->entities.items[o->source].code, *gc = d->entities.items[speaker].code;
    if (strlen(sc) == 3 && strlen(gc) == 6 && strncmp(sc, gc, 3) == 0 && strcmp(gc + 3, "GOV") == 0)
        o->source = speaker;
}

an_status an_context_doc(const an_codelang *cl, const an_lexicon *lx, const an_time_lexicon *tl, an_doc *d)
{
    if (!cl || !cl->loaded) return AN_OK;
    int y = 0, mo = 0, dd = 0;
    if (d->date.n == 10) {
        y = (d->date.p[0] - '0') * 1000 + (d->date.p[1] - '0') * 100 + (d->date.p[2] - '0') * 10 + (d->date.p[3] - '0');
        mo = (d->date.p[5] - '0') * 10 + (d->date.p[6] - '0');
        dd = (d->date.p[8] - '0') * 10 + (d->date.p[9] - '0');
    }
    /* "X said (that) Y attacked Z": the saying is the context of the attack, not an event
     * beside it. A reporting verb's event gives way to another event of its sentence,
     * which takes its source as reported_by. With none and no addressee ("…, the
     * Pentagon said" about what the coder could not code) it is no event either: a bare
     * statement tells an analyst nothing. */
    uint8_t *drop = an_arena_alloc(&d->arena, d->events.n + 1);
    if (!drop) return AN_NOMEM;
    for (uint32_t i = 0; i < d->events.n; i++) {
        an_event *e = &d->events.items[i];
        drop[i] = 0;
        if (!e->reporting) continue;
        /* events are in text order: the sentence's others are near i */
        uint32_t lo = i > AN_REPORT_NEAR ? i - AN_REPORT_NEAR : 0;
        for (uint32_t j = lo; j < d->events.n && j <= i + AN_REPORT_NEAR; j++) {
            an_event *o = &d->events.items[j];
            if (j == i || o->sentence != e->sentence || o->trigger == e->trigger) continue;
            if (o->reporting) continue;
            /* "X said it had …": X's own word, for the first event it reports; a
             * government speaks for its country in each ("… on Mexico and Canada") */
            if (!drop[i] && o->reported_by == UINT32_MAX) o->reported_by = e->source;
            speaks_for_country(d, o, e->source);
            drop[i] = 1;
        }
        if (e->target == UINT32_MAX) drop[i] = 1;
    }
    uint32_t w = 0;
    for (uint32_t i = 0; i < d->events.n; i++) {
        if (drop[i]) continue;
        if (w != i) d->events.items[w] = d->events.items[i];
        w++;
    }
    d->events.n = w;

    /* first_mention[s]: the first mention of sentence s (mentions are in text order) */
    uint32_t *first_mention = an_arena_alloc(&d->arena, ((size_t)d->units.n + 1) * sizeof *first_mention);
    if (!first_mention) return AN_NOMEM;
    for (uint32_t s = 0, m = 0; s <= d->units.n; s++) {
        while (m < d->mentions.n && d->mentions.items[m].sentence < s) m++;
        first_mention[s] = m;
    }
    an_timex tx[16];
    size_t n_tx = 0;
    uint32_t tx_sentence = UINT32_MAX;
    for (uint32_t i = 0; i < d->events.n; i++) {
        an_event *e = &d->events.items[i];
        const an_sentence *u = &d->units.items[e->sentence];
        /* English negates before the verb ("has not spoken", "no plans to strike"): a
         * negation after it belongs to something else ("talks ended without agreement");
         * German puts it after the finite verb ("griff … nicht an") */
        e->negated = clause_has(cl, d, e->clause_start,
                                cl->code[0] == 'e' && e->trigger < e->clause_end ? e->trigger + 1 : e->clause_end, AN_WC_NEGATION,
                                UINT32_MAX);
        /* "would" after "said" is the reported future, not a condition: a backshift word
         * makes the event hypothetical only when nobody reports it */
        bool hyp = clause_has_but(cl, d, e->clause_start, e->clause_end, AN_WC_HYPOTHETICAL, AN_WC_BACKSHIFT);
        bool backshift = clause_has(cl, d, e->clause_start, e->clause_end, AN_WC_BACKSHIFT, UINT32_MAX);

        /* who says so */
        uint32_t who = speaker(cl, lx, d, e->sentence, first_mention, e->source, e->reporting ? UINT32_MAX : e->trigger);
        if (who == UINT32_MAX) {
            for (uint32_t s = e->sentence + 1; s < d->units.n && s <= e->sentence + AN_ATTRIBUTION_SPAN &&
                                               same_paragraph(d, s - 1, s); s++) {
                const an_sentence *v = &d->units.items[s];
                if (v->n_tokens && an_codelang_is(cl, AN_WC_DEMONSTRATIVE, key_of(d, v->first_token))) {
                    who = speaker(cl, lx, d, s, first_mention, e->source, UINT32_MAX);
                    if (who != UINT32_MAX) break;
                }
            }
        }
        /* a speaker other than the source, or the source itself reporting what it did
         * ("the army said it had …"), but not a statement reporting itself */
        if (who != UINT32_MAX && e->reported_by == UINT32_MAX &&
            (!e->reporting || (who != e->source && strcmp(d->entities.items[who].code, d->entities.items[e->source].code) != 0)))
            e->reported_by = who;
        /* the trigger itself is the event, not its mood: "demanded" is a demand made */
        if (hyp || (backshift && e->reported_by == UINT32_MAX)) e->modality = AN_MOD_HYPOTHETICAL;
        else if (e->frame) e->modality = e->frame;   /* "denied that …", "demanded that …" */
        else if (clause_has(cl, d, e->clause_start, e->clause_end, AN_WC_INTENDED, e->trigger)) e->modality = AN_MOD_INTENDED;
        else if (clause_has(cl, d, e->clause_start, e->clause_end, AN_WC_DEMANDED, e->trigger)) e->modality = AN_MOD_DEMANDED;
        /* one modality per event: an attributed announcement is first of all a report */
        if (e->reported_by != UINT32_MAX && (e->modality == AN_MOD_ASSERTED || e->modality == AN_MOD_INTENDED))
            e->modality = AN_MOD_REPORTED;

        /* how many: a number right before the source or target */
        uint32_t ms[2] = { e->source_mention, e->target_mention };
        for (int k = 0; k < 2 && isnan(e->quantity); k++) {
            if (ms[k] == UINT32_MAX) continue;
            const an_mention *m = &d->mentions.items[ms[k]];
            for (uint32_t t = m->tok_start; t-- > u->first_token && t + 3 >= m->tok_start;) {
                uint32_t after;
                double v = an_codelang_number(cl, d, t, m->tok_start, &after);
                if (isnan(v)) continue;
                e->quantity = v;
                const char *code = d->entities.items[m->entity].code;
                size_t cn = strlen(code);
                /* what the act does to those it counts, when its verb says it ("detained 14
                 * migrants": 14 arrested), else the counted noun */
                const char *unit = k == 1 && e->trigger < t ? quantity_unit(cl, d, e->trigger) : NULL;
                if (!unit && t > e->clause_start) unit = quantity_unit(cl, d, t - 1);   /* "killing four soldiers" */
                if (!unit && m->tok_end < e->clause_end) unit = quantity_unit(cl, d, m->tok_end - 1);
                if (!unit) unit = unit_near(cl, d, t, after - 1, e->clause_start, e->clause_end);
                e->quantity_unit = unit ? unit : cn >= 3 && strcmp(code + cn - 3, "MIL") == 0 ? "troops" : "people";
                break;
            }
        }

        /* else a number in the clause with a casualty, arrest or troop word after it
         * ("killing at least 30 people", "mindestens 12 Verletzte"); years are dates */
        for (uint32_t t = e->clause_start; t < e->clause_end && isnan(e->quantity); t++) {
            const an_token *tk = &d->tokens.items[t];
            uint32_t after;
            double v = an_codelang_number(cl, d, t, e->clause_end, &after);
            if (isnan(v) || (after == t + 1 && tk->kind == AN_TOK_NUMBER && v >= 1900 && v <= 2100)) continue;
            if (after < e->clause_end && an_span_eq(key_of(d, after), ".")) continue;   /* "am 9." */
            const char *unit = unit_near(cl, d, t, after - 1, e->clause_start, e->clause_end);
            if (unit) { e->quantity = v; e->quantity_unit = unit; }
        }

        /* where: a place after a locative preposition, in the clause, then the sentence;
         * a country ("in southern Lebanon") only when no place is named */
        for (int pass = 0; pass < 4 && e->location == UINT32_MAX; pass++) {
            bool sentence = pass & 1, country = pass >= 2;
            uint32_t s0 = sentence ? u->first_token : e->clause_start, s1 = sentence ? u->first_token + u->n_tokens : e->clause_end;
            for (uint32_t m = first_mention[e->sentence]; m < first_mention[e->sentence + 1]; m++) {
                const an_mention *mm = &d->mentions.items[m];
                const an_entity *en = &d->entities.items[mm->entity];
                if (mm->tok_start < s0 || mm->tok_start >= s1) continue;
                /* a demonym is no place ("bei russischen Angriffen") */
                if ((country ? en->type != AN_ENT_COUNTRY || (mm->flags & AN_MENTION_ADJ)
                             : en->type != AN_ENT_PLACE && en->type != AN_ENT_REGION) ||
                    isnan(en->lat))
                    continue;
                bool loc = false;
                /* the nearest preposition before it decides, within LOC_REACH words; "of"
                 * links a place to its kind ("in the Russian city of Syzran") */
                for (uint32_t t = mm->tok_start; t-- > s0 && t + LOC_REACH >= mm->tok_start;) {
                    if (d->tokens.items[t].kind == AN_TOK_PUNCT) break;
                    /* a country only right after its preposition ("in southern Lebanon"),
                     * not at the end of a phrase ("an den Grenzen zu Ukraine") */
                    if (country && !an_codelang_is(cl, AN_WC_LOCPREP, key_of(d, t)) &&
                        !an_codelang_is(cl, AN_WC_ARTICLE, key_of(d, t)) && !an_codelang_is(cl, AN_WC_MODIFIER, key_of(d, t)))
                        break;
                    if (an_codelang_is(cl, AN_WC_LOCPREP, key_of(d, t))) {
                        /* not "along with Belgium", nor a direction ("in die Ukraine") */
                        loc = !an_codelang_phrase_is(cl, AN_WC_ALONG, d, t, mm->tok_start) &&
                              !an_codelang_phrase_is(cl, AN_WC_DIRECTION, d, t, mm->tok_start);
                        break;
                    }
                    if (an_codelang_is(cl, AN_WC_PREP, key_of(d, t)) && !an_codelang_is(cl, AN_WC_PARTITIVE, key_of(d, t)))
                        break;
                }
                if (loc) { e->location = mm->entity; break; }
            }
        }

        /* or the seat named before its source ("A Moscow court sentenced …") */
        if (e->location == UINT32_MAX && e->source_mention != UINT32_MAX) {
            const an_mention *sm = &d->mentions.items[e->source_mention];
            for (uint32_t m = first_mention[e->sentence]; m < first_mention[e->sentence + 1]; m++) {
                const an_entity *en = &d->entities.items[d->mentions.items[m].entity];
                if (d->mentions.items[m].tok_end == sm->tok_start && (en->type == AN_ENT_PLACE || en->type == AN_ENT_REGION) &&
                    !isnan(en->lat))
                    e->location = d->mentions.items[m].entity;
            }
        }

        /* when */
        if (tl && y) {
            /* a sentence's expressions, found once for all its events (they come in order) */
            if (e->sentence != tx_sentence) {
                n_tx = an_time_find(tl, cl->code, d->text.p + u->start, u->end - u->start, y, mo, dd, tx, 16);
                tx_sentence = e->sentence;
            }
            size_t n = n_tx;
            uint32_t cs = d->tokens.items[e->clause_start].start - u->start;
            uint32_t ce = d->tokens.items[e->clause_end - 1].end - u->start;
            const an_timex *pick = NULL;
            for (size_t k = 0; k < n && !pick; k++)
                if (tx[k].start >= cs && tx[k].end <= ce && tx[k].value[0]) pick = &tx[k];
            /* a clause without one shares its sentence's only expression ("ordered troops
             * onto the streets on Monday, declaring an emergency") */
            size_t valued = 0;
            for (size_t k = 0; k < n; k++) valued += tx[k].value[0] != 0;
            for (size_t k = 0; k < n && !pick && valued == 1; k++)
                if (tx[k].value[0]) pick = &tx[k];
            if (pick) {
                an_timex t = *pick;
                t.start += u->start;
                t.end += u->start;
                set_date(e, &t);
            }
        }
    }
    return AN_OK;
}
