/* clause.c — a sentence → its clauses (step 1 of coder.c), and where a reported,
 * denied or demanded clause begins inside one (step 4).
 *
 * The sentence is cut at ';' and ':', at commas before a subordinator or a
 * relative pronoun (lang/<code>/words.txt), at commas next to a reporting verb
 * ("teilte mit, die Armee habe …", "…, the air force said"), at the comma that ends
 * a subordinate clause ("If Russia attacked Poland, NATO …") or a relative clause
 * before the main verb, before a participle of its own act (", accusing him of …"),
 * and before a conjunction or subordinator that opens a clause with its own subject
 * (", and Iran denied …", "after the government suspended talks"). A relative
 * clause, the main clause resumed after it and a participle take the antecedent or
 * main subject; "they" takes the whole list before it.
 * Each clause is coded as it is cut (an_code_clause), so that a later clause's pronoun
 * subject can take an earlier clause's source. */
#include "coder_ctx.h"

/* Does the stretch from token t to the next comma or end close with "zu" and a verb, an
 * infinitive clause ("…, die Feuerpause gebrochen zu haben")? Its "die" is an article,
 * not a relative pronoun, and the clause belongs to the verb before the comma. */
static bool infinitive_clause(const ctx *c, uint32_t t, uint32_t end)
{
    uint32_t last = UINT32_MAX, before = UINT32_MAX;
    for (; t < end; t++) {
        an_span k = key_of(c->d, t);
        if (an_span_eq(k, ",")) break;
        if (c->d->tokens.items[t].kind != AN_TOK_WORD) continue;
        before = last;
        last = t;
    }
    return before != UINT32_MAX && an_span_eq(key_of(c->d, before), "zu");
}

/* Is token t a reporting verb, not a word of a name ("United States")? m: the first
 * mention of its sentence. */
static bool reports_at(const ctx *c, uint32_t m, uint32_t t)
{
    /* asked of every token and again after every comma: the answer is kept per token
     * (0 not yet asked, 1 no, 2 yes) */
    if (c->reports && c->reports[t]) return c->reports[t] == 2;
    bool yes = an_token_reports(c->cl, c->d, t) && !an_roles_in_mention(c->d, m, t);
    if (c->reports) c->reports[t] = yes ? 2 : 1;
    return yes;
}

/* Does a reporting verb follow token t before the next comma ("…, the air force
 * said")? Not after a conjunction: that comma is inside a list of speakers ("Mali,
 * Burkina Faso and Niger said"). */
static bool report_after(const ctx *c, uint32_t m, uint32_t t, uint32_t end)
{
    for (; t < end; t++) {
        an_span k = key_of(c->d, t);
        if (an_span_eq(k, ",") || is_class(c, AN_WC_COORD, t)) return false;
        if (reports_at(c, m, t)) return true;
    }
    return false;
}

/* Does a conjunction or subordinator at t open a clause with a subject of its own (",
 * and Iran denied firing …", "after the government suspended talks")? An actor right
 * after it with a verb next to it, as opposed to the last member of a list (", and
 * Norway") or a preposition's object ("after talks with Iran"). m: the sentence's
 * first mention. */
