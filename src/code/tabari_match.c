/* tabari_match.c — coding one sentence with TABARI dictionaries: shallow parse and
 * pattern matching, no external parser.
 *
 * Place in the pipeline: src/code, per sentence. The algorithm is TABARI's (manual ch. 5-7):
 *   1. filter the text (punctuation, slash-star comments) and cut it into at most
 *      AN_TABARI_MAX_WORDS upper-cased words; each word gets the list of dictionary
 *      literals that are prefixes of it (one hash probe per prefix length);
 *   2. assign roots: at each untyped word, the root (actor, verb, agent, noun ...) that
 *      matches the most characters wins; its words take the root's type;
 *   3. verbs after a determiner or capitalised mid-sentence become nouns; null-coded
 *      actors become nouns; "X and Y" actor lists become compounds; short comma-delimited
 *      clauses are dropped; conjunctions split clauses; pronouns are resolved;
 *   4. discard and complexity checks;
 *   5. for each clause, each verb: its patterns, longest first, are matched around the
 *      verb (words after it, then words before it), with $ + % ^ tokens designating or
 *      skipping actors; the first matching pattern (or the verb's own code) makes events,
 *      the source and target filled by the default search rules, passive voice swapped,
 *      paired codes doubled and compound actors expanded;
 *   6. subordinate (?) and dominant (!) codes are resolved, duplicates and events with
 *      the same source and target removed.
 * Matching never backtracks: each pattern element scans forward (or backward) at most
 * to the clause end, so the work per verb is O(patterns x words) with a bounded word
 * count; the sentence itself is read once.
 */
#define AN_TABARI_INTERNAL
#include "code/tabari.h"
#include <stdio.h>
#include <stdlib.h>

#define MAXW ((int)AN_TABARI_MAX_WORDS)
#define WSLOTS (MAXW + 16)          /* words, Halt, forwarded actors, padding */
#define MAX_LM 2048                  /* literal matches per sentence (TABARI: 255) */
#define PSET 4096                    /* slots of the set of literals present */
#define SYNC 256                     /* synsets cached per sentence */
#define SYNPOOL 2048                 /* cached synset members per sentence */
#define MAX_EVT 256                  /* events after expansion of coded compounds */

enum { LX_MIDCAP = 1, LX_INITCAP = 2 };

typedef struct word {
    uint32_t text, len;      /* upper-cased text in s->buf */
    uint32_t ostart, oend;   /* bytes in the input */
    uint32_t lm, nlm;        /* literal matches in s->lm */
    uint32_t root;           /* root heading here */
    uint32_t head, tail;     /* root types (1 << TB_*) whose phrase starts / ends here */
    int16_t end;             /* tail word of the root heading here */
    int16_t ref;             /* resolved pronoun: the actor's word */
    uint16_t cmph, cmpt;     /* compound starting / ending here (its number) */
    uint8_t lex, type, subh, subt, clh, clt, compd;
} word;

typedef struct litm { uint32_t lit; uint8_t exact; } litm;

typedef struct actor {
    uint32_t actor, agent;   /* code ids */
    uint32_t alt;            /* actalt with several codes (coded compound) + 1, or 0 */
    uint32_t root, agtroot;
    int where;               /* word of the actor; DEFLOC for a DEFAULT: code */
} actor;
#define DEFLOC (-7)

typedef struct event {
    actor src, tgt;
    uint32_t code;
    uint8_t sub, dom, isevt;
    int verb;
    int next;
} event;

typedef struct sent {
    const an_tabari *t;
    const tb_options *o;
    word w[WSLOTS];
    int n;                   /* words; w[n] is Halt */
    int nfwd;                /* forwarded words after Halt */
    int fwd_actor, fwd_cmpd; /* their indices, or -1 */
    bool can_forward;
    litm lm[MAX_LM];
    uint32_t nlm;
    uint32_t pset[PSET], pmask;      /* literals present in the sentence */
    uint32_t syn_key[SYNC];          /* synset group -> its members that may match here */
    uint32_t syn_off[SYNC], syn_cnt[SYNC];
    uint32_t syn_pool[SYNPOOL], syn_pool_n;
    int depth_guard;
    char buf[MAXW * (AN_TABARI_MAX_WORD + 1) + 8];
    uint32_t nbuf;
    bool allcaps, has_date, has_clauses;
    int32_t jd;
    /* coder state */
    int istart, iend;
    actor src, tgt;
    bool regular_src, regular_tgt, passive;
    event ev[MAX_EVT];
    int nev;                 /* events; -1 none, as TABARI's nEvents */
    bool discard, complex, shifted;
    int32_t jd_shift;
    uint32_t issues[16];
    int nissues;
} sent;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_alnum(char c) { return is_digit(c) || is_upper(c) || is_lower(c); }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static bool is_punct(char c) { unsigned char u = (unsigned char)c; return u > 32 && u < 127 && !is_alnum(c); }

#define BIT(type) (1u << (type))

/* ---- 1. filter and words --------------------------------------------------------------- */

/* Adds all literals that are prefixes of word `w` (TABARI's Literals.check: hashing on
 * the first two characters means a one-letter literal only matches a word whose second
 * character is not a letter or digit). */
static void word_literals(sent *s, word *w)
{
    const char *p = s->buf + w->text;
    uint32_t h = 2166136261u;
    w->lm = s->nlm;
    w->nlm = 0;
    for (uint32_t k = 1; k <= w->len; k++) {
        h ^= (unsigned char)p[k - 1];
        h *= 16777619u;
        if (k == 1 && w->len > 1 && is_alnum(p[1])) continue;
        uint32_t id = tb_lit_find_hashed(s->t, p, k, h);
        if (!id || s->nlm >= MAX_LM) continue;
        s->lm[s->nlm++] = (litm){ id, (uint8_t)(k == w->len) };
        w->nlm++;
    }
}

static void add_word1(sent *s, const char *tok, uint32_t len, uint32_t ostart, uint32_t oend,
                      bool *first_cap);

/* PETRARCH's texts are tokenized as in the Penn Treebank, and its dictionaries follow:
 * "didn't" is "did n't". */
static void add_word(sent *s, const char *tok, uint32_t len, uint32_t ostart, uint32_t oend,
                     bool *first_cap)
{
    if (s->t->petrarch && len > 3 && (tok[len - 1] == 'T' || tok[len - 1] == 't') &&
        (tok[len - 2] == '\'') && (tok[len - 3] == 'n' || tok[len - 3] == 'N')) {
        add_word1(s, tok, len - 3, ostart, oend - 3, first_cap);
        add_word1(s, tok + len - 3, 3, oend - 3, oend, first_cap);
        return;
    }
    add_word1(s, tok, len, ostart, oend, first_cap);
}

static void add_word1(sent *s, const char *tok, uint32_t len, uint32_t ostart, uint32_t oend,
                      bool *first_cap)
{
    if (s->n >= MAXW || !len) return;
    word *w = &s->w[s->n];
    memset(w, 0, sizeof *w);
    w->ref = -1;
    w->end = -1;
    w->ostart = ostart;
    w->oend = oend;
    w->text = s->nbuf;
    w->len = len;
    for (uint32_t i = 0; i < len; i++) {
        char c = tok[i];
        s->buf[s->nbuf++] = is_lower(c) ? (char)(c - 32) : c;
    }
    s->buf[s->nbuf++] = 0;
    if (!s->allcaps && is_upper(tok[0])) {
        if (*first_cap) { w->lex = LX_INITCAP; *first_cap = false; }
        else w->lex = LX_MIDCAP;
    }
    if (len == 1 && tok[0] == ',') {
        w->type = TB_COMMA;
    } else {
        word_literals(s, w);
        if (is_digit(tok[0]) && !w->nlm) w->type = TB_NUMBER;
    }
    s->n++;
}

/* TABARI's filterText + makeLex over the raw sentence. */
static void make_words(sent *s, const char *p, size_t n)
{
    /* all-caps records do not mark mid-sentence capitals */
    s->allcaps = true;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '/' && i + 1 < n && p[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(p[i] == '*' && p[i + 1] == '/')) i++;
            i++;
            continue;
        }
        if (is_lower(p[i])) { s->allcaps = false; break; }
    }
    char tok[AN_TABARI_MAX_WORD + 1];
    uint32_t tl = 0, ts = 0;
    bool first_cap = true;
#define FLUSH(endoff) do { if (tl) add_word(s, tok, tl, ts, (uint32_t)(endoff), &first_cap); tl = 0; } while (0)
#define PUT(c, off) do { if (!tl) ts = (uint32_t)(off); tok[tl++] = (c); \
        if (tl == AN_TABARI_MAX_WORD) FLUSH((off) + 1); } while (0)
    for (size_t i = 0; i < n && s->n < MAXW; i++) {
        char c = p[i];
        if (c == '/' && i + 1 < n && p[i + 1] == '*') {
            FLUSH(i);
            i += 2;
            while (i + 1 < n && !(p[i] == '*' && p[i + 1] == '/')) i++;
            i++;
            continue;
        }
        char prev = i ? p[i - 1] : ' ', next = i + 1 < n ? p[i + 1] : ' ';
        if (is_punct(c)) {
            if (c == ';' || c == ':' || c == '(' || c == ')' || c == '"') {
                FLUSH(i);
                PUT(c == '"' ? '"' : ',', i);
                FLUSH(i + 1);
            } else if (c == ',') {
                if (!(is_digit(prev) && is_digit(next))) {
                    FLUSH(i);
                    PUT(',', i);
                    FLUSH(i + 1);
                }
            } else if (c == '.') {
                if ((is_digit(prev) && is_digit(next)) || is_upper(prev)) PUT('.', i);
                else FLUSH(i);
            } else if (c == '\'' || c == '$') {
                PUT(c, i);
            } else {
                FLUSH(i);
            }
        } else if (is_space(c)) {
            FLUSH(i);
        } else {
            PUT(c, i);
        }
    }
    FLUSH(n);
