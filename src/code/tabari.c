/* tabari.c — storage shared by the TABARI/PETRARCH dictionary loader and coder.
 *
 * Place in the pipeline: src/code, below the event layer. tabari_dict.c fills the
 * structures declared in tabari.h; tabari_match.c reads them to code sentences. This
 * file holds what both need: the string pool, the literal and code tables (open
 * addressing on FNV-1a hashes), the .options commands, dates, and the final step of
 * loading, which sorts patterns longest-first (TABARI's precedence) and turns the
 * literal -> root lists into flat arrays.
 */
#define AN_TABARI_INTERNAL
#include "code/tabari.h"
#include <stdlib.h>
#include <stdio.h>

int tb_grow(void **v, uint32_t *cap, uint32_t need, size_t size)
{
    uint32_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > UINT32_MAX / 2) return 0;
        nc *= 2;
    }
    void *p = realloc(*v, (size_t)nc * size);
    if (!p) return 0;
    *v = p;
    *cap = nc;
    return 1;
}

uint32_t tb_pool_add(an_tabari *t, const char *p, size_t n)
{
    if (n >= UINT32_MAX / 4 || !TB_RESERVE(t->pool, (uint32_t)n + 1)) return UINT32_MAX;
    uint32_t off = t->pool.n;
    if (n) memcpy(t->pool.v + off, p, n);
    t->pool.v[off + n] = 0;
    t->pool.n += (uint32_t)n + 1;
    return off;
}

/* ---- hash maps: slots hold ids (0 = empty); keys are strings in the pool ---------- */

static uint32_t hash_bytes(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 16777619u;
    }
    return h;
}

static bool key_eq(const char *s, size_t slen, const char *p, size_t n)
{
    return slen == n && memcmp(s, p, n) == 0;
}

static uint32_t map_find(const tb_map *m, const an_tabari *t, bool lits, const char *p, size_t n)
{
    if (!m->cap) return 0;
    uint32_t mask = m->cap - 1, i = hash_bytes(p, n) & mask;
    for (;;) {
        uint32_t id = m->slot[i];
        if (!id) return 0;
        if (lits) {
            const tb_lit *l = &t->lits.v[id];
            if (key_eq(tb_str(t, l->str), l->len, p, n)) return id;
        } else {
            const char *s = tb_code_str(t, id);
            if (key_eq(s, strlen(s), p, n)) return id;
        }
        i = (i + 1) & mask;
    }
}

static int map_rehash(tb_map *m, const an_tabari *t, bool lits)
{
    uint32_t nc = m->cap ? m->cap * 2 : 1024;
    uint32_t *ns = calloc(nc, sizeof *ns);
    if (!ns) return 0;
    for (uint32_t i = 0; i < m->cap; i++) {
        uint32_t id = m->slot[i];
        if (!id) continue;
        const char *s;
        size_t n;
        if (lits) { s = tb_str(t, t->lits.v[id].str); n = t->lits.v[id].len; }
        else { s = tb_code_str(t, id); n = strlen(s); }
        uint32_t j = hash_bytes(s, n) & (nc - 1);
        while (ns[j]) j = (j + 1) & (nc - 1);
        ns[j] = id;
    }
    free(m->slot);
    m->slot = ns;
    m->cap = nc;
    return 1;
}

static void map_insert(tb_map *m, const char *p, size_t n, uint32_t id)
{
    uint32_t mask = m->cap - 1, i = hash_bytes(p, n) & mask;
    while (m->slot[i]) i = (i + 1) & mask;
    m->slot[i] = id;
    m->n++;
}

uint32_t tb_lit_find(const an_tabari *t, const char *p, size_t n)
{
    return map_find(&t->litmap, t, true, p, n);
}

uint32_t tb_lit_find_hashed(const an_tabari *t, const char *p, size_t n, uint32_t h)
{
    const tb_map *m = &t->litmap;
    if (!m->cap) return 0;
    uint32_t mask = m->cap - 1, i = h & mask;
    for (;;) {
        uint32_t id = m->slot[i];
        if (!id) return 0;
        const tb_lit *l = &t->lits.v[id];
        if (l->hash == h && l->len == n && memcmp(tb_str(t, l->str), p, n) == 0) return id;
        i = (i + 1) & mask;
    }
}