static bool new_subject_after(ctx *c, uint32_t m, uint32_t t, uint32_t end)
{
    if (t + 1 >= end || !(is_class(c, AN_WC_COORD, t) || is_class(c, AN_WC_SUBORD, t))) return false;
    const an_doc *d = c->d;
    uint32_t a = t + 1;
    while (a < end && is_class(c, AN_WC_ARTICLE, a)) a++;
    /* "and the two leaders signed …": a pair named by number */
    if (a > t + 1 && a + 2 < end && an_codelang_number(c->cl, d, a, a + 1, &(uint32_t){ 0 }) == 2 &&
        an_words_verb_at(c, a + 2))
        return true;
    /* a title before a name is part of its noun phrase ("as Israeli Prime Minister
     * Benjamin Netanyahu arrived"): capitalised words before the mention */
    uint32_t name = a;
    while (name < end && name < a + 4 && (d->tokens.items[name].flags & AN_TOKF_UPPER)) name++;
    for (; m < d->mentions.n && d->mentions.items[m].tok_start <= name; m++) {
        const an_mention *mm = &d->mentions.items[m];
        if (mm->tok_start < a) continue;
        uint32_t v = mm->tok_end;
        /* an apposition goes on with the next mention ("as Israeli Prime Minister
         * Benjamin Netanyahu arrived") */
        for (uint32_t n = m + 1; n < d->mentions.n && d->mentions.items[n].tok_start <= v; n++)
            if (d->mentions.items[n].tok_start == v) v = d->mentions.items[n].tok_end;
        return (v < end && an_words_verb_at(c, v)) || (v + 1 < end && an_words_verb_at(c, v + 1));
    }
    return false;
}

static bool violent_lemma(void *p, const char *lemma, size_t n)
{
    const ctx *c = p;
    for (uint32_t i = an_codelang_trigger(c->cl, lemma, n); i; i = c->cl->patterns.items[i - 1].next) {
        const an_pattern *pt = &c->cl->patterns.items[i - 1];
        if (!pt->noun && (memcmp(pt->cameo, "18", 2) == 0 || memcmp(pt->cameo, "19", 2) == 0 || memcmp(pt->cameo, "20", 2) == 0))
            return true;
    }
    return false;
}

/* Is token t a verb of violence (roots 18-20: "killing", "wounding")? */
static bool violent_at(ctx *c, uint32_t t)
{
    return an_doc_lemmas(c->cl, c->d, t, violent_lemma, c);
}

/* Codes clause c->c = [cs, t) of sentence s with its mentions (from mention m on). */
static an_status code_range(ctx *c, uint32_t m, uint32_t s, uint32_t cs, uint32_t t)
{
    const an_doc *d = c->d;
    uint32_t mf = m, me;
    while (mf < d->mentions.n && d->mentions.items[mf].sentence == s && d->mentions.items[mf].tok_start < cs) mf++;
    me = mf;
    while (me < d->mentions.n && d->mentions.items[me].sentence == s && d->mentions.items[me].tok_start < t) me++;
    return an_code_clause(c, mf, me);
}

/* Where the clause reported, denied or demanded by the verb at trig begins, or the
 * clause end when trig takes no such clause or nothing follows it: after the addressee
 * ("told reporters"), a comma and a subordinator ("that", "dass"). An English gerund
 * right after the verb ("denied attacking the plant") opens a complement whose subject
 * is the verb's: *gerund is set then. */