#undef PUT
#undef FLUSH
    word *h = &s->w[s->n];
    for (int k = s->n; k < WSLOTS; k++) {
        memset(&s->w[k], 0, sizeof s->w[k]);
        s->w[k].ref = -1;
        s->w[k].end = -1;
        s->w[k].type = k == s->n ? TB_HALT : TB_NULL;
    }
    (void)h;
}

static void build_present(sent *s)
{
    uint32_t cap = 64;
    while (cap < 2 * s->nlm + 16 && cap < PSET) cap *= 2;
    s->pmask = cap - 1;
    memset(s->pset, 0, cap * sizeof *s->pset);
    for (uint32_t i = 0; i < s->nlm; i++) {
        uint32_t id = s->lm[i].lit, h = (id * 2654435761u) & s->pmask;
        while (s->pset[h] && s->pset[h] != id) h = (h + 1) & s->pmask;
        s->pset[h] = id;
    }
}

static bool present(const sent *s, uint32_t id)
{
    uint32_t h = (id * 2654435761u) & s->pmask;
    while (s->pset[h]) {
        if (s->pset[h] == id) return true;
        h = (h + 1) & s->pmask;
    }
    return false;
}

static const uint32_t *synset_members(sent *s, uint32_t gid, uint32_t *n);

/* Can the pattern match at all? Every required literal must be somewhere in the text,
 * and every required synset must have a member whose first word is. */
static bool possible(sent *s, const tb_pat *pt)
{
    for (uint32_t i = 0; i < pt->nreq; i++) {
        uint32_t r = s->t->reqs.v[pt->req + i];
        if (r & TB_REQ_SYN) {
            uint32_t n;
            if (s->depth_guard < (int)AN_TABARI_MAX_SYN_DEPTH) {
                s->depth_guard++;
                const uint32_t *m = synset_members(s, r & ~TB_REQ_SYN, &n);
                s->depth_guard--;
                if (m && !n) return false;
            }
        } else if (!present(s, r)) return false;
    }
    return true;
}

/* ---- codes ---------------------------------------------------------------------------------- */

/* The date alternative of an actor code that applies, or NULL. */
static const tb_actalt *resolve(const sent *s, uint32_t actcode)
{
    const an_tabari *t = s->t;
    if (!actcode || actcode >= t->actcodes.n) return NULL;
    const tb_actcode *ac = &t->actcodes.v[actcode];
    int32_t jd = s->jd_shift;
    for (uint32_t i = 0; i < ac->n; i++) {
        const tb_actalt *a = &t->actalts.v[ac->first + i];
        switch (a->kind) {
        case TB_D_DEFAULT: return a;
        case TB_D_BEFORE: if (s->has_date && jd < a->d1) return a; break;
        case TB_D_AFTER: if (s->has_date && jd > a->d1) return a; break;
        case TB_D_RANGE: if (s->has_date && jd >= a->d1 && jd <= a->d2) return a; break;
        }
    }
    return NULL;
}

static bool root_null_actor(const sent *s, uint32_t root)
{
    const tb_actalt *a = resolve(s, s->t->roots.v[root].code);
    return a && a->n == 1 && s->t->actpairs.v[a->first].actor == s->t->code_null;
}

static bool root_discard(const sent *s, uint32_t root)
{
    const an_tabari *t = s->t;
    const tb_root *r = &t->roots.v[root];
    if (r->type == TB_ACTOR) {
        const tb_actalt *a = resolve(s, r->code);
        return a && a->n == 1 && t->actpairs.v[a->first].actor == t->code_discard;
    }
    if (r->type == TB_VERB || r->type == TB_TIME || r->type == TB_ATTRIB) {
        const tb_evcode *c = &t->groups.v[r->code].code;
        return c->code == t->code_discard && !c->flags && !c->pair;
    }
    return false;
}

static bool root_null_verb(const sent *s, uint32_t root)
{
    const tb_root *r = &s->t->roots.v[root];
    return s->t->groups.v[r->code].code.code == s->t->code_null;
}

/* ---- 2. roots -------------------------------------------------------------------------------- */

static int has_lit(const sent *s, int loc, uint32_t lit)
{
    const word *w = &s->w[loc];
    for (uint32_t i = 0; i < w->nlm; i++)
        if (s->lm[w->lm + i].lit == lit) return s->lm[w->lm + i].exact ? 2 : 1;
    return 0;
}

/* PETRARCH generates regular forms instead of accepting any ending: plurals (S, or ES
 * after a sibilant), the possessive 's, and verb forms (S/ES, ED/D, ING) as English
 * spells them. `last` is the stem's last letter, `rest` the word's remaining letters. */
static int petrarch_ending(uint8_t type, const char *last, const char *rest, size_t rl, int nmatch)
{
    char c = *last;
    bool sib = c == 'S' || c == 'X' || c == 'Z' || c == 'H' || c == 'O';
    if (rl == 2 && rest[0] == '\'' && rest[1] == 'S') return nmatch + 2;
    if (type == TB_AGENT) return 0;               /* plurals are roots of their own */
    if (type == TB_ACTOR || type == TB_NOUN) {
        if (rl == 1 && rest[0] == 'S' && !sib) return nmatch + 1;
        if (rl == 2 && rest[0] == 'E' && rest[1] == 'S' && sib) return nmatch + 2;
        return 0;
    }
    if (type != TB_VERB) return 0;
    if (rl == 1 && rest[0] == 'S' && !sib) return nmatch + 1;
    if (rl == 2 && rest[0] == 'E' && rest[1] == 'S' && sib) return nmatch + 2;
    if (rl == 2 && rest[0] == 'E' && rest[1] == 'D' && c != 'E') return nmatch + 2;
    if (rl == 1 && rest[0] == 'D' && c == 'E') return nmatch + 1;
    if (rl == 3 && !memcmp(rest, "ING", 3) && c != 'E') return nmatch + 3;
    return 0;
}

/* TABARI's matchLex: does root r match starting at word `begin`? Returns the number of
 * characters matched (0: no match) and the matched words in pos[]. */
static int match_root(const sent *s, const tb_root *r, int begin, int *pos, int *npos)
{
    const tb_elem *el = s->t->elems.v + r->elem;
    int at = begin, nmatch = 0;
    bool skip = false;
    *npos = 0;
    for (int i = 0; i < r->nelem; i++) {
        uint32_t litlen = el[i].len;
        for (;;) {
            if (at >= s->n) return 0;
            const word *w = &s->w[at];
            if (w->type == TB_COMMA) return 0;
            if (w->type != TB_NUMBER && has_lit(s, at, el[i].id)) break;
            if (!skip) return 0;
            at++;
        }
        const word *w = &s->w[at];
        nmatch += (int)litlen;
        pos[(*npos)++] = at;
        uint16_t conn = el[i].conn;
        if (litlen < w->len && !(conn & TB_C_GAP)) {
            if (conn == TB_C_EQ) return 0;
            if (i + 1 < r->nelem) return 0;
            const char *rest = s->buf + w->text + litlen;
            size_t rl = w->len - litlen;
            if (s->t->petrarch) return petrarch_ending(r->type, rest - 1, rest, rl, nmatch);
            if (r->type == TB_ACTOR || r->type == TB_AGENT || r->type == TB_NOUN) {
                if (rl == 1 && rest[0] == 'S') return nmatch + 1;
                if (rl == 2 && rest[1] == 'S' && (rest[0] == '\'' || rest[0] == 'E')) return nmatch + 2;
            } else if (r->type == TB_VERB) {
                if (rl == 1 && rest[0] == 'S') return nmatch + 1;
                if (rl == 2 && rest[0] == 'E' && (rest[1] == 'D' || rest[1] == 'S' || rest[1] == 'N'))
                    return nmatch + 2;
                if (rl == 3 && !memcmp(rest, "ING", 3)) return nmatch + 3;
                if (rl == 1 && rest[0] == 'D' && rest[-1] == 'E') return nmatch + 1;
            }
            return 0;
        }
        skip = (conn & TB_C_STEM) != 0;
        at++;
    }
    return nmatch ? nmatch : 1;
}

/* makeSynt: at each untyped word, the root matching the most characters. Candidates
 * for one literal are tried in dictionary order (ties go to the earlier root): the
 * literal's single and skipping roots, and the adjacent-pair roots whose second word
 * is among the next word's literals. */
static void assign_roots(sent *s)
{
    const an_tabari *t = s->t;
    int pos[AN_TABARI_MAX_ELEMS], best_pos[AN_TABARI_MAX_ELEMS], np, best_np = 0;
    uint32_t cand[512];
    for (int i = 0; i < s->n; i++) {
        word *w = &s->w[i];
        if (w->type != TB_NULL || !w->nlm) continue;
        int best = 0;
        uint32_t best_root = 0;
        const word *nx = &s->w[i + 1];
        for (uint32_t k = 0; k < w->nlm; k++) {
            uint32_t lid = s->lm[w->lm + k].lit;
            const tb_lit *l = &t->lits.v[lid];
            uint32_t nc = 0;
            bool sorted = true;
            for (uint32_t j = 0; j < l->nroots && nc < 512; j++) cand[nc++] = t->lroots.v[l->roots + j];
            if (i + 1 < s->n && nx->type != TB_COMMA && nx->type != TB_NUMBER)
                for (uint32_t q = 0; q < nx->nlm; q++) {
                    const tb_pairkey *pk = tb_pair_find(t, lid, s->lm[nx->lm + q].lit);
                    if (!pk) continue;
                    for (uint32_t j = 0; j < pk->n && nc < 512; j++) cand[nc++] = t->proots.v[pk->first + j];
                    sorted = false;
                }
            if (!sorted)
                for (uint32_t a = 1; a < nc; a++) {
                    uint32_t x = cand[a], b = a;
                    while (b > 0 && cand[b - 1] > x) { cand[b] = cand[b - 1]; b--; }
                    cand[b] = x;
                }
            for (uint32_t j = 0; j < nc; j++) {
                const tb_root *r = &t->roots.v[cand[j]];
                int m = match_root(s, r, i, pos, &np);
                if (m > best) {
                    best = m;
                    best_root = cand[j];
                    best_np = np;
                    memcpy(best_pos, pos, (size_t)np * sizeof *pos);
                }
            }
        }
        if (!best) continue;
        uint8_t type = t->roots.v[best_root].type;
        w->root = best_root;
        w->head |= BIT(type);
        for (int k = 0; k < best_np; k++) s->w[best_pos[k]].type = type;
        int last = best_pos[best_np - 1];
        s->w[last].tail |= BIT(type);
        w->end = (int16_t)last;
    }
}