uint32_t tb_lit_intern(an_tabari *t, const char *p, size_t n)
{
    uint32_t id = tb_lit_find(t, p, n);
    if (id) return id;
    if ((t->litmap.n + 1) * 2 > t->litmap.cap && !map_rehash(&t->litmap, t, true)) return 0;
    if (!TB_RESERVE(t->lits, 1)) return 0;
    uint32_t off = tb_pool_add(t, p, n);
    if (off == UINT32_MAX) return 0;
    id = t->lits.n++;
    memset(&t->lits.v[id], 0, sizeof t->lits.v[id]);
    t->lits.v[id].hash = hash_bytes(p, n);
    t->lits.v[id].str = off;
    t->lits.v[id].len = (uint32_t)n;
    map_insert(&t->litmap, p, n, id);
    return id;
}

const tb_pairkey *tb_pair_find(const an_tabari *t, uint32_t lit1, uint32_t lit2)
{
    uint32_t cap = t->pairs.n;
    if (!cap) return NULL;
    uint32_t h = (lit1 * 2654435761u ^ lit2 * 40503u) & (cap - 1);
    while (t->pairs.v[h].lit1) {
        if (t->pairs.v[h].lit1 == lit1 && t->pairs.v[h].lit2 == lit2) return &t->pairs.v[h];
        h = (h + 1) & (cap - 1);
    }
    return NULL;
}

uint32_t tb_code_find(const an_tabari *t, const char *p, size_t n)
{
    return map_find(&t->codemap, t, false, p, n);
}

uint32_t tb_code_intern(an_tabari *t, const char *p, size_t n)
{
    uint32_t id = tb_code_find(t, p, n);
    if (id) return id;
    if ((t->codemap.n + 1) * 2 > t->codemap.cap && !map_rehash(&t->codemap, t, false)) return 0;
    if (!TB_RESERVE(t->codes, 1)) return 0;
    uint32_t off = tb_pool_add(t, p, n);
    if (off == UINT32_MAX) return 0;
    id = t->codes.n++;
    t->codes.v[id] = off;
    map_insert(&t->codemap, p, n, id);
    return id;
}

/* ---- dates -------------------------------------------------------------------------- */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t tb_date_parse(const char *p, size_t n, bool yyyy)
{
    int v[8];
    if (n != 6 && n != 8) return INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return INT32_MIN;
        v[i] = p[i] - '0';
    }
    int y, m, d;
    if (n == 8) {
        y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
        m = v[4] * 10 + v[5];
        d = v[6] * 10 + v[7];
    } else {
        y = v[0] * 10 + v[1];
        y += y <= 30 ? 2000 : 1900;   /* TABARI's pivot: 00-30 are 2000-2030 */
        m = v[2] * 10 + v[3];
        d = v[4] * 10 + v[5];
    }
    (void)yyyy;
    if (m < 1 || m > 12 || d < 1 || d > 31) return INT32_MIN;
    return days_from_civil(y, m, d);
}

void tb_date_format(int32_t jd, bool yyyy, char out[16])
{
    int z = jd + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    unsigned uy = (unsigned)(y < 0 ? 0 : y) % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    if (yyyy) snprintf(out, 16, "%04u%02u%02u", uy, um, ud);
    else snprintf(out, 16, "%02u%02u%02u", uy % 100u, um, ud);
}

/* ---- lifetime ---------------------------------------------------------------------- */

void tb_options_default(tb_options *o)
{
    memset(o, 0, sizeof *o);
    o->min_lex = 7;                       /* TABARI: at least 8 words */
    o->sub_min = 2;
    o->sub_max = 10;
    o->sub_bmin = (int)AN_TABARI_MAX_WORDS + 2;   /* initial clauses are never dropped */
    o->sub_bmax = 0;
    o->sub_emin = 2;
    o->sub_emax = 10;
    o->fwd_id_loc = -1;
}

