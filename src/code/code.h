/* code.h — internal interface of the event coder: per-language pattern dictionaries in
 * annalist's format (lang/README.md), the morphology that maps forms to lemmas, and
 * the coder. Depends on core, text and lexicon. */
#ifndef AN_CODE_H
#define AN_CODE_H

#include "lexicon/lexicon.h"

/* Word classes of lang/<code>/words.txt the coder uses. */
typedef enum { AN_WC_PREP, AN_WC_SUBORD, AN_WC_COORD, AN_WC_AUX, AN_WC_MODAL,
               AN_WC_NEGATION, AN_WC_ARTICLE, AN_WC_PRONOUN, AN_WC_REPORT,
               AN_WC_REPORTPREP, AN_WC_PASSIVE, AN_WC_AGENT, AN_WC_PARTICLE,
               AN_WC_RELATIVE, AN_WC_HYPOTHETICAL, AN_WC_INTENDED, AN_WC_DEMANDED,
               AN_WC_DEMONSTRATIVE, AN_WC_LOCPREP, AN_WC_TARGETPREP, AN_WC_RECIPROCAL, AN_WC_REPORTSELF, AN_WC_BETWEEN, AN_WC_MODIFIER, AN_WC_REPORTPOST, AN_WC_BACKSHIFT, AN_WC_TITLE, AN_WC_PLURAL, AN_WC_ALONG, AN_WC_INCLUDING, AN_WC_LIGHT, AN_WC_PARTITIVE, AN_WC_DIRECTION, AN_WC_APPROX, AN_WC_ACT, AN_WC_COMPLEMENTIZER, AN_WC_PLACENOUN, AN_WC_PLACEOF, AN_WC_SUSPECT, AN_WC_JOINTVERB, AN_WC_COUNT } an_word_class;

#define AN_PATTERN_WORDS 4   /* alternatives in one +/- condition are pooled */

typedef struct an_pattern {
    char cameo[5];
    uint32_t trigger;           /* lemma string in the pool */
    bool noun;
#define AN_PATTERN_PLUS 4
    uint32_t plus[AN_PATTERN_PLUS];   /* "w1|w2" lists that must each hold, UINT32_MAX: unused */
    uint32_t minus;             /* offset of a "w1|w2" list that must not hold, or UINT32_MAX */
    uint32_t plus_h[AN_PATTERN_PLUS], minus_h;   /* their first words' hashes in cond_hashes */
    uint32_t next_is, next_not; /* "w1|w2": the word right after the trigger is (not) one of
                                   these ("call ^on|for", "call !on|for"), or UINT32_MAX */
    uint32_t target_prep;       /* "gegen|mit" in the pool, UINT32_MAX: direct object */
    bool no_target;
    uint32_t source_prep;       /* UINT32_MAX: the subject */
    uint16_t n_conditions;
    uint32_t line;              /* line in verbs.txt, for the evidence's rule */
    uint32_t next;              /* next pattern with the same trigger, +1 */
} an_pattern;

typedef struct an_codelang {
    char code[4];
    bool loaded;
    an_arena arena;
    AN_VEC(an_pattern) patterns;
    AN_VEC(char) pool;
    /* per + or - condition: the count of its alternatives, then the hash of each one's
     * first word, in order (hashed once at load, not per clause) */
    AN_VEC(uint64_t) cond_hashes;
    an_strset classes[AN_WC_COUNT];
    /* `unit.NAME` lines of coder.txt: the words that give a number its unit ("45 drones") */
#define AN_UNITS_MAX 32
    struct { char name[24]; an_strset words; } units[AN_UNITS_MAX];
    size_t n_units;
    /* `count.N` lines: number words and their value ("zwei", "dozens"); `scale.N` lines:
     * words that multiply the number before them ("million", "Milliarden") */
#define AN_COUNTS_MAX 48
    struct { double value; bool scale; an_strset words; } counts[AN_COUNTS_MAX];
    size_t n_counts;
    /* trigger lemma → first pattern + 1; irregular form → lemma */
    uint32_t *trig_slots, trig_mask;
    uint32_t *form_slots, form_mask, form_count;   /* pool offset of "form\0lemma\0" + 1 */
    char rule_file[64];
} an_codelang;