uint32_t an_clause_complement_start(ctx *c, const an_pattern *pt, const an_cameo_info *ci, uint32_t trig,
                                    uint32_t m_first, uint32_t m_end, bool *gerund)
{
    *gerund = false;
    if (!an_words_pattern_reports(c, pt) && !(ci && ci->frame && !pt->noun)) return c->c.end;
    uint32_t t = trig + 1;
    if (t + 1 < c->c.end && ci && ci->frame && an_words_gerund_at(c, t) && an_words_verb_at(c, t)) {
        *gerund = true;
        return t;
    }
    for (uint32_t m = m_first; m < m_end; m++) {
        const an_mention *mm = &c->d->mentions.items[m];
        if (mm->tok_start == t && mm->tok_end < c->c.end && is_class(c, AN_WC_SUBORD, mm->tok_end))
            t = mm->tok_end;
    }
    /* "warnte vor einem Angriff", "spoke of an attack": a preposition, not a clause */
    if (t < c->c.end && is_class(c, AN_WC_PREP, t) && !is_class(c, AN_WC_SUBORD, t)) return c->c.end;
    bool subord = false;
    for (; t < c->c.end && (c->d->tokens.items[t].kind == AN_TOK_PUNCT || is_class(c, AN_WC_SUBORD, t)); t++)
        subord |= is_class(c, AN_WC_SUBORD, t);
    /* a denied or demanded clause opens with "that"/"dass" or is an infinitive clause
     * with the verb's subject ("bestritt, die Ukraine angegriffen zu haben"); only a
     * reporting verb takes one after a bare comma ("teilte mit, die Armee habe …") */
    if (!subord && !an_words_pattern_reports(c, pt)) {
        if (!infinitive_clause(c, t, c->c.end)) return c->c.end;
        *gerund = true;
    }
    /* without "that", an English complement is a clause only with a verb in it ("said
     * Russia attacked", "said it had …"); "warned Russia against escalation" has its
     * addressee and no clause */
    if (!subord && c->cl->code[0] == 'e') {
        bool verb = false;
        for (uint32_t v = t; v < c->c.end && !verb; v++)
            verb = !an_roles_in_mention(c->d, m_first, v) &&
                   (is_class(c, AN_WC_AUX, v) || is_class(c, AN_WC_MODAL, v) || is_class(c, AN_WC_PASSIVE, v) ||
                    an_words_verb_at(c, v));
        if (!verb) return c->c.end;
    }
    /* a reported clause has at least a subject and a verb */
    return t + 2 <= c->c.end ? t : c->c.end;
}

/* Does mention mm end right before token t, or before a name the lexicon does not know
 * ("Vietnamese Prime Minister Pham Minh Chinh, who …")? With no comma before the
 * pronoun (nouns), also before the head nouns it modifies ("20 UN staff members who
 * …"), but no verb or preposition. */
static bool ends_before(ctx *c, const an_mention *mm, uint32_t t, bool nouns)
{
    if (mm->tok_end > t || mm->tok_end + 4 < t) return false;
    for (uint32_t k = mm->tok_end; k < t; k++)
        if (c->d->tokens.items[k].kind != AN_TOK_WORD ||
            (nouns ? an_words_verb_at(c, k) || is_class(c, AN_WC_PREP, k) || is_class(c, AN_WC_ARTICLE, k)
                   : !(c->d->tokens.items[k].flags & AN_TOKF_UPPER)))
            return false;
    return true;
}

/* Does a locative preposition govern the mention ("a bombing at a mosque in
 * northwestern Pakistan that killed …": the relative clause is the bombing's, not the
 * place's)? */
static bool in_place_phrase(const ctx *c, const an_mention *mm)
{
    uint32_t g = an_roles_governor_tok(c, mm);
    return g != UINT32_MAX && is_class(c, AN_WC_LOCPREP, g) && !is_class(c, AN_WC_TARGETPREP, g);
}

/* A relative clause at cut t whose pronoun is an object ("migrants whom the United
 * States deported", ", die die Polizei festnahm"): an actor follows the pronoun. Returns
 * the antecedent's mention (the actor right before the pronoun or its comma), or
 * UINT32_MAX. */
static uint32_t object_relative(ctx *c, uint32_t m, uint32_t s, uint32_t t, uint32_t end)
{
    const an_doc *d = c->d;
    uint32_t rel = t < end && an_span_eq(key_of(d, t), ",") ? t + 1 : t;
    if (rel >= end || !is_class(c, AN_WC_RELATIVE, rel) || is_class(c, AN_WC_SUBORD, rel + 1)) return UINT32_MAX;
    uint32_t next = rel + 1;
    while (next < end && is_class(c, AN_WC_ARTICLE, next)) next++;
    uint32_t antecedent = UINT32_MAX;
    bool actor_next = false;
    for (uint32_t k = m; k < d->mentions.n && d->mentions.items[k].sentence == s; k++) {
        const an_mention *mm = &d->mentions.items[k];
        if (ends_before(c, mm, t, false) && an_roles_usable(c, mm)) antecedent = k;
        if (mm->tok_start == next && an_roles_usable(c, mm)) actor_next = true;
    }
    return actor_next ? antecedent : UINT32_MAX;
}