/* ---- 3. parse ------------------------------------------------------------------------------- */

/* Changes a root's type from `from` to `to` at its head (and tail), as TABARI's
 * markNouns; words of the root without a head of their own change too. */
static int retype_root(sent *s, int i, uint8_t from, uint8_t to)
{
    word *w = &s->w[i];
    w->type = to;
    if (!(w->head & BIT(from))) return i;
    w->head = (w->head & ~BIT(from)) | BIT(to);
    int e = w->end >= 0 ? w->end : i;
    for (int j = i + 1; j <= e && j < s->n; j++)
        if (s->w[j].type == from && !(s->w[j].head & BIT(from))) s->w[j].type = to;
    s->w[e].tail = (s->w[e].tail & ~BIT(from)) | BIT(to);
    return e;
}

static void mark_nouns(sent *s)
{
    for (int i = 0; i < s->n; i++) {
        word *w = &s->w[i];
        if (w->type == TB_VERB && i > 0) {
            if (s->w[i - 1].type == TB_DETERM || (w->lex & LX_MIDCAP)) retype_root(s, i, TB_VERB, TB_NOUN);
        } else if ((w->head & BIT(TB_ACTOR)) && root_null_actor(s, w->root)) {
            i = retype_root(s, i, TB_ACTOR, TB_NOUN);
        }
    }
}

/* SET: CONVERT AGENTS: an agent with no actor next to it becomes an actor. */
static void convert_agents(sent *s)
{
    for (int i = 0; i < s->n; i++) {
        word *w = &s->w[i];
        if (w->type != TB_AGENT) continue;
        int e = w->end >= 0 ? w->end : i;
        if (i > 0 && (s->w[i - 1].type == TB_ACTOR || (s->w[i - 1].tail & BIT(TB_ACTOR)) ||
                      s->w[i - 1].root == s->t->root_former)) {
            i = e;
            continue;
        }
        if (!(w->head & BIT(TB_AGENT))) continue;
        bool conv = true;
        if (e + 1 < s->n && (s->w[e + 1].head & BIT(TB_ACTOR))) conv = false;
        if (conv && e + 2 < s->n && s->w[e + 1].type == TB_PREP && s->w[e + 2].type == TB_ACTOR) conv = false;
        if (conv) {
            w->type = TB_ACTOR;
            w->head = (w->head & ~BIT(TB_AGENT)) | BIT(TB_ACTOR);
            s->w[e].tail = (s->w[e].tail & ~BIT(TB_AGENT)) | BIT(TB_ACTOR);
            w->compd |= 2;   /* marks a converted agent: its code is the agent code */
        }
        i = e;
    }
}

static int root_tail(const sent *s, int i, uint8_t type)
{
    while (i < s->n && !(s->w[i].tail & BIT(type))) i++;
    return i;
}

static int root_head_back(const sent *s, int i, uint8_t type)
{
    while (i >= 0 && !(s->w[i].head & BIT(type))) i--;
    return i;
}

static int cmp_tail_of(const sent *s, int i)
{
    uint16_t c = s->w[i].cmph;
    int lim = s->n + 1 + s->nfwd;
    for (int j = i; j < lim; j++) if (s->w[j].cmpt == c) return j;
    return -1;
}

static void mark_compounds(sent *s)
{
    const an_tabari *t = s->t;
    uint16_t idx = 1;
    for (int i = 0; i < s->n; i++) {
        word *w = &s->w[i];
        if (w->type != TB_CONJ || !(has_lit(s, i, t->lit_and) || has_lit(s, i, t->lit_nor))) continue;
        int pend = -1, pset = -1;
        /* PETRARCH's parser knows adjectives the dictionaries do not list: there,
         * unknown words may stand between "and" and the actor ("and the evil Gondor") */
        bool loose = t->petrarch;
        for (int a = i + 1; s->w[a].type == TB_ACTOR || s->w[a].type == TB_DETERM || s->w[a].type == TB_ADJ ||
                            (loose && s->w[a].type == TB_NULL && a < s->n);
             a++) {
            if (s->w[a].type == TB_ACTOR && (s->w[a].head & BIT(TB_ACTOR))) {
                a = root_tail(s, a, TB_ACTOR);
                if (a >= s->n) break;
                pend = a;
            }
        }
        if (pend < 0) continue;
        bool need = false;
        for (int a = i; a >= 0; a--) {
            uint8_t ty = s->w[a].type;
            if (ty != TB_ACTOR && ty != TB_CONJ && ty != TB_COMMA && ty != TB_DETERM && ty != TB_ADJ &&
                !(loose && ty == TB_NULL))
                break;
            if (ty == TB_CONJ || ty == TB_COMMA) need = false;
            if (ty == TB_ACTOR) {
                if (need) break;
                a = root_head_back(s, a, TB_ACTOR);
                if (a < 0) break;
                pset = a;
                need = true;
            }
        }
        if (pset < 0) continue;
        /* null earlier compounds inside this one */
        for (int a = pset; a <= pend; a++)
            if (s->w[a].cmph) {
                int e = cmp_tail_of(s, a);
                if (e >= 0) s->w[e].cmpt = 0;
                s->w[a].cmph = 0;
            }
        s->w[pset].cmph = idx;
        s->w[pend].cmpt = idx;
        idx++;
        for (int a = pset; a <= pend; a++) s->w[a].compd |= 1;
    }
}

/* skipSegment for compounds: i at a compound head jumps past its tail. */
static bool skip_compound(const sent *s, int *i)
{
    if (!s->w[*i].cmph) return false;
    int e = cmp_tail_of(s, *i);
    *i = e < 0 ? s->n : e + 1;
    return true;
}

static bool skip_subord(const sent *s, int *i)
{
    if (!s->w[*i].subh) return false;
    int j = *i;
    while (j < s->n && !s->w[j].subt) j++;
    *i = j + 1;
    return true;
}

static void mark_subordinate(sent *s)
{
    const tb_options *o = s->o;
    int i = 0;
    while (i < s->n) {
        if (skip_compound(s, &i)) continue;
        if (s->w[i].type == TB_COMMA) {
            int start = i;
            if (start >= o->sub_bmin && start <= o->sub_bmax && start > 0) {
                s->w[0].subh = 1;
                s->w[start - 1].subt = 1;
            }
            i++;
            while (i < s->n && s->w[i].type != TB_COMMA) {
                if (skip_compound(s, &i)) continue;
                i++;
            }
            if (i > s->n) i = s->n;
            int len = i - start - 1;
            if (i >= s->n && len >= o->sub_emin && len <= o->sub_emax) {
                s->w[start].subh = 1;
                s->w[s->n - 1].subt = 1;
                return;
            }
            if (i < s->n && len >= o->sub_min && len <= o->sub_max) {
                s->w[start].subh = 1;
                s->w[i].subt = 1;
            }
        }
        if (i < s->n) i++;
    }
}

/* Cancels every tag on word j (it lies in a dropped clause). */
static void null_tags(sent *s, int j)
{
    word *w = &s->w[j];
    for (uint8_t ty = 1; w->head && ty < TB_NTYPES; ty++) {
        if (w->head & BIT(ty)) {
            int e = (w->end >= j) ? w->end : root_tail(s, j, ty);
            if (e < s->n) s->w[e].tail &= ~BIT(ty);
            w->head &= ~BIT(ty);
            w->type = TB_NULLTAG;
        }
    }
    if (w->cmph) {
        int e = cmp_tail_of(s, j);
        if (e >= 0) s->w[e].cmpt = 0;
        w->cmph = 0;
        w->type = TB_NULLTAG;
    }
    for (uint8_t ty = 1; w->tail && ty < TB_NTYPES; ty++) {
        if (w->tail & BIT(ty)) {
            int h = root_head_back(s, j, ty);
            w->tail &= ~BIT(ty);
            if (h >= 0) {
                s->w[h].head &= ~BIT(ty);
                s->w[h].type = TB_NULLTAG;
            }
        }
    }
    if (w->cmpt) {
        uint16_t c = w->cmpt;
        for (int h = j; h >= 0; h--)
            if (s->w[h].cmph == c) { s->w[h].cmph = 0; s->w[h].type = TB_NULLTAG; break; }
        w->cmpt = 0;
    }
}

static void null_subordinate(sent *s)
{
    if (s->w[0].subh) s->w[0].type = TB_NULL;
    int i = 0;
    while (i < s->n) {
        if (s->w[i].subh && s->o->no_dyad && s->w[s->n - 1].subt && i > 0 &&
            s->w[i].type == TB_COMMA) {
            /* PETRARCH codes a final ", an official said" clause: keep it, as a clause */
            int j = i;
            while (j < s->n && !s->w[j].subt) j++;
            if (j == s->n - 1) {
                s->w[i].subh = 0;
                s->w[j].subt = 0;
                s->w[i].type = TB_CONJ;   /* a clause boundary for mark_clauses */
                s->w[i].nlm = 0;
                s->w[i].compd |= 8;       /* ... whose clause has its own subject */
                break;
            }
        }
        if (s->w[i].subh) {
            do {
                i++;
                if (i >= s->n) return;
                s->w[i].type = TB_NULL;
                null_tags(s, i);
            } while (!s->w[i].subt);
        }
        i++;
    }
}

/* PETRARCH (require_dyad off) codes a final ", a senior official said" as a clause with
 * its own subject: the last comma becomes a clause boundary. */