an_tabari *tb_new(void)
{
    an_tabari *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    tb_options_default(&t->opt);
    /* index 0 of each table is unused so that 0 can mean "none" */
    if (!TB_RESERVE(t->lits, 1) || !TB_RESERVE(t->codes, 1) || !TB_RESERVE(t->roots, 1) ||
        !TB_RESERVE(t->groups, 1) || !TB_RESERVE(t->actcodes, 1) || !TB_RESERVE(t->links, 1) ||
        !TB_RESERVE(t->issuecats, 1))
        goto fail;
    t->lits.n = t->codes.n = t->roots.n = t->groups.n = t->actcodes.n = t->links.n = 1;
    t->issuecats.n = 1;
    memset(&t->lits.v[0], 0, sizeof t->lits.v[0]);
    memset(&t->roots.v[0], 0, sizeof t->roots.v[0]);
    memset(&t->groups.v[0], 0, sizeof t->groups.v[0]);
    if (tb_pool_add(t, "", 0) == UINT32_MAX) goto fail;
    t->codes.v[0] = 0;
    t->code_null = tb_code_intern(t, "---", 3);
    t->code_complex = tb_code_intern(t, "+++", 3);
    t->code_discard = tb_code_intern(t, "###", 3);
    t->code_blank = tb_code_intern(t, "***", 3);
    t->code_eli = tb_code_intern(t, "~ELI", 4);
    if (!t->code_null || !t->code_complex || !t->code_discard || !t->code_blank || !t->code_eli)
        goto fail;
    return t;
fail:
    an_tabari_free(t);
    return NULL;
}

