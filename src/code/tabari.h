/* tabari.h — event coding with TABARI / PETRARCH dictionaries, on sentence text alone.
 *
 * Users of KEDS, TABARI and PETRARCH own large hand-made dictionaries: verb patterns
 * with CAMEO (or WEIS) event codes, actors with date-restricted codes, agents that
 * combine with actors, discards and issues. This module reads those files as they are
 * and codes sentences the way TABARI does: a shallow parse of the text (no external
 * parser) followed by pattern matching. PETRARCH-2 files (verb blocks "--- NAME [code]
 * ---", '#' and XML comments, agent plurals, substitution sets) are read into the same
 * structures and coded by the same coder.
 *
 * Threading: an an_tabari is read-only after loading (except an_tabari_set_option,
 * which must not run while another thread codes), so one may serve many threads.
 * an_tabari_code keeps all per-sentence state on the caller's stack.
 */
#ifndef AN_CODE_TABARI_H
#define AN_CODE_TABARI_H

#include "core/core.h"

/* ---- limits (to move to limits.h) ------------------------------------------------ */


/* ---- loading ---------------------------------------------------------------------- */

typedef struct an_tabari an_tabari;

enum {
    /* Skip ill-formed entries (counted, the first kept in an_tabari_warning) instead of
     * failing the load. Real dictionaries carry a few typos (a 7-digit date); strict is
     * the default so that a user's edit error is reported at its line. */
    AN_TABARI_LENIENT = 1u
};

typedef struct an_tabari_files {
    const char *verbs[AN_TABARI_MAX_FILES];     /* TABARI .verbs or PETRARCH verbs */
    const char *actors[AN_TABARI_MAX_FILES];
    const char *agents[AN_TABARI_MAX_FILES];
    const char *discards[AN_TABARI_MAX_FILES];  /* PETRARCH discard lists */
    const char *issues[AN_TABARI_MAX_FILES];    /* TABARI / PETRARCH <ISSUE> files */
    const char *options;                        /* TABARI .options, or NULL */
    unsigned flags;                             /* AN_TABARI_* */
} an_tabari_files;

/* Loads the files named by a TABARI .project file (<actorsfile>, <verbsfile>,
 * <agentsfile>, <optionsfile>, <issuesfile>; names relative to the project's folder).
 * Returns AN_OK, AN_IO (err names the file) or AN_BAD_DICT (err names file:line). */
an_status an_tabari_load_project(an_tabari **out, const char *project_file, unsigned flags,
                                 an_error *err);

/* Loads one verbs, actors and agents file and an optional discard list; the format of
 * each file (TABARI or PETRARCH) is recognised from its content. */
an_status an_tabari_load_files(an_tabari **out, const char *verbs, const char *actors,
                               const char *agents, const char *discards, an_error *err);

/* The general form: any number of files of each kind (NULL-terminated lists). */
an_status an_tabari_load(an_tabari **out, const an_tabari_files *files, an_error *err);

/* Applies one .options command ("COMPLEX: VERBS[5] NOACTPRIOR", "SET: CODE BY CLAUSE",
 * "DEFAULT: OFF" ...), as TABARI's validation records do. Not thread-safe. Returns
 * AN_OK, or AN_USAGE with err filled for an unknown command. */
an_status an_tabari_set_option(an_tabari *t, const char *line, size_t n, an_error *err);

/* Entries skipped under AN_TABARI_LENIENT, and the first such problem (NULL if none). */
size_t an_tabari_skipped(const an_tabari *t);
const an_error *an_tabari_warning(const an_tabari *t);

/* Sizes of what was loaded, for reports. */
typedef struct an_tabari_stats {
    size_t roots, patterns, literals, codes, bytes;
} an_tabari_stats;
void an_tabari_get_stats(const an_tabari *t, an_tabari_stats *st);

void an_tabari_free(an_tabari *t);

/* ---- coding ----------------------------------------------------------------------- */

/* One coded event. Codes are the dictionary's strings (actor code with the agent code
 * joined in, e.g. "GONGOV"); start/end are the byte span in the sentence covering the
 * source, verb and target words. */
typedef struct an_tabari_event {
    char source[32], target[32], code[16];
    uint32_t start, end;
} an_tabari_event;

/* Why a sentence produced no event (or that it did). */
typedef enum {
    AN_TABARI_CODED,       /* events were found */
    AN_TABARI_NO_EVENT,    /* no verb phrase gave an event with a source and target */
    AN_TABARI_NULL_ONLY,   /* only null-coded phrases matched */
    AN_TABARI_DISCARD,     /* a discard code ([###] or a discard phrase) was found */
    AN_TABARI_COMPLEX,     /* complexity conditions met, or a [+++] code */
    AN_TABARI_TOO_SHORT    /* fewer words than SET: MINIMUM WORDS */
} an_tabari_outcome;

/* Carry-over between consecutive sentences of one story (FORWARD: pronoun forwarding).
 * Zero-initialise; pass the same one for the sentences of a story, in order. */