static void final_clause(sent *s)
{
    int c = -1;
    for (int i = 0; i < s->n;) {
        if (skip_compound(s, &i)) continue;
        if ((s->w[i].len == 1 && s->buf[s->w[i].text] == ',') || (s->w[i].compd & 8)) c = i;
        i++;
    }
    if (c <= 0 || (s->w[c].compd & 8)) return;
    int len = s->n - 1 - c;
    if (len < s->o->sub_emin || len > s->o->sub_emax) return;
    bool verb = false;
    for (int i = c + 1; i < s->n; i++) if (s->w[i].head & BIT(TB_VERB)) verb = true;
    if (!verb) return;
    if (s->w[c].subt) s->w[c - 1].subt = 1;   /* a dropped clause ending here ends before */
    s->w[c].type = TB_CONJ;
    s->w[c].nlm = 0;
    s->w[c].subh = s->w[c].subt = 0;
    s->w[c].compd |= 8;
}

static void mark_clauses(sent *s)
{
    s->has_clauses = false;
    if (!s->n) return;
    s->w[0].clh = 1;
    int i = 0;
    while (i < s->n) {
        if (skip_compound(s, &i)) continue;
        if (skip_subord(s, &i)) continue;
        if (s->w[i].type == TB_CONJ && i > 0 && s->w[i + 1].type != TB_HALT) {
            bool clause = true;
            if (s->w[i - 1].type == TB_NOUN) {
                int j = i + 1;
                while (s->w[j].type == TB_ADJ) j++;
                if (s->w[j].type == TB_NOUN) { clause = false; i = j; }
            }
            if (i > 0 && s->w[i - 1].type == TB_ADJ && s->w[i + 1].type == TB_ADJ) { clause = false; i++; }
            if (clause) {
                s->has_clauses = true;
                s->w[i - 1].clt = 1;
                s->w[i + 1].clh = 1;
                i++;
            }
        }
        i++;
    }
    s->w[s->n - 1].clt = 1;
}

static void resolve_pronouns(sent *s)
{
    const an_tabari *t = s->t;
    for (int i = 0; i < s->n; i++) {
        word *w = &s->w[i];
        if (w->type != TB_PRONOUN || !w->nlm) continue;
        uint32_t first = s->lm[w->lm].lit;
        int idx = -1;
        if (first >= t->lit_he && first <= t->lit_it) {
            int a = 0;
            while (a < i) {
                while (a < i && s->w[a].type != TB_ACTOR) a++;
                if (a >= i) break;
                if (s->w[a].cmph) {
                    int e = cmp_tail_of(s, a);
                    a = e < 0 ? i : e + 1;
                } else if (!(s->w[a].head & BIT(TB_ACTOR))) a++;
                else { idx = a; break; }
            }
            if (idx < 0 && s->can_forward && s->fwd_actor >= 0) idx = s->fwd_actor;
        } else if (first == t->lit_the) {
            for (int a = 0; a < i; a++) {
                if (s->w[a].type != TB_ACTOR) continue;
                if (s->w[a].cmph) { idx = a; break; }
                if (idx < 0) idx = a;
            }
            if (idx < 0 && s->can_forward && s->fwd_cmpd >= 0) idx = s->fwd_cmpd;
        }
        if (idx >= 0) {
            w->type = TB_ACTOR;
            w->head |= BIT(TB_ACTOR);
            w->tail |= BIT(TB_ACTOR);
            w->ref = (int16_t)idx;
            w->end = (int16_t)i;
        }
    }
}

/* ---- 4. discards and complexity ---------------------------------------------------------------- */

static bool check_discards(sent *s)
{
    const an_tabari *t = s->t;
    for (int i = 0; i < s->n; i++)
        if (s->w[i].root && root_discard(s, s->w[i].root)) return true;
    if (!t->has_discards) return false;
    int pos[AN_TABARI_MAX_ELEMS], np;
    for (int i = 0; i < s->n; i++) {
        const word *w = &s->w[i];
        for (uint32_t k = 0; k < w->nlm; k++) {
            const tb_lit *l = &t->lits.v[s->lm[w->lm + k].lit];
            for (uint32_t j = 0; j < l->naux; j++) {
                const tb_root *r = &t->roots.v[t->laux.v[l->aux + j]];
                if (r->type == TB_DISCARD && match_root(s, r, i, pos, &np)) return true;
            }
        }
    }
    return false;
}

static bool check_complexity(sent *s)
{
    const tb_options *o = s->o;
    int nverb = 0, nactor = 0, npron = 0, nconj = 0;
    for (int i = 0; i < s->n;) {
        if (skip_subord(s, &i)) continue;
        if (s->w[i].head & BIT(TB_VERB)) nverb++;
        if (s->w[i].head & BIT(TB_ACTOR)) nactor++;
        if (s->w[i].type == TB_PRONOUN) npron++;
        i++;
    }
    for (int i = 0; i < s->n; i++) {
        if (s->w[i].cmph) {
            int e = cmp_tail_of(s, i);
            i = e < 0 ? s->n : e + 1;
        }
        if (i < s->n && s->w[i].type == TB_CONJ) nconj++;
    }
    int iverb = 0;
    while (iverb < s->n) {
        if (skip_subord(s, &iverb)) continue;
        if (s->w[iverb].type == TB_VERB && (s->w[iverb].head & BIT(TB_VERB)) &&
            !root_null_verb(s, s->w[iverb].root))
            break;
        iverb++;
    }
    if (iverb > s->n) iverb = s->n;
    bool pre = true, post = true;
    for (int i = 0; i < iverb;) {
        if (skip_subord(s, &i)) continue;
        if (s->w[i].type == TB_ACTOR) { pre = false; break; }
        i++;
    }
    for (int i = iverb + 1; i < s->n;) {
        if (skip_subord(s, &i)) continue;
        if (s->w[i].type == TB_ACTOR) { post = false; break; }
        i++;
    }
    if (o->cplx_verbs > 0 && nverb >= o->cplx_verbs) return true;
    if (o->cplx_actors > 0 && nactor >= o->cplx_actors) return true;
    if (o->cplx_pronouns > 0 && npron >= o->cplx_pronouns) return true;
    if (o->cplx_conj > 0 && nconj >= o->cplx_conj) return true;
    if (o->cplx_late > 0 && iverb >= o->cplx_late) return true;
    if (o->noactprior && pre) return true;
    if (o->noactafter && post) return true;
    if (o->noverb && !nverb) return true;
    return false;
}

/* ---- 5. pattern matching ------------------------------------------------------------------------ */

typedef struct matcher {
    sent *s;
    const tb_elem *e;        /* elements being matched */
    int ne, p;               /* count and current element */
    int loc;                 /* current word */
    bool high, skip, full, cond;
    int lenalt;
    int cond_loc, cond_lenalt;
    bool cond_skip;
    int isrc, itgt, iatt, icmp;
    int depth;
} matcher;

static int actor_head(const sent *s, int loc, bool *ok)
{
    if (s->w[loc].head & BIT(TB_PRONOUN) && s->w[loc].ref >= 0) loc = s->w[loc].ref;
    int i = loc;
    while (i >= 0 && !(s->w[i].head & BIT(TB_ACTOR))) i--;
    *ok = i >= 0;
    return i >= 0 ? i : loc;
}

static int actor_tail(const sent *s, int loc)
{
    if (s->w[loc].head & BIT(TB_PRONOUN)) return loc;
    while (loc < s->iend && !(s->w[loc].tail & BIT(TB_ACTOR))) loc++;
    return loc;
}

static void save_cond(matcher *m)
{
    m->cond = true;
    m->cond_loc = m->loc;
    m->cond_lenalt = m->lenalt;
    m->cond_skip = m->skip;
}

static void restore_cond(matcher *m)
{
    m->loc = m->cond_loc;
    m->lenalt = m->cond_lenalt;
    m->skip = m->cond_skip;
}

static int comp_synset(matcher *m);

/* compTarget: 0 no match, 1 partial, 2 exact (or an actor token matched). */
static int comp_target(matcher *m)
{
    sent *s = m->s;
    const tb_elem *e = &m->e[m->p];
    word *w = &s->w[m->loc];
    bool ok = false;
    switch (e->kind) {
    case TB_E_LIT: {
        int r = has_lit(s, m->loc, e->id);
        if (r && m->cond) m->lenalt += (int)s->t->lits.v[e->id].len;
        return r;
    }
    case TB_E_SRC:
        if (w->type == TB_ACTOR) m->isrc = actor_head(s, m->loc, &ok);
        break;
    case TB_E_TGT:
        if (w->type == TB_ACTOR) m->itgt = actor_head(s, m->loc, &ok);
        break;
    case TB_E_ATT:
        if (w->type == TB_ACTOR) m->iatt = actor_head(s, m->loc, &ok);
        break;
    case TB_E_SKIP:
        if (w->type == TB_ACTOR) {
            int h = actor_head(s, m->loc, &ok);
            if (m->high) { if (ok) m->loc = actor_tail(s, m->loc); }
            else m->loc = h;
        }
        break;
    case TB_E_CMP:
        if (w->cmph) {
            if (cmp_tail_of(s, m->loc) >= 0) { m->icmp = m->loc; ok = true; }
        }
        break;
    default:
        break;
    }
    return ok ? 2 : 0;
}

static int cont_check(matcher *m)
{
    if (m->high) {
        if (++m->loc > m->s->iend) return 0;
    } else {
        if (--m->loc < 0) return 0;
    }
    return 2;
}