an_status an_codelang_load(an_codelang *cl, const char *data_dir, const char *code, an_error *err);
void an_codelang_free(an_codelang *cl);

/* Lemma candidates of a folded word: the word, its irregular lemma, and what the
 * language's regular rules give. Calls fn for each; stops when fn returns true. */
bool an_morph_lemmas(const an_codelang *cl, const char *key, size_t n,
                     bool (*fn)(void *, const char *, size_t), void *ctx);

/* Does token t of d, alone or joined with the next token by '_' ("according_to",
 * "each_other"), belong to class wc? Tokens at or after end are not joined. */
bool an_codelang_phrase_is(const an_codelang *cl, an_word_class wc, const an_doc *d, uint32_t t, uint32_t end);

/* an_morph_lemmas for token t of d, computed once per document and then replayed: the
 * coder and the context stage ask for the same words many times. */
bool an_doc_lemmas(const an_codelang *cl, an_doc *d, uint32_t t,
                   bool (*fn)(void *, const char *, size_t), void *ctx);
/* Is token t of d a form of a reporting verb? (an_doc_lemmas) */
bool an_token_reports(const an_codelang *cl, an_doc *d, uint32_t t);


/* The lemma of an irregular form (verbforms.txt, nounforms.txt), or NULL. */
const char *an_codelang_form(const an_codelang *cl, const char *p, size_t n);

/* The first pattern whose trigger is this lemma (+1), 0 if none. */
uint32_t an_codelang_trigger(const an_codelang *cl, const char *lemma, size_t n);
bool an_codelang_is(const an_codelang *cl, an_word_class wc, an_span key);
static inline const char *an_pool(const an_codelang *cl, uint32_t off) { return cl->pool.items + off; }

/* The CAMEO table of data/cameo.txt. */
#define AN_CAMEO_MAX 512
typedef struct an_cameo_info {
    char code[5];
    double goldstein;
    char plover[16], mode[24];
    bool joint;                 /* two sides do it together: talks, agreements, fighting */
    bool place_target;          /* a place it is done to stands for its country: attacks, visits */
    bool own_place;             /* … also a place of the actor's own country: attacks hurt its people */
    bool instrument;            /* the forces it moves are its instrument, not its target (posture) */
    bool reaction;              /* words about another's act: an object naming an earlier act targets its doer */
    bool domestic;              /* done by a state to people it does not name: its own, in its own affairs */
    bool stage;                 /* staging another's act: "hosted talks between X and Y" is also X's and Y's act */
    bool untargeted;            /* acts on no one: a view of one's own, a denial, a blockade, a mobilisation */
    bool authority;             /* made against authority (protests): only a state, its organs or an IGO is the target */
    bool addressee;             /* said to someone (appeals): only the noun phrase right after the verb is the target (English) */
    uint8_t frame;              /* an_modality of the event its complement clause gives:
                                   AN_MOD_DENIED, AN_MOD_DEMANDED; AN_MOD_ASSERTED: none */
} an_cameo_info;
typedef struct an_cameo_table { an_cameo_info items[AN_CAMEO_MAX]; size_t n; an_error *err; } an_cameo_table;
an_status an_cameo_load(an_cameo_table *t, const char *data_dir, an_error *err);
const an_cameo_info *an_cameo_lookup(const an_cameo_table *t, const char *code);
int an_cameo_quad(const char *code);

/* The value of the number at token t of d: a numeral, or a number word of coder.txt
 * (`count.N`), times a scale word after it ("425 million"); NAN when none. *end is set
 * to the token after the number. */
double an_codelang_number(const an_codelang *cl, const an_doc *d, uint32_t t, uint32_t end, uint32_t *after);

/* Codes the document's article sentences into events (d->events). */
an_status an_code_doc(const an_codelang *cl, const an_lexicon *lx, const an_cameo_table *cameo, an_doc *d);
/* Merges the events that report one happening (same code, actors, place and date). */
void an_events_merge(an_doc *d);

#endif