static int cmp_pat(const void *a, const void *b)
{
    const tb_pat *x = a, *y = b;
    if (x->group != y->group) return x->group < y->group ? -1 : 1;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

an_status tb_finish(an_tabari *t)
{
    /* patterns: longest first within each group, input order among equals */
    if (t->pats.n) qsort(t->pats.v, t->pats.n, sizeof *t->pats.v, cmp_pat);
    for (uint32_t g = 0; g < t->groups.n; g++) t->groups.v[g].n = 0;
    for (uint32_t i = 0; i < t->pats.n; i++) {
        tb_group *g = &t->groups.v[t->pats.v[i].group];
        if (!g->n) g->first = i;
        g->n++;
    }
    /* required literals: a pattern's words outside {...} alternatives (all must be in the
     * sentence for it to match); a synset member's first word */
    t->reqs.n = 0;
    for (uint32_t i = 0; i < t->pats.n; i++) {
        tb_pat *p = &t->pats.v[i];
        const tb_elem *e = t->elems.v + p->elem;
        bool member = t->groups.v[p->group].type == TB_SYNSET;
        p->req = t->reqs.n;
        p->nreq = 0;
        int depth = 0;
        for (uint32_t k = 0; k < p->nelem; k++) {
            if (e[k].kind == TB_E_OPEN) depth++;
            else if (e[k].kind == TB_E_CLOSE) depth--;
            else if ((e[k].kind == TB_E_LIT || e[k].kind == TB_E_SYN) && !depth) {
                if (!TB_RESERVE(t->reqs, 1)) return AN_NOMEM;
                t->reqs.v[t->reqs.n++] =
                    e[k].kind == TB_E_LIT ? e[k].id : (t->roots.v[e[k].id].code | TB_REQ_SYN);
                p->nreq++;
            }
            if (member) break;
        }
    }
    /* literal -> roots: linked lists to flat arrays, keeping dictionary order, split
     * into single / skipping roots, adjacent-pair roots and discard / issue phrases */
    t->lroots.n = t->laux.n = t->proots.n = 0;
    if (!TB_RESERVE(t->lroots, t->links.n + 1) || !TB_RESERVE(t->laux, t->links.n + 1))
        return AN_NOMEM;
    typedef struct { uint32_t lit1, lit2, root; } triple;
    triple *tr = malloc(((size_t)t->links.n + 1) * sizeof *tr);
    if (!tr) return AN_NOMEM;
    uint32_t ntr = 0;
    for (uint32_t l = 1; l < t->lits.n; l++) {
        tb_lit *lit = &t->lits.v[l];
        lit->roots = t->lroots.n;
        lit->aux = t->laux.n;
        lit->nroots = lit->naux = 0;
        for (uint32_t k = lit->link_head; k; k = t->links.v[k].next) {
            uint32_t rid = t->links.v[k].root;
            const tb_root *r = &t->roots.v[rid];
            const tb_elem *e = t->elems.v + r->elem;
            if (r->type == TB_DISCARD || r->type == TB_ISSUE) {
                t->laux.v[t->laux.n++] = rid;
                lit->naux++;
            } else if (r->type == TB_SYNSET || r->type == TB_NULL) {
                continue;
            } else if (r->nelem >= 2 && e[1].kind == TB_E_LIT && !(e[0].conn & TB_C_STEM)) {
                tr[ntr++] = (triple){ l, e[1].id, rid };
            } else {
                t->lroots.v[t->lroots.n++] = rid;
                lit->nroots++;
            }
        }
    }
    /* pairs: sort by key (root order kept within a key), then an open-addressing table */
    for (uint32_t i = 1; i < ntr; i++) {   /* tr is grouped by lit1 already: sort by lit2 */
        triple x = tr[i];
        uint32_t j = i;
        while (j > 0 && tr[j - 1].lit1 == x.lit1 && tr[j - 1].lit2 > x.lit2) { tr[j] = tr[j - 1]; j--; }
        tr[j] = x;
    }
    uint32_t nkeys = 0;
    for (uint32_t i = 0; i < ntr; i++)
        if (!i || tr[i].lit1 != tr[i - 1].lit1 || tr[i].lit2 != tr[i - 1].lit2) nkeys++;
    uint32_t cap = 16;
    while (cap < nkeys * 2 + 16) cap *= 2;
    t->pairs.n = 0;
    if (!TB_RESERVE(t->pairs, cap) || !TB_RESERVE(t->proots, ntr + 1)) { free(tr); return AN_NOMEM; }
    memset(t->pairs.v, 0, cap * sizeof *t->pairs.v);
    t->pairs.n = cap;
    for (uint32_t i = 0; i < ntr;) {
        uint32_t j = i;
        while (j < ntr && tr[j].lit1 == tr[i].lit1 && tr[j].lit2 == tr[i].lit2) {
            t->proots.v[t->proots.n + (j - i)] = tr[j].root;
            j++;
        }
        uint32_t h = (tr[i].lit1 * 2654435761u ^ tr[i].lit2 * 40503u) & (cap - 1);
        while (t->pairs.v[h].lit1) h = (h + 1) & (cap - 1);
        t->pairs.v[h] = (tb_pairkey){ tr[i].lit1, tr[i].lit2, t->proots.n, j - i };
        t->proots.n += j - i;
        i = j;
    }
    free(tr);
    t->finished = true;
    return AN_OK;
}

void an_tabari_free(an_tabari *t)
{
    if (!t) return;
    free(t->pool.v);
    free(t->lits.v);
    free(t->links.v);
    free(t->lroots.v);
    free(t->laux.v);
    free(t->proots.v);
    free(t->pairs.v);
    free(t->roots.v);
    free(t->elems.v);
    free(t->groups.v);
    free(t->pats.v);
    free(t->codes.v);
    free(t->actpairs.v);
    free(t->actalts.v);
    free(t->actcodes.v);
    free(t->issuecats.v);
    free(t->reqs.v);
    free(t->litmap.slot);
    free(t->codemap.slot);
    free(t);
}

size_t an_tabari_skipped(const an_tabari *t) { return t->skipped; }

const an_error *an_tabari_warning(const an_tabari *t)
{
    return t->skipped ? &t->warning : NULL;
}

void an_tabari_get_stats(const an_tabari *t, an_tabari_stats *st)
{
    st->roots = t->roots.n - 1;
    st->patterns = t->pats.n;
    st->literals = t->lits.n - 1;
    st->codes = t->codes.n - 1;
    st->bytes = (size_t)t->pool.cap + (size_t)t->lits.cap * sizeof *t->lits.v +
                (size_t)t->links.cap * sizeof *t->links.v +
                (size_t)t->lroots.cap * sizeof *t->lroots.v +
                (size_t)t->laux.cap * sizeof *t->laux.v + (size_t)t->proots.cap * sizeof *t->proots.v +
                (size_t)t->pairs.cap * sizeof *t->pairs.v +
                (size_t)t->roots.cap * sizeof *t->roots.v +
                (size_t)t->elems.cap * sizeof *t->elems.v +
                (size_t)t->groups.cap * sizeof *t->groups.v +
                (size_t)t->pats.cap * sizeof *t->pats.v +
                (size_t)t->codes.cap * sizeof *t->codes.v +
                (size_t)t->actpairs.cap * sizeof *t->actpairs.v +
                (size_t)t->actalts.cap * sizeof *t->actalts.v +
                (size_t)t->actcodes.cap * sizeof *t->actcodes.v +
                ((size_t)t->litmap.cap + t->codemap.cap) * sizeof(uint32_t);
}

/* ---- .options commands ------------------------------------------------------------- */

static char up(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 32) : c; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The integer after `key` in s (TABARI: first digits after the key); -1 if absent. */
static int opt_int(const char *s, const char *key)
{
    const char *p = strstr(s, key);
    if (!p) return -1;
    p += strlen(key);
    while (*p && !is_digit(*p)) p++;
    if (!*p) return -1;
    long v = strtol(p, NULL, 10);
    return v > 100000 ? 100000 : (int)v;
}

static bool opt_bool(const char *s)
{
    const char *p = strchr(s, '=');
    if (!p) return true;
    for (; *p; p++) {
        if (*p == 'T') return true;
        if (*p == 'F') return false;
    }
    return true;
}

/* "[CODE]" after key -> code id; 0 if absent; UINT32_MAX if malformed. */
static uint32_t opt_code(an_tabari *t, const char *s, const char *key)
{
    const char *p = strstr(s, key);
    if (!p) return 0;
    const char *b = strchr(p, '[');
    if (!b || b - p > 15) return UINT32_MAX;
    const char *e = strchr(b, ']');
    if (!e) return UINT32_MAX;
    b++;
    while (b < e && is_space(*b)) b++;
    while (e > b && is_space(e[-1])) e--;
    if (e == b || e - b > 15) return UINT32_MAX;
    return tb_code_intern(t, b, (size_t)(e - b));
}

an_status an_tabari_set_option(an_tabari *t, const char *line, size_t n, an_error *err)
{
    char s[512];
    while (n && is_space(*line)) { line++; n--; }
    while (n && is_space(line[n - 1])) n--;
    if (n >= sizeof s) n = sizeof s - 1;
    for (size_t i = 0; i < n; i++) s[i] = up(line[i]);
    s[n] = 0;
    char *colon = strchr(s, ':');
    if (!colon) {
        an_error_set(err, AN_USAGE, 0, 0, "option without ':': %.60s", s);
        return AN_USAGE;
    }
    const char *arg = colon + 1;
    while (is_space(*arg)) arg++;
    tb_options *o = &t->opt;
    switch (s[0]) {
    case 'C':
        if (s[3] == 'M') {            /* COMMA: */
            if (strstr(arg, "OFF")) {
                o->sub_min = o->sub_bmin = o->sub_emin = (int)AN_TABARI_MAX_WORDS + 2;
                o->sub_max = o->sub_bmax = o->sub_emax = 0;
            } else {
                char tmp[520];
                snprintf(tmp, sizeof tmp, " %s", arg);
                int v;
                if ((v = opt_int(tmp, " MIN")) >= 0) o->sub_min = v;
                if ((v = opt_int(tmp, " MAX")) >= 0) o->sub_max = v;
                if ((v = opt_int(tmp, "BMIN")) >= 0) o->sub_bmin = v;
                if ((v = opt_int(tmp, "BMAX")) >= 0) o->sub_bmax = v;
                if ((v = opt_int(tmp, "EMIN")) >= 0) o->sub_emin = v;
                if ((v = opt_int(tmp, "EMAX")) >= 0) o->sub_emax = v;
            }
        } else if (s[3] == 'P') {     /* COMPLEX: */
            char tmp[520];
            snprintf(tmp, sizeof tmp, " %s", arg);
            int v;
            o->cplx_verbs = (v = opt_int(tmp, " VERBS")) > 0 ? v : 0;
            o->cplx_actors = (v = opt_int(tmp, "ACTORS")) > 0 ? v : 0;
            o->cplx_pronouns = (v = opt_int(tmp, "PRONOUNS")) > 0 ? v : 0;
            o->cplx_conj = (v = opt_int(tmp, "CONJ")) > 0 ? v : 0;
            o->cplx_comma = (v = opt_int(tmp, "COMMA")) > 0 ? v : 0;
            o->cplx_late = (v = opt_int(tmp, "LATEVERB")) > 0 ? v : 0;
            o->noactprior = strstr(tmp, "ACTPRIOR") != NULL;
            o->noactafter = strstr(tmp, "ACTAFTER") != NULL;
            o->nosource = strstr(tmp, "NOSOURCE") != NULL;
            o->noverb = strstr(tmp, "NOVERB") != NULL;
            o->notarget = strstr(tmp, "NOTARGET") != NULL;
            o->noevent = strstr(tmp, "NOEVENT") != NULL;
        } else goto unknown;
        break;
    case 'D':                         /* DEFAULT: */
        if (strstr(arg, "OFF")) {
            o->def_src = o->def_tgt = o->def_prior = o->def_after = false;
            o->def_src_code = o->def_tgt_code = 0;
        }
        {
            uint32_t c = opt_code(t, arg, "SOURCE");
            if (c == UINT32_MAX) goto bad;
            if (c) {
                o->def_src = true;
                o->def_src_code = c;
                if (strstr(arg, "PRIOR")) o->def_prior = true;
            }
            c = opt_code(t, arg, "TARGET");
            if (c == UINT32_MAX) goto bad;
            if (c) {
                o->def_tgt = true;
                o->def_tgt_code = c;
                if (strstr(arg, "AFTER")) o->def_after = true;
            }
        }
        break;
    case 'F': {                       /* FORWARD: ^^*****NNN*SSS [DOC] [OFF] */
        o->forward = strchr(arg, 'S') && !strstr(arg, "OFF");
        const char *p = arg;
        while (*p == '^') p++;
        o->fwd_id_loc = (int)(p - arg);
        const char *e = p;
        while (*e && *e != ' ') e++;
        o->fwd_story_loc = o->fwd_sent_loc = -1;
        o->fwd_story_len = o->fwd_sent_len = 0;
        for (const char *q = arg; q < e; q++) {
            if (*q == 'N' && o->fwd_story_loc < 0) {
                o->fwd_story_loc = (int)(q - arg);
                while (q < e && *q == 'N') { o->fwd_story_len++; q++; }
                q--;
            } else if (*q == 'S' && o->fwd_sent_loc < 0) {
                o->fwd_sent_loc = (int)(q - arg);
                while (q < e && *q == 'S') { o->fwd_sent_len++; q++; }
                q--;
            }
        }
        break;
    }
    case 'L':                         /* LABEL: code=text — labels are not needed here */
    case 'O':                         /* OUTPUT: */
        break;
    case 'N':
        o->nonevents = strstr(arg, "TRUE") ? 1 : strstr(arg, "ONLY") ? 2 : 0;
        break;
    case 'S':                         /* SET: */
        if (strstr(arg, "CODE")) {
            o->code_mode = strstr(arg, "SEN") ? 1 : strstr(arg, "ALL") ? 2 : 0;
        } else if (strstr(arg, "YYYY")) o->yyyy = opt_bool(arg);
        else if (strstr(arg, "TIME")) o->time_shift = opt_bool(arg);
        else if (strstr(arg, "FBIS")) o->fbis = opt_bool(arg);
        else if (strstr(arg, "CONV")) o->conv_agents = opt_bool(arg);
        else if (strstr(arg, "DYAD")) o->no_dyad = !opt_bool(arg);   /* PETRARCH's require_dyad */
        else if (strstr(arg, "MINIM")) {
            int v = opt_int(arg, "MINIM");
            o->min_lex = (v < 0 ? 0 : v) - 1;
        } else if (strstr(arg, "HAIKU") || strstr(arg, "LABEL") || strstr(arg, "DUP") ||
                   strstr(arg, "SKIP") || strstr(arg, "USAGE") || strstr(arg, "MATCH"))
            break;
        else goto unknown;
        break;
    default:
        goto unknown;
    }
    return AN_OK;
unknown:
    an_error_set(err, AN_USAGE, 0, 0, "unknown option command: %.60s", s);
    return AN_USAGE;
bad:
    an_error_set(err, AN_USAGE, 0, 0, "malformed code in option: %.60s", s);
    return AN_USAGE;
}