/* nextCheck: 0 end of text, 1 end of pattern, 2 go on. */
static int next_check(matcher *m)
{
    if (m->high) {
        if (m->cond && m->p + 1 < m->ne &&
            (m->e[m->p + 1].kind == TB_E_OR || m->e[m->p + 1].kind == TB_E_CLOSE)) {
            m->cond = false;
            while (m->p < m->ne && m->e[m->p].kind != TB_E_CLOSE) m->p++;
        }
        m->skip = m->p < m->ne && (m->e[m->p].conn & TB_C_GAP);
        if (++m->p >= m->ne) return 1;
        if (++m->loc > m->s->iend) return 0;
    } else {
        if (--m->p < 0) return 1;
        if (m->cond && (m->e[m->p].kind == TB_E_OR || m->e[m->p].kind == TB_E_OPEN)) {
            m->cond = false;
            while (m->p >= 0 && m->e[m->p].kind != TB_E_OPEN) m->p--;
            if (--m->p < 0) return 1;
        }
        m->skip = (m->e[m->p].conn & TB_C_GAP) != 0;
        if (--m->loc < 0) return 0;
    }
    m->full = !(m->e[m->p].conn & TB_C_STEM);
    return 2;
}

static int state_check(matcher *m, int r)
{
    bool ok = m->full ? r == 2 : r > 0;
    if (ok) return next_check(m);
    return m->skip ? cont_check(m) : 0;
}

static void cond_check(matcher *m, int *state)
{
    if (m->high) {
        while (m->p < m->ne && m->e[m->p].kind != TB_E_OR && m->e[m->p].kind != TB_E_CLOSE) m->p++;
        if (m->p >= m->ne || m->e[m->p].kind == TB_E_CLOSE) return;
        restore_cond(m);
        if (++m->p >= m->ne) return;
    } else {
        while (m->p >= 0 && m->e[m->p].kind != TB_E_OR && m->e[m->p].kind != TB_E_OPEN) m->p--;
        if (m->p < 0 || m->e[m->p].kind == TB_E_OPEN) return;
        restore_cond(m);
        if (--m->p < 0) return;
    }
    m->full = !(m->e[m->p].conn & TB_C_STEM);
    *state = 2;
}

static void init_cond(matcher *m)
{
    save_cond(m);
    if (m->high) m->p++;
    else m->p--;
}

/* checksubPattern: one synset member matched at the current word, with the current
 * modes (TABARI restores the element and word positions afterwards). */
static int check_member(matcher *m, const tb_pat *pm)
{
    const tb_elem *se = m->e;
    int sne = m->ne, sp = m->p, sloc = m->loc;
    bool sskip = m->skip, sfull = m->full;
    m->e = m->s->t->elems.v + pm->elem;
    m->ne = pm->nelem;
    m->p = 0;
    int state = 2, r;
    if (m->high) {
        while (state == 2) {
            r = m->e[m->p].kind == TB_E_SYN ? comp_synset(m) : comp_target(m);
            state = state_check(m, r);
        }
    } else {
        while (state == 2) {
            if (m->e[m->p].kind == TB_E_SYN) {
                int go = 1;
                r = 0;
                save_cond(m);
                while (go) {
                    r = comp_synset(m);
                    go = r ? 0 : cont_check(m);
                }
                if (!r) { m->cond = false; restore_cond(m); }
            } else r = comp_target(m);
            state = state_check(m, r);
        }
    }
    m->e = se;
    m->ne = sne;
    m->p = sp;
    m->loc = sloc;
    if (!state) {   /* a failed member leaves the modes as they were for the next one */
        m->skip = sskip;
        m->full = sfull;
    }
    return state ? 2 : 0;
}

/* The members of synset group gid whose first word occurs in the sentence, computed
 * once per sentence (a synset may have hundreds of members and be tried at every word
 * of a clause). Returns NULL when the cache is full: then all members are tried. */
static const uint32_t *synset_members(sent *s, uint32_t gid, uint32_t *n)
{
    uint32_t h = (gid * 2654435761u) & (SYNC - 1);
    for (uint32_t probe = 0; probe < SYNC && s->syn_key[h]; probe++, h = (h + 1) & (SYNC - 1))
        if (s->syn_key[h] == gid) { *n = s->syn_cnt[h]; return s->syn_pool + s->syn_off[h]; }
    const tb_group *g = &s->t->groups.v[gid];
    uint32_t tmp[512], cnt = 0;
    if (g->n > 512) return NULL;
    /* possible() may fill the cache for nested synsets: collect first, then store */
    for (uint32_t i = 0; i < g->n; i++)
        if (possible(s, &s->t->pats.v[g->first + i])) tmp[cnt++] = g->first + i;
    if (s->syn_pool_n + cnt > SYNPOOL) return NULL;
    h = (gid * 2654435761u) & (SYNC - 1);
    uint32_t probe = 0;
    while (probe < SYNC && s->syn_key[h]) { probe++; h = (h + 1) & (SYNC - 1); }
    if (probe >= SYNC) return NULL;
    s->syn_key[h] = gid;
    s->syn_off[h] = s->syn_pool_n;
    s->syn_cnt[h] = cnt;
    memcpy(s->syn_pool + s->syn_pool_n, tmp, cnt * sizeof *tmp);
    s->syn_pool_n += cnt;
    *n = cnt;
    return s->syn_pool + s->syn_off[h];
}

static int comp_synset(matcher *m)
{
    const an_tabari *t = m->s->t;
    if (m->depth >= (int)AN_TABARI_MAX_SYN_DEPTH) return 0;
    uint32_t gid = t->roots.v[m->e[m->p].id].code;
    const tb_group *g = &t->groups.v[gid];
    uint32_t nm;
    const uint32_t *mem = synset_members(m->s, gid, &nm);
    m->depth++;
    int r = 0;
    if (mem) {
        for (uint32_t i = 0; i < nm && !r; i++) r = check_member(m, &t->pats.v[mem[i]]);
    } else {
        for (uint32_t i = 0; i < g->n && !r; i++) {
            const tb_pat *pm = &t->pats.v[g->first + i];
            if (possible(m->s, pm)) r = check_member(m, pm);
        }
    }
    m->depth--;
    return r;
}

/* checkPattern: the words after the verb root, then the words before it. */
static bool check_pattern(matcher *m, const tb_pat *pt, int loc, uint8_t type)
{
    sent *s = m->s;
    m->e = s->t->elems.v + pt->elem;
    m->ne = pt->nelem;
    m->lenalt = 0;
    m->cond = false;
    m->depth = 0;
    int v = 0;
    while (v < m->ne && m->e[v].kind != TB_E_VERB) v++;
    if (v >= m->ne) return false;
    m->loc = loc;
    while (m->loc < s->n && !(s->w[m->loc].tail & BIT(type))) m->loc++;
    if (m->loc >= s->n) m->loc = loc;
    m->high = true;
    m->p = v;
    m->skip = m->full = false;
    int state = next_check(m), r;
    while (state == 2) {
        if (m->e[m->p].kind == TB_E_SYN) r = comp_synset(m);
        else {
            if (m->e[m->p].kind == TB_E_OPEN) init_cond(m);
            r = comp_target(m);
        }
        state = state_check(m, r);
        if (!state && m->cond) cond_check(m, &state);
    }
    if (!state) return false;
    if (v == 0) return true;
    m->high = false;
    m->p = v;
    m->loc = loc;
    state = next_check(m);
    while (state == 2) {
        if (m->e[m->p].kind == TB_E_SYN) {
            int go = 1;
            r = 0;
            save_cond(m);
            while (go) {
                r = comp_synset(m);
                go = r ? 0 : cont_check(m);
            }
            if (!r) { m->cond = false; restore_cond(m); }
        } else {
            if (m->e[m->p].kind == TB_E_CLOSE) init_cond(m);
            r = comp_target(m);
        }
        state = state_check(m, r);
        if (!state && m->cond) cond_check(m, &state);
    }
    return state != 0;
}

/* ---- 5. actors and events ---------------------------------------------------------------------- */

static void actor_codes(const sent *s, actor *a, int loc)
{
    memset(a, 0, sizeof *a);
    for (int guard = 0; guard < 8 && (s->w[loc].head & BIT(TB_PRONOUN)) && s->w[loc].ref >= 0; guard++)
        loc = s->w[loc].ref;
    a->where = loc;
    uint32_t root = s->w[loc].root;
    if (!root) return;
    a->root = root;
    const tb_root *r = &s->t->roots.v[root];
    if (r->type == TB_AGENT) {           /* converted agent */
        if (s->o->no_dyad && !s->o->conv_agents) {   /* PETRARCH's anonymous "---GOV" */
            a->actor = s->t->code_null;
            a->agent = r->code;
            a->agtroot = root;
        } else a->actor = r->code;
        return;
    }
    const tb_actalt *alt = resolve(s, r->code);
    if (!alt) return;
    const tb_actpair *pr = &s->t->actpairs.v[alt->first];
    a->actor = pr->actor;
    a->agent = pr->agent;
    if (alt->n > 1) a->alt = (uint32_t)(alt - s->t->actalts.v) + 1;
}

static void find_agent(const sent *s, int loc, actor *a)
{
    const an_tabari *t = s->t;
    if (a->root && t->roots.v[a->root].type == TB_AGENT) return;
    int tl = actor_tail(s, loc);
    bool former = false;
    if (s->w[tl + 1].type == TB_ADJ && s->w[tl + 1].root == t->root_former) { former = true; tl++; }
    if (loc > 0 && !former && s->w[loc - 1].type == TB_ADJ && s->w[loc - 1].root == t->root_former) former = true;
    a->agent = 0;
    a->agtroot = 0;
    int next = tl + 1;
    /* PETRARCH reads the whole noun phrase: "Dagolath's first Deputy Prime Minister"
     * lets up to two plain words stand between actor and agent */
    if (t->petrarch && loc < s->n) {
        int k = next;
        while (k < next + 2 && k < s->n && (s->w[k].type == TB_NULL || s->w[k].type == TB_ADJ) &&
               s->w[k].root != t->root_former)
            k++;
        if (k < s->n && s->w[k].type == TB_AGENT) next = k;
    }
    if (s->w[next].type == TB_AGENT && (s->w[next].head & BIT(TB_AGENT))) {
        a->agtroot = s->w[next].root;
        a->agent = former ? t->code_eli : t->roots.v[a->agtroot].code;
        return;
    }
    if (loc > 0 && s->w[loc - 1].type == TB_PREP) loc--;
    if (loc > 0 && s->w[loc - 1].type == TB_AGENT && (s->w[loc - 1].tail & BIT(TB_AGENT))) {
        int h = root_head_back(s, loc - 1, TB_AGENT);
        if (h >= 0) {
            if (h > 0 && !former && s->w[h - 1].type == TB_ADJ && s->w[h - 1].root == t->root_former) former = true;
            a->agtroot = s->w[h].root;
            a->agent = former ? t->code_eli : t->roots.v[a->agtroot].code;
        }
    }
}

