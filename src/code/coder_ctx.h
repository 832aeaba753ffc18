/* coder_ctx.h — private to src/code: the state the coder's files share while they code
 * one document (an_code_doc), and the functions they call in each other. clause.c cuts
 * sentences into clauses, words.c answers what the clause's words are and which pattern
 * a trigger fires, roles.c picks the mentions that act and are acted on, and coder.c's
 * an_code_clause puts these together into events. */
#ifndef AN_CODER_CTX_H
#define AN_CODER_CTX_H

#include "code.h"

typedef struct clause { uint32_t start, end; } clause;

typedef struct ctx {
    const an_codelang *cl;
    const an_cameo_table *cameo;
    const an_lexicon *lx;
    an_doc *d;
    uint32_t sentence;
    clause c;
    uint32_t last_source;       /* entity carried to a pronoun subject */
    uint32_t last_target;       /* entity of the sentence's latest event's target, or UINT32_MAX */
    uint8_t frame;              /* an_modality a governing verb gives this clause's events */
    bool carry_subject;         /* the clause's pronoun subject is last_source */
    uint32_t along_first, along_last;   /* mentions acting with the source ("along with …") */
    bool no_forces_target;      /* the event's code moves forces: military actors are no target */
    bool authority_target;      /* the event's code is made against authority (cameo.txt `authority`) */
    bool force_carry;           /* … and so is its subject: a gerund or infinitive complement */
    uint32_t object_antecedent; /* an object relative clause ("migrants whom the United States
                                   deported"): the antecedent's mention, its verb's target;
                                   UINT32_MAX otherwise */
    /* a denial or demand that closed its clause: the "dass"/"that" clause after the comma
     * is its complement (frame), and a demand's events [first, end) target its subject */
    uint8_t pending_frame;
    uint32_t pending_first, pending_end;
    /* the events of a reaction that waits for its doer to be named later in the sentence
     * (coder.c reaction_doers), or UINT32_MAX */
    uint32_t await_first, await_end;
    /* the current trigger lookup */
    uint32_t best_pattern;      /* +1 */
    unsigned best_score;
    uint32_t m_first, m_end;    /* the clause's mentions */
    uint32_t tok;
    char particle[32];
    size_t particle_n;
    bool want_noun;             /* this pass tries noun triggers */
    char refine_root[2];        /* refine(): the root a more specific code must share */
    /* conditions already evaluated in this clause: pool offset → holds, so that a
     * clause is scanned once per distinct condition, not once per pattern */
    uint32_t memo_key[64];
    uint8_t memo_val[64];
    /* every lemma and stem of the clause's words, hashed, built once per clause: a
     * condition word is then one probe, not a morphological analysis per token */
    uint64_t *words;
    uint32_t n_words, cap_words;
    uint32_t *word_tok;          /* the token each hash came from */
    uint64_t *wset;              /* the same hashes as a set (words.c) */
    uint8_t *reports;            /* per token: clause.c's reports_at, 0 when not yet asked */
    uint32_t wset_cap, wset_mask;
} ctx;

static inline an_span key_of(const an_doc *d, uint32_t t) { return an_doc_token_key(d, &d->tokens.items[t]); }

static inline bool is_class(const ctx *c, an_word_class wc, uint32_t t)
{
    return an_codelang_is(c->cl, wc, key_of(c->d, t));
}

/* coder.c: codes clause c->c with its mentions [m_first, m_end) into events. */
an_status an_code_clause(ctx *c, uint32_t m_first, uint32_t m_end);

/* clause.c: cuts sentence s (its first mention: m) into clauses and codes each. */
an_status an_clause_code_sentence(ctx *c, uint32_t s, uint32_t m);
/* Where the clause reported, denied or demanded by the verb at trig begins, or c->c.end;
 * *gerund: its subject is the verb's. */
uint32_t an_clause_complement_start(ctx *c, const an_pattern *pt, const an_cameo_info *ci, uint32_t trig,
                                    uint32_t m_first, uint32_t m_end, bool *gerund);

/* words.c: the clause's words and the patterns they fire */

/* Starts a clause: forgets the conditions evaluated in the last one and collects the
 * hashes of every lemma and stem of c->c's words. */
void an_words_collect(ctx *c);
/* an_doc_lemmas callbacks (p: the ctx): try_lemma keeps in c->best_pattern (+1) the most
 * specific pattern of the lemma whose conditions hold; try_particle_lemma tries
 * c->particle + lemma. They return whether a pattern held. */
bool an_words_try_lemma(void *p, const char *lemma, size_t n);
bool an_words_try_particle_lemma(void *p, const char *lemma, size_t n);
/* The pattern to code a trigger at trig with: pt, or a more specific one of its root
 * that another word of the clause fires. */
const an_pattern *an_words_refine(ctx *c, const an_pattern *pt, uint32_t trig, uint32_t m_first, uint32_t m_end);
/* Is w one of the '|'-separated words of list? */
bool an_words_list_has(const char *list, an_span w);
bool an_words_verb_at(ctx *c, uint32_t t);
bool an_words_gerund_at(const ctx *c, uint32_t t);
bool an_words_light_before(ctx *c, uint32_t t);
bool an_words_reciprocal(const ctx *c);
bool an_words_passive(ctx *c, uint32_t trig);
bool an_words_pattern_reports(const ctx *c, const an_pattern *pt);

/* roles.c: which mentions act and are acted on */

/* The preposition governing a mention (its token, or UINT32_MAX; its key, or empty). */
uint32_t an_roles_governor_tok(const ctx *c, const an_mention *m);
an_span an_roles_governor(const ctx *c, const an_mention *m);
/* Is token t inside one of the mentions from m on (of its sentence)? */
bool an_roles_in_mention(const an_doc *d, uint32_t m, uint32_t t);
/* Can the mention act: an actor, or a capital acting for its government, that neither
 * names the report's source nor modifies another word? */
bool an_roles_usable(const ctx *c, const an_mention *m);
uint32_t an_roles_acting_entity(ctx *c, uint32_t m);
/* Does a usable actor stand after one of the prepositions of pool list `list`? */
bool an_roles_prep_has_actor(const ctx *c, uint32_t list);
uint32_t an_roles_pronoun_object(ctx *c, uint32_t src, uint32_t trig, uint32_t end);
uint32_t an_roles_conjuncts(ctx *c, uint32_t m, uint32_t m_end, uint32_t *out, uint32_t *last);
uint32_t an_roles_place_targets(ctx *c, uint32_t trig, uint32_t src, uint32_t src_last, bool own_too,
                                uint32_t *mentions, uint32_t *entities);
bool an_roles_possessive(const an_doc *d, const an_mention *m);
/* Does the code name a state or an organ acting for it (a country, GOV, MIL, COP …)? */
bool an_roles_state_code(const ctx *c, const char *code);
bool an_roles_in_source(uint32_t src, uint32_t last, uint32_t m);
bool an_roles_other_side(ctx *c, uint32_t m, uint32_t src, uint32_t last);

#endif