static bool protest_lemma(void *p, const char *lemma, size_t n)
{
    const ctx *c = p;
    for (uint32_t i = an_codelang_trigger(c->cl, lemma, n); i; i = c->cl->patterns.items[i - 1].next)
        if (!c->cl->patterns.items[i - 1].noun && memcmp(c->cl->patterns.items[i - 1].cameo, "14", 2) == 0) return true;
    return false;
}

/* A participle of protest right after an object's noun phrase, with no comma ("fired
 * tear gas at thousands of students protesting in Kathmandu", "used batons against
 * students blocking a road"): a reduced relative clause whose subject is that noun
 * phrase. Its entity, or UINT32_MAX. A verb must stand between the clause start and the
 * actor, so that the actor is an object. */
static uint32_t protest_participle(ctx *c, uint32_t m, uint32_t s, uint32_t cs, uint32_t t, uint32_t end)
{
    an_doc *d = c->d;
    if (c->cl->code[0] != 'e' || t <= cs || t + 1 >= end || !an_words_gerund_at(c, t) ||
        !an_doc_lemmas(c->cl, d, t, protest_lemma, c))
        return UINT32_MAX;
    for (uint32_t j = m; j < d->mentions.n && d->mentions.items[j].sentence == s; j++) {
        const an_mention *mm = &d->mentions.items[j];
        if (mm->tok_start < cs || !ends_before(c, mm, t, true) || !an_roles_usable(c, mm)) continue;
        for (uint32_t v = cs; v < mm->tok_start; v++)
            if (an_words_verb_at(c, v) && !an_roles_in_mention(d, m, v)) return mm->entity;
        return UINT32_MAX;
    }
    return UINT32_MAX;
}

/* Is the clause [cs, t) a participle after a comma that tells what the sentence's protest,
 * its latest event, is for ("blocked bridges in Novi Sad, demanding early elections")?
 * The protest is the event; its demands are what it is about. */
static bool protest_purpose(ctx *c, uint32_t s, uint32_t cs, uint32_t t)
{
    const an_doc *d = c->d;
    if (cs == 0 || cs >= t || !an_span_eq(key_of(d, cs - 1), ",") || !an_words_gerund_at(c, cs) || d->events.n == 0) return false;
    const an_event *e = &d->events.items[d->events.n - 1];
    return e->sentence == s && memcmp(e->cameo, "14", 2) == 0;
}

/* Cuts sentence s (its first mention: m) into clauses and codes each (an_code_clause),
 * carrying to each clause the subject and the frame it continues. */