static bool actor_empty(const actor *a) { return !a->actor && !a->agent && !a->alt; }
static bool actor_eq(const actor *a, const actor *b)
{
    return a->actor == b->actor && a->agent == b->agent && a->alt == b->alt;
}

/* findActor: first actor head at or after loc in the clause. */
static int find_actor(const sent *s, int loc, actor *a)
{
    for (; loc <= s->iend && loc < s->n + s->nfwd + 1; loc++) {
        if (s->w[loc].type == TB_ACTOR && (s->w[loc].head & BIT(TB_ACTOR))) {
            actor_codes(s, a, loc);
            find_agent(s, loc, a);
            return loc;
        }
    }
    return -1;
}

/* backActor: first actor at or before loc, back to the clause start. */
static int back_actor(const sent *s, int loc, actor *a)
{
    for (; loc >= s->istart; loc--) {
        if (s->w[loc].type == TB_ACTOR) {
            bool ok;
            loc = actor_head(s, loc, &ok);
            if (!ok) return -1;
            actor_codes(s, a, loc);
            find_agent(s, loc, a);
            return loc;
        }
    }
    return -1;
}

static void default_actor(const sent *s, actor *a, uint32_t code)
{
    memset(a, 0, sizeof *a);
    a->actor = code;
    a->where = DEFLOC;
    (void)s;
}

static void regular_source(sent *s, int verb)
{
    const tb_options *o = s->o;
    int loc = s->istart;
    actor a;
    for (;;) {
        int f = find_actor(s, loc, &a);
        if (f < 0) break;
        if (o->def_prior && f > verb) {
            default_actor(s, &s->src, o->def_src_code);
            s->regular_src = true;
            return;
        }
        if (!actor_eq(&a, &s->tgt)) {
            s->src = a;
            s->regular_src = true;
            return;
        }
        loc = f + 1;
    }
    if (o->def_src) {
        default_actor(s, &s->src, o->def_src_code);
        s->regular_src = true;
    }
}

static bool is_compd(const sent *s, int where) { return where >= 0 && (s->w[where].compd & 1); }

static void regular_target(sent *s, int verb)
{
    const tb_options *o = s->o;
    actor a;
    int loc = verb + 1;
    for (;;) {
        int f = find_actor(s, loc, &a);
        if (f < 0) break;
        if (!actor_eq(&a, &s->src)) {
            s->tgt = a;
            s->regular_tgt = true;
            return;
        }
        loc = f + 1;
    }
    if (o->def_after) {
        default_actor(s, &s->tgt, o->def_tgt_code);
        s->regular_tgt = true;
        return;
    }
    loc = verb - 1;
    for (;;) {
        int f = back_actor(s, loc, &a);
        if (f < 0) break;
        if (!actor_eq(&a, &s->src)) {
            s->tgt = a;
            return;
        }
        loc = f - 1;
    }
    if (s->src.alt || is_compd(s, s->src.where)) s->tgt = s->src;
    else if (o->def_src) {
        default_actor(s, &s->tgt, o->def_tgt_code);
        s->regular_tgt = true;
    }
}

static bool check_passive(const sent *s, int i)
{
    if (s->w[i + 1].type != TB_BYWORD && s->w[i + 2].type != TB_BYWORD && s->w[i + 3].type != TB_BYWORD)
        return false;
    return (i > 0 && s->w[i - 1].type == TB_AUXIL) || (i > 1 && s->w[i - 2].type == TB_AUXIL);
}

static void put_event(sent *s, const tb_evcode *code, int verb, const actor *src, const actor *tgt)
{
    int need = code->pair ? 2 : 1;
    if (s->nev + need >= (int)AN_TABARI_MAX_EVENTS) return;
    for (int k = 0; k < need; k++) {
        event *e = &s->ev[++s->nev];
        e->src = k ? *tgt : *src;
        e->tgt = k ? *src : *tgt;
        e->code = k ? code->pair : code->code;
        uint8_t fl = k ? code->pflags : code->flags;
        e->sub = (fl & TB_EV_SUB) != 0;
        e->dom = (fl & TB_EV_DOM) != 0;
        e->isevt = 1;
        e->verb = verb;
        e->next = -1;
    }
}

/* Next actor root of a compound after word i (TABARI: the next word with a root of
 * type actor); -1 past the compound's end. */
static int next_in_compound(const sent *s, int i, bool *last)
{
    int lim = s->n + s->nfwd + 1;
    i++;
    while (i < lim && (!s->w[i].root || s->w[i].type != TB_ACTOR)) i++;
    if (i >= lim) return -1;
    int k = i;
    while (k < lim && !(s->w[k].tail & BIT(TB_ACTOR))) k++;
    if (k >= lim) return -1;
    *last = s->w[k].cmpt != 0;
    return i;
}

/* The agent found for any actor of the compound starting at `head` (0 if none). */
static void compound_agent(const sent *s, int head, actor *out)
{
    out->agent = out->agtroot = 0;
    int i = head;
    for (int guard = 0; guard < MAXW && i >= 0; guard++) {
        actor a;
        actor_codes(s, &a, i);
        find_agent(s, i, &a);
        if (a.agent) { out->agent = a.agent; out->agtroot = a.agtroot; return; }
        bool last = false;
        i = next_in_compound(s, i, &last);
        if (i < 0) break;
        if (last) {
            actor b;
            actor_codes(s, &b, i);
            find_agent(s, i, &b);
            if (b.agent) { out->agent = b.agent; out->agtroot = b.agtroot; }
            return;
        }
    }
}

static void make_event(sent *s, const tb_evcode *code, int verb)
{
    if (code->code == s->t->code_null) return;
    if (actor_empty(&s->src)) regular_source(s, verb);
    if (actor_empty(&s->tgt)) regular_target(s, verb);
    if (s->o->no_dyad && !actor_empty(&s->src) && actor_empty(&s->tgt)) {
        memset(&s->tgt, 0, sizeof s->tgt);   /* PETRARCH codes a missing target as "---" */
        s->tgt.actor = s->t->code_null;
        s->tgt.where = DEFLOC;
    }
    if (actor_empty(&s->src) || actor_empty(&s->tgt)) return;
    if (s->regular_src && s->regular_tgt && check_passive(s, verb)) {
        actor tmp = s->src;
        s->src = s->tgt;
        s->tgt = tmp;
        s->passive = true;
    }
    /* a forwarded compound (after Halt) is not expanded: TABARI looks for its tail tag
     * only up to Halt */
    bool csrc = is_compd(s, s->src.where) && s->src.where < s->n && s->w[s->src.where].cmph &&
                cmp_tail_of(s, s->src.where) >= 0;
    bool ctgt = is_compd(s, s->tgt.where) && s->tgt.where < s->n && s->w[s->tgt.where].cmph &&
                cmp_tail_of(s, s->tgt.where) >= 0;
    if (!is_compd(s, s->src.where) && !is_compd(s, s->tgt.where)) {
        put_event(s, code, verb, &s->src, &s->tgt);
    } else {
        int is = s->src.where;
        bool more_s = csrc;
        /* PETRARCH spreads an agent over a compound: "Lawmakers in Fornost and Gondor" */
        actor sa, ta;
        sa.agent = sa.agtroot = ta.agent = ta.agtroot = 0;
        if (s->t->petrarch) {
            if (csrc) compound_agent(s, s->src.where, &sa);
            if (ctgt) compound_agent(s, s->tgt.where, &ta);
        }
        for (int guard = 0; guard < MAXW; guard++) {
            actor ts, tt;
            if (is == DEFLOC) ts = s->src;
            else {
                actor_codes(s, &ts, is);
                find_agent(s, is, &ts);
                if (!ts.agent && sa.agent) { ts.agent = sa.agent; ts.agtroot = sa.agtroot; }
            }
            int it = s->tgt.where;
            bool more_t = ctgt;
            for (int g2 = 0; g2 < MAXW; g2++) {
                if (it == DEFLOC) tt = s->tgt;
                else {
                    actor_codes(s, &tt, it);
                    find_agent(s, it, &tt);
                    if (!tt.agent && ta.agent) { tt.agent = ta.agent; tt.agtroot = ta.agtroot; }
                }
                put_event(s, code, verb, &ts, &tt);
                if (!more_t) break;
                bool last = false;
                it = next_in_compound(s, it, &last);
                if (it < 0) break;
                if (last) more_t = false;
            }
            if (!more_s) break;
            bool last = false;
            is = next_in_compound(s, is, &last);
            if (is < 0) break;
            if (last) more_s = false;
        }
    }
    if (!s->regular_src) memset(&s->src, 0, sizeof s->src);
    if (!s->regular_tgt) memset(&s->tgt, 0, sizeof s->tgt);
}