typedef struct an_tabari_story {
    uint32_t actor_root;        /* first actor of the previous sentence (0: none) */
    uint32_t cmpd_roots[8];     /* the actors of its first compound */
    uint32_t n_cmpd;
    char last_story[32];        /* story number of the previous sentence */
    int last_seq;               /* its sentence number */
} an_tabari_story;

typedef struct an_tabari_result {
    an_tabari_outcome outcome;
    size_t n_events;        /* events found, even when more than the caller's max */
    char date[16];          /* the record date after time shifting (YYMMDD/YYYYMMDD) */
    bool shifted;
    char issues[128];       /* issue codes found, space-separated */
} an_tabari_result;

/* Codes one sentence. `date` is the record date as YYMMDD or YYYYMMDD (NULL: no date
 * restriction is satisfied, default codes apply). Writes up to `max` events to `out`
 * and returns how many were found. Thread-safe for a loaded, unchanging an_tabari. */
size_t an_tabari_code(const an_tabari *t, const char *sentence, size_t n, const char *date,
                      an_tabari_event *out, size_t max);

/* The full form: also reports the outcome, the shifted date and issues; `story` may be
 * NULL (no forwarding) and `record_id` is used by FORWARD: to find story and sentence
 * numbers. */
size_t an_tabari_code_ex(const an_tabari *t, const char *sentence, size_t n,
                         const char *date, const char *record_id, an_tabari_story *story,
                         an_tabari_event *out, size_t max, an_tabari_result *res);


/* ---- internal: shared by tabari.c, tabari_dict.c and tabari_match.c only ---------- */
#ifdef AN_TABARI_INTERNAL

/* Word types, as TABARI's parser assigns them. */
enum {
    TB_NULL, TB_ACTOR, TB_AGENT, TB_VERB, TB_TIME, TB_ATTRIB, TB_DETERM, TB_NOUN,
    TB_PRONOUN, TB_CONJ, TB_PREP, TB_ADJ, TB_AUXIL, TB_BYWORD, TB_COMMA, TB_NUMBER,
    TB_ISSUE, TB_SYNSET, TB_DISCARD, TB_NULLTAG, TB_HALT, TB_NTYPES
};

/* Pattern element kinds: a literal word, or one of the pattern tokens. */
enum {
    TB_E_LIT, TB_E_VERB, TB_E_SRC, TB_E_TGT, TB_E_ATT, TB_E_CMP, TB_E_SKIP,
    TB_E_OPEN, TB_E_OR, TB_E_CLOSE, TB_E_SYN
};

/* Connector after an element. STEM: the word may be a stem of the text word; GAP:
 * other words may come before the next element; EQ: no regular endings ("WORD="). In
 * root phrases TABARI reads the two bits the other way round (GAP allows a stem, STEM
 * allows a gap); tabari_match.c keeps that, since the dictionaries were tuned to it. */
#define TB_C_STEM 0x4000u
#define TB_C_GAP 0x0400u
#define TB_C_EQ 0x0010u

/* len: the literal's length (capped at 255), so matching need not look it up */
typedef struct tb_elem { uint32_t id; uint16_t conn; uint8_t kind, len; } tb_elem;

/* A literal: a word or word stem that occurs in some phrase. After loading, roots/nroots
 * list the coded roots whose phrase starts with it and can match a single word or skip
 * words after it ("rest"), in dictionary order; roots whose second word must follow at
 * once are in the pair index instead (t->pairs), found by the next word's literals;
 * aux/naux list the discard and issue phrases starting with it. */
typedef struct tb_lit {
    uint32_t str, len, hash, roots, nroots, aux, naux, link_head, link_tail;
} tb_lit;
typedef struct tb_pairkey { uint32_t lit1, lit2, first, n; } tb_pairkey;
typedef struct tb_link { uint32_t root, next; } tb_link;

/* Event code: primary code with ?/! flags and an optional paired code ("032:033"). */
enum { TB_EV_SUB = 1, TB_EV_DOM = 2 };
typedef struct tb_evcode { uint32_t code, pair; uint8_t flags, pflags; int16_t shift; } tb_evcode;

/* Actor codes: date alternatives, each a list of actor[:agent] pairs (coded
 * compounds "A/B"). Alternatives are tried in order; the undated default last. */
enum { TB_D_DEFAULT, TB_D_BEFORE, TB_D_AFTER, TB_D_RANGE };
typedef struct tb_actpair { uint32_t actor, agent; } tb_actpair;
typedef struct tb_actalt { uint8_t kind; int32_t d1, d2; uint32_t first, n; } tb_actalt;
typedef struct tb_actcode { uint32_t first, n; } tb_actcode;

/* A root: a dictionary phrase (actor, agent, verb, noun ...). */
typedef struct tb_root {
    uint32_t elem;     /* first element in t->elems */
    uint16_t nelem;
    uint8_t type;      /* TB_* word type */
    uint8_t flags;
    uint32_t code;     /* actor: actcode; agent: code; verb/time/attrib/synset: group */
    uint32_t parent;   /* actor synonym: the block's first root; issue: category */
    uint32_t line;
} tb_root;

/* A verb (with its forms), time word, attribution word or synset: the root code and the
 * patterns, sorted longest first. */