an_status an_clause_code_sentence(ctx *c, uint32_t s, uint32_t m)
{
    an_doc *d = c->d;
    const an_sentence *u = &d->units.items[s];
    uint32_t end = u->first_token + u->n_tokens;
    uint32_t cs = u->first_token;
    bool report_before = false;     /* a reporting verb since the last comma */
    /* "Der Kreml, der die Vorwürfe zurückwies, drohte …", "Russia, which denied it,
     * launched …": a relative clause's subject pronoun and the main clause resumed
     * after it stand for the antecedent before the comma */
    uint32_t antecedent = UINT32_MAX, carry = UINT32_MAX;
    bool relative_open = false;
    /* a clause opened by a subordinator ("If Russia attacked Poland", "Nachdem …")
     * ends at its comma */
    bool subord_open = is_class(c, AN_WC_SUBORD, u->first_token);
    for (uint32_t t = u->first_token; t <= end; t++) {
        bool cut = t == end, resumes = false, reduced = false;
        if (!cut) {
            an_span k = key_of(d, t);
            bool comma = an_span_eq(k, ",");
            /* the comma closing a relative clause, before the main clause's verb; or
             * a participle clause of its own act (", accusing Kyiv of …"), not one
             * telling the toll of the main one (", killing three") */
            resumes = comma && t + 1 < end &&
                      ((an_words_verb_at(c, t + 1) &&
                        (an_words_gerund_at(c, t + 1) ? !violent_at(c, t + 1) : relative_open)) ||
                       (relative_open && t + 2 < end && is_class(c, AN_WC_AUX, t + 1) && an_words_verb_at(c, t + 2)));
            /* a reduced relative clause: ", drafted by France and Britain," */
            reduced = comma && t + 2 < end && an_words_verb_at(c, t + 1) && !an_words_gerund_at(c, t + 1) &&
                      is_class(c, AN_WC_AGENT, t + 2);
            cut = an_span_eq(k, ";") || an_span_eq(k, ":") ||
                  (comma && t + 2 < end && is_class(c, AN_WC_COORD, t + 1) && is_class(c, AN_WC_SUBORD, t + 2)) ||
                  /* English needs no comma after a noun: "reports that North Korea has
                   * sent …"; after a verb ("demanded that …") its patterns read on */
                  (c->cl->code[0] == 'e' && t > cs && t + 1 < end && is_class(c, AN_WC_RELATIVE, t) &&
                   !an_span_eq(key_of(d, t - 1), ",") && !an_words_verb_at(c, t - 1)) ||
                  (comma && t + 1 < end && (is_class(c, AN_WC_SUBORD, t + 1) ||
                                            (is_class(c, AN_WC_RELATIVE, t + 1) && !infinitive_clause(c, t + 1, end))));
            /* a comma next to a reporting verb closes a clause: "teilte mit, die Armee
             * habe …", "…, the air force said", "…, sagte Selenskyj" */
            if (comma && !cut) cut = report_before || report_after(c, m, t + 1, end) || resumes || reduced || subord_open ||
                                     new_subject_after(c, m, t + 1, end);
            /* "griff Charkiw an und beschoss Sumy", "attacked the city and killed
             * five": a conjunction before a verb starts a clause that shares the
             * subject (the clause keeps its "und" so that it knows) */
            /* "… after the government suspended talks": a subordinate clause with
             * its own subject, without a comma */
            if (!cut && !comma && t > cs && is_class(c, AN_WC_SUBORD, t) && !is_class(c, AN_WC_RELATIVE, t) &&
                new_subject_after(c, m, t, end)) {
                c->c = (clause){ cs, t };
                an_status st = code_range(c, m, s, cs, t);
                if (st) return st;
                cs = t;
                continue;
            }
            uint32_t protesters = cut ? UINT32_MAX : protest_participle(c, m, s, cs, t, end);
            if (protesters != UINT32_MAX) {
                c->c = (clause){ cs, t };
                an_status st = code_range(c, m, s, cs, t);
                if (st) return st;
                cs = t;
                carry = protesters;
                c->force_carry = true;
                continue;
            }
            /* (not a toll going on: ", killing two civilians and wounding nine"; nor
             * verbs that share their object: "shot and killed a police chief", "was
             * stabbed and wounded by …") */
            if (!cut && t > cs && is_class(c, AN_WC_COORD, t) && t + 1 < end && an_words_verb_at(c, t + 1) &&
                !(an_words_gerund_at(c, t + 1) && violent_at(c, t + 1)) &&
                !(an_words_verb_at(c, t - 1) && !(t - 1 > cs && is_class(c, AN_WC_ARTICLE, t - 2)))) {
                c->c = (clause){ cs, t };
                an_status st = code_range(c, m, s, cs, t);
                if (st) return st;
                cs = t;
                continue;
            }
            if (comma) report_before = false;
            else if (reports_at(c, m, t)) report_before = true;
        }
        if (!cut) continue;
        c->c = (clause){ cs, t };
        if (carry != UINT32_MAX) { c->last_source = carry; c->carry_subject = true; }
        /* ", dass …" after a denial or demand, or "that …" after one and a phrase of
         * its own ("denied on Tuesday that …"): its complement */
        uint8_t pending = cs > u->first_token && cs < t &&
                          ((is_class(c, AN_WC_SUBORD, cs) && an_span_eq(key_of(d, cs - 1), ",")) ||
                           is_class(c, AN_WC_COMPLEMENTIZER, cs - 1)) ? c->pending_frame : AN_MOD_ASSERTED;
        uint32_t p_first = c->pending_first, p_end = c->pending_end, first_new = d->events.n;
        c->pending_frame = AN_MOD_ASSERTED;
        c->frame = pending;
        an_status st = protest_purpose(c, s, cs, t) ? AN_OK : code_range(c, m, s, cs, t);
        c->frame = AN_MOD_ASSERTED;
        c->carry_subject = false;
        c->object_antecedent = UINT32_MAX;
        if (st) return st;
        if (pending == AN_MOD_DEMANDED) {
            /* a demand is made of the demanded clause's subject: its event's source, or
             * when the clause gives none ("demanded on Tuesday that China withdraw its
             * ships"), its first actor no preposition governs */
            bool given = first_new < d->events.n;
            uint32_t subject = given ? d->events.items[first_new].source_mention : UINT32_MAX;
            uint32_t who = given ? d->events.items[first_new].source : UINT32_MAX;
            /* c->c is still [cs, t): the clause just coded */
            for (uint32_t k = m; !given && k < d->mentions.n && d->mentions.items[k].sentence == s &&
                                 d->mentions.items[k].tok_start < t; k++)
                if (d->mentions.items[k].tok_start >= cs && an_roles_usable(c, &d->mentions.items[k])) {
                    if (!an_roles_governor(c, &d->mentions.items[k]).n) {
                        subject = k;
                        who = an_roles_acting_entity(c, k);   /* a capital: its government */
                    }
                    break;
                }
            for (uint32_t e = p_first; who != UINT32_MAX && e < p_end; e++)
                if (d->events.items[e].target == UINT32_MAX) {
                    d->events.items[e].target = who;
                    d->events.items[e].target_mention = subject;
                }
        }
        cs = t + 1;
        subord_open = cs < end && is_class(c, AN_WC_SUBORD, cs);
        c->object_antecedent = object_relative(c, m, s, t, end);
        /* what the next clause's subject pronoun stands for */
        carry = UINT32_MAX;
        bool comma_relative = t + 1 < end && an_span_eq(key_of(d, t), ",") && (is_class(c, AN_WC_RELATIVE, t + 1) || reduced);
        /* "garment workers who were protesting", "a businessman who was detained by
         * …": a relative clause without a comma, cut at its pronoun, whose subject is
         * the pronoun (a verb follows it; "agreed with Trump that Europe must …" is a
         * complement) is the noun phrase right before it */
        bool bare_relative = t + 1 < end && is_class(c, AN_WC_RELATIVE, t) && c->object_antecedent == UINT32_MAX &&
                             (is_class(c, AN_WC_AUX, t + 1) || an_words_verb_at(c, t + 1));
        if (comma_relative || bare_relative) {
            antecedent = UINT32_MAX;
            for (uint32_t k = m; k < d->mentions.n && d->mentions.items[k].sentence == s; k++)
                if (ends_before(c, &d->mentions.items[k], t, bare_relative) && an_roles_usable(c, &d->mentions.items[k]) &&
                    !(bare_relative && in_place_phrase(c, &d->mentions.items[k])))
                    antecedent = d->mentions.items[k].entity;
            relative_open = comma_relative;
            carry = antecedent;
            c->force_carry = bare_relative && antecedent != UINT32_MAX;
        } else if (resumes) {
            /* the participle's subject is the main clause's */
            carry = relative_open ? antecedent : c->last_source;
            relative_open = false;
        } else relative_open = false;
    }
    return AN_OK;
}