static void do_verb(sent *s, int index)
{
    const an_tabari *t = s->t;
    memset(&s->tgt, 0, sizeof s->tgt);
    if (s->passive) {
        memset(&s->src, 0, sizeof s->src);
        s->passive = false;
    }
    const tb_group *g = &t->groups.v[t->roots.v[s->w[index].root].code];
    bool gotpat = false, gotalt = false;
    int old = s->nev, maxlen = 0;
    matcher m;
    memset(&m, 0, sizeof m);
    m.s = s;
    for (uint32_t i = 0; i < g->n && !gotpat; i++) {
        const tb_pat *pt = &t->pats.v[g->first + i];
        if (gotalt && pt->len <= maxlen) { gotpat = true; break; }
        m.isrc = m.itgt = m.iatt = m.icmp = -1;
        /* PETRARCH has no complexity filter: a [+++] pattern is simply not used */
        if (t->petrarch && pt->code.code == t->code_complex) continue;
        if (!possible(s, pt) || !check_pattern(&m, pt, index, TB_VERB)) continue;
        bool make = false;
        if (m.lenalt) {
            gotalt = true;
            if (pt->len + m.lenalt > maxlen) {
                make = true;
                maxlen = pt->len - pt->maxalt + m.lenalt;
            }
        } else {
            gotalt = false;
            gotpat = true;
            make = true;
        }
        if (!make) continue;
        if (m.isrc >= 0) { actor_codes(s, &s->src, m.isrc); find_agent(s, m.isrc, &s->src); }
        if (m.itgt >= 0) { actor_codes(s, &s->tgt, m.itgt); find_agent(s, m.itgt, &s->tgt); }
        if (m.icmp >= 0) { actor_codes(s, &s->src, m.icmp); actor_codes(s, &s->tgt, m.icmp); }
        s->nev = old;
        make_event(s, &pt->code, index);
    }
    if (!gotpat) make_event(s, &g->code, index);
}

static bool clause_bounds(sent *s)
{
    if (!s->has_clauses) {
        if (s->iend >= 0) return false;
        s->istart = 0;
        s->iend = s->n - 1;
        return true;
    }
    if (s->iend >= 0) {
        s->istart = s->iend + 1;
        while (s->istart < s->n && !s->w[s->istart].clh) s->istart++;
        if (s->istart >= s->n) return false;
    } else s->istart = 0;
    s->iend = s->istart;
    while (s->iend < s->n - 1 && !s->w[s->iend].clt) s->iend++;
    return true;
}

static void check_verbs(sent *s)
{
    memset(&s->src, 0, sizeof s->src);
    s->passive = false;
    s->istart = 0;
    s->iend = -1;
    int start = -1;
    while (clause_bounds(s)) {
        if (s->iend - s->istart < 2) continue;
        if (s->istart && (s->w[s->istart - 1].compd & 8)) memset(&s->src, 0, sizeof s->src);
        if (s->istart && (s->w[s->istart].head & BIT(TB_ACTOR))) actor_codes(s, &s->src, s->istart);
        memset(&s->tgt, 0, sizeof s->tgt);
        bool got = false;
        if (s->o->code_mode == 0) start = s->nev;
        int i = s->istart;
        while (i <= s->iend) {
            if (skip_subord(s, &i)) continue;
            if (s->w[i].head & BIT(TB_VERB)) {
                do_verb(s, i);
                if (s->o->code_mode < 2)
                    for (int k = start + 1; k <= s->nev; k++)
                        if (s->ev[k].isevt && !s->ev[k].sub) {
                            got = true;
                            if (s->o->code_mode == 1) return;
                            break;
                        }
            }
            if (got) break;
            i++;
        }
    }
}

/* ---- time shifting ----------------------------------------------------------------------------- */

/* shiftDate: true unless the code is the null code. */
static bool shift_date(sent *s, const tb_evcode *c)
{
    if (s->shifted) return true;
    if (c->code) {
        if (c->code == s->t->code_discard) { s->discard = true; return true; }
        if (c->code == s->t->code_complex) { s->complex = true; return true; }
        return false;
    }
    s->jd_shift += c->shift;
    s->shifted = true;
    return true;
}

static void check_time(sent *s)
{
    const an_tabari *t = s->t;
    matcher m;
    memset(&m, 0, sizeof m);
    m.s = s;
    s->istart = 0;
    s->iend = s->n - 1;
    for (int i = 0; i < s->n; i++) {
        if (!(s->w[i].head & BIT(TB_TIME))) continue;
        const tb_group *g = &t->groups.v[t->roots.v[s->w[i].root].code];
        for (uint32_t k = 0; k < g->n; k++) {
            const tb_pat *pt = &t->pats.v[g->first + k];
            m.isrc = m.itgt = m.iatt = m.icmp = -1;
            if (possible(s, pt) && check_pattern(&m, pt, i, TB_TIME) && shift_date(s, &pt->code)) return;
        }
        if (shift_date(s, &g->code)) return;
        while (i < s->n && !(s->w[i].tail & BIT(TB_TIME))) i++;
    }
}

/* ---- issues ------------------------------------------------------------------------------------- */

static void code_issues(sent *s)
{
    const an_tabari *t = s->t;
    int pos[AN_TABARI_MAX_ELEMS], np;
    uint32_t seen_cat[16];
    int nseen = 0;
    for (int i = 0; i < s->n && s->nissues < 16; i++) {
        const word *w = &s->w[i];
        for (uint32_t k = 0; k < w->nlm; k++) {
            const tb_lit *l = &t->lits.v[s->lm[w->lm + k].lit];
            for (uint32_t j = 0; j < l->naux && s->nissues < 16; j++) {
                const tb_root *r = &t->roots.v[t->laux.v[l->aux + j]];
                if (r->type != TB_ISSUE || !match_root(s, r, i, pos, &np)) continue;
                const tb_issuecat *c = &t->issuecats.v[r->parent];
                bool dup = false;
                for (int q = 0; q < s->nissues; q++) if (s->issues[q] == r->code) dup = true;
                if (!c->all)
                    for (int q = 0; q < nseen; q++) if (seen_cat[q] == r->parent) dup = true;
                if (dup) continue;
                s->issues[s->nissues++] = r->code;
                if (nseen < 16) seen_cat[nseen++] = r->parent;
            }
        }
    }
}

/* ---- 6. events ----------------------------------------------------------------------------------- */

/* evaluateEvents: drops null codes and subordinate events when a regular one exists,
 * keeps only dominant events if any. */
static void evaluate_events(sent *s)
{
    const an_tabari *t = s->t;
    bool nonsub = false, dom = false, hasnull = false;
    for (int k = 0; k <= s->nev; k++) {
        event *e = &s->ev[k];
        if (e->code == t->code_null) { e->isevt = 0; e->sub = 1; hasnull = true; }
        if (e->code == t->code_discard) { s->discard = true; break; }
        if (e->code == t->code_complex || e->src.actor == t->code_complex || e->tgt.actor == t->code_complex) {
            s->complex = true;
            break;
        }
        if (e->dom) { dom = true; nonsub = true; break; }
        if (!nonsub && !e->sub) nonsub = true;
    }
    if (dom) {
        for (int k = 0; k <= s->nev; k++) if (!s->ev[k].dom) s->ev[k].isevt = 0;
    } else if (nonsub) {
        for (int k = 0; k <= s->nev; k++) if (s->ev[k].sub) s->ev[k].isevt = 0;
    }
    if (dom || nonsub || hasnull) {
        int o = 0;
        for (int k = 0; k <= s->nev; k++) if (s->ev[k].isevt) s->ev[o++] = s->ev[k];
        s->nev = o - 1;
    }
    for (int k = 0; k <= s->nev; k++) s->ev[k].next = k < s->nev ? k + 1 : -1;
}

static bool same_actors(const sent *s, const event *e)
{
    if (s->o->no_dyad) {   /* "---" stands for an actor PETRARCH could not identify */
        bool sn = e->src.actor == s->t->code_null, tn = e->tgt.actor == s->t->code_null;
        if ((sn && !e->src.agent && tn && !e->tgt.agent) || (sn && !e->src.agent)) return true;
        if ((e->src.actor != s->t->code_null && e->src.actor <= s->t->code_blank) ||
            (e->tgt.actor != s->t->code_null && e->tgt.actor <= s->t->code_blank))
            return true;
        return e->src.actor == e->tgt.actor && e->src.agent == e->tgt.agent;
    }
    if (e->src.actor <= s->t->code_blank || e->tgt.actor <= s->t->code_blank) return true;
    return e->src.actor == e->tgt.actor && e->src.agent == e->tgt.agent;
}

static bool dup_event(const sent *s, int k)
{
    const event *e = &s->ev[k];
    for (int j = 0; j < k; j++) {
        const event *o = &s->ev[j];
        if (o->src.actor == e->src.actor && o->src.agent == e->src.agent &&
            o->tgt.actor == e->tgt.actor && o->tgt.agent == e->tgt.agent && o->code == e->code)
            return true;
    }
    return false;
}

/* Coded compounds ("[A/B]"): one event per code, sources first, then targets. */
static void expand_codes(sent *s)
{
    const an_tabari *t = s->t;
    int total = s->nev, last = -1;
    for (int k = 0; k <= s->nev; k++) {
        if (last >= 0) s->ev[last].next = k;
        last = k;
        int next = s->ev[k].next;
        uint32_t alt = s->ev[k].src.alt;
        if (!alt) continue;
        s->ev[k].src.alt = 0;
        const tb_actalt *a = &t->actalts.v[alt - 1];
        for (uint32_t j = 1; j < a->n && total + 1 < MAX_EVT; j++) {
            event *e = &s->ev[++total];
            *e = s->ev[k];
            e->src.actor = t->actpairs.v[a->first + j].actor;
            e->src.agent = t->actpairs.v[a->first + j].agent;
            s->ev[last].next = total;
            e->next = next;
            last = total;
        }
    }
    last = -1;
    for (int k = 0, guard = 0; k >= 0 && guard < 4 * MAX_EVT; guard++) {
        if (last >= 0) s->ev[last].next = k;
        last = k;
        int next = s->ev[k].next;
        uint32_t alt = s->ev[k].tgt.alt;
        if (alt) {
            s->ev[k].tgt.alt = 0;
            const tb_actalt *a = &t->actalts.v[alt - 1];
            for (uint32_t j = 1; j < a->n && total + 1 < MAX_EVT; j++) {
                event *e = &s->ev[++total];
                *e = s->ev[k];
                e->tgt.actor = t->actpairs.v[a->first + j].actor;
                e->tgt.agent = t->actpairs.v[a->first + j].agent;
                if (same_actors(s, e) || dup_event(s, total)) { total--; continue; }
                s->ev[last].next = total;
                e->next = next;
                last = total;
            }
        }
        k = next;
    }
    s->nev = total;
}