typedef struct tb_group { tb_evcode code; uint32_t first, n; uint8_t type; } tb_group;

typedef struct tb_pat {
    uint32_t group, seq;       /* owner and input order (sort ties) */
    uint32_t elem;
    uint16_t nelem;
    int16_t len, maxalt;       /* TABARI's length: letters counted, longest alternative */
    tb_evcode code;
    uint32_t req, nreq;        /* literals (or, with TB_REQ_SYN, synset groups) the pattern
                                  cannot match without (t->reqs) */
} tb_pat;

#define TB_REQ_SYN 0x80000000u

typedef struct tb_issuecat { uint32_t name; uint8_t all, numeric; uint32_t dflt; } tb_issuecat;

#define TB_VEC(T) struct { T *v; uint32_t n, cap; }

typedef struct tb_map { uint32_t *slot; uint32_t cap, n; } tb_map;

typedef struct tb_options {
    int code_mode;                       /* 0 clause, 1 sentence, 2 all */
    int min_lex;                         /* minimum index of the last word (words-1) */
    int cplx_verbs, cplx_actors, cplx_pronouns, cplx_conj, cplx_comma, cplx_late;
    bool noactprior, noactafter, noverb, nosource, notarget, noevent;
    int sub_min, sub_max, sub_bmin, sub_bmax, sub_emin, sub_emax;
    bool def_src, def_tgt, def_prior, def_after;
    uint32_t def_src_code, def_tgt_code;
    bool time_shift, yyyy, conv_agents, fbis, forward;
    int fwd_id_loc, fwd_story_loc, fwd_story_len, fwd_sent_loc, fwd_sent_len;
    int nonevents;
    bool no_dyad;                        /* PETRARCH require_dyad = false */
} tb_options;

struct an_tabari {
    TB_VEC(char) pool;                   /* all strings, NUL-terminated */
    TB_VEC(tb_lit) lits;
    TB_VEC(tb_link) links;
    TB_VEC(uint32_t) lroots;             /* per-literal root lists, after finishing */
    TB_VEC(uint32_t) laux;               /* per-literal discard / issue roots */
    TB_VEC(uint32_t) proots;             /* roots of the pair index, grouped by key */
    TB_VEC(tb_pairkey) pairs;            /* open-addressing table on (lit1, lit2) */
    TB_VEC(tb_root) roots;
    TB_VEC(tb_elem) elems;
    TB_VEC(tb_group) groups;
    TB_VEC(tb_pat) pats;
    TB_VEC(uint32_t) codes;              /* code id -> pool offset */
    TB_VEC(tb_actpair) actpairs;
    TB_VEC(tb_actalt) actalts;
    TB_VEC(tb_actcode) actcodes;
    TB_VEC(tb_issuecat) issuecats;
    TB_VEC(uint32_t) reqs;
    tb_map litmap, codemap;
    uint32_t code_null, code_complex, code_discard, code_blank, code_eli;
    uint32_t lit_and, lit_nor, lit_the, lit_he, lit_him, lit_she, lit_her, lit_it;
    uint32_t root_former;
    tb_options opt;
    bool has_time, has_attrib, has_discards, has_issues, petrarch;
    size_t skipped;
    an_error warning;
    bool finished;
};

/* tabari.c: shared helpers */
int tb_grow(void **v, uint32_t *cap, uint32_t need, size_t size);
#define TB_RESERVE(vec, k) \
    ((vec).n + (k) <= (vec).cap || tb_grow((void **)&(vec).v, &(vec).cap, (vec).n + (k), sizeof *(vec).v))
uint32_t tb_pool_add(an_tabari *t, const char *p, size_t n);   /* UINT32_MAX on OOM */
static inline const char *tb_str(const an_tabari *t, uint32_t off) { return t->pool.v + off; }
uint32_t tb_lit_find(const an_tabari *t, const char *p, size_t n);          /* 0: none */
/* The same with the FNV-1a hash of p[0..n) given, so that all prefixes of a word are
 * looked up in one pass: h = (h ^ byte) * 16777619 from 2166136261. */
uint32_t tb_lit_find_hashed(const an_tabari *t, const char *p, size_t n, uint32_t h);
/* Roots starting with lit1 whose second word is lit2 and must follow at once. */
const tb_pairkey *tb_pair_find(const an_tabari *t, uint32_t lit1, uint32_t lit2);
uint32_t tb_lit_intern(an_tabari *t, const char *p, size_t n);              /* 0: OOM */
uint32_t tb_code_find(const an_tabari *t, const char *p, size_t n);
uint32_t tb_code_intern(an_tabari *t, const char *p, size_t n);
static inline const char *tb_code_str(const an_tabari *t, uint32_t c) { return t->pool.v + t->codes.v[c]; }
an_tabari *tb_new(void);
an_status tb_finish(an_tabari *t);
void tb_options_default(tb_options *o);
/* Julian day number of a YYMMDD / YYYYMMDD date (digits only); INT32_MIN if invalid. */
int32_t tb_date_parse(const char *p, size_t n, bool yyyy);
void tb_date_format(int32_t jd, bool yyyy, char out[16]);

#endif /* AN_TABARI_INTERNAL */

#endif