static void composite(const an_tabari *t, uint32_t act, uint32_t agent, char *out, size_t cap)
{
    const char *a = tb_code_str(t, act);
    if (!agent) { snprintf(out, cap, "%s", a); return; }
    const char *g = tb_code_str(t, agent);
    size_t gn = strlen(g);
    if (g[0] == '~') {
        const char *p = strstr(a, g + 1);
        if (p && (p - a) % 3 == 0) snprintf(out, cap, "%s", a);
        else snprintf(out, cap, "%s%s", a, g + 1);
    } else if (gn && g[gn - 1] == '~') {
        char pre[64];
        snprintf(pre, sizeof pre, "%.*s", (int)(gn - 1), g);
        const char *p = strstr(a, pre);
        if (!p || (p - a) % 3 != 0) snprintf(out, cap, "%s%s", pre, a);
        else snprintf(out, cap, "%s", a);
    } else {
        snprintf(out, cap, "%s%s", a, g);
    }
}

static void span_of(const sent *s, int loc, uint32_t *lo, uint32_t *hi)
{
    if (loc < 0 || loc >= s->n) return;
    int e = s->w[loc].end >= loc ? s->w[loc].end : loc;
    if (s->w[loc].ostart < *lo) *lo = s->w[loc].ostart;
    if (s->w[e].oend > *hi) *hi = s->w[e].oend;
}

/* ---- forwarding ------------------------------------------------------------------------------------ */

static void setup_forward(sent *s, const an_tabari_story *st)
{
    s->fwd_actor = s->fwd_cmpd = -1;
    s->nfwd = 0;
    if (!s->can_forward || !st) return;
    int at = s->n + 1;
    if (st->n_cmpd) {
        s->fwd_cmpd = at;
        for (uint32_t i = 0; i < st->n_cmpd && at < WSLOTS - 2; i++, at++) {
            word *w = &s->w[at];
            w->type = TB_ACTOR;
            w->root = st->cmpd_roots[i];
            w->head = w->tail = BIT(TB_ACTOR);
            w->end = (int16_t)at;
            w->compd = 1;
        }
        s->w[s->fwd_cmpd].cmph = 1000;
        s->w[at - 1].cmpt = 1000;
    }
    if (st->actor_root && at < WSLOTS - 2) {
        word *w = &s->w[at];
        w->type = TB_ACTOR;
        w->root = st->actor_root;
        w->head = w->tail = BIT(TB_ACTOR);
        w->end = (int16_t)at;
        s->fwd_actor = at++;
        if (s->fwd_cmpd < 0) s->fwd_cmpd = s->fwd_actor;
    }
    s->nfwd = at - (s->n + 1);
}

/* TABARI's setForward, run on this sentence for the next one: its first actor or first
 * compound (whichever comes first). */
static void save_forward(const sent *s, an_tabari_story *st)
{
    st->actor_root = 0;
    st->n_cmpd = 0;
    for (int i = 0; i < s->n; i++) {
        const word *w = &s->w[i];
        if (w->cmph) {
            int e = cmp_tail_of(s, i);
            if (e < 0) e = i;
            for (int j = i; j <= e && st->n_cmpd < 8; j++)
                if ((s->w[j].head & BIT(TB_ACTOR)) && s->w[j].root && !(s->w[j].head & BIT(TB_PRONOUN)))
                    st->cmpd_roots[st->n_cmpd++] = s->w[j].root;
            i = e;
            if ((s->w[e].head & BIT(TB_ACTOR)) && !(s->w[e].head & BIT(TB_PRONOUN)) && s->w[e].root)
                st->actor_root = s->w[e].root;
            return;
        }
        if ((w->head & BIT(TB_ACTOR)) && !(w->head & BIT(TB_PRONOUN)) && w->root) {
            st->actor_root = w->root;
            return;
        }
    }
}


/* ---- entry ----------------------------------------------------------------------------------------- */

static void copy_code(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

size_t an_tabari_code_ex(const an_tabari *t, const char *text, size_t n, const char *date,
                         const char *record_id, an_tabari_story *story,
                         an_tabari_event *out, size_t max, an_tabari_result *res)
{
    an_tabari_result dummy;
    if (!res) res = &dummy;
    memset(res, 0, sizeof *res);
    sent *s = malloc(sizeof *s);
    if (!s) { res->outcome = AN_TABARI_NO_EVENT; return 0; }
    s->t = t;
    s->o = &t->opt;
    s->n = 0;
    s->nlm = 0;
    s->nbuf = 0;
    s->nev = -1;
    s->discard = s->complex = s->shifted = false;
    s->regular_src = s->regular_tgt = false;
    s->nissues = 0;
    s->has_date = false;
    s->jd = 0;
    if (date) {
        size_t dl = strlen(date);
        s->jd = tb_date_parse(date, dl, dl == 8);
        s->has_date = s->jd != INT32_MIN;
        if (s->has_date) copy_code(res->date, sizeof res->date, date);
    }
    s->jd_shift = s->jd;
    /* FORWARD: may this sentence use the previous one's actors? */
    s->can_forward = false;
    const tb_options *o = &t->opt;
    if (story && record_id && o->fwd_id_loc >= 0) {
        char sid[32] = "";
        int seq = -1;
        size_t rl = strlen(record_id);
        /* TABARI reads the story number at (id start + its position in the format) */
        int sl = o->fwd_id_loc + o->fwd_story_loc;
        if (o->fwd_story_loc >= 0 && (size_t)(sl + o->fwd_story_len) <= rl)
            snprintf(sid, sizeof sid, "%.*s", o->fwd_story_len, record_id + sl);
        if (o->fwd_sent_loc >= 0 && (size_t)(o->fwd_sent_loc + o->fwd_sent_len) <= rl) {
            seq = 0;
            for (int i = 0; i < o->fwd_sent_len; i++) {
                char c = record_id[o->fwd_sent_loc + i];
                if (!is_digit(c)) { seq = 0; break; }
                seq = seq * 10 + (c - '0');
            }
        }
        if (strcmp(sid, story->last_story)) story->last_seq = -1;
        if (o->forward && story->last_seq >= 0 && seq == story->last_seq + 1) s->can_forward = true;
        copy_code(story->last_story, sizeof story->last_story, sid);
        story->last_seq = seq;
    }
    make_words(s, text, n);
    build_present(s);
    memset(s->syn_key, 0, sizeof s->syn_key);
    s->syn_pool_n = 0;
    s->depth_guard = 0;
    setup_forward(s, s->can_forward ? story : NULL);
    size_t found = 0;
    if (!s->n || s->n - 1 < o->min_lex) {
        res->outcome = AN_TABARI_TOO_SHORT;
        if (story) { story->actor_root = 0; story->n_cmpd = 0; }
        goto done;
    }
    assign_roots(s);
    mark_nouns(s);
    if (o->conv_agents || o->no_dyad) convert_agents(s);
    mark_compounds(s);
    mark_subordinate(s);
    null_subordinate(s);
    if (o->no_dyad) final_clause(s);
    mark_clauses(s);
    if (!t->petrarch) resolve_pronouns(s);
    if (story) save_forward(s, story);
    bool discard = check_discards(s);
    bool complex = !discard && check_complexity(s);
    if (t->has_time && o->time_shift) check_time(s);
    if (s->shifted) {
        tb_date_format(s->jd_shift, o->yyyy || (date && strlen(date) == 8), res->date);
        res->shifted = true;
    }
    if (discard || s->discard) { res->outcome = AN_TABARI_DISCARD; goto done; }
    if (complex || s->complex) { res->outcome = AN_TABARI_COMPLEX; goto done; }
    check_verbs(s);
    if (s->nev < 0) { res->outcome = AN_TABARI_NO_EVENT; goto done; }
    evaluate_events(s);
    if (s->nev < 0) { res->outcome = AN_TABARI_NULL_ONLY; goto done; }
    if (s->discard) { res->outcome = AN_TABARI_DISCARD; goto done; }
    if (s->complex) { res->outcome = AN_TABARI_COMPLEX; goto done; }
    expand_codes(s);
    if (t->has_issues) {
        code_issues(s);
        size_t o2 = 0;
        for (int i = 0; i < s->nissues; i++) {
            const char *c = tb_code_str(t, s->issues[i]);
            int w = snprintf(res->issues + o2, sizeof res->issues - o2, "%s%s", o2 ? " " : "", c);
            if (w < 0 || (size_t)w >= sizeof res->issues - o2) break;
            o2 += (size_t)w;
        }
    }
    for (int k = 0, guard = 0; k >= 0 && k <= s->nev && guard < MAX_EVT; k = s->ev[k].next, guard++) {
        const event *e = &s->ev[k];
        if (same_actors(s, e) || dup_event(s, k)) continue;
        if (found < max) {
            an_tabari_event *oe = &out[found];
            char buf[96];
            composite(t, e->src.actor, e->src.agent, buf, sizeof buf);
            copy_code(oe->source, sizeof oe->source, buf);
            composite(t, e->tgt.actor, e->tgt.agent, buf, sizeof buf);
            copy_code(oe->target, sizeof oe->target, buf);
            copy_code(oe->code, sizeof oe->code, tb_code_str(t, e->code));
            uint32_t lo = UINT32_MAX, hi = 0;
            span_of(s, e->src.where, &lo, &hi);
            span_of(s, e->tgt.where, &lo, &hi);
            span_of(s, e->verb, &lo, &hi);
            oe->start = lo == UINT32_MAX ? 0 : lo;
            oe->end = hi;
        }
        found++;
    }
    res->outcome = found ? AN_TABARI_CODED : AN_TABARI_NO_EVENT;
done:
    res->n_events = found;
    free(s);
    return found;
}

size_t an_tabari_code(const an_tabari *t, const char *sentence, size_t n, const char *date,
                      an_tabari_event *out, size_t max)
{
    return an_tabari_code_ex(t, sentence, n, date, NULL, NULL, out, max, NULL);
}
